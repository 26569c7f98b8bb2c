// Page of test/browser/engine.test.ts: loads the engine kernels (threads when cross-origin isolated), trains
// a small CGCNN layer + linear head with SGD on a fixed random task and publishes the losses.
import {
  Rng,
  backward,
  cgcnnConv,
  engineVariant,
  getThreads,
  matmul,
  mean,
  noGrad,
  parameter,
  square,
  sub,
  tensor,
  tidy,
  type Tensor,
} from '../../../src/engine/index.js';
import { initBrowserEngine } from '../../../src/engine/wasm-browser.js';

interface Result {
  variant: string;
  threads: number;
  isolated: boolean;
  losses: number[];
  error?: string;
}

async function run(): Promise<Result> {
  await initBrowserEngine({ threads: 2 });
  const rng = new Rng(3);
  const N = 400;
  const M = 6;
  const F = 16;
  const B = 12;
  const E = N * M;
  const nbr = Int32Array.from({ length: E }, () => rng.int(N));
  const offsets = Int32Array.from({ length: N + 1 }, (_, i) => i * M);
  const v = tensor(
    Float32Array.from({ length: N * F }, () => rng.normal()),
    [N, F],
  ).keep();
  const u = tensor(
    Float32Array.from({ length: E * B }, () => rng.uniform()),
    [E, B],
  ).keep();
  const y = tensor(
    Float32Array.from({ length: N }, (_, i) => Math.tanh(v.data[i * F] + v.data[i * F + 1])),
    [N, 1],
  ).keep();
  const w = (n: number, s: number) => parameter([n], () => rng.range(-s, s));
  const p = {
    weight: parameter([2 * F, 2 * F + B], () => rng.range(-0.2, 0.2)),
    bias: w(2 * F, 0.1),
    bn1Gamma: parameter([2 * F], () => 1),
    bn1Beta: parameter([2 * F]),
    bn1RunningMean: tensor(new Float32Array(2 * F)).keep(),
    bn1RunningVar: tensor(new Float32Array(2 * F).fill(1)).keep(),
    bn2Gamma: parameter([F], () => 1),
    bn2Beta: parameter([F]),
    bn2RunningMean: tensor(new Float32Array(F)).keep(),
    bn2RunningVar: tensor(new Float32Array(F).fill(1)).keep(),
  };
  const head = parameter([F, 1], () => rng.range(-0.2, 0.2));
  const params: Tensor[] = [p.weight, p.bias, p.bn1Gamma, p.bn1Beta, p.bn2Gamma, p.bn2Beta, head];
  const losses: number[] = [];
  for (let step = 0; step < 40; step++) {
    const loss = tidy(() => {
      for (const q of params) q.zeroGrad();
      const h = cgcnnConv(v, u, { nbr, offsets }, p, { training: true });
      const l = mean(square(sub(matmul(h, head), y)));
      backward(l);
      return l.item();
    });
    noGrad(() => {
      for (const q of params) {
        const d = q.data;
        const g = q.grad!;
        for (let i = 0; i < d.length; i++) d[i] -= 0.05 * g[i];
      }
    });
    losses.push(loss);
  }
  return {
    variant: engineVariant(),
    threads: getThreads(),
    isolated: globalThis.crossOriginIsolated === true,
    losses,
  };
}

const w = globalThis as unknown as { __xtalEngine?: Result };
run().then(
  (r) => {
    w.__xtalEngine = r;
    document.getElementById('out')!.textContent = JSON.stringify(r);
  },
  (e: unknown) => {
    w.__xtalEngine = { variant: '', threads: 0, isolated: false, losses: [], error: String(e) };
  },
);
