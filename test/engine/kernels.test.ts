// Every WebAssembly kernel against its TypeScript reference, on awkward shapes (one row, sizes that are not
// multiples of the tiles, empty dimensions), at 1 and 3 threads; and 1-thread vs 3-thread results
// bit-identical.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  Rng,
  backward,
  cgcnnConv,
  engineVariant,
  matmul,
  mul,
  setThreads,
  sum,
  tensor,
  tidy,
  withoutFastKernels,
  noGrad,
  add,
  sub,
  div,
  exp,
  neg,
  sqrt,
  abs,
  square,
  sigmoid,
  tanh,
  relu,
  softplus,
  batchNorm,
  type Tensor,
} from '../../src/engine/index.js';
import { randomGraph, randomParams32 as params32, randomTensor32 as rand } from './helpers.js';

const haveKernels = engineVariant() !== 'typescript';
const skip = haveKernels ? false : 'WebAssembly kernels not built (run node scripts/build-kernels.mjs)';
const THREADS = [1, 3];

before(async () => {
  if (haveKernels) await setThreads(1);
});
after(async () => {
  if (haveKernels) await setThreads(1);
});

function assertClose(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  rtol: number,
  atol: number,
  what: string,
): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= atol + rtol * Math.abs(b[i]))) assert.fail(`${what}[${i}]: fast ${a[i]} vs reference ${b[i]}`);
  }
}

/** Runs f with the kernels at each thread count and with the reference; compares. */
/** True while compare() runs the TypeScript reference. */
let withoutFastKernelsActive = false;

async function compare(f: () => number[][], rtol: number, atol: number, what: string): Promise<void> {
  withoutFastKernelsActive = true;
  let ref: number[][];
  try {
    ref = withoutFastKernels(() => tidy(f));
  } finally {
    withoutFastKernelsActive = false;
  }
  let first: number[][] | null = null;
  for (const th of THREADS) {
    await setThreads(th);
    const got = tidy(f);
    got.forEach((g, i) => assertClose(g, ref[i], rtol, atol, `${what} (${th} threads) output ${i}`));
    if (first)
      got.forEach((g, i) =>
        assert.deepEqual(g, first![i], `${what}: ${th} threads not bit-identical to 1 thread`),
      );
    else first = got;
  }
  await setThreads(1);
}

test('gemm: all transposes, awkward shapes, accumulate into gradients', { skip }, async () => {
  const rng = new Rng(1);
  const shapes = [
    [1, 1, 1],
    [1, 9, 5],
    [7, 1, 3],
    [13, 17, 0],
    [6, 8, 256],
    [25, 19, 300],
    [61, 130, 7],
    [5, 600, 33],
  ];
  for (const [M, N, K] of shapes)
    for (const tA of [false, true])
      for (const tB of [false, true]) {
        const a = rand(rng, tA ? [K, M] : [M, K], -1, 1, true);
        const b = rand(rng, tB ? [N, K] : [K, N], -1, 1, true);
        const r = rand(rng, [M, N]);
        await compare(
          () => {
            a.zeroGrad();
            b.zeroGrad();
            const c = matmul(a, b, { transA: tA, transB: tB });
            backward(sum(mul(c, r)));
            return [Array.from(c.data), Array.from(a.grad!), Array.from(b.grad!)];
          },
          1e-5,
          1e-5,
          `gemm ${M}x${N}x${K} ${tA} ${tB}`,
        );
      }
});

test('unary kernels and their gradients', { skip }, async () => {
  const rng = new Rng(2);
  const ops: [string, (x: Tensor) => Tensor, number, number][] = [
    ['neg', neg, -5, 5],
    ['exp', exp, -20, 20],
    ['sqrt', sqrt, 0.01, 9],
    ['abs', abs, -3, 3],
    ['square', square, -3, 3],
    ['sigmoid', sigmoid, -30, 30],
    ['tanh', tanh, -5, 5],
    ['relu', relu, -3, 3],
    ['softplus', softplus, -40, 40],
  ];
  for (const n of [1, 3, 4, 7, 1001, 70001])
    for (const [name, f, lo, hi] of ops) {
      const x = rand(rng, [n], lo, hi, true);
      const r = rand(rng, [n]);
      await compare(
        () => {
          x.zeroGrad();
          const y = f(x);
          backward(sum(mul(y, r)));
          return [Array.from(y.data), Array.from(x.grad!)];
        },
        3e-6,
        1e-6,
        `${name} n=${n}`,
      );
    }
  // Small arguments: tanh and softplus keep their relative accuracy.
  const small = tensor(Float32Array.from([1e-6, -3e-4, 0.01, -0.29, 0.31, -30, -50, -87]));
  await compare(
    () => [Array.from(tanh(small).data), Array.from(softplus(small).data), Array.from(sigmoid(small).data)],
    3e-6,
    0,
    'small arguments',
  );
});

test('binary kernels: same shape, scalar and row broadcast', { skip }, async () => {
  const rng = new Rng(3);
  for (const [rows, cols] of [
    [1, 1],
    [3, 5],
    [7, 8],
    [300, 257],
  ]) {
    const a = rand(rng, [rows, cols]);
    const same = rand(rng, [rows, cols], 0.5, 2);
    const row = rand(rng, [cols], 0.5, 2);
    const s = rand(rng, [1], 0.5, 2);
    for (const f of [add, sub, mul, div])
      for (const b of [same, row, s])
        await compare(
          () => [Array.from(f(a, b).data)],
          1e-6,
          1e-7,
          `${f.name} [${rows},${cols}] by [${b.shape}]`,
        );
  }
});

test('binary op gradients with the same shapes (accumulate kernel)', { skip }, async () => {
  const rng = new Rng(5);
  for (const n of [1, 7, 70001]) {
    const a = rand(rng, [n], -2, 2, true);
    const b = rand(rng, [n], 0.5, 2, true);
    const r = rand(rng, [n]);
    for (const f of [add, sub, mul, div])
      await compare(
        () => {
          a.zeroGrad();
          b.zeroGrad();
          // Used twice so that the gradients accumulate into non-zero buffers.
          backward(sum(mul(add(f(a, b), f(a, b)), r)));
          return [Array.from(a.grad!), Array.from(b.grad!)];
        },
        1e-6,
        1e-7,
        `d${f.name} n=${n}`,
      );
  }
});

test('batchNorm scale-shift kernel', { skip }, async () => {
  const rng = new Rng(4);
  for (const [rows, cols] of [
    [2, 3],
    [517, 12],
  ]) {
    const x = rand(rng, [rows, cols], -2, 3);
    const g = rand(rng, [cols], 0.5, 1.5);
    const b = rand(rng, [cols]);
    await compare(
      () => [Array.from(batchNorm(x, g, b, { training: true }).data)],
      1e-5,
      1e-5,
      `batchNorm [${rows},${cols}]`,
    );
  }
});

test('fused CGCNN kernels = TypeScript reference, training and eval, awkward graphs', { skip }, async () => {
  const cases: [number, number, number, number, boolean][] = [
    // N, F, B, max neighbours, allow atoms without edges
    [2, 4, 3, 2, false],
    [37, 8, 41, 12, true],
    [700, 16, 5, 12, false],
    [5, 4, 0, 3, false],
    // More edges than one split-K chunk of the weight-gradient GEMM (8192) and many tiles.
    [2000, 4, 3, 12, false],
    // 2F wider than one GEMM column block (512): the unfused BN1 apply and split-K weight gradient.
    [6, 260, 3, 3, false],
  ];
  let seed = 10;
  for (const [N, F, B, M, allowEmpty] of cases)
    for (const training of [true, false]) {
      const rng = new Rng(seed++);
      const g = randomGraph(rng, N, M, allowEmpty);
      const E = g.nbr.length;
      const v = rand(rng, [N, F], -1, 1, true);
      const u = rand(rng, [E, B], 0, 1, true);
      const p = params32(rng, F, B);
      const r = rand(rng, [N, F]);
      const running = [p.bn1RunningMean, p.bn1RunningVar, p.bn2RunningMean, p.bn2RunningVar];
      const init = running.map((t) => Float32Array.from(t.data));
      const trainable = [v, u, p.weight, p.bias, p.bn1Gamma, p.bn1Beta, p.bn2Gamma, p.bn2Beta];
      await compare(
        () => {
          running.forEach((t, i) => t.data.set(init[i]));
          for (const t of trainable) t.zeroGrad();
          const o = cgcnnConv(v, u, g, p, { training });
          backward(sum(mul(o, r)));
          return [
            Array.from(o.data),
            ...trainable.map((t) => Array.from(t.grad!)),
            ...running.map((t) => Array.from(t.data)),
          ];
        },
        2e-4,
        2e-4,
        `cgcnn N=${N} F=${F} B=${B} E=${E} ${training ? 'train' : 'eval'}`,
      );
    }
});

test(
  'fused CGCNN on Gaussian-expanded distances (subnormal tails) = TypeScript reference',
  { skip },
  async () => {
    // u = exp(-(d - mu)^2 / 0.2^2) on 0..8 A as CGCNN builds it: most entries are 0, subnormal or tiny, the
    // range where the kernels pack edge features as 0 below 2^-64.
    const rng = new Rng(77);
    const N = 300;
    const F = 8;
    const B = 41;
    const g = randomGraph(rng, N, 12, false);
    const E = g.nbr.length;
    const uData = new Float32Array(E * B);
    let tiny = 0;
    for (let e = 0; e < E; e++) {
      const d = rng.range(1.5, 8);
      for (let b = 0; b < B; b++) {
        const x = Math.fround(Math.exp(-(((d - 0.2 * b) / 0.2) ** 2)));
        uData[e * B + b] = x;
        if (x > 0 && x < 2 ** -64) tiny++;
      }
    }
    assert.ok(tiny > E, `the expansion has tiny values (${tiny})`);
    const v = rand(rng, [N, F], -1, 1, true);
    const u = tensor(uData, [E, B], { requiresGrad: true });
    const p = params32(rng, F, B);
    const r = rand(rng, [N, F]);
    const trainable = [v, u, p.weight, p.bias, p.bn1Gamma, p.bn1Beta, p.bn2Gamma, p.bn2Beta];
    const running = [p.bn1RunningMean, p.bn1RunningVar, p.bn2RunningMean, p.bn2RunningVar];
    const init = running.map((t) => Float32Array.from(t.data));
    await compare(
      () => {
        running.forEach((t, i) => t.data.set(init[i]));
        for (const t of trainable) t.zeroGrad();
        const o = cgcnnConv(v, u, g, p, { training: true });
        backward(sum(mul(o, r)));
        return [Array.from(o.data), ...trainable.map((t) => Array.from(t.grad!))];
      },
      2e-4,
      2e-4,
      'cgcnn on Gaussian edge features',
    );
  },
);

test('fused CGCNN batch statistics stay exact with a large common offset (bias 40)', { skip }, async () => {
  // Edge pre-activations near 40 with a spread near 1: statistics that subtract large sums would lose
  // most of the variance's digits here.
  const rng = new Rng(91);
  const N = 700;
  const F = 8;
  const B = 5;
  const g = randomGraph(rng, N, 12, false);
  const E = g.nbr.length;
  const v = rand(rng, [N, F], -1, 1, true);
  const u = rand(rng, [E, B], 0, 1, true);
  const p = params32(rng, F, B);
  p.bias.data.forEach((x, i) => (p.bias.data[i] = x + 40));
  const r = rand(rng, [N, F]);
  const trainable = [v, u, p.weight, p.bias, p.bn1Gamma, p.bn1Beta, p.bn2Gamma, p.bn2Beta];
  const running = [p.bn1RunningMean, p.bn1RunningVar, p.bn2RunningMean, p.bn2RunningVar];
  const init = running.map((t) => Float32Array.from(t.data));
  await compare(
    () => {
      running.forEach((t, i) => t.data.set(init[i]));
      for (const t of trainable) t.zeroGrad();
      const o = cgcnnConv(v, u, g, p, { training: true });
      backward(sum(mul(o, r)));
      return [
        Array.from(o.data),
        ...trainable.map((t) => Array.from(t.grad!)),
        ...running.map((t) => Array.from(t.data)),
      ];
    },
    2e-4,
    2e-4,
    'cgcnn with bias 40',
  );
});

test(
  'inference CGCNN (eval, no grad: fused, nothing stored) = the stored path bit for bit, and = reference',
  { skip },
  async () => {
    const rng = new Rng(123);
    // Random graph plus one atom with 900 edges, so edge blocks split inside an atom.
    const base = randomGraph(rng, 300, 12, true);
    const N = 301;
    const nbrs = [...base.nbr, ...Array.from({ length: 900 }, () => rng.int(N))];
    const offsets = Int32Array.from([...base.offsets, base.nbr.length + 900]);
    const g = { nbr: Int32Array.from(nbrs), offsets };
    const E = g.nbr.length;
    for (const [F, B] of [
      [8, 41],
      [4, 0],
    ]) {
      const v = rand(rng, [N, F], -1, 1, true);
      const u = rand(rng, [E, B], 0, 1);
      const p = params32(rng, F, B);
      const stored = tidy(() => Array.from(cgcnnConv(v, u, g, p, { training: false }).data));
      await compare(
        () => {
          const o = noGrad(() => Array.from(cgcnnConv(v, u, g, p, { training: false }).data));
          if (!withoutFastKernelsActive)
            assert.deepEqual(o, stored, 'fused inference differs from the stored path');
          return [o];
        },
        2e-4,
        2e-4,
        `cgcnn inference F=${F} B=${B}`,
      );
    }
  },
);
