import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, tidy } from '../../src/engine/index.js';
import { defaultAtomFeaturizer } from '../../src/elements/index.js';
import { batchGraphs, batchMergedGraphs } from '../../src/graph/batch.js';
import { buildCrystalGraph, type CrystalGraph } from '../../src/graph/crystal-graph.js';
import { foldEdges, mergeEquivalentAtoms } from '../../src/graph/merge.js';
import { CrystalGraphConvNet, cgcnnInputs, type CgcnnInputs } from '../../src/models/cgcnn.js';
import { buildExample, EXAMPLE_CRYSTALS, exampleById } from '../../src/structure/examples/build.js';
import { Structure } from '../../src/structure/structure.js';
import { Rng } from '../../src/engine/random.js';

const featurizer = defaultAtomFeaturizer();
const graphs = EXAMPLE_CRYSTALS.map((e) => buildCrystalGraph(buildExample(e), featurizer));
const graphOf = (id: string): CrystalGraph => buildCrystalGraph(buildExample(exampleById(id)), featurizer);

/** The sorted (distance, neighbour class) pairs of row i, as strings. */
function shell(g: CrystalGraph, i: number, cls: (j: number) => number): string[] {
  const m = g.maxNeighbors;
  return Array.from(
    { length: m },
    (_, k) => `${g.neighborDistanceA[i * m + k]}:${cls(g.neighborIndex[i * m + k])}`,
  ).sort();
}

test('merged nodes reproduce every atom: same features, same neighbour shell one round back', () => {
  // A node stands for atoms of one class after 3 rounds. Their neighbours agree in class after 2 rounds
  // (which fixes their features through 2 layers, all the third layer reads), not necessarily after 3.
  for (const g of graphs) {
    const mg = mergeEquivalentAtoms(g, 3);
    const prev = mergeEquivalentAtoms(g, 2).atomRows;
    const f = g.atomFeatureLength;
    assert.equal(mg.atomRows.length, g.numAtoms);
    assert.equal(mg.numAtoms, g.numAtoms);
    const first = new Map<number, number>();
    mg.atomRows.forEach((r, a) => first.has(r) || first.set(r, a));
    for (let a = 0; a < g.numAtoms; a++) {
      const r = mg.atomRows[a];
      assert.ok(r >= 0 && r < mg.graph.numAtoms);
      assert.deepEqual(
        mg.graph.atomFeatures.subarray(r * f, (r + 1) * f),
        g.atomFeatures.subarray(a * f, (a + 1) * f),
      );
      assert.deepEqual(
        shell(mg.graph, r, (c) => prev[first.get(c)!]),
        shell(g, a, (j) => prev[j]),
      );
    }
  }
});

test('folded edges: each (neighbour, distance) once per node, weights add up to the neighbour list', () => {
  for (const g of graphs) {
    const mg = mergeEquivalentAtoms(g, 3);
    const n = mg.graph.numAtoms;
    const m = g.maxNeighbors;
    const ed = mg.edges;
    assert.equal(ed.offsets.length, n + 1);
    for (let i = 0; i < n; i++) {
      const expanded: string[] = [];
      const seen = new Set<string>();
      for (let e = ed.offsets[i]; e < ed.offsets[i + 1]; e++) {
        const key = `${ed.neighborIndex[e]}:${ed.neighborDistanceA[e]}`;
        assert.ok(!seen.has(key), `node ${i} repeats ${key}`);
        seen.add(key);
        for (let r = 0; r < ed.weight[e]; r++) expanded.push(key);
      }
      const original = Array.from(
        { length: m },
        (_, k) => `${mg.graph.neighborIndex[i * m + k]}:${mg.graph.neighborDistanceA[i * m + k]}`,
      );
      assert.deepEqual(expanded.sort(), original.sort());
    }
  }
  // fcc Cu: one node whose 12 nearest neighbours are one edge of weight 12.
  const cu = foldEdges(mergeEquivalentAtoms(graphOf('Cu'), 3).graph);
  assert.deepEqual(Array.from(cu.weight), [12]);
});

test('classes of well-known crystals: one for diamond, Si, fcc and bcc metals; two for NaCl, cBN, CsCl; three for SrTiO3 and MgAl2O4', () => {
  const classes = (id: string) => mergeEquivalentAtoms(graphOf(id), 3).graph.numAtoms;
  for (const id of ['diamond', 'Si', 'Cu', 'Fe', 'W']) assert.equal(classes(id), 1, id);
  for (const id of ['NaCl', 'cBN', 'CsCl', 'MgO', 'CaF2', 'TiO2']) assert.equal(classes(id), 2, id);
  for (const id of ['SrTiO3', 'MgAl2O4']) assert.equal(classes(id), 3, id);
});

test('a distorted cell merges nothing: the graph comes back unchanged', () => {
  const s = buildExample(exampleById('NaCl'));
  const rng = new Rng(3);
  const moved = new Structure(
    s.lattice,
    s.sites.map((site) => ({
      ...site,
      frac: [site.frac[0] + 0.01 * rng.uniform(), site.frac[1] + 0.01 * rng.uniform(), site.frac[2]] as [
        number,
        number,
        number,
      ],
    })),
  );
  const g = buildCrystalGraph(moved, featurizer);
  const mg = mergeEquivalentAtoms(g, 3);
  assert.equal(mg.graph, g);
  assert.deepEqual(
    Array.from(mg.atomRows),
    Array.from({ length: g.numAtoms }, (_, i) => i),
  );
});

test('more rounds split more: B13C2 has 2 element classes, more after 1 round, more after 3', () => {
  const g = graphOf('B13C2');
  const n = [0, 1, 3].map((r) => mergeEquivalentAtoms(g, r).graph.numAtoms);
  assert.equal(n[0], 2);
  assert.ok(n[1] > n[0] && n[2] > n[1], `classes ${n.join(', ')}`);
});

function run(model: CrystalGraphConvNet, inputs: CgcnnInputs): { crystal: number[]; atom: number[] } {
  return noGrad(() =>
    tidy(() => {
      const o = model.forward(inputs);
      return { crystal: Array.from(o.crystal.data), atom: Array.from(o.atom!.data) };
    }),
  );
}

function close(a: number[], b: number[], tol: number, what: string): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++)
    assert.ok(Math.abs(a[i] - b[i]) <= tol * Math.max(1, Math.abs(b[i])), `${what} ${i}: ${a[i]} vs ${b[i]}`);
}

test('an eval-mode CGCNN gives the same crystal and per-atom outputs on merged and full graphs', () => {
  for (const nConv of [1, 3]) {
    const model = new CrystalGraphConvNet(
      { atomFeaLen: 32, hFeaLen: 32, nConv, nAtomOut: 2 },
      11 + nConv,
    ).eval();
    // Non-trivial BatchNorm statistics, as a trained model has.
    for (const conv of model.convs.items)
      for (const bn of [conv.bn1, conv.bn2]) {
        const rng = new Rng(nConv);
        bn.runningMean!.data.forEach((_, i, a) => (a[i] = 0.3 * rng.normal()));
        bn.runningVar!.data.forEach((_, i, a) => (a[i] = 0.5 + rng.uniform()));
      }
    const full = tidy(() => run(model, cgcnnInputs(batchGraphs(graphs))));
    const merged = tidy(() =>
      run(model, cgcnnInputs(batchMergedGraphs(graphs.map((g) => mergeEquivalentAtoms(g, nConv))))),
    );
    close(merged.crystal, full.crystal, 2e-5, `nConv ${nConv} crystal`);
    close(merged.atom, full.atom, 2e-5, `nConv ${nConv} atom`);
    // Too few rounds merges atoms the network tells apart (B13C2): the outputs then differ.
    if (nConv === 3) {
      const b = [graphOf('B13C2')];
      const ref = tidy(() => run(model, cgcnnInputs(batchGraphs(b))));
      const under = tidy(() =>
        run(model, cgcnnInputs(batchMergedGraphs(b.map((g) => mergeEquivalentAtoms(g, 0))))),
      );
      assert.ok(
        Math.abs(under.crystal[0] - ref.crystal[0]) > 1e-4,
        'merging by element alone should change B13C2',
      );
    }
  }
});

test('a training-mode network refuses merged graphs', () => {
  const model = new CrystalGraphConvNet({ atomFeaLen: 8, hFeaLen: 8, nConv: 1 }, 1);
  const inputs = cgcnnInputs(batchMergedGraphs(graphs.slice(0, 3).map((g) => mergeEquivalentAtoms(g, 1))));
  assert.throws(() => tidy(() => model.forward(inputs)), /inference/);
});
