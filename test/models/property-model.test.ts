import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryStats } from '../../src/engine/index.js';
import { defaultAtomFeaturizer } from '../../src/elements/index.js';
import { buildCrystalGraph } from '../../src/graph/crystal-graph.js';
import { CrystalGraphConvNet } from '../../src/models/cgcnn.js';
import { loadModel, saveModelDir } from '../../src/models/property-model.js';
import { predictGraphs } from '../../src/models/predict.js';
import { buildExample, EXAMPLE_CRYSTALS } from '../../src/structure/examples/build.js';

const featurizer = defaultAtomFeaturizer();
const graphs = EXAMPLE_CRYSTALS.slice(0, 12).map((e) => buildCrystalGraph(buildExample(e), featurizer));

function ensembleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xtal-ens-'));
  const members = [1, 2, 3].map((seed) => ({
    name: `m${seed}`,
    model: new CrystalGraphConvNet({ atomFeaLen: 16, hFeaLen: 16, nConv: 2 }, seed).eval(),
    normalizer: { mean: [2], std: [0.3] },
  }));
  saveModelDir(dir, { name: 'test', task: 'regression', targets: [{ name: 'log10_K', unit: 'log10(GPa)', transform: 'none' }], graph: {} }, members, featurizer);
  return dir;
}

test('an ensemble predicts the mean and sample standard deviation of its members, as saved and reloaded', () => {
  const model = loadModel(ensembleDir());
  const p = model.predictGraphs(graphs);
  const each = model.members.map((m) => predictGraphs(m, graphs));
  graphs.forEach((_, c) => {
    const v = each.map((e) => e[c][0]);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
    assert.ok(Math.abs(p.mean[c][0] - mean) < 1e-6);
    assert.ok(Math.abs(p.std[c][0] - sd) < 1e-6);
    // The ensemble merges equivalent atoms and folds repeated edges (graph/merge.ts); the single-member
    // path runs every atom: the same values to float32 rounding.
    p.members.forEach((m, k) => assert.ok(Math.abs(m[c][0] - v[k]) <= 1e-5 * Math.max(1, Math.abs(v[k])), `member ${k}`));
  });
});

test('predicting many batches does not grow the engine memory', () => {
  const model = loadModel(ensembleDir());
  model.predictGraphs(graphs);
  const before = memoryStats().bytesInUse;
  for (let i = 0; i < 20; i++) model.predictGraphs(graphs);
  predictGraphs(model.members[0], graphs);
  assert.equal(memoryStats().bytesInUse, before);
});
