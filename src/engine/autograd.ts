/**
 * Reverse-mode automatic differentiation. Each op that sees an input requiring grad (while grad mode is on)
 * attaches a TapeNode to its output. `backward(loss)` walks the graph from `loss` in reverse topological
 * order, accumulates gradients of leaf tensors into their `.grad` (allocated and zeroed on first use), frees
 * the gradients of intermediates as soon as they are consumed, and finally releases the graph.
 */
import { aliasStorage } from './memory.js';
import { Tensor, empty, type FloatArray, type GradOf, type TapeNode } from './tensor.js';

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording operations (inference mode). */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Runs `fn` with recording enabled (undoes an enclosing noGrad). */
export function enableGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = true;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** True if any input requires grad and grad mode is on: the op must record a node. */
export function needsGrad(...inputs: (Tensor<FloatArray> | null | undefined)[]): boolean {
  if (!gradEnabled) return false;
  for (const t of inputs) if (t && t.requiresGrad) return true;
  return false;
}

/** @internal attaches a node to `out` when needed; returns out. */
export function record<T extends Tensor<FloatArray>>(
  out: T,
  op: string,
  inputs: (Tensor<FloatArray> | null | undefined)[],
  backward: TapeNode['backward'],
): T {
  if (!needsGrad(...inputs)) return out;
  out.requiresGrad = true;
  out._node = { op, inputs: inputs.filter((t): t is Tensor<FloatArray> => !!t), backward };
  return out;
}

function viewOfGrad(t: Tensor<FloatArray>): Tensor<FloatArray> {
  t.zeroGradIfMissing();
  const v = new Tensor<FloatArray>(aliasStorage(t._gradStorage!), t.shape, t.dtype);
  v._kept = true;
  return v;
}

export interface BackwardOptions {
  /** Gradient of the output (defaults to ones; required shape = loss shape). */
  gradient?: Tensor<FloatArray>;
  /** Keep the graph for another backward pass. */
  retainGraph?: boolean;
}

/** Accumulates d(loss)/d(leaf) into `.grad` of every leaf that requires grad. */
export function backward(loss: Tensor<FloatArray>, opts: BackwardOptions = {}): void {
  if (!loss.requiresGrad)
    throw new Error('backward: the loss does not require grad (no parameter reached it)');
  // Topological order by iterative DFS.
  const order: Tensor<FloatArray>[] = [];
  const seen = new Set<Tensor<FloatArray>>();
  const stack: [Tensor<FloatArray>, number][] = [[loss, 0]];
  seen.add(loss);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, k] = top;
    const inputs = t._node ? t._node.inputs : [];
    if (k < inputs.length) {
      top[1]++;
      const x = inputs[k];
      if (x.requiresGrad && !seen.has(x)) {
        seen.add(x);
        stack.push([x, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  const temps = new Map<Tensor<FloatArray>, Tensor<FloatArray>>();
  const views = new Map<Tensor<FloatArray>, Tensor<FloatArray>>();
  const gradOf: GradOf = (x) => {
    if (!x.requiresGrad) return null;
    if (x._node === null) {
      let v = views.get(x);
      if (!v) {
        v = viewOfGrad(x);
        views.set(x, v);
      }
      return v;
    }
    let g = temps.get(x);
    if (!g) {
      g = empty<FloatArray>(x.shape, { dtype: x.dtype });
      g.data.fill(0);
      g._kept = true;
      temps.set(x, g);
    }
    return g;
  };
  const seed = gradOf(loss)!;
  if (opts.gradient) {
    if (opts.gradient.size !== loss.size)
      throw new Error('backward: gradient shape differs from the loss shape');
    const s = seed.data;
    const gd = opts.gradient.data;
    for (let i = 0; i < s.length; i++) s[i] += gd[i];
  } else {
    const s = seed.data;
    for (let i = 0; i < s.length; i++) s[i] += 1;
  }
  try {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const node = t._node;
      if (!node) continue;
      const g = temps.get(t);
      if (!g) continue;
      node.backward(g, gradOf);
      g.dispose();
      temps.delete(t);
    }
  } finally {
    for (const g of temps.values()) g.dispose();
    for (const v of views.values()) v.dispose();
    if (!opts.retainGraph) {
      for (const t of order) {
        if (t._node) {
          t._node = null;
          t.requiresGrad = false;
        }
      }
    }
  }
}

/** Sets `.grad` of each tensor to zeros (allocating if needed). */
export function zeroGrad(tensors: Iterable<Tensor<FloatArray>>): void {
  for (const t of tensors) t.zeroGrad();
}
