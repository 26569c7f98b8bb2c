/**
 * Node loader of the engine kernels: finds build/kernels/ from the package root (walking up from this file
 * to package.json, so it works from src/ via tsx and from dist/), enables relaxed SIMD in V8 when the CPU
 * build validates, compiles synchronously, and starts worker_threads (unref'd: idle workers never keep
 * the process alive). XTAL_THREADS sets the thread count (default: all cores); XTAL_ENGINE=ts disables
 * the kernels; XTAL_KERNELS=simd forces the plain SIMD build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { startEngineSync, type Engine, type PoolWorker, type WorkerInit } from './wasm.js';

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if (JSON.parse(readFileSync(pj, 'utf8')).name === 'xtal') return dir;
      } catch {
        // keep walking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('xtal engine: package root (package.json) not found');
    dir = up;
  }
}

function workerPath(root: string): string {
  for (const p of ['src/engine/pool-worker.mjs', 'build/kernels/pool-worker.mjs'])
    if (existsSync(join(root, p))) return join(root, p);
  throw new Error('xtal engine: pool-worker.mjs not found');
}

function spawnNode(file: string) {
  return (data: WorkerInit): PoolWorker => {
    const w = new Worker(pathToFileURL(file), { workerData: data });
    w.unref();
    return {
      onReady(cb, fail) {
        w.once('message', () => cb());
        w.once('error', fail);
      },
      terminate() {
        void w.terminate();
      },
    };
  };
}

let tried = false;

/** Loads the kernels (once). Returns null when they are not built or disabled. */
export function loadNodeEngine(): Engine | null {
  if (tried) return null;
  tried = true;
  if (process.env.XTAL_ENGINE === 'ts') return null;
  let root: string;
  try {
    root = packageRoot();
  } catch {
    return null;
  }
  const dir = join(root, 'build/kernels');
  const shared = typeof SharedArrayBuffer !== 'undefined';
  const candidates: [string, string][] = [];
  if (shared && process.env.XTAL_KERNELS !== 'simd') candidates.push(['relaxed', 'xtal-relaxed.wasm']);
  candidates.push(shared ? ['simd', 'xtal-simd.wasm'] : ['simd-nothreads', 'xtal-simd-nothreads.wasm']);
  for (const [variant, file] of candidates) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    if (variant === 'relaxed') v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    if (!WebAssembly.validate(bytes)) continue;
    const module = new WebAssembly.Module(bytes);
    const envThreads = Number(process.env.XTAL_THREADS);
    const threads = Number.isInteger(envThreads) && envThreads > 0 ? envThreads : availableParallelism();
    const e = startEngineSync({
      module,
      shared,
      variant,
      threads,
      spawn: spawnNode(workerPath(root)),
      canBlock: true,
    });
    if (threads > 1) void e.setThreads(threads);
    return e;
  }
  return null;
}
