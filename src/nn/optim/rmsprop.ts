/**
 * RMSprop (Hinton's lecture 6e; centered form after Graves 2013), exactly torch.optim.RMSprop (1.13):
 * g ← g + wd·w; s ← α·s + (1 − α)·g²; centered: ḡ ← α·ḡ + (1 − α)·g and d = √(s − ḡ²) + ε, else
 * d = √s + ε; with momentum μ > 0: b ← μ·b + g/d, w ← w − lr·b; otherwise w ← w − lr·g/d.
 */
import {
  Optimizer,
  stateBuffer,
  type FloatArray,
  type ParamState,
  checkNonNegative,
  type ParamsOrGroups,
} from './optimizer.js';

export interface RMSpropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

export class RMSprop extends Optimizer<RMSpropOptions> {
  readonly type = 'RMSprop';

  constructor(params: ParamsOrGroups<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super(params, {
      lr: 1e-2,
      alpha: 0.99,
      eps: 1e-8,
      weightDecay: 0,
      momentum: 0,
      centered: false,
      maximize: false,
      ...options,
    });
  }

  protected validate(g: RMSpropOptions): void {
    checkNonNegative('learning rate', g.lr);
    checkNonNegative('alpha', g.alpha);
    checkNonNegative('epsilon', g.eps);
    checkNonNegative('momentum', g.momentum);
    checkNonNegative('weight decay', g.weightDecay);
  }

  step(): void {
    for (const group of this.paramGroups) {
      const { lr, alpha, eps, weightDecay: wd, momentum, centered } = group;
      const sign = group.maximize ? -1 : 1;
      for (const p of group.params) {
        const g = p.grad;
        if (!g) continue;
        const w = p.data;
        const n = w.length;
        const st = this.stateOf(p, () => {
          const s: ParamState = { step: 0, squareAvg: stateBuffer(p) };
          if (momentum > 0) s.momentumBuffer = stateBuffer(p);
          if (centered) s.gradAvg = stateBuffer(p);
          return s;
        });
        st.step = (st.step as number) + 1;
        const s = st.squareAvg as FloatArray;
        const ga = centered ? (st.gradAvg as FloatArray | undefined) : undefined;
        const buf = momentum > 0 ? (st.momentumBuffer as FloatArray | undefined) : undefined;
        if ((centered && !ga) || (momentum > 0 && !buf)) {
          throw new RangeError('RMSprop: centered or momentum was switched on after the first step');
        }
        const a1 = 1 - alpha;
        if (ga && buf) {
          for (let i = 0; i < n; i++) {
            const gi = sign * g[i] + wd * w[i];
            s[i] = alpha * s[i] + a1 * gi * gi;
            ga[i] = alpha * ga[i] + a1 * gi;
            buf[i] = momentum * buf[i] + gi / (Math.sqrt(s[i] - ga[i] * ga[i]) + eps);
            w[i] -= lr * buf[i];
          }
        } else if (ga) {
          for (let i = 0; i < n; i++) {
            const gi = sign * g[i] + wd * w[i];
            s[i] = alpha * s[i] + a1 * gi * gi;
            ga[i] = alpha * ga[i] + a1 * gi;
            w[i] -= (lr * gi) / (Math.sqrt(s[i] - ga[i] * ga[i]) + eps);
          }
        } else if (buf) {
          for (let i = 0; i < n; i++) {
            const gi = sign * g[i] + wd * w[i];
            s[i] = alpha * s[i] + a1 * gi * gi;
            buf[i] = momentum * buf[i] + gi / (Math.sqrt(s[i]) + eps);
            w[i] -= lr * buf[i];
          }
        } else {
          for (let i = 0; i < n; i++) {
            const gi = sign * g[i] + wd * w[i];
            s[i] = alpha * s[i] + a1 * gi * gi;
            w[i] -= (lr * gi) / (Math.sqrt(s[i]) + eps);
          }
        }
      }
    }
  }
}
