/**
 * Shared input handling of the batch commands: user inputs (files, folders, globs, datasets) plus, with
 * --examples, xtal's built-in example crystals; bad entries are reported and counted, never fatal.
 */
import { iterateStructures, type IterateOptions } from '../structure/io/iterate.js';
import type { StructureEntry } from '../structure/io/entry.js';
import { buildExample, EXAMPLE_CRYSTALS } from '../structure/examples/build.js';
import { XtalInputError } from '../errors.js';

export interface InputOptions {
  examples?: boolean;
  format?: string;
  structures?: string;
}

export async function* commandEntries(inputs: string[], opts: InputOptions): AsyncGenerator<StructureEntry> {
  if (!inputs.length && !opts.examples) {
    throw new XtalInputError('no input: give structure files, folders or globs, or --examples');
  }
  if (opts.examples) {
    for (const e of EXAMPLE_CRYSTALS) {
      yield {
        id: e.id,
        source: 'built-in examples',
        structure: buildExample(e),
        properties: { metallic: e.metallic },
      };
    }
  }
  const options: IterateOptions = {};
  if (opts.format) options.format = opts.format;
  if (opts.structures) options.structureDir = opts.structures;
  yield* iterateStructures(inputs, options);
}

/** Collects bad entries, prints each to stderr as it comes, and sets the exit code at the end. */
export class ErrorReport {
  readonly errors: Array<{ id: string; source: string; message: string }> = [];

  add(entry: StructureEntry | { id: string; source: string }, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.errors.push({ id: entry.id, source: entry.source, message });
    process.stderr.write(`xtal: skipped ${entry.id} (${entry.source}): ${message}\n`);
  }

  /** Print a summary and make the process exit non-zero if anything failed. */
  finish(done: number): void {
    if (this.errors.length) {
      process.stderr.write(`xtal: ${done} done, ${this.errors.length} failed\n`);
      process.exitCode = 1;
    }
  }
}
