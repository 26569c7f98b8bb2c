/**
 * Linear and polynomial decay, as torch's LinearLR and PolynomialLR (1.13).
 * LinearLR: lr = base · (s + (e − s) · min(epoch, T) / T), factor s at epoch 0 moving to e at epoch T
 * (warm up with s < e; decay with s > e). PolynomialLR: lr = base · (1 − min(epoch, T)/T)^power, which
 * for power 1 decays linearly to zero at epoch T.
 */
import { LRScheduler, checkPositiveInt, type Schedulable } from './scheduler.js';

export interface LinearLROptions {
  startFactor?: number;
  endFactor?: number;
  totalIters?: number;
}

export class LinearLR extends LRScheduler {
  readonly type = 'LinearLR';
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: Schedulable, options: LinearLROptions = {}, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    this.startFactor = options.startFactor ?? 1 / 3;
    this.endFactor = options.endFactor ?? 1;
    this.totalIters = options.totalIters ?? 5;
    if (!(this.startFactor > 0 && this.startFactor <= 1)) {
      throw new RangeError(`startFactor must be in (0, 1], got ${this.startFactor}`);
    }
    if (!(this.endFactor >= 0 && this.endFactor <= 1)) {
      throw new RangeError(`endFactor must be in [0, 1], got ${this.endFactor}`);
    }
    checkPositiveInt('totalIters', this.totalIters);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.groupLrs();
    const { startFactor: s, endFactor: e, totalIters: T } = this;
    if (this.lastEpoch === 0) return lrs.map((lr) => lr * s);
    if (this.lastEpoch > T) return lrs;
    return lrs.map((lr) => lr * (1 + (e - s) / (T * s + (this.lastEpoch - 1) * (e - s))));
  }

  closedFormLr(epoch = this.lastEpoch): number[] {
    const { startFactor: s, endFactor: e, totalIters: T } = this;
    return this.baseLrs.map((b) => b * (s + ((e - s) * Math.min(T, epoch)) / T));
  }
}

export class PolynomialLR extends LRScheduler {
  readonly type = 'PolynomialLR';

  constructor(
    optimizer: Schedulable,
    readonly totalIters = 5,
    readonly power = 1,
    lastEpoch = -1,
  ) {
    super(optimizer, lastEpoch);
    checkPositiveInt('totalIters', totalIters);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.groupLrs();
    const t = this.lastEpoch;
    const T = this.totalIters;
    if (t === 0 || t > T) return lrs;
    const factor = ((1 - t / T) / (1 - (t - 1) / T)) ** this.power;
    return lrs.map((lr) => lr * factor);
  }

  closedFormLr(epoch = this.lastEpoch): number[] {
    const T = this.totalIters;
    return this.baseLrs.map((b) => b * (1 - Math.min(T, epoch) / T) ** this.power);
  }
}
