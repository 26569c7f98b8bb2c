/** Exponential decay, as torch's ExponentialLR: lr = base · γ^epoch (applied as ×γ per step). */
import { LRScheduler, type Schedulable } from './scheduler.js';

export class ExponentialLR extends LRScheduler {
  readonly type = 'ExponentialLR';

  constructor(
    optimizer: Schedulable,
    readonly gamma: number,
    lastEpoch = -1,
  ) {
    super(optimizer, lastEpoch);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.groupLrs();
    return this.lastEpoch === 0 ? lrs : lrs.map((lr) => lr * this.gamma);
  }

  closedFormLr(epoch = this.lastEpoch): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** epoch);
  }
}
