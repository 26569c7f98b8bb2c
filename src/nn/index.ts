/**
 * xtal's neural-network library on the engine: what PyTorch users expect of torch.nn and torch.optim.
 * Layers (Module, Linear, BatchNorm, activations, Dropout, Conv2d, pooling, Embedding, Sequential,
 * CGConv), losses, initialisers, optimizers, LR schedules, state dicts and safetensors I/O.
 * File helpers (Node only) are in ./safetensors-file.js.
 */
export { Module, newTensor, type AnyModule, type AnyTensor, type LayerConfig } from './module.js';
export * from './layers/index.js';
export {
  registerLayer,
  registeredLayers,
  layerFromConfig,
  type LayerFactory,
  type LayerContext,
} from './registry.js';
export { loadStateDict, type LoadReport, type LoadOptions, type StoredTensor } from './state-dict.js';
export {
  encodeCheckpoint,
  encodeModel,
  decodeModel,
  restoreCheckpoint,
  moduleTensors,
  type CheckpointParts,
  type StatefulSchedule,
} from './serialize.js';
export * from './safetensors.js';
export * as init from './init.js';
export * from './optim/index.js';
export * from './schedules/index.js';
export {
  mseLoss,
  l1Loss,
  huberLoss,
  smoothL1Loss,
  gaussianNllLoss,
  bceWithLogitsLoss,
  bceLoss,
  nllLoss,
  crossEntropyLoss,
  type Reduction,
  type LossOptions,
  type ClassLossOptions,
} from './losses.js';
export { weightDecayGroups } from './param-groups.js';
