import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { buildCrystalGraph } from '../../src/graph/crystal-graph.js';
import { batchGraphs } from '../../src/graph/batch.js';
import { TestFeaturizer } from './test-featurizer.js';

const feat = new TestFeaturizer();

test('batch: concatenated atoms, global neighbour indices, Gaussian edges, crystal offsets', () => {
  const s1 = Structure.fromSpecies(
    Lattice.cubic(3),
    ['Na', 'Cl'],
    [
      [0, 0, 0],
      [0.5, 0.5, 0.5],
    ],
  );
  const s2 = Structure.fromSpecies(
    Lattice.fromParameters(3, 4, 5, 80, 95, 100),
    ['Fe', 'O', 'C'],
    [
      [0.1, 0.2, 0.3],
      [0.6, 0.5, 0.1],
      [0.3, 0.8, 0.7],
    ],
  );
  const g1 = buildCrystalGraph(s1, feat, { radiusA: 3.5 }); // padded: 8 + 6 = 14 > 12, not padded
  const g2 = buildCrystalGraph(s2, feat);
  const b = batchGraphs([g1, g2, g1]);
  assert.equal(b.numAtoms, 7);
  assert.equal(b.numCrystals, 3);
  assert.deepEqual(Array.from(b.crystalOffsets), [0, 2, 5, 7]);
  assert.equal(b.edgeFeatureLength, 41);
  assert.equal(b.edgeFeatures.length, 7 * 12 * 41);
  const f = feat.length;
  assert.deepEqual(Array.from(b.atomFeatures.subarray(2 * f, 5 * f)), Array.from(g2.atomFeatures));
  for (let e = 0; e < 3 * 12; e++) assert.equal(b.neighborIndex[2 * 12 + e], g2.neighborIndex[e] + 2);
  for (let e = 0; e < 2 * 12; e++) assert.equal(b.neighborIndex[5 * 12 + e], g1.neighborIndex[e] + 5);
  // Each edge's features peak at the centre nearest its distance, with the reference formula.
  for (let e = 0; e < 7 * 12; e++) {
    const d = b.neighborDistanceA[e];
    for (const k of [0, 13, 20, 40]) {
      const x = d - 0.2 * k;
      assert.ok(Math.abs(b.edgeFeatures[41 * e + k] - Math.exp(-(x * x) / 0.04)) < 1e-6);
    }
  }
  // Every neighbour index stays inside its own crystal.
  for (let c = 0; c < 3; c++)
    for (let i = b.crystalOffsets[c]; i < b.crystalOffsets[c + 1]; i++)
      for (let k = 0; k < 12; k++) {
        const j = b.neighborIndex[12 * i + k];
        assert.ok(j >= b.crystalOffsets[c] && j < b.crystalOffsets[c + 1]);
      }
});

test('batch options: other Gaussian basis, no expansion; mismatched graphs are refused', () => {
  const s = Structure.fromSpecies(Lattice.cubic(3), ['Cu'], [[0, 0, 0]]);
  const g = buildCrystalGraph(s, feat);
  const b = batchGraphs([g], { stepA: 0.5, radiusA: 6 });
  assert.equal(b.edgeFeatureLength, 13);
  assert.equal(b.edgeFeatures.length, 12 * 13);
  assert.equal(batchGraphs([g], { expandEdges: false }).edgeFeatures.length, 0);
  const g6 = buildCrystalGraph(s, feat, { maxNeighbors: 6 });
  assert.throws(() => batchGraphs([g, g6]), RangeError);
  assert.throws(() => batchGraphs([]), RangeError);
});
