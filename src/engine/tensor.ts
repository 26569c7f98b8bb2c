/**
 * Tensors of the xtal engine: a shape, a flat row-major buffer (Float32Array for training, Float64Array for
 * gradient checks), an optional gradient buffer, and the autodiff node that produced it.
 *
 * Float32 tensors live in the engine's WebAssembly memory once the kernels are loaded (`data` is then a
 * view into that memory; the kernels read it in place); otherwise, and always for float64, in the JS heap.
 * Memory is released explicitly with `dispose()` or by `tidy(fn)` scopes (see scope.ts).
 */
import { allocStorage, type Storage } from './memory.js';
import { trackInScope, markKept } from './scope.js';

export type FloatArray = Float32Array | Float64Array;
export type DType = 'float32' | 'float64';

/** Accumulator lookup used by backward functions: the gradient buffer of `t`, or null if `t` needs none. */
export type GradOf = (t: Tensor<FloatArray>) => Tensor<FloatArray> | null;

/** One recorded operation: its inputs and how to push the output gradient back into theirs. */
export interface TapeNode {
  readonly op: string;
  readonly inputs: Tensor<FloatArray>[];
  /** Adds d(loss)/d(input) into gradOf(input) for every input that needs it. */
  backward(gradOut: Tensor<FloatArray>, gradOf: GradOf): void;
}

let nextId = 1;

export class Tensor<D extends FloatArray = Float32Array> {
  readonly id: number;
  readonly shape: number[];
  readonly dtype: DType;
  readonly size: number;
  requiresGrad: boolean;
  /** @internal */ _storage: Storage<D> | null;
  /** @internal */ _gradStorage: Storage<D> | null = null;
  /** @internal */ _node: TapeNode | null = null;
  /** @internal set by keep(): survives tidy scopes. */ _kept = false;

  /** @internal use the creation functions (tensor, zeros, ...) instead. */
  constructor(storage: Storage<D>, shape: number[], dtype: DType, requiresGrad = false) {
    this.id = nextId++;
    this.shape = shape;
    this.dtype = dtype;
    this.size = shapeSize(shape);
    this._storage = storage;
    this.requiresGrad = requiresGrad;
    trackInScope(this as unknown as Tensor<FloatArray>);
  }

  /** The values, row-major. For wasm-backed tensors a view into the engine memory. */
  get data(): D {
    if (this._storage === null) throw new Error(`tensor #${this.id} [${this.shape}] used after dispose()`);
    return this._storage.array;
  }

  /** Gradient buffer (same length as data), allocated by backward() or zeroGrad(). */
  get grad(): D | null {
    return this._gradStorage === null ? null : this._gradStorage.array;
  }

  set grad(g: D | null) {
    if (g === null) {
      this._gradStorage?.free();
      this._gradStorage = null;
      return;
    }
    if (g.length !== this.size) throw new Error(`grad length ${g.length} != size ${this.size}`);
    if (this._gradStorage === null) this._gradStorage = allocStorage(this.dtype, this.size) as Storage<D>;
    this._gradStorage.array.set(g);
  }

  /** Byte offset in the engine memory, or -1 for JS-heap tensors. */
  get ptr(): number {
    if (this._storage === null) throw new Error(`tensor #${this.id} used after dispose()`);
    return this._storage.ptr;
  }

  /** @internal byte offset of the gradient buffer (allocating it, zeroed, if absent). */
  gradPtr(): number {
    this.zeroGradIfMissing();
    return this._gradStorage!.ptr;
  }

  get rank(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this._storage === null;
  }

  /** True for tensors not produced by a recorded op (inputs, parameters). */
  get isLeaf(): boolean {
    return this._node === null;
  }

  /** Allocates the gradient buffer if absent, then fills it with zeros. */
  zeroGrad(): void {
    if (this._gradStorage === null) this._gradStorage = allocStorage(this.dtype, this.size) as Storage<D>;
    this._gradStorage.array.fill(0);
  }

  /** @internal */
  zeroGradIfMissing(): void {
    if (this._gradStorage === null) {
      this._gradStorage = allocStorage(this.dtype, this.size) as Storage<D>;
      this._gradStorage.array.fill(0);
    }
  }

  /** Releases the data and gradient buffers. Safe to call twice. */
  dispose(): void {
    this._storage?.free();
    this._storage = null;
    this._gradStorage?.free();
    this._gradStorage = null;
    this._node = null;
  }

  /** The single value of a 1-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item() needs a 1-element tensor, got shape [${this.shape}]`);
    return this.data[0];
  }

  /** A copy of the values as a plain number array. */
  toArray(): number[] {
    return Array.from(this.data);
  }

  /** Marks the tensor to survive every enclosing tidy() scope; returns it. */
  keep(): this {
    markKept(this as unknown as Tensor<FloatArray>);
    return this;
  }

  toString(): string {
    return `Tensor(${this.dtype} [${this.shape.join(', ')}]${this.requiresGrad ? ', requiresGrad' : ''})`;
  }

  /** A trainable leaf parameter: requires grad and survives tidy() scopes. */
  static param(shape: number[], init?: (i: number) => number): Tensor {
    return parameter(shape, init);
  }
}

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`invalid shape [${shape}]`);
    n *= d;
  }
  return n;
}

export interface CreateOptions {
  requiresGrad?: boolean;
  dtype?: DType;
}

/** Allocates an uninitialised (not necessarily zero) tensor. */
export function empty<D extends FloatArray = Float32Array>(
  shape: number[],
  opts: CreateOptions = {},
): Tensor<D> {
  const dtype = opts.dtype ?? 'float32';
  const s = allocStorage(dtype, shapeSize(shape)) as Storage<D>;
  return new Tensor<D>(s, [...shape], dtype, opts.requiresGrad ?? false);
}

/** A tensor holding a copy of `data` (length must match the shape; the shape defaults to [data.length]). */
export function tensor<D extends FloatArray = Float32Array>(
  data: ArrayLike<number>,
  shape?: number[],
  opts: CreateOptions = {},
): Tensor<D> {
  const sh = shape ?? [data.length];
  const dtype = opts.dtype ?? (data instanceof Float64Array ? 'float64' : 'float32');
  if (shapeSize(sh) !== data.length)
    throw new Error(`tensor: ${data.length} values do not fill shape [${sh}]`);
  const t = empty<D>(sh, { ...opts, dtype });
  t.data.set(data);
  return t;
}

export function full<D extends FloatArray = Float32Array>(
  shape: number[],
  value: number,
  opts: CreateOptions = {},
): Tensor<D> {
  const t = empty<D>(shape, opts);
  t.data.fill(value);
  return t;
}

export function zeros<D extends FloatArray = Float32Array>(
  shape: number[],
  opts: CreateOptions = {},
): Tensor<D> {
  return full<D>(shape, 0, opts);
}

export function ones<D extends FloatArray = Float32Array>(
  shape: number[],
  opts: CreateOptions = {},
): Tensor<D> {
  return full<D>(shape, 1, opts);
}

/** A scalar (shape []). */
export function scalar<D extends FloatArray = Float32Array>(
  value: number,
  opts: CreateOptions = {},
): Tensor<D> {
  return full<D>([], value, opts);
}

/**
 * A trainable float32 parameter (requiresGrad, kept across tidy scopes). `init(i)` gives the i-th value
 * (flat index); zeros when omitted.
 */
export function parameter(shape: number[], init?: (i: number) => number): Tensor {
  const t = zeros(shape, { requiresGrad: true });
  if (init) {
    const d = t.data;
    for (let i = 0; i < d.length; i++) d[i] = init(i);
  }
  return t.keep();
}

/** A new tensor with the same values, detached from the tape. */
export function clone<D extends FloatArray>(t: Tensor<D>, opts: CreateOptions = {}): Tensor<D> {
  const c = empty<D>(t.shape, { dtype: opts.dtype ?? t.dtype, requiresGrad: opts.requiresGrad ?? false });
  c.data.set(t.data);
  return c;
}

/** Same values converted to another dtype (a copy, detached). */
export function cast<D extends FloatArray>(t: Tensor<FloatArray>, dtype: DType): Tensor<D> {
  const c = empty<D>(t.shape, { dtype, requiresGrad: t.requiresGrad });
  c.data.set(t.data);
  return c;
}
