/**
 * The training loop for one train/validation/test split of crystal graphs:
 * targets standardised with the training mean and std; minibatches shuffled by a seed-and-epoch generator
 * (so a resumed run draws the same batches); MSE (regression, missing targets masked) or NLL
 * (classification); any optimizer and schedule; the model with the best validation MAE (regression) or
 * ROC-AUC (classification) kept; optional early stopping; a checkpoint after every epoch holding weights,
 * optimizer and schedule state, history and the best model, written atomically, from which `resume`
 * continues exactly as if the run had not been interrupted.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { add, backward, mul, noGrad, tidy, type FloatArray, type Tensor } from '../engine/index.js';
import { Rng } from '../engine/random.js';
import { XtalInputError } from '../errors.js';
import { batchGraphs } from '../graph/batch.js';
import { gaussianBasis } from '../graph/gaussian.js';
import type { CrystalGraphOptions } from '../graph/crystal-graph.js';
import { cgcnnInputs, CrystalGraphConvNet, type CgcnnConfig } from '../models/cgcnn.js';
import { mseLoss, nllLoss } from '../nn/losses.js';
import { clipGradNorm } from '../nn/optim/index.js';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../nn/safetensors.js';
import { loadStateDict } from '../nn/state-dict.js';
import type { TrainingSample } from './data.js';
import { classificationMetrics, regressionMetrics } from './metrics.js';
import {
  makeOptimizer,
  makeSchedule,
  type OptimizerSettings,
  type ScheduleSettings,
} from './optim-factory.js';
import type { Split } from './splits.js';

export interface TrainSettings extends OptimizerSettings, Omit<ScheduleSettings, 'stepsPerEpoch'> {
  batchSize: number;
  seed: number;
  /** Stop after this many epochs without a better validation score (0: never). */
  patience: number;
  /** Clip the global gradient norm (0: off). */
  clipNorm: number;
  model: Partial<CgcnnConfig>;
  graph: CrystalGraphOptions;
  /** Start from these weights (transfer learning); keys or shapes that do not fit are left as initialised. */
  initFrom?: Map<string, { shape: readonly number[]; data: ArrayLike<number> }>;
  /** Keep the embedding and convolution layers fixed (with initFrom). */
  freezeConv: boolean;
  /** Weight of the per-atom loss relative to the crystal loss. */
  atomLossWeight: number;
}

export const TRAIN_DEFAULTS: Omit<TrainSettings, 'model' | 'graph'> = {
  optimizer: 'sgd',
  lr: 0.01,
  momentum: 0.9,
  weightDecay: 0,
  nesterov: false,
  schedule: 'multistep',
  lrMilestones: [100],
  gamma: 0.1,
  stepSize: 30,
  epochs: 30,
  plateauPatience: 10,
  batchSize: 256,
  seed: 0,
  patience: 0,
  clipNorm: 0,
  freezeConv: false,
  atomLossWeight: 1,
};

export interface EpochStats {
  epoch: number;
  lr: number;
  trainLoss: number;
  /** Validation MAE per target in target units (regression), or ROC-AUC (classification). */
  valMae: number[];
  valAuc?: number;
  /** The score used for model selection (lower is better: mean normalised MAE, or 1 − AUC). */
  valScore: number;
  seconds: number;
}

export interface TrainResult {
  model: CrystalGraphConvNet;
  normalizer: { mean: number[]; std: number[] } | null;
  history: EpochStats[];
  bestEpoch: number;
  /** Predictions of the best model on the test rows, in target units ([row][target]; classification: p(class 1)). */
  testPredictions: number[][];
  testMetrics: Record<string, unknown>;
  valMetrics: Record<string, unknown>;
  secondsTotal: number;
}

export interface TrainCallbacks {
  onBatch?(info: { epoch: number; batch: number; batches: number; loss: number }): void;
  onEpoch?(stats: EpochStats): void;
  /** Called after the checkpoint of each epoch is safely on disk (tests use it to interrupt a run). */
  afterCheckpoint?(epoch: number): void;
}

export function trainSplit(
  samples: TrainingSample[],
  split: Split,
  settings: TrainSettings,
  options: { checkpointDir?: string; resume?: boolean; callbacks?: TrainCallbacks } = {},
): TrainResult {
  const t0 = Date.now();
  const task = settings.model.task ?? 'regression';
  const nTargets = samples[0].targets.length;
  if (split.train.length < 2)
    throw new XtalInputError(`training set has ${split.train.length} rows; at least 2 are needed`);
  const orig = samples[0].graph.atomFeatureLength;
  const nAtomOut = samples[0].atomTargets ? samples[0].atomTargets.length / samples[0].graph.numAtoms : 0;
  const config: Partial<CgcnnConfig> = {
    ...settings.model,
    origAtomFeaLen: orig,
    nbrFeaLen: gaussianBasis({
      dminA: settings.graph.dminA,
      stepA: settings.graph.stepA,
      radiusA: settings.graph.radiusA,
    }).count,
    nOut: task === 'classification' ? 1 : nTargets,
    nAtomOut: Math.round(nAtomOut),
  };
  const model = new CrystalGraphConvNet(config, settings.seed);
  if (settings.initFrom) initFromWeights(model, settings.initFrom);
  const normalizer =
    task === 'regression' ? fitNormalizer(samples, split.train, nTargets, nAtomOut > 0) : null;
  const atomStd = nAtomOut > 0 ? atomTargetStd(samples, split.train) : 1;
  const trainable = settings.freezeConv
    ? model
        .namedParameters()
        .filter(([k]) => !k.startsWith('embedding.') && !k.startsWith('convs.'))
        .map(([, t]) => t)
    : model.parameters();
  const batchesPerEpoch = Math.ceil(split.train.length / settings.batchSize);
  const opt = makeOptimizer(trainable, settings);
  const schedule = makeSchedule(opt, { ...settings, stepsPerEpoch: batchesPerEpoch });

  let history: EpochStats[] = [];
  let bestScore = Infinity;
  let bestEpoch = -1;
  let bestWeights: Map<string, NamedTensor> | null = null;
  let startEpoch = 0;
  let sinceBest = 0;
  const ckptPath = options.checkpointDir ? join(options.checkpointDir, 'checkpoint.safetensors') : null;
  if (ckptPath && options.resume && existsSync(ckptPath)) {
    const st = restoreCheckpoint(ckptPath, model, opt, schedule);
    history = st.history;
    bestScore = st.bestScore;
    bestEpoch = st.bestEpoch;
    bestWeights = st.bestWeights;
    startEpoch = st.epoch + 1;
    sinceBest = st.sinceBest;
  }

  for (let epoch = startEpoch; epoch < settings.epochs; epoch++) {
    if (settings.patience > 0 && sinceBest >= settings.patience) break;
    const te = Date.now();
    model.train();
    const order = new Rng(settings.seed * 1000003 + epoch).shuffle([...split.train]);
    let lossSum = 0;
    let lossCount = 0;
    for (let b = 0; b < batchesPerEpoch; b++) {
      const rows = order.slice(b * settings.batchSize, (b + 1) * settings.batchSize);
      if (rows.length < 2) continue; // BatchNorm needs batch statistics
      const loss = trainStep(model, samples, rows, normalizer, task, settings);
      if (settings.clipNorm > 0) clipGradNorm(trainable, settings.clipNorm);
      opt.step();
      opt.zeroGrad();
      schedule.batchEnd();
      lossSum += loss * rows.length;
      lossCount += rows.length;
      options.callbacks?.onBatch?.({ epoch, batch: b + 1, batches: batchesPerEpoch, loss });
    }
    const lr = opt.lr;
    const val = split.val.length
      ? evaluateRows(model, samples, split.val, normalizer, task, settings.graph, atomStd)
      : null;
    const valMae = val?.mae ?? [];
    const valScore = val ? val.score : lossSum / Math.max(1, lossCount);
    schedule.epochEnd(valScore);
    const stats: EpochStats = {
      epoch,
      lr,
      trainLoss: lossSum / Math.max(1, lossCount),
      valMae,
      valAuc: val?.auc,
      valScore,
      seconds: (Date.now() - te) / 1000,
    };
    history.push(stats);
    if (valScore < bestScore) {
      bestScore = valScore;
      bestEpoch = epoch;
      bestWeights = snapshot(model);
      sinceBest = 0;
    } else sinceBest++;
    options.callbacks?.onEpoch?.(stats);
    if (options.checkpointDir) {
      saveCheckpoint(options.checkpointDir, {
        model,
        opt,
        schedule,
        epoch,
        history,
        bestScore,
        bestEpoch,
        bestWeights,
        sinceBest,
      });
      options.callbacks?.afterCheckpoint?.(epoch);
    }
  }
  if (bestWeights) loadStateDict(model, bestWeights, { strict: true });
  model.eval();
  const valRes = split.val.length
    ? evaluateRows(model, samples, split.val, normalizer, task, settings.graph, atomStd)
    : null;
  const testRes = split.test.length
    ? evaluateRows(model, samples, split.test, normalizer, task, settings.graph)
    : null;
  return {
    model,
    normalizer,
    history,
    bestEpoch,
    testPredictions: testRes?.predictions ?? [],
    testMetrics: testRes?.metrics ?? {},
    valMetrics: valRes?.metrics ?? {},
    secondsTotal: (Date.now() - t0) / 1000,
  };
}

function atomTargetStd(samples: TrainingSample[], rows: number[]): number {
  const v = rows.flatMap((r) => [...(samples[r].atomTargets ?? [])]).filter(Number.isFinite);
  const m = v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length));
  return sd > 0 ? sd : 1;
}

function fitNormalizer(
  samples: TrainingSample[],
  rows: number[],
  nT: number,
  atomTargets: boolean,
): { mean: number[]; std: number[] } {
  const mean: number[] = [];
  const std: number[] = [];
  for (let t = 0; t < nT; t++) {
    const v = rows.map((r) => samples[r].targets[t]).filter(Number.isFinite);
    if (v.length === 0) {
      // A crystal target with no value is allowed when the data trains a per-atom head only.
      if (!atomTargets) throw new XtalInputError(`target ${t + 1} has no value in the training set`);
      mean.push(0);
      std.push(1);
      continue;
    }
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    const s = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    mean.push(m);
    std.push(s > 0 ? s : 1);
  }
  return { mean, std };
}

function batchOf(samples: TrainingSample[], rows: number[], graph: CrystalGraphOptions) {
  return cgcnnInputs(
    batchGraphs(
      rows.map((r) => samples[r].graph),
      { dminA: graph.dminA, stepA: graph.stepA, radiusA: graph.radiusA },
    ),
  );
}

function trainStep(
  model: CrystalGraphConvNet,
  samples: TrainingSample[],
  rows: number[],
  normalizer: { mean: number[]; std: number[] } | null,
  task: string,
  settings: TrainSettings,
): number {
  return tidy(() => {
    const out = model.forward(batchOf(samples, rows, settings.graph));
    let loss: Tensor<FloatArray>;
    if (task === 'classification') {
      loss = nllLoss(
        out.crystal,
        rows.map((r) => samples[r].targets[0]),
      );
    } else {
      const nT = normalizer!.mean.length;
      const y = new Float64Array(rows.length * nT);
      rows.forEach((r, i) => {
        for (let t = 0; t < nT; t++)
          y[i * nT + t] = (samples[r].targets[t] - normalizer!.mean[t]) / normalizer!.std[t];
      });
      loss = mseLoss(out.crystal, y);
    }
    if (out.atom && samples[rows[0]].atomTargets) {
      const y: number[] = [];
      for (const r of rows) y.push(...samples[r].atomTargets!);
      const atomLoss = mseLoss(out.atom, y);
      loss = addScaled(loss, atomLoss, settings.atomLossWeight);
    }
    backward(loss);
    return loss.data[0];
  });
}

/** a + w·b. */
function addScaled(a: Tensor<FloatArray>, b: Tensor<FloatArray>, w: number): Tensor<FloatArray> {
  return add(a, mul(b, w));
}

export interface RowsEvaluation {
  predictions: number[][];
  mae: number[];
  auc?: number;
  score: number;
  metrics: Record<string, unknown>;
}

/** Predictions (target units) and metrics for some rows, with the model in eval mode. */
export function evaluateRows(
  model: CrystalGraphConvNet,
  samples: TrainingSample[],
  rows: number[],
  normalizer: { mean: number[]; std: number[] } | null,
  task: string,
  graph: CrystalGraphOptions,
  atomStd = 1,
  batchSize = 512,
): RowsEvaluation {
  const wasTraining = model.training;
  model.eval();
  const predictions: number[][] = [];
  let atomAbsErr = 0;
  let atomCount = 0;
  noGrad(() => {
    for (let i = 0; i < rows.length; i += batchSize) {
      const chunk = rows.slice(i, i + batchSize);
      tidy(() => {
        const res = model.forward(batchOf(samples, chunk, graph));
        if (res.atom && samples[chunk[0]].atomTargets) {
          const truth = chunk.flatMap((r) => [...samples[r].atomTargets!]);
          truth.forEach((t, i) => {
            if (!Number.isFinite(t)) return;
            atomAbsErr += Math.abs(res.atom!.data[i] - t);
            atomCount++;
          });
        }
        const out = res.crystal;
        const k = out.shape[1];
        for (let c = 0; c < chunk.length; c++) {
          const v = Array.from(out.data.subarray(c * k, (c + 1) * k));
          if (task === 'classification') predictions.push([Math.exp(v[1])]);
          else predictions.push(v.map((x, t) => x * normalizer!.std[t] + normalizer!.mean[t]));
        }
      });
    }
  });
  model.train(wasTraining);
  if (task === 'classification') {
    const m = classificationMetrics(
      rows.map((r) => samples[r].targets[0]),
      predictions.map((p) => p[0]),
    );
    return {
      predictions,
      mae: [],
      auc: m.rocAuc,
      score: Number.isFinite(m.rocAuc) ? 1 - m.rocAuc : 1,
      metrics: { ...m },
    };
  }
  const nT = normalizer!.mean.length;
  const perTarget = Array.from({ length: nT }, (_, t) =>
    regressionMetrics(
      rows.map((r) => samples[r].targets[t]),
      predictions.map((p) => p[t]),
    ),
  );
  const mae = perTarget.map((m) => m.mae);
  // Selection score: mean of the standardised MAEs of every target that has values (and the atom head).
  const parts = mae.map((m, t) => m / normalizer!.std[t]).filter(Number.isFinite);
  const atomMae = atomCount ? atomAbsErr / atomCount : undefined;
  if (atomMae !== undefined) parts.push(atomMae / atomStd);
  const score = parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : Infinity;
  const metrics: Record<string, unknown> = nT === 1 ? { ...perTarget[0] } : { perTarget };
  if (atomMae !== undefined) metrics.atomMae = atomMae;
  return { predictions, mae, score, metrics };
}

function snapshot(model: CrystalGraphConvNet): Map<string, NamedTensor> {
  return new Map(
    [...model.stateDict()].map(([k, t]) => [k, { shape: t.shape.slice(), data: Float32Array.from(t.data) }]),
  );
}

function initFromWeights(model: CrystalGraphConvNet, weights: NonNullable<TrainSettings['initFrom']>): void {
  const own = model.stateDict();
  const fitting = new Map<string, { shape: readonly number[]; data: ArrayLike<number> }>();
  for (const [k, t] of weights) {
    const mine = own.get(k);
    if (mine && mine.size === t.data.length && mine.shape.every((d, i) => d === t.shape[i]))
      fitting.set(k, t);
  }
  if (fitting.size === 0) throw new XtalInputError('--init-from: no weight of that model fits this network');
  loadStateDict(model, fitting, { strict: false });
}

// ---------------------------------------------------------------- checkpoints

interface CheckpointState {
  model: CrystalGraphConvNet;
  opt: ReturnType<typeof makeOptimizer>;
  schedule: ReturnType<typeof makeSchedule>;
  epoch: number;
  history: EpochStats[];
  bestScore: number;
  bestEpoch: number;
  bestWeights: Map<string, NamedTensor> | null;
  sinceBest: number;
}

function saveCheckpoint(dir: string, s: CheckpointState): void {
  mkdirSync(dir, { recursive: true });
  const tensors = new Map<string, NamedTensor>();
  for (const [k, t] of s.model.stateDict())
    tensors.set(`model.${k}`, { shape: t.shape.slice(), data: Float32Array.from(t.data) });
  if (s.bestWeights) for (const [k, t] of s.bestWeights) tensors.set(`best.${k}`, t);
  const optState = s.opt.stateDict();
  const optJson: Record<string, Record<string, number | string>> = {};
  for (const [i, st] of Object.entries(optState.state)) {
    optJson[i] = {};
    for (const [key, v] of Object.entries(st)) {
      if (typeof v === 'number') optJson[i][key] = v;
      else {
        tensors.set(`optim.${i}.${key}`, { shape: [v.length], data: Float32Array.from(v) });
        optJson[i][key] = '#tensor';
      }
    }
  }
  const meta = {
    epoch: String(s.epoch),
    history: JSON.stringify(s.history),
    best: JSON.stringify({ score: s.bestScore, epoch: s.bestEpoch, sinceBest: s.sinceBest }),
    optimizer: JSON.stringify({ type: optState.type, paramGroups: optState.paramGroups, state: optJson }),
    schedule: JSON.stringify(s.schedule.stateDict()),
  };
  const tmp = join(dir, `checkpoint.safetensors.tmp`);
  writeFileSync(tmp, encodeSafetensors(tensors, meta));
  renameSync(tmp, join(dir, 'checkpoint.safetensors'));
}

function restoreCheckpoint(
  path: string,
  model: CrystalGraphConvNet,
  opt: ReturnType<typeof makeOptimizer>,
  schedule: ReturnType<typeof makeSchedule>,
): Omit<CheckpointState, 'model' | 'opt' | 'schedule'> {
  const st = decodeSafetensors(readFileSync(path), path);
  const weights = new Map<string, NamedTensor>();
  const best = new Map<string, NamedTensor>();
  for (const [k, t] of st.tensors) {
    if (k.startsWith('model.')) weights.set(k.slice(6), t);
    else if (k.startsWith('best.')) best.set(k.slice(5), t);
  }
  loadStateDict(model, weights, { strict: true, file: path });
  const o = JSON.parse(st.metadata.optimizer) as {
    type: string;
    paramGroups: never[];
    state: Record<string, Record<string, number | string>>;
  };
  const state: Record<string, Record<string, number | Float32Array>> = {};
  for (const [i, s] of Object.entries(o.state)) {
    state[i] = {};
    for (const [key, v] of Object.entries(s))
      state[i][key] = v === '#tensor' ? st.tensors.get(`optim.${i}.${key}`)!.data : (v as number);
  }
  opt.loadStateDict({ type: o.type, paramGroups: o.paramGroups, state } as never);
  schedule.loadStateDict(JSON.parse(st.metadata.schedule));
  const b = JSON.parse(st.metadata.best) as { score: number | null; epoch: number; sinceBest: number };
  return {
    epoch: Number(st.metadata.epoch),
    history: JSON.parse(st.metadata.history) as EpochStats[],
    bestScore: b.score ?? Infinity,
    bestEpoch: b.epoch,
    bestWeights: best.size ? best : null,
    sinceBest: b.sinceBest,
  };
}
