/**
 * Looking elements up by symbol or atomic number. Symbols are matched exactly ("Fe", not "fe" or "FE");
 * a wrongly capitalised symbol is rejected with an error that names the right one.
 */
import { XtalInputError } from '../errors.js';
import { ELEMENTS, type Element } from './element.js';

const BY_SYMBOL: ReadonlyMap<string, Element> = new Map(ELEMENTS.map((e) => [e.symbol, e]));
const BY_LOWER: ReadonlyMap<string, Element> = new Map(ELEMENTS.map((e) => [e.symbol.toLowerCase(), e]));

/** True when s is exactly the symbol of an element, Z = 1..118 (case-sensitive). */
export function isElementSymbol(s: unknown): s is string {
  return typeof s === 'string' && BY_SYMBOL.has(s);
}

/** The element with this symbol, or undefined (exact, case-sensitive). */
export function findElement(symbol: string): Element | undefined {
  return BY_SYMBOL.get(symbol);
}

/**
 * The element with the given symbol ("Fe") or atomic number (26).
 * Throws XtalInputError naming the unknown symbol, with the right capitalisation when it only differs
 * in case ("fe" → did you mean "Fe"?).
 */
export function element(symbolOrZ: string | number): Element {
  if (typeof symbolOrZ === 'number') {
    if (Number.isInteger(symbolOrZ) && symbolOrZ >= 1 && symbolOrZ <= ELEMENTS.length) {
      return ELEMENTS[symbolOrZ - 1];
    }
    throw new XtalInputError(`no element with atomic number ${symbolOrZ} (known: 1..${ELEMENTS.length})`, {
      field: 'element',
    });
  }
  const e = BY_SYMBOL.get(symbolOrZ);
  if (e) return e;
  throw new XtalInputError(unknownSymbolMessage(symbolOrZ), { field: 'element' });
}

/** "unknown element symbol "fe" (did you mean "Fe"?)" and similar. */
export function unknownSymbolMessage(symbol: string): string {
  const shown = JSON.stringify(symbol);
  const trimmed = symbol.trim();
  const hint = BY_SYMBOL.get(trimmed) ?? BY_LOWER.get(trimmed.toLowerCase());
  if (hint && hint.symbol !== symbol) {
    return `unknown element symbol ${shown} (did you mean "${hint.symbol}"? symbols are case-sensitive)`;
  }
  return `unknown element symbol ${shown}`;
}

/** Atomic mass (g/mol) of the element with this symbol; throws XtalInputError for an unknown symbol. */
export function atomicMass(symbol: string): number {
  return element(symbol).atomicMass;
}
