/**
 * Sanity checks every reader runs on a structure before handing it out. Fatal problems (no sites,
 * zero or degenerate volume, non-finite coordinates, occupancy out of range) throw an XtalInputError;
 * suspicious ones (sites closer than 0.5 Å, site occupancy above 1) are recorded in
 * `structure.properties.warnings` so a batch job can flag the structure and still use it.
 */
import { XtalInputError, type InputLocation } from '../../errors.js';
import { Lattice, type Mat3, cross, dot, norm } from '../lattice.js';
import type { Structure } from '../structure.js';
import { isKnownElement } from './symbols.js';

/** Sites closer than this (Å, minimum image) are reported as overlapping. */
export const OVERLAP_DISTANCE_A = 0.5;
/** Above this many sites the O(N²) overlap test is skipped (a warning says so). */
export const OVERLAP_CHECK_MAX_SITES = 2000;

/** Throws for a lattice no crystal can have: singular, flat, or with non-finite entries. */
export function checkLattice(matrix: ArrayLike<ArrayLike<number>>, where: InputLocation): Lattice {
  let lattice: Lattice;
  try {
    lattice = new Lattice(matrix);
  } catch (e) {
    throw new XtalInputError(`invalid lattice: ${(e as Error).message}`, where);
  }
  const m = lattice.matrix;
  const lengths = m.map((r) => norm(r));
  if (lengths.some((l) => !(l > 0) || !Number.isFinite(l)))
    throw new XtalInputError(`a lattice vector has zero or infinite length (${lengths.join(', ')} Å)`, where);
  const vol = Math.abs(dot(m[0], cross(m[1], m[2])));
  if (!Number.isFinite(vol)) throw new XtalInputError('the cell volume overflows', where);
  // Volume relative to the box of the three lengths: 1 for orthogonal vectors, 0 for coplanar ones.
  if (!(vol > 1e-6 * lengths[0] * lengths[1] * lengths[2]) || !(vol > 1e-8))
    throw new XtalInputError(`the lattice vectors are (nearly) coplanar: cell volume ${vol} Å³`, where);
  return lattice;
}

/**
 * Validate a structure read from a file: throws for fatal problems, appends warnings for suspicious
 * ones. Returns the same structure.
 */
export function checkStructure(structure: Structure, where: InputLocation = {}): Structure {
  checkLattice(structure.lattice.matrix, where);
  if (structure.sites.length === 0) throw new XtalInputError('the structure has no sites', where);
  const warnings: string[] = [];
  structure.sites.forEach((site, i) => {
    if (site.frac.some((x) => !Number.isFinite(x)))
      throw new XtalInputError(`site ${i + 1} has a non-finite coordinate`, where);
    if (site.frac.some((x) => Math.abs(x) > 1e6))
      throw new XtalInputError(
        `site ${i + 1} lies ${Math.max(...site.frac.map(Math.abs))} cells away`,
        where,
      );
    if (site.species.length === 0) throw new XtalInputError(`site ${i + 1} has no species`, where);
    let total = 0;
    for (const sp of site.species) {
      if (!isKnownElement(sp.element))
        throw new XtalInputError(`site ${i + 1}: unknown element "${sp.element}"`, where);
      if (!(sp.occu > 0 && sp.occu <= 1 + 1e-6))
        throw new XtalInputError(
          `site ${i + 1}: occupancy ${sp.occu} of ${sp.element} is not in (0, 1]`,
          where,
        );
      total += sp.occu;
    }
    if (total > 1 + 1e-3) warnings.push(`site ${i + 1} has a total occupancy of ${round(total)} (> 1)`);
  });
  warnings.push(...overlapWarnings(structure));
  if (warnings.length) {
    const prev = structure.properties.warnings ?? [];
    structure.properties.warnings = [...prev, ...warnings];
  }
  return structure;
}

/** Pairs of sites closer than OVERLAP_DISTANCE_A under periodic boundary conditions. */
export function overlapWarnings(structure: Structure, minDistanceA = OVERLAP_DISTANCE_A): string[] {
  const n = structure.sites.length;
  if (n > OVERLAP_CHECK_MAX_SITES) return [`overlap check skipped (${n} sites > ${OVERLAP_CHECK_MAX_SITES})`];
  const m: Mat3 = structure.lattice.matrix;
  const frac = structure.sites.map((s) => s.frac);
  const out: string[] = [];
  let count = 0;
  let closest = { d: Infinity, i: 0, j: 0 };
  const d2min = minDistanceA * minDistanceA;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const d2 = minImageDistance2(m, frac[i], frac[j], i === j);
      if (d2 < d2min) {
        count++;
        if (d2 < closest.d) closest = { d: d2, i, j };
      }
    }
  }
  if (count > 0) {
    const { d, i, j } = closest;
    const what = i === j ? `site ${i + 1} and its own periodic image` : `sites ${i + 1} and ${j + 1}`;
    out.push(
      `${count} pair(s) of sites closer than ${minDistanceA} Å; closest: ${what} at ${round(Math.sqrt(d))} Å`,
    );
  }
  return out;
}

/** Squared minimum-image distance (Å²) over the 27 neighbouring images of the wrapped difference. */
function minImageDistance2(m: Mat3, a: readonly number[], b: readonly number[], self: boolean): number {
  const f0 = b[0] - a[0] - Math.round(b[0] - a[0]);
  const f1 = b[1] - a[1] - Math.round(b[1] - a[1]);
  const f2 = b[2] - a[2] - Math.round(b[2] - a[2]);
  let best = Infinity;
  for (let i = -1; i <= 1; i++)
    for (let j = -1; j <= 1; j++)
      for (let k = -1; k <= 1; k++) {
        if (self && i === 0 && j === 0 && k === 0) continue;
        const x = f0 + i;
        const y = f1 + j;
        const z = f2 + k;
        const cx = x * m[0][0] + y * m[1][0] + z * m[2][0];
        const cy = x * m[0][1] + y * m[1][1] + z * m[2][1];
        const cz = x * m[0][2] + y * m[1][2] + z * m[2][2];
        const d2 = cx * cx + cy * cy + cz * cz;
        if (d2 < best) best = d2;
      }
  return best;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
