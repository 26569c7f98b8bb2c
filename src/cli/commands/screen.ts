/**
 * `xtal screen INPUT... --out DIR`: the hierarchical screen for superhard, tough materials (tier 1 ML for
 * every structure, tier 2 quasi-harmonic Debye for the top N, tier 3 DFT hand-off for the top M), resumable;
 * `xtal screen --import-dft DIR` recomputes the finalists with returned DFT results. See docs/screening.md.
 */
import type { Command } from 'commander';
import { XtalInputError } from '../../errors.js';
import { loadModel } from '../../models/property-model.js';
import { importDft, runScreen, type FinishSummary } from '../../discovery/screen/index.js';
import { progress } from '../progress.js';
import { configureThreads } from '../engine.js';

export interface ScreenCliOptions {
  out?: string;
  examples?: boolean;
  format?: string;
  structures?: string;
  bulkModel: string;
  shearModel: string;
  top: string;
  dftTop: string;
  rankBy: string;
  colorBy: string;
  tmax: string;
  tstep: string;
  chunkSize: string;
  restart?: boolean;
  png: boolean;
  plotSample: string;
  seed: string;
  importDft?: string;
  threads?: string;
}

function int(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new XtalInputError(`"${v}" is not a non-negative integer`, { field: flag });
  return n;
}

function number(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new XtalInputError(`"${v}" is not a number`, { field: flag });
  return n;
}

/** The command's action, without commander (used by tests). */
export async function screenCommand(inputs: string[], o: ScreenCliOptions): Promise<FinishSummary> {
  const log = (m: string): void => void process.stderr.write(`xtal screen: ${m}\n`);
  if (o.importDft) {
    const s = await importDft(o.importDft, { png: o.png, log });
    log(`${s.tier3Imported} finalists recomputed with DFT results; outputs in ${s.outDir}`);
    return s;
  }
  if (!o.out) throw new XtalInputError('give --out DIR for the results', { field: '--out' });
  await configureThreads(o.threads);
  const s = await runScreen({
    outDir: o.out,
    inputs,
    examples: o.examples,
    iterate: { format: o.format, structureDir: o.structures },
    modelNames: { bulk: o.bulkModel, shear: o.shearModel },
    models: () => ({ bulk: loadModel(o.bulkModel), shear: loadModel(o.shearModel) }),
    top: int(o.top, '--top'),
    dftTop: int(o.dftTop, '--dft-top'),
    rankBy: o.rankBy,
    colorBy: o.colorBy,
    tmaxK: number(o.tmax, '--tmax'),
    tstepK: number(o.tstep, '--tstep'),
    chunkSize: int(o.chunkSize, '--chunk-size'),
    restart: o.restart,
    png: o.png,
    plotSample: int(o.plotSample, '--plot-sample'),
    seed: int(o.seed, '--seed'),
    progress: (label, total) => progress(label, total),
    log,
  });
  log(
    `${s.screened} screened (${s.tier1Computed} now, ${s.tier1Resumed} resumed), ${s.failed} failed, ` +
      `${s.tier2} in tier 2, ${s.tier3Handoff} DFT hand-offs; ${(s.screened / Math.max(s.seconds, 1e-3)).toFixed(1)} structures/s; ` +
      `outputs in ${s.outDir}`,
  );
  if (s.top.length) log(`top: ${s.top.slice(0, 10).join(', ')}`);
  if (s.failed) process.exitCode = 1;
  return s;
}

export function register(program: Command): void {
  program
    .command('screen')
    .description(
      'screen structures for superhard, tough materials: ML moduli → hardness/toughness → QH Debye → DFT hand-off',
    )
    .argument('[inputs...]', 'structure files, folders, globs or dataset files')
    .option('--out <dir>', 'output folder (results.csv, results.json, figures, report.html, dft/)')
    .option('--examples', "include xtal's built-in example crystals")
    .option('--format <format>', 'read every file in this format (cif, poscar, extxyz, json, csv)')
    .option(
      '--structures <dir>',
      'folder of <id>.<ext> structure files for a table without a structure column',
    )
    .option(
      '--bulk-model <name|path>',
      'bulk-modulus model (log10 GPa): shipped name, model folder or checkpoint',
      'bulk-modulus',
    )
    .option('--shear-model <name|path>', 'shear-modulus model (log10 GPa)', 'shear-modulus')
    .option('--top <n>', 'candidates refined in tier 2 (quasi-harmonic Debye)', '100')
    .option('--dft-top <m>', 'finalists handed off to DFT in tier 3', '20')
    .option(
      '--rank-by <how>',
      'hardness | toughness | pareto | an expression over result columns',
      'hardness',
    )
    .option(
      '--color-by <column>',
      'column that colours the Ashby diagram (numbers: colour scale; text such as metal: categories)',
      'bulk_modulus_GPa',
    )
    .option('--tmax <K>', 'highest temperature of tier 2', '1500')
    .option('--tstep <K>', 'temperature step of tier 2', '10')
    .option('--chunk-size <n>', 'structures per tier-1 chunk (journal flush)', '256')
    .option('--restart', 'forget a previous (interrupted) run in --out and start over')
    .option('--no-png', 'write SVG figures only')
    .option(
      '--plot-sample <n>',
      'random points drawn on the Ashby diagram besides the top candidates',
      '5000',
    )
    .option('--seed <n>', 'seed of the plotted sample', '1')
    .option('--import-dft <dir>', 'read DFT results returned into <dir>/dft and recompute the finalists')
    .option('--threads <n>', 'threads of the networks (default: all cores)')
    .action(async (inputs: string[], opts: ScreenCliOptions) => {
      await screenCommand(inputs, opts);
    });
}
