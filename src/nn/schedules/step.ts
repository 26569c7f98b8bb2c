/**
 * Step decays, as torch's StepLR and MultiStepLR: lr = base · γ^⌊epoch / stepSize⌋, and
 * lr = base · γ^(number of milestones ≤ epoch) (a milestone listed twice decays twice).
 */
import { LRScheduler, checkPositiveInt, type Schedulable } from './scheduler.js';

export class StepLR extends LRScheduler {
  readonly type = 'StepLR';

  constructor(
    optimizer: Schedulable,
    readonly stepSize: number,
    readonly gamma = 0.1,
    lastEpoch = -1,
  ) {
    super(optimizer, lastEpoch);
    checkPositiveInt('stepSize', stepSize);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.groupLrs();
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }

  closedFormLr(epoch = this.lastEpoch): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(epoch / this.stepSize));
  }
}

export class MultiStepLR extends LRScheduler {
  readonly type = 'MultiStepLR';
  readonly milestones: number[];

  constructor(
    optimizer: Schedulable,
    milestones: number[],
    readonly gamma = 0.1,
    lastEpoch = -1,
  ) {
    super(optimizer, lastEpoch);
    for (let i = 1; i < milestones.length; i++) {
      if (milestones[i] < milestones[i - 1]) throw new RangeError('milestones must be increasing');
    }
    this.milestones = milestones.slice();
    this.initialStep();
  }

  protected computeLr(): number[] {
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    const lrs = this.groupLrs();
    return hits === 0 ? lrs : lrs.map((lr) => lr * this.gamma ** hits);
  }

  closedFormLr(epoch = this.lastEpoch): number[] {
    const passed = this.milestones.filter((m) => m <= epoch).length;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
  }
}
