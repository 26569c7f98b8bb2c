/**
 * SVG to PNG without a browser (resvg), with the DejaVu fonts shipped as an npm dependency so text renders
 * the same on every machine.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readdirSync } from 'node:fs';

const require = createRequire(import.meta.url);

let fontFiles: string[] | null = null;

function fonts(): string[] {
  if (fontFiles === null) {
    const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontFiles = readdirSync(dir)
      .filter((f) => /^DejaVuSans(-Bold)?\.ttf$/.test(f))
      .map((f) => join(dir, f));
  }
  return fontFiles;
}

/** Render SVG text to PNG bytes at the given scale (2 = twice the SVG's pixel size). */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const { Resvg } = (await import('@resvg/resvg-js')) as typeof import('@resvg/resvg-js');
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: fonts(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    background: 'white',
  });
  return r.render().asPng();
}
