import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { buildCrystalGraph, graphParams } from '../../src/graph/crystal-graph.js';
import { gaussianBasis, gaussianExpand } from '../../src/graph/gaussian.js';
import { XtalInputError } from '../../src/errors.js';
import { Rng } from '../../src/engine/random.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';
import { TestFeaturizer } from './test-featurizer.js';

const feat = new TestFeaturizer();

function rockSalt(a: number): Structure {
  const na = [
    [0, 0, 0],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ];
  const cl = na.map((p) => p.map((x) => (x + 0.5) % 1));
  return Structure.fromSpecies(
    Lattice.cubic(a),
    [...na.map(() => 'Na'), ...cl.map(() => 'Cl')],
    [...na, ...cl],
    {
      properties: { id: 'NaCl' },
    },
  );
}

test('Gaussian basis: 41 centres 0..8 Å, sigma = step (CGCNN GaussianDistance)', () => {
  const b = gaussianBasis();
  assert.deepEqual(b, { dminA: 0, stepA: 0.2, count: 41, sigmaA: 0.2 });
  assert.equal(gaussianBasis({ radiusA: 6, stepA: 0.5 }).count, 13);
  assert.equal(gaussianBasis({ dminA: 0.7, radiusA: 5.2, stepA: 0.15 }).count, 31);
  const out = gaussianExpand([1.0, 1.1], new Float32Array(82));
  assert.ok(Math.abs(out[5] - 1) < 1e-7); // mu_5 = 1.0
  assert.ok(Math.abs(out[4] - Math.exp(-1)) < 1e-7); // (1.0 - 0.8)² / 0.2² = 1
  assert.ok(Math.abs(out[41 + 5] - Math.exp(-0.25)) < 1e-7);
  assert.ok(Math.abs(out[41 + 6] - Math.exp(-0.25)) < 1e-7);
  assert.throws(() => gaussianExpand([1, 2], new Float32Array(81)), RangeError);
});

test('Gaussian expansion equals the direct formula to float32 rounding, for any basis', () => {
  const rng = new Rng(17);
  const bases = [{}, { dminA: 0.5, stepA: 0.1, radiusA: 6 }, { stepA: 0.3, sigmaA: 0.5, radiusA: 10 }];
  for (const opts of bases) {
    const b = gaussianBasis(opts);
    const d = [0, 1e-7, 9, 50, -3, ...Array.from({ length: 2000 }, () => rng.range(0, 11))];
    const out = gaussianExpand(d, new Float32Array(d.length * b.count), opts);
    d.forEach((x, i) => {
      for (let k = 0; k < b.count; k++) {
        const y = x - (b.dminA + k * b.stepA);
        const ref = Math.exp(-(y * y) / (b.sigmaA * b.sigmaA));
        const got = out[i * b.count + k];
        assert.ok(Math.abs(got - ref) <= 1.2e-7 * ref + 1e-44, `d=${x} k=${k}: ${got} vs ${ref}`);
      }
    });
  }
});

test('rock salt: 6 Cl at a/2, then Na at a/√2; ties ordered by j', () => {
  const a = 5.64;
  const g = buildCrystalGraph(rockSalt(a), feat);
  assert.equal(g.numAtoms, 8);
  assert.equal(g.maxNeighbors, 12);
  assert.equal(g.atomFeatureLength, feat.length);
  assert.equal(g.paddedAtoms, 0);
  assert.deepEqual(g.warnings, []);
  for (let i = 0; i < 8; i++) {
    const d = Array.from(g.neighborDistanceA.subarray(12 * i, 12 * i + 12));
    const j = Array.from(g.neighborIndex.subarray(12 * i, 12 * i + 12));
    assert.ok(d.slice(0, 6).every((x) => Math.abs(x - a / 2) < 1e-5));
    assert.ok(d.slice(6).every((x) => Math.abs(x - a / Math.SQRT2) < 1e-5));
    const otherSpecies = i < 4 ? [4, 5, 6, 7] : [0, 1, 2, 3];
    assert.ok(j.slice(0, 6).every((x) => otherSpecies.includes(x)));
    assert.ok(j.slice(6).every((x) => !otherSpecies.includes(x)));
    for (let k = 7; k < 12; k++) assert.ok(j[k] >= j[k - 1], 'ties in j order');
  }
  // Features: Na one-hot at column 3, Z/100 last.
  assert.equal(g.atomFeatures[3], 1);
  assert.ok(Math.abs(g.atomFeatures[feat.length - 1] - 0.11) < 1e-7);
});

test('padding: index 0 at radius + 1, counted and warned; isolated atoms flagged', () => {
  const s = rockSalt(5.64);
  const g = buildCrystalGraph(s, feat, { radiusA: 3 });
  assert.equal(g.paddedAtoms, 8);
  assert.equal(g.isolatedAtoms, 0);
  assert.equal(g.warnings.length, 1);
  assert.match(g.warnings[0], /NaCl: 8 of 8 atoms have fewer than 12 neighbours within 3 Å/);
  for (let i = 0; i < 8; i++)
    for (let k = 6; k < 12; k++) {
      assert.equal(g.neighborIndex[12 * i + k], 0);
      assert.equal(g.neighborDistanceA[12 * i + k], 4);
    }
  const lonely = buildCrystalGraph(s, feat, { radiusA: 2, maxNeighbors: 4, paddingDistanceA: 7.5 });
  assert.equal(lonely.isolatedAtoms, 8);
  assert.equal(lonely.paddedAtoms, 8);
  assert.ok(lonely.neighborDistanceA.every((d) => d === 7.5));
  assert.match(lonely.warnings[0], /8 have none at all/);
});

test('every parameter is honoured', () => {
  const g = buildCrystalGraph(rockSalt(5.64), feat, { radiusA: 6, maxNeighbors: 20 });
  assert.equal(g.neighborIndex.length, 8 * 20);
  assert.equal(g.paddedAtoms, 0); // 6 + 12 + 8 = 26 within 6 Å
  assert.deepEqual(graphParams({ radiusA: 5 }), {
    radiusA: 5,
    maxNeighbors: 12,
    dminA: 0,
    stepA: 0.2,
    paddingDistanceA: 6,
  });
  assert.throws(() => graphParams({ maxNeighbors: 0 }), XtalInputError);
  assert.throws(() => graphParams({ radiusA: -1 }), XtalInputError);
});

test('mixed sites get occupancy-weighted features', () => {
  const s = new Structure(Lattice.cubic(4), [
    {
      species: [
        { element: 'Ba', occu: 0.4 },
        { element: 'K', occu: 0.6 },
      ],
      frac: [0, 0, 0],
    },
    { species: [{ element: 'O', occu: 0.5 }], frac: [0.5, 0.5, 0.5] },
  ]);
  const g = buildCrystalGraph(s, feat);
  const expected0 = feat.vector('Ba').map((x, k) => 0.4 * x + 0.6 * feat.vector('K')[k]);
  const expected1 = feat.vector('O').map((x) => 0.5 * x);
  expected0.forEach((x, k) => assert.ok(Math.abs(g.atomFeatures[k] - x) < 1e-7));
  expected1.forEach((x, k) => assert.ok(Math.abs(g.atomFeatures[feat.length + k] - x) < 1e-7));
});

test('unknown element and empty structure throw XtalInputError', () => {
  const s = Structure.fromSpecies(Lattice.cubic(4), ['Xe'], [[0, 0, 0]], { properties: { id: 'xe-1' } });
  assert.throws(
    () => buildCrystalGraph(s, feat),
    (e: unknown) => e instanceof XtalInputError && e.file === 'xe-1' && /site 0/.test(e.message),
  );
  assert.throws(() => buildCrystalGraph(new Structure(Lattice.cubic(4), []), feat), XtalInputError);
});

test(
  'graph distances equal the 12 nearest of pymatgen (reference neighbour lists)',
  { skip: skipUnlessShared('reference-neighbors', 'elastic-mp.json') },
  () => {
    type Ref = Record<
      string,
      {
        lattice: number[][];
        sites: { species: Record<string, number>; frac: number[]; nearest16: number[][] }[];
      }
    >;
    const data = JSON.parse(
      readFileSync(sharedDataPath('reference-neighbors', 'elastic-mp.json')!, 'utf8'),
    ) as Ref;
    const anyFeat = {
      name: 'ones',
      length: 1,
      has: () => true,
      siteFeatures: (_s: unknown, out: Float32Array, o: number) => {
        out[o] = 1;
      },
    };
    for (const [name, e] of Object.entries(data).slice(0, 60)) {
      const s = new Structure(
        new Lattice(e.lattice),
        e.sites.map((site) => ({
          species: Object.keys(site.species).map((el) => ({ element: el, occu: 1 })),
          frac: [site.frac[0], site.frac[1], site.frac[2]],
        })),
      );
      const g = buildCrystalGraph(s, anyFeat);
      e.sites.forEach((site, i) => {
        for (let k = 0; k < 12; k++)
          assert.ok(
            Math.abs(g.neighborDistanceA[12 * i + k] - site.nearest16[k][0]) < 2e-5,
            `${name} ${i} ${k}`,
          );
      });
    }
  },
);
