/**
 * `xtal predict --model MODEL FILES_OR_DIRS... [--out FILE.csv]`: predictions as CSV `id,prediction[,std]`
 * in the units of the model's target (log10 GPa for the shipped moduli models), plus back-transformed columns
 * for log10 targets. Streams the input in batches; bad structures are reported and skipped.
 */
import type { Command } from 'commander';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { CrystalGraph } from '../../graph/crystal-graph.js';
import { setThreads } from '../../engine/index.js';
import { loadModel, type PropertyModel } from '../../models/property-model.js';
import { ErrorReport } from '../inputs.js';
import { graphStream, graphWorkerAvailable } from '../graph-stream.js';
import { numberOption, threadsOption } from '../engine.js';
import { progress } from '../progress.js';

export function predictionHeader(model: PropertyModel): string[] {
  const single = model.targets.length === 1;
  const cols = ['id'];
  model.targets.forEach((t) => {
    const suffix = single ? '' : `_${t.name}`;
    cols.push(`prediction${suffix}`);
    if (model.members.length > 1) cols.push(`std${suffix}`);
    const unit = /^log10\((.+)\)$/.exec(t.unit)?.[1];
    if (unit) cols.push(`${t.name.replace(/^log10_/, '')}_${unit}`);
  });
  return cols;
}

export function predictionRow(model: PropertyModel, id: string, mean: number[], std: number[]): string[] {
  const row = [id];
  model.targets.forEach((t, k) => {
    row.push(fmt(mean[k]));
    if (model.members.length > 1) row.push(fmt(std[k]));
    if (/^log10\((.+)\)$/.test(t.unit)) row.push(fmt(10 ** mean[k]));
  });
  return row;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(7))) : '';
}

export function register(program: Command): void {
  program
    .command('predict')
    .description(
      'predict properties with a model (shipped name, model folder, or reference .pth.tar/.safetensors)',
    )
    .requiredOption('--model <model>', 'bulk-modulus, shear-modulus, a model folder, or a checkpoint file')
    .argument('[inputs...]', 'structure files, folders, globs or dataset files')
    .option('--out <file>', 'write CSV here (default: standard output)')
    .option('--examples', "include xtal's built-in example crystals")
    .option('--atom-features <file>', 'atom_init.json for a checkpoint without one beside it')
    .option('--format <format>', 'input format')
    .option('--batch-size <n>', 'crystals per batch', '256')
    .option('--threads <n>', 'threads (default: all cores)')
    .option(
      '--no-merge-equivalent',
      'run every atom through the network (by default atoms the network cannot tell apart are computed once)',
    )
    .action(
      async (
        inputs: string[],
        o: {
          model: string;
          out?: string;
          examples?: boolean;
          atomFeatures?: string;
          format?: string;
          batchSize: string;
          threads?: string;
          mergeEquivalent: boolean;
        },
      ) => {
        // With two or more threads one of them reads and builds graphs ahead while the rest run the network.
        const threads = threadsOption(o.threads);
        const reader = threads >= 2 && graphWorkerAvailable() ? 'worker' : 'main';
        await setThreads(reader === 'worker' ? threads - 1 : threads);
        const model = loadModel(o.model, { atomFeatures: o.atomFeatures });
        const batchSize = numberOption(o.batchSize, '--batch-size', { integer: true, min: 1 })!;
        const out: WriteStream | NodeJS.WriteStream = o.out ? createWriteStream(o.out) : process.stdout;
        out.write(predictionHeader(model).join(',') + '\n');
        const errors = new ErrorReport();
        const bar = progress('predict');
        let done = 0;
        let ids: string[] = [];
        let graphs: CrystalGraph[] = [];
        const flush = (): void => {
          if (!graphs.length) return;
          const p = model.predictGraphs(graphs, { mergeEquivalentAtoms: o.mergeEquivalent });
          ids.forEach((id, i) => out.write(predictionRow(model, id, p.mean[i], p.std[i]).join(',') + '\n'));
          bar.tick(graphs.length);
          done += graphs.length;
          ids = [];
          graphs = [];
        };
        const items = graphStream(inputs, {
          examples: o.examples,
          format: o.format,
          featurizer: model.featurizer,
          graph: model.graphOptions,
          reader,
        });
        for await (const item of items) {
          if (!item.graph) {
            errors.add(item, item.error);
            continue;
          }
          graphs.push(item.graph);
          ids.push(item.id);
          if (graphs.length >= batchSize) flush();
        }
        flush();
        bar.stop();
        if (o.out) await new Promise<void>((res) => (out as WriteStream).end(res));
        errors.finish(done);
      },
    );
}
