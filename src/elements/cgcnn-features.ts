/**
 * xtal's CGCNN-style atom encoder: nine one-hot blocks, 92 values, laid out like the reference
 * `atom_init.json` of Xie & Grossman, Phys. Rev. Lett. 120, 145301 (2018), Supplementary Table S2,
 * but computed from xtal's own element table. Continuous properties are cut into 10 equal-width bins
 * (values outside the range fall into the end bins); a property the table lacks leaves its block all
 * zero, so such an element has fewer than nine ones. Every bin is listed in docs/elements.md.
 */
import { ELEMENTS, type Element } from './element.js';
import { TableAtomFeaturizer } from './feature-table.js';

/** A categorical block: value v in 0..size-1 sets position offset + v. */
export interface CategoricalSegment {
  kind: 'categorical';
  name: string;
  offset: number;
  size: number;
  /** Category index of an element, or null when the table has no value. */
  category(e: Element): number | null;
  /** Label of each category, for documentation. */
  labels: string[];
}

/** A binned block: 10 equal-width bins of f(value) over [lo, hi]. */
export interface BinnedSegment {
  kind: 'binned';
  name: string;
  offset: number;
  size: number;
  /** Unit and scale of lo/hi, e.g. "Å" or "ln(eV)". */
  scale: string;
  lo: number;
  hi: number;
  /** The value that is binned (already on the binning scale), or null when the table has none. */
  value(e: Element): number | null;
}

export type Segment = CategoricalSegment | BinnedSegment;

const ln = (x: number | null): number | null => (x === null || !(x > 0) ? null : Math.log(x));

const BLOCKS = ['s', 'p', 'd', 'f'] as const;

function build(): Segment[] {
  const list: (Omit<CategoricalSegment, 'offset'> | Omit<BinnedSegment, 'offset'>)[] = [];
  list.push({
    kind: 'categorical',
    name: 'group',
    size: 19,
    category: (e) => e.group ?? 0,
    labels: ['La–Yb, Ac–No (no group)', ...Array.from({ length: 18 }, (_, i) => `group ${i + 1}`)],
  });
  list.push({
    kind: 'categorical',
    name: 'period',
    size: 7,
    category: (e) => e.period - 1,
    labels: Array.from({ length: 7 }, (_, i) => `period ${i + 1}`),
  });
  list.push({
    kind: 'binned',
    name: 'electronegativity',
    size: 10,
    scale: 'Pauling',
    lo: 0.5,
    hi: 4.0,
    value: (e) => e.electronegativityPauling,
  });
  list.push({
    kind: 'binned',
    name: 'covalent radius',
    size: 10,
    scale: 'Å',
    lo: COVALENT_RADIUS_RANGE_A[0],
    hi: COVALENT_RADIUS_RANGE_A[1],
    value: (e) => e.covalentRadiusPyykkoA,
  });
  list.push({
    kind: 'categorical',
    name: 'valence electrons',
    size: 12,
    category: (e) => (e.valenceElectrons >= 1 && e.valenceElectrons <= 12 ? e.valenceElectrons - 1 : null),
    labels: Array.from({ length: 12 }, (_, i) => `${i + 1} valence electron${i ? 's' : ''}`),
  });
  list.push({
    kind: 'binned',
    name: 'first ionization energy',
    size: 10,
    scale: 'ln(eV)',
    lo: 1.3,
    hi: 3.3,
    value: (e) => ln(e.firstIonizationEnergyEv),
  });
  list.push({
    kind: 'binned',
    name: 'electron affinity',
    size: 10,
    scale: 'eV',
    lo: -3,
    hi: 3.7,
    value: (e) => e.electronAffinityEv,
  });
  list.push({
    kind: 'categorical',
    name: 'block',
    size: 4,
    category: (e) => BLOCKS.indexOf(e.block),
    labels: BLOCKS.map((b) => `${b} block`),
  });
  list.push({
    kind: 'binned',
    name: 'atomic volume',
    size: 10,
    scale: 'ln(cm³/mol)',
    lo: 1.5,
    hi: 4.3,
    value: (e) => ln(e.molarVolumeCm3),
  });
  let offset = 0;
  return list.map((s) => {
    const seg = { ...s, offset } as Segment;
    offset += s.size;
    return seg;
  });
}

/**
 * Range of the covalent-radius bins, Å: 25–250 pm as in the paper. The reference vectors follow the
 * single-bond radii of Pyykkö & Atsumi (2009), not Cordero's, so the encoder bins those.
 */
export const COVALENT_RADIUS_RANGE_A: readonly [number, number] = [0.25, 2.5];

/** The nine blocks of the 92-value encoding, in order, with their offsets. */
export const CGCNN_SEGMENTS: readonly Segment[] = Object.freeze(build());

export const CGCNN_FEATURE_LENGTH = CGCNN_SEGMENTS.reduce((n, s) => n + s.size, 0);

/** Bin index of x among `size` equal-width bins over [lo, hi]; outside values go to the end bins. */
export function binIndex(x: number, lo: number, hi: number, size: number): number {
  const k = Math.floor(((x - lo) / (hi - lo)) * size);
  return Math.max(0, Math.min(size - 1, k));
}

/** Lower and upper edge of bin k. */
export function binEdges(seg: BinnedSegment, k: number): [number, number] {
  const w = (seg.hi - seg.lo) / seg.size;
  return [seg.lo + k * w, seg.lo + (k + 1) * w];
}

/** The position (0..size-1) set within a segment for an element, or null when it has no value. */
export function segmentPosition(seg: Segment, e: Element): number | null {
  if (seg.kind === 'categorical') {
    const c = seg.category(e);
    return c === null || c < 0 || c >= seg.size ? null : c;
  }
  const v = seg.value(e);
  return v === null || !Number.isFinite(v) ? null : binIndex(v, seg.lo, seg.hi, seg.size);
}

/** The 92-value one-hot vector of one element. */
export function cgcnnElementVector(e: Element): Float32Array {
  const out = new Float32Array(CGCNN_FEATURE_LENGTH);
  for (const seg of CGCNN_SEGMENTS) {
    const p = segmentPosition(seg, e);
    if (p !== null) out[seg.offset + p] = 1;
  }
  return out;
}

let cached: TableAtomFeaturizer | undefined;

/** xtal's own CGCNN-style encoder for all 118 elements (name "xtal-cgcnn-92"). */
export function cgcnnAtomFeaturizer(): TableAtomFeaturizer {
  cached ??= new TableAtomFeaturizer(
    'xtal-cgcnn-92',
    CGCNN_FEATURE_LENGTH,
    new Map(ELEMENTS.map((e) => [e.symbol, cgcnnElementVector(e)])),
  );
  return cached;
}

/** The featurizer xtal uses unless told otherwise: its own CGCNN-style encoder. */
export function defaultAtomFeaturizer(): TableAtomFeaturizer {
  return cgcnnAtomFeaturizer();
}
