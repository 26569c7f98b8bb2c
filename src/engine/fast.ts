/**
 * The fast-kernel hook. When the WebAssembly kernels are loaded (wasm.ts) they register here; each op asks
 * `fast()` first and falls back to the TypeScript reference when it returns null or a method returns false
 * (unsupported dtype, a tensor outside the engine memory, or a shape the kernel does not handle).
 */
import type { FloatArray, Tensor } from './tensor.js';

type T = Tensor<FloatArray>;

export interface FastKernels {
  binary(kind: 'add' | 'sub' | 'mul' | 'div', a: T, b: T, out: T): boolean;
  unary(kind: string, a: T, out: T): boolean;
  /** Gradient accumulation, same sizes: out += a (add), out -= a (sub), out += a b (mul), out += a / b (div). */
  accumulate?(kind: 'add' | 'sub' | 'mul' | 'div', a: T, b: T | null, out: T): boolean;
  unaryBackward(kind: string, a: T, out: T, gOut: T, gA: T): boolean;
  /** out = gamma (x - mean) / sqrt(var + eps) + beta over the rows of a 2-D x. */
  batchNormApply(
    x: T,
    mean: Float64Array,
    variance: Float64Array,
    eps: number,
    gamma: T | null,
    beta: T | null,
    out: T,
  ): boolean;
  cgcnnForward?(
    v: T,
    u: T,
    graph: { nbr: Int32Array; offsets: Int32Array },
    p: {
      weight: T;
      bias: T;
      bn1Gamma: T;
      bn1Beta: T;
      bn1RunningMean: T;
      bn1RunningVar: T;
      bn2Gamma: T;
      bn2Beta: T;
      bn2RunningMean: T;
      bn2RunningVar: T;
    },
    training: boolean,
    eps: number,
    out: T,
    /** False when no backward can follow (grad off): nothing is kept. */
    keep?: boolean,
  ): CgcnnFastContext | null;
  /** C = beta C + op(A) op(B), all float32 in the engine memory. */
  gemm(
    M: number,
    N: number,
    K: number,
    A: T,
    transA: boolean,
    B: T,
    transB: boolean,
    C: T,
    beta: number,
  ): boolean;
}

export interface CgcnnFastGrads {
  dv: T | null;
  du: T | null;
  dW: T | null;
  db: T | null;
  dg1: T | null;
  db1: T | null;
  dg2: T | null;
  db2: T | null;
}

/** Forward state of a fast CGCNN convolution: statistics used, the backward, and release of saved buffers. */
export interface CgcnnFastContext {
  stats: { mean1: Float64Array; var1: Float64Array; mean2: Float64Array; var2: Float64Array };
  backward(gOut: T, grads: CgcnnFastGrads): void;
  /** Frees the saved buffers now (no backward will come). */
  release(): void;
  /** Frees the saved buffers after backward, or when `out` is disposed. */
  releaseWith(out: T): void;
}

let impl: FastKernels | null = null;

export function fast(): FastKernels | null {
  return impl;
}

/** @internal */
export function setFast(k: FastKernels | null): void {
  impl = k;
}

/** Runs `fn` with the fast kernels switched off (the TypeScript reference path), e.g. to compare them. */
export function withoutFastKernels<R>(fn: () => R): R {
  const saved = impl;
  impl = null;
  try {
    return fn();
  } finally {
    impl = saved;
  }
}
