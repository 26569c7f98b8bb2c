/**
 * `xtal features --model MODEL INPUTS...`: the pooled crystal feature vector (the mean of the atom features
 * after the last convolution) of every structure, as CSV: id, f0, f1, ... (one member of an ensemble).
 */
import type { Command } from 'commander';
import { createWriteStream, type WriteStream } from 'node:fs';
import { noGrad, tidy } from '../../engine/index.js';
import { batchGraphs } from '../../graph/batch.js';
import { buildCrystalGraph, type CrystalGraph } from '../../graph/crystal-graph.js';
import { cgcnnInputs } from '../../models/cgcnn.js';
import { loadModel } from '../../models/property-model.js';
import { commandEntries, ErrorReport } from '../inputs.js';
import { configureThreads } from '../engine.js';

export function register(program: Command): void {
  program
    .command('features')
    .description('pooled CGCNN crystal feature vectors of structures (for other models, clustering, maps)')
    .requiredOption('--model <model>', 'shipped name, model folder, or checkpoint file')
    .argument('[inputs...]', 'structure files, folders, globs or dataset files')
    .option('--member <k>', 'which ensemble member', '0')
    .option('--out <file>', 'write CSV here (default: standard output)')
    .option('--examples', "include xtal's built-in example crystals")
    .option('--threads <n>', 'threads (default: all cores)')
    .action(
      async (
        inputs: string[],
        o: { model: string; member: string; out?: string; examples?: boolean; threads?: string },
      ) => {
        await configureThreads(o.threads);
        const model = loadModel(o.model);
        const member = model.members[Number(o.member)]?.model;
        if (!member) throw new Error(`--member must be below ${model.members.length}`);
        const out: WriteStream | NodeJS.WriteStream = o.out ? createWriteStream(o.out) : process.stdout;
        const F = member.config.atomFeaLen;
        out.write(['id', ...Array.from({ length: F }, (_, i) => `f${i}`)].join(',') + '\n');
        const errors = new ErrorReport();
        let ids: string[] = [];
        let graphs: CrystalGraph[] = [];
        let done = 0;
        const flush = (): void => {
          if (!graphs.length) return;
          const batch = batchGraphs(graphs, model.graphOptions);
          noGrad(() =>
            tidy(() => {
              const pooled = member.forward(cgcnnInputs(batch)).pooled;
              ids.forEach((id, c) =>
                out.write(
                  [
                    id,
                    ...Array.from(pooled.data.subarray(c * F, (c + 1) * F), (x) => Number(x.toPrecision(6))),
                  ].join(',') + '\n',
                ),
              );
            }),
          );
          done += graphs.length;
          ids = [];
          graphs = [];
        };
        for await (const e of commandEntries(inputs, { examples: o.examples })) {
          if (!e.structure) {
            errors.add(e, e.error);
            continue;
          }
          graphs.push(buildCrystalGraph(e.structure, model.featurizer, model.graphOptions));
          ids.push(e.id);
          if (graphs.length >= 256) flush();
        }
        flush();
        if (o.out) await new Promise<void>((res) => (out as WriteStream).end(res));
        errors.finish(done);
      },
    );
}
