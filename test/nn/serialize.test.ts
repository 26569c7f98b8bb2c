import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { tensor, backward, sum, square, sub, type FloatArray, type Tensor } from '../../src/engine/index.js';
import {
  Sequential,
  Linear,
  BatchNorm1d,
  Tanh,
  Dropout,
  CGConv,
  Conv2d,
  Embedding,
  AvgPool2d,
  LeakyReLU,
  Flatten,
  ModuleList,
  Adam,
  SGD,
  OneCycleLR,
  ReduceLROnPlateau,
  layerFromConfig,
  encodeModel,
  decodeModel,
  encodeCheckpoint,
  restoreCheckpoint,
  decodeSafetensors,
  registeredLayers,
  type AnyModule,
} from '../../src/nn/index.js';
import { XtalInputError } from '../../src/errors.js';

const X = tensor(
  Float32Array.from({ length: 8 * 3 }, (_, i) => Math.sin(i * 1.3)),
  [8, 3],
);
const Y = tensor(
  Float32Array.from({ length: 8 }, (_, i) => Math.cos(i)),
  [8, 1],
);

function mlp(seed: number): Sequential {
  const rng = new Rng(seed);
  return new Sequential(new Linear(3, 6, { rng }), new BatchNorm1d(6), new Tanh(), new Linear(6, 1, { rng }));
}

function trainSteps(
  model: AnyModule,
  opt: { step(): void; zeroGrad(): void },
  n: number,
  after?: () => void,
): void {
  for (let s = 0; s < n; s++) {
    opt.zeroGrad();
    const pred = model.forward(X) as Tensor<FloatArray>;
    backward(sum(square(sub(pred, Y))));
    opt.step();
    after?.();
  }
}

test('every built-in layer survives config → layerFromConfig with the same state-dict layout', () => {
  const rng = new Rng(1);
  const layers: AnyModule[] = [
    mlp(1),
    new Conv2d(2, 3, [2, 3], { rng, stride: 2, padding: 1, bias: false }),
    new Embedding(7, 2, { rng }),
    new CGConv(4, 3, { rng, momentum: 0.2, eps: 1e-4 }),
    new Sequential(new AvgPool2d(2, { stride: 1 }), new Flatten(), new LeakyReLU(0.3)),
    new Dropout(0.25, { rng }),
    new BatchNorm1d(3, { momentum: null, affine: false }),
    new ModuleList([new CGConv(2, 2, { rng }), new Linear(2, 1, { rng })]),
  ];
  for (const l of layers) {
    const rebuilt = layerFromConfig(JSON.parse(JSON.stringify(l.toConfig())));
    assert.equal(rebuilt.className, l.className);
    assert.deepEqual(rebuilt.toConfig(), l.toConfig());
    assert.deepEqual(
      [...rebuilt.stateDict()].map(([k, t]) => [k, t.shape]),
      [...l.stateDict()].map(([k, t]) => [k, t.shape]),
    );
  }
  assert.ok(registeredLayers().includes('CGConv'));
  assert.throws(() => layerFromConfig({ className: 'Nope', config: {} }), XtalInputError);
});

test('a saved model decodes to the same predictions, with metadata, BatchNorm statistics and I64 counter', () => {
  const model = mlp(2);
  const opt = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  trainSteps(model, opt, 3);
  model.eval();
  const want = (model.forward(X) as Tensor<FloatArray>).data.slice();
  const bytes = encodeModel(model, { normalizer: '{"mean":1,"std":2}' });
  const raw = decodeSafetensors(bytes);
  assert.equal(raw.tensors.get('1.num_batches_tracked')!.dtype, 'I64');
  assert.deepEqual(Array.from(raw.tensors.get('1.num_batches_tracked')!.data), [3]);
  const { model: back, metadata } = decodeModel(bytes);
  assert.equal(metadata.normalizer, '{"mean":1,"std":2}');
  back.eval();
  assert.deepEqual((back.forward(X) as Tensor<FloatArray>).data, want);
  assert.throws(() => decodeModel(new Uint8Array(encodeModel(model).length).fill(0)), XtalInputError);
});

test('checkpoint with optimizer and schedule resumes training bit for bit', () => {
  const run = (resumeAt: number | null): Float32Array[] => {
    let model = mlp(3);
    let opt = new Adam(model.parameters(), { lr: 0.01, weightDecay: 0.01 });
    let sched = new OneCycleLR(opt, { maxLr: 0.05, totalSteps: 20 });
    for (let s = 0; s < 12; s++) {
      if (s === resumeAt) {
        const bytes = encodeCheckpoint({
          model,
          optimizer: opt,
          scheduler: sched,
          metadata: { epoch: String(s) },
        });
        model = mlp(99); // different initial weights: everything must come from the checkpoint
        opt = new Adam(model.parameters(), { lr: 0.01, weightDecay: 0.01 });
        sched = new OneCycleLR(opt, { maxLr: 0.05, totalSteps: 20 });
        const { metadata } = restoreCheckpoint(bytes, { model, optimizer: opt, scheduler: sched });
        assert.equal(metadata.epoch, String(s));
      }
      trainSteps(model, opt, 1, () => sched.step());
    }
    return model.parameters().map((p) => Float32Array.from(p.data));
  };
  const straight = run(null);
  const resumed = run(5);
  assert.deepEqual(resumed, straight);
});

test('plateau schedule state and SGD momentum travel in a checkpoint', () => {
  const model = mlp(4);
  const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const plateau = new ReduceLROnPlateau(opt, { patience: 0 });
  trainSteps(model, opt, 2);
  plateau.step(1);
  plateau.step(2);
  assert.ok(Math.abs(opt.lr - 0.01) < 1e-15);
  const bytes = encodeCheckpoint({ model, optimizer: opt, scheduler: plateau });
  const m2 = mlp(5);
  const o2 = new SGD(m2.parameters(), { lr: 0.1, momentum: 0.9 });
  const p2 = new ReduceLROnPlateau(o2, { patience: 0 });
  restoreCheckpoint(bytes, { model: m2, optimizer: o2, scheduler: p2 });
  assert.ok(Math.abs(o2.lr - 0.01) < 1e-15);
  assert.equal(p2.best, 1);
  assert.deepEqual(o2.stateDict(), opt.stateDict());
  const wrong = new Adam(mlp(6).parameters());
  assert.throws(
    () => restoreCheckpoint(bytes, { model: mlp(6), optimizer: wrong }),
    /optimizer state does not fit/,
  );
});

test('float64 models and their optimizer state are saved and restored exactly (F64)', () => {
  const rng = new Rng(7);
  const model = new Sequential(new Linear(3, 2, { rng, dtype: 'float64' }), new Tanh());
  model.namedParameters()[0][1].data[0] = Math.PI;
  const opt = new Adam(model.parameters(), { lr: 0.1 });
  for (const p of model.parameters()) p.grad = Float64Array.from(p.data, (x) => Math.sin(x));
  opt.step();
  const bytes = encodeCheckpoint({ model, optimizer: opt });
  const raw = decodeSafetensors(bytes, undefined, { keepFloat64: true });
  assert.equal(raw.tensors.get('0.weight')!.dtype, 'F64');
  assert.ok(raw.tensors.get('0.weight')!.data instanceof Float64Array);
  assert.ok(decodeSafetensors(bytes).tensors.get('0.weight')!.data instanceof Float32Array);
  const { model: back } = decodeModel(bytes);
  assert.deepEqual(
    back.parameters().map((p) => Array.from(p.data)),
    model.parameters().map((p) => Array.from(p.data)),
  );
  const m2 = new Sequential(new Linear(3, 2, { rng, dtype: 'float64' }), new Tanh());
  const o2 = new Adam(m2.parameters(), { lr: 0.1 });
  restoreCheckpoint(bytes, { model: m2, optimizer: o2 });
  assert.deepEqual(o2.stateDict(), opt.stateDict());
});

test('a plateau schedule saved before its first step restores "no best yet" (JSON has no Infinity)', () => {
  for (const mode of ['min', 'max'] as const) {
    const model = mlp(8);
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    const bytes = encodeCheckpoint({
      model,
      optimizer: opt,
      scheduler: new ReduceLROnPlateau(opt, { mode }),
    });
    const o2 = new SGD(mlp(9).parameters(), { lr: 0.1 });
    const p2 = new ReduceLROnPlateau(o2, { mode });
    restoreCheckpoint(bytes, { model: mlp(9), optimizer: o2, scheduler: p2 });
    assert.equal(p2.best, mode === 'min' ? Infinity : -Infinity);
    p2.step(mode === 'min' ? 5 : -5);
    assert.equal(p2.numBadEpochs, 0, 'the first metric is an improvement');
  }
});
