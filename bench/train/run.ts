/**
 * Benchmark: CGCNN training on ../shared/data/elastic-mp fold 0 (test set: fold 0; validation: a seeded
 * 10 % of the rest; reference hyperparameters and model size: F 64, H 128, 3 convolutions, n_h 1, SGD lr
 * 0.01 momentum 0.9, batch 256), N epochs, xtal against the PyTorch anchor (bench/anchors/cgcnn_torch.py
 * train) side by side in one run, at 1 thread and at all cores. Each configuration is its own process (so
 * peak RSS is its own): xtal in a child of this script, PyTorch under /usr/bin/python3; both train on the
 * same crystals (xtal writes the split, the anchor reads it). Prints seconds per epoch (median; train pass +
 * validation pass, as the reference main.py counts an epoch; train pass alone and CPU time beside it), the
 * ratio, peak RSS, and the test MAE of the best-validation epoch. Graph building is reported separately.
 *
 * Usage: npx tsx bench/train/run.ts [--epochs 5] [--threads 1,2] [--target log10_K] [--seed 0]
 *        [--skip-python] [--json OUT] [--no-snapshot]   (or node dist/bench/train/run.js after a build)
 *        Profile xtal alone: --skip-python --profile DIR (node --cpu-prof on the xtal children), then
 *        npx tsx bench/train/profile-summary.ts DIR/CPU.*.cpuprofile.
 * The children run from a frozen copy of the tree (anchors/harness.ts snapshot) unless --no-snapshot.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  flags,
  loadLine,
  machineLine,
  revisionLine,
  measureProcess,
  median,
  projectRoot,
  PYTHON,
  sharedDataDir,
  snapshot,
  table,
  threadEnv,
} from '../anchors/harness.js';

const argv = process.argv.slice(2);
const f = flags(argv);
const root = projectRoot();
const shared = sharedDataDir(root);
const dataDir = join(shared, 'elastic-mp');
const atomInit = join(shared, 'cgcnn', 'atom_init.json');
const epochs = f.number('--epochs', 5);
const target = f.get('--target') ?? 'log10_K';
const seed = f.number('--seed', 0);

/** What one side reports for one thread count. */
interface SideResult {
  implementation: string;
  threads: number;
  epochs: number;
  secondsPerEpoch: number;
  cpuSecondsPerEpoch: number;
  trainSecondsPerEpoch: number;
  trainCpuSecondsPerEpoch: number;
  /** Reading CIFs and building graphs (not part of an epoch). */
  graphSeconds: number;
  graphCpuSeconds: number;
  bestValMae: number;
  testMae: number;
  peakRssMb: number;
  /** Peak RSS seen from outside (GNU time), MB. */
  processPeakRssMb?: number;
  enginePeakMb?: number;
  nTrain: number;
  nVal: number;
  nTest: number;
  epochLog: Array<{
    seconds: number;
    cpuSeconds: number;
    trainSeconds: number;
    trainCpuSeconds: number;
    valMae: number;
  }>;
}

if (f.has('--child')) await child();
else await parent();

// ---------------------------------------------------------------- xtal, one thread count, in a child
async function child(): Promise<void> {
  const { setThreads, memoryStats, getThreads } = await import('../../src/engine/index.js');
  const { readAtomFeaturesFile } = await import('../../src/elements/feature-files.js');
  const { loadTrainingData } = await import('../../src/train/data.js');
  const { foldColumnSplit } = await import('../../src/train/splits.js');
  const { trainSplit, TRAIN_DEFAULTS } = await import('../../src/train/trainer.js');
  const threads = f.number('--threads', 1);
  await setThreads(threads);
  const graph = { radiusA: 8, maxNeighbors: 12, stepA: 0.2, dminA: 0 };
  const cpuNow = (): number => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1e6;
  };
  let w0 = performance.now();
  let c0 = cpuNow();
  const data = await loadTrainingData({
    data: join(dataDir, 'targets.csv'),
    structures: join(dataDir, 'cifs'),
    targets: [target],
    featurizer: readAtomFeaturesFile(atomInit),
    graph,
    foldColumn: 'fold',
  });
  const graphSeconds = (performance.now() - w0) / 1000;
  const graphCpuSeconds = cpuNow() - c0;
  const samples = data.samples;
  const split = foldColumnSplit(
    samples.map((s) => s.fold ?? ''),
    0,
    0.1,
    seed,
  );
  const splitOut = f.get('--write-split');
  if (splitOut) {
    const ids = (rows: number[]): string[] => rows.map((r) => samples[r].id);
    writeFileSync(
      splitOut,
      JSON.stringify({ train: ids(split.train), val: ids(split.val), test: ids(split.test) }),
    );
  }
  const log: SideResult['epochLog'] = [];
  let lastBatch = 0;
  w0 = performance.now();
  c0 = cpuNow();
  let cTrain = 0;
  const result = trainSplit(
    samples,
    split,
    { ...TRAIN_DEFAULTS, epochs, lrMilestones: [240], seed, model: {}, graph },
    {
      callbacks: {
        onBatch: ({ batch, batches }) => {
          if (batch === batches) {
            lastBatch = performance.now();
            cTrain = cpuNow();
          }
        },
        onEpoch: (s) => {
          const now = performance.now();
          const c = cpuNow();
          log.push({
            seconds: (now - w0) / 1000,
            cpuSeconds: c - c0,
            trainSeconds: (lastBatch - w0) / 1000,
            trainCpuSeconds: cTrain - c0,
            valMae: s.valMae[0],
          });
          process.stderr.write(
            `xtal epoch ${s.epoch + 1}: loss ${s.trainLoss.toFixed(4)} val MAE ${s.valMae[0].toFixed(4)} ` +
              `(${((now - w0) / 1000).toFixed(2)} s, CPU ${(c - c0).toFixed(2)} s; trainer ${s.seconds.toFixed(2)} s)\n`,
          );
          w0 = now;
          c0 = c;
        },
      },
    },
  );
  const res: SideResult = {
    implementation: `xtal (${(await import('../../src/engine/index.js')).engineVariant()} kernels)`,
    threads: getThreads(),
    epochs,
    secondsPerEpoch: median(log.map((e) => e.seconds)),
    cpuSecondsPerEpoch: median(log.map((e) => e.cpuSeconds)),
    trainSecondsPerEpoch: median(log.map((e) => e.trainSeconds)),
    trainCpuSecondsPerEpoch: median(log.map((e) => e.trainCpuSeconds)),
    graphSeconds,
    graphCpuSeconds,
    bestValMae: Math.min(...log.map((e) => e.valMae)),
    testMae: Number(result.testMetrics.mae),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    enginePeakMb: memoryStats().peakBytes / 2 ** 20,
    nTrain: split.train.length,
    nVal: split.val.length,
    nTest: split.test.length,
    epochLog: log,
  };
  writeFileSync(f.get('--out')!, JSON.stringify(res, null, 2));
  process.exit(0);
}

// ---------------------------------------------------------------- both sides, side by side
async function parent(): Promise<void> {
  if (!existsSync(join(dataDir, 'targets.csv'))) {
    console.error(`bench/train needs ${dataDir} (the shared data is not present)`);
    process.exit(1);
  }
  const threadList = f.threads();
  const work = mkdtempSync(join(tmpdir(), 'xtal-bench-train-'));
  const splitFile = join(work, 'split.json');
  // Children run from a frozen copy of the tree (unless --no-snapshot), so every configuration runs the same code.
  const snap = f.has('--no-snapshot') ? null : snapshot(root);
  const codeRoot = snap ?? root;
  const self = join(codeRoot, relative(root, fileURLToPath(import.meta.url)));
  const profileDir = f.get('--profile');
  if (profileDir) {
    // The kernels the profiled children run, for naming WebAssembly frames later (profile-summary.ts).
    mkdirSync(profileDir, { recursive: true });
    copyFileSync(
      join(codeRoot, 'build', 'kernels', 'xtal-relaxed.wasm'),
      join(profileDir, 'xtal-relaxed.wasm'),
    );
    copyFileSync(
      join(codeRoot, 'src', 'engine', 'kernels', 'as', 'kernels.ts'),
      join(profileDir, 'kernels.ts'),
    );
  }
  const loadStart = loadLine();
  const revisionStart = revisionLine(root);
  const results: SideResult[] = [];
  process.stderr.write(
    `bench/train: elastic-mp fold 0, ${target}, ${epochs} epochs, threads ${threadList.join(', ')}\n`,
  );
  for (const threads of threadList) {
    const out = join(work, `xtal-${threads}.json`);
    process.stderr.write(`xtal, ${threads} thread(s) ...\n`);
    const nodeArgs = [
      ...process.execArgv,
      ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', resolve(profileDir)] : []),
      self,
      '--child',
      '--threads',
      String(threads),
      '--epochs',
      String(epochs),
      '--target',
      target,
      '--seed',
      String(seed),
      '--out',
      out,
      ...(existsSync(splitFile) ? [] : ['--write-split', splitFile]),
    ];
    const xs = measureProcess(process.execPath, nodeArgs, { env: threadEnv(threads) });
    process.stderr.write(xs.stderr);
    const xr = JSON.parse(readFileSync(out, 'utf8')) as SideResult;
    xr.processPeakRssMb = xs.peakRssMb;
    results.push(xr);
    if (f.has('--skip-python')) continue;
    process.stderr.write(`PyTorch, ${threads} thread(s) ...\n`);
    const pout = join(work, `torch-${threads}.json`);
    const ps = measureProcess(
      PYTHON,
      [
        join(codeRoot, 'bench', 'anchors', 'cgcnn_torch.py'),
        'train',
        '--data',
        dataDir,
        '--atom-init',
        atomInit,
        '--target',
        target,
        '--split',
        splitFile,
        '--epochs',
        String(epochs),
        '--threads',
        String(threads),
        '--seed',
        String(seed),
        '--out',
        pout,
      ],
      { env: threadEnv(threads) },
    );
    process.stderr.write(ps.stderr);
    const p = JSON.parse(readFileSync(pout, 'utf8')) as Record<string, number | string | unknown[]>;
    results.push({
      implementation: String(p.implementation),
      threads,
      epochs,
      secondsPerEpoch: p.seconds_per_epoch as number,
      cpuSecondsPerEpoch: p.cpu_seconds_per_epoch as number,
      trainSecondsPerEpoch: p.train_seconds_per_epoch as number,
      trainCpuSecondsPerEpoch: p.train_cpu_seconds_per_epoch as number,
      graphSeconds: (p.parse_seconds as number) + (p.graph_seconds as number),
      graphCpuSeconds: (p.parse_cpu_seconds as number) + (p.graph_cpu_seconds as number),
      bestValMae: p.best_val_mae as number,
      testMae: p.test_mae as number,
      peakRssMb: p.peak_rss_mb as number,
      processPeakRssMb: ps.peakRssMb,
      nTrain: p.n_train as number,
      nVal: p.n_val as number,
      nTest: p.n_test as number,
      epochLog: (p.epoch_log as Array<Record<string, number>>).map((e) => ({
        seconds: e.seconds,
        cpuSeconds: e.cpu_seconds,
        trainSeconds: e.train_seconds,
        trainCpuSeconds: e.train_cpu_seconds,
        valMae: e.val_mae,
      })),
    });
  }

  const x0 = results[0];
  const lines: string[] = [];
  lines.push(
    `bench/train: elastic-mp fold 0 (${x0.nTrain} train / ${x0.nVal} validation / ${x0.nTest} test), ` +
      `${target}, ${epochs} epochs, reference size (F 64, H 128, 3 conv, n_h 1), SGD lr 0.01 m 0.9, batch 256`,
  );
  lines.push(machineLine());
  lines.push(`at start: ${revisionStart}; at end: ${revisionLine(root)}`);
  lines.push(`load average at start: ${loadStart}`);
  lines.push('');
  const rows = results.map((r) => {
    const other = results.find((o) => o.threads === r.threads && o !== r);
    const isX = r.implementation.startsWith('xtal');
    const ratio = (a: number | undefined, b: number): string => (isX && a ? `${(a / b).toFixed(2)}x` : '');
    return [
      r.implementation,
      String(r.threads),
      r.secondsPerEpoch.toFixed(2),
      ratio(other?.secondsPerEpoch, r.secondsPerEpoch),
      r.trainSecondsPerEpoch.toFixed(2),
      r.cpuSecondsPerEpoch.toFixed(2),
      ratio(other?.cpuSecondsPerEpoch, r.cpuSecondsPerEpoch),
      (r.processPeakRssMb ?? r.peakRssMb).toFixed(0),
      r.testMae.toFixed(4),
      r.bestValMae.toFixed(4),
      `${r.graphSeconds.toFixed(1)} (${r.graphCpuSeconds.toFixed(1)})`,
    ];
  });
  lines.push(
    table(
      [
        'implementation',
        'threads',
        's/epoch',
        'ratio',
        'train pass s',
        'CPU s/epoch',
        'CPU ratio',
        'peak RSS MB',
        `test MAE`,
        'best val MAE',
        'graphs s (CPU)',
      ],
      rows,
    ),
  );
  lines.push('');
  lines.push(
    's/epoch: median wall seconds of train pass + validation pass; ratio = PyTorch / xtal at the same thread count;',
  );
  lines.push(
    'CPU s/epoch: process CPU time (all threads); test MAE: the best-validation epoch, in log10 GPa; graphs: read + parse CIFs + build graphs, not in s/epoch.',
  );
  for (const r of results.filter((x) => x.enginePeakMb !== undefined))
    lines.push(`xtal ${r.threads} thread(s): engine peak ${r.enginePeakMb!.toFixed(0)} MB`);
  lines.push(`load average at end: ${loadLine()}`);
  console.log(lines.join('\n'));
  const jsonOut = f.get('--json');
  if (jsonOut)
    writeFileSync(
      jsonOut,
      JSON.stringify({ machine: machineLine(), revisionStart, loadStart, target, epochs, results }, null, 2),
    );
  rmSync(work, { recursive: true, force: true });
  if (snap) rmSync(snap, { recursive: true, force: true });
}
