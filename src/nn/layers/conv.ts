/**
 * 2-D convolution and pooling over NCHW inputs, as torch.nn.Conv2d / MaxPool2d / AvgPool2d (average
 * counts zero padding, PyTorch's default) plus MinPool2d. Conv2d weight [out, in, kh, kw] and bias
 * [out] get PyTorch's default initialisation (uniform in ±1/√(in·kh·kw)).
 */
import { avgPool2d, conv2d, maxPool2d, minPool2d, type DType } from '../../engine/index.js';
import type { Rng } from '../../engine/random.js';
import { defaultLayerInit } from '../init.js';
import { Module, newTensor, type AnyTensor } from '../module.js';
import { registerLayer } from '../registry.js';

export interface Conv2dOptions {
  rng: Rng;
  stride?: number;
  padding?: number;
  bias?: boolean;
  dtype?: DType;
}

export class Conv2d extends Module {
  readonly className = 'Conv2d';
  readonly weight: AnyTensor;
  readonly bias: AnyTensor | null;
  readonly kernelSize: [number, number];
  readonly stride: number;
  readonly padding: number;
  private readonly dtype: DType;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: number | [number, number],
    options: Conv2dOptions,
  ) {
    super();
    this.kernelSize =
      typeof kernelSize === 'number' ? [kernelSize, kernelSize] : [kernelSize[0], kernelSize[1]];
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    this.dtype = options.dtype ?? 'float32';
    this.weight = this.registerParameter(
      'weight',
      newTensor([outChannels, inChannels, ...this.kernelSize], this.dtype),
    );
    this.bias =
      options.bias === false ? null : this.registerParameter('bias', newTensor([outChannels], this.dtype));
    defaultLayerInit(this.weight, this.bias, options.rng);
  }

  forward(x: AnyTensor): AnyTensor {
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding });
  }

  protected getConfig(): Record<string, unknown> {
    return {
      inChannels: this.inChannels,
      outChannels: this.outChannels,
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      bias: this.bias !== null,
      dtype: this.dtype,
    };
  }
}

export interface PoolOptions {
  /** Default: the kernel size. */
  stride?: number;
  padding?: number;
}

abstract class Pool2d extends Module {
  readonly stride: number;
  readonly padding: number;
  constructor(
    readonly kernelSize: number,
    options: PoolOptions = {},
  ) {
    super();
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
  }
  protected getConfig(): Record<string, unknown> {
    return { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding };
  }
  protected get opts(): { kernel: number; stride: number; padding: number } {
    return { kernel: this.kernelSize, stride: this.stride, padding: this.padding };
  }
}

export class MaxPool2d extends Pool2d {
  readonly className = 'MaxPool2d';
  forward(x: AnyTensor): AnyTensor {
    return maxPool2d(x, this.opts);
  }
}

export class MinPool2d extends Pool2d {
  readonly className = 'MinPool2d';
  forward(x: AnyTensor): AnyTensor {
    return minPool2d(x, this.opts);
  }
}

export class AvgPool2d extends Pool2d {
  readonly className = 'AvgPool2d';
  forward(x: AnyTensor): AnyTensor {
    return avgPool2d(x, this.opts);
  }
}

registerLayer(
  'Conv2d',
  (c, { rng }) =>
    new Conv2d(c.inChannels as number, c.outChannels as number, c.kernelSize as [number, number], {
      rng,
      stride: c.stride as number | undefined,
      padding: c.padding as number | undefined,
      bias: c.bias as boolean | undefined,
      dtype: c.dtype as DType | undefined,
    }),
);
const poolOpts = (c: Record<string, unknown>): PoolOptions => ({
  stride: c.stride as number | undefined,
  padding: c.padding as number | undefined,
});
registerLayer('MaxPool2d', (c) => new MaxPool2d(c.kernelSize as number, poolOpts(c)));
registerLayer('MinPool2d', (c) => new MinPool2d(c.kernelSize as number, poolOpts(c)));
registerLayer('AvgPool2d', (c) => new AvgPool2d(c.kernelSize as number, poolOpts(c)));
