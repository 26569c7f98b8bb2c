/** Draws grey-level images (values in [0,1], or any range with `normalise`) onto scaled-up canvases. */
import { h } from '../dom.js';

export function imageCanvas(
  data: ArrayLike<number>,
  w: number,
  hgt: number,
  scale = 5,
  normalise = false,
  offset = 0,
): HTMLCanvasElement {
  const c = h('canvas', { class: 'pix', width: w, height: hgt });
  c.style.width = `${w * scale}px`;
  c.style.height = `${hgt * scale}px`;
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(w, hgt);
  let lo = 0;
  let hi = 1;
  if (normalise) {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < w * hgt; i++) {
      lo = Math.min(lo, data[offset + i]);
      hi = Math.max(hi, data[offset + i]);
    }
    if (hi <= lo) hi = lo + 1;
  }
  for (let i = 0; i < w * hgt; i++) {
    const v = Math.round(255 * Math.min(1, Math.max(0, (data[offset + i] - lo) / (hi - lo))));
    img.data[4 * i] = 255 - v;
    img.data[4 * i + 1] = 255 - v;
    img.data[4 * i + 2] = 255 - Math.round(v * 0.6);
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return c;
}
