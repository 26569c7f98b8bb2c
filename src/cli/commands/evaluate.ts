/**
 * `xtal evaluate --model MODEL --data ... --target ...`: metrics of a model on a labelled dataset, as a table
 * and as JSON. The model's target transform (e.g. log10) is applied to the data column first.
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { XtalInputError } from '../../errors.js';
import { loadModel } from '../../models/property-model.js';
import { loadTrainingData } from '../../train/data.js';
import { classificationMetrics, regressionMetrics } from '../../train/metrics.js';
import { configureThreads } from '../engine.js';

export function register(program: Command): void {
  program
    .command('evaluate')
    .description('metrics of a model on a labelled dataset')
    .requiredOption('--model <model>', 'shipped name, model folder, or checkpoint file')
    .requiredOption('--data <path>', 'dataset (as for xtal train)')
    .option('--structures <dir>', 'structure folder for a CSV of ids and targets')
    .requiredOption('--target <columns>', 'target column(s), in the order of the model outputs')
    .option('--id-column <column>', 'id column')
    .option('--atom-features <file>', 'atom_init.json for a checkpoint without one beside it')
    .option('--json [file]', 'print (or write) the metrics as JSON')
    .option('--threads <n>', 'threads (default: all cores)')
    .action(
      async (o: {
        model: string;
        data: string;
        structures?: string;
        target: string;
        idColumn?: string;
        atomFeatures?: string;
        json?: string | boolean;
        threads?: string;
      }) => {
        await configureThreads(o.threads);
        const model = loadModel(o.model, { atomFeatures: o.atomFeatures });
        const targets = o.target.split(',').map((t) => t.trim());
        if (targets.length !== model.targets.length) {
          throw new XtalInputError(
            `the model predicts ${model.targets.length} target(s) (${model.targets.map((t) => t.name).join(', ')}); --target names ${targets.length}`,
            { field: '--target' },
          );
        }
        const transform = model.targets[0].transform;
        const data = await loadTrainingData({
          data: o.data,
          structures: o.structures,
          targets,
          idColumn: o.idColumn,
          transform,
          featurizer: model.featurizer,
          graph: model.graphOptions,
        });
        const pred = { mean: [] as number[][], std: [] as number[][] };
        for (let i = 0; i < data.samples.length; i += 256) {
          const p = model.predictGraphs(data.samples.slice(i, i + 256).map((s) => s.graph));
          pred.mean.push(...p.mean);
          pred.std.push(...p.std);
        }
        const metrics = targets.map((t, k) => {
          const y = data.samples.map((s) => s.targets[k]);
          const yp = pred.mean.map((m) => m[k]);
          return {
            target: model.targets[k].name,
            ...(model.task === 'classification' ? classificationMetrics(y, yp) : regressionMetrics(y, yp)),
          };
        });
        const result = {
          model: model.source,
          data: o.data,
          rows: data.samples.length,
          skipped: data.skipped.length,
          metrics,
        };
        if (o.json === true) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        else {
          if (typeof o.json === 'string') writeFileSync(o.json, JSON.stringify(result, null, 2) + '\n');
          const keys = Object.keys(metrics[0]).filter((k) => k !== 'target');
          process.stdout.write(`${['target', ...keys].map((k) => k.padStart(12)).join(' ')}\n`);
          for (const m of metrics) {
            const rec = m as unknown as Record<string, unknown>;
            process.stdout.write(
              `${[m.target, ...keys.map((k) => (typeof rec[k] === 'number' ? Number((rec[k] as number).toPrecision(5)) : rec[k]))].map((v) => String(v).padStart(12)).join(' ')}\n`,
            );
          }
          process.stdout.write(`${data.samples.length} rows evaluated, ${data.skipped.length} skipped\n`);
        }
      },
    );
}
