/** Shape ops: reshape, 2-D transpose, concat, split and slice (along an axis). All copy. */
import { record } from './autograd.js';
import { axisSplit, normAxis, out, type T } from './ops-util.js';
import { shapeSize, type FloatArray, type Tensor } from './tensor.js';

/** Same values, new shape (one dimension may be -1). */
export function reshape<D extends FloatArray>(a: Tensor<D>, shape: number[]): Tensor<D> {
  const s = [...shape];
  const neg = s.indexOf(-1);
  if (neg >= 0) {
    const rest = s.reduce((p, d, i) => (i === neg ? p : p * d), 1);
    s[neg] = rest === 0 ? 0 : a.size / rest;
  }
  if (shapeSize(s) !== a.size) throw new Error(`reshape: [${a.shape}] cannot become [${shape}]`);
  const o = out(a, s);
  o.data.set(a.data);
  return record(o as T, 'reshape', [a as T], (g, gradOf) => {
    const ga = gradOf(a as T);
    if (!ga) return;
    const gd = g.data;
    const gad = ga.data;
    for (let i = 0; i < gad.length; i++) gad[i] += gd[i];
  }) as Tensor<D>;
}

/** Transpose of a 2-D tensor. */
export function transpose<D extends FloatArray>(a: Tensor<D>): Tensor<D> {
  if (a.rank !== 2) throw new Error(`transpose: needs a 2-D tensor, got [${a.shape}]`);
  const [r, c] = a.shape;
  const o = out(a, [c, r]);
  const ad = a.data;
  const od = o.data;
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) od[j * r + i] = ad[i * c + j];
  return record(o as T, 'transpose', [a as T], (g, gradOf) => {
    const ga = gradOf(a as T);
    if (!ga) return;
    const gd = g.data;
    const gad = ga.data;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) gad[i * c + j] += gd[j * r + i];
  }) as Tensor<D>;
}

/** Joins tensors along `axis` (all other dimensions equal). */
export function concat<D extends FloatArray>(ts: Tensor<D>[], axis = 0): Tensor<D> {
  if (ts.length === 0) throw new Error('concat: no tensors');
  const rank = ts[0].rank;
  const ax = normAxis(axis, rank, 'concat');
  for (const t of ts) {
    if (
      t.rank !== rank ||
      t.dtype !== ts[0].dtype ||
      t.shape.some((d, i) => i !== ax && d !== ts[0].shape[i])
    )
      throw new Error(`concat: shapes [${ts.map((x) => `[${x.shape}]`).join(', ')}] differ off axis ${ax}`);
  }
  const shape = [...ts[0].shape];
  shape[ax] = ts.reduce((s, t) => s + t.shape[ax], 0);
  const o = out(ts[0], shape);
  const [outer, n, inner] = axisSplit(shape, ax);
  const od = o.data;
  let off = 0;
  const offs: number[] = [];
  for (const t of ts) {
    offs.push(off);
    const m = t.shape[ax] * inner;
    const td = t.data;
    for (let p = 0; p < outer; p++) od.set(td.subarray(p * m, (p + 1) * m), p * n * inner + off * inner);
    off += t.shape[ax];
  }
  return record(o as T, 'concat', ts as T[], (g, gradOf) => {
    const gd = g.data;
    ts.forEach((t, k) => {
      const gt = gradOf(t as T);
      if (!gt) return;
      const m = t.shape[ax] * inner;
      const gtd = gt.data;
      for (let p = 0; p < outer; p++) {
        const src = p * n * inner + offs[k] * inner;
        for (let i = 0; i < m; i++) gtd[p * m + i] += gd[src + i];
      }
    });
  }) as Tensor<D>;
}

/** Part of `a` from `start` (inclusive) to `end` (exclusive) along `axis`. */
export function slice<D extends FloatArray>(a: Tensor<D>, start: number, end: number, axis = 0): Tensor<D> {
  const ax = normAxis(axis, a.rank, 'slice');
  const len = a.shape[ax];
  if (start < 0 || end > len || start > end)
    throw new Error(`slice: [${start}, ${end}) outside axis of size ${len}`);
  const shape = [...a.shape];
  shape[ax] = end - start;
  const [outer, n, inner] = axisSplit(a.shape, ax);
  const o = out(a, shape);
  const m = (end - start) * inner;
  const ad = a.data;
  const od = o.data;
  for (let p = 0; p < outer; p++)
    od.set(ad.subarray(p * n * inner + start * inner, p * n * inner + start * inner + m), p * m);
  return record(o as T, 'slice', [a as T], (g, gradOf) => {
    const ga = gradOf(a as T);
    if (!ga) return;
    const gd = g.data;
    const gad = ga.data;
    for (let p = 0; p < outer; p++) {
      const dst = p * n * inner + start * inner;
      for (let i = 0; i < m; i++) gad[dst + i] += gd[p * m + i];
    }
  }) as Tensor<D>;
}

/** Splits `a` along `axis` into parts of the given sizes (or `sizes` equal parts when a number). */
export function split<D extends FloatArray>(a: Tensor<D>, sizes: number | number[], axis = 0): Tensor<D>[] {
  const ax = normAxis(axis, a.rank, 'split');
  const len = a.shape[ax];
  let parts: number[];
  if (typeof sizes === 'number') {
    if (len % sizes !== 0)
      throw new Error(`split: axis of size ${len} does not split into ${sizes} equal parts`);
    parts = new Array<number>(sizes).fill(len / sizes);
  } else parts = sizes;
  if (parts.reduce((s, x) => s + x, 0) !== len)
    throw new Error(`split: sizes [${parts}] do not add up to ${len}`);
  const res: Tensor<D>[] = [];
  let s = 0;
  for (const p of parts) {
    res.push(slice(a, s, s + p, ax));
    s += p;
  }
  return res;
}
