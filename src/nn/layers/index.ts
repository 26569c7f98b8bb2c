/** Built-in layers (importing this registers them all with the layer registry). */
export { Linear, type LinearOptions } from './linear.js';
export { BatchNorm1d, BatchNorm2d, type BatchNormOptions } from './batchnorm.js';
export {
  Sigmoid,
  Tanh,
  ReLU,
  LeakyReLU,
  ELU,
  Softplus,
  Softmax,
  LogSoftmax,
  Identity,
  Flatten,
} from './activations.js';
export { Dropout } from './dropout.js';
export { Conv2d, MaxPool2d, MinPool2d, AvgPool2d, type Conv2dOptions, type PoolOptions } from './conv.js';
export { Embedding } from './embedding.js';
export { Sequential } from './sequential.js';
export { CGConv, type CGConvOptions } from './cgconv.js';
export { ModuleList } from './module-list.js';
