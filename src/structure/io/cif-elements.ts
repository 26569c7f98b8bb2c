/**
 * Element symbols for the CIF reader (Z = 1..118), and the reading of CIF atom-type symbols:
 * "Fe", "Fe2+", "Fe+2", "O2-", "Na1+", "Cl-", and labels such as "Fe1", "O2a", "Ow", "CL3".
 */

// prettier-ignore
const SYMBOLS = [
  'H', 'He', 'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne', 'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar',
  'K', 'Ca', 'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga', 'Ge', 'As', 'Se', 'Br', 'Kr',
  'Rb', 'Sr', 'Y', 'Zr', 'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In', 'Sn', 'Sb', 'Te', 'I', 'Xe',
  'Cs', 'Ba', 'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu',
  'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg', 'Tl', 'Pb', 'Bi', 'Po', 'At', 'Rn',
  'Fr', 'Ra', 'Ac', 'Th', 'Pa', 'U', 'Np', 'Pu', 'Am', 'Cm', 'Bk', 'Cf', 'Es', 'Fm', 'Md', 'No', 'Lr',
  'Rf', 'Db', 'Sg', 'Bh', 'Hs', 'Mt', 'Ds', 'Rg', 'Cn', 'Nh', 'Fl', 'Mc', 'Lv', 'Ts', 'Og',
];
const SYMBOL_SET = new Set(SYMBOLS);

/** Hydrogen isotopes written as their own symbols; stored as H. */
const ISOTOPES: Record<string, string> = { D: 'H', T: 'H' };

/** Placeholder types that stand for no real atom (dummy atoms, ghost or Q peaks). */
const DUMMIES = new Set(['x', 'xx', 'q', 'du', 'dum', 'dummy', 'va', 'vac']);

export function isCifElementSymbol(s: string): boolean {
  return SYMBOL_SET.has(s);
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
  let element: string | undefined;
  let note: string | undefined;
  if (letters.length >= 2) {
    const two = letters[0].toUpperCase() + letters[1].toLowerCase();
    if (SYMBOL_SET.has(two)) element = two;
  }
  if (!element) {
    const one = letters[0].toUpperCase();
    if (DUMMIES.has(letters.toLowerCase())) return { kind: 'dummy' };
    if (SYMBOL_SET.has(one)) element = one;
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
