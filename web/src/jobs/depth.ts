/**
 * Depth experiments on the xtal engine: a deep, narrow MLP on the ring classification with or without
 * BatchNorm. Reports the loss per step and, per layer, the norm of the weight gradient: with sigmoid and
 * no normalisation the first layers' gradients shrink by orders of magnitude (vanishing gradients).
 */
import { backward, mean, mul, softplus, sub, tensor, tidy } from '../lib/engine.js';
import { Mlp, makeOptimizer, type Activation } from '../lib/nets.js';
import { ring } from '../lib/datasets.js';
import type { Emit, JobContext } from './types.js';

export interface DepthParams {
  depth: number;
  width: number;
  activation: Activation;
  batchNorm: boolean;
  steps: number;
  lr: number;
  seed?: number;
}

export async function depth(p: DepthParams, emit: Emit, ctx: JobContext): Promise<void> {
  const data = ring(256, 13);
  const X = tensor(data.x, [256, 2]).keep();
  const Y = tensor(data.y, [256, 1]).keep();
  const sizes = [2, ...Array.from({ length: p.depth }, () => p.width), 1];
  const net = new Mlp({ sizes, activation: p.activation, batchNorm: p.batchNorm, seed: p.seed ?? 6 });
  const opt = makeOptimizer('sgd', net.params(), p.lr);
  for (let step = 1; step <= p.steps; step++) {
    const loss = tidy(() => {
      const z = net.forward(X);
      const l = mean(sub(softplus(z), mul(Y, z)));
      backward(l);
      return l.item();
    });
    const gradNorms = net.layers.map((layer) => {
      const g = layer.W.grad;
      let s = 0;
      if (g) for (let i = 0; i < g.length; i++) s += g[i] * g[i];
      return Math.sqrt(s);
    });
    opt.step();
    opt.zeroGrad();
    if (step % 5 === 0 || step === 1 || step === p.steps) {
      emit({ step, loss, gradNorms });
      if (!(await ctx.tick())) return;
    }
  }
}
