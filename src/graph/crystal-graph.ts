/**
 * CGCNN crystal graphs (Xie & Grossman, Phys. Rev. Lett. 120, 145301 (2018); cgcnn/data.py CIFData):
 * one node per site with the featurizer's vector (occupancy-weighted for mixed sites), and for every atom
 * its M nearest neighbours within the radius, in the neighbour-list order (distance, then j, then image).
 * An atom with fewer than M neighbours is padded with neighbour index 0 at distance radius + 1, as in the
 * reference; the graph counts such atoms and carries a warning. Distances are stored; the Gaussian edge
 * features are expanded when batching (see gaussian.ts), which keeps graphs and the cache small.
 */
import type { Structure } from '../structure/structure.js';
import type { AtomFeaturizer } from '../elements/featurizer.js';
import { neighborList } from '../structure/neighbors.js';
import { XtalInputError } from '../errors.js';

export interface CrystalGraphOptions {
  /** Neighbour search radius (Å). Default 8. */
  radiusA?: number;
  /** Neighbours kept per atom. Default 12. */
  maxNeighbors?: number;
  /** First Gaussian centre (Å), recorded with the graph parameters. Default 0. */
  dminA?: number;
  /** Gaussian spacing and width (Å). Default 0.2. */
  stepA?: number;
  /** Distance given to padding neighbours (Å). Default radius + 1. */
  paddingDistanceA?: number;
}

export type GraphParams = Required<CrystalGraphOptions>;

export interface CrystalGraph {
  numAtoms: number;
  atomFeatureLength: number;
  /** numAtoms × atomFeatureLength, row-major. */
  atomFeatures: Float32Array;
  maxNeighbors: number;
  /** numAtoms × maxNeighbors neighbour atom indices (0 for padding). */
  neighborIndex: Int32Array;
  /** numAtoms × maxNeighbors distances (Å; paddingDistanceA for padding). */
  neighborDistanceA: Float32Array;
  /** Atoms with fewer than maxNeighbors neighbours inside the radius (padded). */
  paddedAtoms: number;
  /** Atoms with no neighbour at all inside the radius (padding only); the training code decides. */
  isolatedAtoms: number;
  /** Human-readable notes, e.g. about padding. */
  warnings: string[];
}

export const DEFAULT_GRAPH_PARAMS: Readonly<GraphParams> = Object.freeze({
  radiusA: 8,
  maxNeighbors: 12,
  dminA: 0,
  stepA: 0.2,
  paddingDistanceA: 9,
});

/** Complete the options with the defaults (padding distance follows the radius unless given). */
export function graphParams(options: CrystalGraphOptions = {}): GraphParams {
  const radiusA = options.radiusA ?? DEFAULT_GRAPH_PARAMS.radiusA;
  const p: GraphParams = {
    radiusA,
    maxNeighbors: options.maxNeighbors ?? DEFAULT_GRAPH_PARAMS.maxNeighbors,
    dminA: options.dminA ?? DEFAULT_GRAPH_PARAMS.dminA,
    stepA: options.stepA ?? DEFAULT_GRAPH_PARAMS.stepA,
    paddingDistanceA: options.paddingDistanceA ?? radiusA + 1,
  };
  if (!(Number.isFinite(p.radiusA) && p.radiusA > 0))
    throw new XtalInputError(`graph radius must be positive, got ${p.radiusA}`, { field: 'radiusA' });
  if (!(Number.isInteger(p.maxNeighbors) && p.maxNeighbors > 0))
    throw new XtalInputError(`maxNeighbors must be a positive integer, got ${p.maxNeighbors}`, {
      field: 'maxNeighbors',
    });
  if (!(Number.isFinite(p.stepA) && p.stepA > 0))
    throw new XtalInputError(`Gaussian step must be positive, got ${p.stepA}`, { field: 'stepA' });
  if (!Number.isFinite(p.dminA)) throw new XtalInputError(`dminA must be finite`, { field: 'dminA' });
  if (!Number.isFinite(p.paddingDistanceA))
    throw new XtalInputError(`paddingDistanceA must be finite`, { field: 'paddingDistanceA' });
  return p;
}

/** Build the CGCNN graph of a structure. Throws XtalInputError for an empty structure or unknown element. */
export function buildCrystalGraph(
  structure: Structure,
  featurizer: AtomFeaturizer,
  options: CrystalGraphOptions = {},
): CrystalGraph {
  const p = graphParams(options);
  const n = structure.sites.length;
  const file = typeof structure.properties.id === 'string' ? structure.properties.id : undefined;
  if (n === 0)
    throw new XtalInputError('structure has no sites; a crystal graph needs at least one', { file });
  const f = featurizer.length;
  const atomFeatures = new Float32Array(n * f);
  for (let i = 0; i < n; i++) {
    try {
      featurizer.siteFeatures(structure.sites[i].species, atomFeatures, i * f);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new XtalInputError(`site ${i}: ${reason}`, { file, field: 'species' });
    }
  }
  const m = p.maxNeighbors;
  const list = neighborList(structure, p.radiusA, { maxNeighbors: m, countAll: false });
  const neighborIndex = new Int32Array(n * m);
  const neighborDistanceA = new Float32Array(n * m);
  let paddedAtoms = 0;
  let isolatedAtoms = 0;
  for (let i = 0; i < n; i++) {
    const start = list.offsets[i];
    const count = list.offsets[i + 1] - start;
    for (let k = 0; k < count; k++) {
      neighborIndex[i * m + k] = list.index[start + k];
      neighborDistanceA[i * m + k] = list.distances[start + k];
    }
    if (count < m) {
      paddedAtoms++;
      if (count === 0) isolatedAtoms++;
      // Padding: neighbour index 0 (already zero), distance radius + 1.
      neighborDistanceA.fill(p.paddingDistanceA, i * m + count, (i + 1) * m);
    }
  }
  const warnings: string[] = [];
  if (paddedAtoms > 0) {
    const name = file ? `${file}: ` : '';
    warnings.push(
      `${name}${paddedAtoms} of ${n} atoms have fewer than ${m} neighbours within ${p.radiusA} Å ` +
        `(padded with atom 0 at ${p.paddingDistanceA} Å)` +
        (isolatedAtoms > 0 ? `; ${isolatedAtoms} have none at all` : ''),
    );
  }
  return {
    numAtoms: n,
    atomFeatureLength: f,
    atomFeatures,
    maxNeighbors: m,
    neighborIndex,
    neighborDistanceA,
    paddedAtoms,
    isolatedAtoms,
    warnings,
  };
}
