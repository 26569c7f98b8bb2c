/**
 * Memory scopes. `tidy(fn)` records every tensor created while `fn` runs and disposes all of them when it
 * returns, except the tensors in its result (which move to the enclosing scope) and tensors marked with
 * `keep()` (parameters, running statistics, anything held across steps). Scopes nest; `fn` must be
 * synchronous.
 */
import type { FloatArray, Tensor } from './tensor.js';

const scopes: Set<Tensor<FloatArray>>[] = [];

/** @internal called by the Tensor constructor. */
export function trackInScope(t: Tensor<FloatArray>): void {
  if (scopes.length > 0) scopes[scopes.length - 1].add(t);
}

/** @internal */
export function markKept(t: Tensor<FloatArray>): void {
  t._kept = true;
  for (const s of scopes) s.delete(t);
}

function collect(x: unknown, out: Set<unknown>, depth = 0): void {
  if (x === null || typeof x !== 'object' || depth > 4) return;
  if ('_storage' in x && 'shape' in x) {
    out.add(x);
    return;
  }
  if (Array.isArray(x)) for (const v of x) collect(v, out, depth + 1);
  else if (x instanceof Map) for (const v of x.values()) collect(v, out, depth + 1);
  else if (Object.getPrototypeOf(x) === Object.prototype)
    for (const v of Object.values(x)) collect(v, out, depth + 1);
}

/**
 * Runs `fn`, then disposes every tensor it created that is not part of its result (tensors found in a
 * returned tensor, array, Map or plain object) and not kept.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Tensor<FloatArray>>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of scope) if (!t._kept) t.dispose();
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) throw new Error('tidy(fn): fn must be synchronous');
  const keepSet = new Set<unknown>();
  collect(result, keepSet);
  const parent = scopes.length > 0 ? scopes[scopes.length - 1] : null;
  for (const t of scope) {
    if (keepSet.has(t)) parent?.add(t);
    else if (!t._kept) t.dispose();
  }
  return result;
}

/** Marks a tensor to survive every tidy() scope; returns it. */
export function keep<T extends Tensor<FloatArray>>(t: T): T {
  markKept(t);
  return t;
}

/** Disposes every tensor in `x` (a tensor, array, Map or plain object of tensors). */
export function dispose(x: unknown): void {
  const s = new Set<unknown>();
  collect(x, s);
  for (const t of s) (t as Tensor<FloatArray>).dispose();
}
