/**
 * Per-kernel CPU time of real CGCNN training epochs on ../shared/data/elastic-mp (fold 0 held out, the
 * reference model size and batch 256, as bench/train does): wraps Engine.run and sums process CPU time
 * per kernel over the epochs, and reports the time outside the kernels. For finding what a training
 * epoch spends its time on; bench/train compares whole epochs with PyTorch.
 * Usage: npx tsx bench/engine/profile-train.ts [--epochs 2] [--threads 1] [--subnormals]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { currentEngine, setThreads } from '../../src/engine/index.js';
import { readAtomFeaturesFile } from '../../src/elements/feature-files.js';
import { loadTrainingData } from '../../src/train/data.js';
import { foldColumnSplit } from '../../src/train/splits.js';
import { trainSplit, TRAIN_DEFAULTS } from '../../src/train/trainer.js';
import { packageRoot } from '../../src/engine/wasm-node.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const epochs = opt('epochs', 2);
const threads = opt('threads', 1);
const countSubnormals = args.includes('--subnormals');
const shared = join(packageRoot(), '..', 'shared', 'data');
const dataDir = join(shared, 'elastic-mp');
if (!existsSync(join(dataDir, 'targets.csv'))) {
  console.error(`profile-train needs ${dataDir}`);
  process.exit(1);
}
const e = currentEngine();
if (!e) throw new Error('profile-train: WebAssembly kernels not loaded');
await setThreads(threads);
const graph = { radiusA: 8, maxNeighbors: 12, stepA: 0.2, dminA: 0 };
const data = await loadTrainingData({
  data: join(dataDir, 'targets.csv'),
  structures: join(dataDir, 'cifs'),
  targets: ['log10_K'],
  featurizer: readAtomFeaturesFile(join(shared, 'cgcnn', 'atom_init.json')),
  graph,
  foldColumn: 'fold',
});
const samples = data.samples;
const split = foldColumnSplit(
  samples.map((s) => s.fold ?? ''),
  0,
  0.1,
  0,
);

const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const cpuT = new Map<string, number>();
const calls = new Map<string, number>();
const subnormal = new Map<string, number>();
const orig = e.run.bind(e);
e.run = (name: string, nth: number, a: number[]) => {
  const c0 = cpu();
  orig(name, nth, a);
  cpuT.set(name, (cpuT.get(name) ?? 0) + cpu() - c0);
  calls.set(name, (calls.get(name) ?? 0) + 1);
  if (countSubnormals && name === 'gemmSplitK') {
    const [M, N, K] = a;
    const f = e.heap.heapF32;
    const count = (ptr: number, n: number) => {
      let s = 0;
      for (let i = ptr / 4, end = ptr / 4 + n; i < end; i++) {
        const x = Math.abs(f[i]);
        if (x > 0 && x < 1.1754943508222875e-38) s++;
      }
      return s;
    };
    subnormal.set('A', (subnormal.get('A') ?? 0) + count(a[4], M * K));
    subnormal.set('B', (subnormal.get('B') ?? 0) + count(a[7], N * K));
    subnormal.set('values', (subnormal.get('values') ?? 0) + (M + N) * K);
  }
};

const c0 = cpu();
const t0 = performance.now();
const secs: number[] = [];
trainSplit(
  samples,
  split,
  { ...TRAIN_DEFAULTS, epochs, lrMilestones: [240], seed: 0, model: {}, graph },
  { callbacks: { onEpoch: (s) => secs.push(s.seconds) } },
);
const total = cpu() - c0;
console.log(
  `elastic-mp fold 0: ${split.train.length} train / ${split.val.length} val, ${epochs} epochs, ${threads} thread(s); wall ${((performance.now() - t0) / 1000).toFixed(2)} s, CPU ${(total / 1000).toFixed(2)} s (CPU per epoch ${(total / 1000 / epochs).toFixed(2)} s, incl. final val/test evaluation)`,
);
let inK = 0;
for (const [k, ms] of [...cpuT.entries()].sort((x, y) => y[1] - x[1])) {
  inK += ms;
  console.log(`  ${k.padEnd(20)} ${(ms / epochs).toFixed(1).padStart(8)} ms/epoch  ${calls.get(k)} calls`);
}
console.log(
  `  ${'(outside kernels)'.padEnd(20)} ${((total - inK) / epochs).toFixed(1).padStart(8)} ms/epoch`,
);
if (countSubnormals) console.log('subnormals in gemmSplitK operands:', Object.fromEntries(subnormal));
await setThreads(1);
