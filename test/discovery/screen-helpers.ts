/**
 * A small deterministic stand-in for the bulk and shear ensembles, for tests of the screening pipeline (not of
 * the ML): log10 K falls with the mean nearest-neighbour distance of the crystal graph (short bonds → stiff),
 * G = 0.8·K, and three "members" at −δ, 0, +δ in log10 around the mean. It counts every crystal it predicts,
 * so tests can check that no structure is computed twice.
 */
import type { AtomFeaturizer } from '../../src/elements/featurizer.js';
import { element } from '../../src/elements/index.js';
import type { CrystalGraph } from '../../src/graph/crystal-graph.js';
import type { EnsemblePrediction } from '../../src/models/property-model.js';
import type { ModulusModel } from '../../src/discovery/screen/predict.js';
import type { SpeciesOccupancy } from '../../src/structure/structure.js';
import { buildExample, EXAMPLE_CRYSTALS } from '../../src/structure/examples/build.js';
import type { StructureEntry } from '../../src/structure/io/entry.js';

export class AtomicNumberFeaturizer implements AtomFeaturizer {
  readonly name = 'test-atomic-number';
  readonly length = 1;
  has(el: string): boolean {
    try {
      element(el);
      return true;
    } catch {
      return false;
    }
  }
  siteFeatures(species: readonly SpeciesOccupancy[], out: Float32Array, offset: number): void {
    out[offset] = 0;
    for (const sp of species) out[offset] += (sp.occu * element(sp.element).Z) / 100;
  }
}

export class TestModulusModel implements ModulusModel {
  readonly featurizer = new AtomicNumberFeaturizer();
  readonly graphOptions = { radiusA: 6, maxNeighbors: 4 };
  predicted = 0;
  constructor(
    readonly name: string,
    readonly offsetLog10: number,
    readonly deltaLog10 = 0.02,
    readonly members = 3,
  ) {}
  /** log10 GPa from the graph: 3.2 − 3·log10(mean nearest distance / Å) + offset. */
  meanLog10(g: CrystalGraph): number {
    let s = 0;
    for (let a = 0; a < g.numAtoms; a++) s += g.neighborDistanceA[a * g.maxNeighbors];
    return 3.2 - 3 * Math.log10(s / g.numAtoms) + this.offsetLog10;
  }
  predictGraphs(graphs: CrystalGraph[]): EnsemblePrediction {
    this.predicted += graphs.length;
    const mean = graphs.map((g) => [this.meanLog10(g)]);
    const offsets = this.members === 1 ? [0] : [-this.deltaLog10, 0, this.deltaLog10];
    const members = offsets.map((d) => mean.map(([m]) => [m + d]));
    const std = mean.map(() => [this.members === 1 ? 0 : this.deltaLog10]);
    return { mean, std, members };
  }
}

export function testModels(): { bulk: TestModulusModel; shear: TestModulusModel } {
  return {
    bulk: new TestModulusModel('test-bulk', 0),
    shear: new TestModulusModel('test-shear', Math.log10(0.8)),
  };
}

/** Built-in examples as entries (optionally a subset), plus optional bad entries. */
export function exampleEntries(
  ids?: string[],
  bad: StructureEntry[] = [],
): () => AsyncIterable<StructureEntry> {
  const list = EXAMPLE_CRYSTALS.filter((e) => !ids || ids.includes(e.id));
  return async function* () {
    for (const e of list) {
      yield {
        id: e.id,
        source: 'built-in examples',
        structure: buildExample(e),
        properties: { metallic: e.metallic },
      };
    }
    for (const b of bad) yield b;
  };
}
