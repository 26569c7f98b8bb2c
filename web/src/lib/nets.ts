/**
 * Small networks for the practicals, written with the xtal engine's ops: dense layers, an MLP with a
 * choice of activation and optional BatchNorm, and a convolutional classifier / autoencoder for
 * 16×16 images. Initialisation: uniform ±√(6/(fan_in+fan_out)) (Glorot) for sigmoid/tanh, ±√(6/fan_in)
 * (He) for ReLU-like activations, from a seeded Rng.
 */
import {
  Rng,
  SGD,
  Adam,
  Adagrad,
  Adadelta,
  RMSprop,
  add,
  avgPool2d,
  batchNorm,
  conv2d,
  matmul,
  maxPool2d,
  minPool2d,
  parameter,
  relu,
  reshape,
  sigmoid,
  softplus,
  tanh,
  zeros,
  type Optimizer,
  type Tensor,
} from './engine.js';

export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'softplus';

export function activate(x: Tensor, act: Activation | 'linear'): Tensor {
  switch (act) {
    case 'sigmoid':
      return sigmoid(x);
    case 'tanh':
      return tanh(x);
    case 'relu':
      return relu(x);
    case 'softplus':
      return softplus(x);
    default:
      return x;
  }
}

function uniformParam(shape: number[], bound: number, rng: Rng): Tensor {
  return parameter(shape, () => rng.range(-bound, bound));
}

export class Dense {
  readonly W: Tensor;
  readonly b: Tensor;
  constructor(
    readonly nIn: number,
    readonly nOut: number,
    rng: Rng,
    act: Activation | 'linear' = 'linear',
  ) {
    const bound = act === 'relu' || act === 'softplus' ? Math.sqrt(6 / nIn) : Math.sqrt(6 / (nIn + nOut));
    this.W = uniformParam([nIn, nOut], bound, rng);
    this.b = parameter([nOut]);
  }
  forward(x: Tensor): Tensor {
    return add(matmul(x, this.W), this.b);
  }
  params(): Tensor[] {
    return [this.W, this.b];
  }
}

export class BatchNorm1d {
  readonly gamma: Tensor;
  readonly beta: Tensor;
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;
  constructor(n: number) {
    this.gamma = parameter([n], () => 1);
    this.beta = parameter([n]);
    this.runningMean = zeros([n]).keep();
    this.runningVar = parameter([n], () => 1);
    this.runningVar.requiresGrad = false;
  }
  forward(x: Tensor, training: boolean): Tensor {
    return batchNorm(x, this.gamma, this.beta, {
      training,
      runningMean: this.runningMean,
      runningVar: this.runningVar,
    });
  }
  params(): Tensor[] {
    return [this.gamma, this.beta];
  }
}

export interface MlpOptions {
  sizes: number[];
  activation: Activation;
  batchNorm?: boolean;
  seed?: number;
  /** Activation of the output layer (default linear). */
  output?: Activation | 'linear';
}

export class Mlp {
  readonly layers: Dense[] = [];
  readonly norms: BatchNorm1d[] = [];
  /** Hidden pre-activations of the last forward pass (for gradient-flow plots). */
  hidden: Tensor[] = [];
  constructor(readonly opts: MlpOptions) {
    const rng = new Rng(opts.seed ?? 1);
    const s = opts.sizes;
    for (let i = 0; i + 1 < s.length; i++) {
      const last = i + 2 === s.length;
      this.layers.push(new Dense(s[i], s[i + 1], rng, last ? 'linear' : opts.activation));
      if (!last && opts.batchNorm) this.norms.push(new BatchNorm1d(s[i + 1]));
    }
  }
  forward(x: Tensor, training = true): Tensor {
    let h = x;
    this.hidden = [];
    this.layers.forEach((l, i) => {
      h = l.forward(h);
      if (i + 1 < this.layers.length) {
        if (this.opts.batchNorm) h = this.norms[i].forward(h, training);
        this.hidden.push(h);
        h = activate(h, this.opts.activation);
      }
    });
    return activate(h, this.opts.output ?? 'linear');
  }
  params(): Tensor[] {
    return [...this.layers.flatMap((l) => l.params()), ...this.norms.flatMap((n) => n.params())];
  }
}

export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adagrad' | 'adadelta' | 'rmsprop';

export function makeOptimizer(name: OptimizerName, params: Tensor[], lr: number): Optimizer<{ lr: number }> {
  switch (name) {
    case 'sgd':
      return new SGD(params, { lr });
    case 'momentum':
      return new SGD(params, { lr, momentum: 0.9 });
    case 'nesterov':
      return new SGD(params, { lr, momentum: 0.9, nesterov: true });
    case 'adam':
      return new Adam(params, { lr });
    case 'adagrad':
      return new Adagrad(params, { lr });
    case 'adadelta':
      return new Adadelta(params, { lr });
    case 'rmsprop':
      return new RMSprop(params, { lr });
  }
}

export type PoolKind = 'max' | 'avg' | 'min';

function pool(x: Tensor, kind: PoolKind, k: number): Tensor {
  const o = { kernel: k, stride: k };
  return kind === 'max' ? maxPool2d(x, o) : kind === 'min' ? minPool2d(x, o) : avgPool2d(x, o);
}

export interface CnnOptions {
  channels: number;
  stride: number;
  pool: PoolKind;
  classes: number;
  size: number;
  seed?: number;
}

/** conv(3×3, stride) → ReLU → pool(2) → conv(3×3) → ReLU → pool(2) → dense → logits. */
export class SmallCnn {
  readonly k1: Tensor;
  readonly b1: Tensor;
  readonly k2: Tensor;
  readonly b2: Tensor;
  readonly fc: Dense;
  /** Feature maps of the first layer from the last forward pass ([N, C, H, W]). */
  maps1: Tensor | null = null;
  readonly flat: number;
  constructor(readonly opts: CnnOptions) {
    const rng = new Rng(opts.seed ?? 3);
    const c = opts.channels;
    this.k1 = uniformParam([c, 1, 3, 3], Math.sqrt(6 / 9), rng);
    this.b1 = parameter([c]);
    this.k2 = uniformParam([2 * c, c, 3, 3], Math.sqrt(6 / (9 * c)), rng);
    this.b2 = parameter([2 * c]);
    let s = Math.floor((opts.size + 2 - 3) / opts.stride) + 1;
    s = Math.floor(s / 2);
    s = Math.floor(s / 2);
    this.flat = 2 * c * s * s;
    this.fc = new Dense(this.flat, opts.classes, rng);
  }
  forward(x: Tensor): Tensor {
    const c = this.opts.channels;
    let h = conv2d(x, this.k1, this.b1, { stride: this.opts.stride, padding: 1 });
    this.maps1 = h;
    h = pool(relu(h), this.opts.pool, 2);
    h = conv2d(h, this.k2, this.b2, { stride: 1, padding: 1 });
    h = pool(relu(h), this.opts.pool, 2);
    void c;
    return this.fc.forward(reshape(h, [x.shape[0], this.flat]));
  }
  params(): Tensor[] {
    return [this.k1, this.b1, this.k2, this.b2, ...this.fc.params()];
  }
}

/** Dense autoencoder: size² → hidden → code → hidden → size² (sigmoid output). */
export class AutoEncoder {
  readonly enc: Mlp;
  readonly dec: Mlp;
  constructor(size: number, code: number, seed = 5) {
    this.enc = new Mlp({ sizes: [size * size, 64, code], activation: 'relu', seed, output: 'linear' });
    this.dec = new Mlp({
      sizes: [code, 64, size * size],
      activation: 'relu',
      seed: seed + 1,
      output: 'sigmoid',
    });
  }
  forward(x: Tensor): { code: Tensor; out: Tensor } {
    const code = this.enc.forward(x);
    return { code, out: this.dec.forward(code) };
  }
  params(): Tensor[] {
    return [...this.enc.params(), ...this.dec.params()];
  }
}
