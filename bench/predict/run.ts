/**
 * Benchmark: end-to-end prediction on all 4,411 crystals of ../shared/data/elastic-mp, xtal against the
 * PyTorch anchor (bench/anchors/cgcnn_torch.py predict: pymatgen CIF parsing and graphs, PyTorch CGCNN),
 * side by side in one run, at 1 thread and at all cores. Each side is one whole process, timed from outside
 * (interpreter start, reading CIFs, graphs, every ensemble member, writing the CSV):
 *   xtal:    node bin/xtal.js predict --model M --threads T CIF_DIR --out CSV
 *   PyTorch: /usr/bin/python3 bench/anchors/cgcnn_torch.py predict --model M --threads T ...
 * Both load the same model folder (same weights), so the predictions are compared too. Then xtal's phases
 * (read files, parse CIF, graphs, ensemble) are timed in this process through the library.
 *
 * The model: --model (shipped name or model folder); default models/bulk-modulus when it exists, else a
 * freshly initialised 5-member ensemble of the reference size (F 64, H 128, 3 convolutions), written to a
 * temporary folder (speed does not depend on the weights).
 *
 * Usage: npm run build && npx tsx bench/predict/run.ts [--model M] [--threads 1,2] [--limit N]
 *        [--skip-python] [--skip-full (no --no-merge-equivalent runs)] [--skip-phases] [--json OUT] [--profile DIR (node --cpu-prof on the xtal runs)]
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readAtomFeaturesFile } from '../../src/elements/feature-files.js';
import { setThreads, memoryStats, resetPeakMemory, engineVariant } from '../../src/engine/index.js';
import { buildCrystalGraph, type CrystalGraph } from '../../src/graph/crystal-graph.js';
import { mergeEquivalentAtoms } from '../../src/graph/merge.js';
import { CrystalGraphConvNet } from '../../src/models/cgcnn.js';
import { loadModel, saveModelDir } from '../../src/models/property-model.js';
import { readCif } from '../../src/structure/io/cif.js';
import type { Structure } from '../../src/structure/structure.js';
import {
  flags,
  loadLine,
  machineLine,
  revisionLine,
  measureProcess,
  projectRoot,
  PYTHON,
  sharedDataDir,
  snapshot,
  table,
  threadEnv,
  type ProcessStats,
} from '../anchors/harness.js';

const f = flags(process.argv.slice(2));
const root = projectRoot();
const shared = sharedDataDir(root);
const dataDir = join(shared, 'elastic-mp');
const atomInit = join(shared, 'cgcnn', 'atom_init.json');
if (!existsSync(join(dataDir, 'targets.csv'))) {
  console.error(`bench/predict needs ${dataDir} (the shared data is not present)`);
  process.exit(1);
}
// Both sides run from a frozen copy of the tree (unless --no-snapshot): rebuilds during the run change nothing.
const snap = f.has('--no-snapshot') ? null : snapshot(root);
const codeRoot = snap ?? root;
const cli = join(codeRoot, 'bin', 'xtal.js');
if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) {
  console.error('bench/predict runs the built CLI: npm run build first');
  process.exit(1);
}
const anchor = join(codeRoot, 'bench', 'anchors', 'cgcnn_torch.py');
const threadList = f.threads();
const profileDir = f.get('--profile');
if (profileDir) {
  // node --cpu-prof on the xtal processes; the kernels they run are copied beside the profiles so that
  // bench/train/profile-summary.ts can name the WebAssembly frames.
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
const limit = f.number('--limit', 0);
const work = mkdtempSync(join(tmpdir(), 'xtal-bench-predict-'));

// ---- the model folder ----
function freshEnsemble(dir: string): string {
  const featurizer = readAtomFeaturesFile(atomInit);
  const members = Array.from({ length: 5 }, (_, k) => ({
    name: `fold-${k}`,
    model: new CrystalGraphConvNet({}, 1000 + k),
    normalizer: { mean: [2.0], std: [0.35] },
  }));
  saveModelDir(
    dir,
    {
      name: 'bench-fresh-ensemble',
      task: 'regression',
      targets: [{ name: 'log10_K', unit: 'log10(GPa)', transform: 'none' }],
      graph: { radiusA: 8, maxNeighbors: 12, stepA: 0.2, dminA: 0 },
      created: new Date().toISOString(),
    },
    members,
    featurizer,
  );
  return dir;
}

let modelDir: string;
let modelNote: string;
const modelArg = f.get('--model');
const shippedBulk = join(root, 'models', 'bulk-modulus');
if (modelArg) {
  modelDir = existsSync(modelArg) ? resolve(modelArg) : join(root, 'models', modelArg);
  if (!existsSync(join(modelDir, 'model.json'))) {
    console.error(`--model ${modelArg}: not a model folder (model.json missing)`);
    process.exit(1);
  }
  modelNote = modelDir;
} else if (existsSync(join(shippedBulk, 'model.json'))) {
  modelDir = shippedBulk;
  modelNote = 'models/bulk-modulus (shipped)';
} else {
  modelDir = freshEnsemble(join(work, 'model'));
  modelNote = 'freshly initialised 5-member ensemble, reference size (models/bulk-modulus not present yet)';
}
const manifest = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as {
  members: Array<{ config: Record<string, number> }>;
};

// ---- inputs ----
let cifDir = join(dataDir, 'cifs');
let names = readdirSync(cifDir)
  .filter((n) => n.endsWith('.cif'))
  .sort();
if (limit > 0) {
  names = names.slice(0, limit);
  cifDir = join(work, 'cifs');
  mkdirSync(cifDir);
  for (const n of names) symlinkSync(join(dataDir, 'cifs', n), join(cifDir, n));
}
const nCrystals = names.length;

const loadStart = loadLine();
const revisionStart = revisionLine(root);
process.stderr.write(
  `bench/predict: ${nCrystals} crystals, model ${modelNote}, threads ${threadList.join(', ')}\n`,
);

// ---- whole processes, alternating xtal and PyTorch at each thread count ----
interface SideRun {
  impl: 'xtal' | 'xtal, every atom' | 'PyTorch';
  threads: number;
  stats: ProcessStats;
  predictions: Map<string, number>;
}
const runs: SideRun[] = [];

function readPredictions(path: string): Map<string, number> {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const col = head.indexOf('prediction');
  const out = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    out.set(cells[0], Number(cells[col]));
  }
  return out;
}

/** One `xtal predict` process on all the CIFs; the profile (--profile) is taken of the default run only. */
function xtalRun(threads: number, impl: SideRun['impl'], extra: string[], csv: string): SideRun {
  process.stderr.write(`${['xtal predict', ...extra].join(' ')}, ${threads} thread(s) ...\n`);
  const profile = profileDir && !extra.length ? ['--cpu-prof', '--cpu-prof-dir', resolve(profileDir)] : [];
  const stats = measureProcess(
    process.execPath,
    [
      ...profile,
      cli,
      'predict',
      '--model',
      modelDir,
      '--threads',
      String(threads),
      ...extra,
      cifDir,
      '--out',
      csv,
    ],
    { env: threadEnv(threads) },
  );
  return { impl, threads, stats, predictions: readPredictions(csv) };
}

for (const threads of threadList) {
  runs.push(xtalRun(threads, 'xtal', [], join(work, `xtal-${threads}.csv`)));
  // The same without merging equivalent atoms (every atom through the network), for comparison.
  if (!f.has('--skip-full'))
    runs.push(
      xtalRun(threads, 'xtal, every atom', ['--no-merge-equivalent'], join(work, `xtal-full-${threads}.csv`)),
    );
  if (!f.has('--skip-python')) {
    const pCsv = join(work, `torch-${threads}.csv`);
    process.stderr.write(`PyTorch predict, ${threads} thread(s) ...\n`);
    const ps = measureProcess(
      PYTHON,
      [
        anchor,
        'predict',
        '--data',
        dataDir,
        '--atom-init',
        atomInit,
        '--inputs',
        cifDir,
        '--model',
        modelDir,
        '--threads',
        String(threads),
        '--predictions',
        pCsv,
        '--out',
        join(work, `torch-${threads}.json`),
      ],
      { env: threadEnv(threads) },
    );
    runs.push({ impl: 'PyTorch', threads, stats: ps, predictions: readPredictions(pCsv) });
  }
}

// ---- agreement of the two sides on identical weights ----
let agreement: {
  compared: number;
  within1e4: number;
  within1e3: number;
  maxAbs: number;
  worst: string;
  /** Crystals differing by more than 1e-4, and how many of them have a distance tie across the cutoff rank. */
  differing: string[];
  differingWithTie: number;
  /** All compared crystals with such a tie. */
  withTie: number;
} | null = null;
const xRef = runs.find((r) => r.impl === 'xtal');
const pRef = runs.find((r) => r.impl === 'PyTorch');
if (xRef && pRef) {
  agreement = {
    compared: 0,
    within1e4: 0,
    within1e3: 0,
    maxAbs: 0,
    worst: '',
    differing: [],
    differingWithTie: 0,
    withTie: 0,
  };
  for (const [id, p] of pRef.predictions) {
    const x = xRef.predictions.get(id);
    if (x === undefined) continue;
    const d = Math.abs(x - p);
    agreement.compared++;
    if (d <= 1e-4) agreement.within1e4++;
    else agreement.differing.push(id);
    if (d <= 1e-3) agreement.within1e3++;
    if (d > agreement.maxAbs) {
      agreement.maxAbs = d;
      agreement.worst = id;
    }
  }
  // Where neighbours tie at the same distance across the last kept place, pymatgen and xtal may keep
  // different atoms (docs/graphs.md): count the differing crystals with such a tie.
  const model = loadModel(modelDir);
  const keep = model.graphOptions.maxNeighbors ?? 12;
  const differing = new Set(agreement.differing);
  for (const id of pRef.predictions.keys()) {
    if (!xRef.predictions.has(id)) continue;
    const s = readCif(readFileSync(join(cifDir, `${id}.cif`), 'utf8'), { file: `${id}.cif` })[0];
    const g = buildCrystalGraph(s, model.featurizer, { ...model.graphOptions, maxNeighbors: keep + 1 });
    const radius = model.graphOptions.radiusA ?? 8;
    let tie = false;
    for (let a = 0; a < g.numAtoms && !tie; a++) {
      const dk = g.neighborDistanceA[a * (keep + 1) + keep - 1];
      const dn = g.neighborDistanceA[a * (keep + 1) + keep];
      tie = dn <= radius && Math.abs(dn - dk) < 1e-5;
    }
    if (tie) agreement.withTie++;
    if (tie && differing.has(id)) agreement.differingWithTie++;
  }
}

// ---- xtal phases through the library, in this process ----
interface Phases {
  threads: number;
  read: number;
  parse: number;
  graphs: number;
  merge: number;
  model: number;
  modelFull: number;
  atoms: number;
  nodes: number;
  engineMb: number;
}
const phases: Phases[] = [];
if (!f.has('--skip-phases')) {
  const model = loadModel(modelDir);
  const secs = (t0: number): number => (performance.now() - t0) / 1000;
  for (const threads of threadList) {
    await setThreads(threads);
    process.stderr.write(`xtal phases, ${threads} thread(s) ...\n`);
    let t0 = performance.now();
    const texts = names.map((n) => readFileSync(join(cifDir, n), 'utf8'));
    const read = secs(t0);
    t0 = performance.now();
    const structures: Structure[] = texts.map((t, k) => readCif(t, { file: names[k] })[0]);
    const parse = secs(t0);
    t0 = performance.now();
    const graphs: CrystalGraph[] = structures.map((s) =>
      buildCrystalGraph(s, model.featurizer, model.graphOptions),
    );
    const graphTime = secs(t0);
    // Merging equivalent atoms alone (predictGraphs does it again inside, as xtal predict does).
    const rounds = Math.max(...model.members.map((m) => m.model.config.nConv));
    t0 = performance.now();
    const merged = graphs.map((g) => mergeEquivalentAtoms(g, rounds));
    const merge = secs(t0);
    resetPeakMemory();
    const before = memoryStats().bytesInUse;
    t0 = performance.now();
    for (let i = 0; i < graphs.length; i += 256) model.predictGraphs(graphs.slice(i, i + 256));
    const modelTime = secs(t0);
    const engineMb = (memoryStats().peakBytes - before) / 2 ** 20;
    t0 = performance.now();
    for (let i = 0; i < graphs.length; i += 256)
      model.predictGraphs(graphs.slice(i, i + 256), { mergeEquivalentAtoms: false });
    const modelFull = secs(t0);
    phases.push({
      threads,
      read,
      parse,
      graphs: graphTime,
      merge,
      model: modelTime,
      modelFull,
      atoms: graphs.reduce((a, g) => a + g.numAtoms, 0),
      nodes: merged.reduce((a, m) => a + m.graph.numAtoms, 0),
      engineMb,
    });
  }
}

// ---- report ----
const out: string[] = [];
out.push(`bench/predict: end-to-end prediction of ${nCrystals} elastic-mp crystals`);
out.push(machineLine());
out.push(`at start: ${revisionStart}; at end: ${revisionLine(root)}`);
out.push(`load average at start: ${loadStart}; engine kernels: ${engineVariant()}`);
const cfg = manifest.members[0].config;
out.push(
  `model: ${modelNote}; ${manifest.members.length} member(s), F ${cfg.atomFeaLen}, H ${cfg.hFeaLen}, ` +
    `${cfg.nConv} convolutions, n_h ${cfg.nH}`,
);
out.push('');
const rows = runs.map((r) => {
  const other = runs.find((o) => o.threads === r.threads && o.impl === 'PyTorch');
  const ratio = r.impl !== 'PyTorch' && other ? `${(other.stats.wall / r.stats.wall).toFixed(1)}x` : '';
  const cpuRatio = r.impl !== 'PyTorch' && other ? `${(other.stats.cpu / r.stats.cpu).toFixed(1)}x` : '';
  return [
    r.impl,
    String(r.threads),
    r.stats.wall.toFixed(2),
    (nCrystals / r.stats.wall).toFixed(0),
    ratio,
    r.stats.cpu.toFixed(2),
    (nCrystals / r.stats.cpu).toFixed(0),
    cpuRatio,
    r.stats.peakRssMb.toFixed(0),
  ];
});
out.push(
  table(
    [
      'implementation',
      'threads',
      'wall s',
      'crystals/s',
      'ratio',
      'CPU s',
      'crystals/CPU s',
      'CPU ratio',
      'peak RSS MB',
    ],
    rows,
  ),
);
if (agreement) {
  out.push('');
  out.push(
    `agreement (ensemble mean, same weights): ${agreement.within1e4} of ${agreement.compared} within 1e-4, ` +
      `${agreement.within1e3} within 1e-3; largest difference ${agreement.maxAbs.toExponential(2)} (${agreement.worst})`,
  );
  const noTie = agreement.compared - agreement.withTie;
  const noTieDiffering = agreement.differing.length - agreement.differingWithTie;
  out.push(
    `  crystals without a distance tie (1e-5 Å) across the last kept neighbour: ${noTie - noTieDiffering} of ${noTie} ` +
      `within 1e-4; with a tie (pymatgen and xtal may keep different atoms there): ` +
      `${agreement.withTie - agreement.differingWithTie} of ${agreement.withTie}`,
  );
}
const fullRef = runs.find((r) => r.impl === 'xtal, every atom');
if (xRef && fullRef) {
  let maxAbs = 0;
  for (const [id, x] of xRef.predictions)
    maxAbs = Math.max(maxAbs, Math.abs(x - (fullRef.predictions.get(id) ?? NaN)));
  out.push(
    `xtal with merged atoms against every atom: ${xRef.predictions.size} crystals, largest difference ` +
      `${maxAbs.toExponential(2)} (the CSV holds 7 significant digits)`,
  );
}
if (phases.length) {
  out.push('');
  out.push('xtal phases (library, in-process, warm after the runs above; wall seconds):');
  out.push(
    `  merging equivalent atoms: ${phases[0].atoms} atoms become ${phases[0].nodes} nodes ` +
      `(${(phases[0].atoms / phases[0].nodes).toFixed(2)}x fewer); "ensemble" includes the merging, ` +
      `"every atom" is the ensemble without it`,
  );
  out.push(
    table(
      [
        'threads',
        'read files',
        'parse CIF',
        'graphs',
        'merge',
        'ensemble',
        'every atom',
        'sum',
        'crystals/s',
        'engine peak MB',
      ],
      phases.map((p) => {
        const sum = p.read + p.parse + p.graphs + p.model;
        return [
          String(p.threads),
          p.read.toFixed(3),
          p.parse.toFixed(3),
          p.graphs.toFixed(3),
          p.merge.toFixed(3),
          p.model.toFixed(3),
          p.modelFull.toFixed(3),
          sum.toFixed(3),
          (nCrystals / sum).toFixed(0),
          p.engineMb.toFixed(0),
        ];
      }),
    ),
  );
}
out.push('');
out.push(`load average at end: ${loadLine()}`);
console.log(out.join('\n'));

const jsonOut = f.get('--json');
if (jsonOut) {
  writeFileSync(
    jsonOut,
    JSON.stringify(
      {
        machine: machineLine(),
        revisionStart,
        crystals: nCrystals,
        model: modelNote,
        runs: runs.map((r) => ({ impl: r.impl, threads: r.threads, ...r.stats, stderr: undefined })),
        agreement,
        phases,
      },
      null,
      2,
    ),
  );
}
rmSync(work, { recursive: true, force: true });
if (snap) rmSync(snap, { recursive: true, force: true });
process.exit(0);
