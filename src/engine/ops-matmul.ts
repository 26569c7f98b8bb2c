/**
 * Matrix product of 2-D tensors with optional transposes: C = op(A) op(B), op(X) = X or X^T.
 * Gradients: dA = dC op(B)^T (or its transpose), dB = op(A)^T dC (or its transpose), accumulated in place.
 */
import { record } from './autograd.js';
import { fast } from './fast.js';
import * as ref from './kernels/reference.js';
import { out, sameDType, type T } from './ops-util.js';
import type { FloatArray, Tensor } from './tensor.js';

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

/** C = beta C + op(A) op(B) on raw tensors, fast kernel when possible. @internal */
export function gemmInto(
  M: number,
  N: number,
  K: number,
  A: T,
  transA: boolean,
  B: T,
  transB: boolean,
  C: T,
  beta: number,
): void {
  const f = fast();
  if (f && f.gemm(M, N, K, A, transA, B, transB, C, beta)) return;
  ref.gemm(M, N, K, A.data, transA, B.data, transB, C.data, beta);
}

export function matmul<D extends FloatArray>(
  a: Tensor<D>,
  b: Tensor<D>,
  opts: MatmulOptions = {},
): Tensor<D> {
  const transA = opts.transA ?? false;
  const transB = opts.transB ?? false;
  if (a.rank !== 2 || b.rank !== 2)
    throw new Error(`matmul: needs 2-D tensors, got [${a.shape}] and [${b.shape}]`);
  sameDType(a, b, 'matmul');
  const [M, K] = transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [K2, N] = transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (K !== K2)
    throw new Error(
      `matmul: inner sizes differ ([${a.shape}]${transA ? 'T' : ''} x [${b.shape}]${transB ? 'T' : ''})`,
    );
  const c = out(a, [M, N]);
  gemmInto(M, N, K, a as T, transA, b as T, transB, c as T, 0);
  return record(c as T, 'matmul', [a as T, b as T], (g, gradOf) => {
    const ga = gradOf(a as T);
    const gb = gradOf(b as T);
    // C = op(A) op(B). dop(A) = G op(B)^T (M x K); dop(B) = op(A)^T G (K x N).
    if (ga) {
      if (!transA)
        gemmInto(M, K, N, g, false, b as T, !transB, ga, 1); // dA = G op(B)^T
      else gemmInto(K, M, N, b as T, transB, g, true, ga, 1); // dA = (G op(B)^T)^T = op(B) G^T
    }
    if (gb) {
      if (!transB)
        gemmInto(K, N, M, a as T, !transA, g, false, gb, 1); // dB = op(A)^T G
      else gemmInto(N, K, M, g, true, a as T, transA, gb, 1); // dB = G^T op(A)
    }
  }) as Tensor<D>;
}
