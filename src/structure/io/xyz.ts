/**
 * Extended XYZ reader and writer (the ASE / QUIP convention).
 *
 * Each frame: a line with the atom count; a comment line of key=value pairs (values may be quoted with
 * "...", or bracketed with {...} or [...]); one line per atom whose columns are described by
 * `Properties=name:type:ncols:...` (types S string, R real, I integer, L logical; default
 * `species:S:1:pos:R:3`). `Lattice="ax ay az bx by bz cx cy cz"` gives the cell; without it, or with a
 * `pbc` that is not all true, the frame is not a 3-D crystal and is rejected. Other keys go to
 * `structure.properties`; per-atom columns other than species/pos go to `site.properties`.
 * Several frames in one file give several structures.
 */
import { XtalInputError, type InputLocation } from '../../errors.js';
import type { Vec3 } from '../lattice.js';
import { Structure, type Site } from '../structure.js';
import { checkLattice, checkStructure } from './checks.js';
import { elementFromName, isKnownElement, symbolOf } from './symbols.js';
import { clip, parseCount, parseReal, splitLines, tokens } from './text.js';

export interface XyzReadOptions {
  file?: string;
}

/** All frames of an extended XYZ text. */
export function readExtxyz(text: string, options: XyzReadOptions = {}): Structure[] {
  const lines = splitLines(text);
  const out: Structure[] = [];
  let i = 0;
  for (;;) {
    while (i < lines.length && lines[i].trim() === '') i++;
    if (i >= lines.length) break;
    const n = frameAtomCount(lines[i], { file: options.file, line: i + 1 });
    const frame = lines.slice(i, i + n + 2);
    out.push(readExtxyzFrame(frame, { file: options.file, firstLine: i + 1 }));
    i += n + 2;
  }
  if (out.length === 0) throw new XtalInputError('the XYZ file is empty', { file: options.file });
  return out;
}

/** The atom count on the first line of a frame (the frame then has count + 2 lines). */
export function frameAtomCount(line: string, where: InputLocation): number {
  const t = tokens(line);
  if (t.length === 0)
    throw new XtalInputError('expected the number of atoms', { ...where, field: 'atom count' });
  const n = parseCount(t[0], { ...where, field: 'atom count' });
  if (n === 0) throw new XtalInputError('the frame has zero atoms', { ...where, field: 'atom count' });
  return n;
}

interface Column {
  name: string;
  type: 'S' | 'R' | 'I' | 'L';
  cols: number;
}

/**
 * One frame given as its lines (count line, comment line, atom lines). `firstLine` is the 1-based
 * line number of the count line in the file, for error messages.
 */
export function readExtxyzFrame(
  frame: string[],
  options: { file?: string; firstLine?: number } = {},
): Structure {
  const file = options.file;
  const base = options.firstLine ?? 1;
  const at = (k: number, field?: string): InputLocation => ({ file, line: base + k, field });
  const n = frameAtomCount(frame[0] ?? '', at(0));
  if (frame.length < n + 2)
    throw new XtalInputError(
      `the frame promises ${n} atoms but the file ends after ${Math.max(0, frame.length - 2)}`,
      at(0, 'atom count'),
    );
  const info = parseKeyValues(frame[1] ?? '', at(1));
  const keys = new Map([...info.keys()].map((k) => [k.toLowerCase(), k]));

  const latticeKey = keys.get('lattice');
  if (!latticeKey)
    throw new XtalInputError(
      'no Lattice="..." on the comment line: this is a molecule or plain XYZ, and xtal needs a periodic cell',
      at(1, 'Lattice'),
    );
  const latTokens = valueTokens(info.get(latticeKey)!);
  if (latTokens.length !== 9)
    throw new XtalInputError(`Lattice needs 9 numbers, found ${latTokens.length}`, at(1, 'Lattice'));
  const lv = latTokens.map((t) => parseReal(t, at(1, 'Lattice')));
  const lattice = checkLattice([lv.slice(0, 3), lv.slice(3, 6), lv.slice(6, 9)], at(1, 'Lattice'));

  const pbcKey = keys.get('pbc');
  if (pbcKey) {
    const p = valueTokens(info.get(pbcKey)!);
    if (p.length !== 3 || !p.every((x) => /^(T|True|true|1)$/.test(x)))
      throw new XtalInputError(
        `pbc="${info.get(pbcKey)}": only structures periodic in all three directions are supported`,
        at(1, 'pbc'),
      );
  }

  const propsKey = keys.get('properties');
  const columns = parseColumns(propsKey ? info.get(propsKey)! : 'species:S:1:pos:R:3', at(1, 'Properties'));
  const speciesCol = columns.find((c) => c.name === 'species') ?? columns.find((c) => c.name === 'Z');
  const posCol = columns.find((c) => c.name === 'pos' || c.name === 'positions');
  if (!speciesCol) throw new XtalInputError('Properties has no species (or Z) column', at(1, 'Properties'));
  if (!posCol || posCol.cols !== 3 || posCol.type !== 'R')
    throw new XtalInputError('Properties has no pos:R:3 column', at(1, 'Properties'));
  const width = columns.reduce((s, c) => s + c.cols, 0);

  const sites: Site[] = [];
  for (let k = 0; k < n; k++) {
    const li = k + 2;
    const t = tokens(frame[li]);
    if (t.length < width)
      throw new XtalInputError(`atom ${k + 1} has ${t.length} columns, Properties needs ${width}`, at(li));
    let c = 0;
    let element = '';
    let pos: Vec3 = [0, 0, 0];
    const props: Record<string, unknown> = {};
    for (const col of columns) {
      const cells = t.slice(c, c + col.cols);
      c += col.cols;
      const where = at(li, col.name);
      if (col === speciesCol) {
        element =
          speciesCol.name === 'Z' ? (symbolOf(Number(cells[0])) ?? '') : (elementFromName(cells[0]) ?? '');
        if (!isKnownElement(element)) throw new XtalInputError(`unknown element "${clip(cells[0])}"`, where);
      } else if (col === posCol) {
        pos = cells.map((x) => parseReal(x, where)) as Vec3;
      } else {
        const values = cells.map((x) => cellValue(x, col.type, where));
        props[col.name] = col.cols === 1 ? values[0] : values;
      }
    }
    const site: Site = { species: [{ element, occu: 1 }], frac: lattice.toFractional(pos) };
    if (Object.keys(props).length) site.properties = props;
    sites.push(site);
  }

  const properties: Record<string, unknown> = {};
  for (const [key, raw] of info) {
    const low = key.toLowerCase();
    if (low === 'lattice' || low === 'properties' || low === 'pbc') continue;
    properties[key] = low === 'id' || low === 'comment' ? raw : infoValue(raw);
  }
  return checkStructure(new Structure(lattice, sites, properties), { file, line: base });
}

/** key=value pairs of the comment line, in order; a bare key means true. */
export function parseKeyValues(line: string, where: InputLocation = {}): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  const s = line;
  const skipSpace = (): void => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const readValue = (): string => {
    const open = s[i];
    if (open === '"' || open === "'") {
      let v = '';
      i++;
      while (i < s.length && s[i] !== open) {
        if (s[i] === '\\' && i + 1 < s.length) {
          i++;
          v += s[i] === 'n' ? '\n' : s[i];
        } else v += s[i];
        i++;
      }
      if (i >= s.length) throw new XtalInputError(`unterminated ${open}-quoted value`, where);
      i++;
      return v;
    }
    if (open === '{' || open === '[') {
      const close = open === '{' ? '}' : ']';
      const end = s.indexOf(close, i);
      if (end < 0) throw new XtalInputError(`unterminated ${open}...${close} value`, where);
      const v = s.slice(i, end + 1);
      i = end + 1;
      return v;
    }
    const start = i;
    while (i < s.length && !/\s/.test(s[i])) i++;
    return s.slice(start, i);
  };
  skipSpace();
  while (i < s.length) {
    const start = i;
    while (i < s.length && !/[\s=]/.test(s[i])) i++;
    let key = s.slice(start, i);
    if (key.startsWith('"') || key.startsWith("'")) {
      i = start;
      key = readValue();
    }
    skipSpace();
    if (s[i] === '=') {
      i++;
      skipSpace();
      out.set(key, readValue());
    } else if (key) out.set(key, 'T');
    else i++;
    skipSpace();
  }
  return out;
}

function parseColumns(spec: string, where: InputLocation): Column[] {
  const parts = spec.split(':');
  if (parts.length % 3 !== 0 || parts.length === 0)
    throw new XtalInputError(`"${clip(spec)}" is not a list of name:type:columns triples`, where);
  const out: Column[] = [];
  for (let i = 0; i < parts.length; i += 3) {
    const type = parts[i + 1].toUpperCase();
    const cols = Number(parts[i + 2]);
    if (!['S', 'R', 'I', 'L'].includes(type) || !Number.isInteger(cols) || cols < 1)
      throw new XtalInputError(`bad column description "${parts.slice(i, i + 3).join(':')}"`, where);
    out.push({ name: parts[i], type: type as Column['type'], cols });
  }
  return out;
}

function cellValue(x: string, type: Column['type'], where: InputLocation): unknown {
  if (type === 'S') return x;
  if (type === 'L') return /^(T|True|true|1)$/.test(x);
  return parseReal(x, where);
}

/** Tokens of a bracketed or quoted list value: "1 2 3", "[1, 2, 3]", "{T T F}". */
function valueTokens(raw: string): string[] {
  return raw
    .replace(/^[[{]|[\]}]$/g, '')
    .split(/[\s,]+/)
    .filter((t) => t !== '');
}

/** A comment-line value as number, boolean, array of those, or string. */
function infoValue(raw: string): unknown {
  const t = valueTokens(raw);
  const isNum = (x: string): boolean => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(x);
  const isBool = (x: string): boolean => /^(T|F|True|False|true|false)$/.test(x);
  if (t.length > 0 && t.every(isNum))
    return t.length === 1 && !/^[[{]/.test(raw) ? Number(t[0]) : t.map(Number);
  if (t.length > 0 && t.every(isBool)) {
    const b = t.map((x) => /^[Tt]/.test(x));
    return t.length === 1 && !/^[[{]/.test(raw) ? b[0] : b;
  }
  return raw;
}

/**
 * Extended XYZ text of one structure (Cartesian positions). Per-site properties present on every site
 * with a consistent type (number, boolean, word, or fixed-length array of numbers or booleans) become
 * columns; scalar and numeric-array structure properties go on the comment line.
 */
export function writeExtxyz(structure: Structure): string {
  structure.sites.forEach((site, i) => {
    if (site.species.length !== 1 || Math.abs(site.species[0].occu - 1) > 1e-8)
      throw new XtalInputError(
        `extended XYZ cannot hold a mixed or partially occupied site (site ${i + 1}); write CIF or pymatgen JSON`,
        { field: 'sites' },
      );
  });
  const extra = siteColumns(structure.sites);
  const props = ['species:S:1', 'pos:R:3', ...extra.map((c) => `${c.name}:${c.type}:${c.cols}`)].join(':');
  const m = structure.lattice.matrix;
  const info: string[] = [`Lattice="${m.flat().map(num).join(' ')}"`, `Properties=${props}`];
  for (const [key, value] of Object.entries(structure.properties)) {
    if (!/^[A-Za-z_][\w.-]*$/.test(key) || ['lattice', 'properties', 'pbc'].includes(key.toLowerCase()))
      continue;
    const v = infoText(value);
    if (v !== undefined) info.push(`${key}=${v}`);
  }
  info.push('pbc="T T T"');
  const out = [String(structure.numSites), info.join(' ')];
  structure.sites.forEach((site, i) => {
    const cells = [site.species[0].element, ...structure.cartesian(i).map(num)];
    for (const c of extra) {
      const v = site.properties![c.name];
      for (const x of Array.isArray(v) ? v : [v])
        cells.push(c.type === 'L' ? (x ? 'T' : 'F') : c.type === 'R' ? num(x as number) : String(x));
    }
    out.push(cells.join(' '));
  });
  return out.join('\n') + '\n';
}

/** Several structures as one multi-frame file. */
export function writeExtxyzFrames(structures: Structure[]): string {
  return structures.map(writeExtxyz).join('');
}

function siteColumns(sites: Site[]): Column[] {
  const first = sites[0]?.properties ?? {};
  const out: Column[] = [];
  for (const [name, v0] of Object.entries(first)) {
    if (!/^[A-Za-z_]\w*$/.test(name) || name === 'species' || name === 'pos') continue;
    const kind = cellKind(v0);
    if (!kind) continue;
    if (sites.every((s) => s.properties && sameKind(cellKind(s.properties[name]), kind)))
      out.push({ name, type: kind.type, cols: kind.cols });
  }
  return out;
}

function cellKind(v: unknown): { type: Column['type']; cols: number } | undefined {
  const scalar = (x: unknown): Column['type'] | undefined =>
    typeof x === 'number' && Number.isFinite(x)
      ? 'R'
      : typeof x === 'boolean'
        ? 'L'
        : typeof x === 'string' && /^\S+$/.test(x)
          ? 'S'
          : undefined;
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    const t = scalar(v[0]);
    if (!t || t === 'S' || !v.every((x) => scalar(x) === t)) return undefined;
    return { type: t, cols: v.length };
  }
  const t = scalar(v);
  return t ? { type: t, cols: 1 } : undefined;
}

function sameKind(a: ReturnType<typeof cellKind>, b: { type: Column['type']; cols: number }): boolean {
  return !!a && a.type === b.type && a.cols === b.cols;
}

function infoText(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? num(v) : undefined;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (typeof v === 'string')
    return '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x)))
    return `"${v.map(num).join(' ')}"`;
  return undefined;
}

function num(x: number): string {
  return String(x === 0 ? 0 : x);
}
