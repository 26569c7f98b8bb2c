/**
 * Generalisation experiments on noisy 1-D data with an MLP on the xtal engine: minibatch training with
 * train / validation / test curves (under- and overfitting), and k-fold cross-validation.
 */
import { backward, mean, noGrad, square, sub, tensor, tidy, Rng } from '../lib/engine.js';
import { Mlp, makeOptimizer, type Activation } from '../lib/nets.js';
import { grid, noisyCurve } from '../lib/datasets.js';
import type { Emit, JobContext } from './types.js';

export interface FitParams {
  samples: number;
  noise: number;
  hidden: number[];
  activation: Activation;
  batchSize: number;
  epochs: number;
  lr: number;
  seed?: number;
}

function mse(net: Mlp, x: Float32Array, y: Float32Array): number {
  if (x.length === 0) return NaN;
  return noGrad(() =>
    tidy(() =>
      mean(square(sub(net.forward(tensor(x, [x.length, 1]), false), tensor(y, [y.length, 1])))).item(),
    ),
  );
}

function pick(a: Float32Array, idx: number[]): Float32Array {
  return Float32Array.from(idx, (i) => a[i]);
}

/** Trains on `train` with minibatches; returns the net. Calls `each(epoch)` after every epoch. */
async function trainMinibatch(
  p: FitParams,
  xTr: Float32Array,
  yTr: Float32Array,
  rng: Rng,
  ctx: JobContext,
  each: (epoch: number, net: Mlp, stepsDone: number) => void,
): Promise<Mlp | null> {
  const net = new Mlp({ sizes: [1, ...p.hidden, 1], activation: p.activation, seed: p.seed ?? 4 });
  const opt = makeOptimizer('adam', net.params(), p.lr);
  const n = xTr.length;
  const order = Array.from({ length: n }, (_, i) => i);
  let steps = 0;
  for (let epoch = 1; epoch <= p.epochs; epoch++) {
    rng.shuffle(order);
    for (let s = 0; s < n; s += p.batchSize) {
      const idx = order.slice(s, s + p.batchSize);
      tidy(() => {
        const l = mean(
          square(
            sub(
              net.forward(tensor(pick(xTr, idx), [idx.length, 1])),
              tensor(pick(yTr, idx), [idx.length, 1]),
            ),
          ),
        );
        backward(l);
      });
      opt.step();
      opt.zeroGrad();
      steps++;
    }
    each(epoch, net, steps);
    if (epoch % 5 === 0 && !(await ctx.tick())) return null;
  }
  return net;
}

export async function fitCurves(p: FitParams, emit: Emit, ctx: JobContext): Promise<void> {
  const { x, y } = noisyCurve(p.samples, p.noise, p.seed ?? 21);
  const nTr = Math.round(0.6 * p.samples);
  const nVa = Math.round(0.2 * p.samples);
  const split = {
    xTr: x.slice(0, nTr),
    yTr: y.slice(0, nTr),
    xVa: x.slice(nTr, nTr + nVa),
    yVa: y.slice(nTr, nTr + nVa),
    xTe: x.slice(nTr + nVa),
    yTe: y.slice(nTr + nVa),
  };
  emit({ kind: 'data', ...split });
  const G = grid(200);
  const rng = new Rng(5);
  await trainMinibatch(p, split.xTr, split.yTr, rng, ctx, (epoch, net, steps) => {
    const train = mse(net, split.xTr, split.yTr);
    const val = mse(net, split.xVa, split.yVa);
    const test = mse(net, split.xTe, split.yTe);
    const curve =
      epoch % 5 === 0 || epoch === p.epochs
        ? noGrad(() => tidy(() => Float32Array.from(net.forward(tensor(G, [200, 1]), false).data)))
        : null;
    emit({ kind: 'epoch', epoch, steps, train, val, test, curve });
  });
}

export interface KFoldParams extends FitParams {
  k: number;
}

export async function kfold(p: KFoldParams, emit: Emit, ctx: JobContext): Promise<void> {
  const { x, y } = noisyCurve(p.samples, p.noise, p.seed ?? 21);
  const n = x.length;
  const fold = Array.from({ length: n }, (_, i) => i % p.k);
  for (let f = 0; f < p.k; f++) {
    const tr = fold.flatMap((g, i) => (g === f ? [] : [i]));
    const va = fold.flatMap((g, i) => (g === f ? [i] : []));
    const net = await trainMinibatch(p, pick(x, tr), pick(y, tr), new Rng(100 + f), ctx, () => {});
    if (!net) return;
    emit({ fold: f, train: mse(net, pick(x, tr), pick(y, tr)), val: mse(net, pick(x, va), pick(y, va)) });
  }
}
