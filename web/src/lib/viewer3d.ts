/**
 * 3-D view of a structure with its unit cell, drawn by 3Dmol.js (bundled, loaded on demand). The
 * structure goes in as a P1 CIF written by xtal. Without WebGL the box explains that instead.
 */
import type { Structure } from '../../../src/structure/structure.js';
import { writeStructure } from '../../../src/structure/io/convert.js';
import { h } from '../dom.js';
import { t, tr } from '../i18n.js';

export interface Viewer3d {
  el: HTMLElement;
  show(s: Structure, opts?: { replicate?: boolean; highlight?: number | null }): Promise<void>;
  dispose(): void;
}

export function viewer3d(testid = 'viewer3d'): Viewer3d {
  const el = h('div', { class: 'viewer3d', 'data-testid': testid });
  let viewer: { clear(): void; render(): void; [k: string]: unknown } | null = null;
  let failed = false;
  return {
    el,
    async show(s, opts = {}) {
      if (failed) return;
      try {
        const $3Dmol = await import('3dmol');
        if (!viewer) {
          const probe = document.createElement('canvas');
          if (!probe.getContext('webgl2') && !probe.getContext('webgl')) throw new Error('no WebGL');
          viewer = $3Dmol.createViewer(el, { backgroundColor: 'white' }) as unknown as typeof viewer;
        }
        const v = viewer as unknown as import('3dmol').GLViewer;
        v.clear();
        const m = v.addModel(writeStructure(s, 'cif'), 'cif');
        v.setStyle(
          {},
          { sphere: { scale: 0.28, colorscheme: 'Jmol' }, stick: { radius: 0.12, colorscheme: 'Jmol' } },
        );
        if (opts.highlight !== undefined && opts.highlight !== null)
          v.setStyle(
            { index: opts.highlight },
            { sphere: { scale: 0.45, color: 'magenta' }, stick: { radius: 0.12 } },
          );
        v.addUnitCell(m, { box: { color: '#555' }, alabel: 'a', blabel: 'b', clabel: 'c' });
        if (opts.replicate) v.replicateUnitCell(2, 2, 2, m, true);
        v.zoomTo();
        v.render();
        el.setAttribute('data-atoms', String(s.sites.length));
      } catch (e) {
        failed = true;
        el.replaceChildren(
          h(
            'p',
            { class: 'note', 'data-testid': 'viewer3d-fallback' },
            t(tr('Трёхмерный вид недоступен (нужен WebGL): ', '3-D view unavailable (needs WebGL): ')) +
              String((e as Error).message),
          ),
        );
      }
    },
    dispose() {
      viewer?.clear();
      viewer = null;
    },
  };
}
