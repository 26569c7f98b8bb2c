/**
 * `xtal examples [--out DIR] [--format cif]`: list xtal's built-in example crystals, or write them as files.
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExample, EXAMPLE_CRYSTALS } from '../../structure/examples/build.js';
import { writeStructure } from '../../structure/io/convert.js';
import { XtalInputError } from '../../errors.js';

const EXTENSIONS: Record<string, string> = { cif: '.cif', poscar: '.vasp', extxyz: '.xyz', json: '.json' };

export function register(program: Command): void {
  program
    .command('examples')
    .description("list xtal's built-in example crystals, or write them to a folder")
    .option('--out <dir>', 'write one file per crystal into this folder')
    .option('--format <format>', 'file format: cif, poscar, extxyz, json', 'cif')
    .action((opts: { out?: string; format: string }) => {
      if (!(opts.format in EXTENSIONS))
        throw new XtalInputError(`unknown format "${opts.format}"`, { field: '--format' });
      if (!opts.out) {
        for (const e of EXAMPLE_CRYSTALS) {
          process.stdout.write(
            `${e.id.padEnd(12)} ${e.formula.padEnd(8)} ${e.name}${e.metallic ? ' (metallic)' : ''}\n`,
          );
        }
        return;
      }
      mkdirSync(opts.out, { recursive: true });
      for (const e of EXAMPLE_CRYSTALS) {
        writeFileSync(
          join(opts.out, e.id + EXTENSIONS[opts.format]),
          writeStructure(buildExample(e), opts.format),
        );
      }
      process.stderr.write(`xtal: wrote ${EXAMPLE_CRYSTALS.length} structures to ${opts.out}\n`);
    });
}
