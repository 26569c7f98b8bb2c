import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lattice, type Vec3 } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { neighborList, type NeighborList } from '../../src/structure/neighbors.js';
import { neighborListBruteForce } from '../../src/structure/neighbors/brute-force.js';
import { neighborsToJson, neighborsToText } from '../../src/structure/neighbors/format.js';
import { Rng } from '../../src/engine/random.js';
import { XtalInputError } from '../../src/errors.js';

function randomLattice(rng: Rng, minLen: number, maxLen: number, minAngle = 30): Lattice {
  for (;;) {
    const [a, b, c] = [0, 1, 2].map(() => rng.range(minLen, maxLen));
    const [al, be, ga] = [0, 1, 2].map(() => rng.range(minAngle, 180 - minAngle));
    try {
      const l = Lattice.fromParameters(a, b, c, al, be, ga);
      if (l.volume > 0.2 * a * b * c) return l;
    } catch {
      // not a valid cell; draw again
    }
  }
}

function randomStructure(rng: Rng, lattice: Lattice, n: number, spread = 1): Structure {
  const coords = Array.from({ length: n }, () => [0, 1, 2].map(() => rng.range(-spread + 1, spread)) as Vec3);
  return Structure.fromSpecies(
    lattice,
    coords.map((_, i) => (i % 2 ? 'O' : 'Fe')),
    coords,
  );
}

function rows(list: NeighborList, i: number): string[] {
  const out: string[] = [];
  for (let p = list.offsets[i]; p < list.offsets[i + 1]; p++)
    out.push(`${list.index[p]} ${list.images[3 * p]} ${list.images[3 * p + 1]} ${list.images[3 * p + 2]}`);
  return out;
}

function assertSameLists(a: NeighborList, b: NeighborList, what: string): void {
  assert.equal(a.numSites, b.numSites);
  assert.deepEqual(Array.from(a.offsets), Array.from(b.offsets), `${what}: row lengths`);
  assert.deepEqual(Array.from(a.numWithinCutoff), Array.from(b.numWithinCutoff), `${what}: counts`);
  for (let i = 0; i < a.numSites; i++)
    assert.deepEqual(rows(a, i), rows(b, i), `${what}: site ${i} neighbours`);
  for (let p = 0; p < a.distances.length; p++)
    assert.ok(Math.abs(a.distances[p] - b.distances[p]) < 1e-10, `${what}: distance ${p}`);
}

test('simple cubic shells: 6 at a, 12 at a√2, 8 at a√3, 6 at 2a', () => {
  const s = Structure.fromSpecies(Lattice.cubic(3), ['Po'], [[0.3, 0.1, 0.7]]);
  const counts = [
    [3.1, 6],
    [4.3, 18],
    [5.3, 26],
    [6.1, 32],
  ];
  for (const [r, expected] of counts) {
    const list = neighborList(s, r);
    assert.equal(list.offsets[1], expected, `cutoff ${r}`);
  }
  const list = neighborList(s, 4.3);
  assert.ok(Math.abs(list.distances[0] - 3) < 1e-12);
  assert.ok(Math.abs(list.distances[17] - 3 * Math.SQRT2) < 1e-12);
});

test('fcc conventional cell: 12 nearest neighbours at a/√2, then 6 at a', () => {
  const a = 3.61;
  const s = Structure.fromSpecies(
    Lattice.cubic(a),
    ['Cu', 'Cu', 'Cu', 'Cu'],
    [
      [0, 0, 0],
      [0.5, 0.5, 0],
      [0.5, 0, 0.5],
      [0, 0.5, 0.5],
    ],
  );
  const list = neighborList(s, a * 1.01);
  for (let i = 0; i < 4; i++) {
    assert.equal(list.offsets[i + 1] - list.offsets[i], 18);
    const d = Array.from(list.distances.subarray(list.offsets[i], list.offsets[i + 1]));
    assert.ok(d.slice(0, 12).every((x) => Math.abs(x - a / Math.SQRT2) < 1e-12));
    assert.ok(d.slice(12).every((x) => Math.abs(x - a) < 1e-12));
  }
});

test('pair at exactly the cutoff is included (pymatgen: d² < r² + 1e-8)', () => {
  const s = Structure.fromSpecies(Lattice.cubic(4), ['Fe'], [[0, 0, 0]]);
  assert.equal(neighborList(s, 8).offsets[1], 32);
  assert.equal(neighborList(s, 8 - 1e-6).offsets[1], 26);
  assert.equal(neighborList(s, 8, { toleranceA2: 0 }).offsets[1], 26);
});

test('ordering: by distance, then j, then image', () => {
  const s = Structure.fromSpecies(
    Lattice.cubic(3),
    ['Na', 'Cl'],
    [
      [0, 0, 0],
      [0.5, 0.5, 0.5],
    ],
  );
  const list = neighborList(s, 3.01);
  // Site 0: 8 Cl at 2.598 (j=1), then 6 Na images at 3 (j=0).
  assert.deepEqual(rows(list, 0), [
    '1 -1 -1 -1',
    '1 -1 -1 0',
    '1 -1 0 -1',
    '1 -1 0 0',
    '1 0 -1 -1',
    '1 0 -1 0',
    '1 0 0 -1',
    '1 0 0 0',
    '0 -1 0 0',
    '0 0 -1 0',
    '0 0 0 -1',
    '0 0 0 1',
    '0 0 1 0',
    '0 1 0 0',
  ]);
  for (let i = 0; i < 2; i++)
    for (let p = list.offsets[i] + 1; p < list.offsets[i + 1]; p++)
      assert.ok(list.distances[p] >= list.distances[p - 1] - 1e-9);
});

test('images refer to the unwrapped site coordinates and reproduce the distances', () => {
  const rng = new Rng(7);
  const lattice = randomLattice(rng, 3, 6);
  const s = randomStructure(rng, lattice, 5, 3); // coordinates in [-2, 3)
  const list = neighborList(s, 6);
  for (let i = 0; i < s.numSites; i++)
    for (let p = list.offsets[i]; p < list.offsets[i + 1]; p++) {
      const j = list.index[p];
      const fi = s.sites[i].frac;
      const fj = s.sites[j].frac;
      const v = lattice.toCartesian([0, 1, 2].map((d) => fj[d] + list.images[3 * p + d] - fi[d]));
      assert.ok(Math.abs(Math.hypot(...v) - list.distances[p]) < 1e-9);
    }
});

test('the list is symmetric: (i, j, t, d) implies (j, i, -t, d)', () => {
  const rng = new Rng(11);
  const s = randomStructure(rng, randomLattice(rng, 3, 8), 9);
  const list = neighborList(s, 5);
  const set = new Set<string>();
  for (let i = 0; i < s.numSites; i++) for (const r of rows(list, i)) set.add(`${i} ${r}`);
  for (let i = 0; i < s.numSites; i++)
    for (let p = list.offsets[i]; p < list.offsets[i + 1]; p++) {
      const t = [0, 1, 2].map((d) => -list.images[3 * p + d] || 0);
      assert.ok(set.has(`${list.index[p]} ${i} ${t.join(' ')}`));
    }
});

test('agrees exactly with the brute-force reference on random triclinic cells', () => {
  const rng = new Rng(2024);
  for (let trial = 0; trial < 40; trial++) {
    const lattice = randomLattice(rng, 2.5, 12, 30);
    const n = 1 + rng.int(12);
    const s = randomStructure(rng, lattice, n, trial % 3 === 0 ? 2 : 1);
    const r = rng.range(1.5, 9);
    assertSameLists(neighborList(s, r), neighborListBruteForce(s, r), `trial ${trial} (r=${r.toFixed(2)})`);
    const k = rng.int(20);
    assertSameLists(
      neighborList(s, r, { maxNeighbors: k }),
      neighborListBruteForce(s, r, { maxNeighbors: k }),
      `trial ${trial} (r=${r.toFixed(2)}, k=${k})`,
    );
  }
});

test('strongly skewed cells (angles near 30° and 150°)', () => {
  const rng = new Rng(5);
  const lattices = [
    Lattice.fromParameters(4, 4, 4, 30, 30, 30),
    Lattice.fromParameters(3, 5, 7, 150, 110, 80),
    new Lattice([
      [6, 0, 0],
      [5.5, 1, 0],
      [5, 0.8, 1.2],
    ]),
  ];
  for (const lattice of lattices) {
    const s = randomStructure(rng, lattice, 4);
    assertSameLists(neighborList(s, 7), neighborListBruteForce(s, 7), `skewed ${lattice.parameters.alpha}`);
  }
});

test('tiny cell: one atom, cutoff ten times the cell', () => {
  const lattice = Lattice.fromParameters(1.1, 1.3, 0.9, 70, 80, 100);
  const s = Structure.fromSpecies(lattice, ['H'], [[0.2, 0.4, 0.9]]);
  const r = 11;
  const list = neighborList(s, r);
  assertSameLists(list, neighborListBruteForce(s, r), 'tiny cell');
  // Lattice points in a sphere: about 4/3 π r³ / V.
  const expected = ((4 / 3) * Math.PI * r ** 3) / lattice.volume;
  assert.ok(Math.abs(list.offsets[1] / expected - 1) < 0.02, `${list.offsets[1]} vs ${expected}`);
});

test('large cell with many bins agrees with brute force', () => {
  const rng = new Rng(99);
  const lattice = Lattice.fromParameters(21, 24, 19, 80, 95, 105);
  const s = randomStructure(rng, lattice, 300);
  const r = 4.5;
  const list = neighborList(s, r);
  assertSameLists(list, neighborListBruteForce(s, r), 'large cell');
  // Density check: about 4/3 π r³ (N/V) neighbours per site on average.
  const mean = list.index.length / s.numSites;
  const expected = ((4 / 3) * Math.PI * r ** 3 * s.numSites) / lattice.volume;
  assert.ok(Math.abs(mean / expected - 1) < 0.1, `${mean} vs ${expected}`);
});

test('maxNeighbors keeps the first k of the full ordered list and counts all', () => {
  const rng = new Rng(3);
  const s = randomStructure(rng, randomLattice(rng, 3, 7), 6);
  const full = neighborList(s, 8);
  const top = neighborList(s, 8, { maxNeighbors: 12 });
  for (let i = 0; i < s.numSites; i++) {
    assert.deepEqual(rows(top, i), rows(full, i).slice(0, 12));
    assert.equal(top.numWithinCutoff[i], full.offsets[i + 1] - full.offsets[i]);
  }
  assertSameLists(top, neighborListBruteForce(s, 8, { maxNeighbors: 12 }), 'top 12');
});

test('countAll: false gives the same k nearest; counts exact below k, at least k otherwise', () => {
  const rng = new Rng(8);
  for (let trial = 0; trial < 30; trial++) {
    const s = randomStructure(rng, randomLattice(rng, 2.5, 10, 35), 1 + rng.int(10), trial % 2 ? 2 : 1);
    const r = rng.range(2, 9);
    const k = 1 + rng.int(16);
    const fast = neighborList(s, r, { maxNeighbors: k, countAll: false });
    const ref = neighborListBruteForce(s, r, { maxNeighbors: k });
    assert.deepEqual(Array.from(fast.offsets), Array.from(ref.offsets), `trial ${trial}`);
    for (let i = 0; i < s.numSites; i++) {
      assert.deepEqual(rows(fast, i), rows(ref, i), `trial ${trial} site ${i}`);
      if (ref.numWithinCutoff[i] < k) assert.equal(fast.numWithinCutoff[i], ref.numWithinCutoff[i]);
      else assert.ok(fast.numWithinCutoff[i] >= k && fast.numWithinCutoff[i] <= ref.numWithinCutoff[i]);
    }
    for (let p = 0; p < ref.distances.length; p++)
      assert.ok(Math.abs(fast.distances[p] - ref.distances[p]) < 1e-10);
  }
});

test('maxNeighbors with ties across the k-th place keeps the smallest j, then image', () => {
  const s = Structure.fromSpecies(
    Lattice.cubic(2),
    ['Cu', 'Cu'],
    [
      [0, 0, 0],
      [0, 0, 0.5],
    ],
  );
  // Site 0: 2 neighbours at 1 Å (site 1, images c=0 and c=-1), then 6 at 2 Å (site 0 images).
  const list = neighborList(s, 3, { maxNeighbors: 5 });
  assert.deepEqual(rows(list, 0), ['1 0 0 -1', '1 0 0 0', '0 -1 0 0', '0 0 -1 0', '0 0 0 -1']);
  assert.equal(list.numWithinCutoff[0], neighborList(s, 3).offsets[1]);
  assert.deepEqual(rows(neighborList(s, 3, { maxNeighbors: 0 }), 0), []);
});

test('coincident distinct sites are neighbours at distance 0; the self pair is excluded', () => {
  const s = Structure.fromSpecies(
    Lattice.cubic(5),
    ['Ba', 'K'],
    [
      [0.1, 0.1, 0.1],
      [1.1, 0.1, 0.1],
    ],
  );
  const list = neighborList(s, 1);
  assert.deepEqual(rows(list, 0), ['1 -1 0 0']);
  assert.ok(list.distances[0] < 1e-12);
  assert.deepEqual(rows(list, 1), ['0 1 0 0']);
});

test('bad input throws XtalInputError', () => {
  const s = Structure.fromSpecies(Lattice.cubic(3), ['Fe'], [[0, 0, 0]]);
  assert.throws(() => neighborList(s, 0), XtalInputError);
  assert.throws(() => neighborList(s, Number.NaN), XtalInputError);
  assert.throws(() => neighborList(s, 3, { maxNeighbors: -1 }), XtalInputError);
  const bad = Structure.fromSpecies(Lattice.cubic(3), ['Fe'], [[Number.NaN, 0, 0]]);
  assert.throws(() => neighborList(bad, 3), XtalInputError);
});

test('a flat cell or an absurd cutoff is refused with XtalInputError', () => {
  const flat = Structure.fromSpecies(
    new Lattice([
      [3, 0, 0],
      [0, 3, 0],
      [3, 3, 0],
    ]),
    ['Fe'],
    [[0, 0, 0]],
  );
  assert.throws(() => neighborList(flat, 3), /no volume/);
  const tiny = Structure.fromSpecies(Lattice.cubic(0.01), ['Fe'], [[0, 0, 0]]);
  assert.throws(
    () => neighborList(tiny, 8),
    (e: unknown) => e instanceof XtalInputError && /wrong unit/.test(e.message),
  );
});

test('empty structure gives an empty list', () => {
  const s = new Structure(Lattice.cubic(3), []);
  const list = neighborList(s, 5);
  assert.equal(list.numSites, 0);
  assert.equal(list.offsets.length, 1);
});

test('neighborsToJson has the documented shape; text form lists every neighbour', () => {
  const s = new Structure(Lattice.cubic(3), [
    { species: [{ element: 'Fe', occu: 1 }], frac: [0, 0, 0] },
    {
      species: [
        { element: 'Ba', occu: 0.4 },
        { element: 'K', occu: 0.6 },
      ],
      frac: [0.5, 0.5, 0.5],
    },
  ]);
  const list = neighborList(s, 2.7);
  const json = neighborsToJson(s, list);
  assert.deepEqual(Object.keys(json), ['sites']);
  assert.deepEqual(json.sites[1].species, { Ba: 0.4, K: 0.6 });
  assert.equal(json.sites[0].neighbors.length, 8);
  assert.deepEqual(Object.keys(json.sites[0].neighbors[0]), ['j', 'image', 'distance']);
  assert.deepEqual(json.sites[0].neighbors[0].image, [-1, -1, -1]);
  assert.ok(Math.abs(json.sites[0].neighbors[0].distance - 1.5 * Math.sqrt(3)) < 1e-12);
  const round = JSON.parse(JSON.stringify(json));
  assert.deepEqual(round, json);
  const text = neighborsToText(s, list);
  assert.equal(text.trim().split('\n').length, 2 + 16);
  assert.match(text, /site 1 Ba0\.4K0\.6: 8 neighbours/);
});
