import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { tensor, noGrad } from '../../src/engine/index.js';
import {
  Linear,
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  MaxPool2d,
  AvgPool2d,
  MinPool2d,
  Embedding,
  Sigmoid,
  Tanh,
  ReLU,
  LeakyReLU,
  ELU,
  Softplus,
  Dropout,
  Sequential,
  Flatten,
  CGConv,
  Module,
  ModuleList,
  SGD,
  type AnyTensor,
} from '../../src/nn/index.js';
import { loadStateDict } from '../../src/nn/state-dict.js';
import { XtalInputError } from '../../src/errors.js';
import { assertClose, backprop, fixture, t64 } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const F = fixture<Record<string, any>>('layers.json');
const TOL = 1e-10;

test('Linear matches torch.nn.Linear: output and gradients, 2-D and 3-D input', () => {
  for (const name of ['linear2d', 'linear3d']) {
    const c = F[name];
    const lin = new Linear(4, 3, { rng: new Rng(1), dtype: 'float64' });
    loadStateDict(lin, { weight: { shape: [3, 4], data: c.weight }, bias: { shape: [3], data: c.bias } });
    const x = t64(c.x, c.xShape, true);
    const y = lin.forward(x);
    assert.deepEqual(y.shape, c.yShape);
    assertClose(y.data, c.y, TOL, `${name} y`);
    backprop(y, c.R);
    assertClose(x.grad, c.gx, TOL, `${name} dx`);
    assertClose(lin.weight.grad, c.gw, TOL, `${name} dW`);
    assertClose(lin.bias!.grad, c.gb, TOL, `${name} db`);
  }
});

test('Linear in float32 agrees with the float64 reference to float32 precision', () => {
  const c = F.linear2d;
  const lin = new Linear(4, 3, { rng: new Rng(1) });
  loadStateDict(lin, { weight: { shape: [3, 4], data: c.weight }, bias: { shape: [3], data: c.bias } });
  const y = lin.forward(tensor(Float32Array.from(c.x), [5, 4]));
  assertClose(y.data, c.y, 1e-6, 'float32 y');
});

test('BatchNorm1d/2d match torch: training output and gradients, running statistics, eval', () => {
  for (const [name, make] of [
    ['bn1d', () => new BatchNorm1d(4, { dtype: 'float64' })],
    ['bn1d3', () => new BatchNorm1d(3, { dtype: 'float64' })],
    ['bn2d', () => new BatchNorm2d(3, { dtype: 'float64' })],
  ] as Array<[string, () => BatchNorm1d | BatchNorm2d]>) {
    const c = F[name];
    const bn = make();
    bn.weight!.data.set(c.weight);
    bn.bias!.data.set(c.bias);
    bn.train();
    const x1 = t64(c.x1, c.shape, true);
    const y1 = bn.forward(x1);
    assertClose(y1.data, c.y1, TOL, `${name} y1`);
    backprop(y1, c.R);
    assertClose(x1.grad, c.gx, 1e-9, `${name} dx`);
    assertClose(bn.weight!.grad, c.gw, 1e-9, `${name} dgamma`);
    assertClose(bn.bias!.grad, c.gb, 1e-9, `${name} dbeta`);
    const y2 = bn.forward(t64(c.x2, c.shape));
    assertClose(y2.data, c.y2, TOL, `${name} y2`);
    assertClose(bn.runningMean!.data, c.runningMean, TOL, `${name} running mean`);
    assertClose(bn.runningVar!.data, c.runningVar, TOL, `${name} running var (unbiased)`);
    assert.equal(bn.numBatchesTracked!.data[0], c.numBatchesTracked);
    bn.eval();
    assertClose(bn.forward(t64(c.x3, c.shape)).data, c.y3, TOL, `${name} eval`);
    assert.equal(bn.numBatchesTracked!.data[0], 2, 'eval does not count batches');
  }
});

test('BatchNorm with momentum null keeps a cumulative average; without running stats it always uses the batch', () => {
  const bn = new BatchNorm1d(2, { momentum: null, dtype: 'float64' });
  const batches = [
    [1, 2, 3, 4, 5, 6],
    [0, 0, 2, 4, -1, 8],
    [7, 1, 7, 3, 7, 5],
  ];
  for (const b of batches) bn.forward(t64(b, [3, 2]));
  // Cumulative average of the batch means (channel 0: 3, 1/3, 7) starting from 0 with weights 1/n.
  assertClose(bn.runningMean!.data, [(3 + 1 / 3 + 7) / 3, (4 + 4 + 3) / 3], 1e-12, 'cumulative mean');
  const free = new BatchNorm1d(2, { trackRunningStats: false, dtype: 'float64' });
  free.eval();
  const y = free.forward(t64([1, 10, 3, 30], [2, 2]));
  assertClose(y.data, [-1, -1, 1, 1], 1e-4, 'batch statistics in eval');
  assert.equal(free.stateDict().size, 2);
  assert.throws(() => bn.forward(t64([1, 2, 3], [1, 3])), /expected rank 2 or 3 with 2 channels/);
});

test('Conv2d matches torch (stride, padding, rectangular kernel, no bias)', () => {
  for (const name of ['conv', 'convNoBias']) {
    const c = F[name];
    const [co, ci, kh, kw] = c.weightShape;
    const conv = new Conv2d(ci, co, [kh, kw], {
      rng: new Rng(2),
      stride: c.stride,
      padding: c.padding,
      bias: c.bias !== null,
      dtype: 'float64',
    });
    conv.weight.data.set(c.weight);
    if (c.bias) conv.bias!.data.set(c.bias);
    const x = t64(c.x, c.shape, true);
    const y = conv.forward(x);
    assert.deepEqual(y.shape, c.yShape);
    assertClose(y.data, c.y, TOL, `${name} y`);
    backprop(y, c.R);
    assertClose(x.grad, c.grads[0], TOL, `${name} dx`);
    assertClose(conv.weight.grad, c.grads[1], TOL, `${name} dW`);
    if (c.bias) assertClose(conv.bias!.grad, c.grads[2], TOL, `${name} db`);
  }
});

test('MaxPool2d, AvgPool2d (padding counted), MinPool2d match torch', () => {
  const pools: Array<[string, (k: number, s: number, p: number) => Module]> = [
    ['maxpool', (k, s, p) => new MaxPool2d(k, { stride: s, padding: p })],
    ['avgpool', (k, s, p) => new AvgPool2d(k, { stride: s, padding: p })],
    ['minpool', (k, s, p) => new MinPool2d(k, { stride: s, padding: p })],
  ];
  for (const [name, make] of pools) {
    const c = F[name];
    const x = t64(c.x, c.shape, true);
    const y = make(c.kernel, c.stride, c.padding).forward(x);
    assert.deepEqual(y.shape, c.yShape, name);
    assertClose(y.data, c.y, TOL, `${name} y`);
    backprop(y, c.R);
    assertClose(x.grad, c.gx, TOL, `${name} dx`);
  }
});

test('Embedding matches torch: rows and scattered gradient', () => {
  const c = F.embedding;
  const emb = new Embedding(5, 3, { rng: new Rng(3), dtype: 'float64' });
  emb.weight.data.set(c.weight);
  const y = emb.forward(Int32Array.from(c.idx));
  assertClose(y.data, c.y, 0, 'rows');
  backprop(y, c.R);
  assertClose(emb.weight.grad, c.gw, TOL, 'dW');
  assert.throws(() => emb.forward(Int32Array.from([5])), /index 5 at position 0 out of range/);
});

test('Embedding initialises N(0, 1)', () => {
  const emb = new Embedding(200, 100, { rng: new Rng(4) });
  const d = Array.from(emb.weight.data);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length;
  assert.ok(Math.abs(mean) < 5 / Math.sqrt(d.length) && Math.abs(variance - 1) < 5 * Math.sqrt(2 / d.length));
});

test('activation modules match torch, including softplus above its threshold', () => {
  const c = F.activations;
  const mods: Record<string, Module> = {
    Sigmoid: new Sigmoid(),
    Tanh: new Tanh(),
    ReLU: new ReLU(),
    LeakyReLU: new LeakyReLU(c.params.LeakyReLU),
    ELU: new ELU(c.params.ELU),
    Softplus: new Softplus(),
  };
  for (const [name, m] of Object.entries(mods)) {
    const r = c.results[name];
    const x = t64(c.x, [c.x.length], true);
    const y = m.forward(x) as AnyTensor;
    assertClose(y.data, r.y, 1e-12, `${name} y`);
    backprop(y, r.R);
    assertClose(x.grad, r.gx, 1e-12, `${name} dx`);
  }
});

test('Dropout: identity in eval; in training zeroes about p and scales the rest by 1/(1 − p); seeded', () => {
  const n = 20000;
  const x = tensor(new Float32Array(n).fill(1), [n]);
  const d = new Dropout(0.3, { rng: new Rng(5) });
  const y = d.forward(x).data;
  const zeros = y.filter((v) => v === 0).length;
  assert.ok(Math.abs(zeros / n - 0.3) < 5 * Math.sqrt((0.3 * 0.7) / n), `dropped ${zeros / n}`);
  assert.ok(y.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6));
  d.eval();
  assert.deepEqual(d.forward(x).data, x.data);
  const again = new Dropout(0.3, { rng: new Rng(5) }).forward(x).data;
  assert.deepEqual(again, y);
  assert.throws(() => new Dropout(1, { rng: new Rng(0) }), /\[0, 1\)/);
});

test('Module: state dict order and names as PyTorch; train/eval recursive; parameters for optimizers', () => {
  const rng = new Rng(6);
  const net = new Sequential(
    new Conv2d(1, 2, 3, { rng }),
    new BatchNorm2d(2),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(8, 3, { rng }),
  );
  assert.deepEqual(
    [...net.stateDict().keys()],
    [
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '1.running_mean',
      '1.running_var',
      '1.num_batches_tracked',
      '5.weight',
      '5.bias',
    ],
  );
  assert.deepEqual([...net.integerStateKeys()], ['1.num_batches_tracked']);
  assert.equal(net.parameters().length, 6);
  assert.equal(net.numParameters(), 2 * 9 + 2 + 2 + 2 + 24 + 3);
  net.eval();
  assert.ok(net.namedModules().every(([, m]) => !m.training));
  net.train();
  assert.ok(net.namedModules().every(([, m]) => m.training));
  const y = net.apply(
    tensor(
      new Float32Array(2 * 1 * 6 * 6).map((_, i) => Math.sin(i)),
      [2, 1, 6, 6],
    ),
  );
  assert.deepEqual(y.shape, [2, 3]);
  const cg = new CGConv(4, 3, { rng });
  assert.deepEqual(
    [...cg.stateDict().keys()],
    [
      'fc_full.weight',
      'fc_full.bias',
      'bn1.weight',
      'bn1.bias',
      'bn1.running_mean',
      'bn1.running_var',
      'bn1.num_batches_tracked',
      'bn2.weight',
      'bn2.bias',
      'bn2.running_mean',
      'bn2.running_var',
      'bn2.num_batches_tracked',
    ],
  );
  assert.deepEqual(cg.fcFull.weight.shape, [8, 11]);
});

test('loadStateDict reports missing, unexpected and mis-shaped keys; strict loads nothing', () => {
  const lin = new Linear(2, 2, { rng: new Rng(7) });
  const before = Array.from(lin.weight.data);
  const bad = {
    weight: { shape: [2, 3], data: new Float32Array(6) },
    extra: { shape: [1], data: new Float32Array(1) },
  };
  assert.throws(
    () => loadStateDict(lin, bad, { file: 'm.safetensors' }),
    (e: unknown) => {
      assert.ok(e instanceof XtalInputError);
      assert.match(e.message, /missing keys: bias/);
      assert.match(e.message, /unexpected keys: extra/);
      assert.match(e.message, /weight: shape \[2, 3\] in the state dict, \[2, 2\] in the model/);
      assert.equal(e.file, 'm.safetensors');
      return true;
    },
  );
  assert.deepEqual(Array.from(lin.weight.data), before);
  const report = loadStateDict(
    lin,
    { bias: { shape: [2], data: [5, 6] }, extra: bad.extra },
    { strict: false },
  );
  assert.deepEqual(report.loaded, ['bias']);
  assert.deepEqual(report.missing, ['weight']);
  assert.deepEqual(report.unexpected, ['extra']);
  assert.deepEqual(Array.from(lin.bias!.data), [5, 6]);
});

test('no gradient is recorded under noGrad, and zeroGrad clears accumulated gradients', () => {
  const lin = new Linear(3, 1, { rng: new Rng(8), dtype: 'float64' });
  const x = t64([1, 2, 3], [1, 3]);
  const y = noGrad(() => lin.forward(x));
  assert.equal(y.requiresGrad, false);
  backprop(lin.forward(x), [1]);
  backprop(lin.forward(x), [1]);
  assertClose(lin.weight.grad, [2, 4, 6], 1e-12, 'accumulated');
  lin.zeroGrad();
  assertClose(lin.weight.grad, [0, 0, 0], 0, 'zeroed');
});

test('setRequiresGrad freezes a part of a network: frozen parameters get no gradient and do not move', () => {
  const rng = new Rng(9);
  const body = new Linear(3, 4, { rng, dtype: 'float64' });
  const head = new Linear(4, 1, { rng, dtype: 'float64' });
  const net = new Sequential(body, new Tanh(), head);
  body.setRequiresGrad(false);
  const before = Float64Array.from(body.weight.data);
  const opt = new SGD(net.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 0.01 });
  for (let s = 0; s < 3; s++) {
    opt.zeroGrad(true);
    backprop(net.forward(t64([1, 2, 3, -1, 0, 1], [2, 3])), [1, -1]);
    opt.step();
  }
  assert.equal(body.weight.grad, null);
  assert.deepEqual(Float64Array.from(body.weight.data), before);
  assert.ok(head.weight.grad !== null);
  body.setRequiresGrad(true);
  assert.ok(body.weight.requiresGrad);
  // Module.loadStateDict is the same loader.
  const copy = new Sequential(
    new Linear(3, 4, { rng, dtype: 'float64' }),
    new Tanh(),
    new Linear(4, 1, { rng, dtype: 'float64' }),
  );
  const report = copy.loadStateDict(net.stateDict());
  assert.equal(report.loaded.length, 4);
  assert.deepEqual(copy.forward(t64([1, 2, 3], [1, 3])).data, net.forward(t64([1, 2, 3], [1, 3])).data);
});

test('ModuleList names its items 0, 1, … and iterates them', () => {
  const rng = new Rng(10);
  const list = new ModuleList([new Linear(2, 2, { rng }), new Linear(2, 3, { rng })]);
  assert.deepEqual([...list.stateDict().keys()], ['0.weight', '0.bias', '1.weight', '1.bias']);
  assert.equal(list.length, 2);
  assert.equal([...list].length, 2);
  assert.equal(list.at(1).outFeatures, 3);
  assert.throws(() => list.at(2), /no item 2/);
  assert.throws(() => list.forward(), /no forward/);
});
