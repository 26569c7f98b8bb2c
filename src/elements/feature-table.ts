/**
 * Atom featurizers backed by a table of one vector per element, and the CGCNN `atom_init.json` format
 * ({"1": [..], "2": [..], ...} keyed by atomic number) in both directions. A mixed or partially occupied
 * site gets the occupancy-weighted sum of its species' vectors (a vacancy contributes zero).
 */
import { XtalInputError } from '../errors.js';
import type { SpeciesOccupancy } from '../structure/structure.js';
import { ELEMENTS } from './element.js';
import type { AtomFeaturizer } from './featurizer.js';
import { element, findElement, unknownSymbolMessage } from './lookup.js';

export class TableAtomFeaturizer implements AtomFeaturizer {
  readonly name: string;
  readonly length: number;
  private readonly vectors: ReadonlyMap<string, Float64Array>;

  /** vectors: element symbol → vector of the given length (copied). */
  constructor(name: string, length: number, vectors: ReadonlyMap<string, ArrayLike<number>>) {
    if (!Number.isInteger(length) || length <= 0)
      throw new RangeError(`feature length must be > 0, got ${length}`);
    const own = new Map<string, Float64Array>();
    for (const [symbol, v] of vectors) {
      element(symbol); // throws for an unknown symbol
      if (v.length !== length) {
        throw new XtalInputError(`feature vector of ${symbol} has ${v.length} values, expected ${length}`);
      }
      own.set(symbol, Float64Array.from(v));
    }
    this.name = name;
    this.length = length;
    this.vectors = own;
  }

  has(element: string): boolean {
    return this.vectors.has(element);
  }

  /** The vector of one element as given (a read-only view: do not modify), or undefined. */
  vector(element: string): Float64Array | undefined {
    return this.vectors.get(element);
  }

  /** Symbols that have a vector, in order of atomic number. */
  elements(): string[] {
    return ELEMENTS.filter((e) => this.vectors.has(e.symbol)).map((e) => e.symbol);
  }

  siteFeatures(species: readonly SpeciesOccupancy[], out: Float32Array, offset: number): void {
    const n = this.length;
    if (offset < 0 || offset + n > out.length) {
      throw new RangeError(`feature slot [${offset}, ${offset + n}) is outside an array of ${out.length}`);
    }
    out.fill(0, offset, offset + n);
    for (const sp of species) {
      const v = this.vectors.get(sp.element);
      if (!v) throw new XtalInputError(missingMessage(this, sp.element), { field: 'element' });
      const w = sp.occu;
      for (let k = 0; k < n; k++) out[offset + k] += w * v[k];
    }
  }
}

function missingMessage(f: AtomFeaturizer, symbol: string): string {
  if (!findElement(symbol)) return unknownSymbolMessage(symbol);
  return `atom features "${f.name}" have no vector for element ${symbol}`;
}

/**
 * The vector of a single element under any featurizer (a site holding only that element), or null when
 * the featurizer has none.
 */
export function elementFeatures(f: AtomFeaturizer, symbol: string): Float32Array | null {
  if (!f.has(symbol)) return null;
  const out = new Float32Array(f.length);
  f.siteFeatures([{ element: symbol, occu: 1 }], out, 0);
  return out;
}

/**
 * A featurizer's table in CGCNN `atom_init.json` form: an object keyed by atomic number (as a string),
 * for every element Z = 1..118 the featurizer has, in order of Z.
 */
export function atomFeaturesToObject(f: AtomFeaturizer): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const e of ELEMENTS) {
    // A table keeps its values as given (float64); other featurizers are read through the interface.
    const v = f instanceof TableAtomFeaturizer ? f.vector(e.symbol) : elementFeatures(f, e.symbol);
    if (v) out[String(e.Z)] = Array.from(v);
  }
  return out;
}

/** The same as JSON text (one element per line, like the reference file's content). */
export function atomFeaturesToJson(f: AtomFeaturizer): string {
  const obj = atomFeaturesToObject(f);
  const lines = Object.entries(obj).map(([z, v]) => `  ${JSON.stringify(z)}: ${JSON.stringify(v)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

export interface LoadAtomFeaturesOptions {
  /** File name for errors and the featurizer's name. */
  file?: string;
  /** Name of the featurizer (default: "atom_init.json (<file>)" or "atom features"). */
  name?: string;
}

/**
 * Parse CGCNN-format atom features: a JSON object whose keys are atomic numbers ("1".."118") and whose
 * values are equally long arrays of finite numbers. Errors name the file, the line and the key.
 */
export function loadAtomFeaturesJson(
  text: string,
  options: LoadAtomFeaturesOptions = {},
): TableAtomFeaturizer {
  const { file } = options;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new XtalInputError(`not valid JSON (${msg})`, { file });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new XtalInputError(
      'atom features must be a JSON object keyed by atomic number, e.g. {"1": [...], "2": [...]}',
      { file },
    );
  }
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length === 0) throw new XtalInputError('atom features file has no elements', { file });
  const vectors = new Map<string, number[]>();
  let length = -1;
  let firstKey = '';
  for (const [key, value] of entries) {
    const where = { file, line: lineOfKey(text, key), field: key };
    if (!/^[1-9][0-9]*$/.test(key) || Number(key) > ELEMENTS.length) {
      throw new XtalInputError(
        `key ${JSON.stringify(key)} is not an atomic number (expected "1".."${ELEMENTS.length}")`,
        where,
      );
    }
    if (!Array.isArray(value)) {
      throw new XtalInputError(`value of element ${key} must be an array of numbers`, where);
    }
    // Features are used as float32: values beyond its range are rejected too.
    const bad = value.findIndex((x) => typeof x !== 'number' || !Number.isFinite(Math.fround(x)));
    if (bad >= 0) {
      throw new XtalInputError(
        `value ${bad} of element ${key} is ${JSON.stringify(value[bad])}, not a finite number`,
        where,
      );
    }
    if (length < 0) {
      length = value.length;
      firstKey = key;
      if (length === 0) throw new XtalInputError(`vector of element ${key} is empty`, where);
    } else if (value.length !== length) {
      throw new XtalInputError(
        `vector of element ${key} has ${value.length} values, but element ${firstKey} has ${length}`,
        where,
      );
    }
    vectors.set(ELEMENTS[Number(key) - 1].symbol, value as number[]);
  }
  const name = options.name ?? (file ? `atom_init.json (${file})` : 'atom features');
  return new TableAtomFeaturizer(name, length, vectors);
}

/** 1-based line of the first `"key":` in the text (for error messages), if found. */
function lineOfKey(text: string, key: string): number | undefined {
  const re = new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`);
  const m = re.exec(text);
  if (!m) return undefined;
  let line = 1;
  for (let i = 0; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
