/**
 * Optimizers raced on real training: the same MLP (same initial weights) learns the ring classification
 * with each optimizer, optionally with a learning-rate schedule; every optimizer gets the same minibatches.
 */
import { backward, mean, mul, softplus, sub, tensor, tidy, ExponentialLR, LinearLR } from '../lib/engine.js';
import { Mlp, makeOptimizer, type OptimizerName } from '../lib/nets.js';
import { ring } from '../lib/datasets.js';
import type { Emit, JobContext } from './types.js';

export interface RaceParams {
  optimizers: Array<{ name: OptimizerName; lr: number }>;
  schedule: 'none' | 'linear' | 'exponential';
  epochs: number;
  seed?: number;
}

export async function race(p: RaceParams, emit: Emit, ctx: JobContext): Promise<void> {
  const data = ring(256, 11);
  const X = tensor(data.x, [256, 2]).keep();
  const Y = tensor(data.y, [256, 1]).keep();
  const runners = p.optimizers.map(({ name, lr }) => {
    const net = new Mlp({ sizes: [2, 16, 16, 1], activation: 'tanh', seed: p.seed ?? 2 });
    const opt = makeOptimizer(name, net.params(), lr);
    const sched =
      p.schedule === 'linear'
        ? new LinearLR(opt, { startFactor: 1, endFactor: 0.05, totalIters: p.epochs })
        : p.schedule === 'exponential'
          ? new ExponentialLR(opt, 0.97)
          : null;
    return { name, net, opt, sched };
  });
  for (let epoch = 1; epoch <= p.epochs; epoch++) {
    const losses: number[] = [];
    const lrs: number[] = [];
    for (const r of runners) {
      const l = tidy(() => {
        const z = r.net.forward(X);
        const loss = mean(sub(softplus(z), mul(Y, z)));
        backward(loss);
        return loss.item();
      });
      r.opt.step();
      r.opt.zeroGrad();
      lrs.push(r.opt.lr);
      r.sched?.step();
      losses.push(l);
    }
    emit({ epoch, losses, lrs });
    if (epoch % 5 === 0 && !(await ctx.tick())) return;
  }
}
