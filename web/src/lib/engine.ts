/**
 * The parts of xtal's engine (src/engine) and optimizers (src/nn) the lab's networks use. Everything the
 * students train goes through these: tensors, reverse-mode autodiff, the ops and torch-style optimizers.
 */
export { Tensor, tensor, zeros, parameter } from '../../../src/engine/tensor.js';
export { backward, noGrad } from '../../../src/engine/autograd.js';
export { tidy, keep, dispose } from '../../../src/engine/scope.js';
export { add, sub, mul, square, log, clamp, affine } from '../../../src/engine/ops-elementwise.js';
export { sigmoid, tanh, relu, softplus, logSoftmax } from '../../../src/engine/ops-activation.js';
export { sum, mean } from '../../../src/engine/ops-reduce.js';
export { matmul } from '../../../src/engine/ops-matmul.js';
export { reshape, concat } from '../../../src/engine/ops-shape.js';
export { gather, segmentMean } from '../../../src/engine/ops-index.js';
export { batchNorm } from '../../../src/engine/ops-norm.js';
export { conv2d, maxPool2d, minPool2d, avgPool2d } from '../../../src/engine/ops-conv.js';
export { cgcnnConv } from '../../../src/engine/ops-cgcnn.js';
export type { CgcnnGraph, CgcnnConvParams } from '../../../src/engine/ops-cgcnn.js';
export { Rng } from '../../../src/engine/random.js';
export { SGD, Adam, AdamW, Adagrad, Adadelta, RMSprop, type Optimizer } from '../../../src/nn/optim/index.js';
export { ExponentialLR } from '../../../src/nn/schedules/exponential.js';
export { LinearLR } from '../../../src/nn/schedules/linear.js';
