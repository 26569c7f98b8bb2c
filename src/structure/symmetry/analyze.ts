/**
 * Space-group analysis of a Structure with moyo (the Rust successor of spglib, compiled to WebAssembly).
 * The wasm module is initialised once: synchronously on first use in Node (the bytes of
 * moyo_wasm_bg.wasm are read with fs), or ahead of time with `await initSymmetry(bytesOrUrl)` in a
 * browser, after which every call is synchronous.
 */
import initMoyoAsync, { analyze_cell, initSync, type InitInput } from '@spglib/moyo-wasm';
import { XtalInputError } from '../../errors.js';
import type { Structure } from '../structure.js';
import { crystalSystemOf, settingByHall } from './table.js';

export interface SpaceGroupInfo {
  /** ITA number, 1-230. */
  number: number;
  /** Short Hermann–Mauguin symbol without spaces, as spglib and pymatgen print it, e.g. "P6_3/mmc". */
  symbol: string;
  /** spglib Hall number (1-530) of the setting found. */
  hallNumber: number;
  /** Lower-case crystal system: triclinic, monoclinic, orthorhombic, tetragonal, trigonal, hexagonal, cubic. */
  crystalSystem: string;
}

export interface SpaceGroupOptions {
  /** Distance tolerance in Å (default DEFAULT_SYMPREC, 0.01 Å). */
  symprec?: number;
  /**
   * Angle tolerance in degrees. Accepted for spglib compatibility, but moyo-wasm 0.15's analyze_cell
   * has no such parameter: moyo derives its angle check from symprec, so this value is not used.
   */
  angleTolerance?: number;
}

/** Default distance tolerance in Å: 0.01, a common choice for relaxed and experimental structures. */
export const DEFAULT_SYMPREC = 0.01;

let initialised = false;

/**
 * Initialise the symmetry module. In Node it needs no argument (the wasm file is found next to the
 * package). In a browser, pass the wasm bytes, a URL or a Response (e.g. from Vite's `?url` import);
 * without one, moyo's own loader fetches the file next to its script.
 */
export async function initSymmetry(wasm?: InitInput): Promise<void> {
  if (initialised) return;
  if (wasm === undefined && nodeWasmBytes()) {
    initSymmetrySync();
    return;
  }
  await initMoyoAsync(wasm === undefined ? undefined : { module_or_path: wasm });
  initialised = true;
}

/** Synchronous initialisation (Node, or any caller holding the wasm bytes or a compiled module). */
export function initSymmetrySync(wasm?: BufferSource | WebAssembly.Module): void {
  if (initialised) return;
  const module = wasm ?? nodeWasmBytes();
  if (!module) {
    throw new Error(
      'the symmetry module is not initialised: call `await initSymmetry(wasmUrlOrBytes)` first',
    );
  }
  initSync({ module });
  initialised = true;
}

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
}

/** The bytes of moyo_wasm_bg.wasm when running under Node (via process.getBuiltinModule), else null. */
function nodeWasmBytes(): Uint8Array | null {
  const proc = (globalThis as { process?: NodeProcess }).process;
  const get = proc?.getBuiltinModule;
  if (!get) return null;
  const fs = get('node:fs') as typeof import('node:fs');
  const mod = get('node:module') as typeof import('node:module');
  const require = mod.createRequire(import.meta.url);
  return fs.readFileSync(require.resolve('@spglib/moyo-wasm/moyo_wasm_bg.wasm'));
}

/**
 * Space group of a structure. Each distinct set of species and occupancies counts as its own atom
 * type, so a disordered site (Ba0.4K0.6) is equivalent only to sites with the same mixture.
 */
export function spaceGroup(structure: Structure, options: SpaceGroupOptions = {}): SpaceGroupInfo {
  initSymmetrySync();
  const symprec = options.symprec ?? DEFAULT_SYMPREC;
  if (!(symprec > 0))
    throw new XtalInputError(`symprec must be positive, got ${symprec}`, { field: 'symprec' });
  if (structure.sites.length === 0)
    throw new XtalInputError('the structure has no sites', { field: 'sites' });
  const types = new Map<string, number>();
  const numbers = structure.sites.map((site) => {
    const key = site.species
      .map((sp) => `${sp.element}${sp.oxidationState ?? ''}:${sp.occu.toFixed(6)}`)
      .sort()
      .join('|');
    let t = types.get(key);
    if (t === undefined) {
      t = types.size + 1;
      types.set(key, t);
    }
    return t;
  });
  const m = structure.lattice.matrix;
  const cell = {
    lattice: { basis: [...m[0], ...m[1], ...m[2]] },
    positions: structure.sites.map((s) => [...s.frac]),
    numbers,
  };
  let dataset;
  try {
    // moyo's analyze_cell takes the angle tolerance from symprec; a separate one is not exposed.
    dataset = analyze_cell(JSON.stringify(cell), symprec, 'Spglib');
  } catch (err) {
    throw new XtalInputError(`symmetry search failed (${String(err)}); try another symprec`, {
      field: 'symmetry',
    });
  }
  const setting = settingByHall(dataset.hall_number);
  return {
    number: dataset.number,
    symbol: setting.hmShort.replace(/\s+/g, ''),
    hallNumber: dataset.hall_number,
    crystalSystem: crystalSystemOf(dataset.number),
  };
}
