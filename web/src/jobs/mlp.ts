/**
 * MLP jobs on the xtal engine: fit a 1-D function (MSE) and classify 2-D points (binary cross-entropy
 * with logits, BCE = softplus(z) − y·z), full batch, reporting the loss and the network's output on a
 * grid every few steps.
 */
import { backward, mean, mul, noGrad, softplus, square, sub, tensor, tidy } from '../lib/engine.js';
import { Mlp, makeOptimizer, type Activation, type OptimizerName } from '../lib/nets.js';
import { grid, target1d, type Target1D } from '../lib/datasets.js';
import type { Emit, JobContext } from './types.js';

export interface Mlp1dParams {
  target: Target1D;
  hidden: number[];
  activation: Activation;
  optimizer: OptimizerName;
  lr: number;
  steps: number;
  seed?: number;
}

export async function mlp1d(p: Mlp1dParams, emit: Emit, ctx: JobContext): Promise<void> {
  const n = 64;
  const xs = grid(n);
  const ys = xs.map((x) => target1d(p.target, x));
  const X = tensor(xs, [n, 1]).keep();
  const Y = tensor(ys, [n, 1]).keep();
  const G = tensor(grid(200), [200, 1]).keep();
  const net = new Mlp({ sizes: [1, ...p.hidden, 1], activation: p.activation, seed: p.seed ?? 1 });
  const opt = makeOptimizer(p.optimizer, net.params(), p.lr);
  const every = 10;
  for (let step = 1; step <= p.steps; step++) {
    const loss = tidy(() => {
      const l = mean(square(sub(net.forward(X), Y)));
      backward(l);
      return l.item();
    });
    opt.step();
    opt.zeroGrad();
    if (step % every === 0 || step === p.steps || step === 1) {
      const curve = noGrad(() => tidy(() => Float32Array.from(net.forward(G).data)));
      emit({ step, loss, curve });
      if (!(await ctx.tick())) return;
    }
  }
}

export interface Mlp2dParams {
  points: Array<[number, number, number]>;
  hidden: number[];
  activation: Activation;
  optimizer: OptimizerName;
  lr: number;
  steps: number;
  seed?: number;
}

export const FIELD_N = 40;

export async function mlp2d(p: Mlp2dParams, emit: Emit, ctx: JobContext): Promise<void> {
  const n = p.points.length;
  if (n === 0) return;
  const X = tensor(
    p.points.flatMap((q) => [q[0], q[1]]),
    [n, 2],
  ).keep();
  const Y = tensor(
    p.points.map((q) => q[2]),
    [n, 1],
  ).keep();
  const g: number[] = [];
  for (let j = 0; j < FIELD_N; j++)
    for (let i = 0; i < FIELD_N; i++) g.push(-1 + (2 * (i + 0.5)) / FIELD_N, 1 - (2 * (j + 0.5)) / FIELD_N);
  const G = tensor(g, [FIELD_N * FIELD_N, 2]).keep();
  const net = new Mlp({ sizes: [2, ...p.hidden, 1], activation: p.activation, seed: p.seed ?? 1 });
  const opt = makeOptimizer(p.optimizer, net.params(), p.lr);
  for (let step = 1; step <= p.steps; step++) {
    const { loss, acc } = tidy(() => {
      const z = net.forward(X);
      const l = mean(sub(softplus(z), mul(Y, z)));
      backward(l);
      let ok = 0;
      for (let i = 0; i < n; i++) if ((z.data[i] >= 0 ? 1 : 0) === Y.data[i]) ok++;
      return { loss: l.item(), acc: ok / n };
    });
    opt.step();
    opt.zeroGrad();
    if (step % 10 === 0 || step === 1 || step === p.steps) {
      const field = noGrad(() =>
        tidy(() => Float32Array.from(net.forward(G).data, (z) => 1 / (1 + Math.exp(-z)))),
      );
      emit({ step, loss, acc, field });
      if (!(await ctx.tick())) return;
    }
  }
}
