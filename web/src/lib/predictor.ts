/**
 * Predictions in the page with CGCNN models in the reference safetensors layout (state_dict names of
 * cgcnn/model.py, `args` and `normalizer` metadata): the models shipped with the lab (listed in
 * models.json by the build) or a file the student loads (e.g. one trained on the training page).
 * Graphs are built by xtal's buildCrystalGraph (8 Å, 12 neighbours), as the command line does.
 */
import { decodeSafetensors, metadataJson } from '../../../src/nn/safetensors.js';
import { buildCrystalGraph } from '../../../src/graph/crystal-graph.js';
import { batchGraphs } from '../../../src/graph/batch.js';
import { cgcnnAtomFeaturizer } from '../../../src/elements/cgcnn-features.js';
import type { Structure } from '../../../src/structure/structure.js';
import { CgcnnNet, batchTensors, predictBatch } from './cgcnn-model.js';
import { tidy, type Tensor } from './engine.js';
import type { Predictor } from './shipped-models.js';

export interface LoadedModel {
  name: string;
  /** What it predicts, e.g. "log10 K" (from the file's metadata or name). */
  target: string;
  net: CgcnnNet;
  normalizer: { mean: number; std: number };
}

interface CgcnnArgs {
  n_conv: number;
  atom_fea_len: number;
  h_fea_len: number;
  n_h?: number;
  orig_atom_fea_len?: number;
  nbr_fea_len?: number;
}

function copyInto(t: Tensor, data: Float32Array, name: string, transpose?: [number, number]): void {
  if (data.length !== t.size)
    throw new Error(`${name}: ${data.length} values, the network expects ${t.size}`);
  if (!transpose) {
    t.data.set(data);
    return;
  }
  const [rows, cols] = transpose; // stored [rows = out, cols = in]; engine layout [in, out]
  for (let o = 0; o < rows; o++) for (let i = 0; i < cols; i++) t.data[i * rows + o] = data[o * cols + i];
}

/** Reads a CGCNN regression model from safetensors bytes. Throws with a clear message on other files. */
export function modelFromSafetensors(bytes: Uint8Array, name: string): LoadedModel {
  const st = decodeSafetensors(bytes, name);
  const args = metadataJson<CgcnnArgs>(st, 'args', name);
  const normalizer = metadataJson<{ mean: number; std: number }>(st, 'normalizer', name);
  if ((args.n_h ?? 1) !== 1)
    throw new Error(`${name}: only n_h = 1 networks are supported (got ${args.n_h})`);
  const get = (k: string) => {
    const t = st.tensors.get(k);
    if (!t) throw new Error(`${name}: tensor ${k} missing (not a CGCNN regression model?)`);
    return t.data;
  };
  const F = args.atom_fea_len;
  const emb = st.tensors.get('embedding.weight');
  const orig = args.orig_atom_fea_len ?? emb?.shape[1] ?? 92;
  const net = new CgcnnNet({
    origAtomFeaLen: orig,
    nbrFeaLen: args.nbr_fea_len ?? 41,
    atomFeaLen: F,
    hFeaLen: args.h_fea_len,
    nConv: args.n_conv,
  });
  copyInto(net.embedding.W, get('embedding.weight'), 'embedding.weight', [F, orig]);
  copyInto(net.embedding.b, get('embedding.bias'), 'embedding.bias');
  net.convs.forEach((c, k) => {
    const p = `convs.${k}.`;
    copyInto(c.weight, get(p + 'fc_full.weight'), p + 'fc_full.weight');
    copyInto(c.bias, get(p + 'fc_full.bias'), p + 'fc_full.bias');
    copyInto(c.bn1Gamma, get(p + 'bn1.weight'), p + 'bn1.weight');
    copyInto(c.bn1Beta, get(p + 'bn1.bias'), p + 'bn1.bias');
    copyInto(c.bn1RunningMean, get(p + 'bn1.running_mean'), p + 'bn1.running_mean');
    copyInto(c.bn1RunningVar, get(p + 'bn1.running_var'), p + 'bn1.running_var');
    copyInto(c.bn2Gamma, get(p + 'bn2.weight'), p + 'bn2.weight');
    copyInto(c.bn2Beta, get(p + 'bn2.bias'), p + 'bn2.bias');
    copyInto(c.bn2RunningMean, get(p + 'bn2.running_mean'), p + 'bn2.running_mean');
    copyInto(c.bn2RunningVar, get(p + 'bn2.running_var'), p + 'bn2.running_var');
  });
  copyInto(net.convToFc.W, get('conv_to_fc.weight'), 'conv_to_fc.weight', [args.h_fea_len, F]);
  copyInto(net.convToFc.b, get('conv_to_fc.bias'), 'conv_to_fc.bias');
  copyInto(net.fcOut.W, get('fc_out.weight'), 'fc_out.weight', [1, args.h_fea_len]);
  copyInto(net.fcOut.b, get('fc_out.bias'), 'fc_out.bias');
  let target = /bulk/i.test(name) ? 'log10 K' : /shear/i.test(name) ? 'log10 G' : 'target';
  try {
    const x = metadataJson<{ target?: string }>(st, 'xtal', name);
    if (x.target) target = x.target;
  } catch {
    // no xtal metadata: keep the guess from the name
  }
  return { name, target, net, normalizer };
}

/** Predictions (in target units) of one model for several structures. */
export function predict(model: LoadedModel, structures: Structure[]): number[] {
  const feat = cgcnnAtomFeaturizer();
  const graphs = structures.map((s) => buildCrystalGraph(s, feat, { radiusA: 8, maxNeighbors: 12 }));
  const out: number[] = [];
  for (let k = 0; k < graphs.length; k += 32) {
    const part = graphs.slice(k, k + 32);
    const y = tidy(() => predictBatch(model.net, batchTensors(batchGraphs(part))));
    for (const v of y) out.push(v * model.normalizer.std + model.normalizer.mean);
  }
  return out;
}

/** An uploaded network as a Predictor (one member, one target). */
export function asPredictor(m: LoadedModel): Predictor {
  return {
    name: m.name,
    targets: [m.target],
    members: 1,
    predict: (structures) => {
      const v = predict(m, structures);
      return { mean: v.map((x) => [x]), std: v.map(() => [0]) };
    },
  };
}
