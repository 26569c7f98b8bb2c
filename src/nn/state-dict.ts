/**
 * Loading a state dict into a module, as torch's load_state_dict: values are copied into the module's
 * existing tensors; keys the module lacks, keys the dict lacks and shape mismatches are reported by
 * name. Strict mode (the default) loads nothing and throws XtalInputError listing every problem.
 * A missing `num_batches_tracked` is not an error: it is set to 0, as PyTorch does for checkpoints from
 * before 0.4.1 (such as the reference CGCNN ones).
 */
import { XtalInputError } from '../errors.js';
import type { AnyModule } from './module.js';

/** What a loader needs of a stored tensor (safetensors' NamedTensor and engine tensors both fit). */
export interface StoredTensor {
  shape: readonly number[];
  data: ArrayLike<number>;
}

export interface LoadReport {
  loaded: string[];
  /** Keys of the module that the dict does not have. */
  missing: string[];
  /** Keys of the dict that the module does not have. */
  unexpected: string[];
  mismatched: Array<{ key: string; expected: number[]; got: number[] }>;
  /** Missing keys that were set to their default instead (num_batches_tracked → 0). */
  defaulted: string[];
}

export interface LoadOptions {
  strict?: boolean;
  /** Label for errors (e.g. the file the tensors came from). */
  file?: string;
}

const OPTIONAL = /(^|\.)num_batches_tracked$/;

export function loadStateDict(
  module: AnyModule,
  tensors: Map<string, StoredTensor> | Record<string, StoredTensor>,
  options: LoadOptions = {},
): LoadReport {
  const strict = options.strict ?? true;
  const source = tensors instanceof Map ? tensors : new Map(Object.entries(tensors));
  const own = module.stateDict();
  const report: LoadReport = { loaded: [], missing: [], unexpected: [], mismatched: [], defaulted: [] };
  for (const key of own.keys()) {
    if (source.has(key)) continue;
    if (OPTIONAL.test(key)) report.defaulted.push(key);
    else report.missing.push(key);
  }
  for (const key of source.keys()) if (!own.has(key)) report.unexpected.push(key);
  const toLoad: string[] = [];
  for (const [key, t] of own) {
    const s = source.get(key);
    if (!s) continue;
    const same = s.shape.length === t.shape.length && s.shape.every((d, i) => d === t.shape[i]);
    if (!same || s.data.length !== t.size) {
      report.mismatched.push({ key, expected: t.shape.slice(), got: [...s.shape] });
    } else {
      toLoad.push(key);
    }
  }
  if (strict && (report.missing.length || report.unexpected.length || report.mismatched.length)) {
    const parts: string[] = [];
    if (report.missing.length) parts.push(`missing keys: ${report.missing.join(', ')}`);
    if (report.unexpected.length) parts.push(`unexpected keys: ${report.unexpected.join(', ')}`);
    for (const m of report.mismatched) {
      parts.push(
        `${m.key}: shape [${m.got.join(', ')}] in the state dict, [${m.expected.join(', ')}] in the model`,
      );
    }
    throw new XtalInputError(`cannot load state dict into ${module.className}: ${parts.join('; ')}`, {
      file: options.file,
      field: report.mismatched[0]?.key ?? report.missing[0] ?? report.unexpected[0],
    });
  }
  for (const key of toLoad) {
    own.get(key)!.data.set(source.get(key)!.data);
    report.loaded.push(key);
  }
  for (const key of report.defaulted) own.get(key)!.data.fill(0);
  return report;
}
