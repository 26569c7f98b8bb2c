/**
 * Chemical compositions: a formula parser and the Composition class (amounts per element, fractions,
 * molar mass, and formula strings with pymatgen's conventions).
 *
 * Formula grammar: element symbols with optional amounts (integers, decimals or exponent form, as
 * pymatgen writes small amounts: "Ba0.4K0.6Fe2As2", "Nb6.16e-05"),
 * groups in (), [] or {} with a multiplier ("Ag(AuS)2", "K4[Fe(CN)6]"), spaces between groups
 * ("Ca1 Ag2 Ge2"), and adducts/hydrates joined by "·", "•", "⋅", "∙", "*" or "." with an optional
 * leading count ("CuSO4·5H2O", "MgSO4.H2O"). A "." between two digits is a decimal point, except in the
 * hydrate pattern "<n>.<m>H2O" with n >= 1 ("CuSO4.5H2O" is CuSO4·5H2O). Charges and oxidation states
 * belong in species strings ("Fe2+", parsed by `parseSpecies`), not in formulas.
 *
 * Reduced formulas follow pymatgen (`Composition.reduced_formula`): elements ordered by Pauling
 * electronegativity (ties by symbol; in `formula` ties keep their order of appearance; elements without
 * an electronegativity last), integer amounts divided by their gcd,
 * the last two elements written as a bracketed group when they differ in electronegativity by less than
 * 1.65 and share a factor ("Ca3(PO4)2"), and the elemental gases and peroxides written as molecules
 * ("O2", "Li2O2"). Non-integer compositions keep their amounts ("K0.6Ba0.4Fe2As2").
 */
import { XtalInputError } from '../errors.js';
import { element, findElement, isElementSymbol } from '../elements/index.js';
import type { Structure } from './structure.js';

/** Amounts below this are treated as zero (as pymatgen's Composition.amount_tolerance). */
export const AMOUNT_TOLERANCE = 1e-8;

const HYDRATE_SEPARATORS = new Set(['·', '•', '⋅', '∙', '*', '.']);
const OPEN_TO_CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);

export interface ParseFormulaOptions {
  /**
   * Hydrogen isotopes "D" and "T" (as in SuperCon's "Pd1D0.8"): 'error' (default) rejects them with a
   * hint, 'hydrogen' counts them as H (standard atomic weight, not the isotope's mass).
   */
  isotopes?: 'error' | 'hydrogen';
}

/**
 * Parse a formula into amounts per element (in order of first appearance). Elements written with a zero
 * amount ("La2Sr0CuO4", as in some databases) are dropped; a formula without any atoms is an error.
 */
export function parseFormula(formula: string, options: ParseFormulaOptions = {}): Map<string, number> {
  return new FormulaParser(formula, options.isotopes ?? 'error').parse();
}

class FormulaParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly isotopes: 'error' | 'hydrogen',
  ) {}

  parse(): Map<string, number> {
    if (typeof this.text !== 'string')
      throw new XtalInputError('formula must be a string', { field: 'formula' });
    const total = new Map<string, number>();
    this.skipSpaces();
    if (this.pos >= this.text.length) throw this.fail('empty formula');
    for (;;) {
      const count = this.leadingCount();
      const part = this.sequence(null);
      if (part.size === 0) throw this.fail(`expected an element symbol`);
      addInto(total, part, count);
      this.skipSpaces();
      if (this.pos >= this.text.length) break;
      const c = this.text[this.pos];
      if (HYDRATE_SEPARATORS.has(c)) {
        this.pos++;
        this.skipSpaces();
        if (this.pos >= this.text.length) throw this.fail(`nothing after "${c}"`);
        continue;
      }
      if (CLOSERS.has(c)) throw this.fail(`unmatched "${c}"`);
      throw this.unexpected();
    }
    for (const [el, n] of total) if (n === 0) total.delete(el);
    if (total.size === 0) throw this.fail('no atoms (every amount is zero)');
    return total;
  }

  /** A run of elements and bracketed groups, ended by the end, a separator or the expected closer. */
  private sequence(closer: string | null): Map<string, number> {
    const out = new Map<string, number>();
    for (;;) {
      this.skipSpaces();
      if (this.pos >= this.text.length) {
        if (closer) throw this.fail(`missing "${closer}"`);
        return out;
      }
      const c = this.text[this.pos];
      if (c === closer) return out;
      if (CLOSERS.has(c)) {
        if (!closer) throw this.fail(`unmatched "${c}"`);
        throw this.fail(`"${c}" does not close the open bracket (expected "${closer}")`);
      }
      if (HYDRATE_SEPARATORS.has(c)) return out;
      if (c in OPEN_TO_CLOSE) {
        const start = this.pos;
        this.pos++;
        const inner = this.sequence(OPEN_TO_CLOSE[c]);
        if (inner.size === 0) {
          this.pos = start;
          throw this.fail(`empty brackets`);
        }
        this.pos++; // the closer
        addInto(out, inner, this.amount());
        continue;
      }
      if (c >= 'A' && c <= 'Z') {
        const symbol = this.symbol();
        addInto(out, new Map([[symbol, 1]]), this.amount());
        continue;
      }
      if (c === '+' || c === '-') {
        throw this.fail(
          `sign "${c}": formulas carry no charges or offsets (oxidation states belong in species strings like "Fe2+")`,
        );
      }
      if (c >= 'a' && c <= 'z') {
        const word = /^[a-z]{1,2}/.exec(this.text.slice(this.pos))![0];
        const guess =
          findElement(word[0].toUpperCase() + word.slice(1)) ?? findElement(word[0].toUpperCase());
        const hint = guess ? ` (element symbols start with a capital: "${guess.symbol}")` : '';
        throw this.fail(`unexpected "${c}"${hint}`);
      }
      if (c >= '0' && c <= '9')
        throw this.fail(`a number must follow an element symbol or a closing bracket`);
      throw this.unexpected();
    }
  }

  private symbol(): string {
    const start = this.pos;
    const two = this.text.slice(start, start + 2);
    if (two.length === 2 && two[1] >= 'a' && two[1] <= 'z') {
      if (isElementSymbol(two)) {
        this.pos += 2;
        return two;
      }
      const three = /^[A-Z][a-z]+/.exec(this.text.slice(start))![0];
      throw this.fail(`unknown element "${three.length > 2 ? three : two}"`);
    }
    const one = this.text[start];
    if (one === 'D' || one === 'T') {
      if (this.isotopes === 'hydrogen') {
        this.pos += 1;
        return 'H';
      }
      const name = one === 'D' ? 'deuterium' : 'tritium';
      throw this.fail(
        `"${one}" (${name}) is not an element: write H, or parse with { isotopes: 'hydrogen' }`,
      );
    }
    if (!isElementSymbol(one)) throw this.fail(`unknown element "${one}"`);
    this.pos += 1;
    return one;
  }

  /** An optional amount after an element or a group (default 1). */
  private amount(): number {
    const m = /^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:e[+-]?[0-9]+)?/.exec(this.text.slice(this.pos));
    if (!m) return 1;
    let s = m[0];
    // "<n>.<m>H2O" with n >= 1 is a hydrate, not a decimal: stop before the dot.
    const dot = s.indexOf('.');
    if (
      dot > 0 &&
      Number(s.slice(0, dot)) >= 1 &&
      /^H2O(?![a-z0-9])/.test(this.text.slice(this.pos + s.length))
    ) {
      s = s.slice(0, dot);
    }
    const value = Number(s);
    if (!(value >= 0)) throw this.fail(`amount ${s} must not be negative`);
    this.pos += s.length;
    return value;
  }

  /** A count in front of a part: "5H2O" after a separator, or at the very start. */
  private leadingCount(): number {
    const m = /^[0-9]+(?:\.[0-9]+)?/.exec(this.text.slice(this.pos));
    if (!m) return 1;
    const value = Number(m[0]);
    if (!(value > 0)) throw this.fail(`count ${m[0]} must be positive`);
    this.pos += m[0].length;
    this.skipSpaces();
    return value;
  }

  private skipSpaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private unexpected(): XtalInputError {
    return this.fail(`unexpected "${this.text[this.pos]}"`);
  }

  private fail(reason: string): XtalInputError {
    const where = this.pos < this.text.length ? ` at position ${this.pos + 1}` : ' at the end';
    return new XtalInputError(`${JSON.stringify(this.text)}: ${reason}${where}`, { field: 'formula' });
  }
}

function addInto(target: Map<string, number>, part: ReadonlyMap<string, number>, factor: number): void {
  for (const [el, n] of part) target.set(el, (target.get(el) ?? 0) + n * factor);
}

/** A species string such as "Fe", "Fe2+", "Fe3+", "O2-", "Na+", "Cl-" or "Fe+2". */
export interface ParsedSpecies {
  element: string;
  oxidationState?: number;
}

export function parseSpecies(species: string): ParsedSpecies {
  const m = /^\s*([A-Za-z]{1,2})(?:([0-9]*(?:\.[0-9]+)?)([+-])|([+-])([0-9]*(?:\.[0-9]+)?))?\s*$/.exec(
    species,
  );
  if (!m) throw new XtalInputError(`species ${JSON.stringify(species)} is not like "Fe", "Fe2+" or "O2-"`);
  const el = element(m[1]).symbol;
  const sign = m[3] ?? m[4];
  if (!sign) return { element: el };
  const magnitude = (m[2] ?? m[5]) === '' ? 1 : Number(m[2] ?? m[5]);
  return { element: el, oxidationState: sign === '-' ? -magnitude : magnitude };
}

/** Options for comparing compositions: |a − b| <= atol + rtol·|b| for every element. */
export interface CompositionTolerance {
  atol?: number;
  rtol?: number;
}

export class Composition {
  private readonly amountMap: ReadonlyMap<string, number>;

  /** Amounts per element symbol; zero (below AMOUNT_TOLERANCE) amounts are dropped. */
  constructor(amounts: Readonly<Record<string, number>> | ReadonlyMap<string, number>) {
    const entries = amounts instanceof Map ? [...amounts] : Object.entries(amounts);
    const map = new Map<string, number>();
    for (const [el, n] of entries) {
      const symbol = element(el).symbol;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < -AMOUNT_TOLERANCE) {
        throw new XtalInputError(`amount of ${symbol} must be a finite number >= 0, got ${String(n)}`, {
          field: symbol,
        });
      }
      const total = (map.get(symbol) ?? 0) + n;
      map.set(symbol, total);
    }
    for (const [el, n] of map) if (n < AMOUNT_TOLERANCE) map.delete(el);
    this.amountMap = map;
  }

  /** Parse a formula ("Fe2O3", "Ba0.4K0.6Fe2As2", "CuSO4·5H2O"). */
  static parse(formula: string, options: ParseFormulaOptions = {}): Composition {
    return new Composition(parseFormula(formula, options));
  }

  /** From pymatgen's Composition dict ({"Fe": 2, "O": 3}); keys starting with "@" are ignored. */
  static fromJSON(data: unknown): Composition {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new XtalInputError('a composition must be an object of element amounts, e.g. {"Fe": 2, "O": 3}');
    }
    const amounts: Record<string, number> = {};
    for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
      if (k.startsWith('@')) continue;
      if (typeof v !== 'number') {
        throw new XtalInputError(`amount of ${k} must be a number, got ${JSON.stringify(v)}`, { field: k });
      }
      amounts[k] = v;
    }
    return new Composition(amounts);
  }

  /** pymatgen's Composition dict: element symbol → amount. */
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.amountMap);
  }

  /** Element → amount, in order of first appearance. */
  get amounts(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.amountMap);
  }

  /** Element symbols in order of first appearance. */
  get elements(): string[] {
    return [...this.amountMap.keys()];
  }

  /** Amount of an element (0 when absent). */
  amount(symbol: string): number {
    return this.amountMap.get(symbol) ?? 0;
  }

  /** Total number of atoms (sum of amounts). */
  get numAtoms(): number {
    let n = 0;
    for (const v of this.amountMap.values()) n += v;
    return n;
  }

  get isEmpty(): boolean {
    return this.amountMap.size === 0;
  }

  /** Molar mass of the formula unit as written, g/mol. */
  get molarMassGPerMol(): number {
    let m = 0;
    for (const [el, n] of this.amountMap) m += n * element(el).atomicMass;
    return m;
  }

  /** Atomic fraction of each element (sums to 1). */
  atomicFractions(): Record<string, number> {
    const n = this.numAtoms;
    return Object.fromEntries([...this.amountMap].map(([el, v]) => [el, v / n]));
  }

  atomicFraction(symbol: string): number {
    return this.amount(symbol) / this.numAtoms;
  }

  /** Mass fraction of each element (sums to 1). */
  weightFractions(): Record<string, number> {
    const m = this.molarMassGPerMol;
    return Object.fromEntries([...this.amountMap].map(([el, v]) => [el, (v * element(el).atomicMass) / m]));
  }

  weightFraction(symbol: string): number {
    return (this.amount(symbol) * element(symbol).atomicMass) / this.molarMassGPerMol;
  }

  /**
   * Symbols ordered by Pauling electronegativity, elements without one last; ties keep the order of
   * first appearance (as pymatgen's `formula`).
   */
  electronegativityOrder(): string[] {
    return sortByElectronegativity(this.elements, false);
  }

  /** pymatgen's `formula`: electronegativity order, amounts always written, space-separated ("Fe2 O3"). */
  get formula(): string {
    return this.electronegativityOrder()
      .map((el) => el + formatAmount(this.amount(el), false))
      .join(' ');
  }

  /** Reduced formula with pymatgen's conventions ("Fe2O3", "Ca3(PO4)2", "O2", "K0.6Ba0.4Fe2As2"). */
  get reducedFormula(): string {
    return this.reducedFormulaAndFactor()[0];
  }

  /** The reduced formula and the factor by which the amounts were divided. */
  reducedFormulaAndFactor(): [string, number] {
    if (this.isEmpty) return ['', 1];
    const amounts = [...this.amountMap.values()];
    if (!amounts.every((v) => Math.abs(v - Math.round(v)) < AMOUNT_TOLERANCE)) {
      return [this.formula.replace(/ /g, ''), 1];
    }
    const ints = new Map([...this.amountMap].map(([el, v]) => [el, Math.round(v)]));
    let [formula, factor] = reduceIntegerFormula(ints);
    const special = SPECIAL_FORMULAS[formula];
    if (special) {
      formula = special;
      factor /= 2;
    }
    return [formula, factor];
  }

  /** The composition divided by the reduction factor of `reducedFormulaAndFactor`. */
  reducedComposition(): Composition {
    const factor = this.reducedFormulaAndFactor()[1];
    return this.scaled(1 / factor);
  }

  /** Hill formula as pymatgen writes it: C, then H, then the rest alphabetically ("C6 H12 O6"). */
  get hillFormula(): string {
    const els = this.elements.sort();
    const order = els.includes('C')
      ? ['C', ...(els.includes('H') ? ['H'] : []), ...els.filter((e) => e !== 'C' && e !== 'H')]
      : els;
    return order.map((el) => el + formatAmount(this.amount(el), true)).join(' ');
  }

  /** Elements sorted alphabetically and joined by "-" ("Fe-O"). */
  get chemicalSystem(): string {
    return this.elements.sort().join('-');
  }

  /** Amounts multiplied by k. */
  scaled(k: number): Composition {
    return new Composition(new Map([...this.amountMap].map(([el, v]) => [el, v * k])));
  }

  /** Amounts added element by element. */
  plus(other: Composition): Composition {
    const m = new Map(this.amountMap);
    for (const [el, v] of other.amountMap) m.set(el, (m.get(el) ?? 0) + v);
    return new Composition(m);
  }

  /** Same amounts within tolerance (default: absolute 1e-8, as pymatgen's ==). */
  equals(other: Composition, tol: CompositionTolerance = {}): boolean {
    const atol = tol.atol ?? AMOUNT_TOLERANCE;
    const rtol = tol.rtol ?? 0;
    for (const el of new Set([...this.amountMap.keys(), ...other.amountMap.keys()])) {
      const a = this.amount(el);
      const b = other.amount(el);
      if (Math.abs(a - b) > atol + rtol * Math.abs(b)) return false;
    }
    return true;
  }

  /** Same reduced composition, i.e. the same compound up to the size of the formula unit. */
  sameReduced(other: Composition, tol: CompositionTolerance = {}): boolean {
    if (this.isEmpty || other.isEmpty) return this.isEmpty === other.isEmpty;
    return this.scaled(1 / this.numAtoms).equals(other.scaled(1 / other.numAtoms), tol);
  }

  toString(): string {
    return this.formula;
  }
}

/** The composition of a structure's cell: site occupancies summed per element. */
export function compositionOf(structure: Structure): Composition {
  const amounts = new Map<string, number>();
  for (const site of structure.sites) {
    for (const sp of site.species) amounts.set(sp.element, (amounts.get(sp.element) ?? 0) + sp.occu);
  }
  return new Composition(amounts);
}

function electronegativityKey(symbol: string): number {
  return element(symbol).electronegativityPauling ?? Infinity;
}

/** Stable sort by electronegativity; ties by symbol when `bySymbol`, else in the given order. */
function sortByElectronegativity(symbols: string[], bySymbol: boolean): string[] {
  return [...symbols].sort((a, b) => {
    const d = electronegativityKey(a) - electronegativityKey(b);
    if (d !== 0 && !Number.isNaN(d)) return d;
    if (!bySymbol) return 0;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** pymatgen's reduce_formula: gcd reduction, electronegativity order and a bracketed polyanion. */
function reduceIntegerFormula(amounts: ReadonlyMap<string, number>): [string, number] {
  const syms = sortByElectronegativity([...amounts.keys()], true);
  const factor = [...amounts.values()].reduce((g, v) => gcd(g, v), 0) || 1;
  let main = syms;
  let poly = '';
  if (syms.length >= 3) {
    const [a, b] = syms.slice(-2);
    if (electronegativityKey(b) - electronegativityKey(a) < 1.65) {
      const [polyForm, polyFactor] = reduceIntegerFormula(
        new Map([a, b].map((el) => [el, amounts.get(el)! / factor])),
      );
      if (polyFactor !== 1) {
        poly = `(${polyForm})${polyFactor}`;
        main = syms.slice(0, -2);
      }
    }
  }
  const body = main.map((el) => el + formatAmount(amounts.get(el)! / factor, true)).join('');
  return [body + poly, factor];
}

/** pymatgen's formula_double_format: "" for 1 (when ignoring ones), integers plain, else 8 decimals. */
function formatAmount(x: number, ignoreOnes: boolean): string {
  if (ignoreOnes && x === 1) return '';
  if (Math.abs(x - Math.trunc(x)) < AMOUNT_TOLERANCE) return String(Math.trunc(x));
  return pythonFloatString(Number(x.toFixed(8)));
}

/** Python's str(float): shortest round-trip digits, exponent form below 1e-4 and from 1e16 ("6.16e-05"). */
function pythonFloatString(x: number): string {
  const ax = Math.abs(x);
  if (ax >= 1e-4 && ax < 1e16) return String(x);
  const [mantissa, exp] = x.toExponential().split('e');
  const e = Number(exp);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** Reduced formulas that pymatgen writes as molecules (and halves the reduction factor). */
const SPECIAL_FORMULAS: Readonly<Record<string, string>> = {
  LiO: 'Li2O2',
  NaO: 'Na2O2',
  KO: 'K2O2',
  HO: 'H2O2',
  CsO: 'Cs2O2',
  RbO: 'Rb2O2',
  O: 'O2',
  N: 'N2',
  F: 'F2',
  Cl: 'Cl2',
  H: 'H2',
};
