/**
 * Where a crystal graph is not unique: an atom whose k-th and (k+1)-th nearest neighbours are different atoms
 * at the same distance (within a tolerance). Which of them is kept depends on tie order, so two correct
 * implementations may keep different neighbours there and predict slightly different values.
 */
import type { NeighborList } from '../structure/neighbors.js';

/** True if, for some site, distinct atoms tie across the cut after `maxNeighbors`. */
export function hasAmbiguousCut(list: NeighborList, maxNeighbors: number, toleranceA = 1e-4): boolean {
  for (let i = 0; i < list.numSites; i++) {
    const a = list.offsets[i];
    const b = list.offsets[i + 1];
    if (b - a <= maxNeighbors) continue;
    const dCut = list.distances[a + maxNeighbors - 1];
    let first = -1;
    let distinct = false;
    let straddles = false;
    for (let e = a; e < b && list.distances[e] <= dCut + toleranceA; e++) {
      if (Math.abs(list.distances[e] - dCut) > toleranceA) continue;
      if (first < 0) first = list.index[e];
      else if (list.index[e] !== first) distinct = true;
      if (e - a >= maxNeighbors) straddles = true;
    }
    if (straddles && distinct) return true;
  }
  return false;
}
