/**
 * Weight initialisers, as torch.nn.init (1.13), filling a tensor's `data` in place from a seeded Rng.
 * Fans follow PyTorch: for a weight of shape [out, in, ...kernel], fanIn = in·∏kernel and
 * fanOut = out·∏kernel. Xavier/Glorot (Glorot & Bengio 2010): std = gain·√(2/(fanIn + fanOut));
 * Kaiming/He (He et al. 2015): std = gain/√fan; a uniform with that std has bound √3·std.
 * PyTorch's layer defaults: Linear and Conv2d weights kaiming-uniform with a = √5 (bound 1/√fanIn),
 * their biases uniform(±1/√fanIn); BatchNorm weight 1, bias 0; Embedding N(0, 1).
 */
import type { Rng } from '../engine/random.js';

/** Anything with a shape and float32 values (an engine Tensor, or a plain object). */
export interface InitTarget {
  shape: readonly number[];
  data: Float32Array | Float64Array;
}

export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

/**
 * The recommended gain for a nonlinearity (torch.nn.init.calculate_gain): 1 for linear, convolutions
 * and sigmoid; 5/3 for tanh; √2 for relu; √(2/(1 + slope²)) for leaky_relu (slope 0.01 by default);
 * 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'conv_transpose1d':
    case 'conv_transpose2d':
    case 'conv_transpose3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (!Number.isFinite(slope)) throw new RangeError(`negative slope ${slope} is not a number`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
  }
  throw new RangeError(`unsupported nonlinearity ${String(nonlinearity)}`);
}

/** Fan-in and fan-out of a weight of shape [out, in, ...kernel]; needs at least 2 dimensions. */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new RangeError(
      `fan in and fan out need a tensor of at least 2 dimensions, got [${shape.join(', ')}]`,
    );
  }
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i];
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

export function uniform<T extends InitTarget>(t: T, rng: Rng, low = 0, high = 1): T {
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = rng.range(low, high);
  return t;
}

export function normal<T extends InitTarget>(t: T, rng: Rng, mean = 0, std = 1): T {
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = mean + std * rng.normal();
  return t;
}

/**
 * Normal(mean, std) truncated to [a, b] by redrawing values outside (the distribution is that of
 * torch.nn.init.trunc_normal_; the sampling method differs).
 */
export function truncNormal<T extends InitTarget>(t: T, rng: Rng, mean = 0, std = 1, a = -2, b = 2): T {
  if (!(a < b)) throw new RangeError(`truncation interval [${a}, ${b}] is empty`);
  // Rejection is fine unless the interval holds almost no mass.
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    let x: number;
    let tries = 0;
    do {
      x = mean + std * rng.normal();
      if (++tries > 10_000) throw new RangeError(`truncation interval [${a}, ${b}] too far from the mean`);
    } while (x < a || x > b);
    d[i] = x;
  }
  return t;
}

export function constant<T extends InitTarget>(t: T, value: number): T {
  t.data.fill(value);
  return t;
}

export const zeros = <T extends InitTarget>(t: T): T => constant(t, 0);
export const ones = <T extends InitTarget>(t: T): T => constant(t, 1);

/** Xavier/Glorot uniform: U(−a, a) with a = gain·√(6/(fanIn + fanOut)). */
export function xavierUniform<T extends InitTarget>(t: T, rng: Rng, gain = 1): T {
  const { fanIn, fanOut } = fans(t.shape);
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(t, rng, -a, a);
}

/** Xavier/Glorot normal: N(0, gain²·2/(fanIn + fanOut)). */
export function xavierNormal<T extends InitTarget>(t: T, rng: Rng, gain = 1): T {
  const { fanIn, fanOut } = fans(t.shape);
  return normal(t, rng, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}

export interface KaimingOptions {
  /** Negative slope of the leaky_relu that follows (used only for 'leaky_relu'); default 0. */
  a?: number;
  /** Preserve the variance of the forward pass ('fanIn', default) or of the backward pass ('fanOut'). */
  mode?: 'fanIn' | 'fanOut';
  /** Default 'leaky_relu', as PyTorch. */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(shape: readonly number[], o: KaimingOptions): number {
  const { fanIn, fanOut } = fans(shape);
  const fan = (o.mode ?? 'fanIn') === 'fanIn' ? fanIn : fanOut;
  if (fan === 0)
    throw new RangeError(`cannot initialise a tensor of shape [${shape.join(', ')}]: its fan is 0`);
  return calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0) / Math.sqrt(fan);
}

/** Kaiming/He uniform: U(−b, b) with b = gain·√(3/fan). */
export function kaimingUniform<T extends InitTarget>(t: T, rng: Rng, options: KaimingOptions = {}): T {
  const bound = Math.sqrt(3) * kaimingStd(t.shape, options);
  return uniform(t, rng, -bound, bound);
}

/** Kaiming/He normal: N(0, gain²/fan). */
export function kaimingNormal<T extends InitTarget>(t: T, rng: Rng, options: KaimingOptions = {}): T {
  return normal(t, rng, 0, kaimingStd(t.shape, options));
}

/**
 * PyTorch's default for nn.Linear and nn.Conv2d (reset_parameters): weight kaiming-uniform with
 * a = √5, i.e. U(±1/√fanIn); bias U(±1/√fanIn) (zero bound when fanIn is 0).
 */
export function defaultLayerInit(weight: InitTarget, bias: InitTarget | null, rng: Rng): void {
  kaimingUniform(weight, rng, { a: Math.sqrt(5) });
  if (bias) {
    const { fanIn } = fans(weight.shape);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform(bias, rng, -bound, bound);
  }
}
