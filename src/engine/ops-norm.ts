/**
 * Batch normalisation over the batch axis (and spatial axes for [N, C, ...] inputs), PyTorch semantics:
 * training uses the batch mean and biased variance, and updates running statistics in place with the
 * unbiased variance, running = (1 - momentum) running + momentum batch; eval uses the running statistics.
 * Also dropout (inverted: kept values scaled by 1 / (1 - p)) driven by a seeded Rng.
 */
import { record } from './autograd.js';
import { fast } from './fast.js';
import * as ref from './kernels/reference.js';
import { out, type T } from './ops-util.js';
import type { Rng } from './random.js';
import { empty, type FloatArray, type Tensor } from './tensor.js';

export interface BatchNormOptions<D extends FloatArray = Float32Array> {
  training: boolean;
  runningMean?: Tensor<D> | null;
  runningVar?: Tensor<D> | null;
  momentum?: number;
  eps?: number;
}

export interface BatchNormStats {
  /** Statistics used for the normalisation (batch in training, running in eval). */
  mean: Float64Array;
  /** Biased variance used for the normalisation. */
  variance: Float64Array;
  /** Unbiased batch variance (training only; what the running variance is updated with). */
  unbiasedVariance: Float64Array | null;
}

/** Moves channel axis 1 of [N, C, ...rest] to the end: returns [rows, C] data (copy) when rest is non-empty. */
function channelsLast(x: Tensor<FloatArray>): { data: FloatArray; rows: number; C: number; inner: number } {
  const N = x.shape[0];
  const C = x.shape[1];
  const inner = x.shape.slice(2).reduce((p, d) => p * d, 1);
  if (inner === 1) return { data: x.data, rows: N, C, inner };
  const src = x.data;
  const d = new (src.constructor as Float64ArrayConstructor)(src.length);
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let i = 0; i < inner; i++) d[(n * inner + i) * C + c] = src[(n * C + c) * inner + i];
  return { data: d, rows: N * inner, C, inner };
}

function channelsFirst(
  d: FloatArray,
  dst: FloatArray,
  N: number,
  C: number,
  inner: number,
  add: boolean,
): void {
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let i = 0; i < inner; i++) {
        const v = d[(n * inner + i) * C + c];
        const k = (n * C + c) * inner + i;
        dst[k] = add ? dst[k] + v : v;
      }
}

/**
 * Batch normalisation of x ([N, C] or [N, C, ...]) with per-channel gamma and beta (null = 1 and 0).
 * `statsOut`, when given, receives the statistics used.
 */
export function batchNorm<D extends FloatArray>(
  x: Tensor<D>,
  gamma: Tensor<D> | null,
  beta: Tensor<D> | null,
  opts: BatchNormOptions<D>,
  statsOut?: BatchNormStats,
): Tensor<D> {
  if (x.rank < 2) throw new Error(`batchNorm: needs [N, C, ...], got [${x.shape}]`);
  const eps = opts.eps ?? 1e-5;
  const momentum = opts.momentum ?? 0.1;
  const { data: xl, rows, C, inner } = channelsLast(x as Tensor<FloatArray>);
  const N = x.shape[0];
  const mean = new Float64Array(C);
  const varB = new Float64Array(C);
  let unbiased: Float64Array | null = null;
  if (opts.training) {
    if (rows < 2) throw new Error('batchNorm: training needs more than one value per channel');
    ref.columnMeanVar(xl, rows, C, mean, varB);
    unbiased = varB.map((v) => (v * rows) / (rows - 1));
    if (opts.runningMean) {
      const rm = opts.runningMean.data;
      for (let c = 0; c < C; c++) rm[c] = (1 - momentum) * rm[c] + momentum * mean[c];
    }
    if (opts.runningVar) {
      const rv = opts.runningVar.data;
      for (let c = 0; c < C; c++) rv[c] = (1 - momentum) * rv[c] + momentum * unbiased[c];
    }
  } else {
    if (!opts.runningMean || !opts.runningVar)
      throw new Error('batchNorm: eval mode needs runningMean and runningVar');
    mean.set(opts.runningMean.data);
    varB.set(opts.runningVar.data);
  }
  if (statsOut) {
    statsOut.mean = mean;
    statsOut.variance = varB;
    statsOut.unbiasedVariance = unbiased;
  }
  const g = gamma ? gamma.data : new Float64Array(C).fill(1);
  const b = beta ? beta.data : new Float64Array(C);
  const o = out(x, x.shape);
  const f = fast();
  if (!(
    inner === 1 &&
    f &&
    f.batchNormApply(x as T, mean, varB, eps, gamma as T | null, beta as T | null, o as T)
  )) {
    if (inner === 1) ref.batchNormApply(xl, rows, C, mean, varB, eps, g, b, o.data);
    else {
      const tmp = new Float64Array(rows * C);
      ref.batchNormApply(xl, rows, C, mean, varB, eps, g, b, tmp);
      channelsFirst(tmp, o.data, N, C, inner, false);
    }
  }
  const training = opts.training;
  return record(o as T, 'batchNorm', [x as T, gamma as T | null, beta as T | null], (gOut, gradOf) => {
    const gx = gradOf(x as T);
    const gg = gamma ? gradOf(gamma as T) : null;
    const gb = beta ? gradOf(beta as T) : null;
    const { data: gl } = channelsLast(gOut);
    const dX = gx ? new Float64Array(rows * C) : null;
    const xl2 = channelsLast(x as Tensor<FloatArray>).data;
    ref.batchNormBackward(
      xl2,
      gl,
      rows,
      C,
      mean,
      varB,
      eps,
      g,
      training,
      dX,
      gg ? gg.data : null,
      gb ? gb.data : null,
    );
    if (gx && dX) {
      if (inner === 1) {
        const d = gx.data;
        for (let i = 0; i < d.length; i++) d[i] += dX[i];
      } else channelsFirst(dX, gx.data, N, C, inner, true);
    }
  }) as Tensor<D>;
}

/** Inverted dropout: zeroes each value with probability p (training only), scales the rest by 1/(1-p). */
export function dropout<D extends FloatArray>(a: Tensor<D>, p: number, rng: Rng, training = true): Tensor<D> {
  if (p < 0 || p >= 1) throw new Error(`dropout: p = ${p} outside [0, 1)`);
  if (!training || p === 0) {
    const o = out(a, a.shape);
    o.data.set(a.data);
    return record(o as T, 'dropout', [a as T], (g, gradOf) => {
      const ga = gradOf(a as T);
      if (!ga) return;
      const gd = g.data;
      const gad = ga.data;
      for (let i = 0; i < gad.length; i++) gad[i] += gd[i];
    }) as Tensor<D>;
  }
  const k = 1 / (1 - p);
  const mask = empty<D>(a.shape, { dtype: a.dtype });
  const md = mask.data;
  for (let i = 0; i < md.length; i++) md[i] = rng.uniform() < p ? 0 : k;
  const o = out(a, a.shape);
  const ad = a.data;
  const od = o.data;
  for (let i = 0; i < od.length; i++) od[i] = ad[i] * md[i];
  return record(o as T, 'dropout', [a as T], (g, gradOf) => {
    const ga = gradOf(a as T);
    if (!ga) return;
    const gd = g.data;
    const gad = ga.data;
    const m = mask.data;
    for (let i = 0; i < gad.length; i++) gad[i] += gd[i] * m[i];
  }) as Tensor<D>;
}
