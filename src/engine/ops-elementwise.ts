/**
 * Elementwise ops: add/sub/mul/div with NumPy broadcasting (a tensor or a number on either side), and the
 * unary maths (neg, exp, log, sqrt, pow, abs, clamp, square). Gradients sum over broadcast dimensions.
 */
import { record } from './autograd.js';
import { fast } from './fast.js';
import { tensor, type FloatArray, type Tensor } from './tensor.js';
import {
  accumulateReduced,
  broadcastIndex,
  broadcastShape,
  out,
  sameDType,
  sameShape,
  type T,
} from './ops-util.js';

type Operand<D extends FloatArray> = Tensor<D> | number;

function asTensor<D extends FloatArray>(x: Operand<D>, like: Tensor<D>): Tensor<D> {
  if (typeof x !== 'number') return x;
  return tensor<D>([x], [], { dtype: like.dtype });
}

type BinKind = 'add' | 'sub' | 'mul' | 'div';

function binary<D extends FloatArray>(kind: BinKind, x: Operand<D>, y: Operand<D>): Tensor<D> {
  if (typeof x === 'number' && typeof y === 'number')
    throw new Error(`${kind}: at least one operand must be a tensor`);
  const like = (typeof x === 'number' ? y : x) as Tensor<D>;
  const a = asTensor(x, like);
  const b = asTensor(y, like);
  sameDType(a, b, kind);
  const shape = broadcastShape(a.shape, b.shape, kind);
  const o = out(a, shape);
  const ad = a.data;
  const bd = b.data;
  const od = o.data;
  const n = o.size;
  const f = fast();
  if (f && f.binary(kind, a as T, b as T, o as T)) {
    // done by the kernel
  } else if (sameShape(a.shape, b.shape)) {
    switch (kind) {
      case 'add':
        for (let i = 0; i < n; i++) od[i] = ad[i] + bd[i];
        break;
      case 'sub':
        for (let i = 0; i < n; i++) od[i] = ad[i] - bd[i];
        break;
      case 'mul':
        for (let i = 0; i < n; i++) od[i] = ad[i] * bd[i];
        break;
      case 'div':
        for (let i = 0; i < n; i++) od[i] = ad[i] / bd[i];
        break;
    }
  } else {
    const ia = a.size === 1 ? null : broadcastIndex(a.shape, shape);
    const ib = b.size === 1 ? null : broadcastIndex(b.shape, shape);
    for (let i = 0; i < n; i++) {
      const va = ia ? ad[ia[i]] : ad[0];
      const vb = ib ? bd[ib[i]] : bd[0];
      od[i] = kind === 'add' ? va + vb : kind === 'sub' ? va - vb : kind === 'mul' ? va * vb : va / vb;
    }
  }
  return record(o as T, kind, [a as T, b as T], (g, gradOf) => {
    const ga = gradOf(a as T);
    const gb = gradOf(b as T);
    const k = fast();
    const onHeap = (t: T | null) => !t || (t.dtype === 'float32' && t.ptr >= 0);
    if (
      k?.accumulate &&
      sameShape(a.shape, b.shape) &&
      (!gb || kind !== 'div') &&
      [g, a as T, b as T, ga, gb].every(onHeap)
    ) {
      // Same shapes in the engine memory: the kernels accumulate in place (no temporary, no index arrays).
      if (kind === 'add' || kind === 'sub') {
        if (ga) k.accumulate('add', g, null, ga);
        if (gb) k.accumulate(kind, g, null, gb);
      } else {
        if (ga) k.accumulate(kind, g, b as T, ga);
        if (gb) k.accumulate('mul', g, a as T, gb);
      }
      return;
    }
    const gd = g.data;
    if (kind === 'add' || kind === 'sub') {
      if (ga) accumulateReduced(ga.data, a.shape, gd, shape);
      if (gb) accumulateReduced(gb.data, b.shape, gd, shape, kind === 'sub' ? -1 : 1);
      return;
    }
    const ia = sameShape(a.shape, shape) ? null : broadcastIndex(a.shape, shape);
    const ib = sameShape(b.shape, shape) ? null : broadcastIndex(b.shape, shape);
    const A = a.data;
    const B = b.data;
    if (ga) {
      const t = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const vb = B[ib ? ib[i] : i];
        t[i] = kind === 'mul' ? gd[i] * vb : gd[i] / vb;
      }
      accumulateReduced(ga.data, a.shape, t, shape);
    }
    if (gb) {
      const t = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const va = A[ia ? ia[i] : i];
        const vb = B[ib ? ib[i] : i];
        t[i] = kind === 'mul' ? gd[i] * va : (-gd[i] * va) / (vb * vb);
      }
      accumulateReduced(gb.data, b.shape, t, shape);
    }
  }) as Tensor<D>;
}

export function add<D extends FloatArray>(a: Operand<D>, b: Operand<D>): Tensor<D> {
  return binary('add', a, b);
}
export function sub<D extends FloatArray>(a: Operand<D>, b: Operand<D>): Tensor<D> {
  return binary('sub', a, b);
}
export function mul<D extends FloatArray>(a: Operand<D>, b: Operand<D>): Tensor<D> {
  return binary('mul', a, b);
}
export function div<D extends FloatArray>(a: Operand<D>, b: Operand<D>): Tensor<D> {
  return binary('div', a, b);
}

export type UnaryKind =
  'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'square' | 'sigmoid' | 'tanh' | 'relu' | 'softplus' | 'log1p';

/**
 * A unary elementwise op. `f(x)` is the value; `df(x, y)` the derivative given input x and output y.
 * `kind` names a kernel of the fast path when one exists.
 */
export function unary<D extends FloatArray>(
  name: string,
  a: Tensor<D>,
  f: (x: number) => number,
  df: (x: number, y: number) => number,
  kind?: UnaryKind,
): Tensor<D> {
  const o = out(a, a.shape);
  const fk = fast();
  if (!(kind && fk && fk.unary(kind, a as T, o as T))) {
    const ad = a.data;
    const od = o.data;
    for (let i = 0; i < od.length; i++) od[i] = f(ad[i]);
  }
  return record(o as T, name, [a as T], (g, gradOf) => {
    const ga = gradOf(a as T);
    if (!ga) return;
    const fk2 = fast();
    if (kind && fk2 && fk2.unaryBackward(kind, a as T, o as T, g, ga)) return;
    const ad = a.data;
    const od = o.data;
    const gd = g.data;
    const gad = ga.data;
    for (let i = 0; i < gad.length; i++) gad[i] += gd[i] * df(ad[i], od[i]);
  }) as Tensor<D>;
}

export function neg<D extends FloatArray>(a: Tensor<D>): Tensor<D> {
  return unary(
    'neg',
    a,
    (x) => -x,
    () => -1,
    'neg',
  );
}
export function exp<D extends FloatArray>(a: Tensor<D>): Tensor<D> {
  return unary('exp', a, Math.exp, (_x, y) => y, 'exp');
}
export function log<D extends FloatArray>(a: Tensor<D>): Tensor<D> {
  return unary('log', a, Math.log, (x) => 1 / x, 'log');
}
export function log1p<D extends FloatArray>(a: Tensor<D>): Tensor<D> {
  return unary('log1p', a, Math.log1p, (x) => 1 / (1 + x), 'log1p');
}
export function sqrt<D extends FloatArray>(a: Tensor<D>): Tensor<D> {
  return unary('sqrt', a, Math.sqrt, (_x, y) => 0.5 / y, 'sqrt');
}
export function square<D extends FloatArray>(a: Tensor<D>): Tensor<D> {
  return unary(
    'square',
    a,
    (x) => x * x,
    (x) => 2 * x,
    'square',
  );
}
/** |x|; the derivative at 0 is taken as 0 (as PyTorch). */
export function abs<D extends FloatArray>(a: Tensor<D>): Tensor<D> {
  return unary('abs', a, Math.abs, (x) => Math.sign(x), 'abs');
}
/** x^p for a constant exponent p. */
export function pow<D extends FloatArray>(a: Tensor<D>, p: number): Tensor<D> {
  if (p === 2) return square(a);
  return unary(
    'pow',
    a,
    (x) => Math.pow(x, p),
    (x) => (p === 0 ? 0 : p * Math.pow(x, p - 1)),
  );
}
/** min(max(x, lo), hi); gradient passes where lo <= x <= hi (as PyTorch). */
export function clamp<D extends FloatArray>(a: Tensor<D>, lo = -Infinity, hi = Infinity): Tensor<D> {
  return unary(
    'clamp',
    a,
    (x) => Math.min(Math.max(x, lo), hi),
    (x) => (x >= lo && x <= hi ? 1 : 0),
  );
}
/** x * s + t for constants s and t. */
export function affine<D extends FloatArray>(a: Tensor<D>, s: number, t = 0): Tensor<D> {
  return unary(
    'affine',
    a,
    (x) => x * s + t,
    () => s,
  );
}
