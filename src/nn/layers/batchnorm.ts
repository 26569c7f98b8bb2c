/**
 * Batch normalisation, as torch.nn.BatchNorm1d ([N, C] or [N, C, L]) and BatchNorm2d ([N, C, H, W]):
 * training normalises with the batch mean and biased variance and updates the running statistics
 * with the unbiased variance, r ← (1 − m)·r + m·batch, m = momentum (0.1) or 1/numBatchesTracked when
 * momentum is null (cumulative average); eval uses the running statistics. Parameters weight (1) and
 * bias (0); buffers running_mean (0), running_var (1), num_batches_tracked (0, saved as an integer).
 */
import { batchNorm, type DType } from '../../engine/index.js';
import { Module, newTensor, type AnyTensor } from '../module.js';
import { registerLayer } from '../registry.js';

export interface BatchNormOptions {
  eps?: number;
  /** Running-statistics update factor; null for a cumulative average. Default 0.1. */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
  dtype?: DType;
}

abstract class BatchNormBase extends Module {
  readonly eps: number;
  readonly momentum: number | null;
  readonly weight: AnyTensor | null;
  readonly bias: AnyTensor | null;
  readonly runningMean: AnyTensor | null;
  readonly runningVar: AnyTensor | null;
  readonly numBatchesTracked: AnyTensor | null;
  protected readonly dtype: DType;
  protected abstract readonly ranks: number[];

  constructor(
    readonly numFeatures: number,
    options: BatchNormOptions = {},
  ) {
    super();
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.dtype = options.dtype ?? 'float32';
    const affine = options.affine ?? true;
    const track = options.trackRunningStats ?? true;
    this.weight = affine ? this.registerParameter('weight', newTensor([numFeatures], this.dtype, 1)) : null;
    this.bias = affine ? this.registerParameter('bias', newTensor([numFeatures], this.dtype)) : null;
    this.runningMean = track
      ? this.registerBuffer('running_mean', newTensor([numFeatures], this.dtype))
      : null;
    this.runningVar = track
      ? this.registerBuffer('running_var', newTensor([numFeatures], this.dtype, 1))
      : null;
    this.numBatchesTracked = track
      ? this.registerBuffer('num_batches_tracked', newTensor([], this.dtype), { integer: true })
      : null;
  }

  /** The factor for this training step's running-statistics update (counts the batch). */
  updateFactor(): number {
    if (!this.numBatchesTracked) return 0;
    this.numBatchesTracked.data[0] += 1;
    return this.momentum ?? 1 / this.numBatchesTracked.data[0];
  }

  forward(x: AnyTensor): AnyTensor {
    if (!this.ranks.includes(x.rank) || x.shape[1] !== this.numFeatures) {
      throw new RangeError(
        `${this.className}(${this.numFeatures}): expected rank ${this.ranks.join(' or ')} with ${this.numFeatures} channels, got [${x.shape}]`,
      );
    }
    const useBatchStats = this.training || !this.runningMean;
    const factor = this.training && this.runningMean ? this.updateFactor() : 0;
    return batchNorm(x, this.weight, this.bias, {
      training: useBatchStats,
      runningMean: this.training ? (factor > 0 ? this.runningMean : null) : this.runningMean,
      runningVar: this.training ? (factor > 0 ? this.runningVar : null) : this.runningVar,
      momentum: factor,
      eps: this.eps,
    });
  }

  protected getConfig(): Record<string, unknown> {
    return {
      numFeatures: this.numFeatures,
      eps: this.eps,
      momentum: this.momentum,
      affine: this.weight !== null,
      trackRunningStats: this.runningMean !== null,
      dtype: this.dtype,
    };
  }
}

export class BatchNorm1d extends BatchNormBase {
  readonly className = 'BatchNorm1d';
  protected readonly ranks = [2, 3];
}

export class BatchNorm2d extends BatchNormBase {
  readonly className = 'BatchNorm2d';
  protected readonly ranks = [4];
}

const options = (c: Record<string, unknown>): BatchNormOptions => ({
  eps: c.eps as number | undefined,
  momentum: c.momentum as number | null | undefined,
  affine: c.affine as boolean | undefined,
  trackRunningStats: c.trackRunningStats as boolean | undefined,
  dtype: c.dtype as DType | undefined,
});
registerLayer('BatchNorm1d', (c) => new BatchNorm1d(c.numFeatures as number, options(c)));
registerLayer('BatchNorm2d', (c) => new BatchNorm2d(c.numFeatures as number, options(c)));
