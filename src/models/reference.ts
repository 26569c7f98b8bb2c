/**
 * Models trained by the reference CGCNN implementation, as users bring them: PyTorch checkpoints
 * (`*.pth.tar`, legacy or zip) or their safetensors copies (hyperparameters in `__metadata__.args`, the target
 * normaliser in `__metadata__.normalizer`). Atom features come from the `atom_init.json` next to the file,
 * or from an explicit file: a model must see the features it was trained with.
 */
import { readFileSync } from 'node:fs';
import { XtalInputError } from '../errors.js';
import type { AtomFeaturizer } from '../elements/featurizer.js';
import { findAtomFeaturesNear, readAtomFeaturesFile } from '../elements/feature-files.js';
import { decodeSafetensors } from '../nn/safetensors.js';
import { loadStateDict, type StoredTensor } from '../nn/state-dict.js';
import { CrystalGraphConvNet, type CgcnnConfig } from './cgcnn.js';
import { isTorchCheckpoint, isTorchTensor, loadTorchCheckpoint, namespaceArgs, stateDictTensors } from './torch/checkpoint.js';

export interface Normalizer {
  mean: number;
  std: number;
}

export interface ReferenceModel {
  model: CrystalGraphConvNet;
  /** Maps normalised outputs back to target units (regression); null for classification. */
  normalizer: Normalizer | null;
  featurizer: AtomFeaturizer;
  /** The hyperparameters saved with the model. */
  args: Record<string, unknown>;
  source: string;
}

interface RawModel {
  tensors: Map<string, StoredTensor>;
  args: Record<string, unknown>;
  normalizer: Normalizer | null;
}

export function readReferenceWeights(path: string): RawModel {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new XtalInputError(`cannot read model file (${(err as NodeJS.ErrnoException).code ?? err})`, { file: path });
  }
  if (path.endsWith('.safetensors')) return fromSafetensors(bytes, path);
  if (isTorchCheckpoint(bytes)) return fromTorch(bytes, path);
  throw new XtalInputError('not a CGCNN model: expected a .pth.tar PyTorch checkpoint or a .safetensors file', { file: path });
}

function fromSafetensors(bytes: Uint8Array, file: string): RawModel {
  const st = decodeSafetensors(bytes, file);
  const args = parseJsonMeta(st.metadata.args, 'args', file) ?? {};
  const norm = parseJsonMeta(st.metadata.normalizer, 'normalizer', file);
  return { tensors: st.tensors, args, normalizer: norm ? toNormalizer(norm, file) : null };
}

function fromTorch(bytes: Uint8Array, file: string): RawModel {
  const ck = loadTorchCheckpoint(bytes, file);
  if (!(ck instanceof Map) || !ck.has('state_dict')) {
    throw new XtalInputError('PyTorch file without a state_dict: not a CGCNN checkpoint', { file });
  }
  const args = namespaceArgs(ck.get('args')) ?? {};
  const n = ck.get('normalizer');
  let normalizer: Normalizer | null = null;
  if (n instanceof Map) {
    const v = (k: string): number => {
      const t = n.get(k);
      return isTorchTensor(t) ? Number(t.data[0]) : Number(t);
    };
    normalizer = toNormalizer({ mean: v('mean'), std: v('std') }, file);
  }
  return { tensors: stateDictTensors(ck.get('state_dict'), file), args, normalizer };
}

function parseJsonMeta(text: string | undefined, key: string, file: string): Record<string, unknown> | null {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new XtalInputError(`metadata "${key}" is not valid JSON`, { file, field: `__metadata__.${key}` });
  }
}

function toNormalizer(o: Record<string, unknown>, file: string): Normalizer {
  const mean = Number(o.mean);
  const std = Number(o.std);
  if (!Number.isFinite(mean) || !(std > 0)) throw new XtalInputError('normalizer needs a finite mean and a positive std', { file, field: 'normalizer' });
  return { mean, std };
}

/** The network shape implied by the weights and saved arguments. */
export function configFromWeights(raw: RawModel, file: string): Partial<CgcnnConfig> {
  const shape = (k: string): readonly number[] => {
    const t = raw.tensors.get(k);
    if (!t) throw new XtalInputError(`weights have no "${k}": not a CGCNN model`, { file, field: k });
    return t.shape;
  };
  const [atomFeaLen, origAtomFeaLen] = shape('embedding.weight');
  const fc = shape('convs.0.fc_full.weight');
  let nConv = 0;
  while (raw.tensors.has(`convs.${nConv}.fc_full.weight`)) nConv++;
  let nH = 1;
  while (raw.tensors.has(`fcs.${nH - 1}.weight`)) nH++;
  const [nOut, hFeaLen] = shape('fc_out.weight');
  const task = raw.args.task === 'classification' ? 'classification' : 'regression';
  return {
    origAtomFeaLen,
    atomFeaLen,
    nbrFeaLen: fc[1] - 2 * atomFeaLen,
    nConv,
    nH,
    hFeaLen,
    task,
    nOut: task === 'classification' ? 1 : nOut,
  };
}

export function loadReferenceModel(path: string, options: { atomFeatures?: string } = {}): ReferenceModel {
  const raw = readReferenceWeights(path);
  const model = new CrystalGraphConvNet(configFromWeights(raw, path));
  loadStateDict(model, raw.tensors, { strict: true, file: path });
  model.eval();
  const featuresPath = options.atomFeatures ?? findAtomFeaturesNear(path);
  if (!featuresPath) {
    throw new XtalInputError(
      'no atom_init.json next to the model: pass the atom features it was trained with (--atom-features FILE)',
      { file: path },
    );
  }
  const featurizer = readAtomFeaturesFile(featuresPath);
  if (featurizer.length !== model.config.origAtomFeaLen) {
    throw new XtalInputError(
      `atom features have ${featurizer.length} values per element but the model expects ${model.config.origAtomFeaLen}`,
      { file: featuresPath },
    );
  }
  return { model, normalizer: model.config.task === 'regression' ? raw.normalizer : null, featurizer, args: raw.args, source: path };
}
