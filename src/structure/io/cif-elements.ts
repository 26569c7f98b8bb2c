/**
 * Reading CIF atom-type symbols ("Fe", "Fe2+", "Fe+2", "O2-", "Na1+", "Cl-") and labels ("Fe1", "O2a",
 * "Ow", "CL3") into an element of the periodic table (Z = 1..118) and an oxidation state.
 */
import { isElementSymbol } from '../../elements/index.js';

/** Hydrogen isotopes written as their own symbols; stored as H. */
const ISOTOPES: Record<string, string> = { D: 'H', T: 'H' };

/** Placeholder types that stand for no real atom (dummy atoms, ghost or Q peaks). */
const DUMMIES = new Set(['x', 'xx', 'q', 'du', 'dum', 'dummy', 'va', 'vac']);

/** True for the symbol of an element, Z = 1..118 (case-sensitive). */
export function isCifElementSymbol(s: string): boolean {
  return isElementSymbol(s);
}

export type ParsedSpecies =
  | { kind: 'element'; element: string; oxidationState?: number; note?: string }
  | { kind: 'dummy' }
  | { kind: 'unknown' };

/**
 * Read an atom-type symbol ("Fe3+") or, with `fromLabel`, an atom-site label ("Fe1", "O2-": the element
 * only, a charge in a label is not trusted). Two letters are tried before one, case-insensitively
 * ("CL1" -> Cl, "Ow" -> O, "CA" -> Ca), as pymatgen does.
 */
export function parseSpeciesSymbol(raw: string, fromLabel: boolean): ParsedSpecies {
  const m = /^([A-Za-z]+)(.*)$/.exec(raw.trim());
  if (!m) return { kind: 'unknown' };
  const letters = m[1];
  const rest = m[2];
  if (/^wat/i.test(letters)) return { kind: 'element', element: 'O', note: `${raw} (water) read as O` };
  let element: string | undefined;
  let note: string | undefined;
  if (letters.length >= 2) {
    const two = letters[0].toUpperCase() + letters[1].toLowerCase();
    if (isElementSymbol(two)) element = two;
  }
  if (!element) {
    const one = letters[0].toUpperCase();
    if (DUMMIES.has(letters.toLowerCase())) return { kind: 'dummy' };
    if (isElementSymbol(one)) element = one;
    else if (ISOTOPES[one]) {
      element = ISOTOPES[one];
      note = `${raw} read as ${element}`;
    }
  }
  if (!element) return DUMMIES.has(letters.toLowerCase()) ? { kind: 'dummy' } : { kind: 'unknown' };
  // A label's other letters may name something else entirely ("OH", "Wat"); only a type symbol's
  // trailing letters make it unknown ("Fex" is not an element).
  if (!fromLabel && letters.length > element.length && !(letters.length === 2 && element.length === 1)) {
    return { kind: 'unknown' };
  }
  if (fromLabel) return { kind: 'element', element, note };
  const ox = parseCharge(rest);
  if (ox === null) return { kind: 'element', element, note };
  return { kind: 'element', element, oxidationState: ox, note };
}

/** "2+" / "+2" / "+" / "1.5-" -> signed number; null for anything else (e.g. "", "1", "_a"). */
export function parseCharge(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)?([+-])$/.exec(s) ?? /^([+-])(\d+(?:\.\d+)?)?$/.exec(s);
  if (!m) return null;
  const signFirst = m[1] === '+' || m[1] === '-';
  const sign = (signFirst ? m[1] : m[2]) === '-' ? -1 : 1;
  const mag = signFirst ? m[2] : m[1];
  return sign * (mag === undefined ? 1 : Number(mag));
}
