/**
 * The fused CGCNN convolution op (cgcnn/model.py ConvLayer, science.md §7):
 *   out = softplus(v + BN2(Σ_j sigmoid(f_ij) ⊙ softplus(c_ij))),  [f, c] = BN1((v_i ⊕ v_j ⊕ u_ij) W^T + b).
 * One op on the tape with a hand-written backward for every input and parameter. Uses the WebAssembly
 * kernels when loaded, else the TypeScript reference (kernels/reference-cgcnn.ts).
 */
import { needsGrad, record } from './autograd.js';
import { fast } from './fast.js';
import { cgcnnBackwardRef, cgcnnForwardRef, type CgcnnSaved } from './kernels/reference-cgcnn.js';
import { out, type T } from './ops-util.js';
import type { FloatArray, Tensor } from './tensor.js';

/** Edges in CSR order: edges of atom i are offsets[i] .. offsets[i+1]-1; nbr[e] is the neighbour atom. */
export interface CgcnnGraph {
  nbr: Int32Array;
  offsets: Int32Array;
  /**
   * Multiplicity of each edge in its atom's neighbour sum (identical edges folded into one, see
   * graph/merge.ts). Inference only: eval mode without gradients.
   */
  edgeWeight?: Float32Array;
}

export interface CgcnnConvParams<D extends FloatArray = Float32Array> {
  /** Linear weight, PyTorch layout [2F, 2F + B]; input order v_i, v_j, u_ij. */
  weight: Tensor<D>;
  bias: Tensor<D>; // [2F]
  bn1Gamma: Tensor<D>; // [2F]
  bn1Beta: Tensor<D>;
  bn1RunningMean: Tensor<D>;
  bn1RunningVar: Tensor<D>;
  bn2Gamma: Tensor<D>; // [F]
  bn2Beta: Tensor<D>;
  bn2RunningMean: Tensor<D>;
  bn2RunningVar: Tensor<D>;
}

export interface CgcnnConvOptions {
  /** Training: batch statistics, running statistics updated. Eval: running statistics. */
  training: boolean;
  momentum?: number;
  eps?: number;
}

/** Validates the graph; returns [N, E, F, B]. @internal */
export function cgcnnDims(
  v: Tensor<FloatArray>,
  u: Tensor<FloatArray>,
  g: CgcnnGraph,
  p: CgcnnConvParams<FloatArray>,
): [number, number, number, number] {
  if (v.rank !== 2 || u.rank !== 2)
    throw new Error(`cgcnnConv: v [N, F] and u [E, B], got [${v.shape}] and [${u.shape}]`);
  const [N, F] = v.shape;
  const [E, B] = u.shape;
  const { nbr, offsets } = g;
  if (offsets.length !== N + 1 || offsets[0] !== 0 || offsets[N] !== E)
    throw new Error(`cgcnnConv: offsets must have N + 1 = ${N + 1} entries from 0 to E = ${E}`);
  for (let i = 0; i < N; i++)
    if (offsets[i + 1] < offsets[i]) throw new Error(`cgcnnConv: offsets decrease at atom ${i}`);
  if (nbr.length !== E) throw new Error(`cgcnnConv: ${nbr.length} neighbour indices for ${E} edges`);
  for (let e = 0; e < E; e++)
    if (nbr[e] < 0 || nbr[e] >= N)
      throw new Error(`cgcnnConv: neighbour ${nbr[e]} of edge ${e} outside [0, ${N})`);
  const w = g.edgeWeight;
  if (w) {
    if (w.length !== E) throw new Error(`cgcnnConv: ${w.length} edge weights for ${E} edges`);
    for (let e = 0; e < E; e++)
      if (!(w[e] >= 0 && Number.isFinite(w[e])))
        throw new Error(`cgcnnConv: edge weight ${w[e]} of edge ${e} is not a finite non-negative number`);
  }
  const want: [string, Tensor<FloatArray>, number][] = [
    ['weight', p.weight, 2 * F * (2 * F + B)],
    ['bias', p.bias, 2 * F],
    ['bn1Gamma', p.bn1Gamma, 2 * F],
    ['bn1Beta', p.bn1Beta, 2 * F],
    ['bn1RunningMean', p.bn1RunningMean, 2 * F],
    ['bn1RunningVar', p.bn1RunningVar, 2 * F],
    ['bn2Gamma', p.bn2Gamma, F],
    ['bn2Beta', p.bn2Beta, F],
    ['bn2RunningMean', p.bn2RunningMean, F],
    ['bn2RunningVar', p.bn2RunningVar, F],
  ];
  for (const [name, t, n] of want)
    if (t.size !== n) throw new Error(`cgcnnConv: ${name} has ${t.size} values, expected ${n}`);
  return [N, E, F, B];
}

/** Fused CGCNN convolution: v [N, F] atom features, u [E, B] edge features -> [N, F]. */
export function cgcnnConv<D extends FloatArray>(
  v: Tensor<D>,
  u: Tensor<D>,
  graph: CgcnnGraph,
  params: CgcnnConvParams<D>,
  opts: CgcnnConvOptions,
): Tensor<D> {
  const p = params as unknown as CgcnnConvParams<FloatArray>;
  const [N, E, F, B] = cgcnnDims(v as T, u as T, graph, p);
  const training = opts.training;
  const eps = opts.eps ?? 1e-5;
  const momentum = opts.momentum ?? 0.1;
  if (training && (E < 2 || N < 2))
    throw new Error('cgcnnConv: training needs at least 2 atoms and 2 edges (batch statistics)');
  const o = out(v, [N, F]);
  const inputs = [v, u, p.weight, p.bias, p.bn1Gamma, p.bn1Beta, p.bn2Gamma, p.bn2Beta] as T[];
  const f = fast();
  const keep = needsGrad(...inputs);
  if (graph.edgeWeight && (training || keep))
    throw new Error('cgcnnConv: edge weights are for inference (eval mode, no gradients)');
  const fastCtx = f?.cgcnnForward
    ? f.cgcnnForward(v as T, u as T, graph, p, training, eps, o as T, keep)
    : null;
  let saved: CgcnnSaved | null = null;
  let stats;
  if (fastCtx) stats = fastCtx.stats;
  else {
    const dims = { N, E, F, B };
    const running = training
      ? null
      : {
          mean1: Float64Array.from(p.bn1RunningMean.data),
          var1: Float64Array.from(p.bn1RunningVar.data),
          mean2: Float64Array.from(p.bn2RunningMean.data),
          var2: Float64Array.from(p.bn2RunningVar.data),
        };
    saved = cgcnnForwardRef(
      dims,
      v.data,
      u.data,
      graph.nbr,
      graph.offsets,
      {
        W: p.weight.data,
        b: p.bias.data,
        g1: p.bn1Gamma.data,
        b1: p.bn1Beta.data,
        g2: p.bn2Gamma.data,
        b2: p.bn2Beta.data,
      },
      training,
      running,
      eps,
      o.data,
      graph.edgeWeight ?? null,
    );
    stats = saved.stats;
  }
  if (training) {
    const upd = (t: Tensor<FloatArray>, m: Float64Array, unbiasN: number) => {
      const d = t.data;
      for (let k = 0; k < d.length; k++)
        d[k] = (1 - momentum) * d[k] + momentum * (unbiasN > 0 ? (m[k] * unbiasN) / (unbiasN - 1) : m[k]);
    };
    upd(p.bn1RunningMean, stats.mean1, 0);
    upd(p.bn1RunningVar, stats.var1, E);
    upd(p.bn2RunningMean, stats.mean2, 0);
    upd(p.bn2RunningVar, stats.var2, N);
  }
  const result = record(o as T, 'cgcnnConv', inputs, (gOut, gradOf) => {
    const gv = gradOf(v as T);
    const gu = gradOf(u as T);
    const gW = gradOf(p.weight);
    const gb = gradOf(p.bias);
    const gg1 = gradOf(p.bn1Gamma);
    const gb1 = gradOf(p.bn1Beta);
    const gg2 = gradOf(p.bn2Gamma);
    const gb2 = gradOf(p.bn2Beta);
    const grads = { dv: gv, du: gu, dW: gW, db: gb, dg1: gg1, db1: gb1, dg2: gg2, db2: gb2 };
    if (fastCtx) {
      fastCtx.backward(gOut, grads);
      return;
    }
    cgcnnBackwardRef(
      { N, E, F, B },
      v.data,
      u.data,
      graph.nbr,
      graph.offsets,
      {
        W: p.weight.data,
        b: p.bias.data,
        g1: p.bn1Gamma.data,
        b1: p.bn1Beta.data,
        g2: p.bn2Gamma.data,
        b2: p.bn2Beta.data,
      },
      training,
      eps,
      saved!,
      gOut.data,
      {
        dv: gv?.data ?? null,
        du: gu?.data ?? null,
        dW: gW?.data ?? null,
        db: gb?.data ?? null,
        dg1: gg1?.data ?? null,
        db1: gb1?.data ?? null,
        dg2: gg2?.data ?? null,
        db2: gb2?.data ?? null,
      },
    );
  });
  if (fastCtx && !result._node) fastCtx.release();
  else if (fastCtx) fastCtx.releaseWith(result as T);
  return result as Tensor<D>;
}
