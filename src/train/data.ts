/**
 * Training data: structures paired with target values, turned into crystal graphs once (optionally through
 * the on-disk graph cache). Bad rows are skipped with a reason, never silently: a missing structure file, an
 * unreadable structure, a target that is not a number, a log10 target ≤ 0, an atom with no neighbour inside
 * the cutoff. With several targets a missing value masks that target only (the row is kept while it has one).
 */
import { XtalInputError } from '../errors.js';
import type { AtomFeaturizer } from '../elements/featurizer.js';
import { GraphCache } from '../graph/cache.js';
import { buildCrystalGraph, type CrystalGraph, type CrystalGraphOptions } from '../graph/crystal-graph.js';
import { compositionOf } from '../structure/composition.js';
import { iterateStructures } from '../structure/io/iterate.js';

export interface TrainingSample {
  id: string;
  graph: CrystalGraph;
  /** Target values after the transform; NaN where missing (masked in the loss). */
  targets: Float64Array;
  /** Per-atom target values (numAtoms × nAtomTargets), when the data has them. */
  atomTargets?: Float64Array;
  formula: string;
  /** Value of the fold column, when one is given. */
  fold?: string;
  /** Group label for group k-fold (the group column, or the reduced formula). */
  group?: string;
}

export interface SkippedRow {
  id: string;
  source: string;
  reason: string;
}

export interface LoadDataOptions {
  /** Dataset: CGCNN folder, CSV (+ structure folder), CSV with a CIF column, matminer JSON table... */
  data: string;
  /** Folder of `<id>.<ext>` structure files for tables without a structure column. */
  structures?: string;
  targets: string[];
  /** Column holding per-atom targets as a JSON array (one value per site). */
  atomTarget?: string;
  idColumn?: string;
  transform?: 'none' | 'log10';
  featurizer: AtomFeaturizer;
  graph?: CrystalGraphOptions;
  foldColumn?: string;
  /** Column for group k-fold; "formula" groups by reduced formula. */
  groupColumn?: string;
  /** Graph cache file (created if absent): featurise each structure once across runs. */
  cache?: string;
  onProgress?: (done: number) => void;
}

export interface TrainingData {
  samples: TrainingSample[];
  skipped: SkippedRow[];
  targetNames: string[];
  /** Columns seen in the data (for error messages). */
  columns: string[];
}

function toNumber(v: unknown): number | null {
  if (v === undefined || v === null || v === '') return NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'nan' || s === 'na' || s === 'none' || s === 'null') return NaN;
    const x = Number(s);
    return Number.isNaN(x) ? null : x;
  }
  return null;
}

export async function loadTrainingData(opts: LoadDataOptions): Promise<TrainingData> {
  if (opts.targets.length === 0) throw new XtalInputError('no target column given', { field: '--target' });
  const cache = opts.cache
    ? GraphCache.open(opts.cache, { params: opts.graph, featurizer: opts.featurizer })
    : null;
  const samples: TrainingSample[] = [];
  const skipped: SkippedRow[] = [];
  let columns: string[] | null = null;
  let n = 0;
  try {
    for await (const entry of iterateStructures([opts.data], {
      structureDir: opts.structures,
      idColumn: opts.idColumn,
    })) {
      n++;
      opts.onProgress?.(n);
      const props = entry.properties ?? {};
      if (columns === null) {
        columns = Object.keys(props);
        const missingCols = [
          ...opts.targets,
          ...(opts.atomTarget ? [opts.atomTarget] : []),
          ...(opts.foldColumn ? [opts.foldColumn] : []),
        ].filter((c) => !(c in props));
        if (missingCols.length && columns.length) {
          throw new XtalInputError(
            `column${missingCols.length > 1 ? 's' : ''} ${missingCols.map((c) => `"${c}"`).join(', ')} not in the data (columns: ${columns.join(', ')})`,
            { file: opts.data, field: missingCols[0] },
          );
        }
      }
      const skip = (reason: string): void => {
        skipped.push({ id: entry.id, source: entry.source, reason });
      };
      if (!entry.structure) {
        skip(entry.error?.message ?? 'no structure');
        continue;
      }
      const targets = new Float64Array(opts.targets.length);
      let bad: string | null = null;
      opts.targets.forEach((name, t) => {
        const x = toNumber(props[name]);
        if (x === null) bad ??= `target ${name} is not a number: "${String(props[name])}"`;
        else if (!Number.isFinite(x)) targets[t] = NaN;
        else if (opts.transform === 'log10') {
          if (x <= 0) bad ??= `target ${name} = ${x} has no log10 (must be > 0)`;
          targets[t] = Math.log10(x);
        } else targets[t] = x;
      });
      if (bad) {
        skip(bad);
        continue;
      }
      let atomTargets: Float64Array | undefined;
      if (opts.atomTarget) {
        const raw = props[opts.atomTarget];
        const arr = typeof raw === 'string' ? safeJson(raw) : raw;
        if (
          !Array.isArray(arr) ||
          arr.length !== entry.structure.numSites ||
          arr.some((v) => toNumber(v) === null)
        ) {
          skip(`per-atom target ${opts.atomTarget} must be a list of ${entry.structure.numSites} numbers`);
          continue;
        }
        atomTargets = Float64Array.from(arr.map((v) => toNumber(v) as number));
      }
      if (targets.every(Number.isNaN) && !atomTargets) {
        skip(opts.targets.length > 1 ? 'no target value' : `target ${opts.targets[0]} is missing`);
        continue;
      }
      let graph = cache?.get(entry.id);
      if (!graph) {
        try {
          graph = buildCrystalGraph(entry.structure, opts.featurizer, opts.graph);
        } catch (err) {
          skip((err as Error).message);
          continue;
        }
        cache?.append(entry.id, graph);
      }
      if (graph.isolatedAtoms > 0) {
        skip(`${graph.isolatedAtoms} atom(s) with no neighbour within the cutoff`);
        continue;
      }
      const formula = compositionOf(entry.structure).reducedFormula;
      const group =
        opts.groupColumn === 'formula'
          ? formula
          : opts.groupColumn
            ? String(props[opts.groupColumn] ?? '')
            : undefined;
      const fold = opts.foldColumn !== undefined ? String(props[opts.foldColumn] ?? '') : undefined;
      samples.push({ id: entry.id, graph, targets, atomTargets, formula, fold, group });
    }
  } finally {
    cache?.close();
  }
  if (samples.length === 0) {
    throw new XtalInputError(
      `no usable rows in the data (${skipped.length} skipped${skipped.length ? `; first: ${skipped[0].id}: ${skipped[0].reason}` : ''})`,
      { file: opts.data },
    );
  }
  return { samples, skipped, targetNames: opts.targets, columns: columns ?? [] };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
