/**
 * Parameter groups for the usual weight-decay split: decay matrices and kernels (rank ≥ 2), not biases
 * or normalisation scales and shifts (rank 1 or 0). Pass the result to any optimizer, e.g.
 * `new AdamW(weightDecayGroups(model, 0.01), { lr })`.
 */
import type { AnyModule, AnyTensor } from './module.js';

export function weightDecayGroups(
  module: AnyModule,
  weightDecay: number,
): Array<{ params: AnyTensor[]; weightDecay: number }> {
  const decay: AnyTensor[] = [];
  const noDecay: AnyTensor[] = [];
  for (const [, p] of module.namedParameters()) (p.rank >= 2 ? decay : noDecay).push(p);
  const groups: Array<{ params: AnyTensor[]; weightDecay: number }> = [];
  if (decay.length) groups.push({ params: decay, weightDecay });
  if (noDecay.length) groups.push({ params: noDecay, weightDecay: 0 });
  return groups;
}
