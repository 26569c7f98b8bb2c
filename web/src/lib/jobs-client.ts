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
