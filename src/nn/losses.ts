/**
 * Loss functions on engine tensors, as torch.nn.functional (1.13): MSE, L1, Huber (delta), smooth L1
 * (beta), Gaussian negative log-likelihood (predicted mean and variance), binary cross-entropy on
 * probabilities and from logits (stable: softplus form, optional pos_weight), NLL on log-probabilities
 * and cross-entropy from logits (optional class weights, ignore_index). Reductions 'mean' | 'sum' | 'none'.
 *
 * Missing targets: a NaN target (regression, binary) or a class index equal to `ignoreIndex` or
 * negative (classification) drops that entry from the loss and from the mean's count, so several
 * targets with gaps train together. Optional `weights` (one per entry, or one per row broadcast across
 * targets) weight each entry; 'mean' is then Σ w·l / Σ w over the present entries (PyTorch's rule for
 * weighted NLL). If every entry is missing the loss is 0. Targets are constants (no gradient).
 */
import {
  abs,
  add,
  affine,
  clamp,
  div,
  log,
  logSoftmax,
  mul,
  neg,
  reshape,
  softplus,
  square,
  sub,
  sum,
  tensor,
  type FloatArray,
} from '../engine/index.js';
import type { AnyTensor } from './module.js';

export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOptions {
  reduction?: Reduction;
  /** Per-entry weights (same size as the prediction) or per-row weights (length = first dimension). */
  weights?: ArrayLike<number>;
}

type Target = AnyTensor | ArrayLike<number>;

function values(t: Target): ArrayLike<number> {
  return 'data' in t && 'shape' in t ? (t as AnyTensor).data : (t as ArrayLike<number>);
}

function constant(data: Float64Array, shape: readonly number[], like: AnyTensor): AnyTensor {
  return tensor<FloatArray>(like.dtype === 'float64' ? data : Float32Array.from(data), [...shape], {
    dtype: like.dtype,
  });
}

/** Entry weights (weights × presence) for a prediction of `shape`; present = `isPresent(k)`. */
function entryWeights(
  shape: readonly number[],
  n: number,
  isPresent: (k: number) => boolean,
  weights: ArrayLike<number> | undefined,
  what: string,
): Float64Array {
  const w = new Float64Array(n);
  const rows = shape.length > 0 ? shape[0] : 1;
  const perRow = n / Math.max(rows, 1);
  if (weights && weights.length !== n && weights.length !== rows) {
    throw new RangeError(`${what}: ${weights.length} weights for ${n} entries in ${rows} rows`);
  }
  for (let k = 0; k < n; k++) {
    if (!isPresent(k)) continue;
    w[k] = !weights ? 1 : weights.length === n ? weights[k] : weights[Math.floor(k / perRow)];
  }
  return w;
}

/** Apply weights and reduce. `l` holds one loss per entry, shaped like the prediction (or per row). */
function reduce(l: AnyTensor, w: Float64Array, reduction: Reduction): AnyTensor {
  const wt = constant(w, l.shape, l);
  const weighted = mul(l, wt);
  if (reduction === 'none') return weighted;
  const total = sum(weighted);
  if (reduction === 'sum') return total;
  let count = 0;
  for (let k = 0; k < w.length; k++) count += w[k];
  return affine(total, 1 / (count > 0 ? count : 1));
}

function regression(
  pred: AnyTensor,
  target: Target,
  options: LossOptions,
  what: string,
  elementwise: (diff: AnyTensor) => AnyTensor,
): AnyTensor {
  const y = values(target);
  if (y.length !== pred.size)
    throw new RangeError(`${what}: ${y.length} targets for a prediction of shape [${pred.shape}]`);
  const filled = new Float64Array(pred.size);
  for (let k = 0; k < filled.length; k++) filled[k] = Number.isNaN(y[k]) ? 0 : y[k];
  const w = entryWeights(pred.shape, pred.size, (k) => !Number.isNaN(y[k]), options.weights, what);
  // A missing entry is compared with 0 and then weighted 0, so it adds nothing, gradient included.
  const l = elementwise(sub(pred, constant(filled, pred.shape, pred)));
  return reduce(l, w, options.reduction ?? 'mean');
}

/** Mean squared error (x − y)². */
export function mseLoss(pred: AnyTensor, target: Target, options: LossOptions = {}): AnyTensor {
  return regression(pred, target, options, 'mseLoss', (d) => square(d));
}

/** Mean absolute error |x − y|. */
export function l1Loss(pred: AnyTensor, target: Target, options: LossOptions = {}): AnyTensor {
  return regression(pred, target, options, 'l1Loss', (d) => abs(d));
}

/** Huber: ½d² for |d| < δ, δ(|d| − ½δ) beyond (torch.nn.HuberLoss). */
export function huberLoss(
  pred: AnyTensor,
  target: Target,
  options: LossOptions & { delta?: number } = {},
): AnyTensor {
  const delta = options.delta ?? 1;
  if (!(delta > 0)) throw new RangeError(`huberLoss: delta must be positive, got ${delta}`);
  return regression(pred, target, options, 'huberLoss', (d) => {
    const a = abs(d);
    const q = clamp(a, 0, delta); // ½q² + δ(|d| − q) equals both branches
    return add(affine(square(q), 0.5), affine(sub(a, q), delta));
  });
}

/** Smooth L1 (torch.nn.SmoothL1Loss): Huber with δ = β, divided by β. */
export function smoothL1Loss(
  pred: AnyTensor,
  target: Target,
  options: LossOptions & { beta?: number } = {},
): AnyTensor {
  const beta = options.beta ?? 1;
  return affine(huberLoss(pred, target, { ...options, delta: beta }), 1 / beta);
}

/**
 * Gaussian negative log-likelihood (torch.nn.GaussianNLLLoss): ½(log v + (x − y)²/v) [+ ½ log 2π with
 * `full`], v the predicted variance, same shape as the mean or one per row ([N, 1]). Variances below
 * `eps` (1e-6) are raised to eps in value only: the gradient passes as if unclamped, as in PyTorch.
 * Negative variances throw.
 */
export function gaussianNllLoss(
  mean: AnyTensor,
  variance: AnyTensor,
  target: Target,
  options: LossOptions & { eps?: number; full?: boolean } = {},
): AnyTensor {
  const what = 'gaussianNllLoss';
  const eps = options.eps ?? 1e-6;
  const rows = mean.shape[0];
  const sameShape = variance.size === mean.size;
  if (!sameShape && !(mean.rank === 2 && variance.size === rows && variance.shape[0] === rows)) {
    throw new RangeError(
      `${what}: variance [${variance.shape}] must match the mean [${mean.shape}] or be one per row`,
    );
  }
  const vd = variance.data;
  const lift = new Float64Array(vd.length);
  for (let k = 0; k < vd.length; k++) {
    if (vd[k] < 0) throw new RangeError(`${what}: variance ${vd[k]} at ${k} is negative`);
    lift[k] = vd[k] < eps ? eps - vd[k] : 0;
  }
  const v = add(
    sameShape ? variance : reshape(variance, [rows, 1]),
    constant(lift, sameShape ? variance.shape : [rows, 1], variance),
  );
  return regression(mean, target, options, what, (d) => {
    const l = affine(add(log(v), div(square(d), v)), 0.5);
    return options.full ? affine(l, 1, 0.5 * Math.log(2 * Math.PI)) : l;
  });
}

/**
 * Binary cross-entropy from logits x with targets y in [0, 1]: p·y·softplus(−x) + (1 − y)·softplus(x),
 * stable for any x; `posWeight` p (default 1) weighs the positive term (scalar or one per column).
 */
export function bceWithLogitsLoss(
  logits: AnyTensor,
  target: Target,
  options: LossOptions & { posWeight?: number | ArrayLike<number> } = {},
): AnyTensor {
  const what = 'bceWithLogitsLoss';
  const y = values(target);
  if (y.length !== logits.size)
    throw new RangeError(`${what}: ${y.length} targets for logits of shape [${logits.shape}]`);
  const n = logits.size;
  const cols = logits.rank >= 2 ? logits.shape[logits.rank - 1] : n;
  const pw = options.posWeight ?? 1;
  const pos = new Float64Array(n);
  const negW = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (Number.isNaN(y[k])) continue;
    const p = typeof pw === 'number' ? pw : pw[k % cols];
    pos[k] = p * y[k];
    negW[k] = 1 - y[k];
  }
  const w = entryWeights(logits.shape, n, (k) => !Number.isNaN(y[k]), options.weights, what);
  const l = add(
    mul(softplus(neg(logits)), constant(pos, logits.shape, logits)),
    mul(softplus(logits), constant(negW, logits.shape, logits)),
  );
  return reduce(l, w, options.reduction ?? 'mean');
}

/** Binary cross-entropy on probabilities, logs clamped at −100 as PyTorch does. Prefer the logits form. */
export function bceLoss(probs: AnyTensor, target: Target, options: LossOptions = {}): AnyTensor {
  const what = 'bceLoss';
  const y = values(target);
  if (y.length !== probs.size)
    throw new RangeError(`${what}: ${y.length} targets for shape [${probs.shape}]`);
  const a = new Float64Array(probs.size);
  const b = new Float64Array(probs.size);
  for (let k = 0; k < a.length; k++) {
    if (Number.isNaN(y[k])) continue;
    a[k] = y[k];
    b[k] = 1 - y[k];
  }
  const w = entryWeights(probs.shape, probs.size, (k) => !Number.isNaN(y[k]), options.weights, what);
  const lp = clamp(log(probs), -100);
  const l1p = clamp(log(affine(probs, -1, 1)), -100);
  const l = neg(add(mul(lp, constant(a, probs.shape, probs)), mul(l1p, constant(b, probs.shape, probs))));
  return reduce(l, w, options.reduction ?? 'mean');
}

export interface ClassLossOptions {
  reduction?: Reduction;
  /** One weight per class (torch's `weight`). */
  classWeights?: ArrayLike<number>;
  /** One weight per sample (0 masks a sample). */
  weights?: ArrayLike<number>;
  /** Targets equal to this (or negative, or NaN) are ignored. Default −100, as PyTorch. */
  ignoreIndex?: number;
}

/**
 * Negative log-likelihood of log-probabilities [N, C] at integer class targets. 'mean' divides by the
 * summed weights of the counted samples; 'none' gives one loss per sample ([N]).
 */
export function nllLoss(
  logProbs: AnyTensor,
  target: ArrayLike<number>,
  options: ClassLossOptions = {},
): AnyTensor {
  const what = 'nllLoss';
  if (logProbs.rank !== 2)
    throw new RangeError(`${what}: needs [N, C] log-probabilities, got [${logProbs.shape}]`);
  const [N, C] = logProbs.shape;
  if (target.length !== N) throw new RangeError(`${what}: ${target.length} targets for ${N} samples`);
  const ignore = options.ignoreIndex ?? -100;
  const cw = options.classWeights;
  if (cw && cw.length !== C) throw new RangeError(`${what}: ${cw.length} class weights for ${C} classes`);
  if (options.weights && options.weights.length !== N) {
    throw new RangeError(`${what}: ${options.weights.length} sample weights for ${N} samples`);
  }
  const pick = new Float64Array(N * C);
  const w = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const t = target[i];
    if (Number.isNaN(t) || t === ignore || t < 0) continue;
    if (!Number.isInteger(t) || t >= C)
      throw new RangeError(`${what}: target ${t} of sample ${i} is not a class in [0, ${C})`);
    w[i] = (cw ? cw[t] : 1) * (options.weights ? options.weights[i] : 1);
    pick[i * C + t] = 1;
  }
  const l = neg(sum(mul(logProbs, constant(pick, [N, C], logProbs)), 1));
  return reduce(l, w, options.reduction ?? 'mean');
}

/** Cross-entropy from logits [N, C]: nllLoss(logSoftmax(logits)). */
export function crossEntropyLoss(
  logits: AnyTensor,
  target: ArrayLike<number>,
  options: ClassLossOptions = {},
): AnyTensor {
  if (logits.rank !== 2) throw new RangeError(`crossEntropyLoss: needs [N, C] logits, got [${logits.shape}]`);
  return nllLoss(logSoftmax(logits, 1), target, options);
}
