/**
 * Fast path of the fused CGCNN convolution on the WebAssembly kernels (see ops-cgcnn.ts for the maths and
 * docs/engine.md for the passes). Forward: per-atom GEMMs P = v Wa^T + b, Q = v Wb^T (once per atom, not
 * per edge); per tile of edges G = P[i] + Q[j] + u Wc^T with the tile's column mean and M2 merged as the
 * micro-kernel produces them (u Wc^T banded: each 6-edge panel multiplies only the edge-feature columns
 * where one of its rows reaches 2^-40, see kernels.ts); BN1 as a per-column scale and shift; gate sigmoid(f) softplus(c) summed over
 * each atom's edges, keeping A = [sigmoid(f) | softplus(c)] for backward; BN2; residual; softplus. Saved
 * for backward: G and A (E x 2F each), S (N x F), Y (N x F). Backward: one gate pass reads A (one expm1
 * for sigmoid(c)) and writes dH over A with per-tile sums for BN1; one pass over chunks of whole atoms
 * applies BN1, sums by centre (dP) and packs dG for dWc^T = u^T dG; dQ by neighbour through a reverse CSR
 * (no scatter, no per-thread buffers); GEMMs for the rest of dW and dv. Statistics and chunk partials are
 * combined in float64 / in a fixed order, so the results are identical for any thread count.
 */
import type { CgcnnFastContext, CgcnnFastGrads } from './fast.js';
import { empty, type FloatArray, type Tensor } from './tensor.js';
import { tmpF32, type Engine } from './wasm.js';

type T = Tensor<FloatArray>;

interface Params {
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
}

const ETILE = 384;
/** Atoms per tile of the gate kernels (cgAtomTile in kernels.ts). */
const ATILE = 32;
const TILE = 256;
/** Edges per chunk of the split-K weight-gradient GEMM over all edges. */
const KCHUNK = 8192;

function onHeap(...ts: (T | null)[]): boolean {
  for (const t of ts) if (t && (t.dtype !== 'float32' || t.ptr < 0)) return false;
  return true;
}

/** An int32 array stored in a (float32-typed) tensor so that tidy scopes own it. */
function intTensor(src: Int32Array): T {
  const t = empty<Float32Array>([src.length]) as T;
  if (src.length > 0) new Int32Array(t.data.buffer, t.data.byteOffset, src.length).set(src);
  return t;
}

/** Combines per-tile (sum, M2) into mean and biased variance (Chan et al.), float64, fixed order. */
function combineStats(
  part: Float32Array,
  rows: number,
  tileRows: number,
  cols: number,
): [Float64Array, Float64Array] {
  const tiles = Math.ceil(rows / tileRows);
  const mean = new Float64Array(cols);
  for (let t = 0; t < tiles; t++) for (let c = 0; c < cols; c++) mean[c] += part[t * 2 * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  const m2 = new Float64Array(cols);
  for (let t = 0; t < tiles; t++) {
    const n = Math.min(rows, (t + 1) * tileRows) - t * tileRows;
    for (let c = 0; c < cols; c++) {
      const d = part[t * 2 * cols + c] / n - mean[c];
      m2[c] += part[t * 2 * cols + cols + c] + n * d * d;
    }
  }
  for (let c = 0; c < cols; c++) m2[c] /= rows;
  return [mean, m2];
}

/** Edge rows per block of cgForwardFused that fit the thread scratch (a multiple of 6, at most ETILE). */
function fusedEdgeRows(scratchBytes: number, F2: number, B: number): number {
  const fixed = 6 * (B + 4) * 4 + 256 + 2 * F2 * 4;
  return Math.min(ETILE, Math.floor((scratchBytes - fixed) / (F2 * 4) / 6) * 6);
}

/** Sums per-tile pairs (a, b) of `cols` columns in float64. */
function sumParts(part: Float32Array, tiles: number, cols: number): [Float64Array, Float64Array] {
  const a = new Float64Array(cols);
  const b = new Float64Array(cols);
  for (let t = 0; t < tiles; t++)
    for (let c = 0; c < cols; c++) {
      a[c] += part[t * 2 * cols + c];
      b[c] += part[t * 2 * cols + cols + c];
    }
  return [a, b];
}

export function installCgcnn(
  e: Engine,
  v: T,
  u: T,
  graph: { nbr: Int32Array; offsets: Int32Array; edgeWeight?: Float32Array },
  p: Params,
  training: boolean,
  eps: number,
  out: T,
  keep = true,
): CgcnnFastContext | null {
  const [N, F] = v.shape;
  const [E, B] = u.shape;
  const ps = [p.weight, p.bias, p.bn1Gamma, p.bn1Beta, p.bn2Gamma, p.bn2Beta];
  if (F % 4 !== 0 || B > 256 || !onHeap(v, u, out, ...ps)) return null;
  const F2 = 2 * F;
  // Inference (eval, nothing kept): edges made and gated in thread scratch, G never stored.
  const eb = fusedEdgeRows(e.gemmScratchBytes, F2, B);
  const fused = !keep && !training && F2 % 8 === 0 && eb >= 6;
  // Edge weights only exist in the fused inference kernel; elsewhere the reference path takes them.
  if (graph.edgeWeight && !fused) return null;
  const IN = F2 + B;
  const W = p.weight.ptr;
  const th = e.threads;
  const free: (() => void)[] = [];
  const tmp = (n: number) => {
    const t = tmpF32(e, n);
    free.push(t.free);
    return t;
  };

  // Graph arrays in the engine memory.
  const centersArr = new Int32Array(E);
  for (let i = 0; i < N; i++) centersArr.fill(i, graph.offsets[i], graph.offsets[i + 1]);
  const centers = intTensor(centersArr);
  const nbr = intTensor(graph.nbr);
  const wts = graph.edgeWeight ? (empty<Float32Array>([E]) as T) : null;
  if (wts) wts.data.set(graph.edgeWeight!);
  const offsets = intTensor(graph.offsets);

  // Per-atom products.
  const P = tmp(N * F2);
  const Q = tmp(N * F2);
  e.run('gemm', th, [N, F2, F, v.ptr, F, 0, W, IN, 1, P.ptr, F2, 0, e.scratch, e.gemmScratchBytes]);
  e.run('binary', th, [0, 2, N * F2, F2, P.ptr, p.bias.ptr, P.ptr]);
  e.run('gemm', th, [N, F2, F, v.ptr, F, 0, W + F * 4, IN, 1, Q.ptr, F2, 0, e.scratch, e.gemmScratchBytes]);
  const WcP = tmp(Math.ceil(F2 / 8) * 8 * Math.max(B, 1));
  if (B > 0) e.exports.packBPanels(B, F2, W + F2 * 4, IN, 1, WcP.ptr);

  // Eval: the running statistics; training: the batch statistics from the edge pass.
  let mean1: Float64Array = Float64Array.from(p.bn1RunningMean.data);
  let var1: Float64Array = Float64Array.from(p.bn1RunningVar.data);
  let G: T | null = null;
  if (!fused) {
    // Edge pass: G and its per-tile statistics.
    G = empty<Float32Array>([E, F2]) as T;
    const eTiles = Math.ceil(E / ETILE);
    const part1 = tmp(Math.max(1, eTiles) * 2 * F2);
    e.run('cgForwardEdges', th, [
      E,
      F2,
      B,
      u.ptr,
      WcP.ptr,
      P.ptr,
      Q.ptr,
      centers.ptr,
      nbr.ptr,
      G.ptr,
      part1.ptr,
      e.scratch,
      e.gemmScratchBytes,
      e.tileCounter,
    ]);
    if (training) [mean1, var1] = combineStats(part1.view, E, ETILE, F2);
  }
  const g1 = p.bn1Gamma.data;
  const b1 = p.bn1Beta.data;
  const inv1 = var1.map((x) => 1 / Math.sqrt(x + eps));
  const sc1 = tmpF32(e, F2);
  const sh1 = tmpF32(e, F2);
  {
    const scv = sc1.view;
    const shv = sh1.view;
    for (let c = 0; c < F2; c++) {
      scv[c] = g1[c] * inv1[c];
      shv[c] = b1[c] - mean1[c] * g1[c] * inv1[c];
    }
  }

  // Gate and neighbour sum, BN2, residual, softplus.
  const S = empty<Float32Array>([N, F]) as T;
  const A = keep ? (empty<Float32Array>([E, F2]) as T) : null;
  if (G)
    e.run('cgForwardGate', th, [
      N,
      F,
      offsets.ptr,
      G.ptr,
      sc1.ptr,
      sh1.ptr,
      S.ptr,
      A ? A.ptr : 0,
      e.tileCounter,
    ]);
  else
    e.run('cgForwardFused', th, [
      N,
      F,
      B,
      offsets.ptr,
      centers.ptr,
      nbr.ptr,
      u.ptr,
      WcP.ptr,
      P.ptr,
      Q.ptr,
      sc1.ptr,
      sh1.ptr,
      S.ptr,
      wts ? wts.ptr : 0,
      eb,
      e.scratch,
      e.gemmScratchBytes,
      e.tileCounter,
    ]);
  let mean2: Float64Array, var2: Float64Array;
  if (training) {
    const part2 = tmp(Math.max(1, Math.ceil(N / TILE)) * 2 * F);
    e.run('colStats', th, [N, F, S.ptr, part2.ptr]);
    [mean2, var2] = combineStats(part2.view, N, TILE, F);
  } else [mean2, var2] = [Float64Array.from(p.bn2RunningMean.data), Float64Array.from(p.bn2RunningVar.data)];
  const g2 = p.bn2Gamma.data;
  const b2 = p.bn2Beta.data;
  const inv2 = var2.map((x) => 1 / Math.sqrt(x + eps));
  const sc2 = tmp(F);
  const sh2 = tmp(F);
  {
    const scv = sc2.view;
    const shv = sh2.view;
    for (let c = 0; c < F; c++) {
      scv[c] = g2[c] * inv2[c];
      shv[c] = b2[c] - mean2[c] * g2[c] * inv2[c];
    }
  }
  const Y = empty<Float32Array>([N, F]) as T;
  e.run('cgForwardOut', th, [N, F, v.ptr, S.ptr, sc2.ptr, sh2.ptr, Y.ptr, out.ptr]);
  for (const f of free) f();

  const saved = [S, Y, centers, nbr, offsets];
  if (wts) saved.push(wts);
  if (G) saved.push(G);
  if (A) saved.push(A);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    for (const t of saved) t.dispose();
    sc1.free();
    sh1.free();
  };

  if (!keep) release();

  const backward = (gOut: T, g: CgcnnFastGrads): void => {
    if (released || !A || !G)
      throw new Error('cgcnnConv: backward after the saved buffers were released (a second backward?)');
    const fr: (() => void)[] = [];
    const tm = (n: number) => {
      const t = tmpF32(e, n);
      fr.push(t.free);
      return t;
    };
    const tv = (a: ArrayLike<number>) => {
      const t = tmpF32(e, a);
      fr.push(t.free);
      return t;
    };
    const gradsOk = onHeap(gOut, g.dv, g.du, g.dW, g.db, g.dg1, g.db1, g.dg2, g.db2);
    if (!gradsOk) throw new Error('cgcnnConv: gradient buffers outside the engine memory');
    // Output softplus and residual.
    const dY = tm(N * F);
    e.run('cgBackwardOut', th, [N, F, gOut.ptr, Y.ptr, dY.ptr, g.dv ? g.dv.ptr : 0]);
    // BN2.
    const m2 = tv(mean2);
    const i2 = tv(inv2);
    const nT = Math.max(1, Math.ceil(N / TILE));
    const partN = tm(nT * 2 * F);
    e.run('bnBackwardSums', th, [N, F, S.ptr, dY.ptr, m2.ptr, i2.ptr, partN.ptr]);
    const [sdy, sdyx] = sumParts(partN.view, Math.ceil(N / TILE), F);
    if (g.dg2) for (let c = 0; c < F; c++) g.dg2.data[c] += sdyx[c];
    if (g.db2) for (let c = 0; c < F; c++) g.db2.data[c] += sdy[c];
    const k2 = tv(Array.from(inv2, (x, c) => x * g2[c]));
    const md2 = tv(training ? Array.from(sdy, (x) => x / N) : new Float64Array(F));
    const mx2 = tv(training ? Array.from(sdyx, (x) => x / N) : new Float64Array(F));
    e.run('bnBackwardApply', th, [N, F, S.ptr, dY.ptr, m2.ptr, i2.ptr, k2.ptr, md2.ptr, mx2.ptr, dY.ptr, 0]); // dY := dS
    // Gate and BN1 over the edges.
    const D = A!; // dH is written over A in place (each element read before it is written)
    const m1 = tv(mean1);
    const i1 = tv(inv1);
    const aT = Math.max(1, Math.ceil(N / ATILE));
    const partE = tm(aT * 2 * F2);
    e.run('cgBackwardGate', th, [
      N,
      F,
      offsets.ptr,
      G.ptr,
      A!.ptr,
      m1.ptr,
      i1.ptr,
      dY.ptr,
      D.ptr,
      partE.ptr,
      e.tileCounter,
    ]);
    const [sdh, sdhx] = sumParts(partE.view, aT, F2);
    if (g.dg1) for (let c = 0; c < F2; c++) g.dg1.data[c] += sdhx[c];
    if (g.db1) for (let c = 0; c < F2; c++) g.db1.data[c] += sdh[c];
    const k1 = tv(Array.from(inv1, (x, c) => x * g1[c]));
    const md1 = tv(training ? Array.from(sdh, (x) => x / E) : new Float64Array(F2));
    const mx1 = tv(training ? Array.from(sdhx, (x) => x / E) : new Float64Array(F2));
    // D := dG (BN1 backward), dP = sums by centre; with edge features and a weight gradient, fused with
    // dWc^T = u^T dG over chunks of whole atoms (partial products summed in chunk order below).
    const dP = tm(N * F2);
    const dQ = tm(N * F2);
    const sc = e.scratch;
    const ss = e.gemmScratchBytes;
    let dwcParts: ReturnType<typeof tm> | null = null;
    let nChunks = 0;
    if (g.dW && B > 0 && F2 % 8 === 0 && F2 <= 512) {
      const cuts = [0];
      for (let i = 0; i < N; i++)
        if (graph.offsets[i + 1] - graph.offsets[cuts[cuts.length - 1]] >= KCHUNK) cuts.push(i + 1);
      if (cuts[cuts.length - 1] !== N) cuts.push(N);
      nChunks = cuts.length - 1;
      const chunkAtoms = intTensor(Int32Array.from(cuts));
      dwcParts = tm(nChunks * B * F2);
      e.run('cgBackwardApplyDW', th, [
        F2,
        B,
        chunkAtoms.ptr,
        nChunks,
        offsets.ptr,
        G.ptr,
        D.ptr,
        m1.ptr,
        i1.ptr,
        k1.ptr,
        md1.ptr,
        mx1.ptr,
        dP.ptr,
        u.ptr,
        dwcParts.ptr,
        sc,
        ss,
        e.tileCounter,
      ]);
      chunkAtoms.dispose();
    } else
      e.run('cgBackwardApply', th, [
        N,
        F2,
        offsets.ptr,
        G.ptr,
        D.ptr,
        m1.ptr,
        i1.ptr,
        k1.ptr,
        md1.ptr,
        mx1.ptr,
        dP.ptr,
        e.tileCounter,
      ]);
    // dQ by neighbour (reverse CSR).
    const rOff = new Int32Array(N + 1);
    const nb = graph.nbr;
    for (let k = 0; k < E; k++) rOff[nb[k] + 1]++;
    for (let i = 0; i < N; i++) rOff[i + 1] += rOff[i];
    const fill = rOff.slice(0, N);
    const rIdx = new Int32Array(E);
    for (let k = 0; k < E; k++) rIdx[fill[nb[k]]++] = k;
    const rOffT = intTensor(rOff);
    const rIdxT = intTensor(rIdx);
    e.run('segSumIdx', th, [N, F2, rOffT.ptr, rIdxT.ptr, D.ptr, dQ.ptr, 0]);
    rOffT.dispose();
    rIdxT.dispose();
    if (g.db) {
      const part = tm(Math.max(1, Math.ceil(N / TILE)) * 2 * F2);
      e.run('colStats', th, [N, F2, dP.ptr, part.ptr]);
      const [s] = sumParts(part.view, Math.ceil(N / TILE), F2);
      for (let c = 0; c < F2; c++) g.db.data[c] += s[c];
    }
    if (g.dW) {
      const dW = g.dW.ptr;
      e.run('gemm', th, [F2, F, N, dP.ptr, F2, 1, v.ptr, F, 0, dW, IN, 1, sc, ss]);
      e.run('gemm', th, [F2, F, N, dQ.ptr, F2, 1, v.ptr, F, 0, dW + F * 4, IN, 1, sc, ss]);
      if (B > 0) {
        // dWc^T = u^T dG (B x 2F) from fixed chunks of edges, summed in order, added into dW[:, 2F:].
        if (!dwcParts) {
          nChunks = Math.ceil(E / KCHUNK);
          const parts = tm(nChunks * B * F2);
          e.run('gemmSplitK', th, [
            B,
            F2,
            E,
            KCHUNK,
            u.ptr,
            B,
            1,
            D.ptr,
            F2,
            0,
            parts.ptr,
            sc,
            ss,
            e.tileCounter,
            1, // pack u with the subnormal-tail flush (kernels.ts EDGE_FLUSH)
          ]);
          dwcParts = parts;
        }
        const pv = dwcParts.view;
        const dWv = g.dW.data;
        for (let b = 0; b < B; b++)
          for (let c = 0; c < F2; c++) {
            let s = 0;
            for (let k = 0; k < nChunks; k++) s += pv[(k * B + b) * F2 + c];
            dWv[c * IN + F2 + b] += s;
          }
      }
    }
    if (g.dv) {
      e.run('gemm', th, [N, F, F2, dP.ptr, F2, 0, W, IN, 0, g.dv.ptr, F, 1, sc, ss]);
      e.run('gemm', th, [N, F, F2, dQ.ptr, F2, 0, W + F * 4, IN, 0, g.dv.ptr, F, 1, sc, ss]);
    }
    if (g.du && B > 0) e.run('gemm', th, [E, B, F2, D.ptr, F2, 0, W + F2 * 4, IN, 0, g.du.ptr, B, 1, sc, ss]);
    for (const f of fr) f();
    release();
  };

  return {
    stats: { mean1, var1, mean2, var2 },
    backward,
    release,
    releaseWith: () => {},
  };
}
