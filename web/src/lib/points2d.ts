/**
 * A 2-D point set the student edits by clicking (left click: current class; shift-click: the other
 * class), drawn over a field (the model's output) with the decision line. Shared by the perceptron,
 * logistic and MLP classification pages.
 */
import { Chart, COLORS } from '../chart.js';
import { h } from '../dom.js';
import { Rng } from '../../../src/engine/random.js';

export interface LabeledPoint {
  x: number;
  y: number;
  /** 1 or 0 (class A or B). */
  label: 0 | 1;
}

export const CLASS_COLORS = [COLORS[1], COLORS[0]] as const;

export class PointsBoard {
  readonly el: HTMLDivElement;
  points: LabeledPoint[] = [];
  current: 0 | 1 = 1;
  private chart!: Chart;

  constructor(
    private readonly onchange: () => void,
    private readonly testid = 'board',
  ) {
    this.el = h('div', { class: 'board' });
  }

  /** Redraws: `field(x,y)` in [0,1] shades the background; `line` is the decision boundary (w1, w2, w0). */
  draw(field?: (x: number, y: number) => number, line?: [number, number, number]): void {
    const c = new Chart({
      x: { domain: [-1, 1], label: 'x₁' },
      y: { domain: [-1, 1], label: 'x₂' },
      width: 420,
      height: 420,
      testid: this.testid,
    });
    if (field) {
      const n = 60;
      const cv = document.createElement('canvas');
      cv.width = n;
      cv.height = n;
      const ctx = cv.getContext('2d')!;
      const img = ctx.createImageData(n, n);
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) {
          const v = Math.min(1, Math.max(0, field(-1 + (2 * (i + 0.5)) / n, 1 - (2 * (j + 0.5)) / n)));
          const k = 4 * (j * n + i);
          // blend between light red (class 0) and light blue (class 1)
          img.data[k] = Math.round(250 * (1 - v) + 205 * v);
          img.data[k + 1] = Math.round(215 * (1 - v) + 225 * v);
          img.data[k + 2] = Math.round(210 * (1 - v) + 248 * v);
          img.data[k + 3] = 255;
        }
      ctx.putImageData(img, 0, 0);
      c.image(cv.toDataURL(), -1, 1, -1, 1);
    }
    if (line) {
      const [w1, w2, w0] = line;
      const pts: [number, number][] = [];
      if (Math.abs(w2) > 1e-9) for (const x of [-1.2, 1.2]) pts.push([x, -(w1 * x + w0) / w2]);
      else if (Math.abs(w1) > 1e-9) for (const y of [-1.2, 1.2]) pts.push([-w0 / w1, y]);
      if (pts.length) c.line(pts, '#222', 2, { 'data-testid': 'decision-line' });
    }
    for (const p of this.points)
      c.point(p.x, p.y, CLASS_COLORS[p.label], 5, { stroke: '#fff', 'stroke-width': 1 });
    c.svg.addEventListener('click', (ev) => {
      const [x, y] = c.invert(ev);
      if (Math.abs(x) > 1 || Math.abs(y) > 1) return;
      this.points.push({ x, y, label: ev.shiftKey ? ((1 - this.current) as 0 | 1) : this.current });
      this.onchange();
    });
    c.svg.style.cursor = 'crosshair';
    this.chart = c;
    this.el.replaceChildren(c.svg);
  }

  get svg(): SVGSVGElement {
    return this.chart.svg;
  }

  /** Two Gaussian blobs (linearly separable when `overlap` is small). */
  randomBlobs(n: number, seed: number, overlap = 0.25): void {
    const rng = new Rng(seed);
    this.points = [];
    for (let i = 0; i < n; i++) {
      const label = (i % 2) as 0 | 1;
      const cx = label ? 0.4 : -0.4;
      const cy = label ? 0.3 : -0.3;
      this.points.push({
        x: clamp(cx + overlap * rng.normal()),
        y: clamp(cy + overlap * rng.normal()),
        label,
      });
    }
  }

  /** A problem no straight line separates: the inner disc vs the ring (or XOR with `xor`). */
  randomNonlinear(n: number, seed: number, kind: 'ring' | 'xor' | 'moons'): void {
    const rng = new Rng(seed);
    this.points = [];
    for (let i = 0; i < n; i++) {
      const x = rng.range(-1, 1);
      const y = rng.range(-1, 1);
      let label: 0 | 1;
      if (kind === 'ring') label = x * x + y * y < 0.36 ? 1 : 0;
      else if (kind === 'xor') label = x * y > 0 ? 1 : 0;
      else label = y > 0.5 * Math.sin(3 * x) ? 1 : 0;
      this.points.push({ x, y, label });
    }
  }
}

function clamp(v: number): number {
  return Math.max(-0.98, Math.min(0.98, v));
}
