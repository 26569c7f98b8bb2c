/**
 * Dropout, as torch.nn.Dropout: in training each value is zeroed with probability p and the rest
 * scaled by 1/(1 − p); in eval it is the identity. The mask comes from the module's own seeded Rng.
 */
import { dropout } from '../../engine/index.js';
import { Rng } from '../../engine/random.js';
import { Module, type AnyTensor } from '../module.js';
import { registerLayer } from '../registry.js';

export class Dropout extends Module {
  readonly className = 'Dropout';
  readonly rng: Rng;

  constructor(
    readonly p = 0.5,
    options: { rng: Rng },
  ) {
    super();
    if (!(p >= 0 && p < 1)) throw new RangeError(`dropout probability must be in [0, 1), got ${p}`);
    this.rng = options.rng;
  }

  forward(x: AnyTensor): AnyTensor {
    return dropout(x, this.p, this.rng, this.training);
  }

  protected getConfig(): Record<string, unknown> {
    return { p: this.p };
  }
}

registerLayer('Dropout', (c, { rng }) => new Dropout(c.p as number | undefined, { rng }));
