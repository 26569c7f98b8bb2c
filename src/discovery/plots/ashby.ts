/**
 * The Ashby diagram of screening: Vickers hardness against fracture toughness on log-log axes (after
 * Mazhnik & Oganov, J. Appl. Phys. 128, 075102 (2020)), with the 40 GPa superhard line and the 20 GPa hard
 * line, the Pareto front of (toughness, hardness), labelled reference materials, and points coloured by a
 * chosen quantity. Returns SVG text.
 */
import { paretoFront } from '../pareto.js';
import { labelsSvg, placeLabels, textBoxEndingAt, type Box } from '../../plot/labels.js';
import {
  axes,
  CATEGORY_COLORS,
  esc,
  logDomain,
  logScale,
  r2,
  sequentialColor,
  svgOpen,
  type Frame,
} from './svg.js';

export interface AshbyPoint {
  id: string;
  toughnessMPaM05: number;
  hardnessGPa: number;
  /** Value used for the colour: a number (continuous scale) or a category name. */
  color?: number | string;
  /** Text drawn next to the point (reference materials, top candidates). */
  label?: string;
  /** Drawn hollow, e.g. metals where the models are not meant to apply. */
  hollow?: boolean;
}

export interface AshbyOptions {
  title?: string;
  /** Legend title for the colour, e.g. "bulk modulus (GPa)". */
  colorLabel?: string;
  width?: number;
  height?: number;
  superhardGPa?: number;
  hardGPa?: number;
  pareto?: boolean;
}

export function ashbySvg(points: AshbyPoint[], options: AshbyOptions = {}): string {
  const f: Frame = {
    width: options.width ?? 760,
    height: options.height ?? 560,
    margin: { top: 40, right: 170, bottom: 52, left: 64 },
  };
  const title = options.title ?? 'Hardness vs fracture toughness';
  const ok = points.filter(
    (p) => p.hardnessGPa > 0 && p.toughnessMPaM05 > 0 && Number.isFinite(p.hardnessGPa + p.toughnessMPaM05),
  );
  const superhard = options.superhardGPa ?? 40;
  const hard = options.hardGPa ?? 20;
  const xd = logDomain(
    ok.map((p) => p.toughnessMPaM05),
    [0.1, 10],
  );
  const yd = logDomain([...ok.map((p) => p.hardnessGPa), superhard * 1.3], [1, 100]);
  const x = logScale(xd, [f.margin.left, f.width - f.margin.right]);
  const y = logScale(yd, [f.height - f.margin.bottom, f.margin.top]);
  let s = svgOpen(f, title);
  s += `<text x="${f.margin.left}" y="24" font-size="16" font-weight="bold">${esc(title)}</text>\n`;
  s += axes(f, x, y, 'Fracture toughness K_IC (MPa·m^1/2)', 'Vickers hardness H_V (GPa)', {
    x: true,
    y: true,
  });

  const guideBoxes: Box[] = [];
  // Each guide's name goes above its line at the right end, else where it covers no point: above at the
  // left end, then below at the right or the left end.
  const dots: Box[] = ok.map((p) => {
    const [cx, cy] = [x(p.toughnessMPaM05), y(p.hardnessGPa)];
    return [cx - 5, cy - 5, cx + 5, cy + 5];
  });
  const hits = (b: Box): boolean =>
    dots.some((d) => d[0] < b[2] && b[0] < d[2] && d[1] < b[3] && b[1] < d[3]);
  for (const [level, name, dash] of [
    [superhard, `superhard (${superhard} GPa)`, '6 4'],
    [hard, `hard (${hard} GPa)`, '2 4'],
  ] as Array<[number, string, string]>) {
    if (level < yd[0] || level > yd[1]) continue;
    const yy = r2(y(level));
    s += `<line class="guide" x1="${f.margin.left}" y1="${yy}" x2="${f.width - f.margin.right}" y2="${yy}" stroke="#b22222" stroke-dasharray="${dash}"/>\n`;
    const right = f.width - f.margin.right - 4;
    const left = f.margin.left + 4;
    const width = -textBoxEndingAt(0, 0, name)[0]; // a name's box that ends at x = 0 starts at -width
    const spots = [
      { x: right, y: Number(yy) - 5, end: true },
      { x: left, y: Number(yy) - 5, end: false },
      { x: right, y: Number(yy) + 14, end: true },
      { x: left, y: Number(yy) + 14, end: false },
    ].map((c) => ({ ...c, box: textBoxEndingAt(c.end ? c.x : c.x + width, c.y, name) }));
    const spot = spots.find((c) => !hits(c.box)) ?? spots[0];
    s += `<text x="${spot.x}" y="${spot.y}" text-anchor="${spot.end ? 'end' : 'start'}" fill="#b22222">${esc(name)}</text>\n`;
    guideBoxes.push(spot.box);
  }

  const color = colorFunction(ok);
  s += '<g class="points" stroke-width="1.2">\n';
  for (const p of ok) {
    const c = color.of(p);
    const fill = p.hollow ? 'none' : c;
    s += `<circle cx="${r2(x(p.toughnessMPaM05))}" cy="${r2(y(p.hardnessGPa))}" r="4" fill="${fill}" stroke="${c}" fill-opacity="0.75"><title>${esc(`${p.id}: H ${p.hardnessGPa.toFixed(1)} GPa, K_IC ${p.toughnessMPaM05.toFixed(2)} MPa·m^1/2`)}</title></circle>\n`;
  }
  s += '</g>\n';

  // The front is drawn over the structures the models apply to (hollow points, e.g. metals, are left out).
  const frontPoints = ok.filter((p) => !p.hollow);
  let frontDrawn = false;
  if (options.pareto !== false && frontPoints.length > 1) {
    const front = paretoFront(frontPoints.map((p) => [p.toughnessMPaM05, p.hardnessGPa]));
    // One point dominating all others is no line: then neither the path nor its legend entry is drawn.
    frontDrawn = front.length > 1;
    const path = front
      .map(
        (i, k) =>
          `${k ? 'L' : 'M'}${r2(x(frontPoints[i].toughnessMPaM05))},${r2(y(frontPoints[i].hardnessGPa))}`,
      )
      .join(' ');
    if (frontDrawn)
      s += `<path class="pareto" d="${path}" fill="none" stroke="#222" stroke-width="1.5" stroke-dasharray="1 0"/>\n`;
  }

  s += '<g class="labels" font-size="11">\n';
  const area = {
    left: f.margin.left,
    right: f.width - f.margin.right,
    top: f.margin.top,
    bottom: f.height - f.margin.bottom,
  };
  const requests = ok
    .filter((p) => p.label)
    .map((p) => ({ text: p.label!, px: x(p.toughnessMPaM05), py: y(p.hardnessGPa) }));
  s += labelsSvg(placeLabels(requests, area, guideBoxes), esc, r2);
  s += '</g>\n';
  s += legend(
    f,
    color,
    options.colorLabel,
    ok.some((p) => p.hollow),
    frontDrawn,
  );
  return s + '</svg>\n';
}

interface ColorFunction {
  of(p: AshbyPoint): string;
  kind: 'none' | 'continuous' | 'category';
  min: number;
  max: number;
  categories: string[];
}

function colorFunction(points: AshbyPoint[]): ColorFunction {
  const nums = points
    .map((p) => p.color)
    .filter((c): c is number => typeof c === 'number' && Number.isFinite(c));
  const cats = [
    ...new Set(points.map((p) => p.color).filter((c): c is string => typeof c === 'string')),
  ].sort();
  if (cats.length) {
    return {
      kind: 'category',
      min: 0,
      max: 0,
      categories: cats,
      of: (p) =>
        typeof p.color === 'string'
          ? CATEGORY_COLORS[cats.indexOf(p.color) % CATEGORY_COLORS.length]
          : '#999',
    };
  }
  if (nums.length) {
    const min = Math.min(...nums);
    const max = Math.max(...nums);
    return {
      kind: 'continuous',
      min,
      max,
      categories: [],
      of: (p) =>
        typeof p.color === 'number'
          ? sequentialColor(max > min ? (p.color - min) / (max - min) : 0.5)
          : '#999',
    };
  }
  return { kind: 'none', min: 0, max: 0, categories: [], of: () => CATEGORY_COLORS[0] };
}

function legend(
  f: Frame,
  color: ColorFunction,
  label: string | undefined,
  hollow: boolean,
  pareto: boolean,
): string {
  const x0 = f.width - f.margin.right + 18;
  let y0 = f.margin.top + 8;
  let s = '<g class="legend">\n';
  if (color.kind === 'continuous') {
    s += `<text x="${x0}" y="${y0}" font-weight="bold">${esc(label ?? 'colour')}</text>\n`;
    y0 += 8;
    for (let i = 0; i < 10; i++) {
      s += `<rect x="${x0}" y="${y0 + i * 12}" width="14" height="12" fill="${sequentialColor(1 - i / 9)}"/>\n`;
    }
    s += `<text x="${x0 + 20}" y="${y0 + 10}">${esc(fmt(color.max))}</text>\n`;
    s += `<text x="${x0 + 20}" y="${y0 + 118}">${esc(fmt(color.min))}</text>\n`;
    y0 += 140;
  } else if (color.kind === 'category') {
    s += `<text x="${x0}" y="${y0}" font-weight="bold">${esc(label ?? 'group')}</text>\n`;
    color.categories.forEach((c, i) => {
      const yy = y0 + 16 + i * 16;
      s += `<circle cx="${x0 + 5}" cy="${yy - 4}" r="4" fill="${CATEGORY_COLORS[i % CATEGORY_COLORS.length]}"/>\n`;
      s += `<text x="${x0 + 14}" y="${yy}">${esc(c)}</text>\n`;
    });
    y0 += 24 + color.categories.length * 16;
  }
  if (hollow) {
    s += `<circle cx="${x0 + 5}" cy="${y0 - 4}" r="4" fill="none" stroke="#555"/>\n<text x="${x0 + 14}" y="${y0}">metal (flagged)</text>\n`;
    y0 += 18;
  }
  if (pareto)
    s += `<line x1="${x0}" y1="${y0 - 4}" x2="${x0 + 12}" y2="${y0 - 4}" stroke="#222" stroke-width="1.5"/>\n<text x="${x0 + 16}" y="${y0}">Pareto front</text>\n`;
  return s + '</g>\n';
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toPrecision(3);
}
