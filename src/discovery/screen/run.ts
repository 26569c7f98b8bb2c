/**
 * `runScreen`: the hierarchical screening loop of Mazhnik & Oganov (J. Appl. Phys. 128, 075102 (2020)) with
 * the accuracy funnel of science.md §4. Tier 1 streams every structure through both ensembles in chunks,
 * appending each chunk's rows to a journal (DIR/.state/tier1.jsonl, flushed per chunk) so that memory stays
 * bounded and an interrupted run resumes where it stopped; `finishScreen` then ranks, refines the top N
 * (tier 2), writes the DFT hand-off for the top M (tier 3) and every output file.
 * `importDft` recomputes the finalists from returned DFT results without touching tier 1.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XtalInputError } from '../../errors.js';
import type { StructureEntry } from '../../structure/io/entry.js';
import type { IterateOptions } from '../../structure/io/iterate.js';
import { finishScreen, type FinishSummary } from './finish.js';
import { entryLabel, estimateCount, screenEntries } from './inputs.js';
import { Journal } from './journal.js';
import { predictModuli, type ModuliModels } from './predict.js';
import { parseRankBy } from './rank.js';
import { metalFromProperties, tier1Row, TIER1_COLUMNS, type ScreenRow } from './tier1.js';

export interface ProgressBar {
  tick(n?: number, payload?: Record<string, string | number>): void;
  setTotal(total: number): void;
  stop(): void;
}

/** The settings that define a run; stored in DIR/.state/config.json and reused by --import-dft. */
export interface ScreenConfig {
  inputs: string[];
  examples: boolean;
  cwd: string;
  bulkModel: string;
  shearModel: string;
  rankBy: string;
  colorBy: string;
  top: number;
  dftTop: number;
  tmaxK: number;
  tstepK: number;
}

export interface ScreenOptions {
  outDir: string;
  inputs?: string[];
  examples?: boolean;
  iterate?: IterateOptions;
  /** The bulk and shear ensembles (log10 GPa). Loaded lazily: not called when nothing is left to compute. */
  models: ModuliModels | (() => ModuliModels);
  /** Names of the models as given by the user (recorded in the state; a changed model forces --restart). */
  modelNames?: { bulk: string; shear: string };
  top?: number;
  dftTop?: number;
  rankBy?: string;
  colorBy?: string;
  tmaxK?: number;
  tstepK?: number;
  /** Structures per tier-1 chunk (default 256). */
  chunkSize?: number;
  /** Forget the journal of a previous run in the same folder. */
  restart?: boolean;
  /** Write PNG copies of the figures (default true). */
  png?: boolean;
  /** Random points drawn on the Ashby diagram besides the top candidates (default 5000). */
  plotSample?: number;
  /** Top-ranked rows always drawn on the Ashby diagram (default 1000). */
  plotTop?: number;
  /** Rows shown in the report table (default 1000; labelled reference rows are added). */
  reportRows?: number;
  seed?: number;
  progress?: (label: string, total: number) => ProgressBar;
  log?: (message: string) => void;
  /** Replace the input stream (tests); must be re-openable. */
  entries?: () => AsyncIterable<StructureEntry>;
  /** Called after each tier-1 chunk is journaled; throwing stops the run there (used to test resume). */
  afterChunk?: (chunkIndex: number) => void;
}

export interface ScreenSummary extends FinishSummary {
  tier1Computed: number;
  tier1Resumed: number;
  graphsBuilt: number;
  seconds: number;
}

export const STATE_DIR = '.state';

function defaults(o: ScreenOptions): ScreenConfig {
  return {
    inputs: o.inputs ?? [],
    examples: o.examples ?? false,
    cwd: o.iterate?.cwd ?? process.cwd(),
    bulkModel: o.modelNames?.bulk ?? 'bulk-modulus',
    shearModel: o.modelNames?.shear ?? 'shear-modulus',
    rankBy: o.rankBy ?? 'hardness',
    colorBy: o.colorBy ?? 'bulk_modulus_GPa',
    top: o.top ?? 100,
    dftTop: o.dftTop ?? 20,
    tmaxK: o.tmaxK ?? 1500,
    tstepK: o.tstepK ?? 10,
  };
}

function checkConfig(c: ScreenConfig): void {
  const int = (v: number, name: string): void => {
    if (!(Number.isInteger(v) && v >= 0))
      throw new XtalInputError(`${name} must be a non-negative integer, got ${v}`, { field: name });
  };
  int(c.top, '--top');
  int(c.dftTop, '--dft-top');
  if (!(c.tmaxK > 0 && Number.isFinite(c.tmaxK)))
    throw new XtalInputError(`--tmax must be positive, got ${c.tmaxK}`, { field: '--tmax' });
  if (!(c.tstepK > 0 && Number.isFinite(c.tstepK)))
    throw new XtalInputError(`--tstep must be positive, got ${c.tstepK}`, { field: '--tstep' });
  if (c.tmaxK / c.tstepK > 5000)
    throw new XtalInputError('--tmax / --tstep gives more than 5000 temperatures', { field: '--tstep' });
  if (!TIER1_COLUMNS.includes(c.colorBy)) {
    throw new XtalInputError(
      `unknown column "${c.colorBy}" (numeric tier-1 columns: ${TIER1_COLUMNS.join(', ')})`,
      { field: '--color-by' },
    );
  }
  parseRankBy(c.rankBy, TIER1_COLUMNS);
}

/** The part of the configuration a journal depends on: change it and the rows no longer match. */
function identity(c: ScreenConfig): string {
  return JSON.stringify({
    inputs: c.inputs,
    examples: c.examples,
    cwd: c.cwd,
    bulk: c.bulkModel,
    shear: c.shearModel,
  });
}

export async function runScreen(o: ScreenOptions): Promise<ScreenSummary> {
  const t0 = Date.now();
  const log = o.log ?? (() => {});
  const config = defaults(o);
  checkConfig(config);
  if (!config.inputs.length && !config.examples && !o.entries) {
    throw new XtalInputError('no input: give structure files, folders or globs, or --examples');
  }
  const out = resolve(o.outDir);
  const state = join(out, STATE_DIR);
  if (o.restart && existsSync(state)) rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  const configFile = join(state, 'config.json');
  if (existsSync(configFile)) {
    const old = JSON.parse(readFileSync(configFile, 'utf8')) as ScreenConfig;
    if (identity(old) !== identity(config)) {
      throw new XtalInputError(
        `${out} holds a screen of other inputs or models; give --restart to start over or choose another --out`,
        { field: '--out' },
      );
    }
  }
  writeFileSync(configFile, JSON.stringify(config, null, 2) + '\n');

  const entries =
    o.entries ??
    (() =>
      screenEntries({
        inputs: config.inputs,
        examples: config.examples,
        iterate: { ...o.iterate, cwd: config.cwd },
      }));
  const journal = new Journal(join(state, 'tier1.jsonl'));
  const errJournal = new Journal(join(state, 'errors.jsonl'));
  journal.repair();
  errJournal.repair();
  const done = await journal.values('id');
  const resumed = done.size;
  for (const id of await errJournal.values('id')) done.add(id);
  if (resumed) log(`resuming: ${resumed} structures already screened in ${state}`);

  const total = o.entries
    ? undefined
    : estimateCount({ inputs: config.inputs, examples: config.examples, iterate: { cwd: config.cwd } });
  const bar = o.progress?.('tier 1 (ML)', total ?? 0);
  let models: ModuliModels | undefined;
  const getModels = (): ModuliModels => (models ??= typeof o.models === 'function' ? o.models() : o.models);
  const chunkSize = Math.max(1, o.chunkSize ?? 256);
  let buffer: StructureEntry[] = [];
  let pendingErrors: Array<{ id: string; source: string; reason: string }> = [];
  let chunkIndex = 0;
  let computed = 0;
  let graphsBuilt = 0;

  const flush = (): void => {
    const rows: ScreenRow[] = [];
    if (buffer.length) {
      const pred = predictModuli(
        getModels(),
        buffer.map((e) => e.structure!),
      );
      graphsBuilt += pred.graphsBuilt;
      buffer.forEach((entry, i) => {
        const r = pred.results[i];
        if (!r.prediction) {
          pendingErrors.push({ id: entry.id, source: entry.source, reason: reason(r.error) });
          return;
        }
        try {
          const metal = metalFromProperties(entry.properties);
          rows.push(
            tier1Row(
              {
                id: entry.id,
                source: entry.source,
                structure: entry.structure!,
                metal: metal?.metal,
                metalSource: metal?.source,
                label: entryLabel(entry),
              },
              r.prediction,
            ),
          );
        } catch (err) {
          pendingErrors.push({ id: entry.id, source: entry.source, reason: reason(err) });
        }
      });
    }
    journal.append(rows);
    errJournal.append(pendingErrors);
    computed += rows.length;
    bar?.tick(buffer.length);
    buffer = [];
    pendingErrors = [];
    chunkIndex++;
    o.afterChunk?.(chunkIndex);
  };

  try {
    for await (const entry of entries()) {
      if (done.has(entry.id)) {
        bar?.tick(1);
        continue;
      }
      if (!entry.structure) {
        pendingErrors.push({ id: entry.id, source: entry.source, reason: reason(entry.error) });
        bar?.tick(1);
        continue;
      }
      buffer.push(entry);
      if (buffer.length >= chunkSize) flush();
    }
    if (buffer.length || pendingErrors.length) flush();
  } finally {
    journal.close();
    errJournal.close();
    bar?.stop();
  }
  log(`tier 1: ${computed} structures computed now, ${resumed} from the journal`);
  const fin = await finishScreen(out, config, { ...o, entries, importOnly: false, log });
  return {
    ...fin,
    tier1Computed: computed,
    tier1Resumed: resumed,
    graphsBuilt,
    seconds: (Date.now() - t0) / 1000,
  };
}

/** Recompute the finalists of the screen in `dir` with the DFT results returned into dir/dft. */
export async function importDft(
  dir: string,
  o: Pick<ScreenOptions, 'png' | 'plotSample' | 'plotTop' | 'reportRows' | 'seed' | 'log'> = {},
): Promise<FinishSummary> {
  let out = resolve(dir);
  if (
    !existsSync(join(out, STATE_DIR, 'config.json')) &&
    existsSync(join(out, '..', STATE_DIR, 'config.json'))
  ) {
    out = resolve(out, '..'); // the dft folder itself was given
  }
  const configFile = join(out, STATE_DIR, 'config.json');
  if (!existsSync(configFile)) {
    throw new XtalInputError('not an xtal screen output folder (no .state/config.json)', { file: dir });
  }
  if (!existsSync(join(out, 'dft', 'manifest.json'))) {
    throw new XtalInputError('no DFT hand-off here (dft/manifest.json missing)', { file: dir });
  }
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as ScreenConfig;
  return finishScreen(out, config, { ...o, importOnly: true, log: o.log ?? (() => {}) });
}

function reason(err: unknown): string {
  if (err === undefined) return 'unknown error';
  return err instanceof Error ? err.message : String(err);
}
