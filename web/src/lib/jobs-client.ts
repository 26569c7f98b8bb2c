/**
 * Starts a training job in a Web Worker running the xtal engine. One worker per job: stopping a job
 * terminates its worker, so a page never leaves training running after it is closed.
 */
export interface JobHandle {
  stop(): void;
  readonly done: Promise<{ stopped: boolean; ms: number }>;
}

let lastEngine = '';

/** Kernel threads per training worker: `?threads=N` in the address, else the cores (at most 4). */
function kernelThreads(): number {
  const q = Number(new URLSearchParams(location.search).get('threads'));
  return Number.isInteger(q) && q > 0 ? q : Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
}

/** The engine variant the last job ran on, e.g. "relaxed × 2" or "typescript (…)". */
export function engineInUse(): string {
  return lastEngine;
}

export function runJob<P>(
  job: string,
  params: P,
  onProgress: (msg: Record<string, unknown>) => void,
): JobHandle {
  const worker = new Worker(new URL('../workers/engine.worker.ts', import.meta.url), { type: 'module' });
  let finish!: (r: { stopped: boolean; ms: number }) => void;
  let fail!: (e: Error) => void;
  const done = new Promise<{ stopped: boolean; ms: number }>((ok, ko) => {
    finish = ok;
    fail = ko;
  });
  worker.onmessage = (ev: MessageEvent<Record<string, unknown>>) => {
    const m = ev.data;
    if (m.type === 'progress') onProgress(m);
    else if (m.type === 'engine') {
      lastEngine = String(m.engine);
      document.querySelector('[data-testid="runtime"]')?.setAttribute('data-engine', lastEngine);
    } else if (m.type === 'done') {
      finish({ stopped: Boolean(m.stopped), ms: Number(m.ms) });
      worker.terminate();
    } else if (m.type === 'error') {
      fail(new Error(String(m.message)));
      worker.terminate();
    }
  };
  worker.onerror = (e) => {
    fail(new Error(e.message));
    worker.terminate();
  };
  worker.postMessage({ type: 'start', job, params, threads: kernelThreads() });
  return {
    stop() {
      worker.terminate();
      finish({ stopped: true, ms: NaN });
    },
    done,
  };
}

export interface RemotePrediction {
  name: string;
  targets: string[];
  members: number;
  /** [structure][target] */
  mean: number[][];
  std: number[][];
}

let predictWorker: Worker | null = null;
let predictSeq = 0;
const pendingPredictions = new Map<number, { ok: (r: RemotePrediction[]) => void; ko: (e: Error) => void }>();

/**
 * Predictions of the shipped models (models.json next to the page) in a long-lived worker on the
 * engine's WebAssembly kernels, so the page never blocks. Items: built-in example ids or structure texts.
 */
export function predictShipped(
  items: Array<{ exampleId?: string; text?: string; file?: string }>,
): Promise<RemotePrediction[]> {
  if (!predictWorker) {
    predictWorker = new Worker(new URL('../workers/engine.worker.ts', import.meta.url), { type: 'module' });
    predictWorker.onmessage = (ev: MessageEvent<Record<string, unknown>>) => {
      const m = ev.data;
      if (m.type === 'engine') {
        lastEngine = String(m.engine);
        return;
      }
      if (m.type !== 'predicted') return;
      const p = pendingPredictions.get(Number(m.id));
      if (!p) return;
      pendingPredictions.delete(Number(m.id));
      if (m.error) p.ko(new Error(String(m.error)));
      else p.ok(m.results as RemotePrediction[]);
    };
  }
  const id = ++predictSeq;
  const base = new URL('./', location.href).href;
  return new Promise((ok, ko) => {
    pendingPredictions.set(id, { ok, ko });
    predictWorker!.postMessage({ type: 'predict', id, base, items, threads: kernelThreads() });
  });
}

/** Names of the shipped model folders (empty until models ship). */
export async function shippedModelNames(): Promise<string[]> {
  try {
    const r = await fetch('./models.json');
    if (!r.ok) return [];
    return ((await r.json()) as { folders?: string[] }).folders ?? [];
  } catch {
    return [];
  }
}
