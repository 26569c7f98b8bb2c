/**
 * Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019), exactly torch.optim.Adam / AdamW (1.13).
 * Adam adds weight decay to the gradient (g + wd·w); AdamW decays the weight directly (w ← w·(1 − lr·wd))
 * before the moment update. Then m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g²,
 * w ← w − (lr / (1 − β1^t)) · m / (√v̂ / √(1 − β2^t) + ε), with v̂ = v, or its running maximum (AMSGrad).
 */
import {
  Optimizer,
  stateBuffer,
  type FloatArray,
  type ParamState,
  checkNonNegative,
  checkUnitInterval,
  type Param,
  type ParamsOrGroups,
} from './optimizer.js';

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

abstract class AdamBase extends Optimizer<AdamOptions> {
  /** True for AdamW's decoupled weight decay. */
  protected abstract readonly decoupled: boolean;

  protected validate(g: AdamOptions): void {
    checkNonNegative('learning rate', g.lr);
    checkNonNegative('epsilon', g.eps);
    checkUnitInterval('beta1', g.betas[0]);
    checkUnitInterval('beta2', g.betas[1]);
    checkNonNegative('weight decay', g.weightDecay);
  }

  step(): void {
    for (const group of this.paramGroups) {
      const { lr, eps, amsgrad } = group;
      const [beta1, beta2] = group.betas;
      const sign = group.maximize ? -1 : 1;
      const wdGrad = this.decoupled ? 0 : group.weightDecay;
      const shrink = this.decoupled ? 1 - lr * group.weightDecay : 1;
      for (const p of group.params) {
        const g = p.grad;
        if (!g) continue;
        const st = this.stateOf(p, () => this.initState(p, amsgrad));
        const t = (st.step as number) + 1;
        st.step = t;
        const m = st.expAvg as FloatArray;
        const v = st.expAvgSq as FloatArray;
        const vmax = amsgrad ? (st.maxExpAvgSq as FloatArray | undefined) : undefined;
        if (amsgrad && !vmax) throw new RangeError('AMSGrad was switched on after the first step');
        const stepSize = lr / (1 - beta1 ** t);
        const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
        const w = p.data;
        const n = w.length;
        const b1 = 1 - beta1;
        const b2 = 1 - beta2;
        if (shrink !== 1) for (let i = 0; i < n; i++) w[i] *= shrink;
        if (vmax) {
          for (let i = 0; i < n; i++) {
            const gi = sign * g[i] + wdGrad * w[i];
            m[i] = beta1 * m[i] + b1 * gi;
            v[i] = beta2 * v[i] + b2 * gi * gi;
            if (v[i] > vmax[i]) vmax[i] = v[i];
            w[i] -= (stepSize * m[i]) / (Math.sqrt(vmax[i]) / bc2Sqrt + eps);
          }
        } else {
          for (let i = 0; i < n; i++) {
            const gi = sign * g[i] + wdGrad * w[i];
            m[i] = beta1 * m[i] + b1 * gi;
            v[i] = beta2 * v[i] + b2 * gi * gi;
            w[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + eps);
          }
        }
      }
    }
  }

  private initState(p: Param, amsgrad: boolean): ParamState {
    const s: ParamState = {
      step: 0,
      expAvg: stateBuffer(p),
      expAvgSq: stateBuffer(p),
    };
    if (amsgrad) s.maxExpAvgSq = stateBuffer(p);
    return s;
  }
}

export class Adam extends AdamBase {
  readonly type = 'Adam';
  protected readonly decoupled = false;

  constructor(params: ParamsOrGroups<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
      ...options,
    });
  }
}

/** Adam with decoupled weight decay; PyTorch's default weight decay for it is 0.01. */
export class AdamW extends AdamBase {
  readonly type = 'AdamW';
  protected readonly decoupled = true;

  constructor(params: ParamsOrGroups<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 1e-2,
      amsgrad: false,
      maximize: false,
      ...options,
    });
  }
}
