/**
 * Format-independent entry points that need no file system (usable in the browser):
 * `readStructureText` (text → structures, throwing on bad input), `readStructureEntries` (text →
 * entries, one per structure, bad rows or blocks kept as errors), and `writeStructure`.
 */
import { XtalInputError } from '../../errors.js';
import type { Structure } from '../structure.js';
import { readCif, writeCif } from './cif.js';
import { parseCsv } from './csv.js';
import type { ParsedItem, StructureEntry } from './entry.js';
import { parseFormatName, sniffFormat, type StructureFormat, type WriteFormat } from './format.js';
import { isOptimadeValue, readOptimadeValue } from './optimade.js';
import { readPoscar, writePoscar } from './poscar.js';
import { isPymatgenStructureDict, structureFromPymatgen } from './pymatgen.js';
import {
  jsonTable,
  planTable,
  readJsonTableValue,
  tableRowItem,
  type TableOptions,
  type TableRow,
} from './table.js';
import { readExtxyz, writeExtxyz } from './xyz.js';

export interface ReadTextOptions extends TableOptions {
  /** File name: used in errors, as `source`, and (without extension) as the id. */
  file?: string;
  /** Species for VASP 4 POSCARs without a species line. */
  species?: string[];
}

/** The id of a single-structure file: its name without directories and extensions (.gz too). */
export function idFromPath(path: string): string {
  const b = path.split(/[\\/]/).pop() ?? path;
  const noGz = b.replace(/\.gz$/i, '');
  const stem = noGz.replace(/\.[^.]+$/, '');
  return stem === '' ? noGz : stem;
}

/**
 * Every structure in a text, as entries: one per structure, block, frame or row, with ids as
 * described in docs/formats.md. A bad row or entry becomes an entry with `error`; a file that cannot be
 * read at all becomes a single error entry. Never throws XtalInputError.
 */
export function readStructureEntries(
  text: string,
  format?: StructureFormat | string,
  options: ReadTextOptions = {},
): StructureEntry[] {
  const file = options.file;
  const source = file ?? '<text>';
  const base = file ? idFromPath(file) : 'structure';
  try {
    const fmt = format ? parseFormatName(format) : sniffFormat(text.slice(0, 4096));
    if (!fmt) throw new XtalInputError('cannot tell the format of this text (give it explicitly)', { file });
    const items = readItems(text, fmt, options);
    if (items.length === 0) throw new XtalInputError('the text holds no structure', { file });
    return itemsToEntries(items, base, source);
  } catch (e) {
    if (e instanceof XtalInputError) return [{ id: base, source, error: file ? e.withFile(file) : e }];
    throw e;
  }
}

/** Every structure in a text; throws the first XtalInputError met. */
export function readStructureText(
  text: string,
  format?: StructureFormat | string,
  options: ReadTextOptions = {},
): Structure[] {
  const entries = readStructureEntries(text, format, options);
  const bad = entries.find((e) => e.error);
  if (bad) throw bad.error;
  return entries.map((e) => e.structure!);
}

/** Items of a text in a known format (may throw XtalInputError for the whole text). */
export function readItems(text: string, fmt: StructureFormat, options: ReadTextOptions = {}): ParsedItem[] {
  const file = options.file;
  if (text.trim() === '') throw new XtalInputError(`the ${fmt.toUpperCase()} file is empty`, { file });
  switch (fmt) {
    case 'poscar':
      return [{ structure: readPoscar(text, { file, species: options.species }) }];
    case 'cif':
      return readCif(text, { file }).map((structure) => ({ structure }));
    case 'extxyz':
      return readExtxyz(text, { file }).map((structure) => ({ structure }));
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new XtalInputError(`invalid JSON: ${(e as Error).message}`, { file });
      }
      return readJsonValue(value, options);
    }
    case 'csv':
      return readCsvText(text, options);
  }
}

/** A parsed JSON value of any supported kind. */
export function readJsonValue(value: unknown, options: ReadTextOptions = {}): ParsedItem[] {
  const file = options.file;
  if (isPymatgenStructureDict(value)) return [{ structure: structureFromPymatgen(value, { file }) }];
  if (Array.isArray(value) && value.length > 0 && value.every(isPymatgenStructureDict))
    return value.map((d, i) => {
      try {
        return { structure: structureFromPymatgen(d, { file, field: `[${i}]` }) };
      } catch (e) {
        if (e instanceof XtalInputError) return { error: e };
        throw e;
      }
    });
  if (isOptimadeValue(value)) return readOptimadeValue(value, { file });
  if (jsonTable(value)) return readJsonTableValue(value, options);
  throw new XtalInputError(
    'this JSON is neither a pymatgen Structure (or a list of them), an OPTIMADE structures response, ' +
      'nor a table of structures (pandas split/columns/index/records/table layout)',
    { file },
  );
}

function readCsvText(text: string, options: ReadTextOptions): ParsedItem[] {
  const records = parseCsv(text, { file: options.file });
  if (records.length === 0) throw new XtalInputError('the CSV file is empty', { file: options.file });
  const header = records[0].map((h) => h.trim());
  const rows: TableRow[] = records.slice(1).map((r, i) => {
    const values: Record<string, unknown> = {};
    header.forEach((h, k) => (values[h] = r[k]));
    return { key: String(i + 1), values };
  });
  const plan = planTable(header, rows.slice(0, 5), options);
  return rows.map((r, i) =>
    records[i + 1].length !== header.length
      ? {
          id: r.key,
          error: new XtalInputError(`${records[i + 1].length} fields where the header has ${header.length}`, {
            file: options.file,
            field: `row ${i + 1}`,
          }),
        }
      : tableRowItem(r, plan, options.file),
  );
}

/**
 * Items to entries with ids: a single unnamed structure takes the file's id, several take `file#n`
 * (1-based); items with their own id (table rows, OPTIMADE entries) keep it.
 */
export function itemsToEntries(items: ParsedItem[], base: string, source: string): StructureEntry[] {
  const single = items.length === 1;
  return items.map((it, i) => {
    const id = it.id ?? (single ? base : `${base}#${i + 1}`);
    const entry: StructureEntry = { id, source: single ? source : `${source}#${i + 1}` };
    if (it.structure) entry.structure = stamp(it.structure, id, source);
    if (it.error) entry.error = it.error;
    if (it.properties) entry.properties = it.properties;
    return entry;
  });
}

/** Set the run id and source on a structure (a different id it had is kept as `name`). */
export function stamp(s: Structure, id: string, source: string): Structure {
  const prev = s.properties.id;
  if (prev !== undefined && prev !== id && s.properties.name === undefined) s.properties.name = prev;
  s.properties.id = id;
  s.properties.source = source;
  return s;
}

/** Text of a structure in a format: cif, poscar (VASP 5), extxyz, or json (pymatgen dict). */
export function writeStructure(structure: Structure, format: WriteFormat | string): string {
  const f = format.toLowerCase();
  switch (f) {
    case 'cif':
      return writeCif(structure);
    case 'poscar':
    case 'vasp':
    case 'contcar':
      return writePoscar(structure);
    case 'xyz':
    case 'extxyz':
      return writeExtxyz(structure);
    case 'json':
    case 'pymatgen':
      return JSON.stringify(structure.toJSON(), null, 1) + '\n';
    default:
      throw new XtalInputError(`cannot write format "${format}" (cif, poscar, extxyz, json)`, {
        field: 'format',
      });
  }
}
