/**
 * A few deterministic SVG building blocks for xtal's figures (axes, ticks, markers, text). Output depends
 * only on the data, so figures can be compared between runs and rendered to PNG without a browser.
 */
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';

export type Scale = ScaleContinuousNumeric<number, number>;

export interface Frame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export const FONT = 'DejaVu Sans, Arial, sans-serif';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Round for output so files do not carry float noise. */
export function r2(x: number): string {
  return (Math.round(x * 100) / 100).toString();
}

export function linearScale(domain: [number, number], range: [number, number]): Scale {
  return scaleLinear().domain(domain).range(range).nice();
}

export function logScale(domain: [number, number], range: [number, number]): Scale {
  return scaleLog().domain(domain).range(range);
}

/** A log-axis domain covering the positive finite values, padded to whole-ish decades. */
export function logDomain(values: number[], fallback: [number, number]): [number, number] {
  const v = values.filter((x) => Number.isFinite(x) && x > 0);
  if (v.length === 0) return fallback;
  const lo = Math.min(...v) / 1.15;
  const hi = Math.max(...v) * 1.15;
  return [Math.pow(10, Math.floor(Math.log10(lo) * 4) / 4), Math.pow(10, Math.ceil(Math.log10(hi) * 4) / 4)];
}

export function svgOpen(f: Frame, title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" ` +
    `viewBox="0 0 ${f.width} ${f.height}" font-family="${FONT}" font-size="12">\n` +
    `<title>${esc(title)}</title>\n<rect width="100%" height="100%" fill="white"/>\n`
  );
}

function tickLabel(v: number, log: boolean): string {
  if (log) {
    const e = Math.log10(v);
    if (Math.abs(e - Math.round(e)) > 1e-9) return '';
    return v >= 1 ? String(Math.round(v)) : String(Number(v.toPrecision(1)));
  }
  return String(Number(v.toPrecision(6)));
}

/** Bottom and left axes with ticks, grid lines and labels. */
export function axes(
  f: Frame,
  x: Scale,
  y: Scale,
  xLabel: string,
  yLabel: string,
  log: { x: boolean; y: boolean },
): string {
  const { margin: m, width: w, height: h } = f;
  let s = '<g class="axes" stroke="#000" fill="none">\n';
  s += `<line x1="${m.left}" y1="${h - m.bottom}" x2="${w - m.right}" y2="${h - m.bottom}"/>\n`;
  s += `<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${h - m.bottom}"/>\n</g>\n`;
  const xt = log.x ? logTicks(x) : x.ticks(8);
  const yt = log.y ? logTicks(y) : y.ticks(8);
  s += '<g class="grid" stroke="#e4e4e4">\n';
  for (const t of xt) s += `<line x1="${r2(x(t))}" y1="${m.top}" x2="${r2(x(t))}" y2="${h - m.bottom}"/>\n`;
  for (const t of yt) s += `<line x1="${m.left}" y1="${r2(y(t))}" x2="${w - m.right}" y2="${r2(y(t))}"/>\n`;
  s += '</g>\n<g class="ticks" fill="#000">\n';
  for (const t of xt) {
    const lab = tickLabel(t, log.x);
    s += `<line x1="${r2(x(t))}" y1="${h - m.bottom}" x2="${r2(x(t))}" y2="${h - m.bottom + (lab ? 6 : 3)}" stroke="#000"/>\n`;
    if (lab) s += `<text x="${r2(x(t))}" y="${h - m.bottom + 19}" text-anchor="middle">${lab}</text>\n`;
  }
  for (const t of yt) {
    const lab = tickLabel(t, log.y);
    s += `<line x1="${m.left - (lab ? 6 : 3)}" y1="${r2(y(t))}" x2="${m.left}" y2="${r2(y(t))}" stroke="#000"/>\n`;
    if (lab) s += `<text x="${m.left - 9}" y="${r2(y(t) + 4)}" text-anchor="end">${lab}</text>\n`;
  }
  s += '</g>\n';
  s += `<text x="${r2((m.left + w - m.right) / 2)}" y="${h - 8}" text-anchor="middle" font-size="14">${esc(xLabel)}</text>\n`;
  const cy = r2((m.top + h - m.bottom) / 2);
  s += `<text transform="translate(16 ${cy}) rotate(-90)" text-anchor="middle" font-size="14">${esc(yLabel)}</text>\n`;
  return s;
}

/** Ticks at 1, 2, 5 × 10^k inside the domain (labels only on the decades). */
function logTicks(s: Scale): number[] {
  const [a, b] = s.domain();
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(a)); e <= Math.ceil(Math.log10(b)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * Math.pow(10, e);
      if (v >= a * (1 - 1e-9) && v <= b * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}

/** A sequential colour (viridis-like, 5 stops) for t in [0, 1]. */
export function sequentialColor(t: number): string {
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const u = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  const c = stops[i].map((v, k) => Math.round(v + f * (stops[i + 1][k] - v)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export const CATEGORY_COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
];
