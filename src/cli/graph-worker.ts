/**
 * The worker side of graphStream (graph-stream.ts): reads the inputs, builds each crystal graph and posts them
 * in chunks, the graphs' arrays transferred, as long as the caller has granted credit for more chunks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadAtomFeaturesJson } from '../elements/feature-table.js';
import { commandEntries } from './inputs.js';
import {
  buildItem,
  wireError,
  type GraphWorkerInit,
  type WireItem,
  type WorkerMessage,
} from './graph-stream.js';

const init = workerData as GraphWorkerInit;
const port = parentPort!;
let credit = 0;
let wake: (() => void) | null = null;
port.on('message', (m: { credit?: number }) => {
  credit += m.credit ?? 0;
  const w = wake;
  wake = null;
  w?.();
});

async function send(items: WireItem[]): Promise<void> {
  while (credit <= 0) await new Promise<void>((res) => (wake = res));
  credit--;
  const transfer: ArrayBuffer[] = [];
  for (const it of items)
    if (it.graph)
      transfer.push(
        it.graph.atomFeatures.buffer as ArrayBuffer,
        it.graph.neighborIndex.buffer as ArrayBuffer,
        it.graph.neighborDistanceA.buffer as ArrayBuffer,
      );
  port.postMessage({ items } satisfies WorkerMessage, transfer);
}

async function run(): Promise<void> {
  const featurizer = loadAtomFeaturesJson(init.atomFeaturesJson);
  let items: WireItem[] = [];
  for await (const entry of commandEntries(init.inputs, init.input)) {
    const it = buildItem(entry, featurizer, init.graph);
    items.push({
      id: it.id,
      source: it.source,
      graph: it.graph,
      error: it.error ? wireError(it.error) : undefined,
    });
    if (items.length >= init.chunk) {
      await send(items);
      items = [];
    }
  }
  if (items.length) await send(items);
  port.postMessage({ done: true } satisfies WorkerMessage);
}

// The worker stays until the caller terminates it, so every message is delivered before it exits.
run().catch((err: unknown) => port.postMessage({ fatal: wireError(err) } satisfies WorkerMessage));
