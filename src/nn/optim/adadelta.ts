/**
 * Adadelta (Zeiler 2012), exactly torch.optim.Adadelta (1.13): g ← g + wd·w; a ← ρ·a + (1 − ρ)·g²;
 * Δ = √(u + ε) / √(a + ε) · g; u ← ρ·u + (1 − ρ)·Δ²; w ← w − lr·Δ.
 */
import {
  Optimizer,
  stateBuffer,
  type FloatArray,
  checkNonNegative,
  checkUnitInterval,
  type ParamsOrGroups,
} from './optimizer.js';

export interface AdadeltaOptions {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

export class Adadelta extends Optimizer<AdadeltaOptions> {
  readonly type = 'Adadelta';

  constructor(params: ParamsOrGroups<AdadeltaOptions>, options: Partial<AdadeltaOptions> = {}) {
    super(params, { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false, ...options });
  }

  protected validate(g: AdadeltaOptions): void {
    checkNonNegative('learning rate', g.lr);
    checkUnitInterval('rho', g.rho, true);
    checkNonNegative('epsilon', g.eps);
    checkNonNegative('weight decay', g.weightDecay);
  }

  step(): void {
    for (const group of this.paramGroups) {
      const { lr, rho, eps, weightDecay: wd } = group;
      const sign = group.maximize ? -1 : 1;
      for (const p of group.params) {
        const g = p.grad;
        if (!g) continue;
        const w = p.data;
        const n = w.length;
        const st = this.stateOf(p, () => ({
          step: 0,
          squareAvg: stateBuffer(p),
          accDelta: stateBuffer(p),
        }));
        st.step = (st.step as number) + 1;
        const a = st.squareAvg as FloatArray;
        const u = st.accDelta as FloatArray;
        for (let i = 0; i < n; i++) {
          const gi = sign * g[i] + wd * w[i];
          a[i] = rho * a[i] + (1 - rho) * gi * gi;
          const delta = (Math.sqrt(u[i] + eps) / Math.sqrt(a[i] + eps)) * gi;
          u[i] = rho * u[i] + (1 - rho) * delta * delta;
          w[i] -= lr * delta;
        }
      }
    }
  }
}
