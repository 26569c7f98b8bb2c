/**
 * Optimizers and learning-rate schedules by name, with the reference CGCNN defaults (SGD, lr 0.01,
 * momentum 0.9, weight decay 0, MultiStepLR milestones [100] γ 0.1). Schedules step once per epoch, except
 * one-cycle which steps per batch; reduce-on-plateau steps with the validation metric.
 */
import { XtalInputError } from '../errors.js';
import { Adadelta, Adagrad, Adam, AdamW, RMSprop, SGD } from '../nn/optim/index.js';
import type { Optimizer } from '../nn/optim/optimizer.js';
import {
  CosineAnnealingLR,
  ExponentialLR,
  LinearLR,
  MultiStepLR,
  OneCycleLR,
  ReduceLROnPlateau,
  StepLR,
} from '../nn/schedules/index.js';
import type { AnyTensor } from '../nn/module.js';

export const OPTIMIZERS = ['sgd', 'adam', 'adamw', 'adagrad', 'adadelta', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export const SCHEDULES = [
  'multistep',
  'step',
  'exponential',
  'linear',
  'cosine',
  'onecycle',
  'plateau',
  'none',
] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

export interface OptimizerSettings {
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  weightDecay: number;
  nesterov: boolean;
}

export interface ScheduleSettings {
  schedule: ScheduleName;
  /** Epochs at which multistep multiplies the rate by gamma (reference: [100]). */
  lrMilestones: number[];
  gamma: number;
  /** Period of the step schedule, epochs. */
  stepSize: number;
  epochs: number;
  stepsPerEpoch: number;
  /** Epochs without improvement before reduce-on-plateau cuts the rate. */
  plateauPatience: number;
}

export const OPTIMIZER_DEFAULTS: OptimizerSettings = {
  optimizer: 'sgd',
  lr: 0.01,
  momentum: 0.9,
  weightDecay: 0,
  nesterov: false,
};

export function makeOptimizer(params: AnyTensor[], s: OptimizerSettings): Optimizer<never> {
  if (!(s.lr > 0)) throw new XtalInputError(`learning rate must be positive, got ${s.lr}`, { field: '--lr' });
  const wd = s.weightDecay;
  let opt: unknown;
  switch (s.optimizer) {
    case 'sgd':
      opt = new SGD(params, { lr: s.lr, momentum: s.momentum, weightDecay: wd, nesterov: s.nesterov });
      break;
    case 'adam':
      opt = new Adam(params, { lr: s.lr, weightDecay: wd });
      break;
    case 'adamw':
      opt = new AdamW(params, { lr: s.lr, weightDecay: wd || 0.01 });
      break;
    case 'adagrad':
      opt = new Adagrad(params, { lr: s.lr, weightDecay: wd });
      break;
    case 'adadelta':
      opt = new Adadelta(params, { lr: s.lr, weightDecay: wd });
      break;
    case 'rmsprop':
      opt = new RMSprop(params, { lr: s.lr, momentum: s.momentum, weightDecay: wd });
      break;
    default:
      throw new XtalInputError(`unknown optimizer "${s.optimizer}" (choose ${OPTIMIZERS.join(', ')})`, {
        field: '--optimizer',
      });
  }
  return opt as Optimizer<never>;
}

/** A schedule with a uniform interface: epochEnd(valMetric) and batchEnd(). */
export interface Schedule {
  epochEnd(valMetric: number): void;
  batchEnd(): void;
  stateDict(): unknown;
  loadStateDict(s: unknown): void;
}

export function makeSchedule(opt: Optimizer<never>, s: ScheduleSettings): Schedule {
  const o = opt as never;
  const perEpoch = (sch: {
    step(): void;
    stateDict(): unknown;
    loadStateDict(x: never): void;
  }): Schedule => ({
    epochEnd: () => sch.step(),
    batchEnd: () => {},
    stateDict: () => sch.stateDict(),
    loadStateDict: (x) => sch.loadStateDict(x as never),
  });
  switch (s.schedule) {
    case 'multistep':
      return perEpoch(new MultiStepLR(o, s.lrMilestones, s.gamma));
    case 'step':
      return perEpoch(new StepLR(o, s.stepSize, s.gamma));
    case 'exponential':
      return perEpoch(new ExponentialLR(o, s.gamma));
    case 'linear':
      return perEpoch(new LinearLR(o, { startFactor: 1, endFactor: 0.01, totalIters: s.epochs }));
    case 'cosine':
      return perEpoch(new CosineAnnealingLR(o, s.epochs));
    case 'onecycle': {
      const sch = new OneCycleLR(o, {
        maxLr: (opt as unknown as { lr: number }).lr,
        epochs: s.epochs,
        stepsPerEpoch: s.stepsPerEpoch,
      });
      return {
        epochEnd: () => {},
        batchEnd: () => sch.step(),
        stateDict: () => sch.stateDict(),
        loadStateDict: (x) => sch.loadStateDict(x as never),
      };
    }
    case 'plateau': {
      const sch = new ReduceLROnPlateau(o, { patience: s.plateauPatience, factor: s.gamma });
      return {
        epochEnd: (m) => sch.step(m),
        batchEnd: () => {},
        stateDict: () => sch.stateDict(),
        loadStateDict: (x) => sch.loadStateDict(x as never),
      };
    }
    case 'none':
      return { epochEnd: () => {}, batchEnd: () => {}, stateDict: () => null, loadStateDict: () => {} };
    default:
      throw new XtalInputError(`unknown schedule "${s.schedule}" (choose ${SCHEDULES.join(', ')})`, {
        field: '--schedule',
      });
  }
}
