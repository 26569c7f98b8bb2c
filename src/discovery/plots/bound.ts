/**
 * The thermal-expansion bound diagram (science.md §3): α_L·E·V0/(3k_B) against Poisson's ratio ν. With the
 * Dulong–Petit heat capacity the lecture bound becomes the universal curve f(ν) = 2(1+ν)(1−2ν)/(2−3ν) and
 * the Belomestnykh–Tesleva estimate (3/4)f(ν); both are drawn and labelled, with their common maximum at
 * ν* = (4−√10)/6 marked. Screened structures are drawn as points (hollow for metals). Returns SVG text.
 */
import {
  expansionBoundFactorLecture,
  expansionFactorBelomestnykh,
  EXPANSION_BOUND_FACTOR_MAX,
  POISSON_AT_MAXIMUM,
} from '../../physics/expansion-bound.js';
import { axes, esc, linearScale, r2, svgOpen, type Frame } from './svg.js';
import { labelsSvg, placeLabels } from '../../plot/labels.js';

export interface BoundPoint {
  id: string;
  poissonRatio: number;
  /** α_L·E·V0/(3k_B), dimensionless. */
  reducedAlphaE: number;
  label?: string;
  hollow?: boolean;
}

export interface BoundOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Temperature of the points, for the subtitle. */
  temperatureK?: number;
}

export function expansionBoundSvg(points: BoundPoint[], o: BoundOptions = {}): string {
  const f: Frame = {
    width: o.width ?? 760,
    height: o.height ?? 520,
    margin: { top: 56, right: 40, bottom: 56, left: 72 },
  };
  const title = o.title ?? 'Thermal expansion × stiffness against Poisson ratio';
  const ok = points.filter((p) => Number.isFinite(p.poissonRatio) && Number.isFinite(p.reducedAlphaE));
  const nuLo = Math.min(-0.05, ...ok.map((p) => p.poissonRatio));
  const x = linearScale([Math.max(-1, nuLo), 0.5], [f.margin.left, f.width - f.margin.right]);
  const yMax = Math.max(1.15, ...ok.map((p) => p.reducedAlphaE * 1.05));
  const y = linearScale([0, yMax], [f.height - f.margin.bottom, f.margin.top]);
  let s = svgOpen(f, title);
  s += `<text x="${f.margin.left}" y="24" font-size="16" font-weight="bold">${esc(title)}</text>\n`;
  s += `<text x="${f.margin.left}" y="42" fill="#555">${esc(
    `points: Debye–Grüneisen model${o.temperatureK !== undefined ? ` at ${o.temperatureK} K` : ''}; curves: Dulong–Petit limit`,
  )}</text>\n`;
  s += axes(f, x, y, 'Poisson ratio ν', 'α_L·E·V0 / (3 k_B)', { x: false, y: false });
  const [d0, d1] = x.domain();
  const curve = (fn: (nu: number) => number): string => {
    let d = '';
    const n = 200;
    for (let i = 0; i <= n; i++) {
      const nu = d0 + ((d1 - d0) * i) / n;
      const v = fn(nu);
      if (!Number.isFinite(v)) continue;
      d += `${d ? 'L' : 'M'}${r2(x(nu))},${r2(y(v))}`;
    }
    return d;
  };
  s += `<path class="bound-lecture" d="${curve(expansionBoundFactorLecture)}" fill="none" stroke="#b22222" stroke-width="2"/>\n`;
  s += `<path class="bound-belomestnykh" d="${curve(expansionFactorBelomestnykh)}" fill="none" stroke="#1f4e9c" stroke-width="2" stroke-dasharray="7 4"/>\n`;
  const lx = x(-0.02);
  s += `<text x="${r2(lx)}" y="${r2(y(expansionBoundFactorLecture(-0.02)) - 8)}" fill="#b22222">bound (lecture) f(ν)</text>\n`;
  s += `<text x="${r2(lx)}" y="${r2(y(expansionFactorBelomestnykh(-0.02)) + 18)}" fill="#1f4e9c">estimate (Belomestnykh) ¾ f(ν)</text>\n`;
  const xs = r2(x(POISSON_AT_MAXIMUM));
  s += `<line class="nu-star" x1="${xs}" y1="${f.margin.top}" x2="${xs}" y2="${f.height - f.margin.bottom}" stroke="#444" stroke-dasharray="2 3"/>\n`;
  s += `<circle cx="${xs}" cy="${r2(y(EXPANSION_BOUND_FACTOR_MAX))}" r="4" fill="#b22222"/>\n`;
  s += `<circle cx="${xs}" cy="${r2(y(0.75 * EXPANSION_BOUND_FACTOR_MAX))}" r="4" fill="#1f4e9c"/>\n`;
  s += `<text x="${Number(xs) + 6}" y="${f.margin.top + 12}" fill="#444">ν* = (4−√10)/6 ≈ ${POISSON_AT_MAXIMUM.toFixed(4)}, f(ν*) = ${EXPANSION_BOUND_FACTOR_MAX.toFixed(4)}</text>\n`;
  s += '<g class="points" stroke-width="1">\n';
  for (const p of ok) {
    const c = '#2a7f62';
    s += `<circle cx="${r2(x(p.poissonRatio))}" cy="${r2(y(p.reducedAlphaE))}" r="3" fill="${p.hollow ? 'none' : c}" stroke="${c}" fill-opacity="0.6"><title>${esc(`${p.id}: ν ${p.poissonRatio.toFixed(3)}, α_L·E·V0/3k_B ${p.reducedAlphaE.toFixed(3)}`)}</title></circle>\n`;
  }
  s += '</g>\n<g class="labels" font-size="11">\n';
  const area = {
    left: f.margin.left,
    right: f.width - f.margin.right,
    top: f.margin.top,
    bottom: f.height - f.margin.bottom,
  };
  const requests = ok
    .filter((p) => p.label)
    .map((p) => ({ text: p.label!, px: x(p.poissonRatio), py: y(p.reducedAlphaE) }));
  s += labelsSvg(placeLabels(requests, area), esc, r2);
  return s + '</g>\n</svg>\n';
}
