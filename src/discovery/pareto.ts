/**
 * Pareto ranks for maximising several objectives at once (e.g. hardness and fracture toughness).
 * Rank 1 is the non-dominated front; rank k the front left after removing ranks 1..k-1 (non-dominated
 * sorting, Deb et al., IEEE Trans. Evol. Comput. 6, 182 (2002)). Points with a non-finite objective get
 * rank 0 (not ranked).
 *
 * Two objectives use a sweep in O(n log n): visit points by the first objective, best first; a point's rank
 * is one more than the deepest front that already holds a point dominating it, and "front r dominates p"
 * is monotone in r (a point of front r+1 is dominated by one of front r), so a binary search finds it.
 * More objectives use the plain O(n² m) definition.
 */

/** True if a is at least as good as b in every objective and better in one (all maximised). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let k = 0; k < a.length; k++) {
    if (a[k] < b[k]) return false;
    if (a[k] > b[k]) better = true;
  }
  return better;
}

/** Pareto rank of every point (1 = front). Objectives are maximised. */
export function paretoRanks(points: readonly (readonly number[])[]): Int32Array {
  const ranks = new Int32Array(points.length);
  const valid: number[] = [];
  points.forEach((p, i) => p.every(Number.isFinite) && valid.push(i));
  if (valid.length === 0) return ranks;
  if (points[valid[0]].length === 2) return ranks2d(points, valid, ranks);
  let remaining = valid;
  for (let rank = 1; remaining.length; rank++) {
    const rest: number[] = [];
    for (const i of remaining) {
      if (remaining.some((j) => dominates(points[j], points[i]))) rest.push(i);
      else ranks[i] = rank;
    }
    remaining = rest;
  }
  return ranks;
}

function ranks2d(points: readonly (readonly number[])[], valid: number[], ranks: Int32Array): Int32Array {
  valid.sort((i, j) => points[j][0] - points[i][0] || points[j][1] - points[i][1]);
  // For each front so far: the largest second objective in it, and the first objective of the first point
  // that reached it (the largest such, since points arrive best-first).
  const maxY: number[] = [];
  const xAtMaxY: number[] = [];
  for (const i of valid) {
    const [x, y] = points[i];
    const dominatedBy = (r: number): boolean => maxY[r] > y || (maxY[r] === y && xAtMaxY[r] > x);
    let lo = 0;
    let hi = maxY.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dominatedBy(mid)) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = lo + 1;
    if (lo === maxY.length) {
      maxY.push(y);
      xAtMaxY.push(x);
    } else if (y > maxY[lo]) {
      maxY[lo] = y;
      xAtMaxY[lo] = x;
    }
  }
  return ranks;
}

/** Indices of the first front, sorted by the first objective ascending (ready to draw as a step line). */
export function paretoFront(points: readonly (readonly number[])[]): number[] {
  const ranks = paretoRanks(points);
  const idx: number[] = [];
  ranks.forEach((r, i) => r === 1 && idx.push(i));
  return idx.sort((i, j) => points[i][0] - points[j][0]);
}
