/**
 * Gradient checking on the float64 path: compares the gradients backward() accumulates with central finite
 * differences of a scalar loss, loss = Σ out ⊙ R for a fixed random R (so every output element counts).
 */
import assert from 'node:assert/strict';
import { Rng, backward, mul, noGrad, sum, tensor, tidy, type Tensor } from '../../src/engine/index.js';

export type T64 = Tensor<Float64Array>;

export function rand64(rng: Rng, shape: number[], lo = -1, hi = 1, requiresGrad = true): T64 {
  const n = shape.reduce((p, d) => p * d, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = rng.range(lo, hi);
  return tensor<Float64Array>(d, shape, { dtype: 'float64', requiresGrad });
}

/**
 * Checks d(Σ f(inputs) ⊙ R)/d(inputs) for every input requiring grad. Tolerance: |analytic - numeric| <=
 * atol + rtol * max|numeric| over the tensor.
 */
export function gradCheck(
  f: (...xs: T64[]) => T64,
  inputs: T64[],
  opts: { h?: number; atol?: number; rtol?: number; seed?: number; label?: string } = {},
): void {
  const h = opts.h ?? 1e-6;
  const atol = opts.atol ?? 1e-7;
  const rtol = opts.rtol ?? 1e-5;
  const rng = new Rng(opts.seed ?? 99);
  let R: Float64Array | null = null;
  const lossOf = (): number =>
    tidy(() =>
      noGrad(() => {
        const o = f(...inputs);
        if (!R) R = Float64Array.from({ length: o.size }, () => rng.range(-1, 1));
        let s = 0;
        for (let i = 0; i < o.size; i++) s += o.data[i] * R[i];
        return s;
      }),
    );
  lossOf();
  for (const x of inputs) if (x.requiresGrad) x.zeroGrad();
  tidy(() => {
    const o = f(...inputs);
    const r = tensor<Float64Array>(R!, o.shape, { dtype: 'float64' });
    backward(sum(mul(o, r)));
  });
  inputs.forEach((x, xi) => {
    if (!x.requiresGrad) return;
    const analytic = Float64Array.from(x.grad!);
    const numeric = new Float64Array(x.size);
    for (let i = 0; i < x.size; i++) {
      const old = x.data[i];
      x.data[i] = old + h;
      const lp = lossOf();
      x.data[i] = old - h;
      const lm = lossOf();
      x.data[i] = old;
      numeric[i] = (lp - lm) / (2 * h);
    }
    const scale = numeric.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    for (let i = 0; i < x.size; i++) {
      const err = Math.abs(analytic[i] - numeric[i]);
      assert.ok(
        err <= atol + rtol * scale,
        `${opts.label ?? 'gradCheck'}: input ${xi} element ${i}: analytic ${analytic[i]} vs numeric ${numeric[i]} (scale ${scale})`,
      );
    }
  });
}
