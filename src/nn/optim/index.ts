/** Optimizers over `{ data, grad }` parameters, each PyTorch 1.13's update rule, and gradient clipping. */
export {
  Optimizer,
  type Param,
  type ParamGroup,
  type ParamsOrGroups,
  type OptimizerStateDict,
} from './optimizer.js';
export type { ParamState, StateValue } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, AdamW, type AdamOptions } from './adam.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { Adadelta, type AdadeltaOptions } from './adadelta.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { clipGradNorm, clipGradValue, gradNorm } from './clip.js';
