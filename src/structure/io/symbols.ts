/**
 * Element symbols for the readers: the 118 known elements in atomic-number order, and normalisation of
 * the spellings found in files ("FE", "Fe_pv", "Fe/3a2b" from VASP 5.4 POTCAR hashes, "Fe2+").
 * Kept local to the readers until src/elements provides `isElementSymbol`.
 */

// prettier-ignore
export const ELEMENT_SYMBOLS: readonly string[] = [
  'H', 'He', 'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne', 'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar',
  'K', 'Ca', 'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga', 'Ge', 'As', 'Se', 'Br', 'Kr',
  'Rb', 'Sr', 'Y', 'Zr', 'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In', 'Sn', 'Sb', 'Te', 'I', 'Xe',
  'Cs', 'Ba', 'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu',
  'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg', 'Tl', 'Pb', 'Bi', 'Po', 'At', 'Rn',
  'Fr', 'Ra', 'Ac', 'Th', 'Pa', 'U', 'Np', 'Pu', 'Am', 'Cm', 'Bk', 'Cf', 'Es', 'Fm', 'Md', 'No', 'Lr',
  'Rf', 'Db', 'Sg', 'Bh', 'Hs', 'Mt', 'Ds', 'Rg', 'Cn', 'Nh', 'Fl', 'Mc', 'Lv', 'Ts', 'Og',
];

const INDEX = new Map(ELEMENT_SYMBOLS.map((s, i) => [s, i + 1]));

/** True for one of the 118 element symbols, exactly capitalised ("Fe", not "FE"). */
export function isKnownElement(symbol: string): boolean {
  return INDEX.has(symbol);
}

/** Atomic number of a symbol, or undefined. */
export function atomicNumberOf(symbol: string): number | undefined {
  return INDEX.get(symbol);
}

/** Symbol of atomic number z (1..118), or undefined. */
export function symbolOf(z: number): string | undefined {
  return Number.isInteger(z) && z >= 1 && z <= 118 ? ELEMENT_SYMBOLS[z - 1] : undefined;
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
