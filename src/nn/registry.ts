/**
 * The layer registry: class name → factory, so a model saved as JSON config (plus a state dict) can
 * be rebuilt. Built-in layers register themselves when src/nn/layers is imported (serialize.ts does
 * that); models elsewhere in xtal register their own classes with `registerLayer`.
 */
import { Rng } from '../engine/random.js';
import { XtalInputError } from '../errors.js';
import type { AnyModule, LayerConfig } from './module.js';

export interface LayerContext {
  /** Generator for initial weights (they are usually replaced by a loaded state dict). */
  rng: Rng;
}

export type LayerFactory = (config: Record<string, unknown>, ctx: LayerContext) => AnyModule;

const factories = new Map<string, LayerFactory>();

export function registerLayer(className: string, factory: LayerFactory): void {
  factories.set(className, factory);
}

export function registeredLayers(): string[] {
  return [...factories.keys()].sort();
}

/** Build a layer from `toConfig()` output. Unknown class names throw XtalInputError. */
export function layerFromConfig(config: LayerConfig, rng: Rng = new Rng(0)): AnyModule {
  if (typeof config !== 'object' || config === null || typeof config.className !== 'string') {
    throw new XtalInputError('layer config needs a string className', { field: 'className' });
  }
  const f = factories.get(config.className);
  if (!f) {
    throw new XtalInputError(
      `unknown layer class "${config.className}" (known: ${registeredLayers().join(', ')})`,
      {
        field: 'className',
      },
    );
  }
  return f(config.config ?? {}, { rng });
}
