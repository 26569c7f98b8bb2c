/**
 * A training job as `xtal train` runs it: one or more splits (a single split, or the k folds of
 * cross-validation), each trained to its best validation epoch, saved together as one model folder whose
 * members form an ensemble. Alongside: per-fold and cross-validated metrics, out-of-fold test predictions,
 * learning curves (CSV and SVG) and a model card. Each fold checkpoints every epoch under
 * `<out>/.checkpoints/<fold>/`; a finished fold is recorded, so `resume` skips it and continues the rest.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AtomFeaturizer } from '../elements/featurizer.js';
import { decodeSafetensors } from '../nn/safetensors.js';
import { loadStateDict } from '../nn/state-dict.js';
import { lineChartSvg } from '../plot/lines.js';
import { CrystalGraphConvNet } from '../models/cgcnn.js';
import {
  saveModelDir,
  stateDictBytes,
  type ModelManifest,
  type TargetSpec,
} from '../models/property-model.js';
import type { TrainingData } from './data.js';
import { classificationMetrics, regressionMetrics } from './metrics.js';
import type { Split } from './splits.js';
import { trainSplit, type EpochStats, type TrainCallbacks, type TrainSettings } from './trainer.js';

export interface JobOptions {
  out: string;
  name: string;
  targets: TargetSpec[];
  dataDescription: string;
  resume?: boolean;
  callbacks?: (fold: string) => TrainCallbacks;
  /** Extra lines for the model card (licence of the data, notes). */
  cardNotes?: string[];
}

export interface FoldReport {
  name: string;
  bestEpoch: number;
  epochs: number;
  seconds: number;
  test: Record<string, unknown>;
  val: Record<string, unknown>;
}

export interface JobResult {
  manifest: ModelManifest;
  folds: FoldReport[];
  /** Metrics of the out-of-fold test predictions of all folds together (cross-validation). */
  crossValidation: Record<string, unknown>;
}

export function runTrainingJob(
  data: TrainingData,
  splits: Split[],
  settings: TrainSettings,
  featurizer: AtomFeaturizer,
  opts: JobOptions,
): JobResult {
  mkdirSync(opts.out, { recursive: true });
  const members: Array<{
    name: string;
    model: CrystalGraphConvNet;
    normalizer: { mean: number[]; std: number[] } | null;
  }> = [];
  const folds: FoldReport[] = [];
  const oof: Array<{ id: string; fold: string; target: number[]; pred: number[] }> = [];
  const histories = new Map<string, EpochStats[]>();
  const task = settings.model.task ?? 'regression';
  for (const split of splits) {
    const ckpt = join(opts.out, '.checkpoints', split.name);
    const doneFile = join(ckpt, 'done.json');
    let model: CrystalGraphConvNet;
    let report: FoldReport;
    let normalizer: { mean: number[]; std: number[] } | null;
    let testPredictions: number[][];
    let history: EpochStats[];
    if (opts.resume && existsSync(doneFile)) {
      const done = JSON.parse(readFileSync(doneFile, 'utf8'));
      model = new CrystalGraphConvNet(done.config);
      const st = decodeSafetensors(readFileSync(join(ckpt, 'best.safetensors')));
      loadStateDict(model, st.tensors, { strict: true });
      model.eval();
      ({ report, normalizer, testPredictions, history } = done);
    } else {
      const r = trainSplit(data.samples, split, settings, {
        checkpointDir: ckpt,
        resume: opts.resume,
        callbacks: opts.callbacks?.(split.name),
      });
      model = r.model;
      normalizer = r.normalizer;
      testPredictions = r.testPredictions;
      history = r.history;
      report = {
        name: split.name,
        bestEpoch: r.bestEpoch,
        epochs: r.history.length,
        seconds: r.secondsTotal,
        test: r.testMetrics,
        val: r.valMetrics,
      };
      writeFileSync(join(ckpt, 'best.safetensors'), stateDictBytes(model));
      writeFileSync(
        doneFile,
        JSON.stringify({ config: model.config, report, normalizer, testPredictions, history }),
      );
    }
    members.push({ name: split.name, model, normalizer });
    folds.push(report);
    histories.set(split.name, history);
    split.test.forEach((row, k) => {
      const s = data.samples[row];
      oof.push({ id: s.id, fold: split.name, target: [...s.targets], pred: testPredictions[k] });
    });
  }

  const crossValidation = oof.length ? oofMetrics(oof, task, opts.targets.length) : {};
  const manifest = saveModelDir(
    opts.out,
    {
      name: opts.name,
      task,
      targets: opts.targets,
      graph: settings.graph,
      created: new Date().toISOString(),
      training: {
        data: opts.dataDescription,
        rows: data.samples.length,
        skippedRows: data.skipped.length,
        splits: splits.map((s) => ({
          name: s.name,
          train: s.train.length,
          val: s.val.length,
          test: s.test.length,
        })),
        settings: { ...settings, initFrom: settings.initFrom ? 'yes' : undefined },
        secondsTotal: folds.reduce((a, f) => a + f.seconds, 0),
      },
      metrics: { folds, crossValidation },
    },
    members,
    featurizer,
  );
  writeOutOfFold(join(opts.out, 'test_predictions.csv'), oof, opts.targets);
  writeCurves(opts.out, histories, opts.targets, task);
  if (data.skipped.length) {
    writeFileSync(
      join(opts.out, 'skipped.csv'),
      'id,source,reason\n' +
        data.skipped.map((s) => [s.id, s.source, s.reason].map(csvCell).join(',')).join('\n') +
        '\n',
    );
  }
  writeFileSync(join(opts.out, 'MODEL_CARD.md'), modelCard(manifest, folds, crossValidation, opts));
  return { manifest, folds, crossValidation };
}

function oofMetrics(
  oof: Array<{ target: number[]; pred: number[] }>,
  task: string,
  nT: number,
): Record<string, unknown> {
  if (task === 'classification')
    return {
      ...classificationMetrics(
        oof.map((o) => o.target[0]),
        oof.map((o) => o.pred[0]),
      ),
    };
  const per = Array.from({ length: nT }, (_, t) =>
    regressionMetrics(
      oof.map((o) => o.target[t]),
      oof.map((o) => o.pred[t]),
    ),
  );
  return nT === 1 ? { ...per[0] } : { perTarget: per };
}

function csvCell(v: unknown): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function writeOutOfFold(
  path: string,
  oof: Array<{ id: string; fold: string; target: number[]; pred: number[] }>,
  targets: TargetSpec[],
): void {
  const head = ['id', 'fold', ...targets.flatMap((t) => [t.name, `${t.name}_predicted`])];
  const lines = oof.map((o) =>
    [o.id, o.fold, ...targets.flatMap((_, t) => [fmt(o.target[t]), fmt(o.pred[t])])].map(csvCell).join(','),
  );
  writeFileSync(path, [head.join(','), ...lines].join('\n') + '\n');
}

function fmt(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '' : String(Number(x.toPrecision(7)));
}

function writeCurves(
  out: string,
  histories: Map<string, EpochStats[]>,
  targets: TargetSpec[],
  task: string,
): void {
  const head = [
    'fold',
    'epoch',
    'lr',
    'train_loss',
    ...(task === 'classification' ? ['val_roc_auc'] : targets.map((t) => `val_mae_${t.name}`)),
    'seconds',
  ];
  const rows: string[] = [head.join(',')];
  for (const [fold, h] of histories) {
    for (const e of h) {
      const val = task === 'classification' ? [fmt(e.valAuc)] : targets.map((_, t) => fmt(e.valMae[t]));
      rows.push([fold, e.epoch, fmt(e.lr), fmt(e.trainLoss), ...val, e.seconds.toFixed(2)].join(','));
    }
  }
  writeFileSync(join(out, 'learning_curves.csv'), rows.join('\n') + '\n');
  const series = [...histories].flatMap(([fold, h]) => [
    { name: `${fold} train loss`, x: h.map((e) => e.epoch), y: h.map((e) => e.trainLoss) },
    {
      name: `${fold} ${task === 'classification' ? 'val 1−AUC' : 'val score'}`,
      x: h.map((e) => e.epoch),
      y: h.map((e) => e.valScore),
      dashed: true,
    },
  ]);
  writeFileSync(
    join(out, 'learning_curves.svg'),
    lineChartSvg(series, {
      title: 'Learning curves',
      xLabel: 'epoch',
      yLabel:
        task === 'classification'
          ? 'loss (NLL) / 1 − ROC-AUC'
          : 'loss (MSE, standardised) / val MAE (standardised)',
      logY: true,
    }),
  );
}

function modelCard(
  m: ModelManifest,
  folds: FoldReport[],
  cv: Record<string, unknown>,
  opts: JobOptions,
): string {
  const s = m.training?.settings as Record<string, unknown>;
  const model = (s.model ?? {}) as Record<string, unknown>;
  const metricLine = (r: Record<string, unknown>): string =>
    'mae' in r
      ? `MAE ${num(r.mae)}, RMSE ${num(r.rmse)}, R² ${num(r.r2)}, max error ${num(r.maxError)} (n = ${r.n})`
      : 'rocAuc' in r
        ? `ROC-AUC ${num(r.rocAuc)}, accuracy ${num(r.accuracy)}, F1 ${num(r.f1)} (n = ${r.n})`
        : JSON.stringify(r);
  const lines = [
    `# ${m.name}`,
    '',
    `A CGCNN ${m.task} model of xtal: an ensemble of ${m.members.length} network${m.members.length > 1 ? 's' : ''}; the prediction is their mean and the uncertainty their standard deviation.`,
    '',
    '## Targets',
    ...m.targets.map(
      (t) =>
        `- \`${t.name}\`${t.unit ? ` in ${t.unit}` : ''}${t.transform === 'log10' ? ' (log10 of the data column)' : ''}`,
    ),
    '',
    '## Data',
    `- ${opts.dataDescription}`,
    `- ${m.training?.rows} rows used, ${m.training?.skippedRows} skipped (see skipped.csv when present)`,
    ...(opts.cardNotes ?? []).map((n) => `- ${n}`),
    '',
    '## Hyperparameters',
    `- network: atom_fea_len ${model.atomFeaLen ?? 64}, h_fea_len ${model.hFeaLen ?? 128}, n_conv ${model.nConv ?? 3}, n_h ${model.nH ?? 1}`,
    `- optimizer ${s.optimizer}, lr ${s.lr}, momentum ${s.momentum}, weight decay ${s.weightDecay}, batch ${s.batchSize}, epochs ${s.epochs}, schedule ${s.schedule}${s.schedule === 'multistep' ? ` (milestones ${JSON.stringify(s.lrMilestones)}, γ ${s.gamma})` : ''}, early-stopping patience ${s.patience || 'off'}, seed ${s.seed}`,
    `- graphs: radius ${m.graph.radiusA ?? 8} Å, ${m.graph.maxNeighbors ?? 12} neighbours, Gaussian step ${m.graph.stepA ?? 0.2} Å; atom features: atom_init.json (${m.members.length ? 'shipped with the model' : ''})`,
    '',
    '## Metrics',
    ...folds.map((f) => `- ${f.name}: best epoch ${f.bestEpoch} of ${f.epochs}; test ${metricLine(f.test)}`),
    `- cross-validated (all out-of-fold test predictions): ${metricLine(cv)}`,
    '',
    '## Training',
    `- ${Number(m.training?.secondsTotal ?? 0).toFixed(0)} s in total; created ${m.created}`,
    '',
  ];
  return lines.join('\n');
}

function num(x: unknown): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toPrecision(4) : String(x);
}
