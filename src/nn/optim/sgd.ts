/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay, exactly
 * torch.optim.SGD (1.13): d = g + wd·w; b = d on the first step, else μ·b + (1 − τ)·d; the update is
 * d + μ·b (Nesterov) or b; w ← w − lr·update. `maximize` negates the gradient first.
 */
import {
  Optimizer,
  stateBuffer,
  type FloatArray,
  checkNonNegative,
  type ParamsOrGroups,
} from './optimizer.js';

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

export class SGD extends Optimizer<SGDOptions> {
  readonly type = 'SGD';

  constructor(params: ParamsOrGroups<SGDOptions>, options: Partial<SGDOptions> & { lr: number }) {
    super(params, {
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
      ...options,
    });
  }

  protected validate(g: SGDOptions): void {
    checkNonNegative('learning rate', g.lr);
    checkNonNegative('momentum', g.momentum);
    checkNonNegative('weight decay', g.weightDecay);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
      throw new RangeError('Nesterov momentum requires a momentum and zero dampening');
    }
  }

  step(): void {
    for (const group of this.paramGroups) {
      const { lr, momentum, dampening, weightDecay: wd, nesterov } = group;
      const sign = group.maximize ? -1 : 1;
      for (const p of group.params) {
        const g = p.grad;
        if (!g) continue;
        const w = p.data;
        const n = w.length;
        if (momentum === 0) {
          for (let i = 0; i < n; i++) w[i] -= lr * (sign * g[i] + wd * w[i]);
          continue;
        }
        let fresh = false;
        const st = this.stateOf(p, () => {
          fresh = true;
          return { momentumBuffer: stateBuffer(p) };
        });
        const buf = st.momentumBuffer as FloatArray;
        const keep = 1 - dampening;
        if (fresh) {
          for (let i = 0; i < n; i++) buf[i] = sign * g[i] + wd * w[i];
          if (nesterov)
            for (let i = 0; i < n; i++) w[i] -= lr * (sign * g[i] + wd * w[i] + momentum * buf[i]);
          else for (let i = 0; i < n; i++) w[i] -= lr * buf[i];
        } else if (nesterov) {
          for (let i = 0; i < n; i++) {
            const d = sign * g[i] + wd * w[i];
            buf[i] = momentum * buf[i] + keep * d;
            w[i] -= lr * (d + momentum * buf[i]);
          }
        } else {
          for (let i = 0; i < n; i++) {
            buf[i] = momentum * buf[i] + keep * (sign * g[i] + wd * w[i]);
            w[i] -= lr * buf[i];
          }
        }
      }
    }
  }
}
