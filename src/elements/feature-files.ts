/**
 * Atom feature files on disk (Node only): reading and writing CGCNN `atom_init.json`, and finding the one
 * that belongs to a dataset folder or sits next to a checkpoint, so that a model trained elsewhere sees
 * the features it was trained with.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inFile } from '../errors.js';
import type { AtomFeaturizer } from './featurizer.js';
import { atomFeaturesToJson, loadAtomFeaturesJson, type TableAtomFeaturizer } from './feature-table.js';

export const ATOM_FEATURES_FILE_NAME = 'atom_init.json';

/** Read a CGCNN-format atom feature file; errors name the file (and line and key where known). */
export function readAtomFeaturesFile(path: string): TableAtomFeaturizer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw inFile(err, path);
  }
  return loadAtomFeaturesJson(text, { file: path });
}

/** Write a featurizer's table as CGCNN `atom_init.json` (keyed by atomic number). */
export function writeAtomFeaturesFile(path: string, featurizer: AtomFeaturizer): void {
  writeFileSync(path, atomFeaturesToJson(featurizer));
}

/**
 * The `atom_init.json` that belongs to a path: inside it when it is a folder (a CGCNN dataset folder),
 * next to it when it is a file (a checkpoint), or the path itself when it is an `atom_init.json`.
 * Returns null when there is none.
 */
export function findAtomFeaturesNear(path: string): string | null {
  if (!existsSync(path)) return null;
  const isDir = statSync(path).isDirectory();
  if (!isDir && path.endsWith(ATOM_FEATURES_FILE_NAME)) return path;
  const candidate = join(isDir ? path : dirname(path), ATOM_FEATURES_FILE_NAME);
  return existsSync(candidate) && statSync(candidate).isFile() ? candidate : null;
}
