/** A tiny featurizer for graph tests: a one-hot over a few elements plus Z/100. */
import type { AtomFeaturizer } from '../../src/elements/featurizer.js';
import type { SpeciesOccupancy } from '../../src/structure/structure.js';

const Z: Record<string, number> = { H: 1, C: 6, O: 8, Na: 11, Cl: 17, K: 19, Fe: 26, Cu: 29, Ba: 56 };
const SYMBOLS = Object.keys(Z);

export class TestFeaturizer implements AtomFeaturizer {
  readonly name = 'test-onehot';
  readonly length = SYMBOLS.length + 1;
  has(element: string): boolean {
    return element in Z;
  }
  vector(element: string): number[] {
    const v = new Array<number>(this.length).fill(0);
    v[SYMBOLS.indexOf(element)] = 1;
    v[this.length - 1] = Z[element] / 100;
    return v;
  }
  siteFeatures(species: readonly SpeciesOccupancy[], out: Float32Array, offset: number): void {
    out.fill(0, offset, offset + this.length);
    for (const sp of species) {
      if (!this.has(sp.element)) throw new Error(`no features for element ${sp.element}`);
      const v = this.vector(sp.element);
      for (let k = 0; k < this.length; k++) out[offset + k] += sp.occu * v[k];
    }
  }
}
