/**
 * Plain TypeScript reference of every engine kernel, generic over Float32Array / Float64Array. The ops use
 * these when the WebAssembly kernels are not loaded (and always in float64); the tests check each fast
 * kernel against them.
 */
export type Arr = Float32Array | Float64Array;

/**
 * C[M,N] = beta * C + op(A) op(B), row-major. op(A) is M x K (A stored K x M when transA), op(B) is K x N
 * (B stored N x K when transB).
 */
export function gemm(
  M: number,
  N: number,
  K: number,
  A: Arr,
  transA: boolean,
  B: Arr,
  transB: boolean,
  C: Arr,
  beta: number,
): void {
  const row = new Float64Array(N);
  for (let i = 0; i < M; i++) {
    row.fill(0);
    for (let k = 0; k < K; k++) {
      const a = transA ? A[k * M + i] : A[i * K + k];
      if (a === 0) continue;
      if (transB) for (let j = 0; j < N; j++) row[j] += a * B[j * K + k];
      else {
        const o = k * N;
        for (let j = 0; j < N; j++) row[j] += a * B[o + j];
      }
    }
    const o = i * N;
    if (beta === 0) for (let j = 0; j < N; j++) C[o + j] = row[j];
    else for (let j = 0; j < N; j++) C[o + j] = beta * C[o + j] + row[j];
  }
}

/** Logistic sigmoid, stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** PyTorch softplus with beta = 1, threshold = 20: x when x > 20, else log(1 + e^x). */
export function softplus(x: number): number {
  return x > 20 ? x : Math.log1p(Math.exp(x));
}

/** Derivative of softplus: sigmoid(x) (1 when x > 20, matching PyTorch's threshold). */
export function softplusGrad(x: number): number {
  return x > 20 ? 1 : sigmoid(x);
}

/** Column statistics of a rows x cols matrix: mean and biased variance (two-pass, float64). */
export function columnMeanVar(
  X: Arr,
  rows: number,
  cols: number,
  mean: Float64Array,
  varB: Float64Array,
): void {
  mean.fill(0);
  varB.fill(0);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += X[r * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= Math.max(rows, 1);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const d = X[r * cols + c] - mean[c];
      varB[c] += d * d;
    }
  for (let c = 0; c < cols; c++) varB[c] /= Math.max(rows, 1);
}

/** out[r, c] = gamma[c] * (X[r, c] - mean[c]) / sqrt(var[c] + eps) + beta[c]. */
export function batchNormApply(
  X: Arr,
  rows: number,
  cols: number,
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  eps: number,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  out: Arr,
): void {
  for (let c = 0; c < cols; c++) {
    const inv = 1 / Math.sqrt(variance[c] + eps);
    const g = gamma[c] * inv;
    const b = beta[c] - mean[c] * g;
    for (let r = 0; r < rows; r++) out[r * cols + c] = X[r * cols + c] * g + b;
  }
}

/**
 * Backward of batch normalisation over rows. xhat = (x - mean) / sqrt(var + eps). Adds into dX, dGamma,
 * dBeta (each may be null). Training mode subtracts the batch-statistics terms; eval mode does not.
 */
export function batchNormBackward(
  X: Arr,
  dY: Arr,
  rows: number,
  cols: number,
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  eps: number,
  gamma: ArrayLike<number>,
  training: boolean,
  dX: Arr | null,
  dGamma: Arr | null,
  dBeta: Arr | null,
): void {
  for (let c = 0; c < cols; c++) {
    const inv = 1 / Math.sqrt(variance[c] + eps);
    let sdy = 0;
    let sdyx = 0;
    for (let r = 0; r < rows; r++) {
      const dy = dY[r * cols + c];
      sdy += dy;
      sdyx += dy * (X[r * cols + c] - mean[c]) * inv;
    }
    if (dGamma) dGamma[c] += sdyx;
    if (dBeta) dBeta[c] += sdy;
    if (!dX) continue;
    const k = gamma[c] * inv;
    if (training) {
      const mdy = sdy / rows;
      const mdyx = sdyx / rows;
      for (let r = 0; r < rows; r++) {
        const xh = (X[r * cols + c] - mean[c]) * inv;
        dX[r * cols + c] += k * (dY[r * cols + c] - mdy - xh * mdyx);
      }
    } else for (let r = 0; r < rows; r++) dX[r * cols + c] += k * dY[r * cols + c];
  }
}

/** out[r, :] = X[idx[r], :] (rows of width `cols`). */
export function gatherRows(X: Arr, cols: number, idx: Int32Array, out: Arr): void {
  for (let r = 0; r < idx.length; r++) {
    const s = idx[r] * cols;
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[o + c] = X[s + c];
  }
}

/** out[idx[r], :] += X[r, :]. */
export function scatterAddRows(X: Arr, cols: number, idx: Int32Array, out: Arr): void {
  for (let r = 0; r < idx.length; r++) {
    const s = r * cols;
    const o = idx[r] * cols;
    for (let c = 0; c < cols; c++) out[o + c] += X[s + c];
  }
}

/** out[s, :] = sum of X rows offsets[s] .. offsets[s+1]-1 (adds into out when accumulate). */
export function segmentSumRows(
  X: Arr,
  cols: number,
  offsets: Int32Array,
  out: Arr,
  accumulate = false,
): void {
  const n = offsets.length - 1;
  const acc = new Float64Array(cols);
  for (let s = 0; s < n; s++) {
    acc.fill(0);
    for (let r = offsets[s]; r < offsets[s + 1]; r++)
      for (let c = 0; c < cols; c++) acc[c] += X[r * cols + c];
    for (let c = 0; c < cols; c++) out[s * cols + c] = (accumulate ? out[s * cols + c] : 0) + acc[c];
  }
}
