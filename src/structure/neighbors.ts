/**
 * Periodic neighbour lists by cell binning (the approach of ASE's neighborlist.py, written afresh).
 *
 * Sites are wrapped into the unit cell and dropped into bins: nb_d = floor(w_d / r) bins along each
 * lattice direction d, where w_d is the perpendicular width of the cell (distance between opposite faces).
 * A neighbour within r of a site differs from it by at most r / w_d in fractional coordinate d, so only the
 * bins (and periodic images of bins) overlapping [f_d - r/w_d, f_d + r/w_d] need a look. This is exact for
 * any cell shape (skewed, tiny or large) and costs O(N) for large N at fixed density.
 *
 * Conventions (the same as pymatgen's get_all_neighbors):
 * - A neighbour is (j, image) with position frac_j + image, relative to the site's own, unwrapped,
 *   fractional coordinates; periodic images of the site itself are included, the zero-distance self pair
 *   (j = i, image 0) is not. Distinct sites sitting on the same point are neighbours at distance 0.
 * - A pair is inside the cutoff when d² < r² + tol, tol = 1e-8 Å² by default (pymatgen's criterion).
 * - Each site's neighbours are sorted by distance; distances equal to 1e-9 Å (compared on a 1e-9 Å grid)
 *   are ties, broken by j, then by the image (a, then b, then c) in increasing order.
 */
import type { Structure } from './structure.js';
import { XtalInputError } from '../errors.js';
import { inverse3 } from './lattice.js';

/** Compressed (CSR) neighbour list: the neighbours of site i are entries offsets[i] .. offsets[i+1]-1. */
export interface NeighborList {
  numSites: number;
  /** Cutoff radius used (Å). */
  cutoffA: number;
  /** n+1 entry offsets. */
  offsets: Int32Array;
  /** Neighbour site index j per entry. */
  index: Int32Array;
  /** Lattice translation (3 integers per entry): the neighbour sits at frac_j + image. */
  images: Int32Array;
  /** Distance per entry (Å). */
  distances: Float64Array;
  /**
   * Number of neighbours of each site inside the cutoff. Equals the row length unless
   * `maxNeighbors` truncated the rows (with `countAll: false`, exact only where below maxNeighbors).
   */
  numWithinCutoff: Int32Array;
}

export interface NeighborListOptions {
  /** Keep only the k nearest neighbours of each site (ties ordered as documented above). */
  maxNeighbors?: number;
  /** Inclusion tolerance in Å²: a pair counts when d² < r² + toleranceA2. Default 1e-8. */
  toleranceA2?: number;
  /**
   * With maxNeighbors: count every neighbour inside the cutoff (default true). False lets the search stop
   * beyond the k-th nearest, which is faster; numWithinCutoff is then exact only where it is below k
   * (elsewhere it is a lower bound >= k), which is all a padded crystal graph needs to know.
   */
  countAll?: boolean;
}

/** Distances closer than this (Å) are ties in the ordering. */
export const DISTANCE_TIE_A = 1e-9;
export const DEFAULT_TOLERANCE_A2 = 1e-8;

/** Sort key of a distance: an integer on the 1e-9 Å grid. */
export function distanceKey(d: number): number {
  return Math.round(d / DISTANCE_TIE_A);
}

/** Neighbour list of every site within cutoffA (Å), by cell binning. */
export function neighborList(
  structure: Structure,
  cutoffA: number,
  options: NeighborListOptions = {},
): NeighborList {
  const tol = options.toleranceA2 ?? DEFAULT_TOLERANCE_A2;
  checkCutoff(cutoffA, tol);
  const maxK = options.maxNeighbors;
  if (maxK !== undefined && !(Number.isInteger(maxK) && maxK >= 0))
    throw new XtalInputError(`maxNeighbors must be a non-negative integer, got ${maxK}`, {
      field: 'maxNeighbors',
    });
  const n = structure.sites.length;
  const m = structure.lattice.matrix;
  const [a0, a1, a2] = [m[0][0], m[0][1], m[0][2]];
  const [b0, b1, b2] = [m[1][0], m[1][1], m[1][2]];
  const [c0, c1, c2] = [m[2][0], m[2][1], m[2][2]];
  const widths = checkCell(structure, cutoffA, tol);
  const r2 = cutoffA * cutoffA + tol;
  const rEff = Math.sqrt(Math.max(r2, 0));
  // Search half-width in fractional units per direction, with a little slack for rounding.
  const reach = widths.map((w) => (rEff * (1 + 1e-9) + 1e-12) / w);

  // Wrap sites into [0, 1): fw = f - s with integer shift s.
  const fw = new Float64Array(3 * n);
  const shift = new Int32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const f = structure.sites[i].frac;
    for (let d = 0; d < 3; d++) {
      const x = f[d];
      if (!Number.isFinite(x))
        throw new XtalInputError(`site ${i} has a non-finite fractional coordinate`, { field: 'frac' });
      let s = Math.floor(x);
      let y = x - s;
      if (y >= 1) {
        y = 0;
        s += 1;
      }
      fw[3 * i + d] = y;
      shift[3 * i + d] = s;
    }
  }

  // Bins: at least as wide as the cutoff in every direction, and not many more bins than sites.
  // (An Int32Array, not an array from map(): the elements kind of such an array varies from call to call,
  // and the optimised code of this function would be thrown away again and again.)
  const nb = Int32Array.from(widths, (w) => Math.max(1, Math.min(2 ** 30, Math.floor(w / rEff))));
  const cap = Math.max(27, 2 * n);
  let total = nb[0] * nb[1] * nb[2];
  if (total > cap) {
    const scale = Math.cbrt(cap / total);
    for (let d = 0; d < 3; d++) nb[d] = Math.max(1, Math.floor(nb[d] * scale));
    total = nb[0] * nb[1] * nb[2];
  }
  const [nb0, nb1, nb2] = nb;
  const binOf = new Int32Array(n);
  const binCount = new Int32Array(total + 1);
  for (let i = 0; i < n; i++) {
    const k0 = Math.min(nb0 - 1, Math.floor(fw[3 * i] * nb0));
    const k1 = Math.min(nb1 - 1, Math.floor(fw[3 * i + 1] * nb1));
    const k2 = Math.min(nb2 - 1, Math.floor(fw[3 * i + 2] * nb2));
    const b = (k0 * nb1 + k1) * nb2 + k2;
    binOf[i] = b;
    binCount[b + 1]++;
  }
  const binStart = new Int32Array(total + 1);
  for (let b = 0; b < total; b++) binStart[b + 1] = binStart[b] + binCount[b + 1];
  // Atoms of each bin, contiguous, with their wrapped Cartesian coordinates.
  const fill = binStart.slice(0, total);
  const binAtom = new Int32Array(n);
  const binXyz = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const p = fill[binOf[i]]++;
    binAtom[p] = i;
    const x = fw[3 * i];
    const y = fw[3 * i + 1];
    const z = fw[3 * i + 2];
    binXyz[3 * p] = x * a0 + y * b0 + z * c0;
    binXyz[3 * p + 1] = x * a1 + y * b1 + z * c1;
    binXyz[3 * p + 2] = x * a2 + y * b2 + z * c2;
  }

  // Pruning of bin columns to the cutoff ellipsoid u·G·uᵀ <= r² in fractional offsets u (G: metric).
  // (u0, u1) lies in the projected ellipse with form P = ((G⁻¹)_{01})⁻¹; given u0: u1 = k1·u0 ± h1.
  // Given (u0, u1): u2 = k20·u0 + k21·u1 ± sqrt((r² - u·S·uᵀ) / G22), S the Schur complement of G22.
  const G = structure.lattice.metric;
  const H = inverse3(G);
  const detH01 = H[0][0] * H[1][1] - H[0][1] * H[0][1];
  const P01 = -H[0][1] / detH01;
  const P11 = H[0][0] / detH01;
  const s0 = 1 / H[0][0];
  const k1 = -P01 / P11;
  const G22 = G[2][2];
  const S00 = G[0][0] - (G[0][2] * G[0][2]) / G22;
  const S01 = G[0][1] - (G[0][2] * G[1][2]) / G22;
  const S11 = G[1][1] - (G[1][2] * G[1][2]) / G22;
  const k20 = -G[0][2] / G22;
  const k21 = -G[1][2] / G22;
  const rr = r2 * (1 + 1e-9) + 1e-12;
  const slack = 1e-9;

  const shrink = maxK !== undefined && options.countAll === false;
  const out = new PairSink(maxK, n);
  const row = maxK === undefined ? new RowBuffer() : new TopK(maxK);
  for (let i = 0; i < n; i++) {
    const fx = fw[3 * i];
    const fy = fw[3 * i + 1];
    const fz = fw[3 * i + 2];
    const cx = fx * a0 + fy * b0 + fz * c0;
    const cy = fx * a1 + fy * b1 + fz * c1;
    const cz = fx * a2 + fy * b2 + fz * c2;
    const lo0 = Math.floor((fx - reach[0]) * nb0);
    const hi0 = Math.floor((fx + reach[0]) * nb0);
    const lo1 = Math.floor((fy - reach[1]) * nb1);
    const hi1 = Math.floor((fy + reach[1]) * nb1);
    const lo2 = Math.floor((fz - reach[2]) * nb2);
    const hi2 = Math.floor((fz + reach[2]) * nb2);
    const si0 = shift[3 * i];
    const si1 = shift[3 * i + 1];
    const si2 = shift[3 * i + 2];
    row.reset();
    // Global bin g = n·nb + w: image n, wrapped bin w. Bins are visited from the site's own outwards, so
    // that with `countAll: false` the k nearest are found early and the search radius shrinks to them.
    const cg0 = Math.min(nb0 - 1, Math.floor(fx * nb0));
    const cg1 = Math.min(nb1 - 1, Math.floor(fy * nb1));
    const span0 = 2 * Math.max(cg0 - lo0, hi0 - cg0);
    for (let t0 = 0; t0 <= span0; t0++) {
      const g0 = t0 & 1 ? cg0 + (t0 + 1) / 2 : cg0 - t0 / 2;
      if (g0 < lo0 || g0 > hi0) continue;
      const w0 = mod(g0, nb0);
      const n0 = (g0 - w0) / nb0;
      const lim0 = shrink && row.limit < rr ? row.limit : rr;
      // Fractional offsets u0 covered by this bin, and the u1 range the ellipsoid allows there.
      const u0a = g0 / nb0 - fx - slack;
      const u0b = (g0 + 1) / nb0 - fx + slack;
      const m0 = u0a <= 0 && u0b >= 0 ? 0 : Math.min(u0a * u0a, u0b * u0b);
      const rem1 = lim0 - s0 * m0;
      if (rem1 < 0) continue;
      const h1 = Math.sqrt(rem1 / P11);
      const c1a = k1 * u0a;
      const c1b = k1 * u0b;
      const g1lo = Math.max(lo1, Math.floor((fy + Math.min(c1a, c1b) - h1) * nb1));
      const g1hi = Math.min(hi1, Math.floor((fy + Math.max(c1a, c1b) + h1) * nb1));
      const mid1 = Math.min(g1hi, Math.max(g1lo, cg1));
      const span1 = 2 * Math.max(mid1 - g1lo, g1hi - mid1);
      for (let t1 = 0; t1 <= span1; t1++) {
        const g1 = t1 & 1 ? mid1 + (t1 + 1) / 2 : mid1 - t1 / 2;
        if (g1 < g1lo || g1 > g1hi) continue;
        const w1 = mod(g1, nb1);
        const n1 = (g1 - w1) / nb1;
        const lim1 = shrink && row.limit < rr ? row.limit : rr;
        const u1a = g1 / nb1 - fy - slack;
        const u1b = (g1 + 1) / nb1 - fy + slack;
        const rem2 = lim1 - rectangleMin(S00, S01, S11, u0a, u0b, u1a, u1b);
        if (rem2 < 0) continue;
        const h2 = Math.sqrt(rem2 / G22);
        const e00 = k20 * u0a + k21 * u1a;
        const e01 = k20 * u0a + k21 * u1b;
        const e10 = k20 * u0b + k21 * u1a;
        const e11 = k20 * u0b + k21 * u1b;
        const g2lo = Math.max(lo2, Math.floor((fz + Math.min(e00, e01, e10, e11) - h2) * nb2));
        const g2hi = Math.min(hi2, Math.floor((fz + Math.max(e00, e01, e10, e11) + h2) * nb2));
        const ox = n0 * a0 + n1 * b0 - cx;
        const oy = n0 * a1 + n1 * b1 - cy;
        const oz = n0 * a2 + n1 * b2 - cz;
        // Innermost: consecutive bins, stepped without a modulo.
        let w2 = mod(g2lo, nb2) - 1;
        let n2 = (g2lo - w2 - 1) / nb2;
        for (let g2 = g2lo; g2 <= g2hi; g2++) {
          if (++w2 === nb2) {
            w2 = 0;
            n2++;
          }
          const b = (w0 * nb1 + w1) * nb2 + w2;
          const end = binStart[b + 1];
          const sx = ox + n2 * c0;
          const sy = oy + n2 * c1;
          const sz = oz + n2 * c2;
          const zeroImage = n0 === 0 && n1 === 0 && n2 === 0;
          for (let p = binStart[b]; p < end; p++) {
            const dx = binXyz[3 * p] + sx;
            const dy = binXyz[3 * p + 1] + sy;
            const dz = binXyz[3 * p + 2] + sz;
            const dd = dx * dx + dy * dy + dz * dz;
            if (dd < r2) {
              const j = binAtom[p];
              if (zeroImage && j === i) continue;
              row.offer(
                dd,
                j,
                n0 + si0 - shift[3 * j],
                n1 + si1 - shift[3 * j + 1],
                n2 + si2 - shift[3 * j + 2],
              );
            }
          }
        }
      }
    }
    if (row instanceof TopK) out.addTop(row);
    else out.addRow(row);
  }
  return out.finish(cutoffA);
}

/** Most neighbour pairs one call may produce before it refuses (about 2.4 GB of CSR arrays). */
export const MAX_PAIRS = 1e8;

/**
 * The cell's perpendicular widths, after checking that the cell has a volume and that the cutoff does not
 * ask for an absurd number of pairs (a collapsed cell or a wrong unit would otherwise run for hours).
 */
export function checkCell(structure: Structure, cutoffA: number, tol: number): [number, number, number] {
  const lattice = structure.lattice;
  const lengths = [lattice.a, lattice.b, lattice.c];
  if (!(lattice.volume > 1e-9 * Math.max(1, lengths[0] * lengths[1] * lengths[2])))
    throw new XtalInputError(`the cell has no volume (${lattice.volume} Å³)`, { field: 'lattice' });
  const widths = lattice.perpendicularWidths;
  const n = structure.sites.length;
  const r = Math.sqrt(cutoffA * cutoffA + tol);
  // Pairs ≈ n² · (sphere volume / cell volume), and at least the image boxes the search has to visit.
  const pairs = (n * n * (4 / 3) * Math.PI * r ** 3) / lattice.volume;
  const boxes = n * widths.reduce((p, w) => p * ((2 * r) / w + 2), 1);
  if (pairs > MAX_PAIRS || boxes > 4 * MAX_PAIRS)
    throw new XtalInputError(
      `a cutoff of ${cutoffA} Å gives about ${pairs.toExponential(1)} neighbour pairs in this ` +
        `${lattice.volume.toPrecision(4)} Å³ cell of ${n} sites; is the cell or the cutoff in the wrong unit?`,
      { field: 'cutoff' },
    );
  return widths;
}

export function checkCutoff(cutoffA: number, tol: number): void {
  if (!(Number.isFinite(cutoffA) && cutoffA > 0))
    throw new XtalInputError(`cutoff must be a positive number of Å, got ${cutoffA}`, { field: 'cutoff' });
  if (!(Number.isFinite(tol) && tol >= 0))
    throw new XtalInputError(`tolerance must be a non-negative number, got ${tol}`, { field: 'tolerance' });
}

/** Minimum of the positive definite form s00·x² + 2·s01·x·y + s11·y² over [xa, xb] × [ya, yb]. */
function rectangleMin(
  s00: number,
  s01: number,
  s11: number,
  xa: number,
  xb: number,
  ya: number,
  yb: number,
): number {
  if (xa <= 0 && xb >= 0 && ya <= 0 && yb >= 0) return 0;
  // Outside the rectangle the minimum of a convex form lies on an edge.
  let m = edgeMin(s00, s01, s11, xa, ya, yb);
  let v = edgeMin(s00, s01, s11, xb, ya, yb);
  if (v < m) m = v;
  v = edgeMin(s11, s01, s00, ya, xa, xb);
  if (v < m) m = v;
  v = edgeMin(s11, s01, s00, yb, xa, xb);
  return v < m ? v : m;
}

/** Minimum over y in [ya, yb] of s00·x² + 2·s01·x·y + s11·y² at fixed x. */
function edgeMin(s00: number, s01: number, s11: number, x: number, ya: number, yb: number): number {
  let y = (-s01 * x) / s11;
  if (y < ya) y = ya;
  else if (y > yb) y = yb;
  return s00 * x * x + 2 * s01 * x * y + s11 * y * y;
}

function mod(a: number, b: number): number {
  const r = a % b;
  return r < 0 ? r + b : r;
}

/** Compare neighbour u with v in the documented order: distance key, j, image a, b, c. */
export function compareNeighbors(
  qu: number,
  ju: number,
  iu0: number,
  iu1: number,
  iu2: number,
  qv: number,
  jv: number,
  iv0: number,
  iv1: number,
  iv2: number,
): number {
  return qu - qv || ju - jv || iu0 - iv0 || iu1 - iv1 || iu2 - iv2;
}

/** The neighbours of one site, gathered before ordering. */
export class RowBuffer {
  length = 0;
  j = new Int32Array(64);
  img = new Int32Array(192);
  d = new Float64Array(64);
  q = new Float64Array(64);

  /** Squared distance beyond which candidates cannot enter (none for a full row). */
  readonly limit = Infinity;

  reset(): void {
    this.length = 0;
  }

  /** Add a neighbour given its squared distance. */
  offer(dd: number, j: number, i0: number, i1: number, i2: number): void {
    this.push(j, i0, i1, i2, Math.sqrt(dd));
  }

  push(j: number, i0: number, i1: number, i2: number, d: number): void {
    if (this.length === this.j.length) this.grow();
    const k = this.length++;
    this.j[k] = j;
    this.img[3 * k] = i0;
    this.img[3 * k + 1] = i1;
    this.img[3 * k + 2] = i2;
    this.d[k] = d;
    this.q[k] = distanceKey(d);
  }

  private grow(): void {
    const cap = this.j.length * 2;
    const j = new Int32Array(cap);
    j.set(this.j);
    const img = new Int32Array(3 * cap);
    img.set(this.img);
    const d = new Float64Array(cap);
    d.set(this.d);
    const q = new Float64Array(cap);
    q.set(this.q);
    Object.assign(this, { j, img, d, q });
  }

  /** Order of the entries (indices into this buffer), sorted, keeping at most k. */
  sorted(k: number): Int32Array {
    const n = this.length;
    const { q, j, img } = this;
    const cmp = (u: number, v: number): number =>
      q[u] - q[v] ||
      j[u] - j[v] ||
      img[3 * u] - img[3 * v] ||
      img[3 * u + 1] - img[3 * v + 1] ||
      img[3 * u + 2] - img[3 * v + 2];
    if (k >= n) {
      const order = new Int32Array(n);
      for (let u = 0; u < n; u++) order[u] = u;
      return order.sort(cmp);
    }
    // Keep the k smallest with an insertion-sorted buffer (k is small, e.g. 12).
    const top = new Int32Array(k);
    let len = 0;
    for (let u = 0; u < n; u++) {
      if (len === k && cmp(u, top[k - 1]) >= 0) continue;
      let p = len < k ? len++ : k - 1;
      while (p > 0 && cmp(u, top[p - 1]) < 0) {
        top[p] = top[p - 1];
        p--;
      }
      top[p] = u;
    }
    return top.subarray(0, len);
  }
}

/**
 * The k nearest neighbours of one site, kept in order while candidates arrive (k is small, e.g. 12);
 * counts every neighbour offered. Candidates clearly farther than the current k-th are dropped on
 * their squared distance alone.
 */
export class TopK {
  count = 0;
  length = 0;
  readonly j: Int32Array;
  readonly img: Int32Array;
  readonly d: Float64Array;
  readonly q: Float64Array;
  /** Squared distance beyond which candidates cannot enter the k nearest. */
  limit = Infinity;

  constructor(readonly k: number) {
    this.j = new Int32Array(k);
    this.img = new Int32Array(3 * k);
    this.d = new Float64Array(k);
    this.q = new Float64Array(k);
  }

  reset(): void {
    this.count = 0;
    this.length = 0;
    this.limit = this.k === 0 ? -1 : Infinity;
  }

  offer(dd: number, j: number, i0: number, i1: number, i2: number): void {
    this.count++;
    if (dd > this.limit) return;
    const d = Math.sqrt(dd);
    const q = distanceKey(d);
    const k = this.k;
    const J = this.j;
    const I = this.img;
    const Q = this.q;
    // Find the insertion point from the end.
    let p = this.length;
    while (p > 0) {
      const u = p - 1;
      const c = q - Q[u] || j - J[u] || i0 - I[3 * u] || i1 - I[3 * u + 1] || i2 - I[3 * u + 2];
      if (c >= 0) break;
      p--;
    }
    if (p >= k) return;
    const last = this.length < k ? this.length++ : k - 1;
    for (let u = last; u > p; u--) {
      J[u] = J[u - 1];
      Q[u] = Q[u - 1];
      this.d[u] = this.d[u - 1];
      I[3 * u] = I[3 * u - 3];
      I[3 * u + 1] = I[3 * u - 2];
      I[3 * u + 2] = I[3 * u - 1];
    }
    J[p] = j;
    Q[p] = q;
    this.d[p] = d;
    I[3 * p] = i0;
    I[3 * p + 1] = i1;
    I[3 * p + 2] = i2;
    if (this.length === k) {
      const far = this.d[k - 1] + 2 * DISTANCE_TIE_A;
      this.limit = far * far;
    }
  }
}

/** Accumulates ordered rows into the CSR arrays. */
export class PairSink {
  private cap: number;
  private len = 0;
  private index: Int32Array;
  private images: Int32Array;
  private distances: Float64Array;
  private readonly offsets: Int32Array;
  private readonly within: Int32Array;
  private row = 0;

  constructor(
    private readonly maxK: number | undefined,
    numSites: number,
  ) {
    // Exact for k nearest; a first guess (grown by doubling) for full rows.
    this.cap = Math.max(16, numSites * (maxK ?? 16));
    this.index = new Int32Array(this.cap);
    this.images = new Int32Array(3 * this.cap);
    this.distances = new Float64Array(this.cap);
    this.offsets = new Int32Array(numSites + 1);
    this.within = new Int32Array(numSites);
  }

  addRow(row: RowBuffer): void {
    const order = row.sorted(this.maxK ?? row.length);
    const need = this.len + order.length;
    if (need > this.cap) this.grow(need);
    for (let t = 0; t < order.length; t++) {
      const u = order[t];
      const p = this.len++;
      this.index[p] = row.j[u];
      this.images[3 * p] = row.img[3 * u];
      this.images[3 * p + 1] = row.img[3 * u + 1];
      this.images[3 * p + 2] = row.img[3 * u + 2];
      this.distances[p] = row.d[u];
    }
    this.within[this.row] = row.length;
    this.offsets[++this.row] = this.len;
  }

  addTop(top: TopK): void {
    const need = this.len + top.length;
    if (need > this.cap) this.grow(need);
    const p0 = this.len;
    this.index.set(top.j.subarray(0, top.length), p0);
    this.images.set(top.img.subarray(0, 3 * top.length), 3 * p0);
    this.distances.set(top.d.subarray(0, top.length), p0);
    this.len = need;
    this.within[this.row] = top.count;
    this.offsets[++this.row] = this.len;
  }

  private grow(need: number): void {
    this.cap = Math.max(need, this.cap * 2);
    const index = new Int32Array(this.cap);
    index.set(this.index);
    const images = new Int32Array(3 * this.cap);
    images.set(this.images);
    const distances = new Float64Array(this.cap);
    distances.set(this.distances);
    this.index = index;
    this.images = images;
    this.distances = distances;
  }

  finish(cutoffA: number): NeighborList {
    const n = this.len;
    return {
      numSites: this.row,
      cutoffA,
      offsets: this.offsets,
      index: this.index.slice(0, n),
      images: this.images.slice(0, 3 * n),
      distances: this.distances.slice(0, n),
      numWithinCutoff: this.within,
    };
  }
}
