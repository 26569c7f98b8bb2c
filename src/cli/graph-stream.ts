/**
 * Crystal graphs of a command's inputs, as a stream: read, parse and build each graph, in this thread or in a
 * worker thread that runs ahead while the caller runs the network on the graphs before (`reader: 'worker'`).
 * Either way the items come in input order, bad entries as errors, and the worker never holds more than a
 * few chunks that the caller has not taken yet.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { atomFeaturesToJson } from '../elements/feature-table.js';
import type { AtomFeaturizer } from '../elements/featurizer.js';
import { XtalInputError } from '../errors.js';
import { buildCrystalGraph, type CrystalGraph, type CrystalGraphOptions } from '../graph/crystal-graph.js';
import { commandEntries, type InputOptions } from './inputs.js';

export interface GraphItem {
  id: string;
  source: string;
  graph?: CrystalGraph;
  error?: Error;
}

export interface GraphStreamOptions extends InputOptions {
  featurizer: AtomFeaturizer;
  graph?: CrystalGraphOptions;
  /** 'worker': read and build in a worker thread (falls back to this thread where none can start). */
  reader?: 'main' | 'worker';
}

/** What the worker is told. */
export interface GraphWorkerInit {
  inputs: string[];
  input: InputOptions;
  atomFeaturesJson: string;
  graph: CrystalGraphOptions;
  chunk: number;
}

/** A serialised item from the worker. */
export interface WireItem {
  id: string;
  source: string;
  graph?: CrystalGraph;
  error?: { name: string; message: string; reason?: string; file?: string; line?: number; field?: string };
}

export type WorkerMessage = { items: WireItem[] } | { done: true } | { fatal: WireItem['error'] };

/** Items per message, and messages the worker may send ahead of the caller. */
const CHUNK = 32;
const AHEAD = 8;

export async function* graphStream(inputs: string[], o: GraphStreamOptions): AsyncGenerator<GraphItem> {
  const file = workerFile();
  if (o.reader === 'worker' && file) yield* workerStream(file, inputs, o);
  else yield* localStream(inputs, o);
}

async function* localStream(inputs: string[], o: GraphStreamOptions): AsyncGenerator<GraphItem> {
  for await (const entry of commandEntries(inputs, o)) yield buildItem(entry, o.featurizer, o.graph ?? {});
}

/** Graph (or error) of one entry. */
export function buildItem(
  entry: { id: string; source: string; structure?: Parameters<typeof buildCrystalGraph>[0]; error?: Error },
  featurizer: AtomFeaturizer,
  graph: CrystalGraphOptions,
): GraphItem {
  if (!entry.structure) return { id: entry.id, source: entry.source, error: entry.error };
  try {
    return {
      id: entry.id,
      source: entry.source,
      graph: buildCrystalGraph(entry.structure, featurizer, graph),
    };
  } catch (err) {
    return { id: entry.id, source: entry.source, error: err instanceof Error ? err : new Error(String(err)) };
  }
}

/** True when graphStream can use a worker thread (the compiled worker is present). */
export function graphWorkerAvailable(): boolean {
  return workerFile() !== null;
}

/** The compiled worker beside this module, or null (e.g. when running from TypeScript sources). */
function workerFile(): URL | null {
  const url = new URL('./graph-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

async function* workerStream(file: URL, inputs: string[], o: GraphStreamOptions): AsyncGenerator<GraphItem> {
  const init: GraphWorkerInit = {
    inputs,
    input: { examples: o.examples, format: o.format, structures: o.structures },
    atomFeaturesJson: atomFeaturesToJson(o.featurizer),
    graph: o.graph ?? {},
    chunk: CHUNK,
  };
  const worker = new Worker(file, { workerData: init });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: WorkerMessage) => {
    queue.push(m);
    notify();
  });
  worker.on('error', (e) => {
    failure = e;
    notify();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure) failure = new Error(`the structure reader stopped (exit code ${code})`);
    notify();
  });
  worker.postMessage({ credit: AHEAD });
  try {
    for (;;) {
      while (queue.length === 0) {
        if (failure) throw failure;
        await new Promise<void>((res) => (wake = res));
      }
      const m = queue.shift()!;
      if ('done' in m) return;
      if ('fatal' in m) throw revive(m.fatal!);
      worker.postMessage({ credit: 1 });
      for (const it of m.items)
        yield {
          id: it.id,
          source: it.source,
          graph: it.graph,
          error: it.error ? revive(it.error) : undefined,
        };
    }
  } finally {
    await worker.terminate();
  }
}

/** An error as the worker sent it, as an Error of the same kind again. */
export function revive(e: NonNullable<WireItem['error']>): Error {
  if (e.name === 'XtalInputError')
    return new XtalInputError(e.reason ?? e.message, { file: e.file, line: e.line, field: e.field });
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

/** An error in a form that survives postMessage. */
export function wireError(err: unknown): NonNullable<WireItem['error']> {
  if (err instanceof XtalInputError)
    return {
      name: err.name,
      message: err.message,
      reason: err.reason,
      file: err.file,
      line: err.line,
      field: err.field,
    };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}
