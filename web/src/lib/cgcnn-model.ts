/**
 * A CGCNN regression network (Xie & Grossman, PRL 120, 145301 (2018); the reference cgcnn/model.py
 * CrystalGraphConvNet with n_h = 1) on the xtal engine: Linear(92→F) embedding, n_conv fused CGCNN
 * convolutions (engine op cgcnnConv), mean pooling over each crystal's atoms, softplus → Linear(F→H) →
 * softplus → Linear(H→1). Exports its weights under the reference state_dict names in safetensors with
 * the reference's `args` and `normalizer` metadata.
 */
import {
  Rng,
  cgcnnConv,
  noGrad,
  parameter,
  segmentMean,
  softplus,
  tensor,
  tidy,
  type CgcnnConvParams,
  type Tensor,
} from './engine.js';
import { Dense } from './nets.js';
import type { GraphBatch } from '../../../src/graph/batch.js';
import { encodeSafetensors, type NamedTensor } from '../../../src/nn/safetensors.js';

export interface CgcnnConfig {
  origAtomFeaLen: number;
  nbrFeaLen: number;
  atomFeaLen: number;
  hFeaLen: number;
  nConv: number;
  seed?: number;
}

export interface BatchTensors {
  atoms: Tensor;
  edges: Tensor;
  graph: { nbr: Int32Array; offsets: Int32Array };
  crystals: { offsets: Int32Array };
  numCrystals: number;
}

/** Engine tensors of a graph batch (edges in CSR order: atom i owns edges i·M … i·M + M − 1). */
export function batchTensors(b: GraphBatch): BatchTensors {
  const M = b.maxNeighbors;
  const offsets = new Int32Array(b.numAtoms + 1);
  for (let i = 0; i <= b.numAtoms; i++) offsets[i] = i * M;
  return {
    atoms: tensor(b.atomFeatures, [b.numAtoms, b.atomFeatureLength]),
    edges: tensor(b.edgeFeatures, [b.numAtoms * M, b.edgeFeatureLength]),
    graph: { nbr: b.neighborIndex, offsets },
    crystals: { offsets: b.crystalOffsets },
    numCrystals: b.numCrystals,
  };
}

export class CgcnnNet {
  readonly embedding: Dense;
  readonly convs: CgcnnConvParams[] = [];
  readonly convToFc: Dense;
  readonly fcOut: Dense;
  /** Atom features after the embedding and after each convolution, from the last forward pass. */
  layerOutputs: Tensor[] = [];

  constructor(readonly cfg: CgcnnConfig) {
    const rng = new Rng(cfg.seed ?? 123);
    const F = cfg.atomFeaLen;
    const B = cfg.nbrFeaLen;
    this.embedding = new Dense(cfg.origAtomFeaLen, F, rng);
    for (let k = 0; k < cfg.nConv; k++) {
      const nIn = 2 * F + B;
      const bound = 1 / Math.sqrt(nIn);
      const keepStat = (t: Tensor) => {
        t.requiresGrad = false;
        return t;
      };
      this.convs.push({
        weight: parameter([2 * F, nIn], () => rng.range(-bound, bound)),
        bias: parameter([2 * F], () => rng.range(-bound, bound)),
        bn1Gamma: parameter([2 * F], () => 1),
        bn1Beta: parameter([2 * F]),
        bn1RunningMean: keepStat(parameter([2 * F])),
        bn1RunningVar: keepStat(parameter([2 * F], () => 1)),
        bn2Gamma: parameter([F], () => 1),
        bn2Beta: parameter([F]),
        bn2RunningMean: keepStat(parameter([F])),
        bn2RunningVar: keepStat(parameter([F], () => 1)),
      });
    }
    this.convToFc = new Dense(F, cfg.hFeaLen, rng);
    this.fcOut = new Dense(cfg.hFeaLen, 1, rng);
  }

  forward(b: BatchTensors, training: boolean, keepLayers = false): Tensor {
    let v = this.embedding.forward(b.atoms);
    this.layerOutputs = keepLayers ? [v] : [];
    for (const p of this.convs) {
      v = cgcnnConv(v, b.edges, b.graph, p, { training });
      if (keepLayers) this.layerOutputs.push(v);
    }
    const crys = segmentMean(v, b.crystals);
    const h = softplus(this.convToFc.forward(softplus(crys)));
    return this.fcOut.forward(h);
  }

  params(): Tensor[] {
    return [
      ...this.embedding.params(),
      ...this.convs.flatMap((c) => [c.weight, c.bias, c.bn1Gamma, c.bn1Beta, c.bn2Gamma, c.bn2Beta]),
      ...this.convToFc.params(),
      ...this.fcOut.params(),
    ];
  }

  /** Weights under the reference implementation's state_dict names and layouts ([out, in] for linears). */
  stateDict(): Map<string, NamedTensor> {
    const m = new Map<string, NamedTensor>();
    const linear = (name: string, d: Dense) => {
      const W = d.W.data;
      const t = new Float32Array(d.nIn * d.nOut);
      for (let i = 0; i < d.nIn; i++) for (let o = 0; o < d.nOut; o++) t[o * d.nIn + i] = W[i * d.nOut + o];
      m.set(`${name}.weight`, { shape: [d.nOut, d.nIn], data: t });
      m.set(`${name}.bias`, { shape: [d.nOut], data: Float32Array.from(d.b.data) });
    };
    const vec = (name: string, x: Tensor) =>
      m.set(name, { shape: [x.size], data: Float32Array.from(x.data) });
    linear('embedding', this.embedding);
    this.convs.forEach((c, k) => {
      m.set(`convs.${k}.fc_full.weight`, {
        shape: c.weight.shape.slice(),
        data: Float32Array.from(c.weight.data),
      });
      vec(`convs.${k}.fc_full.bias`, c.bias);
      vec(`convs.${k}.bn1.weight`, c.bn1Gamma);
      vec(`convs.${k}.bn1.bias`, c.bn1Beta);
      vec(`convs.${k}.bn1.running_mean`, c.bn1RunningMean);
      vec(`convs.${k}.bn1.running_var`, c.bn1RunningVar);
      vec(`convs.${k}.bn2.weight`, c.bn2Gamma);
      vec(`convs.${k}.bn2.bias`, c.bn2Beta);
      vec(`convs.${k}.bn2.running_mean`, c.bn2RunningMean);
      vec(`convs.${k}.bn2.running_var`, c.bn2RunningVar);
    });
    linear('conv_to_fc', this.convToFc);
    linear('fc_out', this.fcOut);
    return m;
  }

  /** A safetensors file: reference names, `args` and `normalizer` metadata, plus xtal's own notes. */
  toSafetensors(normalizer: { mean: number; std: number }, extra: Record<string, unknown> = {}): Uint8Array {
    const args = {
      n_conv: this.cfg.nConv,
      atom_fea_len: this.cfg.atomFeaLen,
      h_fea_len: this.cfg.hFeaLen,
      n_h: 1,
      task: 'regression',
      orig_atom_fea_len: this.cfg.origAtomFeaLen,
      nbr_fea_len: this.cfg.nbrFeaLen,
    };
    return encodeSafetensors(this.stateDict(), {
      args: JSON.stringify(args),
      normalizer: JSON.stringify(normalizer),
      xtal: JSON.stringify({ format: 'cgcnn-safetensors', trainedIn: 'xtal lab', ...extra }),
    });
  }
}

/** Mean cosine distance between pairs of atom feature vectors within each crystal (MAD; oversmoothing → 0). */
export function meanAverageDistance(
  features: Float32Array,
  width: number,
  crystalOffsets: Int32Array,
): number {
  let total = 0;
  let pairs = 0;
  for (let c = 0; c + 1 < crystalOffsets.length; c++) {
    const a0 = crystalOffsets[c];
    const a1 = Math.min(crystalOffsets[c + 1], a0 + 24);
    for (let i = a0; i < a1; i++)
      for (let j = i + 1; j < a1; j++) {
        let dot = 0;
        let ni = 0;
        let nj = 0;
        for (let k = 0; k < width; k++) {
          const x = features[i * width + k];
          const y = features[j * width + k];
          dot += x * y;
          ni += x * x;
          nj += y * y;
        }
        total += 1 - dot / Math.sqrt(ni * nj + 1e-30);
        pairs++;
      }
  }
  return pairs ? total / pairs : NaN;
}

export function predictBatch(net: CgcnnNet, b: BatchTensors): Float32Array {
  return noGrad(() => tidy(() => Float32Array.from(net.forward(b, false).data)));
}
