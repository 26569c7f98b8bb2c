/**
 * Batching of crystal graphs into one flat set of arrays (as cgcnn/data.py collate_pool does): atoms of all
 * crystals concatenated, neighbour indices shifted to global atom numbers (padding included, so a padded
 * entry points at its crystal's first atom), edge distances expanded into Gaussian features, and
 * crystalOffsets marking where each crystal's atoms start.
 */
import type { CrystalGraph } from './crystal-graph.js';
import type { MergedGraph } from './merge.js';
import { gaussianBasis, gaussianExpand, type GaussianOptions } from './gaussian.js';

export interface GraphBatch {
  numAtoms: number;
  numCrystals: number;
  atomFeatureLength: number;
  maxNeighbors: number;
  /** Gaussian features per edge. */
  edgeFeatureLength: number;
  /** numAtoms × atomFeatureLength. */
  atomFeatures: Float32Array;
  /** numAtoms × maxNeighbors global atom indices. */
  neighborIndex: Int32Array;
  /** numAtoms × maxNeighbors distances (Å). */
  neighborDistanceA: Float32Array;
  /** numAtoms × maxNeighbors × edgeFeatureLength (empty when edge expansion is turned off). */
  edgeFeatures: Float32Array;
  /** numCrystals + 1: atoms of crystal c are [crystalOffsets[c], crystalOffsets[c+1]). */
  crystalOffsets: Int32Array;
  /**
   * Set for batches of merged graphs (see merge.ts): the rows (numAtoms of them) are classes of equivalent
   * atoms, atom a of the batch is row atomRows[a], and crystalOffsets count atoms, not rows.
   */
  atomRows?: Int32Array;
  /**
   * Set for batches of merged graphs: row i's edges are edgeOffsets[i] .. edgeOffsets[i+1]-1 (neighborIndex,
   * neighborDistanceA and edgeFeatures then hold edgeOffsets[numAtoms] edges, not numAtoms x maxNeighbors),
   * and edgeWeight gives each edge's multiplicity in the neighbour sum.
   */
  edgeOffsets?: Int32Array;
  edgeWeight?: Float32Array;
}

export interface BatchOptions extends GaussianOptions {
  /** Expand edge features (default true); false leaves edgeFeatures empty. */
  expandEdges?: boolean;
}

export function batchGraphs(graphs: readonly CrystalGraph[], options: BatchOptions = {}): GraphBatch {
  checkSameShape(graphs);
  const f = graphs[0].atomFeatureLength;
  const m = graphs[0].maxNeighbors;
  const crystalOffsets = new Int32Array(graphs.length + 1);
  graphs.forEach((g, c) => (crystalOffsets[c + 1] = crystalOffsets[c] + g.numAtoms));
  const numAtoms = crystalOffsets[graphs.length];
  const atomFeatures = new Float32Array(numAtoms * f);
  const neighborIndex = new Int32Array(numAtoms * m);
  const neighborDistanceA = new Float32Array(numAtoms * m);
  graphs.forEach((g, c) => {
    const base = crystalOffsets[c];
    atomFeatures.set(g.atomFeatures.subarray(0, g.numAtoms * f), base * f);
    neighborDistanceA.set(g.neighborDistanceA.subarray(0, g.numAtoms * m), base * m);
    const src = g.neighborIndex;
    const off = base * m;
    for (let e = 0; e < g.numAtoms * m; e++) neighborIndex[off + e] = src[e] + base;
  });
  const basis = gaussianBasis(options);
  const expand = options.expandEdges ?? true;
  const edgeFeatures = expand ? new Float32Array(numAtoms * m * basis.count) : new Float32Array(0);
  if (expand) gaussianExpand(neighborDistanceA, edgeFeatures, basis);
  return {
    numAtoms,
    numCrystals: graphs.length,
    atomFeatureLength: f,
    maxNeighbors: m,
    edgeFeatureLength: basis.count,
    atomFeatures,
    neighborIndex,
    neighborDistanceA,
    edgeFeatures,
    crystalOffsets,
  };
}

/**
 * Batch merged graphs: the rows are the merged nodes with their folded, weighted edges (variable count per
 * node: edgeOffsets); atomRows and crystalOffsets run over the atoms.
 */
export function batchMergedGraphs(merged: readonly MergedGraph[], options: BatchOptions = {}): GraphBatch {
  checkSameShape(merged.map((x) => x.graph));
  const f = merged[0].graph.atomFeatureLength;
  const m = merged[0].graph.maxNeighbors;
  const nodeOffsets = new Int32Array(merged.length + 1);
  const crystalOffsets = new Int32Array(merged.length + 1);
  let E = 0;
  merged.forEach((x, c) => {
    nodeOffsets[c + 1] = nodeOffsets[c] + x.graph.numAtoms;
    crystalOffsets[c + 1] = crystalOffsets[c] + x.numAtoms;
    E += x.edges.neighborIndex.length;
  });
  const numNodes = nodeOffsets[merged.length];
  const atomFeatures = new Float32Array(numNodes * f);
  const edgeOffsets = new Int32Array(numNodes + 1);
  const neighborIndex = new Int32Array(E);
  const neighborDistanceA = new Float32Array(E);
  const edgeWeight = new Float32Array(E);
  const atomRows = new Int32Array(crystalOffsets[merged.length]);
  let e0 = 0;
  merged.forEach((x, c) => {
    const base = nodeOffsets[c];
    const g = x.graph;
    atomFeatures.set(g.atomFeatures.subarray(0, g.numAtoms * f), base * f);
    const ed = x.edges;
    for (let i = 0; i < g.numAtoms; i++) edgeOffsets[base + i + 1] = e0 + ed.offsets[i + 1];
    neighborDistanceA.set(ed.neighborDistanceA, e0);
    edgeWeight.set(ed.weight, e0);
    for (let k = 0; k < ed.neighborIndex.length; k++) neighborIndex[e0 + k] = ed.neighborIndex[k] + base;
    e0 += ed.neighborIndex.length;
    const off = crystalOffsets[c];
    for (let a = 0; a < x.numAtoms; a++) atomRows[off + a] = base + x.atomRows[a];
  });
  const basis = gaussianBasis(options);
  const edgeFeatures = new Float32Array(E * basis.count);
  gaussianExpand(neighborDistanceA, edgeFeatures, basis);
  return {
    numAtoms: numNodes,
    numCrystals: merged.length,
    atomFeatureLength: f,
    maxNeighbors: m,
    edgeFeatureLength: basis.count,
    atomFeatures,
    neighborIndex,
    neighborDistanceA,
    edgeFeatures,
    crystalOffsets,
    atomRows,
    edgeOffsets,
    edgeWeight,
  };
}

/** A batch needs at least one graph, and all with the same atom feature length and neighbour count. */
function checkSameShape(graphs: readonly CrystalGraph[]): void {
  if (graphs.length === 0) throw new RangeError('cannot batch zero graphs');
  const f = graphs[0].atomFeatureLength;
  const m = graphs[0].maxNeighbors;
  graphs.forEach((g, c) => {
    if (g.atomFeatureLength !== f || g.maxNeighbors !== m)
      throw new RangeError(
        `graph ${c} has ${g.atomFeatureLength} atom features and ${g.maxNeighbors} neighbours; ` +
          `graph 0 has ${f} and ${m}`,
      );
  });
}
