import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { tensor, backward, sum, mul, type CgcnnGraph } from '../../src/engine/index.js';
import { CGConv, loadStateDict, type AnyTensor } from '../../src/nn/index.js';
import { readSafetensorsFileSync } from '../../src/nn/safetensors-file.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';
import { assertClose, finiteDiff, t64 } from './helpers.js';

interface Graph extends CgcnnGraph {
  N: number;
  E: number;
}

/** A small random graph: each atom gets 1..4 neighbours (self-loops and repeats allowed, as with padding). */
function randomGraph(rng: Rng, N: number): Graph {
  const offsets = new Int32Array(N + 1);
  const nbr: number[] = [];
  for (let i = 0; i < N; i++) {
    const k = 1 + rng.int(4);
    for (let j = 0; j < k; j++) nbr.push(rng.int(N));
    offsets[i + 1] = nbr.length;
  }
  return { N, E: nbr.length, nbr: Int32Array.from(nbr), offsets };
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const softplus = (x: number): number => (x > 20 ? x : Math.log1p(Math.exp(x)));

interface Params {
  W: ArrayLike<number>;
  b: ArrayLike<number>;
  g1: ArrayLike<number>;
  b1: ArrayLike<number>;
  rm1: ArrayLike<number>;
  rv1: ArrayLike<number>;
  g2: ArrayLike<number>;
  b2: ArrayLike<number>;
  rm2: ArrayLike<number>;
  rv2: ArrayLike<number>;
}

/**
 * The reference ConvLayer (science.md §7) written out in float64: z = v_i ⊕ v_j ⊕ u_ij, h = BN1(W z + b),
 * out = softplus(v_i + BN2(Σ_j sigmoid(h_f) ⊙ softplus(h_c))). Training: batch mean and biased variance.
 */
function reference(
  v: ArrayLike<number>,
  u: ArrayLike<number>,
  g: Graph,
  F: number,
  B: number,
  p: Params,
  training: boolean,
  eps = 1e-5,
): { out: Float64Array; mean1: Float64Array; var1: Float64Array; mean2: Float64Array; var2: Float64Array } {
  const { N, E } = g;
  const K = 2 * F + B;
  const h = new Float64Array(E * 2 * F);
  for (let i = 0; i < N; i++) {
    for (let e = g.offsets[i]; e < g.offsets[i + 1]; e++) {
      const j = g.nbr[e];
      for (let o = 0; o < 2 * F; o++) {
        let s = p.b[o];
        for (let k = 0; k < F; k++) s += p.W[o * K + k] * v[i * F + k];
        for (let k = 0; k < F; k++) s += p.W[o * K + F + k] * v[j * F + k];
        for (let k = 0; k < B; k++) s += p.W[o * K + 2 * F + k] * u[e * B + k];
        h[e * 2 * F + o] = s;
      }
    }
  }
  const stats = (x: Float64Array, rows: number, cols: number): [Float64Array, Float64Array] => {
    const m = new Float64Array(cols);
    const va = new Float64Array(cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) m[c] += x[r * cols + c] / rows;
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) va[c] += (x[r * cols + c] - m[c]) ** 2 / rows;
    return [m, va];
  };
  const [mean1, var1] = training ? stats(h, E, 2 * F) : [Float64Array.from(p.rm1), Float64Array.from(p.rv1)];
  const s = new Float64Array(N * F);
  for (let i = 0; i < N; i++) {
    for (let e = g.offsets[i]; e < g.offsets[i + 1]; e++) {
      for (let k = 0; k < F; k++) {
        const bn = (o: number): number =>
          ((h[e * 2 * F + o] - mean1[o]) / Math.sqrt(var1[o] + eps)) * p.g1[o] + p.b1[o];
        s[i * F + k] += sigmoid(bn(k)) * softplus(bn(F + k));
      }
    }
  }
  const [mean2, var2] = training ? stats(s, N, F) : [Float64Array.from(p.rm2), Float64Array.from(p.rv2)];
  const out = new Float64Array(N * F);
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < F; k++) {
      const m = ((s[i * F + k] - mean2[k]) / Math.sqrt(var2[k] + eps)) * p.g2[k] + p.b2[k];
      out[i * F + k] = softplus(v[i * F + k] + m);
    }
  }
  return { out, mean1, var1, mean2, var2 };
}

function randomize(conv: CGConv, rng: Rng): Params {
  const fill = (t: AnyTensor, lo: number, hi: number): void => {
    for (let i = 0; i < t.size; i++) t.data[i] = rng.range(lo, hi);
  };
  fill(conv.bn1.weight!, 0.5, 1.5);
  fill(conv.bn1.bias!, -0.5, 0.5);
  fill(conv.bn1.runningMean!, -0.3, 0.3);
  fill(conv.bn1.runningVar!, 0.5, 2);
  fill(conv.bn2.weight!, 0.5, 1.5);
  fill(conv.bn2.bias!, -0.5, 0.5);
  fill(conv.bn2.runningMean!, -0.3, 0.3);
  fill(conv.bn2.runningVar!, 0.5, 2);
  return {
    W: conv.fcFull.weight.data.slice(),
    b: conv.fcFull.bias!.data.slice(),
    g1: conv.bn1.weight!.data.slice(),
    b1: conv.bn1.bias!.data.slice(),
    rm1: conv.bn1.runningMean!.data.slice(),
    rv1: conv.bn1.runningVar!.data.slice(),
    g2: conv.bn2.weight!.data.slice(),
    b2: conv.bn2.bias!.data.slice(),
    rm2: conv.bn2.runningMean!.data.slice(),
    rv2: conv.bn2.runningVar!.data.slice(),
  };
}

function inputs(rng: Rng, N: number, E: number, F: number, B: number): { v: number[]; u: number[] } {
  return {
    v: Array.from({ length: N * F }, () => rng.normal()),
    // Edge features in [0, 1], like the Gaussian distance expansion.
    u: Array.from({ length: E * B }, () => rng.uniform()),
  };
}

test('CGConv eval forward equals the reference formula computed in float64 (float32 and float64 modules)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const rng = new Rng(11);
    const F = 5;
    const B = 4;
    const g = randomGraph(rng, 7);
    const conv = new CGConv(F, B, { rng, dtype });
    const p = randomize(conv, rng);
    const { v, u } = inputs(rng, g.N, g.E, F, B);
    conv.eval();
    const mk = (d: number[], s: number[]) =>
      dtype === 'float64' ? t64(d, s) : tensor(Float32Array.from(d), s);
    const y = conv.forward(mk(v, [g.N, F]), mk(u, [g.E, B]), g);
    const want = reference(
      dtype === 'float64' ? v : Float32Array.from(v),
      dtype === 'float64' ? u : Float32Array.from(u),
      g,
      F,
      B,
      p,
      false,
    ).out;
    assertClose(y.data, want, dtype === 'float64' ? 1e-12 : 2e-6, `eval ${dtype}`);
    assert.equal(conv.bn1.numBatchesTracked!.data[0], 0);
  }
});

test('CGConv training forward uses batch statistics and updates running ones (unbiased variance)', () => {
  const rng = new Rng(12);
  const F = 4;
  const B = 3;
  const g = randomGraph(rng, 9);
  const conv = new CGConv(F, B, { rng, dtype: 'float64' });
  const p = randomize(conv, rng);
  const { v, u } = inputs(rng, g.N, g.E, F, B);
  conv.train();
  const y = conv.forward(t64(v, [g.N, F]), t64(u, [g.E, B]), g);
  const r = reference(v, u, g, F, B, p, true);
  assertClose(y.data, r.out, 1e-12, 'training output');
  const upd = (old: ArrayLike<number>, batch: Float64Array, n: number): number[] =>
    Array.from(old, (o, k) => 0.9 * o + 0.1 * (n > 0 ? (batch[k] * n) / (n - 1) : batch[k]));
  assertClose(conv.bn1.runningMean!.data, upd(p.rm1, r.mean1, 0), 1e-12, 'bn1 running mean');
  assertClose(conv.bn1.runningVar!.data, upd(p.rv1, r.var1, g.E), 1e-12, 'bn1 running var');
  assertClose(conv.bn2.runningMean!.data, upd(p.rm2, r.mean2, 0), 1e-12, 'bn2 running mean');
  assertClose(conv.bn2.runningVar!.data, upd(p.rv2, r.var2, g.N), 1e-12, 'bn2 running var');
  assert.equal(conv.bn1.numBatchesTracked!.data[0], 1);
  assert.equal(conv.bn2.numBatchesTracked!.data[0], 1);
});

test('CGConv gradients reach every parameter and match finite differences (float64, training mode)', () => {
  const rng = new Rng(13);
  const F = 3;
  const B = 2;
  const g = randomGraph(rng, 5);
  const conv = new CGConv(F, B, { rng, dtype: 'float64' });
  randomize(conv, rng);
  const { v, u } = inputs(rng, g.N, g.E, F, B);
  const R = t64(
    Array.from({ length: g.N * F }, () => rng.normal()),
    [g.N, F],
  );
  const vt = t64(v, [g.N, F], true);
  const ut = t64(u, [g.E, B], true);
  // Running statistics change on every training forward; they do not enter the training output.
  const loss = (): number => {
    const y = conv.forward(vt, ut, g);
    let s = 0;
    for (let i = 0; i < y.size; i++) s += y.data[i] * R.data[i];
    return s;
  };
  backward(sum(mul(conv.forward(vt, ut, g), R)));
  const check = (t: AnyTensor, label: string): void => {
    const grad = t.grad!;
    assert.ok(grad, `${label} has a gradient`);
    for (const i of [0, Math.floor(t.size / 2), t.size - 1]) {
      const fd = finiteDiff(loss, t.data, i);
      assert.ok(
        Math.abs(grad[i] - fd) < 1e-6 * Math.max(1, Math.abs(fd)),
        `${label}[${i}]: ${grad[i]} vs ${fd}`,
      );
    }
  };
  check(vt, 'v');
  check(ut, 'u');
  for (const [name, t] of conv.namedParameters()) check(t, name);
});

test(
  'CGConv loads a reference checkpoint layer by the state-dict names; num_batches_tracked defaults',
  { skip: skipUnlessShared('cgcnn', 'pretrained', 'formation-energy-per-atom.safetensors') },
  () => {
    const st = readSafetensorsFileSync(
      sharedDataPath('cgcnn', 'pretrained', 'formation-energy-per-atom.safetensors')!,
    );
    const conv = new CGConv(64, 41, { rng: new Rng(0) });
    conv.bn1.numBatchesTracked!.data[0] = 5; // reset to 0 by the load, as PyTorch does
    const prefix = 'convs.2.';
    const layer = new Map(
      [...st.tensors].filter(([k]) => k.startsWith(prefix)).map(([k, t]) => [k.slice(prefix.length), t]),
    );
    const report = loadStateDict(conv, layer);
    assert.equal(report.loaded.length, 10);
    assert.deepEqual(report.defaulted, ['bn1.num_batches_tracked', 'bn2.num_batches_tracked']);
    assert.equal(conv.bn1.numBatchesTracked!.data[0], 0);
    assert.deepEqual(conv.fcFull.weight.data, st.tensors.get('convs.2.fc_full.weight')!.data);
    assert.deepEqual(conv.bn2.runningVar!.data, st.tensors.get('convs.2.bn2.running_var')!.data);
    // A full-model key set does not fit one layer: strict loading names the problem.
    assert.throws(() => loadStateDict(conv, st.tensors), /unexpected keys: embedding.weight/);
  },
);
