/** Reductions: sum and mean (over everything or one axis, keepDims), max along an axis. */
import { record } from './autograd.js';
import { axisSplit, normAxis, out, type T } from './ops-util.js';
import type { FloatArray, Tensor } from './tensor.js';

function reducedShape(shape: number[], ax: number, keepDims: boolean): number[] {
  const s = [...shape];
  if (keepDims) s[ax] = 1;
  else s.splice(ax, 1);
  return s;
}

function sumImpl<D extends FloatArray>(
  a: Tensor<D>,
  axis: number | undefined,
  keepDims: boolean,
  scaleMean: boolean,
): Tensor<D> {
  const name = scaleMean ? 'mean' : 'sum';
  if (axis === undefined) {
    const o = out(a, keepDims ? a.shape.map(() => 1) : []);
    const ad = a.data;
    let s = 0;
    for (let i = 0; i < ad.length; i++) s += ad[i];
    const k = scaleMean ? 1 / Math.max(a.size, 1) : 1;
    o.data[0] = s * k;
    return record(o as T, name, [a as T], (g, gradOf) => {
      const ga = gradOf(a as T);
      if (!ga) return;
      const v = g.data[0] * k;
      const gd = ga.data;
      for (let i = 0; i < gd.length; i++) gd[i] += v;
    }) as Tensor<D>;
  }
  const ax = normAxis(axis, a.rank, name);
  const [outer, n, inner] = axisSplit(a.shape, ax);
  const o = out(a, reducedShape(a.shape, ax, keepDims));
  const ad = a.data;
  const od = o.data;
  const k = scaleMean ? 1 / Math.max(n, 1) : 1;
  const acc = new Float64Array(inner);
  for (let p = 0; p < outer; p++) {
    acc.fill(0);
    for (let j = 0; j < n; j++) {
      const base = (p * n + j) * inner;
      for (let q = 0; q < inner; q++) acc[q] += ad[base + q];
    }
    for (let q = 0; q < inner; q++) od[p * inner + q] = acc[q] * k;
  }
  return record(o as T, name, [a as T], (g, gradOf) => {
    const ga = gradOf(a as T);
    if (!ga) return;
    const gd = g.data;
    const gad = ga.data;
    for (let p = 0; p < outer; p++)
      for (let j = 0; j < n; j++) {
        const base = (p * n + j) * inner;
        for (let q = 0; q < inner; q++) gad[base + q] += gd[p * inner + q] * k;
      }
  }) as Tensor<D>;
}

/** Sum of all elements (axis undefined) or along `axis`. */
export function sum<D extends FloatArray>(a: Tensor<D>, axis?: number, keepDims = false): Tensor<D> {
  return sumImpl(a, axis, keepDims, false);
}

/** Mean of all elements (axis undefined) or along `axis`. */
export function mean<D extends FloatArray>(a: Tensor<D>, axis?: number, keepDims = false): Tensor<D> {
  return sumImpl(a, axis, keepDims, true);
}

/** Maximum along `axis` (all elements when undefined); the gradient goes to the first maximal element. */
export function max<D extends FloatArray>(a: Tensor<D>, axis?: number, keepDims = false): Tensor<D> {
  const flat = axis === undefined;
  const ax = flat ? 0 : normAxis(axis, a.rank, 'max');
  const [outer, n, inner] = flat ? [1, a.size, 1] : axisSplit(a.shape, ax);
  const shape = flat ? (keepDims ? a.shape.map(() => 1) : []) : reducedShape(a.shape, ax, keepDims);
  const o = out(a, shape);
  const ad = a.data;
  const od = o.data;
  const arg = new Int32Array(outer * inner);
  for (let p = 0; p < outer; p++)
    for (let q = 0; q < inner; q++) {
      let best = -Infinity;
      let bi = p * n * inner + q;
      for (let j = 0; j < n; j++) {
        const i = (p * n + j) * inner + q;
        if (ad[i] > best || Number.isNaN(ad[i])) {
          best = ad[i];
          bi = i;
          if (Number.isNaN(best)) break;
        }
      }
      od[p * inner + q] = n > 0 ? best : -Infinity;
      arg[p * inner + q] = bi;
    }
  return record(o as T, 'max', [a as T], (g, gradOf) => {
    const ga = gradOf(a as T);
    if (!ga) return;
    const gd = g.data;
    const gad = ga.data;
    for (let r = 0; r < arg.length; r++) gad[arg[r]] += gd[r];
  }) as Tensor<D>;
}
