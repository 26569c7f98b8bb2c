/**
 * Reference of the fused CGCNN convolution (Xie & Grossman 2018, Eq. 1 in the form of cgcnn/model.py
 * ConvLayer), generic over float32 / float64:
 *   z_ij = v_i ⊕ v_j ⊕ u_ij;  h = BN1(z W^T + b);  f, c = split(h);
 *   s_i = Σ_j sigmoid(f) softplus(c);  m = BN2(s);  out = softplus(v + m).
 * Uses the split z W^T = v_i Wa^T + v_j Wb^T + u_ij Wc^T, W = [Wa | Wb | Wc] (PyTorch layout [2F, 2F+B]).
 * Edges are in CSR order: the edges of atom i are offsets[i] .. offsets[i+1]-1, with neighbour nbr[e].
 */
import { batchNormBackward, sigmoid, softplus, softplusGrad, type Arr } from './reference.js';

export interface CgcnnDims {
  N: number;
  E: number;
  F: number;
  B: number;
}

export interface CgcnnParamsData {
  W: Arr; // [2F, 2F + B]
  b: Arr; // [2F]
  g1: Arr; // BN1 gamma [2F]
  b1: Arr; // BN1 beta [2F]
  g2: Arr; // BN2 gamma [F]
  b2: Arr; // BN2 beta [F]
}

export interface CgcnnStats {
  mean1: Float64Array;
  var1: Float64Array; // biased, used for normalisation
  mean2: Float64Array;
  var2: Float64Array;
}

/** What backward needs: pre-BN1 edge values G (E x 2F), pre-BN2 sums S (N x F), pre-activation Y (N x F). */
export interface CgcnnSaved {
  G: Float64Array;
  S: Float64Array;
  Y: Float64Array;
  stats: CgcnnStats;
}

export function edgeCenters(offsets: Int32Array, E: number): Int32Array {
  const c = new Int32Array(E);
  for (let i = 0; i + 1 < offsets.length; i++) c.fill(i, offsets[i], offsets[i + 1]);
  return c;
}

function colStats(X: Float64Array, rows: number, cols: number): [Float64Array, Float64Array] {
  const m = new Float64Array(cols);
  const v = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) m[c] += X[r * cols + c];
  for (let c = 0; c < cols; c++) m[c] /= rows;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const d = X[r * cols + c] - m[c];
      v[c] += d * d;
    }
  for (let c = 0; c < cols; c++) v[c] /= rows;
  return [m, v];
}

/**
 * Forward. In training the batch statistics are used (and returned, for the running-statistics update);
 * in eval `running` gives mean1/var1/mean2/var2. Writes out (N x F); returns what backward needs.
 * edgeWeight (eval only): each edge counts that many times in its atom's neighbour sum.
 */
export function cgcnnForwardRef(
  d: CgcnnDims,
  v: Arr,
  u: Arr,
  nbr: Int32Array,
  offsets: Int32Array,
  p: CgcnnParamsData,
  training: boolean,
  running: CgcnnStats | null,
  eps: number,
  out: Arr,
  edgeWeight: Float32Array | null = null,
): CgcnnSaved {
  const { N, E, F, B } = d;
  const F2 = 2 * F;
  const IN = F2 + B;
  const centers = edgeCenters(offsets, E);
  const G = new Float64Array(E * F2);
  for (let e = 0; e < E; e++) {
    const i = centers[e];
    const j = nbr[e];
    for (let o = 0; o < F2; o++) {
      let s = p.b[o];
      const w = o * IN;
      for (let k = 0; k < F; k++) s += p.W[w + k] * v[i * F + k] + p.W[w + F + k] * v[j * F + k];
      for (let k = 0; k < B; k++) s += p.W[w + F2 + k] * u[e * B + k];
      G[e * F2 + o] = s;
    }
  }
  let mean1: Float64Array, var1: Float64Array;
  if (training) [mean1, var1] = colStats(G, E, F2);
  else [mean1, var1] = [Float64Array.from(running!.mean1), Float64Array.from(running!.var1)];
  const S = new Float64Array(N * F);
  for (let e = 0; e < E; e++) {
    const i = centers[e];
    for (let k = 0; k < F; k++) {
      const f = (p.g1[k] * (G[e * F2 + k] - mean1[k])) / Math.sqrt(var1[k] + eps) + p.b1[k];
      const kc = F + k;
      const c = (p.g1[kc] * (G[e * F2 + kc] - mean1[kc])) / Math.sqrt(var1[kc] + eps) + p.b1[kc];
      S[i * F + k] += (edgeWeight ? edgeWeight[e] : 1) * sigmoid(f) * softplus(c);
    }
  }
  let mean2: Float64Array, var2: Float64Array;
  if (training) [mean2, var2] = colStats(S, N, F);
  else [mean2, var2] = [Float64Array.from(running!.mean2), Float64Array.from(running!.var2)];
  const Y = new Float64Array(N * F);
  for (let i = 0; i < N; i++)
    for (let k = 0; k < F; k++) {
      const m = (p.g2[k] * (S[i * F + k] - mean2[k])) / Math.sqrt(var2[k] + eps) + p.b2[k];
      const y = v[i * F + k] + m;
      Y[i * F + k] = y;
      out[i * F + k] = softplus(y);
    }
  return { G, S, Y, stats: { mean1, var1, mean2, var2 } };
}

export interface CgcnnGrads {
  dv: Arr | null;
  du: Arr | null;
  dW: Arr | null;
  db: Arr | null;
  dg1: Arr | null;
  db1: Arr | null;
  dg2: Arr | null;
  db2: Arr | null;
}

/** Backward: adds the gradients into every non-null array of `g`. */
export function cgcnnBackwardRef(
  d: CgcnnDims,
  v: Arr,
  u: Arr,
  nbr: Int32Array,
  offsets: Int32Array,
  p: CgcnnParamsData,
  training: boolean,
  eps: number,
  saved: CgcnnSaved,
  dOut: Arr,
  g: CgcnnGrads,
): void {
  const { N, E, F, B } = d;
  const F2 = 2 * F;
  const IN = F2 + B;
  const { G, S, Y, stats } = saved;
  const centers = edgeCenters(offsets, E);
  const dY = new Float64Array(N * F);
  for (let i = 0; i < N * F; i++) dY[i] = dOut[i] * softplusGrad(Y[i]);
  if (g.dv) for (let i = 0; i < N * F; i++) g.dv[i] += dY[i];
  const dS = new Float64Array(N * F);
  batchNormBackward(S, dY, N, F, stats.mean2, stats.var2, eps, p.g2, training, dS, g.dg2, g.db2);
  const dH = new Float64Array(E * F2);
  const inv1 = stats.var1.map((x) => 1 / Math.sqrt(x + eps));
  for (let e = 0; e < E; e++) {
    const i = centers[e];
    for (let k = 0; k < F; k++) {
      const kc = F + k;
      const f = p.g1[k] * (G[e * F2 + k] - stats.mean1[k]) * inv1[k] + p.b1[k];
      const c = p.g1[kc] * (G[e * F2 + kc] - stats.mean1[kc]) * inv1[kc] + p.b1[kc];
      const sf = sigmoid(f);
      const ds = dS[i * F + k];
      dH[e * F2 + k] = ds * softplus(c) * sf * (1 - sf);
      dH[e * F2 + kc] = ds * sf * softplusGrad(c);
    }
  }
  const dG = new Float64Array(E * F2);
  batchNormBackward(G, dH, E, F2, stats.mean1, stats.var1, eps, p.g1, training, dG, g.dg1, g.db1);
  for (let e = 0; e < E; e++) {
    const i = centers[e];
    const j = nbr[e];
    for (let o = 0; o < F2; o++) {
      const gg = dG[e * F2 + o];
      if (g.db) g.db[o] += gg;
      const w = o * IN;
      for (let k = 0; k < F; k++) {
        if (g.dW) {
          g.dW[w + k] += gg * v[i * F + k];
          g.dW[w + F + k] += gg * v[j * F + k];
        }
        if (g.dv) {
          g.dv[i * F + k] += gg * p.W[w + k];
          g.dv[j * F + k] += gg * p.W[w + F + k];
        }
      }
      for (let k = 0; k < B; k++) {
        if (g.dW) g.dW[w + F2 + k] += gg * u[e * B + k];
        if (g.du) g.du[e * B + k] += gg * p.W[w + F2 + k];
      }
    }
  }
}
