/**
 * The lab's training worker: runs one job at a time on the xtal engine off the main thread, posts its
 * progress messages, and stops when asked (jobs yield between steps so the stop message can arrive).
 */
import { mlp1d, mlp2d } from '../jobs/mlp.js';
import { race } from '../jobs/race.js';
import { fitCurves, kfold } from '../jobs/generalization.js';
import { depth } from '../jobs/depth.js';
import { cnn, autoencoder } from '../jobs/cnn.js';
import { cgcnnTrain } from '../jobs/cgcnn.js';
import type { JobFn } from '../jobs/types.js';
import { loadModelFolder, type Predictor } from '../lib/shipped-models.js';
import { buildExample, exampleById } from '../../../src/structure/examples/build.js';
import { readStructureText } from '../../../src/structure/io/convert.js';
import { initBrowserEngine } from '../../../src/engine/wasm-browser.js';
import { engineVariant, getThreads } from '../../../src/engine/wasm.js';

/**
 * Loads the engine's WebAssembly kernels once per worker: the shared-memory SIMD build (relaxed where the
 * browser has it) when the page is cross-origin isolated, the single-thread build otherwise; the
 * TypeScript reference kernels if WebAssembly cannot load at all. The pool size comes from the page
 * (`?threads=N` in the address, else the number of cores, at most 4).
 */
let engineReady: Promise<string> | null = null;
function ensureEngine(threads: number): Promise<string> {
  engineReady ??= initBrowserEngine({ threads })
    .then(() => `${engineVariant()} × ${getThreads()}`)
    .catch((e: unknown) => `typescript (${String((e as Error)?.message ?? e)})`);
  return engineReady;
}

const JOBS: Record<string, JobFn> = {
  mlp1d: mlp1d as JobFn,
  mlp2d: mlp2d as JobFn,
  race: race as JobFn,
  fitCurves: fitCurves as JobFn,
  kfold: kfold as JobFn,
  depth: depth as JobFn,
  cnn: cnn as JobFn,
  autoencoder: autoencoder as JobFn,
  cgcnn: cgcnnTrain as JobFn,
};

let stopped = false;

/** A structure to predict: a built-in example by id, or a text with its file name. */
interface PredictItem {
  exampleId?: string;
  text?: string;
  file?: string;
}

const predictorCache = new Map<string, Promise<Predictor[]>>();

/** Predictions of every shipped model folder (loaded once per worker) for the items. */
async function predictShippedHere(base: string, items: PredictItem[]) {
  let load = predictorCache.get(base);
  if (!load) {
    load = (async () => {
      const list = (await (await fetch(`${base}models.json`)).json()) as { folders?: string[] };
      const out: Predictor[] = [];
      for (const f of list.folders ?? []) out.push(await loadModelFolder(`${base}models/${f}/`, f));
      return out;
    })();
    predictorCache.set(base, load);
  }
  const predictors = await load;
  const structures = items.map((it) =>
    it.exampleId
      ? buildExample(exampleById(it.exampleId))
      : readStructureText(it.text ?? '', undefined, { file: it.file ?? 'upload.cif' })[0],
  );
  return predictors.map((p) => ({
    name: p.name,
    targets: p.targets,
    members: p.members,
    ...p.predict(structures),
  }));
}

const post = (msg: Record<string, unknown>) => (self as unknown as Worker).postMessage(msg);

self.onmessage = async (
  ev: MessageEvent<{
    type: string;
    job?: string;
    params?: unknown;
    threads?: number;
    id?: number;
    base?: string;
    items?: PredictItem[];
  }>,
) => {
  const m = ev.data;
  if (m.type === 'stop') {
    stopped = true;
    return;
  }
  if (m.type === 'predict') {
    try {
      await ensureEngine(Math.max(1, Math.min(8, Math.floor(m.threads ?? 1))));
      post({ type: 'predicted', id: m.id, results: await predictShippedHere(m.base!, m.items ?? []) });
    } catch (e) {
      post({ type: 'predicted', id: m.id, error: String((e as Error)?.message ?? e) });
    }
    return;
  }
  if (m.type !== 'start' || !m.job) return;
  const fn = JOBS[m.job];
  if (!fn) {
    post({ type: 'error', message: `unknown job ${m.job}` });
    return;
  }
  stopped = false;
  const engine = await ensureEngine(Math.max(1, Math.min(8, Math.floor(m.threads ?? 1))));
  post({ type: 'engine', engine });
  const t0 = performance.now();
  try {
    await fn(m.params as never, (msg) => post({ type: 'progress', ...msg }), {
      tick: () => new Promise((ok) => setTimeout(() => ok(!stopped), 0)),
    });
    post({ type: 'done', stopped, ms: performance.now() - t0 });
  } catch (e) {
    post({ type: 'error', message: String((e as Error)?.message ?? e) });
  }
};
