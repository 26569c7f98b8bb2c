/**
 * Per-kernel CPU time of one CGCNN layer step (forward + backward, training mode) on the WebAssembly
 * kernels: wraps Engine.run and takes process CPU time per kernel call, reporting the median over the
 * repetitions, plus the time spent outside the kernels (TypeScript glue) and the best and median step.
 * At 1 thread CPU time is robust to a busy machine.
 * Usage: npx tsx bench/engine/profile-cgcnn.ts [--reps 5] [--atoms 16000] [--threads 1]
 */
import {
  Rng,
  backward,
  cgcnnConv,
  currentEngine,
  engineVariant,
  mul,
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
const threads = opt('threads', 1);
const M = 12;
const F = 64;
const B = 41;
const E = N * M;
const e = currentEngine();
if (!e) throw new Error('profile-cgcnn: WebAssembly kernels not loaded');
await setThreads(threads);

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

const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
/** Per repetition: CPU ms per kernel call key. */
const cpuT: Map<string, number>[] = [];
const calls = new Map<string, number>();
const orig = e.run.bind(e);
let cur: Map<string, number> | null = null;
e.run = (name: string, nth: number, a: number[]) => {
  if (!cur) return orig(name, nth, a);
  const key = `${name}#${calls.get(name) ?? 0}`;
  const c0 = cpu();
  orig(name, nth, a);
  cur.set(key, (cur.get(key) ?? 0) + cpu() - c0);
  calls.set(name, (calls.get(name) ?? 0) + 1);
};

function step(): void {
  tidy(() => {
    const o = cgcnnConv(v, u, { nbr, offsets }, p, { training: true });
    backward(sum(mul(o, R)));
  });
}
step();
const totals: number[] = [];
const walls: number[] = [];
const outside: number[] = [];
for (let r = 0; r < reps; r++) {
  calls.clear();
  cur = new Map();
  const c0 = cpu();
  const t0 = performance.now();
  step();
  const t = cpu() - c0;
  totals.push(t);
  walls.push(performance.now() - t0);
  outside.push(t - [...cur.values()].reduce((x, y) => x + y, 0));
  cpuT.push(cur);
  cur = null;
}
const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(
  `kernels ${engineVariant()}, ${threads} thread(s), ${N} atoms x ${M}, F ${F}, B ${B}; CPU ms, median of ${reps} steps`,
);
const keys = [...cpuT[0].keys()];
const rows = keys.map((k) => [k, med(cpuT.map((m) => m.get(k) ?? 0))] as [string, number]);
for (const [key, ms] of rows.sort((x, y) => y[1] - x[1]))
  console.log(`  ${key.padEnd(24)} ${ms.toFixed(1).padStart(7)}`);
console.log(`  ${'(outside kernels)'.padEnd(24)} ${med(outside).toFixed(1).padStart(7)}`);
console.log(
  `  step: CPU best ${Math.min(...totals).toFixed(1)} median ${med(totals).toFixed(1)}; wall best ${Math.min(...walls).toFixed(1)} median ${med(walls).toFixed(1)}`,
);
await setThreads(1);
