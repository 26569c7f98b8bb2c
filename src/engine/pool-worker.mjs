// Worker of the engine's thread pool (plain JavaScript so that it loads the same way from src/ via tsx,
// from dist/, and in a browser Web Worker). It instantiates the kernel module on the shared memory, then
// sleeps on the control word; on each new generation it runs its share of the posted kernel and counts
// itself done. Control block (Int32 at ctrl): [0] generation, [1] done count, [2] kernel index (-1: quit),
// [3] number of args, [4] threads taking part, [5] error flag; Float64 args at ctrl + 64.
const isNode =
  typeof process !== 'undefined' &&
  !!(process.versions && process.versions.node) &&
  typeof globalThis.WorkerGlobalScope === 'undefined';

async function main() {
  let data;
  let post;
  if (isNode) {
    const wt = await import('node:worker_threads');
    data = wt.workerData;
    post = (m) => wt.parentPort.postMessage(m);
  } else {
    data = await new Promise((resolve) => {
      globalThis.onmessage = (e) => resolve(e.data);
    });
    post = (m) => globalThis.postMessage(m);
  }
  const { module, memory, ctrl, tid, names } = data;
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const fns = names.map((n) => instance.exports[n]);
  const i32 = new Int32Array(memory.buffer, ctrl, 16);
  const f64 = new Float64Array(memory.buffer, ctrl + 64, 32);
  let gen = Atomics.load(i32, 0);
  post('ready');
  for (;;) {
    Atomics.wait(i32, 0, gen);
    gen = Atomics.load(i32, 0);
    const k = i32[2];
    if (k < 0) break;
    const nth = i32[4];
    if (tid < nth) {
      const args = [tid, nth];
      for (let a = 0; a < i32[3]; a++) args.push(f64[a]);
      try {
        fns[k](...args);
      } catch {
        i32[5] = 1;
      }
    }
    Atomics.add(i32, 1, 1);
    Atomics.notify(i32, 1);
  }
}

main();
