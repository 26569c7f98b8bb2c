/**
 * A line chart of several series on shared linear axes (tier-2 temperature curves: V(T)/V0, α(T), C_P(T)),
 * one colour per series with a legend. Non-finite points break a line instead of being drawn. Returns SVG.
 */
import { axes, CATEGORY_COLORS, esc, linearScale, r2, svgOpen, type Frame } from './svg.js';

export interface LineSeries {
  name: string;
  x: number[];
  y: number[];
  /** Dashed line (e.g. an extrapolated method next to a DFT one). */
  dashed?: boolean;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Small note under the title (e.g. the method label). */
  subtitle?: string;
}

export function lineChartSvg(series: LineSeries[], o: LineChartOptions): string {
  const f: Frame = {
    width: o.width ?? 760,
    height: o.height ?? 480,
    margin: { top: o.subtitle ? 56 : 40, right: 190, bottom: 52, left: 84 },
  };
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) {
    s.x.forEach((x, i) => {
      if (Number.isFinite(x) && Number.isFinite(s.y[i])) {
        xs.push(x);
        ys.push(s.y[i]);
      }
    });
  }
  const ext = (v: number[], fb: [number, number]): [number, number] => {
    if (!v.length) return fb;
    let lo = Math.min(...v);
    let hi = Math.max(...v);
    if (lo === hi) {
      const d = Math.abs(lo) * 0.05 || 1;
      lo -= d;
      hi += d;
    }
    return [lo, hi];
  };
  const x = linearScale(ext(xs, [0, 1]), [f.margin.left, f.width - f.margin.right]);
  const y = linearScale(ext(ys, [0, 1]), [f.height - f.margin.bottom, f.margin.top]);
  let s = svgOpen(f, o.title);
  s += `<text x="${f.margin.left}" y="24" font-size="16" font-weight="bold">${esc(o.title)}</text>\n`;
  if (o.subtitle)
    s += `<text x="${f.margin.left}" y="42" font-size="12" fill="#555">${esc(o.subtitle)}</text>\n`;
  s += axes(f, x, y, o.xLabel, o.yLabel, { x: false, y: false });
  s += '<g class="series" fill="none" stroke-width="1.6">\n';
  series.forEach((ser, k) => {
    const c = CATEGORY_COLORS[k % CATEGORY_COLORS.length];
    let d = '';
    let pen = false;
    ser.x.forEach((xv, i) => {
      const yv = ser.y[i];
      if (!Number.isFinite(xv) || !Number.isFinite(yv)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${r2(x(xv))},${r2(y(yv))}`;
      pen = true;
    });
    if (d)
      s += `<path d="${d}" stroke="${c}"${ser.dashed ? ' stroke-dasharray="5 3"' : ''}><title>${esc(ser.name)}</title></path>\n`;
  });
  s += '</g>\n<g class="legend" font-size="11">\n';
  const x0 = f.width - f.margin.right + 16;
  series.forEach((ser, k) => {
    const c = CATEGORY_COLORS[k % CATEGORY_COLORS.length];
    const yy = f.margin.top + 8 + k * 16;
    s += `<line x1="${x0}" y1="${yy - 4}" x2="${x0 + 18}" y2="${yy - 4}" stroke="${c}" stroke-width="2"${ser.dashed ? ' stroke-dasharray="5 3"' : ''}/>\n`;
    s += `<text x="${x0 + 24}" y="${yy}">${esc(ser.name.length > 26 ? ser.name.slice(0, 25) + '…' : ser.name)}</text>\n`;
  });
  return s + '</g>\n</svg>\n';
}
