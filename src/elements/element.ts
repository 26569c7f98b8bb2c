/**
 * The Element record and the rules that place an element in the periodic table from its atomic number
 * alone: period, group, block and the number of valence electrons. Conventions (documented in
 * docs/elements.md): La–Yb and Ac–No are the f block with group null; Lu and Lr are group 3 (d block);
 * valence electrons are group-based for the s, p and d blocks (group g for g <= 12, g − 10 for p-block
 * groups 13–18, He = 2) and 2 (the outer s² pair) for the f block.
 */
import { ELEMENT_ROWS, type ElementRow } from './table.data.js';

export type Block = 's' | 'p' | 'd' | 'f';

export interface Element {
  /** Atomic number. */
  readonly Z: number;
  readonly symbol: string;
  readonly name: string;
  /**
   * Standard atomic weight (g/mol); for elements without stable isotopes the mass number of the
   * longest-lived isotope (see `massIsMassNumber`).
   */
  readonly atomicMass: number;
  /** True when `atomicMass` is a mass number (no standard atomic weight exists). */
  readonly massIsMassNumber: boolean;
  /** Period (row), 1..7. */
  readonly period: number;
  /** IUPAC group 1..18; null for La–Yb and Ac–No. */
  readonly group: number | null;
  readonly block: Block;
  /** Pauling electronegativity; null where none is assigned (He, Ne, Ar, Z >= 104). */
  readonly electronegativityPauling: number | null;
  /** Single-bond covalent radius, Å (Cordero et al. 2008; C sp3; Mn, Fe, Co low spin); null for Z > 96. */
  readonly covalentRadiusA: number | null;
  /** Single-bond covalent radius, Å (Pyykkö & Atsumi 2009), for all Z = 1..118. */
  readonly covalentRadiusPyykkoA: number;
  /** Empirical atomic radius, Å (Slater 1964); null where Slater gives none. */
  readonly atomicRadiusA: number | null;
  /** Number of valence electrons (convention: see the file header). */
  readonly valenceElectrons: number;
  /** First ionization energy, eV (NIST ASD); null where unknown. */
  readonly firstIonizationEnergyEv: number | null;
  /** Electron affinity, eV; null where the anion is not bound (EA <= 0) or no value is known. */
  readonly electronAffinityEv: number | null;
  /** Molar volume of the elemental solid (or condensed phase), cm³/mol; null where unknown. */
  readonly molarVolumeCm3: number | null;
  /** Atomic volume, Å³/atom = molar volume / Avogadro's number; null where unknown. */
  readonly atomicVolumeA3: number | null;
}

/** Avogadro constant, 1/mol (exact, SI 2019). */
export const AVOGADRO = 6.02214076e23;

/** Atomic numbers of the last element of each period (the noble gases and Og). */
const PERIOD_END = [2, 10, 18, 36, 54, 86, 118];

export function periodOf(Z: number): number {
  const p = PERIOD_END.findIndex((end) => Z <= end);
  if (p < 0 || Z < 1 || !Number.isInteger(Z)) throw new RangeError(`no element with Z = ${Z}`);
  return p + 1;
}

/** IUPAC group (1..18), or null for La–Yb and Ac–No. */
export function groupOf(Z: number): number | null {
  const period = periodOf(Z);
  const start = period === 1 ? 0 : PERIOD_END[period - 2];
  const pos = Z - start; // 1-based position within the period
  switch (period) {
    case 1:
      return Z === 1 ? 1 : 18;
    case 2:
    case 3:
      return pos <= 2 ? pos : pos + 10;
    case 4:
    case 5:
      return pos;
    default:
      // 32-element periods: s (1, 2), f (3..16: La–Yb, Ac–No), d from Lu/Lr (17..26), p (27..32).
      if (pos <= 2) return pos;
      if (pos <= 16) return null;
      return pos - 14;
  }
}

export function blockOf(Z: number): Block {
  const g = groupOf(Z);
  if (g === null) return 'f';
  if (Z === 2 || g <= 2) return 's';
  if (g <= 12) return 'd';
  return 'p';
}

export function valenceElectronsOf(Z: number): number {
  const g = groupOf(Z);
  if (g === null) return 2;
  if (Z === 2) return 2;
  return g <= 12 ? g : g - 10;
}

function fromRow(row: ElementRow): Element {
  const [Z, symbol, name, atomicMass, en, covR, atomR, ie, ea, molarVolume, covPyykko] = row;
  return Object.freeze({
    Z,
    symbol,
    name,
    atomicMass,
    massIsMassNumber: Number.isInteger(atomicMass),
    period: periodOf(Z),
    group: groupOf(Z),
    block: blockOf(Z),
    electronegativityPauling: en,
    covalentRadiusA: covR,
    covalentRadiusPyykkoA: covPyykko,
    atomicRadiusA: atomR,
    valenceElectrons: valenceElectronsOf(Z),
    firstIonizationEnergyEv: ie,
    electronAffinityEv: ea,
    molarVolumeCm3: molarVolume,
    atomicVolumeA3: molarVolume === null ? null : (molarVolume * 1e24) / AVOGADRO,
  });
}

/** All elements, index i holds Z = i + 1. */
export const ELEMENTS: readonly Element[] = Object.freeze(ELEMENT_ROWS.map(fromRow));
