import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import {
  calculateGain,
  fans,
  uniform,
  normal,
  truncNormal,
  constant,
  xavierUniform,
  xavierNormal,
  kaimingUniform,
  kaimingNormal,
  defaultLayerInit,
  type InitTarget,
} from '../../src/nn/init.js';

const target = (shape: number[]): InitTarget & { data: Float32Array } => ({
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)),
});

function stats(d: Float32Array): { mean: number; variance: number; maxAbs: number } {
  let s = 0;
  let maxAbs = 0;
  for (const x of d) {
    s += x;
    maxAbs = Math.max(maxAbs, Math.abs(x));
  }
  const mean = s / d.length;
  let v = 0;
  for (const x of d) v += (x - mean) ** 2;
  return { mean, variance: v / d.length, maxAbs };
}

/** Assert sample mean and variance agree with (0, variance) within 5 standard errors. */
function assertMoments(d: Float32Array, variance: number, kind: 'uniform' | 'normal', label: string): void {
  const n = d.length;
  const s = stats(d);
  const meanTol = 5 * Math.sqrt(variance / n);
  assert.ok(Math.abs(s.mean) < meanTol, `${label}: mean ${s.mean} beyond ±${meanTol}`);
  // Relative standard error of the sample variance: √(4/5)/√n for a uniform, √2/√n for a normal.
  const relTol = (5 * (kind === 'uniform' ? Math.sqrt(0.8) : Math.SQRT2)) / Math.sqrt(n);
  assert.ok(Math.abs(s.variance / variance - 1) < relTol, `${label}: variance ${s.variance} vs ${variance}`);
}

test('calculateGain matches torch.nn.init.calculate_gain', () => {
  assert.equal(calculateGain('linear'), 1);
  assert.equal(calculateGain('conv2d'), 1);
  assert.equal(calculateGain('sigmoid'), 1);
  assert.equal(calculateGain('tanh'), 5 / 3);
  assert.equal(calculateGain('relu'), Math.sqrt(2));
  assert.equal(calculateGain('selu'), 0.75);
  assert.ok(Math.abs(calculateGain('leaky_relu') - Math.sqrt(2 / 1.0001)) < 1e-15);
  assert.ok(Math.abs(calculateGain('leaky_relu', 0.2) - 1.3867504905630728) < 1e-15);
  assert.ok(Math.abs(calculateGain('leaky_relu', Math.sqrt(5)) - Math.sqrt(1 / 3)) < 1e-15);
});

test('fans follow PyTorch for linear and convolution weights', () => {
  assert.deepEqual(fans([32, 64]), { fanIn: 64, fanOut: 32 });
  assert.deepEqual(fans([16, 3, 5, 5]), { fanIn: 75, fanOut: 400 });
  assert.throws(() => fans([7]), /at least 2 dimensions/);
});

test('xavier and kaiming: bounds exact, moments from the formulas', () => {
  const rng = new Rng(42);
  const shape = [200, 300];
  const n = 60000;
  assert.equal(target(shape).data.length, n);

  const xu = xavierUniform(target(shape), rng, 2);
  const xb = 2 * Math.sqrt(6 / 500);
  assert.ok(stats(xu.data).maxAbs <= xb && stats(xu.data).maxAbs > 0.999 * xb);
  assertMoments(xu.data, (xb * xb) / 3, 'uniform', 'xavierUniform');

  const xn = xavierNormal(target(shape), rng);
  assertMoments(xn.data, 2 / 500, 'normal', 'xavierNormal');

  const ku = kaimingUniform(target(shape), rng, { nonlinearity: 'relu' });
  const kb = Math.sqrt(2) * Math.sqrt(3 / 300);
  assert.ok(stats(ku.data).maxAbs <= kb && stats(ku.data).maxAbs > 0.999 * kb);
  assertMoments(ku.data, 2 / 300, 'uniform', 'kaimingUniform relu');

  const kn = kaimingNormal(target(shape), rng, { mode: 'fanOut', nonlinearity: 'tanh' });
  assertMoments(kn.data, 25 / 9 / 200, 'normal', 'kaimingNormal fanOut tanh');

  const kl = kaimingNormal(target([100, 50, 3, 3]), rng, { a: 0.1 });
  assertMoments(kl.data, 2 / (1 + 0.01) / 450, 'normal', 'kaimingNormal leaky 0.1 conv');
});

test('PyTorch Linear / Conv2d default: weight and bias within ±1/√fanIn, variance 1/(3·fanIn)', () => {
  const rng = new Rng(7);
  const w = target([500, 64]);
  const b = target([500]);
  defaultLayerInit(w, b, rng);
  const bound = 1 / 8;
  assert.ok(stats(w.data).maxAbs <= bound && stats(w.data).maxAbs > 0.999 * bound);
  assertMoments(w.data, 1 / (3 * 64), 'uniform', 'linear weight');
  assert.ok(stats(b.data).maxAbs <= bound);
  const cw = target([64, 16, 3, 3]);
  const cb = target([64]);
  defaultLayerInit(cw, cb, rng);
  assert.ok(stats(cw.data).maxAbs <= 1 / 12 && stats(cw.data).maxAbs > 0.99 / 12);
  assertMoments(cw.data, 1 / (3 * 144), 'uniform', 'conv weight');
  assert.ok(stats(cb.data).maxAbs <= 1 / 12);
});

test('uniform, normal, truncated normal, constant', () => {
  const rng = new Rng(3);
  const u = uniform(target([40000]), rng, 2, 4);
  assert.ok(u.data.every((x) => x >= 2 && x < 4));
  const us = stats(u.data);
  assert.ok(Math.abs(us.mean - 3) < 5 * Math.sqrt(1 / 3 / 40000));
  const nn = normal(target([40000]), rng, -1, 0.5);
  assert.ok(Math.abs(stats(nn.data).mean + 1) < (5 * 0.5) / 200);
  assert.ok(Math.abs(stats(nn.data).variance / 0.25 - 1) < (5 * Math.SQRT2) / 200);
  const tn = truncNormal(target([40000]), rng, 0, 1, -1, 1);
  assert.ok(tn.data.every((x) => x >= -1 && x <= 1));
  // Variance of N(0,1) truncated to [-1, 1]: 1 − 2φ(1)/(2Φ(1) − 1) = 0.29112509.
  assert.ok(Math.abs(stats(tn.data).variance / 0.29112509 - 1) < 0.03);
  assert.deepEqual(Array.from(constant(target([3]), 2.5).data), [2.5, 2.5, 2.5]);
});

test('same seed, same weights', () => {
  const a = xavierUniform(target([10, 10]), new Rng(99));
  const b = xavierUniform(target([10, 10]), new Rng(99));
  const c = xavierUniform(target([10, 10]), new Rng(100));
  assert.deepEqual(a.data, b.data);
  assert.notDeepEqual(a.data, c.data);
});
