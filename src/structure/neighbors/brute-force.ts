/**
 * Plain reference neighbour list: every pair of sites, every lattice translation in a range wide enough to
 * hold the cutoff sphere, distance computed from the unwrapped fractional coordinates. Quadratic in the
 * number of sites and slow for tiny cells; used to check the cell-binning list exactly.
 */
import type { Structure } from '../structure.js';
import {
  checkCell,
  checkCutoff,
  DEFAULT_TOLERANCE_A2,
  PairSink,
  RowBuffer,
  type NeighborList,
  type NeighborListOptions,
} from '../neighbors.js';

export function neighborListBruteForce(
  structure: Structure,
  cutoffA: number,
  options: NeighborListOptions = {},
): NeighborList {
  const tol = options.toleranceA2 ?? DEFAULT_TOLERANCE_A2;
  checkCutoff(cutoffA, tol);
  const m = structure.lattice.matrix;
  const widths = checkCell(structure, cutoffA, tol);
  const r2 = cutoffA * cutoffA + tol;
  const reach = widths.map((w) => Math.sqrt(r2) / w);
  const sites = structure.sites;
  const n = sites.length;
  const out = new PairSink(options.maxNeighbors, n);
  const row = new RowBuffer();
  for (let i = 0; i < n; i++) {
    row.reset();
    const fi = sites[i].frac;
    for (let j = 0; j < n; j++) {
      const fj = sites[j].frac;
      // Translations t with |fj + t - fi|_d <= reach_d, widened by one on each side.
      const lo = [0, 1, 2].map((d) => Math.floor(fi[d] - fj[d] - reach[d]) - 1);
      const hi = [0, 1, 2].map((d) => Math.ceil(fi[d] - fj[d] + reach[d]) + 1);
      for (let t0 = lo[0]; t0 <= hi[0]; t0++)
        for (let t1 = lo[1]; t1 <= hi[1]; t1++)
          for (let t2 = lo[2]; t2 <= hi[2]; t2++) {
            if (i === j && t0 === 0 && t1 === 0 && t2 === 0) continue;
            const u = [fj[0] + t0 - fi[0], fj[1] + t1 - fi[1], fj[2] + t2 - fi[2]];
            let dd = 0;
            for (let x = 0; x < 3; x++) {
              const c = u[0] * m[0][x] + u[1] * m[1][x] + u[2] * m[2][x];
              dd += c * c;
            }
            if (dd < r2) row.push(j, t0, t1, t2, Math.sqrt(dd));
          }
    }
    out.addRow(row);
  }
  return out.finish(cutoffA);
}
