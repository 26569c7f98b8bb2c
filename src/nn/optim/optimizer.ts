/**
 * Optimizer base, shaped like torch.optim.Optimizer: parameter groups with their own hyperparameters
 * (schedules write `lr`, and `momentum` or `betas` for one-cycle), per-parameter state created on the
 * first step, `zeroGrad`, and a state dict that round-trips exactly so training resumes bit for bit.
 * A parameter is anything with `data` and `grad` arrays (the engine's Tensor is one); a
 * parameter whose `grad` is null is skipped by `step()`, as in PyTorch.
 */

export type FloatArray = Float32Array | Float64Array;

/** What an optimizer updates. The engine's Tensor satisfies this (float64 tensors too). */
export interface Param {
  data: FloatArray;
  grad: FloatArray | null;
}

export type ParamGroup<O> = O & { params: Param[] };

/** Either a flat list of parameters, or groups each with its own overrides of the defaults. */
export type ParamsOrGroups<O> = Param[] | Array<Partial<O> & { params: Param[] }>;

export type StateValue = number | FloatArray;
export type ParamState = Record<string, StateValue>;

/** Plain-data snapshot of an optimizer: hyperparameters per group and state per parameter index. */
export interface OptimizerStateDict {
  type: string;
  /** Each group's hyperparameters, with `params` the indices of its parameters (counted across groups). */
  paramGroups: Array<Record<string, unknown> & { params: number[] }>;
  /** Keyed by parameter index. */
  state: Record<string, ParamState>;
}

export abstract class Optimizer<O extends { lr: number }> {
  /** Class name used in state dicts (`loadStateDict` refuses another optimizer's state). */
  abstract readonly type: string;
  readonly defaults: O;
  readonly paramGroups: ParamGroup<O>[] = [];
  protected readonly state = new Map<Param, ParamState>();

  constructor(params: ParamsOrGroups<O>, defaults: O) {
    this.defaults = { ...defaults };
    const groups = params.length > 0 && !('params' in params[0]) ? [{ params: params as Param[] }] : params;
    if (groups.length === 0) throw new RangeError('optimizer got an empty parameter list');
    for (const g of groups as Array<Partial<O> & { params: Param[] }>) this.addParamGroup(g);
  }

  /** Add a group (e.g. layers unfrozen during fine-tuning); missing hyperparameters come from the defaults. */
  addParamGroup(group: Partial<O> & { params: Param[] }): void {
    const seen = new Set(this.params);
    for (const p of group.params) {
      if (seen.has(p)) throw new RangeError('some parameters appear in more than one parameter group');
      seen.add(p);
    }
    const full = { ...this.defaults, ...group, params: group.params.slice() } as ParamGroup<O>;
    this.validate(full);
    this.paramGroups.push(full);
  }

  /** Check one group's hyperparameters; throw RangeError naming the bad one. */
  protected abstract validate(group: O): void;

  /** Apply one update to every parameter that has a gradient. */
  abstract step(): void;

  /** Learning rate of the first group. Setting it sets every group's. */
  get lr(): number {
    return this.paramGroups[0].lr;
  }

  set lr(value: number) {
    for (const g of this.paramGroups) g.lr = value;
  }

  /** Every parameter, in group order. */
  get params(): Param[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /** Zero every gradient in place (PyTorch 1.13's default), or drop it (`setToNone`). */
  zeroGrad(setToNone = false): void {
    for (const p of this.params) {
      if (!p.grad) continue;
      if (setToNone) p.grad = null;
      else p.grad.fill(0);
    }
  }

  /** The state of one parameter, created by `init` on first use. */
  protected stateOf(p: Param, init: () => ParamState): ParamState {
    let s = this.state.get(p);
    if (!s) {
      s = init();
      this.state.set(p, s);
    }
    return s;
  }

  stateDict(): OptimizerStateDict {
    const index = new Map<Param, number>();
    const paramGroups = this.paramGroups.map((g) => {
      const { params, ...hyper } = g as ParamGroup<O> & Record<string, unknown>;
      const ids = (params as Param[]).map((p) => {
        index.set(p, index.size);
        return index.size - 1;
      });
      return { ...structuredClone(hyper), params: ids };
    });
    const state: Record<string, ParamState> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      const copy: ParamState = {};
      for (const [k, v] of Object.entries(s)) copy[k] = typeof v === 'number' ? v : v.slice();
      state[String(i)] = copy;
    }
    return { type: this.type, paramGroups, state };
  }

  /** Restore hyperparameters and state saved from an optimizer over parameters of the same sizes. */
  loadStateDict(sd: OptimizerStateDict): void {
    if (sd.type !== this.type)
      throw new RangeError(`state dict is for ${sd.type}, this optimizer is ${this.type}`);
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new RangeError(
        `state dict has ${sd.paramGroups.length} parameter groups, optimizer has ${this.paramGroups.length}`,
      );
    }
    const params = this.params;
    sd.paramGroups.forEach((g, gi) => {
      if (g.params.length !== this.paramGroups[gi].params.length) {
        throw new RangeError(
          `parameter group ${gi}: state dict has ${g.params.length} parameters, optimizer has ${this.paramGroups[gi].params.length}`,
        );
      }
    });
    for (const [key, s] of Object.entries(sd.state)) {
      const p = params[Number(key)];
      if (!p)
        throw new RangeError(`state dict has state for parameter ${key}, optimizer has ${params.length}`);
      for (const [name, v] of Object.entries(s)) {
        if (typeof v !== 'number' && v.length !== p.data.length) {
          throw new RangeError(
            `state "${name}" of parameter ${key} has ${v.length} values, parameter has ${p.data.length}`,
          );
        }
      }
    }
    sd.paramGroups.forEach((g, gi) => {
      const { params: _ids, ...hyper } = g;
      Object.assign(this.paramGroups[gi], structuredClone(hyper));
    });
    this.state.clear();
    for (const [key, s] of Object.entries(sd.state)) {
      const copy: ParamState = {};
      for (const [k, v] of Object.entries(s)) copy[k] = typeof v === 'number' ? v : v.slice();
      this.state.set(params[Number(key)], copy);
    }
  }
}

/** A zeroed state buffer of the parameter's precision. */
export function stateBuffer(p: Param, fill = 0): FloatArray {
  const n = p.data.length;
  const b = p.data instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
  if (fill !== 0) b.fill(fill);
  return b;
}

/** Throw RangeError unless `value` is finite and at least `min`. */
export function checkNonNegative(name: string, value: number, min = 0): void {
  if (!Number.isFinite(value) || value < min) throw new RangeError(`invalid ${name}: ${value}`);
}

/** Throw RangeError unless 0 <= value < 1 (for betas, alpha, rho). */
export function checkUnitInterval(name: string, value: number, closedAtOne = false): void {
  if (!(value >= 0 && (closedAtOne ? value <= 1 : value < 1)))
    throw new RangeError(`invalid ${name}: ${value}`);
}
