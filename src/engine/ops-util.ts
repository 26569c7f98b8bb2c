/** Shared helpers of the ops: output allocation, broadcasting, reduction to a shape, axis handling. */
import { empty, type FloatArray, type Tensor } from './tensor.js';

export type T = Tensor<FloatArray>;

export function out<D extends FloatArray>(like: Tensor<D>, shape: number[]): Tensor<D> {
  return empty<D>(shape, { dtype: like.dtype });
}

export function sameDType(a: T, b: T, op: string): void {
  if (a.dtype !== b.dtype) throw new Error(`${op}: dtype mismatch (${a.dtype} vs ${b.dtype})`);
}

export function normAxis(axis: number, rank: number, op: string): number {
  const ax = axis < 0 ? axis + rank : axis;
  if (ax < 0 || ax >= rank) throw new Error(`${op}: axis ${axis} out of range for rank ${rank}`);
  return ax;
}

export function broadcastShape(a: readonly number[], b: readonly number[], op: string): number[] {
  const n = Math.max(a.length, b.length);
  const r: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1)
      throw new Error(`${op}: shapes [${a}] and [${b}] do not broadcast`);
    r.push(da === 1 ? db : da);
  }
  return r;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** For each flat index of `outShape`, the flat index into a tensor of shape `inShape` broadcast to it. */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const n = outShape.reduce((p, d) => p * d, 1);
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = inShape.length - 1; i >= 0; i--) {
    const oi = rank - inShape.length + i;
    strides[oi] = inShape[i] === 1 ? 0 : s;
    s *= inShape[i];
  }
  const idx = new Int32Array(n);
  const counter = new Array<number>(rank).fill(0);
  let cur = 0;
  for (let f = 0; f < n; f++) {
    idx[f] = cur;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]++;
      cur += strides[d];
      if (counter[d] < outShape[d]) break;
      cur -= strides[d] * counter[d];
      counter[d] = 0;
    }
  }
  return idx;
}

/** Adds gradient `g` (shape outShape) into `acc` (shape inShape), summing over broadcast dimensions. */
export function accumulateReduced(
  acc: FloatArray,
  inShape: readonly number[],
  g: ArrayLike<number>,
  outShape: readonly number[],
  scale = 1,
): void {
  if (sameShape(inShape, outShape)) {
    if (scale === 1) for (let i = 0; i < acc.length; i++) acc[i] += g[i];
    else for (let i = 0; i < acc.length; i++) acc[i] += scale * g[i];
    return;
  }
  // Row broadcast ([cols] or [1, cols] into [..., cols], e.g. a bias): column sums, no index array.
  const cols = outShape.length ? outShape[outShape.length - 1] : 1;
  const inSize = inShape.reduce((p, d) => p * d, 1);
  if (
    inSize === cols &&
    inShape.length >= 1 &&
    inShape[inShape.length - 1] === cols &&
    inShape.length <= outShape.length
  ) {
    const n = g.length;
    for (let r = 0; r < n; r += cols) for (let c = 0; c < cols; c++) acc[c] += scale * g[r + c];
    return;
  }
  const idx = broadcastIndex(inShape, outShape);
  for (let f = 0; f < idx.length; f++) acc[idx[f]] += scale * g[f];
}

/** [outer, n, inner] split of a shape around `axis`. */
export function axisSplit(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[axis], inner];
}
