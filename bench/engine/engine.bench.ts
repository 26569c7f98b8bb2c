/**
 * Engine benchmark, side by side with PyTorch in the same run (bench/engine/torch_bench.py):
 * - one CGCNN convolution layer, forward + backward, 16,000 atoms x 12 neighbours, F = 64, 41 edge features
 *   (training mode: batch statistics in both BatchNorms);
 * - a 20000 x 169 by 169 x 128 matmul plus its gradient products dA = dC B^T and dB = A^T dC;
 * at 1 thread and at all cores. Prints times, GFLOP/s, xtal/PyTorch ratios and xtal's peak engine memory.
 * Usage: npx tsx bench/engine/engine.bench.ts [--reps 5] [--atoms 16000]
 */
import { spawnSync } from 'node:child_process';
import { cpus, availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Rng,
  backward,
  cgcnnConv,
  engineVariant,
  matmul,
  memoryStats,
  mul,
  noGrad,
  resetPeakMemory,
  setThreads,
  sum,
  tensor,
  tidy,
  type CgcnnConvParams,
  type Tensor,
} from '../../src/engine/index.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const reps = opt('reps', 5);
const N = opt('atoms', 16000);
const M = 12;
const F = 64;
const B = 41;
const E = N * M;
const allThreads = availableParallelism();
const here = dirname(fileURLToPath(import.meta.url));

const rng = new Rng(1);
const rand = (shape: number[], lo: number, hi: number, requiresGrad = false): Tensor =>
  tensor(
    Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => rng.range(lo, hi)),
    shape,
    { requiresGrad },
  ).keep();

const v = rand([N, F], -1, 1, true);
const u = rand([E, B], 0, 1);
const nbr = Int32Array.from({ length: E }, () => rng.int(N));
const offsets = Int32Array.from({ length: N + 1 }, (_, i) => i * M);
const k = 1 / Math.sqrt(2 * F + B);
const p: CgcnnConvParams = {
  weight: rand([2 * F, 2 * F + B], -k, k, true),
  bias: rand([2 * F], -k, k, true),
  bn1Gamma: rand([2 * F], 1, 1, true),
  bn1Beta: rand([2 * F], 0, 0, true),
  bn1RunningMean: rand([2 * F], 0, 0),
  bn1RunningVar: rand([2 * F], 1, 1),
  bn2Gamma: rand([F], 1, 1, true),
  bn2Beta: rand([F], 0, 0, true),
  bn2RunningMean: rand([F], 0, 0),
  bn2RunningVar: rand([F], 1, 1),
};
const R = rand([N, F], -1, 1);
const A = rand([20000, 169], -1, 1);
const Bm = rand([169, 128], -1, 1);
const G = rand([20000, 128], -1, 1);

function cgcnnStep(): void {
  tidy(() => {
    const o = cgcnnConv(v, u, { nbr, offsets }, p, { training: true });
    backward(sum(mul(o, R)));
  });
}

function mmStep(): void {
  tidy(() =>
    noGrad(() => {
      matmul(A, Bm);
      matmul(G, Bm, { transB: true });
      matmul(A, G, { transA: true });
    }),
  );
}

/** Wall time (best, median) and process CPU time (best; meaningful at 1 thread on a busy machine). */
function timeIt(fn: () => void): { best: number; median: number; cpu: number } {
  fn();
  const ts: number[] = [];
  let cpu = Infinity;
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    ts.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  ts.sort((a, b) => a - b);
  return { best: ts[0], median: ts[Math.floor(ts.length / 2)], cpu };
}

interface TorchTimes {
  cgcnn_best: number;
  cgcnn_median: number;
  cgcnn_cpu: number;
  mm_best: number;
  mm_median: number;
  mm_cpu: number;
}

function torch(threads: number): TorchTimes | null {
  const r = spawnSync(
    '/usr/bin/python3',
    [join(here, 'torch_bench.py'), String(threads), String(N), String(M), String(F), String(B), String(reps)],
    {
      encoding: 'utf8',
      // OpenMP threads sleep at barriers instead of spinning (spinning made PyTorch at 2 threads far
      // slower than at 1 on the shared machine; bench/anchors does the same).
      env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' },
    },
  );
  if (r.status !== 0) {
    console.error(`PyTorch side failed: ${r.stderr || r.error}`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

// FLOPs: the reference layer's matmul on the 169-wide z (forward 2 E (2F+B) 2F, backward twice that).
const cgFlops = 3 * 2 * E * (2 * F + B) * 2 * F;
const mmFlops = 3 * 2 * 20000 * 169 * 128;
console.log(`CPU: ${cpus()[0]?.model ?? '?'}, ${allThreads} cores; xtal kernels: ${engineVariant()}`);
console.log(
  `CGCNN layer fwd+bwd: ${N} atoms x ${M} neighbours, F = ${F}, B = ${B}; matmul 20000x169x128 + dA + dB; best (median) of ${reps}`,
);
const threadCounts = process.env.BENCH_THREADS
  ? [Number(process.env.BENCH_THREADS)]
  : [...new Set([1, allThreads])];
for (const th of threadCounts) {
  await setThreads(th);
  resetPeakMemory();
  const base = memoryStats().bytesInUse;
  const cg = timeIt(cgcnnStep);
  const peak = memoryStats().peakBytes - base;
  const mm = timeIt(mmStep);
  const pt = torch(th);
  const f = (s: number) => `${(s * 1000).toFixed(1)} ms`;
  console.log(`\n${th} thread${th > 1 ? 's' : ''}:`);
  console.log(
    `  CGCNN layer  xtal ${f(cg.best)} (${f(cg.median)})  ${(cgFlops / cg.best / 1e9).toFixed(1)} GFLOP/s-equiv, peak engine memory ${(peak / 1048576).toFixed(0)} MiB above inputs`,
  );
  if (pt)
    console.log(
      `               PyTorch ${f(pt.cgcnn_best)} (${f(pt.cgcnn_median)})  ratio PyTorch/xtal ${(pt.cgcnn_best / cg.best).toFixed(2)}x (median ${(pt.cgcnn_median / cg.median).toFixed(2)}x)`,
    );
  console.log(
    `  matmul x3    xtal ${f(mm.best)} (${f(mm.median)})  ${(mmFlops / mm.best / 1e9).toFixed(1)} GFLOP/s`,
  );
  if (pt)
    console.log(
      `               PyTorch ${f(pt.mm_best)} (${f(pt.mm_median)})  ${(mmFlops / pt.mm_best / 1e9).toFixed(1)} GFLOP/s, ratio PyTorch/xtal ${(pt.mm_best / mm.best).toFixed(2)}x`,
    );
  if (pt)
    console.log(
      `  CPU time (${th === 1 ? '1 thread, robust to a busy machine' : `all ${th} threads' work, not elapsed time`}): CGCNN xtal ${f(cg.cpu)} PyTorch ${f(pt.cgcnn_cpu)} ratio ${(pt.cgcnn_cpu / cg.cpu).toFixed(2)}x; matmul x3 xtal ${f(mm.cpu)} = ${(mmFlops / mm.cpu / 1e9).toFixed(1)} GFLOP/s, PyTorch ${f(pt.mm_cpu)} = ${(mmFlops / pt.mm_cpu / 1e9).toFixed(1)} GFLOP/s`,
    );
}
await setThreads(1);
