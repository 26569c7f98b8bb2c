/**
 * The contract between element data and crystal graphs: an atom featurizer turns the species on a site
 * into a fixed-length vector. Implementations: xtal's own CGCNN-style one-hot encoder, and tables loaded
 * from CGCNN-format `atom_init.json` files.
 */
import type { SpeciesOccupancy } from '../structure/structure.js';

export interface AtomFeaturizer {
  /** Name shown in model cards and errors, e.g. "xtal-cgcnn-92" or "atom_init.json (path)". */
  readonly name: string;
  /** Length of every feature vector. */
  readonly length: number;
  /** True if the featurizer has a vector for this element symbol. */
  has(element: string): boolean;
  /**
   * Write the feature vector of a site into out[offset .. offset+length). For a mixed or partially
   * occupied site this is the occupancy-weighted sum of the species' vectors (vacancy contributes 0).
   * Throws an error naming the element when one has no vector.
   */
  siteFeatures(species: readonly SpeciesOccupancy[], out: Float32Array, offset: number): void;
}
