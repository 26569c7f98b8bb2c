/** Learning-rate schedules with PyTorch's formulas and step semantics. */
export { LRScheduler, type Schedulable, type ScheduledGroup, type SchedulerStateDict } from './scheduler.js';
export { StepLR, MultiStepLR } from './step.js';
export { ExponentialLR } from './exponential.js';
export { LinearLR, PolynomialLR, type LinearLROptions } from './linear.js';
export { CosineAnnealingLR, WarmupCosineLR, type WarmupCosineOptions } from './cosine.js';
export { OneCycleLR, type OneCycleOptions } from './one-cycle.js';
export { ReduceLROnPlateau, type PlateauOptions, type PlateauStateDict } from './plateau.js';
export {
  LambdaLR,
  MultiplicativeLR,
  ConstantLR,
  SequentialLR,
  ChainedScheduler,
  type CompositeStateDict,
} from './composite.js';
