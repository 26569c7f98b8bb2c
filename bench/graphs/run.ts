/**
 * Benchmark: CGCNN graphs (8 Å, 12 neighbours, 41 Gaussians, atom_init.json features) for every crystal
 * of ../shared/data/elastic-mp, with xtal and, in the same run, with pymatgen (pymatgen_graphs.py under
 * /usr/bin/python3), one core each. Prints CIF parsing and graph building separately, crystals per second,
 * peak memory, the ratio, and whether both produced the same graphs (per-crystal checksums).
 *
 * Usage: npx tsx bench/graphs/run.ts [--limit N] [--skip-python] [--json OUT]
 *        (or node dist/bench/graphs/run.js after `npm run build`)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCif } from '../../src/structure/io/cif.js';
import type { Structure } from '../../src/structure/structure.js';
import { loadAtomFeaturesJson } from '../../src/elements/feature-table.js';
import { buildCrystalGraph, type CrystalGraph } from '../../src/graph/crystal-graph.js';
import { gaussianBasis, gaussianExpand } from '../../src/graph/gaussian.js';
import { GraphCache } from '../../src/graph/cache.js';

function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('project root not found');
    dir = up;
  }
  return dir;
}

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const limit = flag('--limit') ? Number(flag('--limit')) : undefined;
const skipPython = args.includes('--skip-python');
const root = projectRoot();
const shared = process.env.XTAL_SHARED_DATA ?? resolve(root, '..', 'shared', 'data');
const cifDir = join(shared, 'elastic-mp', 'cifs');
const idsCsv = join(shared, 'elastic-mp', 'targets.csv');
const atomInit = join(shared, 'cgcnn', 'atom_init.json');
if (!existsSync(idsCsv)) {
  console.error(`bench/graphs needs ${idsCsv} (the shared data is not present)`);
  process.exit(1);
}
const pyScript = join(root, 'bench', 'graphs', 'pymatgen_graphs.py');

interface PyResult {
  ids: string[];
  atoms: number;
  padded_atoms: number;
  seconds_parse: number;
  seconds_graph: number;
  cpu_seconds_parse: number;
  cpu_seconds_graph: number;
  peak_rss_mb: number;
  checksums: [number, number, number][];
}

/** Wall and CPU seconds of fn (CPU time is what matters on a shared machine). */
interface Timing {
  wall: number;
  cpu: number;
}
function timed<T>(fn: () => T): [T, Timing] {
  const w0 = performance.now();
  const c0 = process.cpuUsage();
  const value = fn();
  const c = process.cpuUsage(c0);
  return [value, { wall: (performance.now() - w0) / 1000, cpu: (c.user + c.system) / 1e6 }];
}

// ---- pymatgen anchor (run first, in a child process, so the two never share a core) ----
let py: PyResult | undefined;
if (!skipPython) {
  const tmp = mkdtempSync(join(tmpdir(), 'xtal-bench-graphs-'));
  const out = join(tmp, 'pymatgen.json');
  const pyArgs = [pyScript, cifDir, idsCsv, atomInit, out, ...(limit ? ['--limit', String(limit)] : [])];
  process.stderr.write('pymatgen: parsing CIFs and building graphs ...\n');
  const r = spawnSync('/usr/bin/python3', pyArgs, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error('pymatgen anchor failed; run with --skip-python to measure xtal alone');
    process.exit(1);
  }
  py = JSON.parse(readFileSync(out, 'utf8')) as PyResult;
  rmSync(tmp, { recursive: true, force: true });
}

// ---- xtal ----
process.stderr.write('xtal: parsing CIFs and building graphs ...\n');
let ids = readFileSync(idsCsv, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',')[0]);
if (limit) ids = ids.slice(0, limit);
const featurizer = loadAtomFeaturesJson(readFileSync(atomInit, 'utf8'), { file: atomInit });

let peakHeap = 0;
let peakRssSampled = 0;
const sampleMemory = (): void => {
  const u = process.memoryUsage();
  if (u.heapUsed > peakHeap) peakHeap = u.heapUsed;
  if (u.rss > peakRssSampled) peakRssSampled = u.rss;
};

const [texts, tRead] = timed(() => ids.map((id) => readFileSync(join(cifDir, `${id}.cif`), 'utf8')));
const [structures, tParse] = timed((): Structure[] =>
  texts.map((text, k) => readCif(text, { file: `${ids[k]}.cif` })[0]),
);
sampleMemory();

const basis = gaussianBasis({ radiusA: 8, stepA: 0.2, dminA: 0 });
let edgeValues = 0;
const buildAll = (): CrystalGraph[] => {
  const graphs: CrystalGraph[] = [];
  edgeValues = 0;
  for (let k = 0; k < structures.length; k++) {
    const g = buildCrystalGraph(structures[k], featurizer);
    // Expand the edges too, as the anchor does per crystal.
    const edges = gaussianExpand(
      g.neighborDistanceA,
      new Float32Array(g.neighborDistanceA.length * basis.count),
      basis,
    );
    edgeValues += edges.length;
    graphs.push(g);
    if ((k & 63) === 0) sampleMemory();
  }
  return graphs;
};
// First pass is cold (includes JIT compilation), like the anchor's single pass; two more show the warm speed.
const [graphs, tGraph] = timed(buildAll);
const warm = [timed(buildAll)[1], timed(buildAll)[1]];
const tGraphWarm = warm.reduce((a, b) => (b.cpu < a.cpu ? b : a));
sampleMemory();
const peakRssMb = process.resourceUsage().maxRSS / 1024;

// ---- on-disk cache: write every graph, reopen, read all back ----
const cacheDir = mkdtempSync(join(tmpdir(), 'xtal-bench-cache-'));
const cachePath = join(cacheDir, 'elastic-mp.xgc');
const [, tCacheWrite] = timed(() => {
  const cache = GraphCache.open(cachePath, { featurizer });
  graphs.forEach((g, k) => cache.append(ids[k], g));
  cache.close();
});
let cacheSame = 0;
let cacheBytes = 0;
const [, tCacheRead] = timed(() => {
  const cache = GraphCache.open(cachePath, { featurizer, readOnly: true });
  cacheBytes = cache.dataBytes;
  let k = 0;
  for (const [id, g] of cache.entries()) {
    const ref = graphs[k++];
    if (
      id === ids[k - 1] &&
      sameArrays(g.neighborDistanceA, ref.neighborDistanceA) &&
      sameArrays(g.neighborIndex, ref.neighborIndex) &&
      sameArrays(g.atomFeatures, ref.atomFeatures)
    )
      cacheSame++;
  }
  cache.close();
});
rmSync(cacheDir, { recursive: true, force: true });

function sameArrays(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const atoms = graphs.reduce((s, g) => s + g.numAtoms, 0);
const padded = graphs.reduce((s, g) => s + g.paddedAtoms, 0);

// ---- agreement ----
let sameGraphs = 0;
const differing: string[] = [];
if (py) {
  graphs.forEach((g, k) => {
    const [dSum, fSum] = py!.checksums[k];
    let d = 0;
    for (const x of g.neighborDistanceA) d += x;
    let f = 0;
    for (const x of g.atomFeatures) f += x;
    if (Math.abs(d - dSum) <= 1e-5 * Math.max(1, Math.abs(dSum)) && Math.abs(f - fSum) < 1e-6) sameGraphs++;
    else differing.push(ids[k]);
  });
}

// ---- report ----
const n = structures.length;
const row = (label: string, t: Timing): string =>
  `${label.padEnd(30)}${t.wall.toFixed(3).padStart(8)}${t.cpu.toFixed(3).padStart(8)}` +
  `${(n / t.cpu).toFixed(0).padStart(12)}`;
const lines: string[] = [];
lines.push(
  `bench/graphs: ${n} crystals (${atoms} atoms) of elastic-mp; 8 Å, 12 neighbours, ${basis.count} Gaussians`,
);
lines.push(
  `machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores), node ${process.version}, one core each`,
);
lines.push('');
lines.push(
  `${''.padEnd(30)}${'wall s'.padStart(8)}${'CPU s'.padStart(8)}${'crystals/s'.padStart(12)} (per CPU s)`,
);
lines.push(row('xtal read files', tRead));
lines.push(row('xtal parse CIF', tParse));
lines.push(row('xtal graphs (cold, 1st pass)', tGraph));
lines.push(row('xtal graphs (warm, best of 2)', tGraphWarm));
lines.push(row('xtal cache: write all', tCacheWrite));
lines.push(row('xtal cache: open + read all', tCacheRead));
let pyParse: Timing | undefined;
let pyGraph: Timing | undefined;
if (py) {
  pyParse = { wall: py.seconds_parse, cpu: py.cpu_seconds_parse };
  pyGraph = { wall: py.seconds_graph, cpu: py.cpu_seconds_graph };
  lines.push(row('pymatgen read + parse CIF', pyParse));
  lines.push(row('pymatgen graphs', pyGraph));
}
lines.push('');
lines.push(
  `xtal peak memory: rss ${peakRssMb.toFixed(0)} MB (getrusage; sampled memoryUsage().rss max ` +
    `${(peakRssSampled / 2 ** 20).toFixed(0)} MB), heap ${(peakHeap / 2 ** 20).toFixed(0)} MB`,
);
lines.push(
  `graph cache: ${(cacheBytes / 2 ** 20).toFixed(1)} MB for ${n} graphs, ${cacheSame} of ${n} read back identical`,
);
if (py) lines.push(`pymatgen peak memory: rss ${py.peak_rss_mb.toFixed(0)} MB`);
lines.push(
  `padded atoms: xtal ${padded}${py ? `, pymatgen ${py.padded_atoms}` : ''}; edge values ${edgeValues}`,
);
const ratios = pyParse &&
  pyGraph && {
    graphsCold: pyGraph.cpu / tGraph.cpu,
    graphsWarm: pyGraph.cpu / tGraphWarm.cpu,
    cif: pyParse.cpu / (tRead.cpu + tParse.cpu),
    cifAndGraphs: (pyParse.cpu + pyGraph.cpu) / (tRead.cpu + tParse.cpu + tGraph.cpu),
  };
if (ratios) {
  lines.push('');
  lines.push(
    `ratio (xtal throughput / pymatgen, CPU time): graphs ${ratios.graphsCold.toFixed(1)}x cold, ` +
      `${ratios.graphsWarm.toFixed(1)}x warm; CIF ${ratios.cif.toFixed(1)}x; CIF + graphs ${ratios.cifAndGraphs.toFixed(1)}x`,
  );
  lines.push(
    `same graphs (distance and feature checksums): ${sameGraphs} of ${n}` +
      (differing.length
        ? `; differing: ${differing.slice(0, 10).join(', ')}${differing.length > 10 ? ', ...' : ''}`
        : ''),
  );
}
console.log(lines.join('\n'));

const jsonOut = flag('--json');
if (jsonOut) {
  writeFileSync(
    jsonOut,
    JSON.stringify(
      {
        crystals: n,
        atoms,
        xtal: {
          cacheWrite: tCacheWrite,
          cacheRead: tCacheRead,
          cacheBytes,
          read: tRead,
          parse: tParse,
          graphsCold: tGraph,
          graphsWarm: tGraphWarm,
          peakRssMb,
          peakHeapMb: peakHeap / 2 ** 20,
        },
        pymatgen: py && { parse: pyParse, graphs: pyGraph, peakRssMb: py.peak_rss_mb },
        ratios,
        sameGraphs: py ? sameGraphs : undefined,
        differing,
      },
      null,
      2,
    ),
  );
}
