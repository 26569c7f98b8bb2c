/**
 * Schedules built from functions or from other schedules, as torch's LambdaLR, MultiplicativeLR,
 * ConstantLR, SequentialLR and ChainedScheduler (1.13):
 * - LambdaLR: lr = base · f(epoch); MultiplicativeLR: lr ← lr · f(epoch) for epoch > 0.
 * - ConstantLR: base · factor until totalIters, then base.
 * - SequentialLR: schedule k runs from milestone k−1 (restarted there at its epoch 0) to milestone k.
 * - ChainedScheduler: steps every schedule in turn on the same optimizer, so their factors multiply.
 * Functions are not saved in state dicts (as in PyTorch); the counters are.
 */
import { LRScheduler, type Schedulable, type SchedulerStateDict } from './scheduler.js';

type LrLambda = (epoch: number) => number;

function perGroup(optimizer: Schedulable, f: LrLambda | LrLambda[]): LrLambda[] {
  const n = optimizer.paramGroups.length;
  if (!Array.isArray(f)) return new Array<LrLambda>(n).fill(f);
  if (f.length !== n) throw new RangeError(`expected ${n} lr functions, got ${f.length}`);
  return f;
}

export class LambdaLR extends LRScheduler {
  readonly type = 'LambdaLR';
  private readonly lambdas: LrLambda[];

  constructor(optimizer: Schedulable, lrLambda: LrLambda | LrLambda[], lastEpoch = -1) {
    super(optimizer, lastEpoch);
    this.lambdas = perGroup(optimizer, lrLambda);
    this.initialStep();
  }

  protected computeLr(): number[] {
    return this.baseLrs.map((b, i) => b * this.lambdas[i](this.lastEpoch));
  }
}

export class MultiplicativeLR extends LRScheduler {
  readonly type = 'MultiplicativeLR';
  private readonly lambdas: LrLambda[];

  constructor(optimizer: Schedulable, lrLambda: LrLambda | LrLambda[], lastEpoch = -1) {
    super(optimizer, lastEpoch);
    this.lambdas = perGroup(optimizer, lrLambda);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.groupLrs();
    return this.lastEpoch > 0 ? lrs.map((lr, i) => lr * this.lambdas[i](this.lastEpoch)) : lrs;
  }
}

export class ConstantLR extends LRScheduler {
  readonly type = 'ConstantLR';

  constructor(
    optimizer: Schedulable,
    readonly factor = 1 / 3,
    readonly totalIters = 5,
    lastEpoch = -1,
  ) {
    super(optimizer, lastEpoch);
    if (!(factor >= 0 && factor <= 1)) throw new RangeError(`factor must be in [0, 1], got ${factor}`);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.groupLrs();
    if (this.lastEpoch === 0) return lrs.map((lr) => lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return lrs;
    return lrs.map((lr) => lr * (1 / this.factor));
  }

  closedFormLr(epoch = this.lastEpoch): number[] {
    return this.baseLrs.map((b) => b * (this.factor + (epoch >= this.totalIters ? 1 - this.factor : 0)));
  }
}

/** What SequentialLR and ChainedScheduler save: their counters and each inner schedule's state. */
export interface CompositeStateDict {
  type: string;
  lastEpoch: number;
  lastLr: number[];
  schedulers: SchedulerStateDict[];
}

export class SequentialLR {
  readonly type = 'SequentialLR';
  lastEpoch: number;
  private lastLr: number[];

  constructor(
    readonly optimizer: Schedulable,
    readonly schedulers: LRScheduler[],
    readonly milestones: number[],
    lastEpoch = -1,
  ) {
    if (schedulers.some((s) => s.optimizer !== optimizer)) {
      throw new RangeError('SequentialLR: every schedule must belong to the same optimizer');
    }
    if (milestones.length !== schedulers.length - 1) {
      throw new RangeError(
        `SequentialLR: ${schedulers.length} schedules need ${schedulers.length - 1} milestones, got ${milestones.length}`,
      );
    }
    this.lastEpoch = lastEpoch + 1;
    // Undo what constructing the inner schedules did, then start the first one.
    for (const g of optimizer.paramGroups as Array<{ lr: number; initialLr?: number }>) g.lr = g.initialLr!;
    for (const s of schedulers) s.lastEpoch -= 1;
    schedulers[0].initialStep();
    this.lastLr = schedulers[0].getLastLr();
  }

  step(): void {
    this.lastEpoch += 1;
    const idx = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const s = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) s.stepTo(0);
    else s.step();
    this.lastLr = s.getLastLr();
  }

  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  stateDict(): CompositeStateDict {
    return {
      type: this.type,
      lastEpoch: this.lastEpoch,
      lastLr: this.lastLr.slice(),
      schedulers: this.schedulers.map((s) => s.stateDict()),
    };
  }

  loadStateDict(s: CompositeStateDict): void {
    if (s.type !== this.type)
      throw new RangeError(`state dict is for ${s.type}, this schedule is ${this.type}`);
    if (s.schedulers.length !== this.schedulers.length) {
      throw new RangeError(
        `state dict has ${s.schedulers.length} schedules, this one has ${this.schedulers.length}`,
      );
    }
    this.lastEpoch = s.lastEpoch;
    this.lastLr = s.lastLr.slice();
    s.schedulers.forEach((x, i) => this.schedulers[i].loadStateDict(x));
    // The active schedule's rates are the ones to resume with.
    const idx = this.milestones.filter((m) => m <= this.lastEpoch).length;
    this.schedulers[idx].optimizer.paramGroups.forEach((g, i) => (g.lr = this.lastLr[i]));
  }
}

export class ChainedScheduler {
  readonly type = 'ChainedScheduler';
  readonly optimizer: Schedulable;
  private lastLr: number[];

  constructor(readonly schedulers: LRScheduler[]) {
    if (schedulers.length === 0) throw new RangeError('ChainedScheduler needs at least one schedule');
    this.optimizer = schedulers[0].optimizer;
    if (schedulers.some((s) => s.optimizer !== this.optimizer)) {
      throw new RangeError('ChainedScheduler: every schedule must belong to the same optimizer');
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  get lastEpoch(): number {
    return this.schedulers[0].lastEpoch;
  }

  step(): void {
    for (const s of this.schedulers) s.step();
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  stateDict(): CompositeStateDict {
    return {
      type: this.type,
      lastEpoch: this.lastEpoch,
      lastLr: this.lastLr.slice(),
      schedulers: this.schedulers.map((s) => s.stateDict()),
    };
  }

  loadStateDict(s: CompositeStateDict): void {
    if (s.type !== this.type)
      throw new RangeError(`state dict is for ${s.type}, this schedule is ${this.type}`);
    s.schedulers.forEach((x, i) => this.schedulers[i].loadStateDict(x));
    this.lastLr = s.lastLr.slice();
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = this.lastLr[i]));
  }
}
