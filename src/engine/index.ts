/**
 * The xtal engine: tensors, reverse-mode autodiff, ops, memory scopes and (when loaded) the WebAssembly
 * SIMD kernels with their thread pool. See docs/engine.md for the usage pattern.
 */
export {
  Tensor,
  tensor,
  empty,
  zeros,
  ones,
  full,
  scalar,
  parameter,
  clone,
  cast,
  shapeSize,
} from './tensor.js';
export type { FloatArray, DType, CreateOptions, TapeNode, GradOf } from './tensor.js';
export { backward, noGrad, enableGrad, isGradEnabled, zeroGrad } from './autograd.js';
export type { BackwardOptions } from './autograd.js';
export { tidy, keep, dispose } from './scope.js';
export { memoryStats, resetPeakMemory } from './memory.js';
export { withoutFastKernels } from './fast.js';
export { Rng } from './random.js';
export {
  add,
  sub,
  mul,
  div,
  neg,
  exp,
  log,
  log1p,
  sqrt,
  square,
  abs,
  pow,
  clamp,
  affine,
  unary,
} from './ops-elementwise.js';
export { sigmoid, tanh, relu, leakyRelu, elu, softplus, softmax, logSoftmax } from './ops-activation.js';
export { sum, mean, max } from './ops-reduce.js';
export { matmul } from './ops-matmul.js';
export type { MatmulOptions } from './ops-matmul.js';
export { reshape, transpose, concat, split, slice } from './ops-shape.js';
export { gather, scatterAdd, segmentSum, segmentMean } from './ops-index.js';
export type { Segments } from './ops-index.js';
export { batchNorm, dropout } from './ops-norm.js';
export type { BatchNormOptions, BatchNormStats } from './ops-norm.js';
export { conv2d, maxPool2d, minPool2d, avgPool2d } from './ops-conv.js';
export type { Conv2dOptions, Pool2dOptions } from './ops-conv.js';
export { cgcnnConv } from './ops-cgcnn.js';
export type { CgcnnGraph, CgcnnConvParams, CgcnnConvOptions } from './ops-cgcnn.js';
export { setThreads, getThreads, engineVariant, currentEngine, startEngine } from './wasm.js';
export type { Engine, StartOptions, PoolWorker, WorkerInit } from './wasm.js';

// In Node the kernels load synchronously here (browsers call initBrowserEngine from wasm-browser.ts).
// The specifier is a variable so that browser bundlers leave the Node loader out.
if (typeof process !== 'undefined' && process.versions?.node && typeof window === 'undefined') {
  const loader = './wasm-node.js';
  const m = (await import(/* @vite-ignore */ loader)) as typeof import('./wasm-node.js');
  m.loadNodeEngine();
}
