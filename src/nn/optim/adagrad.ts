/**
 * Adagrad (Duchi et al. 2011), exactly torch.optim.Adagrad (1.13): g ← g + wd·w; s ← s + g²;
 * w ← w − lr_t · g / (√s + ε) with lr_t = lr / (1 + (t − 1)·lr_decay); s starts at
 * `initialAccumulatorValue`.
 */
import {
  Optimizer,
  stateBuffer,
  type FloatArray,
  checkNonNegative,
  type ParamsOrGroups,
} from './optimizer.js';

export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

export class Adagrad extends Optimizer<AdagradOptions> {
  readonly type = 'Adagrad';

  constructor(params: ParamsOrGroups<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super(params, {
      lr: 1e-2,
      lrDecay: 0,
      weightDecay: 0,
      initialAccumulatorValue: 0,
      eps: 1e-10,
      maximize: false,
      ...options,
    });
  }

  protected validate(g: AdagradOptions): void {
    checkNonNegative('learning rate', g.lr);
    checkNonNegative('lr_decay', g.lrDecay);
    checkNonNegative('weight decay', g.weightDecay);
    checkNonNegative('initial accumulator value', g.initialAccumulatorValue);
    checkNonNegative('epsilon', g.eps);
  }

  step(): void {
    for (const group of this.paramGroups) {
      const { lr, lrDecay, weightDecay: wd, eps } = group;
      const sign = group.maximize ? -1 : 1;
      for (const p of group.params) {
        const g = p.grad;
        if (!g) continue;
        const w = p.data;
        const n = w.length;
        const st = this.stateOf(p, () => ({
          step: 0,
          sum: stateBuffer(p, group.initialAccumulatorValue),
        }));
        const t = (st.step as number) + 1;
        st.step = t;
        const clr = lr / (1 + (t - 1) * lrDecay);
        const s = st.sum as FloatArray;
        for (let i = 0; i < n; i++) {
          const gi = sign * g[i] + wd * w[i];
          s[i] += gi * gi;
          w[i] -= (clr * gi) / (Math.sqrt(s[i]) + eps);
        }
      }
    }
  }
}
