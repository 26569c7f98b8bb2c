// The banded edge GEMM of the CGCNN forward kernels (each 6-edge panel multiplies only the edge-feature
// columns where one of its rows reaches 2^-40) against the float64 TypeScript reference, which uses every
// column: Gaussian-expanded distances sorted per atom (1 to 8 A, padding at 9 A, bands that reach the first
// and the last column), dense random features (full band), all-zero rows and panels (empty band), B not a
// multiple of 4, training and eval, 1 and 2 threads (bit-identical); and the fused inference path equal
// to the stored path bit for bit on the same Gaussian features, although their panels start at other edges.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { randomParams32 as params32, randomTensor32 as rand } from './helpers.js';
import {
  Rng,
  backward,
  cgcnnConv,
  engineVariant,
  mul,
  noGrad,
  setThreads,
  sum,
  tensor,
  tidy,
  withoutFastKernels,
  type CgcnnGraph,
} from '../../src/engine/index.js';

const haveKernels = engineVariant() !== 'typescript';
const skip = haveKernels ? false : 'WebAssembly kernels not built (run node scripts/build-kernels.mjs)';
const THREADS = [1, 2];
const RTOL = 2e-4;
const ATOL = 2e-4;

before(async () => {
  if (haveKernels) await setThreads(1);
});
after(async () => {
  if (haveKernels) await setThreads(1);
});

/** Kinds of atoms: their neighbour distances (A), sorted, or null for an atom whose edge rows are all 0. */
type AtomKind = 'spread' | 'short' | 'far' | 'padded' | 'zero';

interface EdgeSet {
  graph: CgcnnGraph;
  /** distance per edge, NaN for an all-zero row */
  dist: number[];
}

/**
 * A CSR graph whose atoms have up to `maxNbr` edges sorted by distance: 'spread' over 1-8 A, 'short' with
 * neighbours below 1 A (bands from column 0), 'far' with neighbours near 8 A (bands to the last column),
 * 'padded' with the missing neighbours at 9 A as CGCNN pads them, 'zero' with all-zero feature rows.
 * `kinds` repeats over the atoms; `lastEdges` fixes the edge count of the last atom (for tail rows).
 */
function sortedGraph(rng: Rng, N: number, maxNbr: number, kinds: AtomKind[], lastEdges?: number): EdgeSet {
  const offsets = new Int32Array(N + 1);
  const nbr: number[] = [];
  const dist: number[] = [];
  for (let i = 0; i < N; i++) {
    const kind = kinds[i % kinds.length];
    const m = i === N - 1 && lastEdges !== undefined ? lastEdges : 1 + rng.int(maxNbr);
    let d: number[];
    if (kind === 'zero') d = Array.from({ length: m }, () => NaN);
    else {
      d = Array.from({ length: m }, () => rng.range(1, 8));
      if (kind === 'short') for (let k = 0; k < Math.min(m, 2); k++) d[k] = rng.range(0, 0.9);
      if (kind === 'far') for (let k = 0; k < Math.min(m, 3); k++) d[k] = rng.range(7.85, 8);
      if (kind === 'padded') for (let k = Math.ceil(m / 2); k < m; k++) d[k] = 9;
      d.sort((a, b) => a - b);
    }
    for (const x of d) {
      nbr.push(rng.int(N));
      dist.push(x);
    }
    offsets[i + 1] = nbr.length;
  }
  return { graph: { nbr: Int32Array.from(nbr), offsets }, dist };
}

/** CGCNN's Gaussian expansion exp(-(d - mu_k)^2 / width^2), mu_k = k step (k < B); NaN distance: zeros. */
function gaussian(dist: number[], B: number, step: number, width: number): Float32Array {
  const u = new Float32Array(dist.length * B);
  dist.forEach((d, e) => {
    if (Number.isNaN(d)) return;
    for (let k = 0; k < B; k++) u[e * B + k] = Math.exp(-(((d - step * k) / width) ** 2));
  });
  return u;
}

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= ATOL + RTOL * Math.abs(b[i]))) assert.fail(`${what}[${i}]: fast ${a[i]} vs reference ${b[i]}`);
  }
}

/**
 * The layer's output, every gradient and the running statistics with the kernels at 1 and 2 threads
 * against the TypeScript reference; 2 threads bit-identical to 1.
 */
async function checkLayer(
  rng: Rng,
  graph: CgcnnGraph,
  uData: Float32Array,
  F: number,
  B: number,
  training: boolean,
  what: string,
): Promise<void> {
  const N = graph.offsets.length - 1;
  const E = graph.nbr.length;
  const v = rand(rng, [N, F], -1, 1, true);
  const u = tensor(uData, [E, B], { requiresGrad: true });
  const p = params32(rng, F, B);
  const r = rand(rng, [N, F]);
  const trainable = [v, u, p.weight, p.bias, p.bn1Gamma, p.bn1Beta, p.bn2Gamma, p.bn2Beta];
  const running = [p.bn1RunningMean, p.bn1RunningVar, p.bn2RunningMean, p.bn2RunningVar];
  const init = running.map((t) => Float32Array.from(t.data));
  const run = (): number[][] =>
    tidy(() => {
      running.forEach((t, i) => t.data.set(init[i]));
      for (const t of trainable) t.zeroGrad();
      const o = cgcnnConv(v, u, graph, p, { training });
      backward(sum(mul(o, r)));
      return [
        Array.from(o.data),
        ...trainable.map((t) => Array.from(t.grad!)),
        ...running.map((t) => Array.from(t.data)),
      ];
    });
  const ref = withoutFastKernels(run);
  let first: number[][] | null = null;
  for (const th of THREADS) {
    await setThreads(th);
    const got = run();
    got.forEach((g, i) => assertClose(g, ref[i], `${what} (${th} threads) output ${i}`));
    if (first)
      got.forEach((g, i) => assert.deepEqual(g, first![i], `${what}: ${th} threads differ from 1 thread`));
    else first = got;
  }
  await setThreads(1);
}

const ALL_KINDS: AtomKind[] = ['spread', 'short', 'padded', 'far', 'spread', 'zero'];

test('band: Gaussian distances 0-9 A sorted per atom, B = 41, training and eval', { skip }, async () => {
  const rng = new Rng(501);
  const { graph, dist } = sortedGraph(rng, 240, 12, ALL_KINDS, 11);
  const u = gaussian(dist, 41, 0.2, 0.2);
  // The cases the band must get right are present, and rows outside full 6-edge panels (lone-row path).
  const rows = dist.length;
  assert.notEqual(rows % 6, 0, 'the edge count leaves a tail of lone rows');
  const col = (k: number) => Array.from({ length: rows }, (_, e) => u[e * 41 + k]);
  assert.ok(
    col(0).some((x) => x > 0.1),
    'some edge has a large feature in column 0',
  );
  assert.ok(
    col(40).some((x) => x > 0.1),
    'some edge has a large feature in column 40',
  );
  assert.ok(
    dist.some((d) => d === 9),
    'padding at 9 A',
  );
  assert.ok(
    dist.some((d) => Number.isNaN(d)),
    'all-zero rows',
  );
  for (const training of [true, false])
    await checkLayer(rng, graph, u, 8, 41, training, `Gaussian B=41 ${training ? 'train' : 'eval'}`);
});

test('band: B not a multiple of 4 (B = 7 and B = 3, Gaussian on a coarser grid)', { skip }, async () => {
  const rng = new Rng(502);
  for (const [B, step] of [
    [7, 1.3],
    [3, 4],
  ]) {
    const { graph, dist } = sortedGraph(rng, 150, 12, ALL_KINDS, 5);
    const u = gaussian(dist, B, step, step);
    for (const training of [true, false])
      await checkLayer(rng, graph, u, 4, B, training, `Gaussian B=${B} ${training ? 'train' : 'eval'}`);
  }
});

test('band: dense random edge features (full band), B = 41 and B = 2', { skip }, async () => {
  const rng = new Rng(503);
  for (const B of [41, 2]) {
    const { graph } = sortedGraph(rng, 120, 12, ['spread'], 7);
    const E = graph.nbr.length;
    // Values in [-1, 1] including the first and the last column: no column can be left out.
    const u = Float32Array.from({ length: E * B }, () => rng.range(-1, 1));
    for (const training of [true, false])
      await checkLayer(rng, graph, u, 8, B, training, `dense B=${B} ${training ? 'train' : 'eval'}`);
  }
});

test('band: every edge row zero (empty bands: G = P + Q)', { skip }, async () => {
  const rng = new Rng(504);
  const { graph, dist } = sortedGraph(rng, 60, 12, ['zero'], 3);
  const u = gaussian(dist, 41, 0.2, 0.2);
  assert.ok(
    u.every((x) => x === 0),
    'all features are 0',
  );
  for (const training of [true, false])
    await checkLayer(rng, graph, u, 8, 41, training, `zero rows ${training ? 'train' : 'eval'}`);
});

test(
  'band: fused inference = stored path bit for bit on Gaussian features, = reference',
  { skip },
  async () => {
    const rng = new Rng(505);
    // One atom with 900 sorted edges as well, so that the fused path's edge blocks split inside an atom and
    // its 6-edge panels start at other edges than those of the stored path.
    const base = sortedGraph(rng, 300, 12, ALL_KINDS);
    const N = 301;
    const bigDist = Array.from({ length: 900 }, () => rng.range(0.5, 9)).sort((a, b) => a - b);
    const nbr = Int32Array.from([...base.graph.nbr, ...bigDist.map(() => rng.int(N))]);
    const offsets = Int32Array.from([...base.graph.offsets, base.graph.nbr.length + 900]);
    const graph = { nbr, offsets };
    const E = nbr.length;
    for (const [F, B, step] of [
      [8, 41, 0.2],
      [4, 7, 1.3],
    ]) {
      const u = tensor(gaussian([...base.dist, ...bigDist], B, step, step), [E, B]);
      // v requires a gradient, so that outside noGrad the layer keeps what backward needs (stored path).
      const v = rand(rng, [N, F], -1, 1, true);
      const p = params32(rng, F, B);
      const ref = withoutFastKernels(() =>
        noGrad(() => tidy(() => Array.from(cgcnnConv(v, u, graph, p, { training: false }).data))),
      );
      for (const th of THREADS) {
        await setThreads(th);
        const stored = tidy(() => Array.from(cgcnnConv(v, u, graph, p, { training: false }).data));
        const fused = noGrad(() =>
          tidy(() => Array.from(cgcnnConv(v, u, graph, p, { training: false }).data)),
        );
        assert.deepEqual(
          fused,
          stored,
          `F=${F} B=${B} ${th} threads: fused inference differs from stored path`,
        );
        assertClose(fused, ref, `F=${F} B=${B} ${th} threads inference`);
      }
      await setThreads(1);
    }
  },
);
