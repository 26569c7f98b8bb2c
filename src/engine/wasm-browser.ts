/**
 * Browser loader of the engine kernels. With cross-origin isolation (COOP same-origin + COEP require-corp)
 * SharedArrayBuffer exists: the shared-memory build runs on the page plus Web Workers (the page thread
 * spin-waits for them, as it may not block). Without it, the non-shared SIMD build runs on one thread.
 * Relaxed SIMD is used when the browser validates it. The default URLs suit bundlers that understand
 * `new URL(..., import.meta.url)` (vite); pass explicit URLs otherwise.
 */
import { startEngine, type Engine, type PoolWorker, type WorkerInit } from './wasm.js';

export interface BrowserEngineOptions {
  relaxedUrl?: string | URL;
  simdUrl?: string | URL;
  noThreadsUrl?: string | URL;
  workerUrl?: string | URL;
  /** Default: navigator.hardwareConcurrency (1 without SharedArrayBuffer). */
  threads?: number;
}

async function fetchBytes(url: string | URL): Promise<ArrayBuffer> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`xtal engine: cannot fetch ${url} (${r.status})`);
  return r.arrayBuffer();
}

/** Loads the kernels and starts the threads; resolves when they are ready. */
export async function initBrowserEngine(opts: BrowserEngineOptions = {}): Promise<Engine> {
  const shared =
    typeof SharedArrayBuffer !== 'undefined' &&
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  const relaxedUrl = opts.relaxedUrl ?? new URL('../../build/kernels/xtal-relaxed.wasm', import.meta.url);
  const simdUrl = opts.simdUrl ?? new URL('../../build/kernels/xtal-simd.wasm', import.meta.url);
  const noThreadsUrl =
    opts.noThreadsUrl ?? new URL('../../build/kernels/xtal-simd-nothreads.wasm', import.meta.url);
  let variant = 'simd-nothreads';
  let bytes: ArrayBuffer;
  if (shared) {
    const relaxed = await fetchBytes(relaxedUrl);
    if (WebAssembly.validate(relaxed)) {
      bytes = relaxed;
      variant = 'relaxed';
    } else {
      bytes = await fetchBytes(simdUrl);
      variant = 'simd';
    }
  } else bytes = await fetchBytes(noThreadsUrl);
  const module = await WebAssembly.compile(bytes);
  const threads = shared ? (opts.threads ?? navigator.hardwareConcurrency ?? 1) : 1;
  const workerUrl = opts.workerUrl ?? new URL('./pool-worker.mjs', import.meta.url);
  const spawn = (data: WorkerInit): PoolWorker => {
    const w = new Worker(workerUrl, { type: 'module' });
    w.postMessage(data);
    return {
      onReady(cb, fail) {
        w.onmessage = () => cb();
        w.onerror = (e) => fail(e);
      },
      terminate() {
        w.terminate();
      },
    };
  };
  const e = await startEngine({ module, shared, variant, threads: 1, spawn, canBlock: false });
  if (threads > 1) await e.setThreads(threads);
  return e;
}
