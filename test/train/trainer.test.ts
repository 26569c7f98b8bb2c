import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExample, EXAMPLE_CRYSTALS } from '../../src/structure/examples/build.js';
import { buildCrystalGraph } from '../../src/graph/crystal-graph.js';
import { defaultAtomFeaturizer } from '../../src/elements/index.js';
import { trainSplit, TRAIN_DEFAULTS, type TrainSettings } from '../../src/train/trainer.js';
import { randomSplit } from '../../src/train/splits.js';
import { loadTrainingData, type TrainingSample } from '../../src/train/data.js';
import { writeCif } from '../../src/structure/io/cif.js';
import { XtalInputError } from '../../src/errors.js';

const featurizer = defaultAtomFeaturizer();

/** The examples at three volumes each; target: volume per atom (Å³), which the graph's bond lengths determine. */
function volumeSamples(): TrainingSample[] {
  const out: TrainingSample[] = [];
  for (const e of EXAMPLE_CRYSTALS) {
    const s0 = buildExample(e);
    for (const f of [0.92, 1, 1.08]) {
      const s = s0.scaledToVolume(s0.volume * f);
      out.push({
        id: `${e.id}@${f}`,
        graph: buildCrystalGraph(s, featurizer, { radiusA: 6, maxNeighbors: 8 }),
        targets: Float64Array.of(s.volumePerAtomA3),
        formula: e.formula,
      });
    }
  }
  return out;
}

const small: TrainSettings = {
  ...TRAIN_DEFAULTS,
  optimizer: 'adam',
  lr: 0.01,
  schedule: 'none',
  epochs: 40,
  batchSize: 32,
  model: { atomFeaLen: 16, hFeaLen: 16, nConv: 2 },
  graph: { radiusA: 6, maxNeighbors: 8 },
};

test('a CGCNN learns volume per atom from the crystal graph far better than the mean predictor', () => {
  const samples = volumeSamples();
  const split = randomSplit(samples.length, [0.7, 0.15, 0.15], 5);
  const r = trainSplit(samples, split, small);
  const trainMean = split.train.reduce((a, i) => a + samples[i].targets[0], 0) / split.train.length;
  const baseline =
    split.test.reduce((a, i) => a + Math.abs(samples[i].targets[0] - trainMean), 0) / split.test.length;
  const mae = r.testMetrics.mae as number;
  assert.ok(
    mae < 0.35 * baseline,
    `test MAE ${mae.toFixed(3)} Å³ vs mean-predictor ${baseline.toFixed(3)} Å³`,
  );
  assert.ok(r.history[r.history.length - 1].trainLoss < r.history[0].trainLoss / 3, 'training loss falls');
  assert.equal(r.testPredictions.length, split.test.length);
});

test('same seed, same weights; an interrupted run resumed from its checkpoint ends identical', () => {
  const samples = volumeSamples().slice(0, 60);
  const split = randomSplit(samples.length, [0.7, 0.15, 0.15], 2);
  const settings = {
    ...small,
    epochs: 4,
    optimizer: 'sgd' as const,
    lr: 0.02,
    schedule: 'multistep' as const,
    lrMilestones: [2],
  };
  const weights = (r: ReturnType<typeof trainSplit>): number[] =>
    [...r.model.stateDict().values()].flatMap((t) => [...t.data]);
  const a = trainSplit(samples, split, settings);
  const b = trainSplit(samples, split, settings);
  assert.deepEqual(weights(a), weights(b));

  const dir = mkdtempSync(join(tmpdir(), 'xtal-ckpt-'));
  class Interrupt extends Error {}
  assert.throws(
    () =>
      trainSplit(samples, split, settings, {
        checkpointDir: dir,
        callbacks: {
          afterCheckpoint: (epoch) => {
            if (epoch === 1) throw new Interrupt('killed after epoch 1');
          },
        },
      }),
    Interrupt,
  );
  const resumed = trainSplit(samples, split, settings, { checkpointDir: dir, resume: true });
  assert.equal(resumed.history.length, 4);
  assert.deepEqual(weights(resumed), weights(a));
  assert.deepEqual(
    resumed.history.map((h) => h.valMae[0]),
    a.history.map((h) => h.valMae[0]),
  );
});

test('several targets train together; a missing value masks only that target', () => {
  const samples = volumeSamples().map((s, i) => ({
    ...s,
    targets: Float64Array.of(s.targets[0], i % 3 === 0 ? NaN : Math.log(s.targets[0])),
  }));
  const split = randomSplit(samples.length, [0.8, 0.1, 0.1], 9);
  const r = trainSplit(samples, split, { ...small, epochs: 25 });
  assert.equal(r.normalizer!.mean.length, 2);
  assert.ok(r.history.every((h) => Number.isFinite(h.trainLoss)));
  const per = (r.testMetrics as { perTarget: Array<{ mae: number; n: number }> }).perTarget;
  assert.equal(per.length, 2);
  assert.ok(per[1].n < split.test.length || split.test.every((i) => i % 3 !== 0));
  assert.ok(per.every((m) => Number.isFinite(m.mae)));
});

test('classification: log-softmax head, ROC-AUC as the selection score', () => {
  const samples = volumeSamples().map((s) => ({ ...s, targets: Float64Array.of(s.targets[0] > 14 ? 1 : 0) }));
  const split = randomSplit(samples.length, [0.7, 0.15, 0.15], 4);
  const r = trainSplit(samples, split, {
    ...small,
    epochs: 25,
    model: { ...small.model, task: 'classification' },
  });
  const auc = (r.testMetrics as { rocAuc: number }).rocAuc;
  assert.ok(auc > 0.75, `ROC-AUC ${auc}`);
  assert.ok(r.testPredictions.every((p) => p[0] >= 0 && p[0] <= 1));
});

test('loading data: bad rows are skipped with reasons, a wrong column is a clear error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xtal-data-'));
  mkdirSync(join(dir, 'cifs'));
  const ids = ['diamond', 'NaCl', 'MgO', 'Cu', 'Si'];
  for (const id of ids)
    writeFileSync(
      join(dir, 'cifs', `${id}.cif`),
      writeCif(buildExample(EXAMPLE_CRYSTALS.find((e) => e.id === id)!)),
    );
  writeFileSync(
    join(dir, 'targets.csv'),
    'material_id,K,G\ndiamond,443,535\nNaCl,25,\nMgO,abc,130\nCu,-5,47\nSi,98,66\nghost,1,1\n',
  );
  const d = await loadTrainingData({
    data: join(dir, 'targets.csv'),
    targets: ['K'],
    transform: 'log10',
    featurizer,
  });
  assert.deepEqual(d.samples.map((s) => s.id).sort(), ['NaCl', 'Si', 'diamond']);
  const reasons = Object.fromEntries(d.skipped.map((s) => [s.id, s.reason]));
  assert.match(reasons.MgO, /not a number/);
  assert.match(reasons.Cu, /log10/);
  assert.ok(reasons.ghost, 'an id without a structure file is reported');
  const two = await loadTrainingData({ data: join(dir, 'targets.csv'), targets: ['K', 'G'], featurizer });
  const nacl = two.samples.find((s) => s.id === 'NaCl')!;
  assert.ok(Number.isNaN(nacl.targets[1]) && nacl.targets[0] === 25, 'missing G masked, K kept');
  await assert.rejects(
    loadTrainingData({ data: join(dir, 'targets.csv'), targets: ['E'], featurizer }),
    (e: unknown) => e instanceof XtalInputError && /"E" not in the data/.test(e.message),
  );
});

test('a per-atom target trains a node-level head (here: the atomic number, learnable from the atom features)', async () => {
  const { noGrad, tidy } = await import('../../src/engine/index.js');
  const { batchGraphs } = await import('../../src/graph/batch.js');
  const { cgcnnInputs } = await import('../../src/models/cgcnn.js');
  const { element } = await import('../../src/elements/index.js');
  const samples: TrainingSample[] = EXAMPLE_CRYSTALS.map((e) => {
    const s = buildExample(e);
    return {
      id: e.id,
      graph: buildCrystalGraph(s, featurizer, { radiusA: 6, maxNeighbors: 8 }),
      targets: Float64Array.of(NaN),
      atomTargets: Float64Array.from(s.sites.map((site) => element(site.species[0].element).Z / 10)),
      formula: e.formula,
    };
  });
  const split = randomSplit(samples.length, [0.7, 0.1, 0.2], 1);
  const r = trainSplit(samples, split, { ...small, epochs: 80 });
  assert.equal(r.model.config.nAtomOut, 1);
  assert.ok(r.bestEpoch > 0, 'the per-atom error drives model selection');
  const test = split.test.map((i) => samples[i]);
  const errs = noGrad(() =>
    tidy(() => {
      const out = r.model.forward(
        cgcnnInputs(
          batchGraphs(
            test.map((s) => s.graph),
            { radiusA: 6 },
          ),
        ),
      ).atom!;
      const truth = test.flatMap((s) => [...s.atomTargets!]);
      return truth.map((t, i) => Math.abs(out.data[i] - t));
    }),
  );
  const truth = test.flatMap((s) => [...s.atomTargets!]);
  const mean = truth.reduce((a, b) => a + b, 0) / truth.length;
  const baseline = truth.reduce((a, t) => a + Math.abs(t - mean), 0) / truth.length;
  const mae = errs.reduce((a, b) => a + b, 0) / errs.length;
  assert.ok(mae < 0.6 * baseline, `per-atom MAE ${mae.toFixed(3)} vs baseline ${baseline.toFixed(3)}`);
});

test('a crystal with an atom that has no neighbour within the cutoff is skipped with the reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xtal-iso-'));
  mkdirSync(join(dir, 'cifs'));
  for (const id of ['diamond', 'NaCl', 'Si'])
    writeFileSync(
      join(dir, 'cifs', `${id}.cif`),
      writeCif(buildExample(EXAMPLE_CRYSTALS.find((e) => e.id === id)!)),
    );
  writeFileSync(join(dir, 'targets.csv'), 'id,y\ndiamond,1\nNaCl,2\nSi,3\n');
  const d = await loadTrainingData({
    data: join(dir, 'targets.csv'),
    targets: ['y'],
    featurizer,
    graph: { radiusA: 2.5 },
  });
  assert.deepEqual(d.samples.map((s) => s.id).sort(), ['Si', 'diamond']);
  assert.match(d.skipped[0].reason, /no neighbour within the cutoff/);
});
