// The kernels' vector math (exp, expm1, log1p, sigmoid, softplus, log) against float64 Math on dense grids,
// in units in the last place of the float32 result: these feed every activation of the engine and the
// fused CGCNN gate, so a wrong branch or coefficient shows up here before it blurs a gradient test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { currentEngine, engineVariant } from '../../src/engine/index.js';
import { tmpF32 } from '../../src/engine/wasm.js';

const haveKernels = engineVariant() !== 'typescript';
const skip = haveKernels ? false : 'WebAssembly kernels not built (run node scripts/build-kernels.mjs)';

/** float32 ulp at |y| (normal range). */
function ulp(y: number): number {
  const a = Math.max(Math.abs(y), 2 ** -126);
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

function run(kind: number, xs: Float32Array): Float32Array {
  const e = currentEngine()!;
  const n = Math.ceil(xs.length / 4) * 4;
  const x = tmpF32(e, n);
  const y = tmpF32(e, n);
  x.view.set(xs);
  e.exports.vecMath(kind, n, x.ptr, y.ptr);
  const out = Float32Array.from(y.view.subarray(0, xs.length));
  x.free();
  y.free();
  return out;
}

function grid(lo: number, hi: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** Max error in ulps of f32 results against truth; returns [maxUlp, worst x]. */
function maxUlp(xs: Float32Array, ys: Float32Array, truth: (x: number) => number): [number, number] {
  let worst = 0;
  let at = NaN;
  for (let i = 0; i < xs.length; i++) {
    const t = truth(xs[i]);
    const err = Math.abs(ys[i] - t) / ulp(t);
    if (!(err <= worst)) {
      worst = err;
      at = xs[i];
    }
  }
  return [worst, at];
}

const softplus = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

const cases: [string, number, Float32Array, (x: number) => number, number][] = [
  ['exp', 0, grid(-87, 88, 400001), Math.exp, 1],
  ['exp near 0', 0, grid(-1e-3, 1e-3, 20001), Math.exp, 1],
  ['expm1', 1, grid(-87, 0, 200001), Math.expm1, 1],
  [
    'expm1 near 0',
    1,
    Float32Array.from({ length: 4001 }, (_, i) => -(10 ** (-12 + (11.5 * i) / 4000))),
    Math.expm1,
    1,
  ],
  ['log1p on [0, 1]', 2, grid(0, 1, 200001), Math.log1p, 2],
  [
    'log1p tiny',
    2,
    Float32Array.from({ length: 4001 }, (_, i) => 10 ** (-30 + (29 * i) / 4000)),
    Math.log1p,
    2,
  ],
  ['sigmoid', 3, grid(-80, 80, 400001), sigmoid, 3],
  ['softplus', 4, grid(-80, 80, 400001), softplus, 3],
  ['log', 5, Float32Array.from({ length: 200001 }, (_, i) => 2 ** (-60 + (120 * i) / 200000)), Math.log, 1],
];

for (const [name, kind, xs, truth, tol] of cases)
  test(`vector ${name}: within ${tol} ulp of float64 Math`, { skip }, () => {
    const ys = run(kind, xs);
    const [worst, at] = maxUlp(xs, ys, truth);
    assert.ok(worst <= tol, `${name}: ${worst.toFixed(2)} ulp at x = ${at}`);
    if (process.env.VECMATH_REPORT) console.log(`${name}: max ${worst.toFixed(2)} ulp at ${at}`);
  });

test('exp and softplus at the ends of the range', { skip }, () => {
  const xs = Float32Array.from([-200, -87.3, 88.3, 20, 20.5, 30, 100, -0, 0]);
  const e = run(0, xs);
  assert.ok(e[0] > 0 && e[0] < 2e-38, `exp(-200) clamps to a tiny normal value, got ${e[0]}`);
  assert.ok(Number.isFinite(e[2]) && Math.abs(e[2] / Math.exp(Math.fround(88.3)) - 1) < 1e-6);
  const sp = run(4, xs);
  assert.equal(sp[4], Math.fround(20.5));
  assert.equal(sp[5], 30);
  assert.equal(sp[6], 100);
  assert.ok(Math.abs(sp[7] - Math.LN2) < 1e-7);
  const sg = run(3, Float32Array.from([-100, 100, 0]));
  assert.ok(sg[0] >= 0 && sg[0] < 1e-38);
  assert.equal(sg[1], 1);
  assert.equal(sg[2], 0.5);
});
