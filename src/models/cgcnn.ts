/**
 * The crystal graph convolutional neural network (Xie & Grossman, Phys. Rev. Lett. 120, 145301 (2018)),
 * exactly as the reference implementation defines it (cgcnn/model.py; science.md §7):
 *   embedding Linear(92 → F); n_conv gated convolutions (CGConv, fused); mean pooling over each crystal's
 *   atoms; softplus → Linear(F → H) → softplus; [classification: Dropout(0.5)];
 *   (n_h − 1) × [Linear(H → H) → softplus]; Linear(H → n_out) [classification: LogSoftmax].
 * Parameter names follow the reference state dict (embedding.*, convs.k.*, conv_to_fc.*, fcs.k.*, fc_out.*),
 * so reference checkpoints load unchanged. Extensions: several regression targets at once (n_out > 1,
 * one output per property) and an optional per-atom head (atom_out.*) for node-level targets.
 */
import {
  dropout,
  gather,
  logSoftmax,
  segmentMean,
  softplus,
  tensor,
  type CgcnnGraph,
  type Tensor,
} from '../engine/index.js';
import { Rng } from '../engine/random.js';
import { Module, type AnyTensor } from '../nn/module.js';
import { CGConv } from '../nn/layers/cgconv.js';
import { Linear } from '../nn/layers/linear.js';
import { ModuleList } from '../nn/layers/module-list.js';
import type { GraphBatch } from '../graph/batch.js';

export interface CgcnnConfig {
  /** Length of the input atom feature vectors (92 for the reference atom_init.json). */
  origAtomFeaLen: number;
  /** Gaussian edge features per bond (41 for 0..8 Å in 0.2 Å steps). */
  nbrFeaLen: number;
  atomFeaLen: number;
  hFeaLen: number;
  nConv: number;
  nH: number;
  task: 'regression' | 'classification';
  /** Outputs of the crystal head: number of regression targets, or 2 classes. */
  nOut: number;
  /** Per-atom regression outputs (0: no atom head). */
  nAtomOut: number;
  /** Dropout before the hidden layers in classification (reference: 0.5). */
  dropout: number;
}

/** The reference defaults (cgcnn main.py argparse). */
export const CGCNN_DEFAULTS: CgcnnConfig = {
  origAtomFeaLen: 92,
  nbrFeaLen: 41,
  atomFeaLen: 64,
  hFeaLen: 128,
  nConv: 3,
  nH: 1,
  task: 'regression',
  nOut: 1,
  nAtomOut: 0,
  dropout: 0.5,
};

/** A batch ready for the network: flat arrays as tensors, plus the CSR graph the fused op reads. */
export interface CgcnnInputs {
  atomFeatures: AnyTensor;
  edgeFeatures: AnyTensor;
  graph: CgcnnGraph;
  crystalOffsets: Int32Array;
  numCrystals: number;
  /** Merged graphs (graph/merge.ts): the row of each atom; crystalOffsets then count atoms. Eval mode only. */
  atomRows?: Int32Array;
}

/** Wrap a GraphBatch (fixed neighbours per atom, padding included as the reference does) for the network. */
export function cgcnnInputs(batch: GraphBatch): CgcnnInputs {
  const n = batch.numAtoms;
  const m = batch.maxNeighbors;
  let offsets = batch.edgeOffsets;
  if (!offsets) {
    offsets = new Int32Array(n + 1);
    for (let i = 0; i <= n; i++) offsets[i] = i * m;
  }
  return {
    atomFeatures: tensor(batch.atomFeatures, [n, batch.atomFeatureLength]),
    edgeFeatures: tensor(batch.edgeFeatures, [offsets[n], batch.edgeFeatureLength]),
    graph: batch.edgeWeight
      ? { nbr: batch.neighborIndex, offsets, edgeWeight: batch.edgeWeight }
      : { nbr: batch.neighborIndex, offsets },
    crystalOffsets: batch.crystalOffsets,
    numCrystals: batch.numCrystals,
    atomRows: batch.atomRows,
  };
}

export interface CgcnnOutputs {
  /** [numCrystals, nOut]: regression values (normalised units) or class log-probabilities. */
  crystal: AnyTensor;
  /** [numAtoms, nAtomOut] per-atom outputs, when the model has an atom head. */
  atom?: AnyTensor;
  /** [numCrystals, F] pooled crystal features (after the convolutions, before the hidden layers). */
  pooled: AnyTensor;
}

export class CrystalGraphConvNet extends Module<[CgcnnInputs], CgcnnOutputs> {
  readonly className = 'CrystalGraphConvNet';
  readonly config: CgcnnConfig;
  readonly embedding: Linear;
  readonly convs: ModuleList<CGConv>;
  readonly convToFc: Linear;
  readonly fcs: ModuleList<Linear> | null;
  readonly fcOut: Linear;
  readonly atomOut: Linear | null;
  private readonly dropoutRng: Rng;

  constructor(config: Partial<CgcnnConfig> = {}, seed = 0) {
    super();
    const c = { ...CGCNN_DEFAULTS, ...config };
    validateConfig(c);
    this.config = c;
    const rng = new Rng(seed);
    this.dropoutRng = new Rng(seed ^ 0x5bd1e995);
    this.embedding = this.registerModule('embedding', new Linear(c.origAtomFeaLen, c.atomFeaLen, { rng }));
    this.convs = this.registerModule(
      'convs',
      new ModuleList(Array.from({ length: c.nConv }, () => new CGConv(c.atomFeaLen, c.nbrFeaLen, { rng }))),
    );
    this.convToFc = this.registerModule('conv_to_fc', new Linear(c.atomFeaLen, c.hFeaLen, { rng }));
    this.fcs =
      c.nH > 1
        ? this.registerModule(
            'fcs',
            new ModuleList(Array.from({ length: c.nH - 1 }, () => new Linear(c.hFeaLen, c.hFeaLen, { rng }))),
          )
        : null;
    const nOut = c.task === 'classification' ? 2 : c.nOut;
    this.fcOut = this.registerModule('fc_out', new Linear(c.hFeaLen, nOut, { rng }));
    this.atomOut = c.nAtomOut > 0 ? this.registerModule('atom_out', new Linear(c.atomFeaLen, c.nAtomOut, { rng })) : null;
  }

  forward(inp: CgcnnInputs): CgcnnOutputs {
    let x = this.embedding.forward(inp.atomFeatures);
    for (const conv of this.convs.items) x = conv.forward(x, inp.edgeFeatures, inp.graph);
    if (inp.atomRows) {
      // Rows were classes of equivalent atoms: back to one row per atom for the atom head and the pooling.
      if (this.training) throw new Error('merged graphs are for inference: batch statistics need every atom');
      x = gather(x, inp.atomRows);
    }
    const atom = this.atomOut ? this.atomOut.forward(x) : undefined;
    const pooled = segmentMean(x, { offsets: inp.crystalOffsets });
    let h = softplus(this.convToFc.forward(softplus(pooled)));
    if (this.config.task === 'classification') h = dropout(h, this.config.dropout, this.dropoutRng, this.training);
    if (this.fcs) for (const fc of this.fcs.items) h = softplus(fc.forward(h));
    let out = this.fcOut.forward(h);
    if (this.config.task === 'classification') out = logSoftmax(out, -1);
    return { crystal: out, atom, pooled };
  }

  protected getConfig(): Record<string, unknown> {
    return { ...this.config };
  }
}

function validateConfig(c: CgcnnConfig): void {
  const ints: Array<keyof CgcnnConfig> = ['origAtomFeaLen', 'nbrFeaLen', 'atomFeaLen', 'hFeaLen', 'nConv', 'nH', 'nOut'];
  for (const k of ints) {
    const v = c[k] as number;
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`CGCNN ${k} must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(c.nAtomOut) || c.nAtomOut < 0) throw new RangeError(`CGCNN nAtomOut must be ≥ 0`);
  if (c.task !== 'regression' && c.task !== 'classification') throw new RangeError(`unknown task ${c.task}`);
}

export type { Tensor };
