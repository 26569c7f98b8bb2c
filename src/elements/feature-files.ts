/**
 * Atom feature files on disk (Node only): reading and writing CGCNN `atom_init.json`, and finding the one
 * that belongs to a dataset folder or sits next to a checkpoint, so that a model trained elsewhere sees
 * the features it was trained with. Node's fs and path are fetched when called (not imported), so the
 * element layer stays importable in the browser.
 */
import type * as Fs from 'node:fs';
import type * as Path from 'node:path';
import { inFile } from '../errors.js';
import type { AtomFeaturizer } from './featurizer.js';
import { atomFeaturesToJson, loadAtomFeaturesJson, type TableAtomFeaturizer } from './feature-table.js';

export const ATOM_FEATURES_FILE_NAME = 'atom_init.json';

function node(): { fs: typeof Fs; path: typeof Path } {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (!proc?.getBuiltinModule) throw new Error('atom feature files can only be read and written in Node.js');
  return {
    fs: proc.getBuiltinModule('node:fs') as typeof Fs,
    path: proc.getBuiltinModule('node:path') as typeof Path,
  };
}

/** Read a CGCNN-format atom feature file; errors name the file (and line and key where known). */
export function readAtomFeaturesFile(path: string): TableAtomFeaturizer {
  let text: string;
  try {
    text = node().fs.readFileSync(path, 'utf8');
  } catch (err) {
    throw inFile(err, path);
  }
  return loadAtomFeaturesJson(text, { file: path });
}

/** Write a featurizer's table as CGCNN `atom_init.json` (keyed by atomic number). */
export function writeAtomFeaturesFile(path: string, featurizer: AtomFeaturizer): void {
  node().fs.writeFileSync(path, atomFeaturesToJson(featurizer));
}

/**
 * The `atom_init.json` that belongs to a path: inside it when it is a folder (a CGCNN dataset folder),
 * next to it when it is a file (a checkpoint), or the path itself when it is an `atom_init.json`.
 * Returns null when there is none.
 */
export function findAtomFeaturesNear(path: string): string | null {
  const { existsSync, statSync } = node().fs;
  const { dirname, join } = node().path;
  if (!existsSync(path)) return null;
  const isDir = statSync(path).isDirectory();
  if (!isDir && path.endsWith(ATOM_FEATURES_FILE_NAME)) return path;
  const candidate = join(isDir ? path : dirname(path), ATOM_FEATURES_FILE_NAME);
  return existsSync(candidate) && statSync(candidate).isFile() ? candidate : null;
}
