/**
 * Three representations of a crystal for the invariance experiment: composition statistics of element
 * properties, the radial distribution function, and the crystal graph's edge list (CGCNN: 12 nearest
 * neighbours within 8 Å); plus the raw Cartesian coordinates they are compared with. Also the three
 * transformations: rotation, translation, permutation of atoms.
 */
import { element } from '../../../src/elements/lookup.js';
import { neighborList } from '../../../src/structure/neighbors.js';
import { Lattice, type Vec3 } from '../../../src/structure/lattice.js';
import { Structure, type Site } from '../../../src/structure/structure.js';
import type { Rng } from '../../../src/engine/random.js';

export const PROPERTIES: Array<{ key: string; ru: string; en: string; get: (s: string) => number | null }> = [
  { key: 'Z', ru: 'атомный номер', en: 'atomic number', get: (s) => element(s).Z },
  { key: 'mass', ru: 'атомная масса', en: 'atomic mass', get: (s) => element(s).atomicMass },
  {
    key: 'chi',
    ru: 'электроотрицательность',
    en: 'electronegativity',
    get: (s) => element(s).electronegativityPauling,
  },
  {
    key: 'rcov',
    ru: 'ковалентный радиус, Å',
    en: 'covalent radius, Å',
    get: (s) => element(s).covalentRadiusPyykkoA,
  },
  { key: 'group', ru: 'группа', en: 'group', get: (s) => element(s).group },
  {
    key: 'nval',
    ru: 'валентные электроны',
    en: 'valence electrons',
    get: (s) => element(s).valenceElectrons,
  },
];

/** Fraction-weighted mean, min, max, range and standard deviation of each property. */
export function compositionStats(s: Structure): number[][] {
  const w = new Map<string, number>();
  let total = 0;
  for (const site of s.sites)
    for (const sp of site.species) {
      w.set(sp.element, (w.get(sp.element) ?? 0) + sp.occu);
      total += sp.occu;
    }
  return PROPERTIES.map((p) => {
    let mean = 0;
    let lo = Infinity;
    let hi = -Infinity;
    const vals: Array<[number, number]> = [];
    for (const [el, n] of w) {
      const v = p.get(el) ?? 0;
      vals.push([v, n / total]);
      mean += (v * n) / total;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const sd = Math.sqrt(vals.reduce((a, [v, f]) => a + f * (v - mean) ** 2, 0));
    return [mean, lo, hi, hi - lo, sd];
  });
}

/** g(r) on bins of `dr` up to `rmax` (Å): pair counts / (N · ρ · 4πr²dr). */
export function radialDistribution(s: Structure, rmax = 8, dr = 0.1): { r: number[]; g: number[] } {
  const nb = neighborList(s, rmax);
  const nBins = Math.round(rmax / dr);
  const counts = new Float64Array(nBins);
  for (let e = 0; e < nb.distances.length; e++) {
    const k = Math.floor(nb.distances[e] / dr);
    if (k < nBins) counts[k]++;
  }
  const N = s.sites.length;
  const rho = N / s.lattice.volume;
  const r: number[] = [];
  const g: number[] = [];
  for (let k = 0; k < nBins; k++) {
    const rm = (k + 0.5) * dr;
    r.push(rm);
    g.push(counts[k] / (N * rho * 4 * Math.PI * rm * rm * dr));
  }
  return { r, g };
}

export interface GraphEdges {
  /** Per atom (in the structure's order): its element and its neighbours (j, distance) nearest first. */
  atoms: Array<{ element: string; neighbors: Array<[number, number]> }>;
}

export function crystalGraphEdges(s: Structure, cutoffA = 8, maxNeighbors = 12): GraphEdges {
  const nb = neighborList(s, cutoffA, { maxNeighbors });
  return {
    atoms: s.sites.map((site, i) => {
      const neighbors: Array<[number, number]> = [];
      for (let e = nb.offsets[i]; e < nb.offsets[i + 1]; e++) neighbors.push([nb.index[e], nb.distances[e]]);
      return { element: majorElement(site), neighbors };
    }),
  };
}

function majorElement(site: Site): string {
  return site.species.reduce((a, b) => (b.occu > a.occu ? b : a)).element;
}

/** A label-free summary of the graph: for every atom its element and sorted neighbour distances, sorted. */
export function graphSignature(g: GraphEdges): string[] {
  return g.atoms.map((a) => `${a.element}:${a.neighbors.map((n) => n[1].toFixed(3)).join(',')}`).sort();
}

export function cartesianList(s: Structure): Vec3[] {
  return s.sites.map((_, i) => s.cartesian(i));
}

/** Rotated copy: every lattice vector (and so every atom) rotated by a random rotation. */
export function rotated(s: Structure, rng: Rng): Structure {
  // random unit quaternion → rotation matrix
  let q = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
  const n = Math.hypot(...q);
  q = q.map((x) => x / n);
  const [w, x, y, z] = q;
  const R = [
    [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
    [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
    [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
  ];
  const m = s.lattice.matrix.map((v) =>
    [0, 1, 2].map((i) => R[i][0] * v[0] + R[i][1] * v[1] + R[i][2] * v[2]),
  );
  return new Structure(
    new Lattice(m),
    s.sites.map((x) => ({ ...x, frac: [...x.frac] as Vec3 })),
    { ...s.properties },
  );
}

/** Translated copy: every atom shifted by the same random vector (fractional coordinates wrapped). */
export function translated(s: Structure, rng: Rng): Structure {
  const d = [rng.uniform(), rng.uniform(), rng.uniform()];
  const wrap = (v: number) => v - Math.floor(v);
  return new Structure(
    s.lattice,
    s.sites.map((x) => ({ ...x, frac: x.frac.map((v, k) => wrap(v + d[k])) as Vec3 })),
    { ...s.properties },
  );
}

/** Copy with the atoms listed in a random order. */
export function permuted(s: Structure, rng: Rng): Structure {
  return new Structure(s.lattice, rng.shuffle(s.sites.slice()), { ...s.properties });
}
