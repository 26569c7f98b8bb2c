/**
 * Module: the base of every layer, shaped like torch.nn.Module. A module owns named parameters and
 * buffers and child modules, all in registration order, so `stateDict()` lists keys exactly as
 * PyTorch's state_dict does (own parameters, own buffers, then each child's under `child.`). It has
 * a training flag (`train()` / `eval()`, recursive), `forward` (and `apply`, which calls it), and a
 * JSON config (`toConfig()`, rebuilt by class name with `layerFromConfig`). Weights are not part of the
 * config; they travel in the state dict.
 */
import { zeros, type DType, type FloatArray, type Tensor } from '../engine/index.js';
import { loadStateDict, type LoadOptions, type LoadReport, type StoredTensor } from './state-dict.js';

export type AnyTensor = Tensor<FloatArray>;

/** A layer's class name and its constructor arguments, as plain JSON. */
export interface LayerConfig {
  className: string;
  config: Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = Module<any[], any>;

export abstract class Module<Args extends unknown[] = [AnyTensor], Out = AnyTensor> {
  /** The name the layer registry knows this class by. */
  abstract readonly className: string;
  training = true;
  private readonly parametersByName = new Map<string, AnyTensor>();
  private readonly buffersByName = new Map<string, AnyTensor>();
  private readonly integerBuffers = new Set<string>();
  private readonly children = new Map<string, AnyModule>();

  abstract forward(...args: Args): Out;

  /** Run the layer (the same as `forward`). */
  apply(...args: Args): Out {
    return this.forward(...args);
  }

  /** Constructor arguments as JSON (no weights). */
  protected abstract getConfig(): Record<string, unknown>;

  toConfig(): LayerConfig {
    return { className: this.className, config: this.getConfig() };
  }

  /** Register a trainable tensor (marked requiresGrad and kept across tidy scopes). */
  protected registerParameter<T extends AnyTensor>(name: string, t: T): T {
    this.checkName(name);
    t.requiresGrad = true;
    t.keep();
    this.parametersByName.set(name, t);
    return t;
  }

  /** Register a non-trainable tensor that is saved with the model (e.g. running statistics). */
  protected registerBuffer<T extends AnyTensor>(name: string, t: T, options: { integer?: boolean } = {}): T {
    this.checkName(name);
    t.requiresGrad = false;
    t.keep();
    this.buffersByName.set(name, t);
    if (options.integer) this.integerBuffers.add(name);
    return t;
  }

  protected registerModule<M extends AnyModule>(name: string, m: M): M {
    this.checkName(name);
    this.children.set(name, m);
    return m;
  }

  private checkName(name: string): void {
    if (name === '' || name.includes('.')) throw new RangeError(`invalid name "${name}"`);
    if (this.parametersByName.has(name) || this.buffersByName.has(name) || this.children.has(name)) {
      throw new RangeError(`"${name}" is already registered in ${this.className}`);
    }
  }

  /** Direct children, in registration order. */
  namedChildren(): Array<[string, AnyModule]> {
    return [...this.children.entries()];
  }

  /** This module and every descendant, depth first, with dotted names ('' for this one). */
  namedModules(prefix = ''): Array<[string, AnyModule]> {
    const out: Array<[string, AnyModule]> = [[prefix, this]];
    for (const [n, c] of this.children) out.push(...c.namedModules(prefix ? `${prefix}.${n}` : n));
    return out;
  }

  namedParameters(prefix = ''): Array<[string, AnyTensor]> {
    const out: Array<[string, AnyTensor]> = [];
    for (const [n, t] of this.parametersByName) out.push([prefix + n, t]);
    for (const [n, c] of this.children) out.push(...c.namedParameters(`${prefix}${n}.`));
    return out;
  }

  /** Every trainable tensor, in state-dict order (what an optimizer takes). */
  parameters(): AnyTensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  namedBuffers(prefix = ''): Array<[string, AnyTensor]> {
    const out: Array<[string, AnyTensor]> = [];
    for (const [n, t] of this.buffersByName) out.push([prefix + n, t]);
    for (const [n, c] of this.children) out.push(...c.namedBuffers(`${prefix}${n}.`));
    return out;
  }

  /** Parameters and buffers under PyTorch's state_dict keys and order. */
  stateDict(prefix = ''): Map<string, AnyTensor> {
    const out = new Map<string, AnyTensor>();
    for (const [n, t] of this.parametersByName) out.set(prefix + n, t);
    for (const [n, t] of this.buffersByName) out.set(prefix + n, t);
    for (const [n, c] of this.children) for (const [k, t] of c.stateDict(`${prefix}${n}.`)) out.set(k, t);
    return out;
  }

  /** State-dict keys of buffers that hold integers (saved as I64, like PyTorch's num_batches_tracked). */
  integerStateKeys(prefix = ''): Set<string> {
    const out = new Set<string>();
    for (const n of this.integerBuffers) out.add(prefix + n);
    for (const [n, c] of this.children) for (const k of c.integerStateKeys(`${prefix}${n}.`)) out.add(k);
    return out;
  }

  /** Total number of trainable values. */
  numParameters(): number {
    return this.parameters().reduce((s, t) => s + t.size, 0);
  }

  /** Set training mode here and in every descendant. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Copy a state dict into this module (see state-dict.ts: strict by default, reports every bad key). */
  loadStateDict(
    tensors: Map<string, StoredTensor> | Record<string, StoredTensor>,
    options: LoadOptions = {},
  ): LoadReport {
    return loadStateDict(this, tensors, options);
  }

  /**
   * Freeze (false) or unfreeze (true) every parameter, e.g. to fine-tune only a new head on a pretrained
   * network. Frozen parameters get no gradient, so optimizers skip them (drop stale gradients with
   * `optimizer.zeroGrad(true)`: a zero gradient still moves a parameter under weight decay or momentum).
   */
  setRequiresGrad(flag: boolean): this {
    for (const p of this.parameters()) p.requiresGrad = flag;
    return this;
  }

  /** Zero every parameter's gradient in place (those that have one). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad?.fill(0);
  }

  /** Release every parameter and buffer. The module is unusable afterwards. */
  dispose(): void {
    for (const t of this.stateDict().values()) t.dispose();
  }
}

/** A new parameter-shaped tensor of zeros (kept; the caller registers and initialises it). */
export function newTensor(shape: number[], dtype: DType = 'float32', fill = 0): AnyTensor {
  const t = zeros<FloatArray>(shape, { dtype });
  if (fill !== 0) t.data.fill(fill);
  return t.keep();
}
