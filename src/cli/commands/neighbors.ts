/**
 * `xtal neighbors FILE --cutoff R [--json]`: every neighbour of every site within the cutoff, sorted by
 * distance. The JSON form is {"sites": [{"index", "species", "neighbors": [{"j", "image", "distance"}]}]};
 * with several structures, one such object per line.
 */
import type { Command } from 'commander';
import { neighborList } from '../../structure/neighbors.js';
import { neighborsToJson, neighborsToText } from '../../structure/neighbors/format.js';
import { XtalInputError } from '../../errors.js';
import { commandEntries, ErrorReport } from '../inputs.js';

export function register(program: Command): void {
  program
    .command('neighbors')
    .description('periodic neighbour lists within a cutoff')
    .argument('<inputs...>', 'structure files, folders, globs or dataset files')
    .requiredOption('--cutoff <angstrom>', 'cutoff radius, Å')
    .option('--json', 'print JSON')
    .option('--format <format>', 'input format')
    .action(async (inputs: string[], opts: { cutoff: string; json?: boolean; format?: string }) => {
      const cutoff = Number(opts.cutoff);
      if (!(cutoff > 0) || !Number.isFinite(cutoff)) {
        throw new XtalInputError(`--cutoff must be a positive number of Å, got "${opts.cutoff}"`, {
          field: '--cutoff',
        });
      }
      const errors = new ErrorReport();
      let done = 0;
      for await (const entry of commandEntries(inputs, { format: opts.format })) {
        if (!entry.structure) {
          errors.add(entry, entry.error);
          continue;
        }
        try {
          const list = neighborList(entry.structure, cutoff);
          if (opts.json) process.stdout.write(JSON.stringify(neighborsToJson(entry.structure, list)) + '\n');
          else
            process.stdout.write(
              `# ${entry.id} (${entry.source})\n${neighborsToText(entry.structure, list)}\n`,
            );
          done++;
        } catch (err) {
          errors.add(entry, err);
        }
      }
      errors.finish(done);
    });
}
