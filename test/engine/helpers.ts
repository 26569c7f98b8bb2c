// Shared fixtures of the engine tests: random CSR graphs, CGCNN parameters, the layer composed of plain ops.
import {
  Rng,
  add,
  batchNorm,
  concat,
  gather,
  matmul,
  mul,
  segmentSum,
  sigmoid,
  softplus,
  split,
  type CgcnnConvParams,
  type CgcnnGraph,
  type FloatArray,
  type Tensor,
} from '../../src/engine/index.js';
import { tensor } from '../../src/engine/index.js';
import { rand64 } from './gradcheck.js';

/** A float32 tensor of uniform values in [lo, hi). */
export function randomTensor32(rng: Rng, shape: number[], lo = -1, hi = 1, requiresGrad = false): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return tensor(
    Float32Array.from({ length: n }, () => rng.range(lo, hi)),
    shape,
    { requiresGrad },
  );
}

/** Float32 CGCNN convolution parameters of plausible scale (trainable ones require grad). */
export function randomParams32(rng: Rng, F: number, B: number): CgcnnConvParams {
  const r = randomTensor32;
  return {
    weight: r(rng, [2 * F, 2 * F + B], -0.3, 0.3, true),
    bias: r(rng, [2 * F], -0.2, 0.2, true),
    bn1Gamma: r(rng, [2 * F], 0.5, 1.5, true),
    bn1Beta: r(rng, [2 * F], -0.3, 0.3, true),
    bn1RunningMean: r(rng, [2 * F], -0.3, 0.3),
    bn1RunningVar: r(rng, [2 * F], 0.5, 2),
    bn2Gamma: r(rng, [F], 0.5, 1.5, true),
    bn2Beta: r(rng, [F], -0.3, 0.3, true),
    bn2RunningMean: r(rng, [F], -0.3, 0.3),
    bn2RunningVar: r(rng, [F], 0.5, 2),
  };
}

/** A random graph with variable neighbour counts (some atoms with none). */
export function randomGraph(rng: Rng, N: number, maxNbr: number, allowEmpty = true): CgcnnGraph {
  const offsets = new Int32Array(N + 1);
  const nbr: number[] = [];
  for (let i = 0; i < N; i++) {
    const m = allowEmpty ? rng.int(maxNbr + 1) : 1 + rng.int(maxNbr);
    for (let k = 0; k < m; k++) nbr.push(rng.int(N));
    offsets[i + 1] = nbr.length;
  }
  return { nbr: Int32Array.from(nbr), offsets };
}

export function randomParams64(rng: Rng, F: number, B: number): CgcnnConvParams<Float64Array> {
  const r = (shape: number[], lo: number, hi: number, grad: boolean) => rand64(rng, shape, lo, hi, grad);
  return {
    weight: r([2 * F, 2 * F + B], -0.5, 0.5, true),
    bias: r([2 * F], -0.2, 0.2, true),
    bn1Gamma: r([2 * F], 0.5, 1.5, true),
    bn1Beta: r([2 * F], -0.3, 0.3, true),
    bn1RunningMean: r([2 * F], -0.3, 0.3, false),
    bn1RunningVar: r([2 * F], 0.5, 2, false),
    bn2Gamma: r([F], 0.5, 1.5, true),
    bn2Beta: r([F], -0.3, 0.3, true),
    bn2RunningMean: r([F], -0.3, 0.3, false),
    bn2RunningVar: r([F], 0.5, 2, false),
  };
}

/** The layer as plain ops. */
export function composedConv<D extends FloatArray>(
  v: Tensor<D>,
  u: Tensor<D>,
  g: CgcnnGraph,
  p: CgcnnConvParams<D>,
  training: boolean,
): Tensor<D> {
  const N = v.shape[0];
  const centers = new Int32Array(g.nbr.length);
  for (let i = 0; i < N; i++) centers.fill(i, g.offsets[i], g.offsets[i + 1]);
  const z = concat([gather(v, centers), gather(v, g.nbr), u], 1);
  const lin = add(matmul(z, p.weight, { transB: true }), p.bias);
  const h = batchNorm(lin, p.bn1Gamma, p.bn1Beta, {
    training,
    runningMean: p.bn1RunningMean,
    runningVar: p.bn1RunningVar,
  });
  const [f, c] = split(h, 2, 1);
  const s = segmentSum(mul(sigmoid(f), softplus(c)), { offsets: g.offsets });
  const m = batchNorm(s, p.bn2Gamma, p.bn2Beta, {
    training,
    runningMean: p.bn2RunningMean,
    runningVar: p.bn2RunningVar,
  });
  return softplus(add(v, m));
}
