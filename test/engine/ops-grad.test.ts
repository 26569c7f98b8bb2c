// Every op's gradient against central finite differences on the float64 path.
import { test } from 'node:test';
import {
  Rng,
  abs,
  add,
  affine,
  avgPool2d,
  batchNorm,
  clamp,
  concat,
  conv2d,
  div,
  dropout,
  elu,
  exp,
  gather,
  leakyRelu,
  log,
  logSoftmax,
  matmul,
  max,
  maxPool2d,
  mean,
  minPool2d,
  mul,
  neg,
  pow,
  relu,
  reshape,
  scatterAdd,
  segmentMean,
  segmentSum,
  sigmoid,
  slice,
  softmax,
  softplus,
  split,
  sqrt,
  square,
  sub,
  sum,
  tanh,
  tensor,
  transpose,
  unary,
} from '../../src/engine/index.js';
import assert from 'node:assert/strict';
import { gradCheck, rand64, type T64 } from './gradcheck.js';

const rng = new Rng(7);

test('the checker rejects a wrong derivative', () => {
  assert.throws(() =>
    gradCheck((a) => unary('wrong', a, Math.exp, () => 1), [rand64(rng, [3])], { label: 'wrong' }),
  );
});

test('binary ops with broadcasting', () => {
  const shapes: [number[], number[]][] = [
    [
      [3, 4],
      [3, 4],
    ],
    [[3, 4], [4]],
    [
      [3, 1],
      [1, 4],
    ],
    [
      [2, 3, 4],
      [3, 1],
    ],
    [[5], []],
  ];
  for (const [sa, sb] of shapes) {
    gradCheck((a, b) => add(a, b), [rand64(rng, sa), rand64(rng, sb)], { label: `add ${sa} ${sb}` });
    gradCheck((a, b) => sub(a, b), [rand64(rng, sa), rand64(rng, sb)], { label: `sub ${sa} ${sb}` });
    gradCheck((a, b) => mul(a, b), [rand64(rng, sa), rand64(rng, sb)], { label: `mul ${sa} ${sb}` });
    gradCheck((a, b) => div(a, b), [rand64(rng, sa), rand64(rng, sb, 0.5, 2)], { label: `div ${sa} ${sb}` });
  }
  gradCheck((a) => add(mul(a, 3), 2), [rand64(rng, [4])], { label: 'scalar operands' });
  gradCheck((a) => div(1, a), [rand64(rng, [4], 0.5, 2)], { label: 'number / tensor' });
});

test('unary maths', () => {
  const x = () => rand64(rng, [3, 5]);
  const pos = () => rand64(rng, [3, 5], 0.2, 3);
  gradCheck((a) => neg(a), [x()], { label: 'neg' });
  gradCheck((a) => exp(a), [x()], { label: 'exp' });
  gradCheck((a) => log(a), [pos()], { label: 'log' });
  gradCheck((a) => sqrt(a), [pos()], { label: 'sqrt' });
  gradCheck((a) => square(a), [x()], { label: 'square' });
  gradCheck((a) => pow(a, 3.5), [pos()], { label: 'pow' });
  gradCheck((a) => abs(a), [x()], { label: 'abs' });
  gradCheck((a) => clamp(a, -0.5, 0.5), [x()], { label: 'clamp' });
  gradCheck((a) => affine(a, -2, 1), [x()], { label: 'affine' });
});

test('activations', () => {
  const x = () => rand64(rng, [4, 6], -3, 3);
  gradCheck((a) => sigmoid(a), [x()], { label: 'sigmoid' });
  gradCheck((a) => tanh(a), [x()], { label: 'tanh' });
  gradCheck((a) => relu(a), [x()], { label: 'relu' });
  gradCheck((a) => leakyRelu(a, 0.1), [x()], { label: 'leakyRelu' });
  gradCheck((a) => elu(a, 0.7), [x()], { label: 'elu' });
  gradCheck((a) => softplus(a), [x()], { label: 'softplus' });
  gradCheck((a) => softplus(a), [rand64(rng, [5], 19, 25)], { label: 'softplus beyond threshold' });
  gradCheck((a) => softmax(a, 1), [x()], { label: 'softmax axis 1' });
  gradCheck((a) => softmax(a, 0), [x()], { label: 'softmax axis 0' });
  gradCheck((a) => logSoftmax(a, -1), [x()], { label: 'logSoftmax' });
  gradCheck((a) => logSoftmax(reshape(a, [2, 3, 4]), 1), [rand64(rng, [24])], {
    label: 'logSoftmax middle axis',
  });
});

test('reductions', () => {
  const x = () => rand64(rng, [3, 4, 2]);
  gradCheck((a) => sum(a), [x()], { label: 'sum all' });
  gradCheck((a) => mean(a), [x()], { label: 'mean all' });
  for (const ax of [0, 1, 2, -1]) {
    gradCheck((a) => sum(a, ax), [x()], { label: `sum axis ${ax}` });
    gradCheck((a) => mean(a, ax, true), [x()], { label: `mean axis ${ax} keepDims` });
    gradCheck((a) => max(a, ax), [x()], { label: `max axis ${ax}` });
  }
  gradCheck((a) => max(a), [x()], { label: 'max all' });
});

test('matmul, all transposes', () => {
  for (const tA of [false, true])
    for (const tB of [false, true]) {
      const a = rand64(rng, tA ? [4, 3] : [3, 4]);
      const b = rand64(rng, tB ? [5, 4] : [4, 5]);
      gradCheck((x, y) => matmul(x, y, { transA: tA, transB: tB }), [a, b], { label: `matmul ${tA} ${tB}` });
    }
});

test('index ops', () => {
  const idx = Int32Array.from([2, 0, 2, 1, 3]);
  gradCheck((a) => gather(a, idx), [rand64(rng, [4, 3])], { label: 'gather' });
  gradCheck((a) => scatterAdd(a, idx, 5), [rand64(rng, [5, 3])], { label: 'scatterAdd' });
  const offsets = Int32Array.from([0, 2, 2, 5, 6]);
  gradCheck((a) => segmentSum(a, { offsets }), [rand64(rng, [6, 2])], { label: 'segmentSum offsets' });
  gradCheck((a) => segmentMean(a, { offsets }), [rand64(rng, [6, 2])], { label: 'segmentMean offsets' });
  const ids = Int32Array.from([1, 0, 1, 2, 2, 1]);
  gradCheck((a) => segmentSum(a, { ids, count: 4 }), [rand64(rng, [6, 2])], { label: 'segmentSum ids' });
  gradCheck((a) => segmentMean(a, { ids, count: 4 }), [rand64(rng, [6, 2])], { label: 'segmentMean ids' });
});

test('shape ops', () => {
  gradCheck((a) => reshape(a, [2, -1]), [rand64(rng, [3, 4])], { label: 'reshape' });
  gradCheck((a) => transpose(a), [rand64(rng, [3, 4])], { label: 'transpose' });
  gradCheck((a, b) => concat([a, b], 1), [rand64(rng, [3, 2]), rand64(rng, [3, 4])], { label: 'concat 1' });
  gradCheck((a, b) => concat([a, b], 0), [rand64(rng, [1, 2]), rand64(rng, [3, 2])], { label: 'concat 0' });
  gradCheck((a) => slice(a, 1, 3, 1), [rand64(rng, [2, 4, 2])], { label: 'slice' });
  gradCheck((a) => mul(split(a, [1, 3], 1)[0], split(a, [1, 3], 1)[1]), [rand64(rng, [3, 4])], {
    label: 'split',
  });
});

test('batchNorm training and eval, 2-D and 4-D', () => {
  const rm = () => tensor<Float64Array>(new Float64Array([0.1, -0.2, 0.3]), [3], { dtype: 'float64' });
  const rv = () => tensor<Float64Array>(new Float64Array([0.5, 1.5, 2]), [3], { dtype: 'float64' });
  for (const training of [true, false]) {
    gradCheck(
      (x, g, b) => batchNorm(x, g, b, { training, runningMean: rm(), runningVar: rv() }),
      [rand64(rng, [5, 3]), rand64(rng, [3], 0.5, 1.5), rand64(rng, [3])],
      {
        label: `batchNorm 2-D ${training}`,
      },
    );
    gradCheck(
      (x, g, b) => batchNorm(x, g, b, { training, runningMean: rm(), runningVar: rv() }),
      [rand64(rng, [2, 3, 2, 2]), rand64(rng, [3], 0.5, 1.5), rand64(rng, [3])],
      {
        label: `batchNorm 4-D ${training}`,
      },
    );
  }
});

test('dropout passes gradient through the kept values', () => {
  // The same seed gives the same mask in every evaluation.
  gradCheck((a) => dropout(a, 0.4, new Rng(5)), [rand64(rng, [20])], { label: 'dropout' });
});

test('conv2d and pooling', () => {
  for (const [stride, padding] of [
    [1, 0],
    [2, 1],
  ]) {
    gradCheck(
      (x, w, b) => conv2d(x, w, b, { stride, padding }),
      [rand64(rng, [2, 2, 5, 4]), rand64(rng, [3, 2, 3, 2]), rand64(rng, [3])],
      {
        label: `conv2d s${stride} p${padding}`,
      },
    );
  }
  const x = () => rand64(rng, [1, 2, 5, 5]);
  gradCheck((a) => maxPool2d(a, { kernel: 2 }), [x()], { label: 'maxPool2d' });
  gradCheck((a) => minPool2d(a, { kernel: 3, stride: 2, padding: 1 }), [x()], { label: 'minPool2d' });
  gradCheck((a) => avgPool2d(a, { kernel: 2, stride: 1, padding: 1 }), [x()], { label: 'avgPool2d' });
});

export type { T64 };
