// Edge weights of the fused CGCNN convolution (inference: identical edges folded into one, counted by their
// weight in the neighbour sum): a weighted graph gives what the graph with each edge repeated weight times
// gives, on the WebAssembly kernels (fused inference path, 1 and 2 threads) and on the TypeScript reference;
// training mode and gradients refuse weights; bad weights are named.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { randomParams32 as params, randomTensor32 as rand } from './helpers.js';
import {
  Rng,
  cgcnnConv,
  engineVariant,
  noGrad,
  setThreads,
  tensor,
  tidy,
  withoutFastKernels,
  type CgcnnGraph,
  type Tensor,
} from '../../src/engine/index.js';

const haveKernels = engineVariant() !== 'typescript';

before(async () => {
  if (haveKernels) await setThreads(1);
});
after(async () => {
  if (haveKernels) await setThreads(1);
});

/** A random graph with weighted edges, and the same graph with each edge repeated weight times. */
function graphs(rng: Rng, N: number, B: number) {
  const offsets = [0];
  const nbr: number[] = [];
  const w: number[] = [];
  const rows: number[][] = [];
  const fullOffsets = [0];
  const fullNbr: number[] = [];
  const fullRows: number[][] = [];
  for (let i = 0; i < N; i++) {
    const k = 1 + rng.int(5);
    for (let t = 0; t < k; t++) {
      const j = rng.int(N);
      const weight = 1 + rng.int(4);
      const d = rng.range(1, 8);
      const row = Array.from({ length: B }, (_, b) => Math.exp(-(((d - 0.2 * b) / 0.2) ** 2)));
      nbr.push(j);
      w.push(weight);
      rows.push(row);
      for (let r = 0; r < weight; r++) {
        fullNbr.push(j);
        fullRows.push(row);
      }
    }
    offsets.push(nbr.length);
    fullOffsets.push(fullNbr.length);
  }
  const weighted: CgcnnGraph = {
    nbr: Int32Array.from(nbr),
    offsets: Int32Array.from(offsets),
    edgeWeight: Float32Array.from(w),
  };
  const full: CgcnnGraph = { nbr: Int32Array.from(fullNbr), offsets: Int32Array.from(fullOffsets) };
  const u = tensor(Float32Array.from(rows.flat()), [rows.length, B]);
  const uFull = tensor(Float32Array.from(fullRows.flat()), [fullRows.length, B]);
  return { weighted, full, u, uFull };
}

function close(a: Float32Array, b: Float32Array, what: string): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++)
    assert.ok(
      Math.abs(a[i] - b[i]) <= 2e-5 * Math.max(1, Math.abs(b[i])),
      `${what} ${i}: ${a[i]} vs ${b[i]}`,
    );
}

for (const F of [16, 64]) {
  test(`weighted edges = repeated edges, F ${F}: kernels at 1 and 2 threads, and the reference`, async () => {
    const rng = new Rng(F);
    const N = 150;
    const B = 41;
    const p = params(rng, F, B);
    const v = rand(rng, [N, F]);
    const { weighted, full, u, uFull } = graphs(rng, N, B);
    const run = (uu: Tensor, g: CgcnnGraph) =>
      noGrad(() => tidy(() => Float32Array.from(cgcnnConv(v, uu, g, p, { training: false }).data)));
    const ref = withoutFastKernels(() => run(uFull, full));
    close(
      withoutFastKernels(() => run(u, weighted)),
      ref,
      'reference, weighted',
    );
    if (!haveKernels) return;
    for (const th of [1, 2]) {
      await setThreads(th);
      close(run(u, weighted), ref, `kernels ${th} thread(s), weighted`);
      close(run(uFull, full), ref, `kernels ${th} thread(s), repeated`);
    }
  });
}

test('edge weights: refused in training mode and with gradients; a negative or NaN weight is named', () => {
  const rng = new Rng(5);
  const F = 8;
  const p = params(rng, F, 6);
  const v = rand(rng, [10, F]);
  const { weighted, u } = graphs(rng, 10, 6);
  assert.throws(() => tidy(() => cgcnnConv(v, u, weighted, p, { training: true })), /inference/);
  const vg = tensor(v.data, v.shape, { requiresGrad: true });
  assert.throws(() => tidy(() => cgcnnConv(vg, u, weighted, p, { training: false })), /inference/);
  const bad = {
    ...weighted,
    edgeWeight: Float32Array.from(weighted.edgeWeight!, (x, e) => (e === 3 ? -1 : x)),
  };
  assert.throws(
    () => noGrad(() => tidy(() => cgcnnConv(v, u, bad, p, { training: false }))),
    /edge weight -1 of edge 3/,
  );
  const short = { ...weighted, edgeWeight: weighted.edgeWeight!.subarray(1) };
  assert.throws(
    () => noGrad(() => tidy(() => cgcnnConv(v, u, short, p, { training: false }))),
    /edge weights for/,
  );
});
