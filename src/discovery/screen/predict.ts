/**
 * The ML step of tier 1 for one chunk of structures: each structure's crystal graph is built once when
 * the bulk and shear models share atom features and graph parameters (twice otherwise), both ensembles
 * predict log10 K and log10 G (first target of each model, in log10 GPa), and a structure whose graph
 * cannot be built becomes an error, never a lost chunk.
 */
import type { AtomFeaturizer } from '../../elements/featurizer.js';
import { buildCrystalGraph, type CrystalGraph, type CrystalGraphOptions } from '../../graph/crystal-graph.js';
import type { EnsemblePrediction } from '../../models/property-model.js';
import type { Structure } from '../../structure/structure.js';
import type { ModuliPrediction } from './tier1.js';

/** What the screen needs from a model: PropertyModel satisfies it; tests may pass a small stand-in. */
export interface ModulusModel {
  readonly name: string;
  readonly featurizer: AtomFeaturizer;
  readonly graphOptions: CrystalGraphOptions;
  predictGraphs(graphs: CrystalGraph[]): EnsemblePrediction;
}

export interface ModuliModels {
  bulk: ModulusModel;
  shear: ModulusModel;
}

/** True when graphs built for one model can be fed to the other. */
export function modelsShareGraphs(a: ModulusModel, b: ModulusModel): boolean {
  return (
    a.featurizer.name === b.featurizer.name &&
    JSON.stringify(a.graphOptions) === JSON.stringify(b.graphOptions)
  );
}

export interface ChunkPrediction {
  /** One per input structure: the prediction, or the error that prevented it. */
  results: Array<{ prediction?: ModuliPrediction; error?: unknown }>;
  /** Graphs built (one per structure when the models share graphs). */
  graphsBuilt: number;
}

/** Predict log10 K and log10 G for a chunk of structures. */
export function predictModuli(models: ModuliModels, structures: Structure[]): ChunkPrediction {
  const shared = modelsShareGraphs(models.bulk, models.shear);
  const results: ChunkPrediction['results'] = structures.map(() => ({}));
  let graphsBuilt = 0;
  const build = (m: ModulusModel, s: Structure, i: number): CrystalGraph | undefined => {
    try {
      graphsBuilt++;
      return buildCrystalGraph(s, m.featurizer, m.graphOptions);
    } catch (err) {
      results[i].error = err;
      return undefined;
    }
  };
  const bulkGraphs = structures.map((s, i) => build(models.bulk, s, i));
  const shearGraphs = shared
    ? bulkGraphs
    : structures.map((s, i) => (results[i].error ? undefined : build(models.shear, s, i)));
  const ok: number[] = [];
  structures.forEach((_, i) => {
    if (!results[i].error && bulkGraphs[i] && shearGraphs[i]) ok.push(i);
  });
  if (ok.length === 0) return { results, graphsBuilt };
  const pb = models.bulk.predictGraphs(ok.map((i) => bulkGraphs[i]!));
  const pg = models.shear.predictGraphs(ok.map((i) => shearGraphs[i]!));
  ok.forEach((i, c) => {
    results[i].prediction = {
      log10BulkMean: pb.mean[c][0],
      log10ShearMean: pg.mean[c][0],
      log10BulkMembers: pb.members.map((m) => m[c][0]),
      log10ShearMembers: pg.members.map((m) => m[c][0]),
    };
  });
  return { results, graphsBuilt };
}
