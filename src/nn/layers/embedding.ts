/**
 * Embedding table, as torch.nn.Embedding: weight [numEmbeddings, dim] initialised N(0, 1); forward
 * takes integer indices and returns their rows (gradients scatter back into the used rows).
 */
import { gather, type DType } from '../../engine/index.js';
import type { Rng } from '../../engine/random.js';
import { normal } from '../init.js';
import { Module, newTensor, type AnyTensor } from '../module.js';
import { registerLayer } from '../registry.js';

export class Embedding extends Module<[Int32Array], AnyTensor> {
  readonly className = 'Embedding';
  readonly weight: AnyTensor;
  private readonly dtype: DType;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: { rng: Rng; dtype?: DType },
  ) {
    super();
    this.dtype = options.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', newTensor([numEmbeddings, embeddingDim], this.dtype));
    normal(this.weight, options.rng);
  }

  forward(indices: Int32Array): AnyTensor {
    for (let i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= this.numEmbeddings) {
        throw new RangeError(
          `Embedding(${this.numEmbeddings}): index ${indices[i]} at position ${i} out of range`,
        );
      }
    }
    return gather(this.weight, indices);
  }

  protected getConfig(): Record<string, unknown> {
    return { numEmbeddings: this.numEmbeddings, embeddingDim: this.embeddingDim, dtype: this.dtype };
  }
}

registerLayer(
  'Embedding',
  (c, { rng }) =>
    new Embedding(c.numEmbeddings as number, c.embeddingDim as number, {
      rng,
      dtype: c.dtype as DType | undefined,
    }),
);
