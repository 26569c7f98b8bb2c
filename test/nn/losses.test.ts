import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/engine/index.js';
import {
  mseLoss,
  l1Loss,
  huberLoss,
  smoothL1Loss,
  gaussianNllLoss,
  bceWithLogitsLoss,
  bceLoss,
  nllLoss,
  crossEntropyLoss,
} from '../../src/nn/losses.js';
import type { AnyTensor } from '../../src/nn/index.js';
import { assertClose, backprop, finiteDiff, fixture, t64 } from './helpers.js';

interface Case {
  name: string;
  kind: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  options: Record<string, any>;
  pred: number[];
  shape: number[];
  target: Array<number | null>;
  loss: number[];
  lossShape: number[];
  R: number[];
  grad: number[];
}
const { cases } = fixture<{ cases: Case[] }>('losses.json');

function evaluate(c: Case, pred: AnyTensor): AnyTensor {
  const y = c.target.map((v) => (v === null ? NaN : v));
  const o = c.options;
  switch (c.kind) {
    case 'mse':
      return mseLoss(pred, y, o);
    case 'l1':
      return l1Loss(pred, y, o);
    case 'huber':
      return huberLoss(pred, y, o);
    case 'smoothL1':
      return smoothL1Loss(pred, y, o);
    case 'bceWithLogits':
      return bceWithLogitsLoss(pred, y, o);
    case 'bce':
      return bceLoss(pred, y, o);
    case 'crossEntropy':
      return crossEntropyLoss(pred, y, o);
    case 'nll':
      return nllLoss(pred, y, o);
  }
  throw new Error(c.kind);
}

test('every loss matches torch.nn.functional: value and gradient, masks, weights, reductions', () => {
  assert.equal(cases.length, 29);
  for (const c of cases) {
    const x = t64(c.pred, c.shape, true);
    const l = evaluate(c, x);
    assert.equal(l.size, c.loss.length, `${c.name}: size`);
    assertClose(l.data, c.loss, 1e-12, `${c.name}: value`);
    backprop(l, c.R);
    assertClose(x.grad, c.grad, 1e-12, `${c.name}: gradient`);
  }
});

test('loss gradients agree with finite differences (float64)', () => {
  for (const c of cases) {
    // The fixture's points lie away from the kinks of |d|, the Huber switch and the BCE clamps.
    const data = Float64Array.from(c.pred);
    const x = t64(data, c.shape, true);
    backprop(evaluate(c, x), c.R);
    const g = x.grad!;
    const f = (): number => {
      const l = evaluate(c, t64(data, c.shape));
      let s = 0;
      for (let i = 0; i < l.size; i++) s += l.data[i] * c.R[i];
      return s;
    };
    for (let i = 0; i < data.length; i++) {
      const fd = finiteDiff(f, data, i, 1e-6);
      assert.ok(Math.abs(fd - g[i]) < 1e-5 * Math.max(1, Math.abs(fd)), `${c.name}[${i}]: ${g[i]} vs ${fd}`);
    }
  }
});

test('float32 losses agree with float64 to float32 precision', () => {
  for (const c of cases.filter((x) => x.lossShape.length === 0)) {
    const l = evaluate(c, tensor(Float32Array.from(c.pred), c.shape));
    assertClose(l.data, c.loss, 1e-5, `${c.name} float32`);
  }
});

test('all targets missing gives a zero loss with zero gradient; wrong sizes are refused', () => {
  const x = t64([1, 2], [2, 1], true);
  const l = mseLoss(x, [NaN, NaN]);
  assert.equal(l.data[0], 0);
  backprop(l, [1]);
  assert.deepEqual(Array.from(x.grad!), [0, 0]);
  assert.throws(() => mseLoss(x, [1, 2, 3]), /3 targets/);
  assert.throws(() => mseLoss(x, [1, 2], { weights: [1, 2, 3] }), /3 weights/);
  assert.throws(() => crossEntropyLoss(t64([0, 0, 0, 0], [2, 2]), [0, 2]), /target 2 of sample 1/);
  assert.throws(() => huberLoss(x, [0, 0], { delta: 0 }), /delta/);
});

test('BCE from logits stays finite and exact at extreme logits', () => {
  const x = t64([-1000, 1000, -1000, 1000], [4], true);
  const l = bceWithLogitsLoss(x, [0, 1, 1, 0], { reduction: 'none' });
  assertClose(l.data, [0, 0, 1000, 1000], 1e-12, 'values');
  backprop(l, [1, 1, 1, 1]);
  assertClose(x.grad, [0, 0, -1, 1], 1e-12, 'gradients (sigmoid(x) − y)');
});

interface GaussCase {
  name: string;
  full: boolean;
  reduction: 'mean' | 'sum' | 'none';
  mean: number[];
  var: number[];
  varShape: number[];
  target: Array<number | null>;
  loss: number[];
  R: number[];
  gradMean: number[];
  gradVar: number[];
}

test('Gaussian NLL matches torch: loss and gradients for mean and variance (masked, per-row, clamped)', () => {
  const { gaussian } = fixture<{ gaussian: GaussCase[] }>('losses.json');
  assert.equal(gaussian.length, 3);
  for (const c of gaussian) {
    const m = t64(c.mean, [4, 3], true);
    const v = t64(c.var, c.varShape, true);
    const y = c.target.map((t) => (t === null ? NaN : t));
    const l = gaussianNllLoss(m, v, y, { full: c.full, reduction: c.reduction });
    assertClose(l.data, c.loss, 1e-12, `${c.name}: value`);
    backprop(l, c.R);
    assertClose(m.grad, c.gradMean, 1e-12, `${c.name}: d/dmean`);
    assertClose(v.grad, c.gradVar, 1e-9, `${c.name}: d/dvariance`);
  }
  assert.throws(() => gaussianNllLoss(t64([0], [1, 1]), t64([-1], [1, 1]), [0]), /negative/);
  assert.throws(() => gaussianNllLoss(t64([0, 0], [1, 2]), t64([1, 1, 1], [3]), [0, 0]), /one per row/);
});
