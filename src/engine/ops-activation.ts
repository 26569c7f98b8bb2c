/** Activations (sigmoid, tanh, relu, leakyRelu, elu, softplus) and softmax / logSoftmax along an axis. */
import { record } from './autograd.js';
import * as ref from './kernels/reference.js';
import { unary } from './ops-elementwise.js';
import { axisSplit, normAxis, out, type T } from './ops-util.js';
import type { FloatArray, Tensor } from './tensor.js';

export function sigmoid<D extends FloatArray>(a: Tensor<D>): Tensor<D> {
  return unary('sigmoid', a, ref.sigmoid, (_x, y) => y * (1 - y), 'sigmoid');
}
export function tanh<D extends FloatArray>(a: Tensor<D>): Tensor<D> {
  return unary('tanh', a, Math.tanh, (_x, y) => 1 - y * y, 'tanh');
}
/** max(x, 0); derivative 0 at x = 0 (as PyTorch). */
export function relu<D extends FloatArray>(a: Tensor<D>): Tensor<D> {
  return unary(
    'relu',
    a,
    (x) => (x > 0 ? x : 0),
    (x) => (x > 0 ? 1 : 0),
    'relu',
  );
}
export function leakyRelu<D extends FloatArray>(a: Tensor<D>, slope = 0.01): Tensor<D> {
  return unary(
    'leakyRelu',
    a,
    (x) => (x > 0 ? x : slope * x),
    (x) => (x > 0 ? 1 : slope),
  );
}
/** x for x > 0, alpha (e^x - 1) otherwise. */
export function elu<D extends FloatArray>(a: Tensor<D>, alpha = 1): Tensor<D> {
  return unary(
    'elu',
    a,
    (x) => (x > 0 ? x : alpha * Math.expm1(x)),
    (x, y) => (x > 0 ? 1 : y + alpha),
  );
}
/** PyTorch softplus (beta = 1, threshold = 20). */
export function softplus<D extends FloatArray>(a: Tensor<D>): Tensor<D> {
  return unary('softplus', a, ref.softplus, (x) => ref.softplusGrad(x), 'softplus');
}

function softmaxImpl<D extends FloatArray>(a: Tensor<D>, axis: number, logMode: boolean): Tensor<D> {
  const name = logMode ? 'logSoftmax' : 'softmax';
  const ax = normAxis(axis, a.rank, name);
  const [outer, n, inner] = axisSplit(a.shape, ax);
  const o = out(a, a.shape);
  const ad = a.data;
  const od = o.data;
  for (let p = 0; p < outer; p++)
    for (let q = 0; q < inner; q++) {
      const base = p * n * inner + q;
      let m = -Infinity;
      for (let k = 0; k < n; k++) m = Math.max(m, ad[base + k * inner]);
      let s = 0;
      for (let k = 0; k < n; k++) s += Math.exp(ad[base + k * inner] - m);
      const ls = Math.log(s);
      for (let k = 0; k < n; k++) {
        const z = ad[base + k * inner] - m;
        od[base + k * inner] = logMode ? z - ls : Math.exp(z - ls);
      }
    }
  return record(o as T, name, [a as T], (g, gradOf) => {
    const ga = gradOf(a as T);
    if (!ga) return;
    const gd = g.data;
    const y = o.data;
    const gad = ga.data;
    for (let p = 0; p < outer; p++)
      for (let q = 0; q < inner; q++) {
        const base = p * n * inner + q;
        let s = 0;
        if (logMode) {
          for (let k = 0; k < n; k++) s += gd[base + k * inner];
          for (let k = 0; k < n; k++) {
            const i = base + k * inner;
            gad[i] += gd[i] - Math.exp(y[i]) * s;
          }
        } else {
          for (let k = 0; k < n; k++) s += gd[base + k * inner] * y[base + k * inner];
          for (let k = 0; k < n; k++) {
            const i = base + k * inner;
            gad[i] += y[i] * (gd[i] - s);
          }
        }
      }
  }) as Tensor<D>;
}

export function softmax<D extends FloatArray>(a: Tensor<D>, axis = -1): Tensor<D> {
  return softmaxImpl(a, axis, false);
}
export function logSoftmax<D extends FloatArray>(a: Tensor<D>, axis = -1): Tensor<D> {
  return softmaxImpl(a, axis, true);
}
