/**
 * A chain of single-input layers, as torch.nn.Sequential: children are named "0", "1", … so the state
 * dict keys read `0.weight`, `2.bias`, as in PyTorch. Its config holds its children's configs.
 */
import { Module, type AnyTensor, type LayerConfig } from '../module.js';
import { layerFromConfig, registerLayer } from '../registry.js';

export class Sequential extends Module {
  readonly className = 'Sequential';
  readonly layers: Array<Module<[AnyTensor], AnyTensor>>;

  constructor(...layers: Array<Module<[AnyTensor], AnyTensor>>) {
    super();
    this.layers = layers;
    layers.forEach((l, i) => this.registerModule(String(i), l));
  }

  forward(x: AnyTensor): AnyTensor {
    let h = x;
    for (const l of this.layers) h = l.forward(h);
    return h;
  }

  protected getConfig(): Record<string, unknown> {
    return { layers: this.layers.map((l) => l.toConfig()) };
  }
}

registerLayer(
  'Sequential',
  (c, { rng }) =>
    new Sequential(
      ...((c.layers as LayerConfig[] | undefined) ?? []).map(
        (l) => layerFromConfig(l, rng) as Module<[AnyTensor], AnyTensor>,
      ),
    ),
);
