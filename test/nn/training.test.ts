import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { backward, tidy, noGrad, tensor, memoryStats, engineVariant } from '../../src/engine/index.js';
import {
  Sequential,
  Linear,
  BatchNorm1d,
  Tanh,
  AdamW,
  OneCycleLR,
  clipGradNorm,
  mseLoss,
  loadStateDict,
} from '../../src/nn/index.js';
import { assertClose, fixture, t64 } from './helpers.js';

interface Run {
  init: Record<string, number[]>;
  x: number[];
  y: Array<number | null>;
  losses: number[];
  gradNorms: number[];
  lrs: number[];
  final: Record<string, number[]>;
  evalPred: number[];
}
const run = fixture<Run>('training-run.json');

test('a small network trains exactly as in PyTorch: losses, gradient norms, rates, weights, running stats', () => {
  const rng = new Rng(0);
  const dtype = 'float64' as const;
  const model = new Sequential(
    new Linear(3, 6, { rng, dtype }),
    new BatchNorm1d(6, { dtype }),
    new Tanh(),
    new Linear(6, 2, { rng, dtype }),
  );
  const shapes = new Map([...model.stateDict()].map(([k, t]) => [k, t.shape]));
  loadStateDict(
    model,
    Object.fromEntries(Object.entries(run.init).map(([k, v]) => [k, { shape: shapes.get(k)!, data: v }])),
  );
  const x = t64(run.x, [8, 3]);
  const y = run.y.map((v) => (v === null ? NaN : v));
  const opt = new AdamW(model.parameters(), { lr: 0.05, weightDecay: 0.01 });
  const sched = new OneCycleLR(opt, { maxLr: 0.05, totalSteps: 12 });
  const losses: number[] = [];
  const norms: number[] = [];
  const lrs: number[] = [];
  for (let step = 0; step < 12; step++) {
    opt.zeroGrad();
    losses.push(
      tidy(() => {
        const loss = mseLoss(model.forward(x), y);
        backward(loss);
        return loss.item();
      }),
    );
    norms.push(clipGradNorm(model.parameters(), 1));
    opt.step();
    sched.step();
    lrs.push(opt.lr);
  }
  assertClose(losses, run.losses, 1e-12, 'losses');
  assertClose(norms, run.gradNorms, 1e-12, 'gradient norms');
  assertClose(lrs, run.lrs, 1e-15, 'learning rates');
  // The first bias feeds a BatchNorm, so its true gradient is 0 and AdamW moves it only by rounding
  // noise (about lr·g/ε per step); it and the running mean it shifts agree to 1e-9, the rest to 1e-12.
  const noisy = new Set(['0.bias', '1.running_mean']);
  for (const [k, t] of model.stateDict()) assertClose(t.data, run.final[k], noisy.has(k) ? 1e-9 : 1e-12, k);
  model.eval();
  assertClose(
    noGrad(() => model.forward(x)).data,
    run.evalPred,
    1e-9,
    'eval predictions (through the running mean)',
  );
  assert.ok(losses[11] < losses[0]);
});

test(
  'training steps inside tidy leave no engine memory behind (modules, losses, optimizer, clipping)',
  {
    skip:
      engineVariant() === 'typescript' ? 'engine memory is only counted with the WebAssembly kernels' : false,
  },
  () => {
    const rng = new Rng(1);
    const model = new Sequential(
      new Linear(3, 16, { rng }),
      new BatchNorm1d(16),
      new Tanh(),
      new Linear(16, 2, { rng }),
    );
    const opt = new AdamW(model.parameters(), { lr: 0.01 });
    const xs = Float32Array.from({ length: 32 * 3 }, () => rng.normal());
    const ys = Array.from({ length: 64 }, (_, i) => (i % 7 === 0 ? NaN : Math.sin(i)));
    const step = (): void => {
      opt.zeroGrad();
      tidy(() => {
        const x = tensor(xs, [32, 3]);
        backward(mseLoss(model.forward(x), ys));
      });
      clipGradNorm(model.parameters(), 1);
      opt.step();
    };
    step(); // gradient buffers are allocated on the first step
    const before = memoryStats().bytesInUse;
    assert.ok(before > 0, 'parameters live in the engine memory');
    for (let i = 0; i < 20; i++) step();
    assert.equal(memoryStats().bytesInUse, before);
  },
);
