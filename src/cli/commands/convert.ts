/**
 * `xtal convert IN OUT [--to FORMAT]`: convert structure files between CIF, POSCAR, extended XYZ and
 * pymatgen JSON. An input holding several structures (a multi-block CIF, a dataset) goes to a folder OUT,
 * one file per structure named by id.
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeStructure } from '../../structure/io/convert.js';
import { formatFromPath } from '../../structure/io/format.js';
import { XtalInputError } from '../../errors.js';
import { commandEntries, ErrorReport } from '../inputs.js';

const EXTENSIONS: Record<string, string> = { cif: '.cif', poscar: '.vasp', extxyz: '.xyz', json: '.json' };

export function register(program: Command): void {
  program
    .command('convert')
    .description('convert structures between cif, poscar, extxyz and pymatgen json')
    .argument('<input>', 'structure file, folder, glob or dataset')
    .argument('<output>', 'output file, or a folder when the input holds several structures')
    .option('--to <format>', 'output format (default: from the output extension)')
    .option('--from <format>', 'input format (default: from the input name and content)')
    .action(async (input: string, output: string, opts: { to?: string; from?: string }) => {
      const target = opts.to ?? formatFromPath(output);
      if (!target || !(target in EXTENSIONS)) {
        throw new XtalInputError(
          `cannot tell the output format of "${output}"; use --to cif|poscar|extxyz|json`,
        );
      }
      const entries = [];
      const errors = new ErrorReport();
      for await (const e of commandEntries([input], { format: opts.from })) {
        if (e.structure) entries.push(e);
        else errors.add(e, e.error);
      }
      const toFolder =
        entries.length > 1 || (existsSync(output) && statSync(output).isDirectory()) || output.endsWith('/');
      if (toFolder) {
        mkdirSync(output, { recursive: true });
        for (const e of entries) {
          writeFileSync(
            join(output, safeName(e.id) + EXTENSIONS[target]),
            writeStructure(e.structure!, target),
          );
        }
        process.stderr.write(`xtal: wrote ${entries.length} ${target} files to ${output}\n`);
      } else if (entries.length === 1) {
        writeFileSync(output, writeStructure(entries[0].structure!, target));
      }
      if (entries.length === 0 && errors.errors.length === 0)
        throw new XtalInputError('no structure found', { file: input });
      errors.finish(entries.length);
    });
}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._~-]+/g, '_');
}
