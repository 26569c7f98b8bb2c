/**
 * Gaussian expansion of interatomic distances into edge features, as in CGCNN (Xie & Grossman 2018,
 * cgcnn/data.py GaussianDistance): e_k(d) = exp(-(d - mu_k)² / sigma²), mu_k = dmin + k·step,
 * sigma = step by default (note sigma², not 2 sigma²). The defaults give 41 centres 0, 0.2, ..., 8 Å.
 */

export interface GaussianOptions {
  /** First centre (Å). Default 0. */
  dminA?: number;
  /** Spacing of the centres (Å). Default 0.2. */
  stepA?: number;
  /** Number of centres. Default: centres from dminA up to and including radiusA. */
  count?: number;
  /** Largest centre used to derive `count` when it is not given (Å). Default 8. */
  radiusA?: number;
  /** Width (Å). Default: stepA. */
  sigmaA?: number;
}

export interface GaussianBasis {
  dminA: number;
  stepA: number;
  count: number;
  sigmaA: number;
}

/** Resolve the options to a complete basis (np.arange(dmin, radius + step, step) has this many centres). */
export function gaussianBasis(options: GaussianOptions = {}): GaussianBasis {
  const dminA = options.dminA ?? 0;
  const stepA = options.stepA ?? 0.2;
  const radiusA = options.radiusA ?? 8;
  if (!(stepA > 0) || !Number.isFinite(stepA))
    throw new RangeError(`Gaussian step must be positive, got ${stepA}`);
  if (!Number.isFinite(dminA)) throw new RangeError(`Gaussian dmin must be finite, got ${dminA}`);
  const count = options.count ?? Math.floor((radiusA - dminA) / stepA + 1e-9) + 1;
  if (!(Number.isInteger(count) && count > 0))
    throw new RangeError(`Gaussian count must be a positive integer, got ${count}`);
  const sigmaA = options.sigmaA ?? stepA;
  if (!(sigmaA > 0)) throw new RangeError(`Gaussian width must be positive, got ${sigmaA}`);
  return { dminA, stepA, count, sigmaA };
}

/**
 * Expand every distance into `count` features: out[i·count + k] = exp(-(d_i - mu_k)² / sigma²).
 * `out` must hold distances.length · count values; returns it.
 *
 * Two exponentials per distance instead of `count`: starting from the centre nearest to d, neighbouring
 * values follow e_{k+1} = e_k · exp((2 x_k s - s²) / sigma²) with x_k = d - mu_k, s = step, the factor
 * itself a product of a per-distance term and a per-centre table. The float64 recurrence is accurate to
 * ~1e-14 relative, far below the float32 output's resolution.
 */
export function gaussianExpand(
  distances: ArrayLike<number>,
  out: Float32Array,
  options: GaussianOptions = {},
): Float32Array {
  const { dminA, stepA, count, sigmaA } = gaussianBasis(options);
  const n = distances.length;
  if (out.length < n * count)
    throw new RangeError(`output holds ${out.length} values, ${n * count} are needed`);
  const inv = 1 / (sigmaA * sigmaA);
  const s2 = stepA * stepA * inv;
  // up[k] = exp(-2 k s² / σ²) · exp(-s²/σ²): the per-centre part of e_{k+1} / e_k.
  const up = new Float64Array(count);
  for (let k = 0; k < count; k++) up[k] = Math.exp(-(2 * k + 1) * s2);
  for (let i = 0; i < n; i++) {
    const d = distances[i];
    const base = i * count;
    const t = (d - dminA) / stepA;
    if (!Number.isFinite(t) || t < -count || t > 2 * count) {
      // Far outside the centres (or not finite): direct formula.
      for (let k = 0; k < count; k++) {
        const x = d - (dminA + k * stepA);
        out[base + k] = Math.exp(-x * x * inv);
      }
      continue;
    }
    const c = Math.min(count - 1, Math.max(0, Math.round(t)));
    const xc = d - (dminA + c * stepA);
    const ec = Math.exp(-xc * xc * inv);
    // ratio_k = e_{k+1} / e_k = g · up[k], g = exp(2 (d - dmin) s / σ²).
    const g = Math.exp(2 * (d - dminA) * stepA * inv);
    out[base + c] = ec;
    let e = ec;
    for (let k = c; k < count - 1; k++) {
      e *= g * up[k];
      out[base + k + 1] = e;
    }
    e = ec;
    for (let k = c - 1; k >= 0; k--) {
      e /= g * up[k];
      out[base + k] = e;
    }
  }
  return out;
}
