/**
 * Saving and restoring models and training state as safetensors.
 * - A model file holds the state dict under PyTorch's keys (float parameters and buffers in their own
 *   precision, integer buffers as I64) and, in `__metadata__`, the layer config (`xtal.config`) and any
 *   metadata of the caller's (strings; e.g. `normalizer`).
 * - A training checkpoint adds the optimizer's state (tensors under `__optimizer__.state.<i>.<name>`,
 *   hyperparameters and step counts as JSON in `xtal.optimizer`) and the schedule's (`xtal.scheduler`), so
 *   training resumes exactly.
 */
import { Rng } from '../engine/random.js';
import { XtalInputError } from '../errors.js';
import './layers/index.js';
import type { AnyModule, LayerConfig } from './module.js';
import type { Optimizer, OptimizerStateDict, ParamState } from './optim/optimizer.js';
import { layerFromConfig } from './registry.js';
import {
  decodeSafetensors,
  encodeSafetensors,
  type EncodableTensor,
  type NamedTensor,
  type SafetensorsContents,
} from './safetensors.js';
import type { SchedulerStateDict } from './schedules/scheduler.js';
import type { PlateauStateDict } from './schedules/plateau.js';
import type { CompositeStateDict } from './schedules/composite.js';
import { loadStateDict, type LoadReport } from './state-dict.js';

const OPT_PREFIX = '__optimizer__.';

/** Anything with a JSON-able state dict: every schedule (plateau, sequential and chained included). */
export interface StatefulSchedule {
  stateDict(): SchedulerStateDict | PlateauStateDict | CompositeStateDict;
  loadStateDict(s: never): void;
}

export interface CheckpointParts {
  model: AnyModule;
  optimizer?: Optimizer<{ lr: number }>;
  scheduler?: StatefulSchedule;
  /** Extra string metadata (e.g. `normalizer`, `epoch`). */
  metadata?: Record<string, string>;
}

/** The module's state dict as safetensors tensors (float64 modules stay float64). */
export function moduleTensors(model: AnyModule): Map<string, EncodableTensor> {
  const ints = model.integerStateKeys();
  const out = new Map<string, EncodableTensor>();
  for (const [k, t] of model.stateDict()) {
    out.set(k, {
      shape: t.shape.slice(),
      data: t.data,
      dtype: ints.has(k) ? 'I64' : t.data instanceof Float64Array ? 'F64' : 'F32',
    });
  }
  return out;
}

/** Encode a model (and optionally optimizer and schedule state) as one safetensors file. */
export function encodeCheckpoint(parts: CheckpointParts): Uint8Array {
  const tensors = moduleTensors(parts.model);
  const metadata: Record<string, string> = { ...(parts.metadata ?? {}) };
  metadata['xtal.config'] = JSON.stringify(parts.model.toConfig());
  if (parts.optimizer) {
    const sd = parts.optimizer.stateDict();
    const scalars: Record<string, Record<string, number>> = {};
    for (const [i, st] of Object.entries(sd.state)) {
      scalars[i] = {};
      for (const [name, v] of Object.entries(st)) {
        if (typeof v === 'number') scalars[i][name] = v;
        else {
          tensors.set(`${OPT_PREFIX}state.${i}.${name}`, {
            shape: [v.length],
            data: v,
            dtype: v instanceof Float64Array ? 'F64' : 'F32',
          });
        }
      }
    }
    metadata['xtal.optimizer'] = JSON.stringify({ type: sd.type, paramGroups: sd.paramGroups, scalars });
  }
  if (parts.scheduler) metadata['xtal.scheduler'] = JSON.stringify(parts.scheduler.stateDict());
  return encodeSafetensors(tensors, metadata);
}

/** Encode a model alone (weights + config + metadata). */
export function encodeModel(model: AnyModule, metadata: Record<string, string> = {}): Uint8Array {
  return encodeCheckpoint({ model, metadata });
}

function parseJson<T>(st: Decoded, key: string, file?: string): T | undefined {
  const s = st.metadata[key];
  if (s === undefined) return undefined;
  try {
    return JSON.parse(s) as T;
  } catch (e) {
    throw new XtalInputError(`metadata "${key}" is not JSON (${(e as Error).message})`, { file, field: key });
  }
}

/** Model weights of a decoded file (optimizer tensors left out). */
type Decoded = SafetensorsContents<Float32Array | Float64Array>;

function modelPart(st: Decoded): Map<string, NamedTensor<Float32Array | Float64Array>> {
  const out = new Map<string, NamedTensor<Float32Array | Float64Array>>();
  for (const [k, t] of st.tensors) if (!k.startsWith(OPT_PREFIX)) out.set(k, t);
  return out;
}

/** Rebuild a model saved by `encodeModel` / `encodeCheckpoint` (from its config), weights loaded. */
export function decodeModel(
  bytes: Uint8Array,
  options: { file?: string; rng?: Rng } = {},
): { model: AnyModule; metadata: Record<string, string> } {
  const st = decodeSafetensors(bytes, options.file, { keepFloat64: true });
  const config = parseJson<LayerConfig>(st, 'xtal.config', options.file);
  if (!config) {
    throw new XtalInputError(
      'no "xtal.config" in the metadata: not a saved xtal model (load the weights into a model with loadStateDict)',
      {
        file: options.file,
        field: 'xtal.config',
      },
    );
  }
  const model = layerFromConfig(config, options.rng ?? new Rng(0));
  loadStateDict(model, modelPart(st), { file: options.file });
  return { model, metadata: st.metadata };
}

/**
 * Restore a checkpoint into an existing model (strictly), optimizer and schedule, built as for the start
 * of training. Returns the file's metadata and the model load report.
 */
export function restoreCheckpoint(
  bytes: Uint8Array,
  parts: Omit<CheckpointParts, 'metadata'>,
  file?: string,
): { metadata: Record<string, string>; report: LoadReport } {
  const st = decodeSafetensors(bytes, file, { keepFloat64: true });
  const report = loadStateDict(parts.model, modelPart(st), { file });
  if (parts.optimizer) {
    const o = parseJson<{
      type: string;
      paramGroups: OptimizerStateDict['paramGroups'];
      scalars: Record<string, Record<string, number>>;
    }>(st, 'xtal.optimizer', file);
    if (!o) throw new XtalInputError('checkpoint has no optimizer state', { file, field: 'xtal.optimizer' });
    const state: Record<string, ParamState> = {};
    for (const [i, s] of Object.entries(o.scalars)) state[i] = { ...s };
    for (const [k, t] of st.tensors) {
      if (!k.startsWith(OPT_PREFIX + 'state.')) continue;
      const [i, name] = k.slice(OPT_PREFIX.length + 'state.'.length).split('.');
      state[i] ??= {};
      state[i][name] = t.data;
    }
    try {
      parts.optimizer.loadStateDict({ type: o.type, paramGroups: o.paramGroups, state });
    } catch (e) {
      throw new XtalInputError(`optimizer state does not fit: ${(e as Error).message}`, {
        file,
        field: 'xtal.optimizer',
      });
    }
  }
  if (parts.scheduler) {
    const s = parseJson<never>(st, 'xtal.scheduler', file);
    if (!s) throw new XtalInputError('checkpoint has no schedule state', { file, field: 'xtal.scheduler' });
    parts.scheduler.loadStateDict(s);
  }
  return { metadata: st.metadata, report };
}
