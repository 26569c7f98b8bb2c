/**
 * Merging equivalent atoms of a crystal graph for inference.
 *
 * A message-passing network computes an atom's features after L layers from its own features and the
 * features and distances of its neighbours, L hops deep. Atoms that colour refinement (the 1-dimensional
 * Weisfeiler-Lehman test) cannot tell apart after L rounds therefore get the same features after L layers.
 * Here the colours start from the atom feature rows and each round adds the multiset of (distance, colour of
 * the neighbour) over the atom's neighbour list. Distances are compared as exact float32 values, so
 * symmetry-equivalent atoms merge whenever their computed distances agree to the last bit (most do in
 * practice), and no tolerance can merge atoms that differ.
 *
 * The merged graph has one node per class. A node keeps its first atom's neighbour list with each neighbour
 * replaced by that neighbour's class, and `atomRows` maps every atom back to its node, so mean pooling over
 * the atoms (gathering node rows back) gives what the full graph gives. The outputs of an eval-mode network
 * agree with the full graph to float32 rounding (the neighbour sums of tied distances may be added in
 * another order). Training must use full graphs: batch statistics count every atom.
 *
 * Edges of a node to the same neighbour node at the same distance are then the same computation too; they
 * are folded into one edge whose weight is their count (FoldedEdges), which the convolution's neighbour sum
 * multiplies by.
 */
import type { CrystalGraph } from './crystal-graph.js';

export interface MergedGraph {
  /** One node per class of equivalent atoms (numAtoms = number of classes). */
  graph: CrystalGraph;
  /** For each atom of the original graph, its node in `graph`. */
  atomRows: Int32Array;
  /** Atoms in the original graph. */
  numAtoms: number;
  /** The edges of `graph` with identical ones folded into one (see FoldedEdges). */
  edges: FoldedEdges;
}

/**
 * A node's edges to the same neighbour node at the same distance are the same computation: they are kept
 * once (in the order of first appearance) with their count as weight, which the network's neighbour sum
 * multiplies by. Node i's edges are offsets[i] .. offsets[i+1]-1.
 */
export interface FoldedEdges {
  offsets: Int32Array;
  neighborIndex: Int32Array;
  neighborDistanceA: Float32Array;
  weight: Float32Array;
}

/**
 * Merge atoms that are equivalent for `rounds` message-passing layers (the number of convolutions of the
 * network that will read the graph). Returns the graph unchanged (with the identity map) when no two atoms
 * are equivalent.
 */
export function mergeEquivalentAtoms(g: CrystalGraph, rounds: number): MergedGraph {
  const n = g.numAtoms;
  const identity = (): MergedGraph => ({
    graph: g,
    atomRows: Int32Array.from({ length: n }, (_, i) => i),
    numAtoms: n,
    edges: foldEdges(g),
  });
  if (n <= 1 || rounds < 0) return identity();
  let { col, classes } = initialColours(g);
  for (let r = 0; r < rounds && classes < n; r++) {
    const next = refine(g, col);
    col = next.col;
    if (next.classes === classes) break; // stable: further rounds split nothing
    classes = next.classes;
  }
  if (classes === n) return identity();
  const graph = mergedGraph(g, col, classes);
  return { graph, atomRows: col, numAtoms: n, edges: foldEdges(graph) };
}

/** Fold each node's repeated (neighbour, exact distance) edges into one weighted edge. */
export function foldEdges(g: CrystalGraph): FoldedEdges {
  const n = g.numAtoms;
  const m = g.maxNeighbors;
  const dist = new Uint32Array(g.neighborDistanceA.buffer, g.neighborDistanceA.byteOffset, n * m);
  const offsets = new Int32Array(n + 1);
  const keep = new Int32Array(n * m); // original edge of each kept edge
  const weight = new Float32Array(n * m);
  let E = 0;
  for (let i = 0; i < n; i++) {
    const first = E;
    for (let k = i * m; k < (i + 1) * m; k++) {
      let f = first;
      while (f < E && !(g.neighborIndex[keep[f]] === g.neighborIndex[k] && dist[keep[f]] === dist[k])) f++;
      if (f < E) weight[f]++;
      else {
        keep[E] = k;
        weight[E++] = 1;
      }
    }
    offsets[i + 1] = E;
  }
  const neighborIndex = new Int32Array(E);
  const neighborDistanceA = new Float32Array(E);
  for (let e = 0; e < E; e++) {
    neighborIndex[e] = g.neighborIndex[keep[e]];
    neighborDistanceA[e] = g.neighborDistanceA[keep[e]];
  }
  return { offsets, neighborIndex, neighborDistanceA, weight: weight.slice(0, E) };
}

/** A class per atom, numbered by first appearance, and the number of classes. */
interface Colouring {
  col: Int32Array;
  classes: number;
}

/** Classes of equal atom feature rows, numbered by first appearance. */
function initialColours(g: CrystalGraph): Colouring {
  const f = g.atomFeatureLength;
  const bits = new Uint32Array(g.atomFeatures.buffer, g.atomFeatures.byteOffset, g.numAtoms * f);
  return classify(g.numAtoms, f, (i) => bits.subarray(i * f, (i + 1) * f));
}

/**
 * One refinement round. The signature of atom i is its colour followed by its (distance bits, neighbour
 * colour) pairs sorted by distance and then colour, so the order of equal-distance neighbours in the list
 * does not matter.
 */
function refine(g: CrystalGraph, col: Int32Array): Colouring {
  const n = g.numAtoms;
  const m = g.maxNeighbors;
  const w = 1 + 2 * m;
  const dist = new Uint32Array(g.neighborDistanceA.buffer, g.neighborDistanceA.byteOffset, n * m);
  const sig = new Uint32Array(n * w);
  for (let i = 0; i < n; i++) {
    const s = i * w;
    sig[s] = col[i];
    // Insertion sort of the pairs (lists come sorted by distance, so this is nearly free).
    let len = 0;
    for (let k = 0; k < m; k++) {
      const d = dist[i * m + k]; // non-negative floats: bit order is numeric order
      const c = col[g.neighborIndex[i * m + k]];
      let p = len;
      while (p > 0) {
        const pd = sig[s + 1 + 2 * (p - 1)];
        const pc = sig[s + 2 + 2 * (p - 1)];
        if (pd < d || (pd === d && pc <= c)) break;
        sig[s + 1 + 2 * p] = pd;
        sig[s + 2 + 2 * p] = pc;
        p--;
      }
      sig[s + 1 + 2 * p] = d;
      sig[s + 2 + 2 * p] = c;
      len++;
    }
  }
  return classify(n, w, (i) => sig.subarray(i * w, (i + 1) * w));
}

/** Number rows by first appearance of equal contents: hash, then exact comparison within a bucket. */
function classify(n: number, width: number, row: (i: number) => Uint32Array): Colouring {
  const col = new Int32Array(n);
  const buckets = new Map<number, number[]>(); // hash -> representative atoms of the classes with that hash
  let classes = 0;
  for (let i = 0; i < n; i++) {
    const r = row(i);
    const h = hashRow(r);
    let list = buckets.get(h);
    if (!list) buckets.set(h, (list = []));
    let found = -1;
    for (const a of list)
      if (sameRow(row(a), r, width)) {
        found = col[a];
        break;
      }
    if (found < 0) {
      found = classes++;
      list.push(i);
    }
    col[i] = found;
  }
  return { col, classes };
}

function hashRow(r: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < r.length; k++) h = Math.imul(h ^ r[k], 0x01000193) >>> 0;
  return h;
}

function sameRow(a: Uint32Array, b: Uint32Array, width: number): boolean {
  for (let k = 0; k < width; k++) if (a[k] !== b[k]) return false;
  return true;
}

function mergedGraph(g: CrystalGraph, col: Int32Array, classes: number): CrystalGraph {
  const f = g.atomFeatureLength;
  const m = g.maxNeighbors;
  const rep = new Int32Array(classes).fill(-1);
  for (let i = 0; i < g.numAtoms; i++) if (rep[col[i]] < 0) rep[col[i]] = i;
  const atomFeatures = new Float32Array(classes * f);
  const neighborIndex = new Int32Array(classes * m);
  const neighborDistanceA = new Float32Array(classes * m);
  for (let c = 0; c < classes; c++) {
    const a = rep[c];
    atomFeatures.set(g.atomFeatures.subarray(a * f, (a + 1) * f), c * f);
    neighborDistanceA.set(g.neighborDistanceA.subarray(a * m, (a + 1) * m), c * m);
    for (let k = 0; k < m; k++) neighborIndex[c * m + k] = col[g.neighborIndex[a * m + k]];
  }
  return {
    ...g,
    numAtoms: classes,
    atomFeatures,
    neighborIndex,
    neighborDistanceA,
  };
}
