/**
 * The screen's input stream: the user's files, folders, globs and datasets (iterateStructures), plus, on
 * request, xtal's built-in example crystals with their metal flag and reference label. The stream can be
 * opened again (the finalists' structures are picked up in a second pass). `estimateCount` counts the
 * structure files behind the inputs without parsing them, for the progress bar's ETA (undefined when a
 * dataset table or a multi-structure file makes the count unknowable without reading).
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { buildExample, EXAMPLE_CRYSTALS } from '../../structure/examples/build.js';
import type { StructureEntry } from '../../structure/io/entry.js';
import { formatFromPath } from '../../structure/io/format.js';
import { expandGlob, hasGlobMagic } from '../../structure/io/glob.js';
import { iterateStructures, type IterateOptions } from '../../structure/io/iterate.js';

export const EXAMPLES_SOURCE = 'built-in examples';

export interface ScreenInputs {
  inputs: string[];
  examples?: boolean;
  iterate?: IterateOptions;
}

export async function* screenEntries(s: ScreenInputs): AsyncGenerator<StructureEntry> {
  if (s.examples) {
    for (const e of EXAMPLE_CRYSTALS) {
      yield {
        id: e.id,
        source: EXAMPLES_SOURCE,
        structure: buildExample(e),
        properties: { metallic: e.metallic },
      };
    }
  }
  if (s.inputs.length) yield* iterateStructures(s.inputs, s.iterate ?? {});
}

/** The reference label of an entry (built-in examples with `label: true`), else undefined. */
export function entryLabel(entry: StructureEntry): string | undefined {
  if (entry.source !== EXAMPLES_SOURCE) return undefined;
  const e = EXAMPLE_CRYSTALS.find((x) => x.id === entry.id);
  return e?.label ? e.id : undefined;
}

/** Number of structures behind the inputs when it is cheap to know, else undefined. */
export function estimateCount(s: ScreenInputs): number | undefined {
  let n = s.examples ? EXAMPLE_CRYSTALS.length : 0;
  const cwd = s.iterate?.cwd ?? process.cwd();
  for (const input of s.inputs) {
    const path = isAbsolute(input) ? input : join(cwd, input);
    let c: number | undefined;
    try {
      const st = statSync(path, { throwIfNoEntry: false });
      if (st?.isDirectory()) c = countFolder(path);
      else if (st?.isFile()) c = singleStructureFile(path) ? 1 : undefined;
      else if (hasGlobMagic(input)) {
        const files = expandGlob(input, cwd);
        c = files.every(singleStructureFile) ? files.length : undefined;
      }
    } catch {
      c = undefined;
    }
    if (c === undefined) return undefined;
    n += c;
  }
  return n;
}

function singleStructureFile(path: string): boolean {
  const f = formatFromPath(path);
  return f === 'cif' || f === 'poscar';
}

function countFolder(dir: string): number | undefined {
  let n = 0;
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    if (/\.(csv|json|jsonl|gz|xyz|extxyz)$/i.test(name)) return undefined;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      const c = countFolder(p);
      if (c === undefined) return undefined;
      n += c;
    } else if (singleStructureFile(p)) n++;
  }
  return n;
}
