/**
 * Index ops on the first axis: gather rows (index select), scatter-add rows, segment sum / mean (segments by
 * CSR offsets or by segment ids). These are the message-passing primitives of graph networks.
 */
import { record } from './autograd.js';
import * as ref from './kernels/reference.js';
import { out, type T } from './ops-util.js';
import type { FloatArray, Tensor } from './tensor.js';

function rowWidth(a: Tensor<FloatArray>): number {
  return a.shape.slice(1).reduce((p, d) => p * d, 1);
}

function checkIndex(idx: Int32Array, n: number, op: string): void {
  for (let i = 0; i < idx.length; i++)
    if (idx[i] < 0 || idx[i] >= n || !Number.isInteger(idx[i]))
      throw new Error(`${op}: index ${idx[i]} at ${i} outside [0, ${n})`);
}

/** out[r] = a[idx[r]] (rows along axis 0). */
export function gather<D extends FloatArray>(a: Tensor<D>, idx: Int32Array): Tensor<D> {
  checkIndex(idx, a.shape[0], 'gather');
  const w = rowWidth(a);
  const o = out(a, [idx.length, ...a.shape.slice(1)]);
  ref.gatherRows(a.data, w, idx, o.data);
  return record(o as T, 'gather', [a as T], (g, gradOf) => {
    const ga = gradOf(a as T);
    if (ga) ref.scatterAddRows(g.data, w, idx, ga.data);
  }) as Tensor<D>;
}

/** out has `n` rows; out[idx[r]] += a[r]. */
export function scatterAdd<D extends FloatArray>(a: Tensor<D>, idx: Int32Array, n: number): Tensor<D> {
  if (idx.length !== a.shape[0]) throw new Error(`scatterAdd: ${idx.length} indices for ${a.shape[0]} rows`);
  checkIndex(idx, n, 'scatterAdd');
  const w = rowWidth(a);
  const o = out(a, [n, ...a.shape.slice(1)]);
  o.data.fill(0);
  ref.scatterAddRows(a.data, w, idx, o.data);
  return record(o as T, 'scatterAdd', [a as T], (g, gradOf) => {
    const ga = gradOf(a as T);
    if (!ga) return;
    const tmp = new Float64Array(ga.size);
    ref.gatherRows(g.data, w, idx, tmp);
    const gd = ga.data;
    for (let i = 0; i < gd.length; i++) gd[i] += tmp[i];
  }) as Tensor<D>;
}

/** Segments of rows: CSR `offsets` (length S+1, non-decreasing, last = rows) or `ids` (segment of each row). */
export type Segments = { offsets: Int32Array } | { ids: Int32Array; count: number };

/** Sum of the rows of each segment. */
export function segmentSum<D extends FloatArray>(a: Tensor<D>, seg: Segments): Tensor<D> {
  return segmentReduce(a, seg, false);
}

/** Mean of the rows of each segment (0 for an empty segment). */
export function segmentMean<D extends FloatArray>(a: Tensor<D>, seg: Segments): Tensor<D> {
  return segmentReduce(a, seg, true);
}

function segmentReduce<D extends FloatArray>(a: Tensor<D>, seg: Segments, meanMode: boolean): Tensor<D> {
  const name = meanMode ? 'segmentMean' : 'segmentSum';
  const rows = a.shape[0];
  const w = rowWidth(a);
  let ids: Int32Array;
  let count: number;
  if ('offsets' in seg) {
    const off = seg.offsets;
    count = off.length - 1;
    if (count < 0 || off[0] !== 0 || off[count] !== rows)
      throw new Error(`${name}: offsets must run from 0 to ${rows}`);
    ids = new Int32Array(rows);
    for (let s = 0; s < count; s++) {
      if (off[s + 1] < off[s]) throw new Error(`${name}: offsets decrease at ${s}`);
      ids.fill(s, off[s], off[s + 1]);
    }
  } else {
    ids = seg.ids;
    count = seg.count;
    if (ids.length !== rows) throw new Error(`${name}: ${ids.length} ids for ${rows} rows`);
    checkIndex(ids, count, name);
  }
  const scale = new Float64Array(count).fill(1);
  if (meanMode) {
    const cnt = new Float64Array(count);
    for (let r = 0; r < rows; r++) cnt[ids[r]]++;
    for (let s = 0; s < count; s++) scale[s] = cnt[s] > 0 ? 1 / cnt[s] : 0;
  }
  const o = out(a, [count, ...a.shape.slice(1)]);
  const acc = new Float64Array(count * w);
  const ad = a.data;
  for (let r = 0; r < rows; r++) {
    const o2 = ids[r] * w;
    for (let c = 0; c < w; c++) acc[o2 + c] += ad[r * w + c];
  }
  const od = o.data;
  for (let s = 0; s < count; s++) for (let c = 0; c < w; c++) od[s * w + c] = acc[s * w + c] * scale[s];
  return record(o as T, name, [a as T], (g, gradOf) => {
    const ga = gradOf(a as T);
    if (!ga) return;
    const gd = g.data;
    const gad = ga.data;
    for (let r = 0; r < rows; r++) {
      const s = ids[r];
      for (let c = 0; c < w; c++) gad[r * w + c] += gd[s * w + c] * scale[s];
    }
  }) as Tensor<D>;
}
