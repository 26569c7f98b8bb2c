/**
 * Gradient clipping, as torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (1.13). By norm: the total
 * norm is taken over all gradients together (p-norm of the per-parameter norms, or the largest |g|
 * for p = ∞); every gradient is scaled by min(1, maxNorm / (total + 1e-6)). Returns the total norm.
 */
import type { Param } from './optimizer.js';

/** The p-norm of all gradients taken together (parameters without a gradient are left out). */
export function gradNorm(params: Param[], normType = 2): number {
  let total = 0;
  for (const p of params) {
    const g = p.grad;
    if (!g) continue;
    if (normType === Infinity) {
      for (let i = 0; i < g.length; i++) total = Math.max(total, Math.abs(g[i]));
    } else if (normType === 2) {
      for (let i = 0; i < g.length; i++) total += g[i] * g[i];
    } else {
      for (let i = 0; i < g.length; i++) total += Math.abs(g[i]) ** normType;
    }
  }
  if (normType === Infinity) return total;
  return normType === 2 ? Math.sqrt(total) : total ** (1 / normType);
}

/**
 * Scale gradients so their joint norm is at most `maxNorm`. Returns the norm before clipping. With
 * `errorIfNonfinite`, a NaN or infinite norm throws instead of spreading NaN into the parameters.
 */
export function clipGradNorm(
  params: Param[],
  maxNorm: number,
  normType = 2,
  errorIfNonfinite = false,
): number {
  const total = gradNorm(params, normType);
  if (!Number.isFinite(total) && errorIfNonfinite) {
    throw new RangeError(`the total norm of order ${normType} of the gradients is ${total}`);
  }
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) {
    for (const p of params) {
      const g = p.grad;
      if (!g) continue;
      for (let i = 0; i < g.length; i++) g[i] *= coef;
    }
  }
  return total;
}

/** Clamp every gradient value into [−clipValue, clipValue]. */
export function clipGradValue(params: Param[], clipValue: number): void {
  const c = Math.abs(clipValue);
  for (const p of params) {
    const g = p.grad;
    if (!g) continue;
    for (let i = 0; i < g.length; i++) {
      if (g[i] > c) g[i] = c;
      else if (g[i] < -c) g[i] = -c;
    }
  }
}
