/**
 * Fully connected layer y = x Wᵀ + b, as torch.nn.Linear: weight [out, in], bias [out], PyTorch's
 * default initialisation (both uniform in ±1/√in). Inputs [..., in]; leading axes are flattened and
 * restored.
 */
import { add, matmul, reshape, type DType } from '../../engine/index.js';
import type { Rng } from '../../engine/random.js';
import { defaultLayerInit } from '../init.js';
import { Module, newTensor, type AnyTensor } from '../module.js';
import { registerLayer } from '../registry.js';

export interface LinearOptions {
  rng: Rng;
  bias?: boolean;
  dtype?: DType;
}

export class Linear extends Module {
  readonly className = 'Linear';
  readonly weight: AnyTensor;
  readonly bias: AnyTensor | null;
  private readonly dtype: DType;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions,
  ) {
    super();
    this.dtype = options.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', newTensor([outFeatures, inFeatures], this.dtype));
    this.bias =
      options.bias === false ? null : this.registerParameter('bias', newTensor([outFeatures], this.dtype));
    defaultLayerInit(this.weight, this.bias, options.rng);
  }

  forward(x: AnyTensor): AnyTensor {
    const last = x.shape[x.rank - 1];
    if (last !== this.inFeatures) {
      throw new RangeError(
        `Linear(${this.inFeatures}, ${this.outFeatures}): input [${x.shape}] has ${last} features`,
      );
    }
    const flat = x.rank === 2 ? x : reshape(x, [x.size / last, last]);
    let y = matmul(flat, this.weight, { transB: true });
    if (this.bias) y = add(y, this.bias);
    return x.rank === 2 ? y : reshape(y, [...x.shape.slice(0, -1), this.outFeatures]);
  }

  protected getConfig(): Record<string, unknown> {
    return {
      inFeatures: this.inFeatures,
      outFeatures: this.outFeatures,
      bias: this.bias !== null,
      dtype: this.dtype,
    };
  }
}

registerLayer(
  'Linear',
  (c, { rng }) =>
    new Linear(c.inFeatures as number, c.outFeatures as number, {
      rng,
      bias: c.bias as boolean | undefined,
      dtype: c.dtype as DType | undefined,
    }),
);
