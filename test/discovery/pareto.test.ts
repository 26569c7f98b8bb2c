import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dominates, paretoRanks, paretoFront } from '../../src/discovery/pareto.js';
import { Rng } from '../../src/engine/random.js';

/** Ranks straight from the definition: peel off non-dominated sets one at a time. */
function bruteRanks(points: number[][]): number[] {
  const ranks = points.map(() => 0);
  let left = points.map((_, i) => i).filter((i) => points[i].every(Number.isFinite));
  for (let r = 1; left.length; r++) {
    const front = left.filter((i) => !left.some((j) => dominates(points[j], points[i])));
    front.forEach((i) => (ranks[i] = r));
    left = left.filter((i) => !front.includes(i));
  }
  return ranks;
}

test('2-objective sweep agrees with the definition on random points with ties', () => {
  const rng = new Rng(7);
  for (let trial = 0; trial < 50; trial++) {
    const n = 1 + rng.int(60);
    // Coarse values make exact ties common, the hard case for a sweep.
    const pts = Array.from({ length: n }, () => [rng.int(8), rng.int(8)]);
    assert.deepEqual([...paretoRanks(pts)], bruteRanks(pts), JSON.stringify(pts));
  }
});

test('3 objectives and non-finite values', () => {
  const pts = [
    [1, 2, 3],
    [3, 2, 1],
    [0, 0, 0],
    [NaN, 5, 5],
    [1, 2, 3],
  ];
  assert.deepEqual([...paretoRanks(pts)], [1, 1, 2, 0, 1]);
});

test('the front of hardness vs toughness is ordered by toughness', () => {
  const pts = [
    [6, 95], // diamond-like: tough and hard
    [7, 30], // tougher but softer
    [2, 20],
    [5, 96], // hardest
    [1, 1],
  ];
  assert.deepEqual(paretoFront(pts), [3, 0, 1]);
});
