/**
 * Reduce the learning rate when a metric stops improving, as torch's ReduceLROnPlateau (1.13). Call
 * `step(metric)` once per epoch with the validation metric. After more than `patience` epochs
 * without improvement (by `threshold`, relative or absolute), each group's lr becomes
 * max(lr·factor, minLr) unless that changes it by less than `eps`; `cooldown` epochs follow in which
 * bad epochs are not counted.
 */
import type { Schedulable } from './scheduler.js';

export interface PlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  cooldown?: number;
  minLr?: number | number[];
  eps?: number;
}

export interface PlateauStateDict {
  type: 'ReduceLROnPlateau';
  /** ±Infinity (null after JSON) until the first step. */
  best: number | null;
  numBadEpochs: number;
  cooldownCounter: number;
  lastEpoch: number;
  lastLr: number[];
}

export class ReduceLROnPlateau {
  readonly type = 'ReduceLROnPlateau';
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  private lastLr: number[];

  constructor(
    readonly optimizer: Schedulable,
    options: PlateauOptions = {},
  ) {
    this.mode = options.mode ?? 'min';
    this.factor = options.factor ?? 0.1;
    this.patience = options.patience ?? 10;
    this.threshold = options.threshold ?? 1e-4;
    this.thresholdMode = options.thresholdMode ?? 'rel';
    this.cooldown = options.cooldown ?? 0;
    this.eps = options.eps ?? 1e-8;
    if (this.factor >= 1) throw new RangeError('factor must be < 1');
    if (this.mode !== 'min' && this.mode !== 'max') throw new RangeError(`unknown mode ${String(this.mode)}`);
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') {
      throw new RangeError(`unknown threshold mode ${String(this.thresholdMode)}`);
    }
    const n = optimizer.paramGroups.length;
    const minLr = options.minLr ?? 0;
    if (Array.isArray(minLr) && minLr.length !== n)
      throw new RangeError(`expected ${n} minLr values, got ${minLr.length}`);
    this.minLrs = Array.isArray(minLr) ? minLr.slice() : new Array<number>(n).fill(minLr);
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min')
      return this.thresholdMode === 'rel' ? a < best * (1 - this.threshold) : a < best - this.threshold;
    return this.thresholdMode === 'rel' ? a > best * (1 + this.threshold) : a > best + this.threshold;
  }

  step(metric: number): void {
    this.lastEpoch += 1;
    if (this.isBetter(metric, this.best)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const next = Math.max(g.lr * this.factor, this.minLrs[i]);
        if (g.lr - next > this.eps) g.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  stateDict(): PlateauStateDict {
    return {
      type: this.type,
      best: this.best,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastEpoch: this.lastEpoch,
      lastLr: this.lastLr.slice(),
    };
  }

  loadStateDict(s: PlateauStateDict): void {
    if (s.type !== this.type)
      throw new RangeError(`state dict is for ${String(s.type)}, this schedule is ${this.type}`);
    // JSON turns the initial ±Infinity into null: that means "no best yet".
    this.best = typeof s.best === 'number' ? s.best : this.mode === 'min' ? Infinity : -Infinity;
    this.numBadEpochs = s.numBadEpochs;
    this.cooldownCounter = s.cooldownCounter;
    this.lastEpoch = s.lastEpoch;
    this.lastLr = s.lastLr.slice();
  }
}
