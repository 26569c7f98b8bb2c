/**
 * Benchmark of `xtal screen` end to end (read CIFs, build graphs once, two CGCNN models, physics, journal,
 * ranking, tier 2, DFT hand-off, figures, report):
 *   1. the 4,411 elastic-mp crystals: structures per second and peak memory, against the PyTorch + pymatgen
 *      anchor (bench/anchors/cgcnn_torch.py predict: read CIFs, build graphs, ONE model) in the same run;
 *   2. with --large N: the same CIF glob repeated until N structures (ids stay unique: "mp-1~2", ...), printing
 *      the resident memory at intervals to show that it stays flat.
 * Uses the shipped models when models/bulk-modulus and models/shear-modulus exist, else the reference
 * checkpoints. Usage:
 *   npx tsx bench/screen/run.ts [--large 100000] [--skip-anchor] [--skip-small] [--out DIR] [--threads T]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { engineVariant, getThreads } from '../../src/engine/index.js';
import { loadModel } from '../../src/models/property-model.js';
import { runScreen, type ScreenSummary } from '../../src/discovery/screen/index.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const flag = (name: string): boolean => args.includes(name);

const root = resolve(import.meta.dirname, '..', '..');
const data = resolve(root, '..', 'shared', 'data');
const cifs = join(data, 'elastic-mp', 'cifs');
if (!existsSync(cifs)) {
  console.log(`skipped: ${cifs} not present`);
  process.exit(0);
}
const shipped =
  existsSync(join(root, 'models', 'bulk-modulus', 'model.json')) &&
  existsSync(join(root, 'models', 'shear-modulus', 'model.json'));
const bulkName = shipped ? 'bulk-modulus' : join(data, 'cgcnn', 'pretrained', 'bulk-moduli.safetensors');
const shearName = shipped ? 'shear-modulus' : join(data, 'cgcnn', 'pretrained', 'shear-moduli.safetensors');
const models = () => ({ bulk: loadModel(bulkName), shear: loadModel(shearName) });
const mb = (b: number): number => Math.round(b / 2 ** 20);

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} logical CPUs), Node ${process.version}`,
);
console.log(`models: ${shipped ? 'shipped ensembles' : 'reference CGCNN checkpoints'}`);

async function screen(label: string, inputs: string[], expected: number): Promise<ScreenSummary> {
  const out = opt('--out')
    ? join(resolve(opt('--out')!), label)
    : mkdtempSync(join(tmpdir(), `xtal-bench-${label}-`));
  let done = 0;
  let peak = 0;
  const t0 = Date.now();
  const sample = (): void => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    const s = (Date.now() - t0) / 1000;
    console.log(
      `  [${label}] t=${s.toFixed(0)} s  done=${done}/${expected}  rss=${mb(rss)} MB  heap=${mb(process.memoryUsage().heapUsed)} MB  ${(done / s).toFixed(1)}/s`,
    );
  };
  const timer = setInterval(sample, Number(opt('--every') ?? 15) * 1000);
  try {
    const s = await runScreen({
      outDir: out,
      inputs,
      models,
      modelNames: { bulk: bulkName, shear: shearName },
      restart: true,
      progress: () => ({ tick: (n = 1) => void (done += n), setTotal() {}, stop() {} }),
    });
    sample();
    console.log(`  engine: ${engineVariant()}, ${getThreads()} threads`);
    console.log(
      `${label}: ${s.screened} screened, ${s.failed} failed, ${s.seconds.toFixed(1)} s end to end, ` +
        `${(s.screened / s.seconds).toFixed(1)} structures/s, peak RSS ${mb(Math.max(peak, process.resourceUsage().maxRSS * 1024))} MB`,
    );
    return s;
  } finally {
    clearInterval(timer);
    if (!opt('--out')) rmSync(out, { recursive: true, force: true });
  }
}

const n = readdirSync(cifs).filter((f) => f.endsWith('.cif')).length;
if (!flag('--skip-small')) {
  const s = await screen('elastic-mp', [cifs], n);
  if (!flag('--skip-anchor')) {
    const threads = opt('--threads') ?? String(getThreads());
    const py = execFileSync(
      '/usr/bin/python3',
      [
        join(root, 'bench', 'anchors', 'cgcnn_torch.py'),
        'predict',
        '--data',
        join(data, 'elastic-mp'),
        '--atom-init',
        join(data, 'cgcnn', 'atom_init.json'),
        '--threads',
        threads,
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    const a = JSON.parse(py.slice(py.indexOf('{'))) as {
      crystals_per_second: number;
      implementation: string;
      peak_rss_mb: number;
    };
    const ours = s.screened / s.seconds;
    console.log(
      `anchor (${a.implementation}, ${threads} threads, one model, no physics): ${a.crystals_per_second.toFixed(1)} crystals/s, peak RSS ${a.peak_rss_mb.toFixed(0)} MB`,
    );
    console.log(
      `ratio: xtal screen (two models + physics + outputs) / anchor (one model) = ${(ours / a.crystals_per_second).toFixed(2)}x`,
    );
  }
}
const large = Number(opt('--large') ?? 0);
if (large > 0) {
  const copies = Math.ceil(large / n);
  const inputs = Array.from({ length: copies }, () => join(cifs, '*.cif'));
  await screen(`large-${copies * n}`, inputs, copies * n);
}
