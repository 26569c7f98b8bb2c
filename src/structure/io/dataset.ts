/**
 * Dataset descriptions used by training: a table of ids and targets paired with a folder of structure
 * files named by id.
 * - CGCNN folders: `id_prop.csv` (id,target[,more targets], no header) with `<id>.cif` next to it or in
 *   `cifs/`, and optionally `atom_init.json` (only its path is reported).
 * - A CSV with a header and an id column (e.g. `targets.csv` with `material_id`) plus a folder such as
 *   `cifs/` holding `<id>.cif` (or `<id>.vasp`, `<id>.json`, ...; an id that already is a file name,
 *   like 3DSC's `cif_file`, is used as it is).
 * Rows whose structure file is missing are listed in `missing`, never silently dropped.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { XtalInputError } from '../../errors.js';
import { iterateCsvRecords } from './csv.js';
import { fileStream } from './files.js';
import { isStructureFileName } from './format.js';
import { ID_COLUMNS, tableValue } from './table.js';

export interface DatasetRow {
  id: string;
  /** Path of the structure file, absent when it is missing. */
  file?: string;
  /** 1-based line of the row in the table. */
  line: number;
  /** The other columns (numbers where they parse as numbers). */
  properties: Record<string, unknown>;
}

export interface DatasetTable {
  kind: 'cgcnn' | 'table';
  /** The CSV file. */
  table: string;
  /** Folder searched for the structure files. */
  structureDir: string;
  /** CGCNN `atom_init.json` next to id_prop.csv, when present (only reported here). */
  atomInit?: string;
  idColumn: string;
  columns: string[];
  rows: DatasetRow[];
  /** Ids without a structure file. */
  missing: string[];
  /** Ids that occur more than once (each row is kept). */
  duplicateIds: string[];
  /** Rows that could not be read (wrong number of fields). */
  errors: XtalInputError[];
}

export interface DatasetTableOptions {
  /** Folder of structure files (default: `cifs/`, `structures/` or the table's own folder). */
  structureDir?: string;
  /** Id column (default: the first of material_id, mp_id, ..., else the first column). */
  idColumn?: string;
  /** The table has no header row; columns are named `id`, `target`, `target_2`, ... */
  noHeader?: boolean;
}

const STRUCTURE_DIRS = ['cifs', 'cif', 'structures', 'poscars', 'files'];

/** True when a folder looks like a CGCNN dataset (it holds id_prop.csv). */
export function isCgcnnFolder(dir: string): boolean {
  return existsSync(join(dir, 'id_prop.csv'));
}

/**
 * The table-plus-folder dataset in a folder, if it is one: `id_prop.csv` (CGCNN), or a single CSV next
 * to a structure folder (`cifs/`, `structures/`...). Returns the CSV path and the folder, or undefined.
 */
export function findDatasetInFolder(
  dir: string,
): { table: string; structureDir: string; cgcnn: boolean } | undefined {
  if (isCgcnnFolder(dir))
    return { table: join(dir, 'id_prop.csv'), structureDir: guessStructureDir(dir), cgcnn: true };
  const sub = STRUCTURE_DIRS.map((d) => join(dir, d)).find(isDir);
  if (!sub) return undefined;
  const csvs = readdirSync(dir).filter((f) => /\.csv$/i.test(f));
  if (csvs.length !== 1) return undefined;
  return { table: join(dir, csvs[0]), structureDir: sub, cgcnn: false };
}

function guessStructureDir(dir: string): string {
  return STRUCTURE_DIRS.map((d) => join(dir, d)).find(isDir) ?? dir;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Id → file name in a folder (ids without extension, and full names). */
export class StructureFolder {
  private readonly byId = new Map<string, string>();
  private readonly names = new Set<string>();
  constructor(readonly dir: string) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort();
    } catch {
      throw new XtalInputError('the structure folder cannot be read', { file: dir });
    }
    for (const name of names) {
      if (!isStructureFileName(name)) continue;
      this.names.add(name);
      const id = name.replace(/\.gz$/i, '').replace(/\.[^.]+$/, '');
      if (!this.byId.has(id)) this.byId.set(id, name);
    }
  }
  /** Path of the structure file of an id, or undefined. */
  fileOf(id: string): string | undefined {
    if (this.names.has(id)) return join(this.dir, id);
    const name = this.byId.get(id);
    return name ? join(this.dir, name) : undefined;
  }
}

/**
 * Rows of a dataset table, streamed (the table is read row by row). `header` comes first, then one
 * item per row: a row or an error.
 */
export async function* iterateDatasetRows(
  table: string,
  options: DatasetTableOptions & { cgcnn?: boolean } = {},
): AsyncGenerator<{ header: string[]; idColumn: string } | { row: DatasetRow } | { error: XtalInputError }> {
  const folder = new StructureFolder(options.structureDir ?? guessStructureDir(dirname(table)));
  let header: string[] | undefined;
  let idIndex = 0;
  const noHeader = options.noHeader ?? options.cgcnn ?? basename(table) === 'id_prop.csv';
  let idColumn: string | undefined;
  for await (const rec of iterateCsvRecords(fileStream(table), { file: table })) {
    let firstIsData = false;
    if (!header) {
      firstIsData = noHeader && !(rec.fields.length > 1 && isHeaderLike(rec.fields));
      header = firstIsData
        ? ['id', 'target', ...rec.fields.slice(2).map((_, k) => `target_${k + 2}`)]
        : rec.fields.map((h) => h.trim());
      if (options.idColumn !== undefined && !header.includes(options.idColumn))
        throw new XtalInputError(`no id column "${options.idColumn}" (columns: ${header.join(', ')})`, {
          file: table,
          line: rec.line,
          field: options.idColumn,
        });
      if (!firstIsData) continue;
    }
    if (idColumn === undefined) {
      // The id column: as given; else the first known id column whose value names a file in the folder
      // (3DSC's cif_file beats its mp_id); else the first known id column; else the first column.
      const h = header;
      const known = ID_COLUMNS.filter((c) => h.includes(c));
      idColumn =
        options.idColumn ??
        [...known, ...h].find((c) => folder.fileOf(rec.fields[h.indexOf(c)]?.trim() ?? '') !== undefined) ??
        known[0] ??
        h[0];
      idIndex = header.indexOf(idColumn);
      yield { header, idColumn };
    }
    if (rec.fields.length !== header.length) {
      yield {
        error: new XtalInputError(`${rec.fields.length} fields where the header has ${header.length}`, {
          file: table,
          line: rec.line,
        }),
      };
      continue;
    }
    const idText = rec.fields[idIndex].trim();
    const file = folder.fileOf(idText);
    // An id that is a file name ("x.cif") is shown without its extension.
    const id =
      file && basename(file) === idText && isStructureFileName(idText) ? stripExtension(idText) : idText;
    const properties: Record<string, unknown> = {};
    header.forEach((h, k) => {
      if (k !== idIndex && h !== '') properties[h] = tableValue(rec.fields[k]);
    });
    yield { row: { id, file, line: rec.line, properties } };
  }
}

function stripExtension(name: string): string {
  return name.replace(/\.gz$/i, '').replace(/\.[^.]+$/, '');
}

/** A header row: some field is not a number (ids may be numbers, targets are). */
function isHeaderLike(fields: string[]): boolean {
  return fields.slice(1).some((f) => f.trim() !== '' && !Number.isFinite(Number(f)));
}

/** The whole dataset description (all rows in memory: ids and targets, not structures). */
export async function readDatasetTable(
  table: string,
  options: DatasetTableOptions = {},
): Promise<DatasetTable> {
  const cgcnn = basename(table) === 'id_prop.csv';
  const structureDir = options.structureDir ?? guessStructureDir(dirname(table));
  const out: DatasetTable = {
    kind: cgcnn ? 'cgcnn' : 'table',
    table,
    structureDir,
    idColumn: '',
    columns: [],
    rows: [],
    missing: [],
    duplicateIds: [],
    errors: [],
  };
  const atomInit = join(dirname(table), 'atom_init.json');
  if (cgcnn && existsSync(atomInit)) out.atomInit = atomInit;
  const seen = new Set<string>();
  const dup = new Set<string>();
  for await (const item of iterateDatasetRows(table, { ...options, structureDir, cgcnn })) {
    if ('header' in item) {
      out.columns = item.header;
      out.idColumn = item.idColumn;
    } else if ('error' in item) out.errors.push(item.error);
    else {
      const r = item.row;
      out.rows.push(r);
      if (!r.file) out.missing.push(r.id);
      if (seen.has(r.id)) dup.add(r.id);
      seen.add(r.id);
    }
  }
  out.duplicateIds = [...dup];
  return out;
}

/** A CGCNN dataset folder (id_prop.csv + <id>.cif [+ atom_init.json]). */
export function readCgcnnDataset(
  dir: string,
  options: Omit<DatasetTableOptions, 'noHeader'> = {},
): Promise<DatasetTable> {
  const table = join(dir, 'id_prop.csv');
  if (!existsSync(table))
    throw new XtalInputError('not a CGCNN dataset folder: id_prop.csv is missing', { file: dir });
  return readDatasetTable(table, options);
}
