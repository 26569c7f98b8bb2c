/**
 * Running a CGCNN on structures: graphs are built with the model's own atom features and graph parameters,
 * batched, and pushed through the network without gradients. Outputs are in target units (the normaliser
 * applied) for regression, and the probability of class 1 for classification.
 */
import { noGrad, tidy } from '../engine/index.js';
import type { AtomFeaturizer } from '../elements/featurizer.js';
import { batchGraphs, batchMergedGraphs } from '../graph/batch.js';
import { mergeEquivalentAtoms } from '../graph/merge.js';
import { buildCrystalGraph, type CrystalGraph, type CrystalGraphOptions } from '../graph/crystal-graph.js';
import type { Structure } from '../structure/structure.js';
import { cgcnnInputs, type CgcnnInputs, type CrystalGraphConvNet } from './cgcnn.js';

export interface Predictable {
  model: CrystalGraphConvNet;
  normalizer: { mean: number; std: number } | { mean: number[]; std: number[] } | null;
  featurizer: AtomFeaturizer;
  graph?: CrystalGraphOptions;
}

/**
 * The network inputs for some graphs (atoms, Gaussian-expanded edges, CSR graph), built once and reusable.
 * They are engine tensors: create them inside `tidy` (or dispose them) so their memory is released.
 */
export function graphInputs(graphs: CrystalGraph[], graphOptions: CrystalGraphOptions = {}, merge: MergeOptions = {}): CgcnnInputs {
  const opts = { dminA: graphOptions.dminA, stepA: graphOptions.stepA, radiusA: graphOptions.radiusA };
  if (merge.rounds === undefined) return cgcnnInputs(batchGraphs(graphs, opts));
  const rounds = merge.rounds;
  return cgcnnInputs(
    batchMergedGraphs(
      graphs.map((g) => mergeEquivalentAtoms(g, rounds)),
      opts,
    ),
  );
}

export interface MergeOptions {
  /**
   * Merge atoms that are equivalent for this many message-passing layers (graph/merge.ts): at least the
   * number of convolutions of every network that reads the inputs, and only for eval-mode networks.
   * Undefined: full graphs.
   */
  rounds?: number;
}

/** Raw network outputs: [numCrystals][nOut], normalised units (or log-probabilities). */
export function forwardInputs(model: CrystalGraphConvNet, inputs: CgcnnInputs): number[][] {
  return noGrad(() =>
    tidy(() => {
      const out = model.forward(inputs).crystal;
      const k = out.shape[1];
      const d = out.data;
      return Array.from({ length: out.shape[0] }, (_, c) => Array.from(d.subarray(c * k, (c + 1) * k)));
    }),
  );
}

/** Raw network outputs for ready graphs: [numCrystals][nOut], normalised units (or log-probabilities). */
export function forwardGraphs(model: CrystalGraphConvNet, graphs: CrystalGraph[], graphOptions: CrystalGraphOptions = {}): number[][] {
  // Inside tidy, so the batch tensors are released with the outputs.
  return tidy(() => forwardInputs(model, graphInputs(graphs, graphOptions)));
}

/** Outputs in target units from raw outputs (normaliser applied; class-1 probability for classification). */
export function toTargetUnits(p: Predictable, raw: number[][]): number[][] {
  if (p.model.config.task === 'classification') return raw.map((r) => [Math.exp(r[1])]);
  const n = p.normalizer;
  if (!n) return raw;
  return raw.map((r) =>
    r.map((v, j) => {
      const mean = Array.isArray(n.mean) ? n.mean[j] : n.mean;
      const std = Array.isArray(n.std) ? (n.std as number[])[j] : (n.std as number);
      return v * std + mean;
    }),
  );
}

/** Predictions in target units for each graph: one array of outputs per crystal. */
export function predictGraphs(p: Predictable, graphs: CrystalGraph[]): number[][] {
  return toTargetUnits(p, forwardGraphs(p.model, graphs, p.graph));
}

/** Build graphs and predict, in batches. */
export function predictStructures(p: Predictable, structures: Structure[], batchSize = 256): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < structures.length; i += batchSize) {
    const graphs = structures.slice(i, i + batchSize).map((s) => buildCrystalGraph(s, p.featurizer, p.graph));
    out.push(...predictGraphs(p, graphs));
  }
  return out;
}
