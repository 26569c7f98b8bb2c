/**
 * Activations and simple reshaping layers as modules, as torch.nn: Sigmoid, Tanh, ReLU,
 * LeakyReLU(negativeSlope = 0.01), ELU(alpha = 1), Softplus (β = 1, threshold 20), Softmax and
 * LogSoftmax over an axis (default the last), Identity, Flatten (all axes after the first).
 */
import {
  elu,
  leakyRelu,
  logSoftmax,
  relu,
  reshape,
  sigmoid,
  softmax,
  softplus,
  tanh,
} from '../../engine/index.js';
import { Module, type AnyTensor } from '../module.js';
import { registerLayer } from '../registry.js';

export class Sigmoid extends Module {
  readonly className = 'Sigmoid';
  forward(x: AnyTensor): AnyTensor {
    return sigmoid(x);
  }
  protected getConfig(): Record<string, unknown> {
    return {};
  }
}

export class Tanh extends Module {
  readonly className = 'Tanh';
  forward(x: AnyTensor): AnyTensor {
    return tanh(x);
  }
  protected getConfig(): Record<string, unknown> {
    return {};
  }
}

export class ReLU extends Module {
  readonly className = 'ReLU';
  forward(x: AnyTensor): AnyTensor {
    return relu(x);
  }
  protected getConfig(): Record<string, unknown> {
    return {};
  }
}

export class LeakyReLU extends Module {
  readonly className = 'LeakyReLU';
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  forward(x: AnyTensor): AnyTensor {
    return leakyRelu(x, this.negativeSlope);
  }
  protected getConfig(): Record<string, unknown> {
    return { negativeSlope: this.negativeSlope };
  }
}

export class ELU extends Module {
  readonly className = 'ELU';
  constructor(readonly alpha = 1) {
    super();
  }
  forward(x: AnyTensor): AnyTensor {
    return elu(x, this.alpha);
  }
  protected getConfig(): Record<string, unknown> {
    return { alpha: this.alpha };
  }
}

/** log(1 + eˣ) (linear above x = 20, as PyTorch's default). */
export class Softplus extends Module {
  readonly className = 'Softplus';
  forward(x: AnyTensor): AnyTensor {
    return softplus(x);
  }
  protected getConfig(): Record<string, unknown> {
    return {};
  }
}

export class Softmax extends Module {
  readonly className = 'Softmax';
  constructor(readonly dim = -1) {
    super();
  }
  forward(x: AnyTensor): AnyTensor {
    return softmax(x, this.dim);
  }
  protected getConfig(): Record<string, unknown> {
    return { dim: this.dim };
  }
}

export class LogSoftmax extends Module {
  readonly className = 'LogSoftmax';
  constructor(readonly dim = -1) {
    super();
  }
  forward(x: AnyTensor): AnyTensor {
    return logSoftmax(x, this.dim);
  }
  protected getConfig(): Record<string, unknown> {
    return { dim: this.dim };
  }
}

export class Identity extends Module {
  readonly className = 'Identity';
  forward(x: AnyTensor): AnyTensor {
    return x;
  }
  protected getConfig(): Record<string, unknown> {
    return {};
  }
}

/** [N, ...] → [N, ∏rest]. */
export class Flatten extends Module {
  readonly className = 'Flatten';
  forward(x: AnyTensor): AnyTensor {
    return reshape(x, [x.shape[0], x.size / Math.max(1, x.shape[0])]);
  }
  protected getConfig(): Record<string, unknown> {
    return {};
  }
}

registerLayer('Sigmoid', () => new Sigmoid());
registerLayer('Tanh', () => new Tanh());
registerLayer('ReLU', () => new ReLU());
registerLayer('LeakyReLU', (c) => new LeakyReLU(c.negativeSlope as number | undefined));
registerLayer('ELU', (c) => new ELU(c.alpha as number | undefined));
registerLayer('Softplus', () => new Softplus());
registerLayer('Softmax', (c) => new Softmax(c.dim as number | undefined));
registerLayer('LogSoftmax', (c) => new LogSoftmax(c.dim as number | undefined));
registerLayer('Identity', () => new Identity());
registerLayer('Flatten', () => new Flatten());
