/**
 * Summarises V8 .cpuprofile files (node --cpu-prof): self time per function (JavaScript functions and
 * WebAssembly kernels alike), and total (inclusive) time of the functions that call into the engine, so a
 * slow training epoch can be traced to kernels and ops.
 *
 * WebAssembly frames appear in V8 profiles as `wasm-function[i]`. The shipped kernels carry no name
 * section, so the names come from a build of the same kernels.ts with `asc --debug` (same flags as
 * scripts/build-kernels.mjs, relaxed variant), compiled on the fly into a temporary folder; its exported
 * function indices are checked against the build the profile ran (kernels.ts and xtal-relaxed.wasm beside
 * the profile, else the project's) before its names are used.
 *
 * Usage: npx tsx bench/train/profile-summary.ts PROFILE.cpuprofile [--top 40] [--inclusive 40]  [--no-names]
 *        [--within NAME]    (only samples with a function whose label contains NAME on the stack)
 *        [--callers NAME]   (heaviest call chains through functions whose label contains NAME)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { projectRoot } from '../anchors/harness.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  name: string;
  selfMs: number;
  totalMs: number;
}

/** Function names of a wasm binary by index: its name section, else its exports. */
export function wasmFunctionNames(bytes: Uint8Array): Map<number, string> {
  let p = 8;
  const u = (): number => {
    let r = 0;
    let shift = 0;
    let x: number;
    do {
      x = bytes[p++];
      r += (x & 0x7f) * 2 ** shift;
      shift += 7;
    } while (x & 0x80);
    return r;
  };
  const str = (): string => {
    const l = u();
    const t = Buffer.from(bytes.subarray(p, p + l)).toString('utf8');
    p += l;
    return t;
  };
  let importedFns = 0;
  const exported = new Map<number, string>();
  const named = new Map<number, string>();
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u();
    const end = p + size;
    if (id === 2) {
      const n = u();
      for (let i = 0; i < n; i++) {
        str();
        str();
        const kind = bytes[p++];
        if (kind === 0) {
          u();
          importedFns++;
        } else if (kind === 1) {
          p++;
          if (bytes[p++] & 1) u();
          u();
        } else if (kind === 2) {
          const fl = bytes[p++];
          u();
          if (fl & 1) u();
        } else if (kind === 3) p += 2;
      }
    } else if (id === 7) {
      const n = u();
      for (let i = 0; i < n; i++) {
        const name = str();
        const kind = bytes[p++];
        const idx = u();
        if (kind === 0) exported.set(idx, name);
      }
    } else if (id === 0 && str() === 'name') {
      while (p < end) {
        const sub = bytes[p++];
        const subSize = u();
        const subEnd = p + subSize;
        if (sub === 1) {
          const n = u();
          for (let i = 0; i < n; i++) {
            const idx = u();
            named.set(idx, str().replace(/^.*\//, ''));
          }
        }
        p = subEnd;
      }
    }
    p = end;
  }
  void importedFns;
  return named.size ? named : exported;
}

/**
 * Names of the kernels' functions, from a debug build of the same source (null if unavailable). The source
 * and the build are `kernels.ts` and `xtal-relaxed.wasm` beside the profile when present (bench/train
 * --profile copies the ones the profiled run used there), else those of the project.
 */
export function kernelNames(profileDir?: string, root = projectRoot()): Map<number, string> | null {
  const beside = profileDir !== undefined && existsSync(join(profileDir, 'kernels.ts'));
  const shipped = beside
    ? join(profileDir, 'xtal-relaxed.wasm')
    : join(root, 'build', 'kernels', 'xtal-relaxed.wasm');
  const src = beside
    ? join(profileDir, 'kernels.ts')
    : join(root, 'src', 'engine', 'kernels', 'as', 'kernels.ts');
  if (!existsSync(shipped) || !existsSync(src)) return null;
  const require = createRequire(import.meta.url);
  const asc = join(dirname(require.resolve('assemblyscript/package.json')), 'bin', 'asc.js');
  const dir = mkdtempSync(join(tmpdir(), 'xtal-kernel-names-'));
  const out = join(dir, 'named.wasm');
  const r = spawnSync(
    process.execPath,
    [
      asc,
      src,
      '-o',
      out,
      '--runtime',
      'stub',
      '-O3',
      '--noAssert',
      '--use',
      'abort=',
      '--importMemory',
      '--initialMemory',
      '32',
      '--maximumMemory',
      '65536',
      '--sharedMemory',
      '--enable',
      'simd,threads,relaxed-simd',
      '--debug',
    ],
    { encoding: 'utf8' },
  );
  const names = r.status === 0 && existsSync(out) ? wasmFunctionNames(readFileSync(out)) : null;
  rmSync(dir, { recursive: true, force: true });
  if (!names) return null;
  for (const [i, name] of wasmFunctionNames(readFileSync(shipped))) {
    if (names.get(i) !== name) {
      console.error(
        `profile-summary: the debug build does not match ${shipped} (rebuild the kernels); wasm names off`,
      );
      return null;
    }
  }
  return names;
}

let wasmNames: Map<number, string> | null = null;

function label(n: ProfileNode): string {
  const fn = n.callFrame.functionName || '(anonymous)';
  const url = n.callFrame.url;
  const w = /^wasm-function\[(\d+)\]$/.exec(fn);
  if (w && url.startsWith('wasm:')) return `wasm ${wasmNames?.get(Number(w[1])) ?? fn} [${w[1]}]`;
  if (!url) return fn;
  return `${fn} ${basename(url).replace(/\?.*$/, '')}:${n.callFrame.lineNumber + 1}`;
}

/** Self and inclusive milliseconds per function label (inclusive counts a recursive label once per sample). */
export function summarise(p: Profile, within?: string): ProfileRow[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    let id: number | undefined = p.samples[i];
    const leaf = byId.get(id)!;
    if (within) {
      let inside = false;
      for (let a: number | undefined = id; a !== undefined && !inside; a = parent.get(a))
        inside = label(byId.get(a)!).includes(within);
      if (!inside) continue;
    }
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    while (id !== undefined) {
      const l = label(byId.get(id)!);
      if (!seen.has(l)) {
        seen.add(l);
        total.set(l, (total.get(l) ?? 0) + dt);
      }
      id = parent.get(id);
    }
  }
  return [...total.keys()].map((name) => ({ name, selfMs: self.get(name) ?? 0, totalMs: total.get(name)! }));
}

/** Heaviest call chains (leaf first, `depth` frames) through a function whose label contains `name`. */
export function callers(p: Profile, name: string, depth = 8): Array<{ chain: string; ms: number }> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const agg = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const chain: string[] = [];
    for (let id: number | undefined = p.samples[i]; id !== undefined; id = parent.get(id))
      chain.push(label(byId.get(id)!));
    const at = chain.findIndex((l) => l.includes(name));
    if (at < 0) continue;
    const key = chain.slice(at, at + depth).join(' < ');
    agg.set(key, (agg.get(key) ?? 0) + dt);
  }
  return [...agg].map(([chain, ms]) => ({ chain, ms })).sort((a, b) => b.ms - a.ms);
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: profile-summary.ts PROFILE.cpuprofile [--top N] [--inclusive N]');
    process.exit(1);
  }
  const num = (name: string, d: number): number => {
    const k = args.indexOf(name);
    return k >= 0 ? Number(args[k + 1]) : d;
  };
  if (!args.includes('--no-names')) wasmNames = kernelNames(dirname(file));
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const w = args.indexOf('--within');
  const within = w >= 0 ? args[w + 1] : undefined;
  const rows = summarise(p, within);
  const wall = (p.endTime - p.startTime) / 1000;
  console.log(`${file}: ${(wall / 1000).toFixed(2)} s profiled`);
  if (within) {
    const inside = Math.max(...rows.map((r) => r.totalMs));
    console.log(`only samples inside "${within}": ${(inside / 1000).toFixed(2)} s`);
  }
  console.log('\nself time:');
  for (const r of [...rows].sort((a, b) => b.selfMs - a.selfMs).slice(0, num('--top', 40)))
    console.log(
      `${(r.selfMs / 1000).toFixed(3).padStart(9)} s ${((100 * r.selfMs) / wall).toFixed(1).padStart(5)}%  ${r.name}`,
    );
  const who = args.indexOf('--callers');
  if (who >= 0) {
    console.log(`\ncall chains through "${args[who + 1]}":`);
    for (const c of callers(p, args[who + 1]).slice(0, 12))
      console.log(`${(c.ms / 1000).toFixed(3).padStart(9)} s  ${c.chain}`);
  }
  console.log('\ninclusive time:');
  for (const r of [...rows].sort((a, b) => b.totalMs - a.totalMs).slice(0, num('--inclusive', 40)))
    console.log(
      `${(r.totalMs / 1000).toFixed(3).padStart(9)} s ${((100 * r.totalMs) / wall).toFixed(1).padStart(5)}%  ${r.name}`,
    );
}
