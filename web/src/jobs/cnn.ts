/**
 * Convolutional jobs on the xtal engine with images the page draws (lib/datasets.ts shapes): a small CNN
 * classifier (channels, stride and max / average / min pooling adjustable; reports loss, accuracy and the
 * first layer's feature maps) and a dense autoencoder (reports reconstructions).
 */
import {
  backward,
  logSoftmax,
  mean,
  mul,
  noGrad,
  square,
  sub,
  sum,
  tensor,
  tidy,
  Rng,
} from '../lib/engine.js';
import { AutoEncoder, SmallCnn, makeOptimizer, type PoolKind } from '../lib/nets.js';
import { shapes, SHAPE_CLASSES } from '../lib/datasets.js';
import type { Emit, JobContext } from './types.js';

export const IMAGE_SIZE = 16;

export interface CnnParams {
  channels: number;
  stride: number;
  pool: PoolKind;
  epochs: number;
  lr: number;
  trainSize: number;
}

function oneHot(y: Int32Array, k: number): Float32Array {
  const o = new Float32Array(y.length * k);
  y.forEach((c, i) => (o[i * k + c] = 1));
  return o;
}

export async function cnn(p: CnnParams, emit: Emit, ctx: JobContext): Promise<void> {
  const S = IMAGE_SIZE;
  const K = SHAPE_CLASSES.length;
  const tr = shapes(p.trainSize, S, 31);
  const te = shapes(80, S, 32);
  const net = new SmallCnn({ channels: p.channels, stride: p.stride, pool: p.pool, classes: K, size: S });
  const opt = makeOptimizer('adam', net.params(), p.lr);
  const rng = new Rng(9);
  const batch = 32;
  const order = Array.from({ length: p.trainSize }, (_, i) => i);
  const accuracy = (x: Float32Array, y: Int32Array) =>
    noGrad(() =>
      tidy(() => {
        const n = y.length;
        const z = net.forward(tensor(x, [n, 1, S, S]));
        let ok = 0;
        for (let i = 0; i < n; i++) {
          let best = 0;
          for (let c = 1; c < K; c++) if (z.data[i * K + c] > z.data[i * K + best]) best = c;
          if (best === y[i]) ok++;
        }
        return ok / n;
      }),
    );
  emit({ kind: 'sample', images: te.x.slice(0, 8 * S * S), labels: Array.from(te.y.slice(0, 8)) });
  for (let epoch = 1; epoch <= p.epochs; epoch++) {
    rng.shuffle(order);
    let total = 0;
    for (let s = 0; s < order.length; s += batch) {
      const idx = order.slice(s, s + batch);
      const xb = new Float32Array(idx.length * S * S);
      idx.forEach((k, r) => xb.set(tr.x.subarray(k * S * S, (k + 1) * S * S), r * S * S));
      const yb = Int32Array.from(idx, (k) => tr.y[k]);
      total += tidy(() => {
        const z = net.forward(tensor(xb, [idx.length, 1, S, S]));
        const l = mul(sum(mul(logSoftmax(z), tensor(oneHot(yb, K), [idx.length, K]))), -1 / idx.length);
        backward(l);
        return l.item() * idx.length;
      });
      opt.step();
      opt.zeroGrad();
      if (!(await ctx.tick())) return;
    }
    const maps = noGrad(() =>
      tidy(() => {
        net.forward(tensor(te.x.slice(0, S * S), [1, 1, S, S]));
        const m = net.maps1!;
        return { data: Float32Array.from(m.data), shape: m.shape.slice() };
      }),
    );
    emit({
      kind: 'epoch',
      epoch,
      loss: total / order.length,
      trainAcc: accuracy(tr.x, tr.y),
      testAcc: accuracy(te.x, te.y),
      maps,
    });
  }
}

export interface AeParams {
  code: number;
  epochs: number;
  lr: number;
}

export async function autoencoder(p: AeParams, emit: Emit, ctx: JobContext): Promise<void> {
  const S = IMAGE_SIZE;
  const tr = shapes(256, S, 41);
  const te = shapes(8, S, 42);
  const ae = new AutoEncoder(S, p.code);
  const opt = makeOptimizer('adam', ae.params(), p.lr);
  const rng = new Rng(3);
  const order = Array.from({ length: 256 }, (_, i) => i);
  const batch = 32;
  for (let epoch = 1; epoch <= p.epochs; epoch++) {
    rng.shuffle(order);
    let total = 0;
    for (let s = 0; s < order.length; s += batch) {
      const idx = order.slice(s, s + batch);
      const xb = new Float32Array(idx.length * S * S);
      idx.forEach((k, r) => xb.set(tr.x.subarray(k * S * S, (k + 1) * S * S), r * S * S));
      total += tidy(() => {
        const x = tensor(xb, [idx.length, S * S]);
        const l = mean(square(sub(ae.forward(x).out, x)));
        backward(l);
        return l.item() * idx.length;
      });
      opt.step();
      opt.zeroGrad();
    }
    const recon = noGrad(() => tidy(() => Float32Array.from(ae.forward(tensor(te.x, [8, S * S])).out.data)));
    emit({ epoch, loss: total / 256, originals: te.x, recon });
    if (!(await ctx.tick())) return;
  }
}
