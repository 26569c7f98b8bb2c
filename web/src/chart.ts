/**
 * A small SVG chart: linear or log axes with ticks (d3 scales), lines, points, labels and shaded regions.
 * Figures redraw by calling `clear()` and drawing again; `invert` maps a mouse position back to data.
 */
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';
import { s } from './dom.js';

export interface AxisSpec {
  domain: [number, number];
  label?: string;
  log?: boolean;
  ticks?: number;
  format?: (x: number) => string;
}

export interface ChartSpec {
  width?: number;
  height?: number;
  x: AxisSpec;
  y: AxisSpec;
  margin?: { top: number; right: number; bottom: number; left: number };
  testid?: string;
}

export const COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
];

export class Chart {
  readonly svg: SVGSVGElement;
  readonly layer: SVGGElement;
  readonly x: ScaleContinuousNumeric<number, number>;
  readonly y: ScaleContinuousNumeric<number, number>;
  readonly width: number;
  readonly height: number;
  private readonly axes: SVGGElement;

  constructor(readonly spec: ChartSpec) {
    this.width = spec.width ?? 560;
    this.height = spec.height ?? 360;
    const m = spec.margin ?? { top: 14, right: 16, bottom: 44, left: 58 };
    this.x = (spec.x.log ? scaleLog() : scaleLinear())
      .domain(spec.x.domain)
      .range([m.left, this.width - m.right]);
    this.y = (spec.y.log ? scaleLog() : scaleLinear())
      .domain(spec.y.domain)
      .range([this.height - m.bottom, m.top]);
    this.svg = s('svg', {
      viewBox: `0 0 ${this.width} ${this.height}`,
      class: 'chart',
      role: 'img',
    });
    if (spec.testid) this.svg.setAttribute('data-testid', spec.testid);
    const clipId = `clip${Math.random().toString(36).slice(2)}`;
    const defs = s(
      'defs',
      {},
      s(
        'clipPath',
        { id: clipId },
        s('rect', {
          x: m.left,
          y: m.top,
          width: this.width - m.left - m.right,
          height: this.height - m.top - m.bottom,
        }),
      ),
    );
    this.axes = s('g', { class: 'axes' });
    this.layer = s('g', { 'clip-path': `url(#${clipId})` });
    this.svg.append(defs, this.axes, this.layer);
    this.drawAxes(m);
  }

  private drawAxes(m: { top: number; right: number; bottom: number; left: number }): void {
    const { x, y } = this;
    const x0 = m.left;
    const y0 = this.height - m.bottom;
    this.axes.append(
      s('rect', {
        x: x0,
        y: m.top,
        width: this.width - m.left - m.right,
        height: y0 - m.top,
        class: 'plot-bg',
      }),
    );
    const fx = this.spec.x.format ?? x.tickFormat(this.spec.x.ticks ?? 6);
    for (const v of x.ticks(this.spec.x.ticks ?? 6)) {
      const px = x(v);
      this.axes.append(s('line', { x1: px, x2: px, y1: m.top, y2: y0, class: 'grid' }));
      const label = fx(v);
      if (label)
        this.axes.append(s('text', { x: px, y: y0 + 16, 'text-anchor': 'middle', class: 'tick' }, label));
    }
    const fy = this.spec.y.format ?? y.tickFormat(this.spec.y.ticks ?? 6);
    for (const v of y.ticks(this.spec.y.ticks ?? 6)) {
      const py = y(v);
      this.axes.append(s('line', { x1: x0, x2: this.width - m.right, y1: py, y2: py, class: 'grid' }));
      const label = fy(v);
      if (label)
        this.axes.append(s('text', { x: x0 - 6, y: py + 4, 'text-anchor': 'end', class: 'tick' }, label));
    }
    if (this.spec.x.label)
      this.axes.append(
        s(
          'text',
          {
            x: (x0 + this.width - m.right) / 2,
            y: this.height - 8,
            'text-anchor': 'middle',
            class: 'axis-label',
          },
          this.spec.x.label,
        ),
      );
    if (this.spec.y.label)
      this.axes.append(
        s(
          'text',
          {
            x: 14,
            y: (m.top + y0) / 2,
            'text-anchor': 'middle',
            class: 'axis-label',
            transform: `rotate(-90 14 ${(m.top + y0) / 2})`,
          },
          this.spec.y.label,
        ),
      );
  }

  clear(): void {
    this.layer.replaceChildren();
  }

  line(
    points: ArrayLike<readonly [number, number]>,
    color = COLORS[0],
    width = 2,
    attrs: Record<string, string | number> = {},
  ): SVGPathElement {
    let d = '';
    let pen = false;
    for (let i = 0; i < points.length; i++) {
      const [a, b] = points[i];
      const px = this.x(a);
      const py = this.y(b);
      if (!Number.isFinite(px) || !Number.isFinite(py)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${px.toFixed(2)},${py.toFixed(2)}`;
      pen = true;
    }
    const path = s('path', { d, fill: 'none', stroke: color, 'stroke-width': width, ...attrs });
    this.layer.append(path);
    return path;
  }

  point(
    a: number,
    b: number,
    color = COLORS[0],
    r = 4,
    attrs: Record<string, string | number> = {},
  ): SVGCircleElement {
    const c = s('circle', { cx: this.x(a), cy: this.y(b), r, fill: color, ...attrs });
    this.layer.append(c);
    return c;
  }

  text(a: number, b: number, label: string, attrs: Record<string, string | number> = {}): SVGTextElement {
    const el = s('text', { x: this.x(a) + 5, y: this.y(b) - 5, class: 'mark-label', ...attrs }, label);
    this.layer.append(el);
    return el;
  }

  /** A filled polygon in data coordinates. */
  area(points: ArrayLike<readonly [number, number]>, color: string, opacity = 0.15): SVGPathElement {
    let d = '';
    for (let i = 0; i < points.length; i++)
      d += `${i ? 'L' : 'M'}${this.x(points[i][0])},${this.y(points[i][1])}`;
    const path = s('path', { d: d + 'Z', fill: color, 'fill-opacity': opacity, stroke: 'none' });
    this.layer.append(path);
    return path;
  }

  /** An image (e.g. a heat map canvas) stretched over the data rectangle [x0,x1]×[y0,y1]. */
  image(href: string, x0: number, x1: number, y0: number, y1: number): void {
    const px0 = this.x(x0);
    const px1 = this.x(x1);
    const py0 = this.y(y1);
    const py1 = this.y(y0);
    this.layer.append(
      s('image', { href, x: px0, y: py0, width: px1 - px0, height: py1 - py0, preserveAspectRatio: 'none' }),
    );
  }

  /** Data coordinates of a mouse event on the chart. */
  invert(ev: MouseEvent): [number, number] {
    const r = this.svg.getBoundingClientRect();
    const px = ((ev.clientX - r.left) / r.width) * this.width;
    const py = ((ev.clientY - r.top) / r.height) * this.height;
    return [this.x.invert(px), this.y.invert(py)];
  }

  legend(items: Array<{ label: string; color: string }>, at: 'tr' | 'tl' | 'br' = 'tr'): void {
    const m = this.spec.margin ?? { top: 14, right: 16, bottom: 44, left: 58 };
    const longest = Math.max(...items.map((it) => it.label.length));
    const x = at === 'tl' ? m.left + 10 : this.width - m.right - Math.min(this.width / 2, 24 + 7.4 * longest);
    let y = at === 'br' ? this.height - m.bottom - 16 * items.length : m.top + 14;
    for (const it of items) {
      this.layer.append(s('rect', { x, y: y - 9, width: 12, height: 4, fill: it.color }));
      this.layer.append(s('text', { x: x + 16, y: y - 3, class: 'legend' }, it.label));
      y += 16;
    }
  }
}

/** A heat map of f over a rectangle as a data URL (for Chart.image); colour from a blue–white–red ramp. */
export function heatmap(
  f: (x: number, y: number) => number,
  xr: [number, number],
  yr: [number, number],
  n = 120,
  transform: (v: number) => number = (v) => v,
): string {
  const c = document.createElement('canvas');
  c.width = n;
  c.height = n;
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(n, n);
  const vals = new Float64Array(n * n);
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const x = xr[0] + ((i + 0.5) / n) * (xr[1] - xr[0]);
      const y = yr[1] - ((j + 0.5) / n) * (yr[1] - yr[0]);
      const v = transform(f(x, y));
      vals[j * n + i] = v;
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  for (let k = 0; k < n * n; k++) {
    const u = hi > lo ? (vals[k] - lo) / (hi - lo) : 0.5;
    const [r, g, b] = ramp(u);
    img.data[4 * k] = r;
    img.data[4 * k + 1] = g;
    img.data[4 * k + 2] = b;
    img.data[4 * k + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return c.toDataURL();
}

/** Perceptually ordered ramp: dark blue → light yellow. */
export function ramp(u: number): [number, number, number] {
  const v = Math.min(1, Math.max(0, u));
  const stops: [number, number, number][] = [
    [48, 18, 59],
    [40, 120, 200],
    [90, 200, 170],
    [240, 230, 120],
    [255, 250, 220],
  ];
  const x = v * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((k) => Math.round(stops[i][k] + f * (stops[i + 1][k] - stops[i][k]))) as [
    number,
    number,
    number,
  ];
}
