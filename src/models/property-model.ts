/**
 * A property model as users meet it: one or more CGCNNs (an ensemble, e.g. the k fold models) that share
 * atom features and graph parameters, predicting one or more targets with a mean and a standard deviation
 * over the members (the spread is reported as the uncertainty).
 *
 * On disk (xtal's model directory):
 *   model.json          format, name, task, targets (name, unit, transform), graph parameters, members
 *                       (weights file, network config, target normaliser), training summary and metrics
 *   <member>.safetensors  weights (PyTorch state-dict names)
 *   atom_init.json      the atom features the members were trained with (CGCNN format)
 *   MODEL_CARD.md       data, licence, hyperparameters, metrics, date
 * A reference CGCNN checkpoint (.pth.tar / .safetensors) loads as a one-member model.
 */
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XtalInputError } from '../errors.js';
import type { AtomFeaturizer } from '../elements/featurizer.js';
import { readAtomFeaturesFile, writeAtomFeaturesFile } from '../elements/feature-files.js';
import type { CrystalGraph, CrystalGraphOptions } from '../graph/crystal-graph.js';
import { decodeSafetensors, encodeSafetensors } from '../nn/safetensors.js';
import { loadStateDict } from '../nn/state-dict.js';
import { CrystalGraphConvNet, type CgcnnConfig } from './cgcnn.js';
import { tidy } from '../engine/index.js';
import { forwardInputs, graphInputs, toTargetUnits, type Predictable } from './predict.js';
import { loadReferenceModel } from './reference.js';

export const MODEL_FORMAT = 'xtal-model';
export const MODEL_FORMAT_VERSION = 1;

export interface TargetSpec {
  /** Column name in the training data, e.g. "log10_K". */
  name: string;
  /** Unit of the predicted values, e.g. "log10(GPa)". */
  unit: string;
  /** Transform applied to the data column before training ("log10": the model predicts log10 of it). */
  transform: 'none' | 'log10';
}

export interface MemberSpec {
  weights: string;
  config: CgcnnConfig;
  normalizer: { mean: number[]; std: number[] } | null;
}

export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  version: number;
  name: string;
  task: 'regression' | 'classification';
  targets: TargetSpec[];
  graph: CrystalGraphOptions;
  atomFeatures: string;
  members: MemberSpec[];
  training?: Record<string, unknown>;
  metrics?: Record<string, unknown>;
  created?: string;
}

export interface EnsemblePrediction {
  /** [crystal][target] mean over members, in target units (classification: probability of class 1). */
  mean: number[][];
  /** [crystal][target] standard deviation over members (0 for a single member). */
  std: number[][];
  /** [member][crystal][target]. */
  members: number[][][];
}

export class PropertyModel {
  constructor(
    readonly name: string,
    readonly task: 'regression' | 'classification',
    readonly targets: TargetSpec[],
    readonly featurizer: AtomFeaturizer,
    readonly graphOptions: CrystalGraphOptions,
    readonly members: Predictable[],
    readonly source: string,
    readonly manifest?: ModelManifest,
  ) {}

  /**
   * Ensemble prediction for ready graphs. By default atoms that no member's convolutions can tell apart are
   * merged first (graph/merge.ts): the same predictions to float32 rounding, with less work for crystals
   * that have symmetry. `mergeEquivalentAtoms: false` runs every atom.
   */
  predictGraphs(graphs: CrystalGraph[], options: { mergeEquivalentAtoms?: boolean } = {}): EnsemblePrediction {
    const merge = (options.mergeEquivalentAtoms ?? true) && this.members.every((m) => !m.model.training);
    const rounds = Math.max(...this.members.map((m) => m.model.config.nConv));
    // The members share atom features and graph parameters: batch and expand the edges once for all.
    const members = tidy(() => {
      const inputs = graphInputs(graphs, this.graphOptions, merge ? { rounds } : {});
      return this.members.map((m) => toTargetUnits(m, forwardInputs(m.model, inputs)));
    });
    const nT = members[0][0]?.length ?? this.targets.length;
    const mean: number[][] = [];
    const std: number[][] = [];
    for (let c = 0; c < graphs.length; c++) {
      const mu = new Array<number>(nT).fill(0);
      const sd = new Array<number>(nT).fill(0);
      for (let t = 0; t < nT; t++) {
        let s = 0;
        for (const m of members) s += m[c][t];
        mu[t] = s / members.length;
        let v = 0;
        for (const m of members) v += (m[c][t] - mu[t]) ** 2;
        // Sample standard deviation over the ensemble (n - 1), 0 for one member.
        sd[t] = members.length > 1 ? Math.sqrt(v / (members.length - 1)) : 0;
      }
      mean.push(mu);
      std.push(sd);
    }
    return { mean, std, members };
  }

  /** True if graphs built for `other` can be fed to this model too (same features and graph parameters). */
  sharesGraphsWith(other: PropertyModel): boolean {
    return (
      this.featurizer.name === other.featurizer.name &&
      JSON.stringify(this.graphOptions) === JSON.stringify(other.graphOptions)
    );
  }
}

/** The folder of models shipped with xtal (`models/` at the package root). */
export function shippedModelsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package root not found');
    dir = up;
  }
  return join(dir, 'models');
}

/**
 * Load a model by shipped name ("bulk-modulus"), model directory, or reference checkpoint file
 * (.pth.tar / .safetensors, with `atomFeatures` or an atom_init.json beside it).
 */
export function loadModel(nameOrPath: string, options: { atomFeatures?: string } = {}): PropertyModel {
  const shipped = join(shippedModelsDir(), nameOrPath);
  const path = existsSync(nameOrPath) ? resolve(nameOrPath) : existsSync(join(shipped, 'model.json')) ? shipped : null;
  if (!path) {
    throw new XtalInputError(
      `no model "${nameOrPath}": give a shipped model name (bulk-modulus, shear-modulus), a model folder, or a .pth.tar/.safetensors file`,
      { field: '--model' },
    );
  }
  if (statSync(path).isDirectory()) return loadModelDir(path);
  const ref = loadReferenceModel(path, options);
  const target: TargetSpec = { name: String(ref.args.target ?? 'target'), unit: '', transform: 'none' };
  return new PropertyModel(
    path.replace(/^.*\//, '').replace(/\.(pth\.tar|safetensors)$/, ''),
    ref.model.config.task,
    [target],
    ref.featurizer,
    {},
    [ref],
    path,
  );
}

export function loadModelDir(dir: string): PropertyModel {
  const file = join(dir, 'model.json');
  if (!existsSync(file)) throw new XtalInputError('not a model folder (model.json missing)', { file: dir });
  let m: ModelManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as ModelManifest;
  } catch (err) {
    throw new XtalInputError(`model.json is not valid JSON (${(err as Error).message})`, { file });
  }
  if (m.format !== MODEL_FORMAT) throw new XtalInputError(`not an xtal model (format "${m.format}")`, { file, field: 'format' });
  if (!Array.isArray(m.members) || m.members.length === 0) throw new XtalInputError('model has no members', { file, field: 'members' });
  const featurizer = readAtomFeaturesFile(join(dir, m.atomFeatures));
  const members: Predictable[] = m.members.map((spec) => {
    const model = new CrystalGraphConvNet(spec.config);
    const wfile = join(dir, spec.weights);
    const st = decodeSafetensors(readFileSync(wfile), wfile);
    loadStateDict(model, st.tensors, { strict: true, file: wfile });
    model.eval();
    return { model, normalizer: spec.normalizer, featurizer, graph: m.graph };
  });
  return new PropertyModel(m.name, m.task, m.targets, featurizer, m.graph ?? {}, members, dir, m);
}

/** Write a model folder: manifest, one weights file per member, and the atom features. */
export function saveModelDir(
  dir: string,
  manifest: Omit<ModelManifest, 'format' | 'version' | 'members' | 'atomFeatures'>,
  members: Array<{ name: string; model: CrystalGraphConvNet; normalizer: MemberSpec['normalizer'] }>,
  featurizer: AtomFeaturizer,
): ModelManifest {
  mkdirSync(dir, { recursive: true });
  const specs: MemberSpec[] = members.map((mem) => {
    const weights = `${mem.name}.safetensors`;
    writeFileSync(join(dir, weights), stateDictBytes(mem.model, { name: manifest.name }));
    return { weights, config: mem.model.config, normalizer: mem.normalizer };
  });
  writeAtomFeaturesFile(join(dir, 'atom_init.json'), featurizer);
  const full: ModelManifest = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    ...manifest,
    atomFeatures: 'atom_init.json',
    members: specs,
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(full, null, 2) + '\n');
  return full;
}

/** A module's state dict as safetensors bytes (integer buffers stored as I64). */
export function stateDictBytes(model: CrystalGraphConvNet, metadata: Record<string, string> = {}): Uint8Array {
  const ints = model.integerStateKeys();
  const tensors = new Map(
    [...model.stateDict()].map(([k, t]) => [
      k,
      { shape: t.shape.slice(), data: Float32Array.from(t.data), dtype: ints.has(k) ? ('I64' as const) : ('F32' as const) },
    ]),
  );
  return encodeSafetensors(tensors, metadata);
}
