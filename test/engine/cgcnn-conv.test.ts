// The fused CGCNN convolution against a composition of plain ops (concat -> linear -> batchNorm -> split ->
// sigmoid * softplus -> segment sum -> batchNorm -> residual -> softplus), forward and every gradient, in
// training and eval mode; and its gradients against finite differences on the float64 path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Rng,
  backward,
  cgcnnConv,
  mul,
  sum,
  tensor,
  tidy,
  type CgcnnConvParams,
  type FloatArray,
  type Tensor,
} from '../../src/engine/index.js';
import { gradCheck, rand64, type T64 } from './gradcheck.js';
import { composedConv, randomGraph, randomParams64 } from './helpers.js';

function copyParams<D extends FloatArray>(p: CgcnnConvParams<D>): CgcnnConvParams<D> {
  const o: Record<string, Tensor<D>> = {};
  for (const [k, t] of Object.entries(p) as [string, Tensor<D>][])
    o[k] = tensor<D>(t.data, t.shape, { dtype: t.dtype, requiresGrad: t.requiresGrad });
  return o as unknown as CgcnnConvParams<D>;
}

function runBoth(training: boolean, seed: number, N: number, F: number, B: number, maxNbr: number) {
  const rng = new Rng(seed);
  const g = randomGraph(rng, N, maxNbr, !training);
  const E = g.nbr.length;
  const v = rand64(rng, [N, F]);
  const u = rand64(rng, [E, B], 0, 1);
  const p1 = randomParams64(rng, F, B);
  const p2 = copyParams(p1);
  const v2 = tensor<Float64Array>(v.data, v.shape, { dtype: 'float64', requiresGrad: true });
  const u2 = tensor<Float64Array>(u.data, u.shape, { dtype: 'float64', requiresGrad: true });
  const R = rand64(rng, [N, F], -1, 1, false);
  const o1 = tidy(() => {
    const o = cgcnnConv(v, u, g, p1, { training });
    backward(sum(mul(o, R)));
    return Array.from(o.data);
  });
  const o2 = tidy(() => {
    const o = composedConv(v2, u2, g, p2, training);
    backward(sum(mul(o, R)));
    return Array.from(o.data);
  });
  return {
    o1,
    o2,
    pairs: [
      ['v', v, v2],
      ['u', u, u2],
      ...Object.keys(p1).map((k) => [k, p1[k as keyof typeof p1], p2[k as keyof typeof p2]]),
    ] as [string, T64, T64][],
  };
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, what);
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < a.length; i++)
    assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + scale), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

for (const training of [true, false]) {
  test(`fused layer = composed ops, float64, ${training ? 'training' : 'eval'}`, () => {
    const { o1, o2, pairs } = runBoth(training, training ? 1 : 2, 9, 4, 5, 4);
    close(o1, o2, 1e-12, 'output');
    for (const [name, a, b] of pairs) {
      if (!a.requiresGrad) close(a.data, b.data, 1e-12, `${name} (running statistics)`);
      else close(a.grad!, b.grad!, 1e-10, `d${name}`);
    }
  });

  test(`fused layer gradients = finite differences, ${training ? 'training' : 'eval'}`, () => {
    const rng = new Rng(11);
    const g = randomGraph(rng, 5, 3, false);
    const F = 2;
    const B = 3;
    const p = randomParams64(rng, F, B);
    const keys = ['weight', 'bias', 'bn1Gamma', 'bn1Beta', 'bn2Gamma', 'bn2Beta'] as const;
    const run = (v: T64, u: T64, ...ps: T64[]) => {
      const q = { ...p };
      keys.forEach((k, i) => (q[k] = ps[i]));
      // Running statistics must not drift between evaluations: use fresh copies.
      q.bn1RunningMean = tensor<Float64Array>(p.bn1RunningMean.data, [2 * F], { dtype: 'float64' });
      q.bn1RunningVar = tensor<Float64Array>(p.bn1RunningVar.data, [2 * F], { dtype: 'float64' });
      q.bn2RunningMean = tensor<Float64Array>(p.bn2RunningMean.data, [F], { dtype: 'float64' });
      q.bn2RunningVar = tensor<Float64Array>(p.bn2RunningVar.data, [F], { dtype: 'float64' });
      return cgcnnConv(v, u, g, q, { training });
    };
    gradCheck(run, [rand64(rng, [5, F]), rand64(rng, [g.nbr.length, B], 0, 1), ...keys.map((k) => p[k])], {
      label: `cgcnn ${training}`,
      rtol: 1e-5,
      atol: 1e-7,
    });
  });
}

test('training updates running statistics like PyTorch (unbiased variance, momentum 0.1)', () => {
  const { pairs } = runBoth(true, 3, 7, 3, 2, 3);
  for (const [name, a, b] of pairs) if (name.includes('Running')) close(a.data, b.data, 1e-12, name);
});
