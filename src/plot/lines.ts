/**
 * Line charts (one or more series against a shared x), e.g. learning curves or temperature curves.
 * Deterministic SVG text.
 */
import { axes, CATEGORY_COLORS, esc, linearScale, logScale, r2, svgOpen, type Frame } from './svg.js';

export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  dashed?: boolean;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  width?: number;
  height?: number;
}

export function lineChartSvg(series: Series[], o: LineChartOptions): string {
  const f: Frame = {
    width: o.width ?? 720,
    height: o.height ?? 440,
    margin: { top: 40, right: 170, bottom: 52, left: 72 },
  };
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series)
    for (let i = 0; i < s.x.length; i++) {
      if (Number.isFinite(s.x[i]) && Number.isFinite(s.y[i]) && (!o.logY || s.y[i] > 0)) {
        xs.push(s.x[i]);
        ys.push(s.y[i]);
      }
    }
  const xd: [number, number] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  if (xd[0] === xd[1]) xd[1] = xd[0] + 1;
  let yd: [number, number] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (yd[0] === yd[1]) yd = [yd[0] - 1, yd[1] + 1];
  const x = linearScale(xd, [f.margin.left, f.width - f.margin.right]);
  const y = o.logY
    ? logScale([yd[0] / 1.1, yd[1] * 1.1], [f.height - f.margin.bottom, f.margin.top])
    : linearScale(yd, [f.height - f.margin.bottom, f.margin.top]);
  let s = svgOpen(f, o.title);
  s += `<text x="${f.margin.left}" y="24" font-size="16" font-weight="bold">${esc(o.title)}</text>\n`;
  s += axes(f, x, y, o.xLabel, o.yLabel, { x: false, y: Boolean(o.logY) });
  series.forEach((ser, k) => {
    const color = CATEGORY_COLORS[k % CATEGORY_COLORS.length];
    const pts: string[] = [];
    for (let i = 0; i < ser.x.length; i++) {
      if (!Number.isFinite(ser.x[i]) || !Number.isFinite(ser.y[i]) || (o.logY && ser.y[i] <= 0)) continue;
      pts.push(`${pts.length ? 'L' : 'M'}${r2(x(ser.x[i]))},${r2(y(ser.y[i]))}`);
    }
    const dash = ser.dashed ? ' stroke-dasharray="5 3"' : '';
    s += `<path class="series" data-name="${esc(ser.name)}" d="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="1.8"${dash}/>\n`;
    const ly = f.margin.top + 12 + k * 18;
    const lx = f.width - f.margin.right + 14;
    s += `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 18}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${dash}/>`;
    s += `<text x="${lx + 24}" y="${ly}">${esc(ser.name)}</text>\n`;
  });
  return s + '</svg>\n';
}
