/**
 * Loads the WebAssembly kernels on one engine memory (shared when SharedArrayBuffer exists), attaches the
 * tensor allocator to it, runs the thread pool, and registers the fast paths of the ops (fast.ts).
 * Platform-neutral: wasm-node.ts and wasm-browser.ts supply the module bytes and a worker factory.
 *
 * Pool protocol: one control block in the shared memory; the main thread writes a kernel index and its
 * arguments, bumps the generation and wakes the workers; every thread (main = tid 0) runs its share; the
 * main thread waits until all workers have counted themselves done. Kernels split work into fixed pieces,
 * so the results do not depend on the number of threads.
 */
import { setFast, type FastKernels } from './fast.js';
import { WasmHeap, attachHeap } from './memory.js';
import type { FloatArray, Tensor } from './tensor.js';
import { installCgcnn } from './wasm-cgcnn.js';

type T = Tensor<FloatArray>;
type KernelFn = (...args: number[]) => number;

/** A worker of the pool (Node worker_threads.Worker or a browser Worker, wrapped). */
export interface PoolWorker {
  onReady(cb: () => void, fail: (e: unknown) => void): void;
  terminate(): void;
}

export interface StartOptions {
  module: WebAssembly.Module;
  /** True for a module that imports a shared memory. */
  shared: boolean;
  variant: string;
  threads: number;
  /** Creates worker `tid` with its init data. */
  spawn?: (data: WorkerInit) => PoolWorker;
  /** Atomics.wait allowed on this thread (Node main thread: yes; browser main thread: no). */
  canBlock: boolean;
}

export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ctrl: number;
  tid: number;
  names: string[];
}

const NAMES = [
  'gemm',
  'unary',
  'unaryBackward',
  'binary',
  'colStats',
  'scaleShift',
  'bnBackwardSums',
  'bnBackwardApply',
  'segSum',
  'segSumIdx',
  'cgForwardEdges',
  'cgForwardGate',
  'cgForwardOut',
  'cgBackwardOut',
  'cgBackwardGate',
  'cgBackwardApply',
  'gemmSplitK',
  'cgBackwardApplyDW',
  'cgForwardFused',
  'accumulate',
  'gatherAdd',
];

export class Engine {
  readonly heap: WasmHeap;
  readonly exports: Record<string, KernelFn>;
  readonly variant: string;
  private readonly fns: KernelFn[];
  private readonly ctrl: number;
  private i32: Int32Array;
  private f64: Float64Array;
  private workers: PoolWorker[] = [];
  private ready = 0;
  /** Threads currently usable (1 + ready workers once all are ready). */
  threads = 1;
  private wanted = 1;
  readonly gemmScratchBytes: number;
  /** Byte offset of the shared tile counter that dynamically scheduled kernels take work from (reset to 0
   * before every run). */
  readonly tileCounter: number;
  /** Per-thread gemm scratch (reallocated when the thread count grows). */
  scratch = 0;
  private scratchThreads = 0;

  constructor(
    readonly module: WebAssembly.Module,
    instance: WebAssembly.Instance,
    readonly memory: WebAssembly.Memory,
    private readonly opts: StartOptions,
  ) {
    this.variant = opts.variant;
    this.exports = instance.exports as unknown as Record<string, KernelFn>;
    this.fns = NAMES.map((n) => this.exports[n]);
    this.heap = new WasmHeap(memory, 65536);
    this.ctrl = this.heap.alloc(256);
    this.i32 = new Int32Array(memory.buffer, this.ctrl, 16);
    this.f64 = new Float64Array(memory.buffer, this.ctrl + 64, 24);
    this.i32.fill(0);
    this.tileCounter = this.ctrl + 32;
    this.gemmScratchBytes = this.exports.gemmScratchBytes();
    this.ensureScratch(1);
  }

  get shared(): boolean {
    return this.opts.shared;
  }

  private ensureScratch(n: number): void {
    if (n <= this.scratchThreads) return;
    if (this.scratch) this.heap.free(this.scratch);
    this.scratch = this.heap.alloc(this.gemmScratchBytes * n);
    this.scratchThreads = n;
  }

  /** Runs kernel `name` on `nth` threads (capped at the usable count). */
  run(name: string, nth: number, args: number[]): void {
    const k = NAMES.indexOf(name);
    const fn = this.fns[k];
    const n = Math.max(1, Math.min(nth, this.threads));
    if (this.i32.buffer !== this.memory.buffer) {
      // A non-shared memory that grew detached the old views.
      this.i32 = new Int32Array(this.memory.buffer, this.ctrl, 16);
      this.f64 = new Float64Array(this.memory.buffer, this.ctrl + 64, 24);
    }
    this.i32[8] = 0; // tile counter
    if (n === 1) {
      fn(0, 1, ...args);
      return;
    }
    const i32 = this.i32;
    i32[2] = k;
    i32[3] = args.length;
    i32[4] = n;
    i32[5] = 0;
    for (let a = 0; a < args.length; a++) this.f64[a] = args[a];
    Atomics.store(i32, 1, 0);
    Atomics.add(i32, 0, 1);
    Atomics.notify(i32, 0);
    try {
      fn(0, n, ...args);
    } finally {
      const need = this.workers.length;
      for (;;) {
        const d = Atomics.load(i32, 1);
        if (d >= need) break;
        if (this.opts.canBlock) Atomics.wait(i32, 1, d, 1000);
      }
    }
    if (i32[5] !== 0) throw new Error(`engine: kernel ${name} failed in a worker`);
  }

  /** Sets the number of threads (1 = main only). Resolves when the workers are ready. */
  async setThreads(n: number): Promise<void> {
    n = Math.max(1, Math.floor(n));
    this.wanted = n;
    if (!this.opts.shared || !this.opts.spawn) {
      this.threads = 1;
      return;
    }
    this.ensureScratch(n);
    // Fewer threads than workers: the extra workers stay idle (they skip their share), no respawn.
    if (n - 1 <= this.workers.length && this.ready === this.workers.length) {
      this.threads = n;
      return;
    }
    this.stopWorkers();
    this.threads = 1;
    const spawn = this.opts.spawn;
    const ws: PoolWorker[] = [];
    const readyAll = Promise.all(
      Array.from({ length: n - 1 }, (_, i) => {
        const w = spawn({
          module: this.module,
          memory: this.memory,
          ctrl: this.ctrl,
          tid: i + 1,
          names: NAMES,
        });
        ws.push(w);
        return new Promise<void>((res, rej) => w.onReady(res, rej));
      }),
    );
    this.workers = ws;
    this.ready = 0;
    await readyAll;
    if (this.workers !== ws) return; // superseded by another setThreads call
    this.ready = ws.length;
    this.threads = this.wanted;
  }

  private stopWorkers(): void {
    if (this.workers.length === 0) return;
    const i32 = this.i32;
    i32[2] = -1;
    Atomics.add(i32, 0, 1);
    Atomics.notify(i32, 0);
    for (const w of this.workers) w.terminate();
    this.workers = [];
    this.ready = 0;
  }

  /** Stops the workers (the engine stays usable on one thread). */
  shutdown(): void {
    this.stopWorkers();
    this.threads = 1;
  }
}

let engine: Engine | null = null;

export function currentEngine(): Engine | null {
  return engine;
}

const UNARY: Record<string, number> = {
  neg: 0,
  exp: 1,
  sqrt: 3,
  abs: 4,
  square: 5,
  sigmoid: 6,
  tanh: 7,
  relu: 8,
  softplus: 9,
};
const BIN: Record<string, number> = { add: 0, sub: 1, mul: 2, div: 3 };
const PAR_MIN = 1 << 16;

function onHeap(...ts: (T | null)[]): boolean {
  for (const t of ts) if (t && (t.dtype !== 'float32' || t.ptr < 0)) return false;
  return true;
}

/** Temporary float32 block in the engine memory, freed by the caller (`view` is re-created on access). */
export function tmpF32(
  e: Engine,
  values: ArrayLike<number> | number,
): { ptr: number; readonly view: Float32Array; free(): void } {
  const n = typeof values === 'number' ? values : values.length;
  const ptr = e.heap.alloc(Math.max(4, n * 4));
  if (typeof values !== 'number') new Float32Array(e.memory.buffer, ptr, n).set(values);
  return {
    ptr,
    get view() {
      return new Float32Array(e.memory.buffer, ptr, n);
    },
    free: () => e.heap.free(ptr),
  };
}

/** Temporary int32 block. */
export function tmpI32(e: Engine, values: ArrayLike<number>): { ptr: number; free(): void } {
  const ptr = e.heap.alloc(Math.max(4, values.length * 4));
  new Int32Array(e.memory.buffer, ptr, values.length).set(values);
  return { ptr, free: () => e.heap.free(ptr) };
}

function kernels(e: Engine): FastKernels {
  const ths = (work: number) => (work >= PAR_MIN ? e.threads : 1);
  return {
    gemm(M, N, K, A, transA, B, transB, C, beta) {
      if (!onHeap(A, B, C) || M === 0 || N === 0) return M === 0 || N === 0;
      const lda = transA ? M : K;
      const ldb = transB ? K : N;
      const nth = M * N * K >= 1 << 18 ? e.threads : 1;
      e.run('gemm', nth, [
        M,
        N,
        K,
        A.ptr,
        lda,
        transA ? 1 : 0,
        B.ptr,
        ldb,
        transB ? 1 : 0,
        C.ptr,
        N,
        beta,
        e.scratch,
        e.gemmScratchBytes,
      ]);
      return true;
    },
    unary(kind, a, o) {
      const k = UNARY[kind];
      if (k === undefined || !onHeap(a, o)) return false;
      e.run('unary', ths(a.size), [k, a.size, a.ptr, o.ptr]);
      return true;
    },
    unaryBackward(kind, a, o, g, ga) {
      const k = UNARY[kind];
      if (k === undefined || !onHeap(a, o, g, ga)) return false;
      e.run('unaryBackward', ths(a.size), [k, a.size, a.ptr, o.ptr, g.ptr, ga.ptr]);
      return true;
    },
    binary(kind, a, b, o) {
      if (!onHeap(a, b, o) || a.size !== o.size) return false;
      let mode: number;
      let cols = 1;
      if (b.size === o.size && b.rank === o.rank) mode = 0;
      else if (b.size === 1) mode = 1;
      else if (b.rank === 1 && o.rank >= 1 && b.shape[0] === o.shape[o.rank - 1]) {
        mode = 2;
        cols = b.shape[0];
      } else return false;
      if (mode === 0 && !a.shape.every((d, i) => d === b.shape[i])) return false;
      e.run('binary', ths(o.size), [BIN[kind], mode, o.size, cols, a.ptr, b.ptr, o.ptr]);
      return true;
    },
    accumulate(kind, a, b, o) {
      if (!onHeap(a, b, o) || a.size !== o.size || (b && b.size !== o.size)) return false;
      const mode = kind === 'add' ? 0 : kind === 'sub' ? 1 : kind === 'mul' ? 2 : 3;
      e.run('accumulate', ths(o.size), [mode, o.size, a.ptr, b ? b.ptr : 0, o.ptr]);
      return true;
    },
    batchNormApply(x, mean, variance, eps, gamma, beta, o) {
      if (!onHeap(x, o) || x.rank !== 2) return false;
      const C = x.shape[1];
      const g = gamma ? gamma.data : null;
      const b = beta ? beta.data : null;
      const sc = tmpF32(e, C);
      const sh = tmpF32(e, C);
      const scv = sc.view;
      const shv = sh.view;
      for (let c = 0; c < C; c++) {
        const s = (g ? g[c] : 1) / Math.sqrt(variance[c] + eps);
        scv[c] = s;
        shv[c] = (b ? b[c] : 0) - mean[c] * s;
      }
      e.run('scaleShift', ths(x.size), [x.shape[0], C, x.ptr, sc.ptr, sh.ptr, o.ptr]);
      sc.free();
      sh.free();
      return true;
    },
    cgcnnForward: (v, u, graph, p, training, eps, out, keep) =>
      installCgcnn(e, v, u, graph, p, training, eps, out, keep ?? true),
  };
}

/** Instantiates the kernels, attaches the heap and the fast paths, starts `threads` threads. */
export async function startEngine(opts: StartOptions): Promise<Engine> {
  if (engine) return engine;
  const memory = new WebAssembly.Memory({
    initial: 64,
    maximum: opts.shared ? 65536 : 65536,
    shared: opts.shared,
  } as WebAssembly.MemoryDescriptor);
  const instance = await WebAssembly.instantiate(opts.module, { env: { memory } });
  const e = new Engine(opts.module, instance, memory, opts);
  engine = e;
  attachHeap(e.heap);
  setFast(kernels(e));
  if (opts.threads > 1) void e.setThreads(opts.threads);
  return e;
}

/** Synchronous variant for Node (the module is compiled synchronously there). */
export function startEngineSync(opts: StartOptions): Engine {
  if (engine) return engine;
  const memory = new WebAssembly.Memory({
    initial: 64,
    maximum: 65536,
    shared: opts.shared,
  } as WebAssembly.MemoryDescriptor);
  const instance = new WebAssembly.Instance(opts.module, { env: { memory } });
  const e = new Engine(opts.module, instance, memory, opts);
  engine = e;
  attachHeap(e.heap);
  setFast(kernels(e));
  return e;
}

/** Sets the number of threads of the running engine; resolves when the workers are ready. */
export async function setThreads(n: number): Promise<void> {
  if (engine) await engine.setThreads(n);
}

/** Threads in use (1 without the kernels). */
export function getThreads(): number {
  return engine ? engine.threads : 1;
}

/** Name of the loaded kernel build ('relaxed', 'simd', 'simd-nothreads') or 'typescript'. */
export function engineVariant(): string {
  return engine ? engine.variant : 'typescript';
}
