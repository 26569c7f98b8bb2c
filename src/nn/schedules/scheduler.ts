/**
 * Learning-rate schedule base, with torch.optim.lr_scheduler's semantics (1.13): constructing a
 * schedule records each group's `initialLr` (the base lr) and takes the first step, so
 * `lastEpoch` is 0 and the groups hold the epoch-0 rate; each `step()` advances `lastEpoch` by one
 * and writes the new rate into every group. Whether a step means an epoch or a batch is up to the
 * caller (one-cycle and warmup schedules are usually stepped per batch, the others per epoch).
 * Most schedules update the group's current lr multiplicatively ("chainable") exactly as PyTorch
 * does, so a rate changed from outside carries on; `closedFormLr(epoch)` gives the formula.
 * To resume training: restore the optimizer's state dict, build the schedule as at the start, then
 * `loadStateDict` (which, unlike PyTorch, also puts the saved rates back into the groups, so the
 * first step after resuming uses the rate it would have used).
 */

/** The part of an optimizer's parameter group a schedule reads and writes. */
export interface ScheduledGroup {
  lr: number;
  momentum?: number;
  betas?: [number, number];
}

/** Anything with parameter groups: every Optimizer. */
export interface Schedulable {
  paramGroups: ScheduledGroup[];
}

export interface SchedulerStateDict {
  type: string;
  lastEpoch: number;
  stepCount: number;
  baseLrs: number[];
  lastLr: number[];
  [extra: string]: unknown;
}

type Extra = Record<string, unknown>;

export abstract class LRScheduler {
  abstract readonly type: string;
  readonly optimizer: Schedulable;
  baseLrs: number[];
  lastEpoch: number;
  protected stepCount = 0;
  private lastLr: number[] = [];

  /**
   * `lastEpoch` = -1 starts a new schedule. Another value resumes one: every group must then hold
   * `initialLr` (it does in an optimizer restored from a state dict saved under a schedule).
   */
  constructor(optimizer: Schedulable, lastEpoch = -1) {
    this.optimizer = optimizer;
    const groups = optimizer.paramGroups as Array<ScheduledGroup & { initialLr?: number }>;
    if (lastEpoch === -1) {
      for (const g of groups) if (g.initialLr === undefined) g.initialLr = g.lr;
    } else {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new RangeError(`param group ${i} has no initialLr to resume a schedule from`);
        }
      });
    }
    this.baseLrs = groups.map((g) => g.initialLr!);
    this.lastEpoch = lastEpoch;
  }

  /**
   * PyTorch's `_initial_step`: subclasses call it at the end of their constructor; SequentialLR calls
   * it again on its first schedule.
   */
  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /** The rates for `this.lastEpoch`, given the groups' current rates (PyTorch's `get_lr`). */
  protected abstract computeLr(): number[];

  /** Advance one epoch (or batch) and set every group's lr. */
  step(): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    this.setLrs(this.computeLr());
  }

  /**
   * Jump to `epoch` (PyTorch's deprecated `step(epoch)`): the closed form when the schedule has one,
   * else its recursive rule. SequentialLR restarts a schedule with `stepTo(0)`.
   */
  stepTo(epoch: number): void {
    this.stepCount += 1;
    this.lastEpoch = epoch;
    const closed = (this as { closedFormLr?: (e: number) => number[] }).closedFormLr;
    this.setLrs(closed ? closed.call(this, epoch) : this.computeLr());
  }

  private setLrs(values: number[]): void {
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = values[i]));
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The rates set by the latest step, one per group. */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  protected groupLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Extra fields a subclass keeps in its state dict. */
  protected extraState(): Extra {
    return {};
  }

  protected loadExtraState(_s: Extra): void {}

  stateDict(): SchedulerStateDict {
    return {
      type: this.type,
      lastEpoch: this.lastEpoch,
      stepCount: this.stepCount,
      baseLrs: this.baseLrs.slice(),
      lastLr: this.lastLr.slice(),
      ...structuredClone(this.extraState()),
    };
  }

  /** Restore the counters and put the saved rates back into the optimizer's groups. */
  loadStateDict(s: SchedulerStateDict): void {
    if (s.type !== this.type)
      throw new RangeError(`state dict is for ${s.type}, this schedule is ${this.type}`);
    if (s.lastLr.length !== this.optimizer.paramGroups.length) {
      throw new RangeError(
        `state dict has ${s.lastLr.length} groups, optimizer has ${this.optimizer.paramGroups.length}`,
      );
    }
    this.lastEpoch = s.lastEpoch;
    this.stepCount = s.stepCount;
    this.baseLrs = s.baseLrs.slice();
    this.lastLr = s.lastLr.slice();
    this.loadExtraState(structuredClone(s));
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = this.lastLr[i]));
  }
}

export function checkPositiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${name} must be a positive integer, got ${v}`);
}
