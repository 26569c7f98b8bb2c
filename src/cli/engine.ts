/**
 * Engine settings shared by the commands that run networks: the thread count (default: all cores).
 */
import { availableParallelism } from 'node:os';
import { setThreads } from '../engine/index.js';
import { XtalInputError } from '../errors.js';

export async function configureThreads(value: string | undefined): Promise<number> {
  const n = threadsOption(value);
  await setThreads(n);
  return n;
}

/** The value of --threads (default: all cores), checked. */
export function threadsOption(value: string | undefined): number {
  const n = value === undefined ? availableParallelism() : Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new XtalInputError(`--threads must be a positive integer, got "${value}"`, { field: '--threads' });
  return n;
}

/** Parse a positive number option, naming the option in the error. */
export function numberOption(
  value: string | undefined,
  name: string,
  opts: { integer?: boolean; min?: number } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (
    !Number.isFinite(x) ||
    (opts.integer && !Number.isInteger(x)) ||
    (opts.min !== undefined && x < opts.min)
  ) {
    throw new XtalInputError(
      `${name} must be ${opts.integer ? 'an integer' : 'a number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}, got "${value}"`,
      { field: name },
    );
  }
  return x;
}
