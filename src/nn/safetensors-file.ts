/**
 * File helpers for safetensors (Node only; the codec itself is in safetensors.ts and runs anywhere).
 * Errors from a bad file carry its path.
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { readFile, writeFile, rename } from 'node:fs/promises';
import { inFile } from '../errors.js';
import {
  decodeSafetensors,
  encodeSafetensors,
  type EncodableTensor,
  type SafetensorsContents,
} from './safetensors.js';

function decodeFile(bytes: Uint8Array, path: string): SafetensorsContents {
  try {
    return decodeSafetensors(bytes, path);
  } catch (e) {
    throw inFile(e, path);
  }
}

export function readSafetensorsFileSync(path: string): SafetensorsContents {
  return decodeFile(readFileSync(path), path);
}

export async function readSafetensorsFile(path: string): Promise<SafetensorsContents> {
  return decodeFile(await readFile(path), path);
}

/** Write atomically: to `path.tmp`, then rename, so a crash never leaves half a checkpoint. */
export function writeSafetensorsFileSync(
  path: string,
  tensors: Map<string, EncodableTensor> | Record<string, EncodableTensor>,
  metadata: Record<string, string> = {},
): void {
  writeFileSync(path + '.tmp', encodeSafetensors(tensors, metadata));
  renameSync(path + '.tmp', path);
}

export async function writeSafetensorsFile(
  path: string,
  tensors: Map<string, EncodableTensor> | Record<string, EncodableTensor>,
  metadata: Record<string, string> = {},
): Promise<void> {
  await writeFile(path + '.tmp', encodeSafetensors(tensors, metadata));
  await rename(path + '.tmp', path);
}
