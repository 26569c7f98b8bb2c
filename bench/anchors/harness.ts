/**
 * Shared plumbing of the side-by-side benchmarks (bench/train, bench/predict): the project root, the shared
 * data paths, argument flags, the machine line (lscpu model name, cores, load average), and running a
 * whole process under GNU time to get its wall time, CPU time and peak RSS from outside (interpreter start
 * included). Python anchors run with Debian's /usr/bin/python3.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';

export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('project root not found');
    dir = up;
  }
  return dir;
}

export function sharedDataDir(root = projectRoot()): string {
  return process.env.XTAL_SHARED_DATA ?? resolve(root, '..', 'shared', 'data');
}

/** `--name value` flags and `--name` switches of argv. */
export function flags(argv: string[]) {
  return {
    get(name: string): string | undefined {
      const k = argv.indexOf(name);
      return k >= 0 ? argv[k + 1] : undefined;
    },
    has(name: string): boolean {
      return argv.includes(name);
    },
    number(name: string, fallback: number): number {
      const k = argv.indexOf(name);
      if (k < 0) return fallback;
      const x = Number(argv[k + 1]);
      if (!Number.isFinite(x)) throw new Error(`${name} needs a number, got "${argv[k + 1]}"`);
      return x;
    },
    /** Comma-separated thread counts; default "1,<all cores>". */
    threads(name = '--threads'): number[] {
      const all = availableParallelism();
      const v = this.get(name);
      const list = v ? v.split(',').map((s) => (s === 'all' ? all : Number(s))) : [1, all];
      if (list.some((t) => !Number.isInteger(t) || t < 1)) throw new Error(`${name}: bad list "${v}"`);
      return [...new Set(list)];
    },
  };
}

/** The `lscpu` model name (falls back to os.cpus()). */
export function cpuModel(): string {
  const r = spawnSync('lscpu', [], { encoding: 'utf8' });
  const m = /^Model name:\s*(.+)$/m.exec(r.stdout ?? '');
  return (m?.[1] ?? cpus()[0]?.model ?? 'unknown').trim();
}

export function loadLine(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
}

/** The commit, whether src/ has uncommitted changes, and when the engine kernels were built. */
export function revisionLine(root = projectRoot()): string {
  const git = (...a: string[]): string =>
    (spawnSync('git', a, { cwd: root, encoding: 'utf8' }).stdout ?? '').trim();
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--', 'src') ? ' (src/ has uncommitted changes)' : '';
  const wasm = join(root, 'build', 'kernels', 'xtal-relaxed.wasm');
  const built = existsSync(wasm) ? statSync(wasm).mtime.toISOString() : 'not built';
  return `revision ${head}${dirty}; kernels built ${built}`;
}

export function machineLine(): string {
  return (
    `machine: ${cpuModel()} (${availableParallelism()} cores), node ${process.version}; ` +
    `load average ${loadLine()}; ${new Date().toISOString()}`
  );
}

export interface ProcessStats {
  /** Wall seconds of the whole process. */
  wall: number;
  /** User + system CPU seconds of the process and its threads. */
  cpu: number;
  /** Peak resident set size, MB (GNU time %M). */
  peakRssMb: number;
  status: number;
  stderr: string;
}

/**
 * Runs `cmd args` to completion under /usr/bin/time and returns its wall time, CPU time and peak RSS.
 * Throws with the process's stderr when it fails.
 */
export function measureProcess(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ProcessStats {
  const dir = mkdtempSync(join(tmpdir(), 'xtal-bench-time-'));
  const timeOut = join(dir, 'time.txt');
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-o', timeOut, '-f', '%e %U %S %M', cmd, ...args], {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const wall = (performance.now() - t0) / 1000;
  const text = existsSync(timeOut) ? readFileSync(timeOut, 'utf8').trim().split('\n').pop()! : '';
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (status ${r.status}):\n${(r.stderr ?? '').slice(-4000)}`,
    );
  }
  const [, user, sys, rssKb] = text.split(/\s+/).map(Number);
  return { wall, cpu: user + sys, peakRssMb: rssKb / 1024, status: r.status ?? 0, stderr: r.stderr ?? '' };
}

/**
 * A frozen copy of the code a benchmark runs (src, bench, bin, dist, build/kernels, package.json, tsconfig;
 * node_modules linked) in a temporary folder, so that other people's rebuilds of the shared working tree
 * during a long run cannot change the code between configurations. Remove it with rmSync when done.
 */
export function snapshot(root = projectRoot()): string {
  const dir = mkdtempSync(join(tmpdir(), 'xtal-bench-snapshot-'));
  for (const part of ['src', 'bench', 'bin', 'dist', 'build', 'package.json', 'tsconfig.json'])
    if (existsSync(join(root, part))) cpSync(join(root, part), join(dir, part), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/**
 * Environment for a child that must use `threads` threads (BLAS/OpenMP pools and xtal's engine). OpenMP
 * threads sleep instead of spinning at barriers (OMP_WAIT_POLICY=PASSIVE): on a shared, loaded machine a
 * spinning team with a descheduled member made PyTorch at 2 threads 3-6x slower than at 1 thread, and the
 * anchor should be at its best.
 */
export function threadEnv(threads: number): NodeJS.ProcessEnv {
  const t = String(threads);
  return {
    ...process.env,
    OMP_NUM_THREADS: t,
    MKL_NUM_THREADS: t,
    OPENBLAS_NUM_THREADS: t,
    OMP_WAIT_POLICY: 'PASSIVE',
    XTAL_THREADS: t,
    XTAL_SHARED_DATA: sharedDataDir(),
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A plain-text table with right-aligned columns after the first. */
export function table(head: string[], rows: string[][]): string {
  const w = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]): string =>
    r.map((x, c) => (c === 0 ? x.padEnd(w[c]) : x.padStart(w[c]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}
