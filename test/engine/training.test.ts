// Same seed, same result (a few training steps twice give identical weights, also across thread counts),
// and no leak: 10^4 small training steps leave the engine memory in use where it started.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Rng,
  backward,
  cgcnnConv,
  dropout,
  engineVariant,
  matmul,
  mean,
  memoryStats,
  mul,
  noGrad,
  parameter,
  relu,
  setThreads,
  square,
  sub,
  tensor,
  tidy,
  type Tensor,
} from '../../src/engine/index.js';
import { randomGraph } from './helpers.js';

/** A tiny CGCNN-like model trained with plain SGD; returns the final weights and losses. */
function train(seed: number, steps: number): { weights: number[][]; losses: number[] } {
  const rng = new Rng(seed);
  const F = 8;
  const B = 5;
  const N = 30;
  const init = (n: number, s: number) => (i: number) => (i >= 0 ? rng.range(-s, s) : n);
  const p = {
    weight: parameter([2 * F, 2 * F + B], init(0, 0.3)),
    bias: parameter([2 * F], init(0, 0.1)),
    bn1Gamma: parameter([2 * F], () => 1),
    bn1Beta: parameter([2 * F]),
    bn1RunningMean: tensor(new Float32Array(2 * F)).keep(),
    bn1RunningVar: tensor(new Float32Array(2 * F).fill(1)).keep(),
    bn2Gamma: parameter([F], () => 1),
    bn2Beta: parameter([F]),
    bn2RunningMean: tensor(new Float32Array(F)).keep(),
    bn2RunningVar: tensor(new Float32Array(F).fill(1)).keep(),
  };
  const head = parameter([F, 1], init(0, 0.3));
  const params: Tensor[] = [p.weight, p.bias, p.bn1Gamma, p.bn1Beta, p.bn2Gamma, p.bn2Beta, head];
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const g = randomGraph(rng, N, 4, false);
    const loss = tidy(() => {
      const v = tensor(
        Float32Array.from({ length: N * F }, () => rng.normal()),
        [N, F],
      );
      const u = tensor(
        Float32Array.from({ length: g.nbr.length * B }, () => rng.uniform()),
        [g.nbr.length, B],
      );
      const y = tensor(
        Float32Array.from({ length: N }, () => rng.normal()),
        [N, 1],
      );
      const h = cgcnnConv(v, u, g, p, { training: true });
      const pred = matmul(relu(dropout(h, 0.1, rng)), head);
      const l = mean(square(sub(pred, y)));
      for (const q of params) q.zeroGrad();
      backward(l);
      return l.item();
    });
    noGrad(() => {
      for (const q of params) {
        const d = q.data;
        const gr = q.grad!;
        for (let i = 0; i < d.length; i++) d[i] -= 0.05 * gr[i];
      }
    });
    losses.push(loss);
  }
  const weights = [...params, p.bn1RunningMean, p.bn2RunningVar].map((t) => Array.from(t.data));
  for (const t of [...params, ...Object.values(p)]) t.dispose();
  return { weights, losses };
}

test('same seed, same weights after training steps', async () => {
  const a = train(5, 8);
  const b = train(5, 8);
  assert.deepEqual(a.weights, b.weights);
  assert.deepEqual(a.losses, b.losses);
  const c = train(6, 8);
  assert.notDeepEqual(a.weights, c.weights, 'a different seed must give different weights');
  if (engineVariant() !== 'typescript') {
    await setThreads(3);
    const d = train(5, 8);
    await setThreads(1);
    assert.deepEqual(d.weights, a.weights, '3 threads must give the same weights as 1 thread');
  }
});

test('no leak over 10^4 small training steps', () => {
  const rng = new Rng(1);
  const w = parameter([4, 3], () => rng.range(-1, 1));
  const x = tensor(
    Float32Array.from({ length: 8 * 4 }, () => rng.normal()),
    [8, 4],
  ).keep();
  const y = tensor(
    Float32Array.from({ length: 8 * 3 }, () => rng.normal()),
    [8, 3],
  ).keep();
  const step = () =>
    tidy(() => {
      w.zeroGrad();
      const l = mean(square(sub(relu(matmul(x, w)), y)));
      backward(l);
      noGrad(() => {
        const d = w.data;
        for (let i = 0; i < d.length; i++) d[i] -= 0.01 * w.grad![i];
      });
      return l.item();
    });
  step();
  const before = memoryStats();
  let first = 0;
  let last = 0;
  for (let s = 0; s < 10000; s++) {
    const l = step();
    if (s === 0) first = l;
    last = l;
  }
  const after = memoryStats();
  assert.equal(after.bytesInUse, before.bytesInUse, 'engine memory in use must return to its level');
  assert.equal(after.blocks, before.blocks);
  assert.ok(last < first, `loss should fall (${first} -> ${last})`);
  for (const t of [w, x, y]) t.dispose();
  // Disposed tensors refuse to be used.
  assert.throws(() => w.data, /after dispose/);
});

test('tidy keeps returned tensors and disposes the rest', () => {
  const before = memoryStats().blocks;
  const kept = tidy(() => {
    const a = tensor([1, 2, 3]);
    const b = mul(a, a);
    return { b, n: 3 };
  });
  assert.deepEqual(kept.b.toArray(), [1, 4, 9]);
  kept.b.dispose();
  assert.equal(memoryStats().blocks, before);
});
