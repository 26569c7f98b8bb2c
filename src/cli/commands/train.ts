/**
 * `xtal train`: train a CGCNN on a dataset (option names and defaults follow the reference CGCNN's main.py)
 * and save it as a model folder (an ensemble when --folds is given).
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { defaultAtomFeaturizer } from '../../elements/index.js';
import { findAtomFeaturesNear, readAtomFeaturesFile } from '../../elements/feature-files.js';
import { XtalInputError } from '../../errors.js';
import { loadModel } from '../../models/property-model.js';
import { loadTrainingData } from '../../train/data.js';
import { runTrainingJob } from '../../train/job.js';
import { OPTIMIZERS, SCHEDULES, type OptimizerName, type ScheduleName } from '../../train/optim-factory.js';
import { foldColumnSplit, kFoldSplits, randomSplit, withValidation, type Split } from '../../train/splits.js';
import { TRAIN_DEFAULTS, type TrainSettings } from '../../train/trainer.js';
import { configureThreads, numberOption } from '../engine.js';
import { progress } from '../progress.js';

interface TrainOpts {
  data: string;
  structures?: string;
  target: string;
  idColumn?: string;
  task: string;
  transform: string;
  folds?: string;
  foldColumn?: string;
  testFold?: string;
  groupColumn?: string;
  split?: string;
  valRatio: string;
  epochs: string;
  batchSize: string;
  optimizer: string;
  lr: string;
  momentum: string;
  weightDecay: string;
  nesterov?: boolean;
  schedule: string;
  lrMilestones: string;
  gamma: string;
  patience: string;
  clipNorm: string;
  atomFeaLen: string;
  hFeaLen: string;
  nConv: string;
  nH: string;
  radius: string;
  maxNum: string;
  step: string;
  atomFeatures?: string;
  atomTarget?: string;
  initFrom?: string;
  freezeConv?: boolean;
  threads?: string;
  seed: string;
  cache?: string;
  resume?: boolean;
  name?: string;
  out: string;
}

export function register(program: Command): void {
  program
    .command('train')
    .description('train a CGCNN (reference CGCNN options and defaults) and save it as a model folder')
    .requiredOption(
      '--data <path>',
      'CGCNN folder, CSV (+ --structures), CSV with a CIF column, or matminer JSON table',
    )
    .option('--structures <dir>', 'folder of <id>.cif (or other formats) for a CSV of ids and targets')
    .requiredOption('--target <columns>', 'target column(s), comma separated: one network, one output each')
    .option('--id-column <column>', 'id column (default: id, material_id, ... or the first column)')
    .option('--task <task>', 'regression or classification', 'regression')
    .option('--transform <t>', 'target transform: none or log10 (recorded in the model)', 'none')
    .option('--folds <k>', 'k-fold cross-validation: k models, saved as an ensemble')
    .option('--fold-column <column>', 'a column of fold numbers (with --test-fold)')
    .option('--test-fold <k>', 'the fold held out as the test set (with --fold-column)')
    .option('--group-column <column>', 'group k-fold by this column ("formula": by reduced formula)')
    .option('--split <train,val,test>', 'random split fractions', '0.8,0.1,0.1')
    .option('--val-ratio <x>', 'validation fraction of the training part (folds)', '0.1')
    .option('--epochs <n>', 'epochs', String(TRAIN_DEFAULTS.epochs))
    .option('-b, --batch-size <n>', 'minibatch size', String(TRAIN_DEFAULTS.batchSize))
    .option('--optimizer <name>', OPTIMIZERS.join('|'), 'sgd')
    .option('--lr <x>', 'learning rate', String(TRAIN_DEFAULTS.lr))
    .option('--momentum <x>', 'momentum (SGD, RMSprop)', String(TRAIN_DEFAULTS.momentum))
    .option('--weight-decay <x>', 'weight decay', '0')
    .option('--nesterov', 'Nesterov momentum (SGD)')
    .option('--schedule <name>', SCHEDULES.join('|'), 'multistep')
    .option('--lr-milestones <epochs>', 'multistep milestones, comma separated', '100')
    .option('--gamma <x>', 'rate factor of step, multistep, exponential and plateau schedules', '0.1')
    .option('--patience <n>', 'early stopping: epochs without a better validation score (0: off)', '0')
    .option('--clip-norm <x>', 'clip the gradient norm (0: off)', '0')
    .option('--atom-fea-len <n>', 'atom features in the convolutions', '64')
    .option('--h-fea-len <n>', 'hidden features after pooling', '128')
    .option('--n-conv <n>', 'convolution layers', '3')
    .option('--n-h <n>', 'hidden layers after pooling', '1')
    .option('--radius <angstrom>', 'neighbour cutoff, Å', '8')
    .option('--max-num-nbr <n>', 'neighbours per atom', '12')
    .option('--step <angstrom>', 'Gaussian step, Å', '0.2')
    .option(
      '--atom-features <file>',
      'CGCNN atom_init.json to use (default: the dataset folder one, else xtal features)',
    )
    .option('--atom-target <column>', 'per-atom target column (JSON list, one value per site)')
    .option('--init-from <model>', 'start from the weights of another model (transfer learning)')
    .option('--freeze-conv', 'keep the embedding and convolution layers fixed (with --init-from)')
    .option('--threads <n>', 'threads (default: all cores)')
    .option('--seed <n>', 'random seed', '0')
    .option('--cache <file>', 'graph cache file (featurise once, reuse across runs)')
    .option('--resume', 'continue an interrupted run in --out from its checkpoints')
    .option('--name <name>', 'model name (default: the target)')
    .requiredOption('--out <dir>', 'model folder to write')
    .action(async (o: TrainOpts & { maxNumNbr: string }) => {
      const threads = await configureThreads(o.threads);
      const targets = o.target
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      if (o.task !== 'regression' && o.task !== 'classification')
        throw new XtalInputError(`--task must be regression or classification`, { field: '--task' });
      if (o.transform !== 'none' && o.transform !== 'log10')
        throw new XtalInputError(`--transform must be none or log10`, { field: '--transform' });
      if (!OPTIMIZERS.includes(o.optimizer as OptimizerName))
        throw new XtalInputError(`--optimizer must be one of ${OPTIMIZERS.join(', ')}`, {
          field: '--optimizer',
        });
      if (!SCHEDULES.includes(o.schedule as ScheduleName))
        throw new XtalInputError(`--schedule must be one of ${SCHEDULES.join(', ')}`, {
          field: '--schedule',
        });
      const featuresFile = o.atomFeatures ?? findAtomFeaturesNear(o.data);
      const featurizer = featuresFile ? readAtomFeaturesFile(featuresFile) : defaultAtomFeaturizer();
      const graph = {
        radiusA: numberOption(o.radius, '--radius', { min: 0.5 })!,
        maxNeighbors: numberOption(o.maxNumNbr, '--max-num-nbr', { integer: true, min: 1 })!,
        stepA: numberOption(o.step, '--step', { min: 0.01 })!,
      };
      const seed = numberOption(o.seed, '--seed', { integer: true })!;
      const loadBar = progress('reading');
      const data = await loadTrainingData({
        data: o.data,
        structures: o.structures,
        targets,
        idColumn: o.idColumn,
        transform: o.transform as 'none' | 'log10',
        featurizer,
        graph,
        atomTarget: o.atomTarget,
        foldColumn: o.foldColumn,
        groupColumn: o.groupColumn,
        cache: o.cache,
        onProgress: () => loadBar.tick(),
      });
      loadBar.stop();
      process.stderr.write(
        `xtal: ${data.samples.length} crystals, ${data.skipped.length} rows skipped${data.skipped.length ? ` (first: ${data.skipped[0].id}: ${data.skipped[0].reason})` : ''}; ${threads} thread(s)\n`,
      );
      const valRatio = numberOption(o.valRatio, '--val-ratio', { min: 0 })!;
      const n = data.samples.length;
      let splits: Split[];
      if (o.folds) {
        const k = numberOption(o.folds, '--folds', { integer: true, min: 2 })!;
        splits = kFoldSplits(
          n,
          k,
          valRatio,
          seed,
          o.groupColumn ? data.samples.map((s) => s.group ?? '') : undefined,
        );
      } else if (o.foldColumn) {
        if (o.testFold === undefined)
          throw new XtalInputError('--fold-column needs --test-fold', { field: '--test-fold' });
        splits = [
          foldColumnSplit(
            data.samples.map((s) => s.fold ?? ''),
            o.testFold,
            valRatio,
            seed,
          ),
        ];
      } else {
        const f = o.split!.split(',').map(Number) as [number, number, number];
        if (f.length !== 3)
          throw new XtalInputError('--split needs three fractions train,val,test', { field: '--split' });
        const s = randomSplit(n, f, seed);
        splits = [s.val.length ? s : withValidation('random', s.train, s.test, valRatio, seed)];
      }
      const settings: TrainSettings = {
        ...TRAIN_DEFAULTS,
        optimizer: o.optimizer as OptimizerName,
        lr: numberOption(o.lr, '--lr', { min: 0 })!,
        momentum: numberOption(o.momentum, '--momentum', { min: 0 })!,
        weightDecay: numberOption(o.weightDecay, '--weight-decay', { min: 0 })!,
        nesterov: Boolean(o.nesterov),
        schedule: o.schedule as ScheduleName,
        lrMilestones: o.lrMilestones
          .split(',')
          .map((x) => numberOption(x, '--lr-milestones', { integer: true, min: 0 })!),
        gamma: numberOption(o.gamma, '--gamma', { min: 0 })!,
        epochs: numberOption(o.epochs, '--epochs', { integer: true, min: 1 })!,
        batchSize: numberOption(o.batchSize, '--batch-size', { integer: true, min: 2 })!,
        seed,
        patience: numberOption(o.patience, '--patience', { integer: true, min: 0 })!,
        clipNorm: numberOption(o.clipNorm, '--clip-norm', { min: 0 })!,
        freezeConv: Boolean(o.freezeConv),
        model: {
          task: o.task as 'regression' | 'classification',
          atomFeaLen: numberOption(o.atomFeaLen, '--atom-fea-len', { integer: true, min: 1 })!,
          hFeaLen: numberOption(o.hFeaLen, '--h-fea-len', { integer: true, min: 1 })!,
          nConv: numberOption(o.nConv, '--n-conv', { integer: true, min: 1 })!,
          nH: numberOption(o.nH, '--n-h', { integer: true, min: 1 })!,
        },
        graph,
      };
      if (o.initFrom) {
        const base = loadModel(o.initFrom);
        settings.initFrom = new Map(
          [...base.members[0].model.stateDict()].map(([k, t]) => [
            k,
            { shape: t.shape.slice(), data: Float32Array.from(t.data) },
          ]),
        );
      }
      if (o.resume && !existsSync(o.out))
        process.stderr.write(`xtal: nothing to resume in ${o.out}; starting afresh\n`);
      const units = o.transform === 'log10' ? 'log10 of the data unit' : '';
      let bar = progress('train', 0);
      const result = runTrainingJob(data, splits, settings, featurizer, {
        out: o.out,
        name: o.name ?? targets.join('+'),
        targets: targets.map((t) => ({
          name: o.transform === 'log10' ? `log10_${t}` : t,
          unit: units,
          transform: o.transform as 'none' | 'log10',
        })),
        dataDescription: `${o.data}${o.structures ? ` with structures from ${o.structures}` : ''}`,
        resume: o.resume,
        callbacks: (fold) => {
          bar.stop();
          bar = progress(`${fold}`, settings.epochs * Math.ceil(splits[0].train.length / settings.batchSize));
          let last = '';
          return {
            onBatch: ({ epoch, loss }) =>
              bar.tick(1, { info: `epoch ${epoch + 1}/${settings.epochs} loss ${loss.toFixed(4)} ${last}` }),
            onEpoch: (s) => {
              last =
                s.valAuc !== undefined
                  ? `val AUC ${s.valAuc.toFixed(3)}`
                  : `val MAE ${s.valMae.map((m) => m.toFixed(4)).join('/')}`;
              if (!process.stderr.isTTY)
                process.stderr.write(
                  `${fold} epoch ${s.epoch + 1}: loss ${s.trainLoss.toFixed(4)} ${last} lr ${s.lr.toPrecision(3)} (${s.seconds.toFixed(1)} s)\n`,
                );
            },
          };
        },
      });
      bar.stop();
      process.stdout.write(
        JSON.stringify(
          { model: o.out, folds: result.folds, crossValidation: result.crossValidation },
          null,
          2,
        ) + '\n',
      );
    });
}
