/**
 * One-cycle policy (Smith & Topin 2018), as torch's OneCycleLR (1.13), stepped once per batch:
 * lr rises from maxLr/divFactor to maxLr over the first pctStart of the steps, then anneals to
 * (maxLr/divFactor)/finalDivFactor; momentum (SGD's `momentum`, or Adam's β1) cycles the other way
 * between maxMomentum and baseMomentum. `threePhase` goes back down to the initial rate before the
 * final annealing. Cosine or linear annealing. Stepping past totalSteps throws.
 */
import { LRScheduler, checkPositiveInt, type Schedulable, type ScheduledGroup } from './scheduler.js';

export interface OneCycleOptions {
  maxLr: number | number[];
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
}

interface Phase {
  endStep: number;
  startLr: 'initialLr' | 'maxLr' | 'minLr';
  endLr: 'initialLr' | 'maxLr' | 'minLr';
  startMomentum: 'maxMomentum' | 'baseMomentum';
  endMomentum: 'maxMomentum' | 'baseMomentum';
}

type CycleGroup = ScheduledGroup & {
  initialLr: number;
  maxLr: number;
  minLr: number;
  maxMomentum: number;
  baseMomentum: number;
};

export class OneCycleLR extends LRScheduler {
  readonly type = 'OneCycleLR';
  readonly totalSteps: number;
  readonly cycleMomentum: boolean;
  readonly annealStrategy: 'cos' | 'linear';
  private readonly phases: Phase[];
  private readonly useBeta1: boolean;

  constructor(optimizer: Schedulable, options: OneCycleOptions, lastEpoch = -1) {
    // PyTorch sets the per-group cycle values before the base constructor reads `initialLr`.
    const groups = optimizer.paramGroups as CycleGroup[];
    const perGroup = (name: string, v: number | number[]): number[] => {
      if (!Array.isArray(v)) return groups.map(() => v);
      if (v.length !== groups.length)
        throw new RangeError(`expected ${groups.length} values for ${name}, got ${v.length}`);
      return v;
    };
    let total: number;
    if (options.totalSteps !== undefined) {
      checkPositiveInt('totalSteps', options.totalSteps);
      total = options.totalSteps;
    } else if (options.epochs !== undefined && options.stepsPerEpoch !== undefined) {
      checkPositiveInt('epochs', options.epochs);
      checkPositiveInt('stepsPerEpoch', options.stepsPerEpoch);
      total = options.epochs * options.stepsPerEpoch;
    } else {
      throw new RangeError('OneCycleLR needs totalSteps, or epochs and stepsPerEpoch');
    }
    const pct = options.pctStart ?? 0.3;
    if (!(pct >= 0 && pct <= 1)) throw new RangeError(`pctStart must be in [0, 1], got ${pct}`);
    const div = options.divFactor ?? 25;
    const finalDiv = options.finalDivFactor ?? 1e4;
    const cycle = options.cycleMomentum ?? true;
    const first = groups[0] as ScheduledGroup;
    const useBeta1 = first.betas !== undefined;
    if (cycle && first.momentum === undefined && !useBeta1) {
      throw new RangeError('cycleMomentum needs an optimizer with momentum or betas');
    }
    if (lastEpoch === -1) {
      const maxLrs = perGroup('maxLr', options.maxLr);
      groups.forEach((g, i) => {
        g.initialLr = maxLrs[i] / div;
        g.maxLr = maxLrs[i];
        g.minLr = g.initialLr / finalDiv;
      });
      if (cycle) {
        const maxM = perGroup('maxMomentum', options.maxMomentum ?? 0.95);
        const baseM = perGroup('baseMomentum', options.baseMomentum ?? 0.85);
        groups.forEach((g, i) => {
          if (useBeta1) g.betas = [maxM[i], g.betas![1]];
          else g.momentum = maxM[i];
          g.maxMomentum = maxM[i];
          g.baseMomentum = baseM[i];
        });
      }
    }
    super(optimizer, lastEpoch);
    this.totalSteps = total;
    this.cycleMomentum = cycle;
    this.useBeta1 = useBeta1;
    this.annealStrategy = options.annealStrategy ?? 'cos';
    this.phases = options.threePhase
      ? [
          {
            endStep: pct * total - 1,
            startLr: 'initialLr',
            endLr: 'maxLr',
            startMomentum: 'maxMomentum',
            endMomentum: 'baseMomentum',
          },
          {
            endStep: 2 * pct * total - 2,
            startLr: 'maxLr',
            endLr: 'initialLr',
            startMomentum: 'baseMomentum',
            endMomentum: 'maxMomentum',
          },
          {
            endStep: total - 1,
            startLr: 'initialLr',
            endLr: 'minLr',
            startMomentum: 'maxMomentum',
            endMomentum: 'maxMomentum',
          },
        ]
      : [
          {
            endStep: pct * total - 1,
            startLr: 'initialLr',
            endLr: 'maxLr',
            startMomentum: 'maxMomentum',
            endMomentum: 'baseMomentum',
          },
          {
            endStep: total - 1,
            startLr: 'maxLr',
            endLr: 'minLr',
            startMomentum: 'baseMomentum',
            endMomentum: 'maxMomentum',
          },
        ];
    this.initialStep();
  }

  /** After a restore, put the momentum of the restored step back into the groups. */
  protected override loadExtraState(): void {
    if (this.cycleMomentum) this.computeLr();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'linear') return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  protected computeLr(): number[] {
    const t = this.lastEpoch;
    if (t > this.totalSteps) {
      throw new RangeError(`stepped ${t + 1} times; the schedule has ${this.totalSteps} steps`);
    }
    return (this.optimizer.paramGroups as CycleGroup[]).map((g) => {
      let start = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const ph = this.phases[i];
        if (t <= ph.endStep || i === this.phases.length - 1) {
          const pct = (t - start) / (ph.endStep - start);
          if (this.cycleMomentum) {
            const m = this.anneal(g[ph.startMomentum], g[ph.endMomentum], pct);
            if (this.useBeta1) g.betas = [m, g.betas![1]];
            else g.momentum = m;
          }
          return this.anneal(g[ph.startLr], g[ph.endLr], pct);
        }
        start = ph.endStep;
      }
      throw new Error('unreachable');
    });
  }
}
