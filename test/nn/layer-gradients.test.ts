import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { backward, sum, mul } from '../../src/engine/index.js';
import {
  Linear,
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  MaxPool2d,
  AvgPool2d,
  MinPool2d,
  Sequential,
  Sigmoid,
  Tanh,
  ELU,
  LeakyReLU,
  Softplus,
  Softmax,
  LogSoftmax,
  Flatten,
  Embedding,
  type AnyTensor,
  type Module,
} from '../../src/nn/index.js';
import { finiteDiff, t64 } from './helpers.js';

/** Compare backward() with central differences of Σ R ⊙ f(x) for the input and every parameter. */
function checkModule(name: string, m: Module, shape: number[], rng: Rng): void {
  const n = shape.reduce((a, b) => a * b, 1);
  const x = t64(
    Array.from({ length: n }, () => rng.normal()),
    shape,
    true,
  );
  const y0 = m.forward(x);
  const R = t64(
    Array.from({ length: y0.size }, () => rng.normal()),
    y0.shape,
  );
  const f = (): number => {
    const y = m.forward(x);
    let s = 0;
    for (let i = 0; i < y.size; i++) s += y.data[i] * R.data[i];
    return s;
  };
  m.zeroGrad();
  backward(sum(mul(m.forward(x), R)));
  const targets: Array<[string, AnyTensor]> = [['input', x], ...m.namedParameters()];
  for (const [label, t] of targets) {
    const g = t.grad;
    assert.ok(g, `${name} ${label}: no gradient`);
    const picks = new Set([0, t.size - 1, ...Array.from({ length: 4 }, () => rng.int(t.size))]);
    for (const i of picks) {
      const fd = finiteDiff(f, t.data, i);
      assert.ok(
        Math.abs(g[i] - fd) <= 1e-6 * Math.max(1, Math.abs(fd)),
        `${name} ${label}[${i}]: backward ${g[i]}, finite difference ${fd}`,
      );
    }
  }
}

test('layer gradients agree with finite differences through the engine float64 path', () => {
  const rng = new Rng(21);
  const dtype = 'float64' as const;
  checkModule('Linear', new Linear(5, 3, { rng, dtype }), [4, 5], rng);
  checkModule('Linear no bias, 3-D input', new Linear(3, 2, { rng, bias: false, dtype }), [2, 4, 3], rng);
  const bn = new BatchNorm1d(3, { dtype });
  bn.weight!.data.set([0.5, 1.5, -1]);
  bn.bias!.data.set([0.1, -0.2, 0.3]);
  checkModule('BatchNorm1d training', bn, [6, 3], rng);
  bn.eval();
  checkModule('BatchNorm1d eval', bn, [6, 3], rng);
  checkModule('BatchNorm1d [N, C, L]', new BatchNorm1d(2, { dtype }), [3, 2, 4], rng);
  checkModule('BatchNorm2d', new BatchNorm2d(2, { dtype }), [2, 2, 3, 3], rng);
  checkModule('Conv2d', new Conv2d(2, 3, 3, { rng, stride: 2, padding: 1, dtype }), [2, 2, 5, 5], rng);
  checkModule('MaxPool2d', new MaxPool2d(2), [1, 2, 4, 4], rng);
  checkModule('AvgPool2d', new AvgPool2d(3, { stride: 2, padding: 1 }), [1, 2, 5, 5], rng);
  checkModule('MinPool2d', new MinPool2d(2, { stride: 1 }), [1, 1, 4, 4], rng);
  for (const [n, m] of [
    ['Sigmoid', new Sigmoid()],
    ['Tanh', new Tanh()],
    ['ELU', new ELU(0.5)],
    ['LeakyReLU', new LeakyReLU(0.1)],
    ['Softplus', new Softplus()],
    ['Softmax', new Softmax(1)],
    ['LogSoftmax', new LogSoftmax(-1)],
  ] as Array<[string, Module]>) {
    checkModule(n, m, [3, 4], rng);
  }
  const cnn = new Sequential(
    new Conv2d(1, 2, 2, { rng, dtype }),
    new BatchNorm2d(2, { dtype }),
    new Tanh(),
    new AvgPool2d(2),
    new Flatten(),
    new Linear(8, 2, { rng, dtype }),
  );
  checkModule('Sequential CNN', cnn, [3, 1, 5, 5], rng);
});

test('Embedding gradient: each used row receives the sum of its upstream gradients', () => {
  const rng = new Rng(22);
  const emb = new Embedding(4, 2, { rng, dtype: 'float64' });
  const idx = Int32Array.from([2, 0, 2, 2]);
  const R = t64([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
  backward(sum(mul(emb.forward(idx), R)));
  assert.deepEqual(Array.from(emb.weight.grad!), [3, 4, 0, 0, 1 + 5 + 7, 2 + 6 + 8, 0, 0]);
});
