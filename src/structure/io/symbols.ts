/**
 * Element symbols for the readers, on top of the periodic table in src/elements: exact symbol checks,
 * atomic numbers, and the element at the start of the species names found in files ("Fe_pv",
 * "Fe/3a2b" from VASP 5.4 POTCAR hashes, "Fe2+").
 */
import { ELEMENTS, findElement, isElementSymbol } from '../../elements/index.js';

/** True for one of the 118 element symbols, exactly capitalised ("Fe", not "FE"). */
export function isKnownElement(symbol: string): boolean {
  return isElementSymbol(symbol);
}

/** Atomic number of a symbol, or undefined. */
export function atomicNumberOf(symbol: string): number | undefined {
  return findElement(symbol)?.Z;
}

/** Symbol of atomic number z (1..118), or undefined. */
export function symbolOf(z: number): string | undefined {
  return Number.isInteger(z) && z >= 1 && z <= ELEMENTS.length ? ELEMENTS[z - 1].symbol : undefined;
}

/**
 * The element symbol at the start of a species name as written by VASP, ASE or pymatgen: "Fe", "Fe_pv",
 * "Fe/abcd", "Fe2+", "Fe3", "C_s". Capitalisation matters ("Co" is cobalt, "CO" is not a symbol).
 * Returns undefined when the name does not start with a known element.
 */
export function elementFromName(name: string): string | undefined {
  const t = name.trim();
  const m = /^([A-Z])([a-z]?)/.exec(t);
  if (!m) return undefined;
  if (m[2] && isKnownElement(m[1] + m[2])) return m[1] + m[2];
  if (!m[2] && isKnownElement(m[1])) return m[1];
  return undefined;
}
