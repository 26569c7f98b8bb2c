/** Shared page pieces: a training-status line and a loss-curve chart that grows as progress arrives. */
import { Chart, COLORS } from '../chart.js';
import { h } from '../dom.js';
import { fmt, t, tr, type L } from '../i18n.js';

export function lossChart(
  series: Array<{ label: string; points: [number, number][]; color?: string; dash?: boolean }>,
  opts: { xLabel: L; yLabel: string; log?: boolean; testid?: string; width?: number; height?: number },
): SVGSVGElement {
  const all = series.flatMap((s) => s.points);
  const xmax = Math.max(1, ...all.map((p) => p[0]));
  const ys = all.map((p) => p[1]).filter((y) => Number.isFinite(y) && (!opts.log || y > 0));
  let ylo = ys.length ? Math.min(...ys) : 0.01;
  let yhi = ys.length ? Math.max(...ys) : 1;
  if (opts.log) {
    ylo = Math.max(1e-6, ylo / 1.5);
    yhi = Math.max(yhi * 1.5, ylo * 10);
  } else {
    ylo = Math.min(0, ylo);
    yhi = yhi > ylo ? yhi * 1.05 : ylo + 1;
  }
  const c = new Chart({
    x: { domain: [0, xmax], label: t(opts.xLabel) },
    y: {
      domain: [ylo, yhi],
      label: opts.yLabel,
      log: opts.log,
      format: opts.log ? (v) => (/^1/.test(v.toExponential()) ? fmt(v, 2) : '') : undefined,
    },
    width: opts.width ?? 480,
    height: opts.height ?? 260,
    testid: opts.testid,
  });
  series.forEach((s, i) => {
    const pts = opts.log ? s.points.filter((p) => p[1] > 0) : s.points;
    c.line(pts, s.color ?? COLORS[i % COLORS.length], 2, s.dash ? { 'stroke-dasharray': '6 4' } : {});
  });
  if (series.length > 1)
    c.legend(series.map((s, i) => ({ label: s.label, color: s.color ?? COLORS[i % COLORS.length] })));
  return c.svg;
}

export function status(testid: string): HTMLSpanElement {
  return h('span', { class: 'stat', 'data-testid': testid });
}

export const TRAIN = tr('Обучить', 'Train');
export const STOP = tr('Стоп', 'Stop');
