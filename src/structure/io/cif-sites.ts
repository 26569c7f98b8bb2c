/**
 * From the asymmetric unit to the full cell: every atom-site row is moved by every symmetry operation,
 * wrapped into [0, 1), and images closer than a Cartesian tolerance are merged.
 * - Images of one row that coincide (a site on a special position) count once: occupancy not doubled.
 * - Rows that coincide with other rows (mixed occupancy, Ba0.4K0.6) become one site with several
 *   species; the same species from two rows at one position has its occupancies added.
 * Distances use the minimum image found by rounding fractional differences, exact whenever every
 * perpendicular cell width exceeds twice the distance asked about (checked by the caller).
 */
import type { Lattice, Mat3, Vec3 } from '../lattice.js';
import type { Site, SpeciesOccupancy } from '../structure.js';
import { wrap01 } from '../structure.js';
import type { SymOp } from '../symmetry/symop.js';

export interface AsymmetricSite {
  species: SpeciesOccupancy;
  frac: Vec3;
  label?: string;
  /** Input line (for messages). */
  line?: number;
}

interface Building {
  frac: Vec3;
  species: SpeciesOccupancy[];
  label?: string;
  rows: number[];
}

/** Squared periodic distance (Å²) between fractional points, minimum image by rounding. */
export function periodicDistance2(g: Mat3, a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dx = a[0] - b[0];
  let dy = a[1] - b[1];
  let dz = a[2] - b[2];
  dx -= Math.round(dx);
  dy -= Math.round(dy);
  dz -= Math.round(dz);
  return (
    g[0][0] * dx * dx +
    g[1][1] * dy * dy +
    g[2][2] * dz * dz +
    2 * (g[0][1] * dx * dy + g[0][2] * dx * dz + g[1][2] * dy * dz)
  );
}

function sameSpecies(a: SpeciesOccupancy, b: SpeciesOccupancy): boolean {
  return a.element === b.element && a.oxidationState === b.oxidationState;
}

/**
 * Expand rows by the operations and merge coincident images (tolerance in Å).
 * Sites come out in row order, each row's new images in operation order.
 */
/** Up to this many sites, merging scans them all (faster than a grid for small cells). */
const LINEAR_SCAN_SITES = 48;

export function expandSites(
  lattice: Lattice,
  rows: AsymmetricSite[],
  ops: SymOp[],
  toleranceA: number,
): Site[] {
  const g = lattice.metric;
  const tol2 = toleranceA * toleranceA;
  const built: Building[] = [];
  // Small cells: a linear scan. Once there are many sites, a grid over the cell (bins at least
  // `toleranceA` wide, linked lists in typed arrays) so that merging is not quadratic.
  const widths = lattice.perpendicularWidths;
  const bins = widths.map((w) =>
    Math.max(1, Math.min(32, Math.floor(w / Math.max(toleranceA, 1e-6)))),
  ) as Vec3;
  const useGrid = bins[0] >= 3 && bins[1] >= 3 && bins[2] >= 3;
  let head: Int32Array | null = null;
  const next: number[] = [];
  const binIndex = (f: Vec3, k: number): number => Math.min(bins[k] - 1, Math.floor(f[k] * bins[k]));
  const insert = (q: number): void => {
    const f = built[q].frac;
    const b = (binIndex(f, 0) * bins[1] + binIndex(f, 1)) * bins[2] + binIndex(f, 2);
    next[q] = head![b];
    head![b] = q;
  };
  // Closest existing site within the tolerance (the earliest among equals), or -1.
  const closest = (f: Vec3): number => {
    let best = -1;
    let bestD = tol2;
    if (!head) {
      for (let q = 0; q < built.length; q++) {
        const d = periodicDistance2(g, built[q].frac, f);
        if (d < bestD || (d === bestD && best < 0)) {
          best = q;
          bestD = d;
        }
      }
      return best;
    }
    const bi = binIndex(f, 0);
    const bj = binIndex(f, 1);
    const bk = binIndex(f, 2);
    for (let di = -1; di <= 1; di++) {
      const i = (bi + di + bins[0]) % bins[0];
      for (let dj = -1; dj <= 1; dj++) {
        const j = (bj + dj + bins[1]) % bins[1];
        for (let dk = -1; dk <= 1; dk++) {
          const k = (bk + dk + bins[2]) % bins[2];
          for (let q = head[(i * bins[1] + j) * bins[2] + k]; q >= 0; q = next[q]) {
            const d = periodicDistance2(g, built[q].frac, f);
            if (d < bestD || (d === bestD && (best < 0 || q < best))) {
              best = q;
              bestD = d;
            }
          }
        }
      }
    }
    return best;
  };

  rows.forEach((row, r) => {
    for (const op of ops) {
      const rot = op.rotation;
      const t = op.translation;
      const x = row.frac;
      const f: Vec3 = [
        wrap01(rot[0][0] * x[0] + rot[0][1] * x[1] + rot[0][2] * x[2] + t[0]),
        wrap01(rot[1][0] * x[0] + rot[1][1] * x[1] + rot[1][2] * x[2] + t[1]),
        wrap01(rot[2][0] * x[0] + rot[2][1] * x[1] + rot[2][2] * x[2] + t[2]),
      ];
      const s = closest(f);
      if (s < 0) {
        built.push({ frac: f, species: [{ ...row.species }], label: row.label, rows: [r] });
        if (head) insert(built.length - 1);
        else if (useGrid && built.length > LINEAR_SCAN_SITES) {
          head = new Int32Array(bins[0] * bins[1] * bins[2]).fill(-1);
          for (let q = 0; q < built.length; q++) insert(q);
        }
        continue;
      }
      const site = built[s];
      if (site.rows.includes(r)) continue; // another image of the same row: counted once
      site.rows.push(r);
      const same = site.species.find((sp) => sameSpecies(sp, row.species));
      if (same) same.occu += row.species.occu;
      else site.species.push({ ...row.species });
    }
  });
  return built.map((b) => {
    const site: Site = { species: b.species, frac: b.frac };
    if (b.label !== undefined) site.label = b.label;
    return site;
  });
}

/**
 * Pairs of sites closer than `minDistanceA` (Å), closest first, at most `limit` of them.
 * Assumes every perpendicular width of the cell exceeds 2 * minDistanceA.
 */
export function closePairs(
  lattice: Lattice,
  sites: Site[],
  minDistanceA: number,
  limit = 5,
): { i: number; j: number; distanceA: number }[] {
  const g = lattice.metric;
  const lim2 = minDistanceA * minDistanceA;
  const out: { i: number; j: number; distanceA: number }[] = [];
  const n = sites.length;
  const check = (i: number, j: number): void => {
    const d2 = periodicDistance2(g, sites[i].frac, sites[j].frac);
    if (d2 < lim2) out.push({ i: Math.min(i, j), j: Math.max(i, j), distanceA: Math.sqrt(Math.max(0, d2)) });
  };
  // Bins at least minDistanceA wide, about one site per bin; each pair is seen from its lower bin.
  const widths = lattice.perpendicularWidths;
  const perAxis = Math.cbrt(n);
  const bins = widths.map((w) =>
    Math.max(1, Math.min(Math.floor(w / minDistanceA), Math.ceil(perAxis * 2))),
  ) as Vec3;
  if (n <= 64 || bins[0] < 3 || bins[1] < 3 || bins[2] < 3) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) check(i, j);
  } else {
    const nb = bins[0] * bins[1] * bins[2];
    const head = new Int32Array(nb).fill(-1);
    const next = new Int32Array(n);
    const binOf = (f: Vec3): [number, number, number] =>
      [0, 1, 2].map((k) => Math.min(bins[k] - 1, Math.floor(wrap01(f[k]) * bins[k]))) as [
        number,
        number,
        number,
      ];
    const where = sites.map((s) => binOf(s.frac));
    where.forEach(([a, b, c], i) => {
      const k = (a * bins[1] + b) * bins[2] + c;
      next[i] = head[k];
      head[k] = i;
    });
    for (let i = 0; i < n; i++) {
      const [a, b, c] = where[i];
      for (let da = -1; da <= 1; da++) {
        const x = (a + da + bins[0]) % bins[0];
        for (let db = -1; db <= 1; db++) {
          const y = (b + db + bins[1]) % bins[1];
          for (let dc = -1; dc <= 1; dc++) {
            const z = (c + dc + bins[2]) % bins[2];
            for (let j = head[(x * bins[1] + y) * bins[2] + z]; j >= 0; j = next[j]) if (j > i) check(i, j);
          }
        }
      }
    }
  }
  out.sort((a, b) => a.distanceA - b.distanceA);
  return out.slice(0, limit);
}
