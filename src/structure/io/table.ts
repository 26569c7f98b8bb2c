/**
 * Tables of structures with per-row values (targets): pandas / matminer JSON in the "split"
 * (`{columns, index, data}`), "columns" (`{col: {rowkey: value}}`), "index" (`{rowkey: {col: value}}`),
 * "records" (`[{col: value}, ...]`) and "table" (`{schema, data: [records]}`) layouts, and CSV rows. One column holds the structure (a
 * pymatgen dict, a Python repr of one, CIF or POSCAR text); it is found by name or by content unless
 * given. The id comes from a known id column or the row key; every other column becomes a property,
 * except the structure column and other structure-text columns (cif, poscar).
 * Pure: gzip and files are handled by the callers.
 */
import { XtalInputError, type InputLocation } from '../../errors.js';
import type { ParsedItem } from './entry.js';
import { cellKind, structureFromCell, type CellKind } from './cell.js';
import { isDict, isPymatgenStructureDict } from './pymatgen.js';

export interface TableOptions {
  /** Column holding the structures (default: detected). */
  structureColumn?: string;
  /** Column holding the ids (default: the first of ID_COLUMNS present, else the row key). */
  idColumn?: string;
  /** Only these columns become properties (default: all but structure columns). */
  propertyColumns?: string[];
  file?: string;
}

/** Column names taken as the id, in order of preference. */
export const ID_COLUMNS = ['material_id', 'mp_id', 'task_id', 'mbid', 'jid', 'id', 'name', 'cif_file', 'i'];
/** Column names that may hold structures, in order of preference. */
export const STRUCTURE_COLUMNS = [
  'structure',
  'initial_structure',
  'final_structure',
  'atoms',
  'cif',
  'poscar',
];

export interface TableRow {
  key: string;
  values: Record<string, unknown>;
  /** 1-based line in the file (CSV) when known. */
  line?: number;
}

export interface JsonTable {
  layout: 'split' | 'columns' | 'index' | 'records';
  columns: string[];
  rows: TableRow[];
}

/** The rows of a pandas-style JSON table, or undefined when the value is not one. */
export function jsonTable(value: unknown): JsonTable | undefined {
  if (isDict(value) && Array.isArray(value.columns) && Array.isArray(value.data)) {
    const columns = value.columns.map(String);
    const index = Array.isArray(value.index) ? value.index : undefined;
    const rows = (value.data as unknown[]).map((r, i) => {
      const values: Record<string, unknown> = {};
      if (Array.isArray(r)) columns.forEach((c, k) => (values[c] = r[k]));
      return { key: String(index ? index[i] : i), values };
    });
    return { layout: 'split', columns, rows };
  }
  // pandas orient="table": {schema, data: [records]} (the index is one of the record fields).
  if (isDict(value) && isDict(value.schema) && Array.isArray(value.data)) return jsonTable(value.data);
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(isDict) &&
    !value.some(isPymatgenStructureDict)
  ) {
    if (!value.some((r) => Object.values(r).some((v) => cellKind(v) !== undefined))) return undefined;
    const columns = [...new Set(value.flatMap((r) => Object.keys(r)))];
    return { layout: 'records', columns, rows: value.map((values, i) => ({ key: String(i), values })) };
  }
  if (isDict(value) && !isPymatgenStructureDict(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 || !entries.every(([, v]) => isDict(v))) return undefined;
    const inner = entries as [string, Record<string, unknown>][];
    const isCell = (v: unknown): boolean => cellKind(v) !== undefined;
    // "index": row key -> {column: value}, where a structure sits under a structure-like column name
    // (checked first: a row's values also include a structure).
    const [, firstRow] = inner[0];
    const indexLike = Object.entries(firstRow).some(
      ([k, v]) => STRUCTURE_COLUMNS.includes(k.toLowerCase()) && isCell(v),
    );
    // "columns": some top-level entry maps every row key to a structure (or nothing).
    const columnLike = inner.some(([, col]) => {
      const vals = Object.values(col).slice(0, 20);
      return vals.some(isCell) && vals.every((v) => v === null || isCell(v));
    });
    if (columnLike && !indexLike) {
      const columns = inner.map(([c]) => c);
      const keys = [...new Set(inner.flatMap(([, col]) => Object.keys(col)))];
      const rows = keys.map((key) => {
        const values: Record<string, unknown> = {};
        for (const [c, col] of inner) values[c] = col[key];
        return { key, values };
      });
      return { layout: 'columns', columns, rows };
    }
    if (inner.slice(0, 5).some(([, row]) => Object.values(row).some(isCell))) {
      const columns = [...new Set(inner.flatMap(([, row]) => Object.keys(row)))];
      return { layout: 'index', columns, rows: inner.map(([key, values]) => ({ key, values })) };
    }
  }
  return undefined;
}

export interface TablePlan {
  structureColumn: string;
  structureKind?: CellKind;
  idColumn?: string;
  propertyColumns: string[];
}

/** Decide which column holds structures and ids, from names and the first rows. */
export function planTable(columns: string[], firstRows: TableRow[], options: TableOptions = {}): TablePlan {
  const where: InputLocation = { file: options.file };
  let structureColumn = options.structureColumn;
  if (structureColumn !== undefined && !columns.includes(structureColumn))
    throw new XtalInputError(`no column "${structureColumn}" (columns: ${columns.join(', ')})`, {
      ...where,
      field: structureColumn,
    });
  const kindOf = (c: string): CellKind | undefined => {
    for (const r of firstRows) {
      const k = cellKind(r.values[c]);
      if (k) return k;
    }
    return undefined;
  };
  if (structureColumn === undefined) {
    const byName = STRUCTURE_COLUMNS.flatMap((n) => columns.filter((c) => c.toLowerCase() === n));
    const byContent = columns.filter((c) => kindOf(c) !== undefined);
    // A column of pymatgen dicts beats CIF text beats POSCAR text; names break ties.
    const rank = (c: string): number => {
      const k = kindOf(c);
      const kr = k === 'pymatgen' ? 0 : k === 'pymatgen-text' ? 1 : k === 'cif' ? 2 : k === 'poscar' ? 3 : 4;
      const nr = byName.indexOf(c);
      return kr * 100 + (nr < 0 ? 50 : nr);
    };
    const candidates = [...new Set([...byContent, ...byName])].sort((a, b) => rank(a) - rank(b));
    structureColumn = candidates[0];
  }
  if (structureColumn === undefined)
    throw new XtalInputError(
      `no column holds structures (looked for pymatgen dicts, CIF or POSCAR text; columns: ${columns.join(', ')}); ` +
        'name it with the structure-column option, or give a folder of structure files',
      where,
    );
  let idColumn = options.idColumn;
  if (idColumn !== undefined && !columns.includes(idColumn))
    throw new XtalInputError(`no id column "${idColumn}" (columns: ${columns.join(', ')})`, {
      ...where,
      field: idColumn,
    });
  idColumn ??= ID_COLUMNS.find((n) => columns.includes(n));
  const skip = new Set([
    structureColumn,
    ...columns.filter((c) => STRUCTURE_COLUMNS.includes(c.toLowerCase())),
  ]);
  const propertyColumns = options.propertyColumns ?? columns.filter((c) => !skip.has(c) && c !== '');
  for (const c of propertyColumns)
    if (!columns.includes(c)) throw new XtalInputError(`no column "${c}"`, { ...where, field: c });
  return { structureColumn, structureKind: kindOf(structureColumn), idColumn, propertyColumns };
}

/** One row to an item: the structure (or the error), id and properties. Never throws. */
export function tableRowItem(row: TableRow, plan: TablePlan, file?: string): ParsedItem {
  const rawId = plan.idColumn !== undefined ? row.values[plan.idColumn] : undefined;
  const id = rawId !== undefined && rawId !== null && rawId !== '' ? String(rawId) : row.key;
  const properties: Record<string, unknown> = {};
  for (const c of plan.propertyColumns) properties[c] = tableValue(row.values[c]);
  const where: InputLocation = { file, line: row.line, field: `row ${id}, column ${plan.structureColumn}` };
  try {
    const structure = structureFromCell(row.values[plan.structureColumn], where);
    structure.properties.id ??= id;
    return { id, structure, properties };
  } catch (e) {
    if (e instanceof XtalInputError) {
      // Readers of the cell do not know the row; name it.
      const err = e.field
        ? e
        : new XtalInputError(e.reason, { file, line: row.line ?? e.line, field: where.field });
      return { id, error: err, properties };
    }
    // A defect of a reader on this row must not end a batch of 10^5 rows: report it on the row.
    const msg = e instanceof Error ? e.message : String(e);
    return { id, error: new XtalInputError(`cannot read the structure: ${msg}`, where), properties };
  }
}

/** A CSV string as a number when it is one, null when empty; other values unchanged. */
export function tableValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (t === '') return null;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^(nan|NaN)$/.test(t)) return NaN;
  return v;
}

/** Every row of a JSON table value. Throws only when the value is not a usable table. */
export function readJsonTableValue(value: unknown, options: TableOptions = {}): ParsedItem[] {
  const table = jsonTable(value);
  if (!table) throw new XtalInputError('not a table of structures', { file: options.file });
  const plan = planTable(table.columns, table.rows.slice(0, 20), options);
  return table.rows.map((r) => tableRowItem(r, plan, options.file));
}
