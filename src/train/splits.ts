/**
 * Train / validation / test splits, all reproducible from a seed:
 * - random fractions (e.g. 0.8, 0.1, 0.1);
 * - a fold column with one fold held out as the test set;
 * - k-fold cross-validation (k splits, each fold the test set once);
 * - group k-fold: whole groups (e.g. all polymorphs of one formula) go to the same fold, so a test crystal
 *   never has a training twin of the same composition.
 * The validation set (for early stopping and model selection) is a seeded fraction of the non-test part.
 */
import { Rng } from '../engine/random.js';
import { XtalInputError } from '../errors.js';

export interface Split {
  name: string;
  train: number[];
  val: number[];
  test: number[];
}

function shuffled(n: number, seed: number): number[] {
  return new Rng(seed).shuffle(Array.from({ length: n }, (_, i) => i));
}

/** Carve a validation set out of a training set (a fraction, at least one item when possible). */
export function withValidation(
  name: string,
  trainPool: number[],
  test: number[],
  valFraction: number,
  seed: number,
): Split {
  const pool = new Rng(seed ^ 0x9e3779b9).shuffle([...trainPool]);
  const nVal = valFraction > 0 ? Math.max(1, Math.round(valFraction * pool.length)) : 0;
  return {
    name,
    val: pool.slice(0, nVal).sort((a, b) => a - b),
    train: pool.slice(nVal).sort((a, b) => a - b),
    test: [...test].sort((a, b) => a - b),
  };
}

export function randomSplit(n: number, fractions: [number, number, number], seed: number): Split {
  const [ft, fv, fs] = fractions;
  if ([ft, fv, fs].some((f) => !(f >= 0)) || Math.abs(ft + fv + fs - 1) > 1e-6) {
    throw new XtalInputError(
      `split fractions must be non-negative and add up to 1, got ${fractions.join(',')}`,
      { field: '--split' },
    );
  }
  const order = shuffled(n, seed);
  const nTest = Math.round(fs * n);
  const nVal = Math.round(fv * n);
  const sort = (a: number[]): number[] => a.sort((x, y) => x - y);
  return {
    name: 'random',
    test: sort(order.slice(0, nTest)),
    val: sort(order.slice(nTest, nTest + nVal)),
    train: sort(order.slice(nTest + nVal)),
  };
}

/** Hold out the rows whose fold equals testFold; validation from the rest. */
export function foldColumnSplit(
  folds: ArrayLike<number | string>,
  testFold: number | string,
  valFraction: number,
  seed: number,
): Split {
  const test: number[] = [];
  const rest: number[] = [];
  for (let i = 0; i < folds.length; i++) (String(folds[i]) === String(testFold) ? test : rest).push(i);
  if (test.length === 0) throw new XtalInputError(`no row has fold ${testFold}`, { field: '--test-fold' });
  return withValidation(`fold-${testFold}`, rest, test, valFraction, seed);
}

/** k splits; rows of one group always share a fold (plain k-fold when groups are absent). */
export function kFoldSplits(
  n: number,
  k: number,
  valFraction: number,
  seed: number,
  groups?: ArrayLike<string>,
): Split[] {
  if (!Number.isInteger(k) || k < 2)
    throw new XtalInputError(`--folds must be an integer ≥ 2, got ${k}`, { field: '--folds' });
  const foldOf = new Int32Array(n);
  if (groups) {
    const names = [...new Set(Array.from(groups))];
    if (names.length < k)
      throw new XtalInputError(`${names.length} groups cannot fill ${k} folds`, { field: '--group-column' });
    // Largest groups first, each into the currently smallest fold: balanced folds, deterministic for a seed.
    const size = new Map<string, number>();
    for (let i = 0; i < n; i++) size.set(groups[i], (size.get(groups[i]) ?? 0) + 1);
    const rng = new Rng(seed);
    const order = rng.shuffle(names).sort((a, b) => size.get(b)! - size.get(a)!);
    const load = new Array<number>(k).fill(0);
    const assign = new Map<string, number>();
    for (const g of order) {
      let best = 0;
      for (let f = 1; f < k; f++) if (load[f] < load[best]) best = f;
      assign.set(g, best);
      load[best] += size.get(g)!;
    }
    for (let i = 0; i < n; i++) foldOf[i] = assign.get(groups[i])!;
  } else {
    if (n < k) throw new XtalInputError(`${n} rows cannot fill ${k} folds`, { field: '--folds' });
    shuffled(n, seed).forEach((row, pos) => (foldOf[row] = pos % k));
  }
  return Array.from({ length: k }, (_, f) => {
    const test: number[] = [];
    const rest: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? test : rest).push(i);
    return withValidation(`fold-${f}`, rest, test, valFraction, seed + f);
  });
}
