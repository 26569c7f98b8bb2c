/** Shared helpers of the nn tests: float64 tensors, weighted-sum losses, closeness checks, finite differences. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { backward, mul, sum, tensor, type FloatArray, type Tensor } from '../../src/engine/index.js';
import { projectPath } from '../helpers/shared-data.js';

export type T = Tensor<FloatArray>;

export function fixture<X>(name: string): X {
  return JSON.parse(readFileSync(projectPath('test', 'nn', 'fixtures', name), 'utf8')) as X;
}

export function t64(data: ArrayLike<number>, shape: number[], requiresGrad = false): T {
  return tensor<Float64Array>(Float64Array.from(data), shape, { dtype: 'float64', requiresGrad });
}

/** sum(y ⊙ R): its gradient with respect to y is R. */
export function weightedSum(y: T, R: ArrayLike<number>): T {
  const r = tensor<FloatArray>(y.dtype === 'float64' ? Float64Array.from(R) : Float32Array.from(R), y.shape, {
    dtype: y.dtype,
  });
  return sum(mul(y, r));
}

export function backprop(y: T, R: ArrayLike<number>): void {
  backward(weightedSum(y, R));
}

/** Max |got − want| / max(1, |want|) must stay below tol. */
export function assertClose(
  got: ArrayLike<number> | null,
  want: ArrayLike<number>,
  tol: number,
  label: string,
): void {
  assert.ok(got, `${label}: missing`);
  assert.equal(got.length, want.length, `${label}: length`);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
    if (!(e <= worst)) {
      worst = e;
      at = i;
    }
  }
  assert.ok(worst <= tol, `${label}: worst error ${worst} at ${at} (got ${got[at]}, want ${want[at]})`);
}

/**
 * Central finite difference of the scalar f() with respect to entry i of `data` (float64), h = 1e-6.
 */
export function finiteDiff(f: () => number, data: Float64Array | Float32Array, i: number, h = 1e-6): number {
  const x = data[i];
  data[i] = x + h;
  const fp = f();
  data[i] = x - h;
  const fm = f();
  data[i] = x;
  return (fp - fm) / (2 * h);
}
