/**
 * Access to the shared datasets (../shared/data from the project root). Tests that need them call
 * `sharedData(...)`; when the folder is absent the test is skipped with a message saying so.
 */
import { existsSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('project root not found');
    dir = up;
  }
  return dir;
}

export const PROJECT_ROOT = projectRoot();
export const SHARED_DATA = process.env.XTAL_SHARED_DATA ?? resolve(PROJECT_ROOT, '..', 'shared', 'data');

/** Absolute path of a file or folder inside the shared data, or null when it is not there. */
export function sharedDataPath(...parts: string[]): string | null {
  const p = join(SHARED_DATA, ...parts);
  return existsSync(p) ? p : null;
}

/** The `skip` option for node:test: a message when the shared file is missing, false otherwise. */
export function skipUnlessShared(...parts: string[]): string | false {
  return sharedDataPath(...parts) ? false : `needs ../shared/data/${parts.join('/')} (not present)`;
}

/** A path inside the project (for fixtures). */
export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
