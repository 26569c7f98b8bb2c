/**
 * A numbered list of modules, as torch.nn.ModuleList: children "0", "1", … (state-dict keys
 * `convs.0.fc_full.weight` when registered as `convs`), no forward of its own; the owner calls the items.
 */
import { Module, type AnyModule, type LayerConfig } from '../module.js';
import { layerFromConfig, registerLayer } from '../registry.js';

export class ModuleList<M extends AnyModule = AnyModule> extends Module<[], never> {
  readonly className = 'ModuleList';
  readonly items: readonly M[];

  constructor(items: M[] = []) {
    super();
    this.items = items.slice();
    this.items.forEach((m, i) => this.registerModule(String(i), m));
  }

  get length(): number {
    return this.items.length;
  }

  at(i: number): M {
    const m = this.items[i];
    if (!m) throw new RangeError(`ModuleList: no item ${i} (length ${this.items.length})`);
    return m;
  }

  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }

  forward(): never {
    throw new Error('ModuleList has no forward: call its items');
  }

  protected getConfig(): Record<string, unknown> {
    return { items: this.items.map((m) => m.toConfig()) };
  }
}

registerLayer(
  'ModuleList',
  (c, { rng }) =>
    new ModuleList(((c.items as LayerConfig[] | undefined) ?? []).map((l) => layerFromConfig(l, rng))),
);
