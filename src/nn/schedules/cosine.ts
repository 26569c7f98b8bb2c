/**
 * Cosine annealing (Loshchilov & Hutter 2017, SGDR without restarts), as torch's CosineAnnealingLR:
 * lr = η_min + (base − η_min)(1 + cos(π·epoch/T_max))/2, applied step by step in PyTorch's recursive
 * form (so past T_max it rises again, period 2·T_max). `WarmupCosineLR` adds a linear warmup:
 * base·(f + (1 − f)·t/W) for t < W, then the cosine from base to η_min over the remaining T − W steps,
 * held at η_min after T. It equals torch's SequentialLR(LinearLR(f, W), CosineAnnealingLR(T − W)) up
 * to step T.
 */
import { LRScheduler, checkPositiveInt, type Schedulable } from './scheduler.js';

export class CosineAnnealingLR extends LRScheduler {
  readonly type = 'CosineAnnealingLR';

  constructor(
    optimizer: Schedulable,
    readonly tMax: number,
    readonly etaMin = 0,
    lastEpoch = -1,
  ) {
    super(optimizer, lastEpoch);
    checkPositiveInt('tMax', tMax);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const t = this.lastEpoch;
    const T = this.tMax;
    const m = this.etaMin;
    const lrs = this.groupLrs();
    if (t === 0) return lrs;
    if (this.stepCount === 1 && t > 0) return this.closedFormLr(t);
    if ((((t - 1 - T) % (2 * T)) + 2 * T) % (2 * T) === 0) {
      return lrs.map((lr, i) => lr + ((this.baseLrs[i] - m) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    const ratio = (1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T));
    return lrs.map((lr) => ratio * (lr - m) + m);
  }

  closedFormLr(epoch = this.lastEpoch): number[] {
    return this.baseLrs.map(
      (b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2,
    );
  }
}

export interface WarmupCosineOptions {
  /** Steps of linear warmup (0 for none). */
  warmupSteps: number;
  /** Step at which the cosine reaches etaMin (warmup included). */
  totalSteps: number;
  etaMin?: number;
  /** Fraction of the base rate at step 0 (default 0: start from zero). */
  warmupStartFactor?: number;
}

export class WarmupCosineLR extends LRScheduler {
  readonly type = 'WarmupCosineLR';
  readonly warmupSteps: number;
  readonly totalSteps: number;
  readonly etaMin: number;
  readonly warmupStartFactor: number;

  constructor(optimizer: Schedulable, options: WarmupCosineOptions, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    this.warmupSteps = options.warmupSteps;
    this.totalSteps = options.totalSteps;
    this.etaMin = options.etaMin ?? 0;
    this.warmupStartFactor = options.warmupStartFactor ?? 0;
    if (!Number.isInteger(this.warmupSteps) || this.warmupSteps < 0) {
      throw new RangeError(`warmupSteps must be a non-negative integer, got ${this.warmupSteps}`);
    }
    checkPositiveInt('totalSteps', this.totalSteps);
    if (this.totalSteps <= this.warmupSteps) throw new RangeError('totalSteps must exceed warmupSteps');
    this.initialStep();
  }

  protected computeLr(): number[] {
    return this.closedFormLr(this.lastEpoch);
  }

  closedFormLr(epoch = this.lastEpoch): number[] {
    const W = this.warmupSteps;
    const f = this.warmupStartFactor;
    if (epoch < W) return this.baseLrs.map((b) => b * (f + ((1 - f) * epoch) / W));
    const p = Math.min(1, (epoch - W) / (this.totalSteps - W));
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos(Math.PI * p))) / 2);
  }
}
