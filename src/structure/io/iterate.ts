/**
 * The batch input stream: files, folders, glob patterns and dataset files in, one StructureEntry per
 * structure out, with bounded memory (files are read one at a time; CSV tables row by row; multi-block
 * CIF and multi-frame XYZ block by block). A bad file, block or row becomes an entry with `error` and the
 * iteration goes on. Ids are unique within one run (duplicates get "~2", "~3", ...).
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { XtalInputError } from '../../errors.js';
import type { Structure } from '../structure.js';
import { readCif } from './cif.js';
import { idFromPath, readItems, itemsToEntries, stamp } from './convert.js';
import { iterateCsvRecords } from './csv.js';
import { findDatasetInFolder, iterateDatasetRows } from './dataset.js';
import type { StructureEntry } from './entry.js';
import { fileHead, fileLines, fileStream, readTextFile, smallFileLines } from './files.js';
import { formatFromPath, isStructureFileName, parseFormatName, type StructureFormat } from './format.js';
import { expandGlob, hasGlobMagic } from './glob.js';
import { planTable, tableRowItem, type TableOptions, type TableRow } from './table.js';
import { frameAtomCount, readExtxyzFrame } from './xyz.js';

export interface IterateOptions extends TableOptions {
  /** Read every file in this format instead of deciding by name and content. */
  format?: StructureFormat | string;
  /** Folder of `<id>.<ext>` structure files for tables without a structure column. */
  structureDir?: string;
  /** Species for VASP 4 POSCARs without a species line. */
  species?: string[];
  /** Working directory for relative paths and glob patterns (default: process.cwd()). */
  cwd?: string;
}

/** Every structure of the inputs, in order; never throws for bad input (see the file comment). */
export async function* iterateStructures(
  inputs: string[],
  options: IterateOptions = {},
): AsyncGenerator<StructureEntry> {
  const ids = new UniqueIds();
  for (const input of inputs) {
    for await (const entry of inputEntries(input, options)) {
      const id = ids.take(entry.id);
      if (id !== entry.id) {
        entry.id = id;
        if (entry.structure) entry.structure.properties.id = id;
      }
      yield entry;
    }
  }
}

/** Makes ids unique within a run: the second "x" becomes "x~2", the third "x~3". */
export class UniqueIds {
  private readonly seen = new Map<string, number>();
  take(id: string): string {
    const n = this.seen.get(id);
    if (n === undefined) {
      this.seen.set(id, 1);
      return id;
    }
    let k = n + 1;
    while (this.seen.has(`${id}~${k}`)) k++;
    this.seen.set(id, k);
    this.seen.set(`${id}~${k}`, 1);
    return `${id}~${k}`;
  }
}

async function* inputEntries(input: string, options: IterateOptions): AsyncGenerator<StructureEntry> {
  const cwd = options.cwd ?? process.cwd();
  const path = input.startsWith('/') ? input : join(cwd, input);
  const st = statOrUndefined(path);
  if (st?.isDirectory()) {
    yield* folderEntries(path, input, options);
    return;
  }
  if (st?.isFile()) {
    yield* fileEntries(path, input, options);
    return;
  }
  if (hasGlobMagic(input)) {
    const matches = expandGlob(input, cwd);
    if (matches.length === 0)
      yield {
        id: input,
        source: input,
        error: new XtalInputError('no files match this pattern', { file: input }),
      };
    for (const m of matches) yield* fileEntries(m.startsWith('/') ? m : join(cwd, m), m, options);
    return;
  }
  yield {
    id: idFromPath(input),
    source: input,
    error: new XtalInputError('no such file or folder', { file: input }),
  };
}

/** A folder: a dataset (id_prop.csv or table + cifs/), else every structure file below it, sorted. */
async function* folderEntries(
  dir: string,
  shown: string,
  options: IterateOptions,
): AsyncGenerator<StructureEntry> {
  const ds = findDatasetInFolder(dir);
  if (ds) {
    const withDir = { ...options, structureDir: options.structureDir ?? ds.structureDir };
    // A CGCNN id_prop.csv always pairs with files; another CSV may itself hold the structures.
    const shownTable = join(shown, basename(ds.table));
    try {
      if (ds.cgcnn) yield* datasetEntries(ds.table, withDir, true);
      else yield* csvEntries(ds.table, shownTable, withDir);
    } catch (e) {
      yield errorEntry(idFromPath(ds.table), shownTable, e);
    }
    return;
  }
  let items: Dirent[];
  try {
    items = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch (e) {
    yield {
      id: basename(dir),
      source: shown,
      error: new XtalInputError(`cannot list: ${(e as Error).message}`, { file: shown }),
    };
    return;
  }
  for (const item of items) {
    const name = item.name;
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    // The listing knows files and folders; only links (and odd file systems) need a stat.
    const s = item.isFile() || item.isDirectory() ? item : statOrUndefined(p);
    const sp = join(shown, name);
    if (s?.isDirectory()) yield* folderEntries(p, sp, options);
    else if (s?.isFile() && isStructureFileName(name)) yield* fileEntries(p, sp, options);
  }
}

/** One file: whatever format it is in. */
async function* fileEntries(
  path: string,
  shown: string,
  options: IterateOptions,
): AsyncGenerator<StructureEntry> {
  const base = idFromPath(path);
  let fmt: StructureFormat | undefined;
  try {
    // The name decides when it can; only then is the head of the file read.
    fmt = options.format
      ? parseFormatName(options.format)
      : (formatFromPath(path) ?? formatFromPath(path, fileHead(path)));
  } catch (e) {
    yield errorEntry(base, shown, e);
    return;
  }
  if (!fmt) {
    yield {
      id: base,
      source: shown,
      error: new XtalInputError('cannot tell the structure format of this file', { file: shown }),
    };
    return;
  }
  try {
    if (fmt === 'csv') yield* csvEntries(path, shown, options);
    else if (fmt === 'cif')
      yield* blockEntries(shown, base, cifBlocks(path), (t, line) =>
        shiftLines(() => readCif(t), line, shown),
      );
    else if (fmt === 'extxyz')
      yield* blockEntries(shown, base, xyzFrames(path, shown), (t, line) => [
        readExtxyzFrame(t.split('\n'), { file: shown, firstLine: line }),
      ]);
    else {
      const text = await readTextFile(path);
      const items = readItems(text, fmt, { ...options, file: shown });
      if (items.length === 0) throw new XtalInputError('the file holds no structure', { file: shown });
      yield* itemsToEntries(items, base, shown);
    }
  } catch (e) {
    yield errorEntry(base, shown, e);
  }
}

function errorEntry(id: string, source: string, e: unknown): StructureEntry {
  if (e instanceof XtalInputError) return { id, source, error: e.withFile(source) };
  const msg = e instanceof Error ? e.message : String(e);
  return { id, source, error: new XtalInputError(msg, { file: source }) };
}

/** An error from inside a block, with its line made relative to the whole file. */
function shiftLines<T>(read: () => T, firstLine: number, file: string): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof XtalInputError)
      throw new XtalInputError(e.reason, {
        file,
        line: e.line === undefined ? firstLine : e.line + firstLine - 1,
        field: e.field,
      });
    throw e;
  }
}

/**
 * Entries of a file read block by block. A single block gets the file's id; several get `file#n`. The
 * first entry is held back until the second block shows whether there are several.
 */
async function* blockEntries(
  shown: string,
  base: string,
  blocks: AsyncGenerator<{ text: string; line: number }>,
  read: (text: string, line: number) => Structure[],
): AsyncGenerator<StructureEntry> {
  let n = 0;
  let held: { result: Structure | XtalInputError; line: number } | undefined;
  const entryOf = (
    r: Structure | XtalInputError,
    k: number,
    multi: boolean,
    line: number,
  ): StructureEntry => {
    const id = multi ? `${base}#${k}` : base;
    const source = multi ? `${shown}#${k}` : shown;
    if (r instanceof XtalInputError)
      return {
        id,
        source,
        error:
          r.line === undefined
            ? new XtalInputError(r.reason, { file: shown, line, field: r.field })
            : r.withFile(shown),
      };
    return { id, source, structure: stamp(r, id, source) };
  };
  // An error of the file itself (unreadable, a broken XYZ count line) ends it after the blocks so far.
  let streamError: unknown;
  try {
    for await (const block of blocks) {
      let results: (Structure | XtalInputError)[];
      try {
        results = read(block.text, block.line);
      } catch (e) {
        results = [
          e instanceof XtalInputError
            ? e
            : new XtalInputError(`cannot read: ${e instanceof Error ? e.message : String(e)}`, {
                file: shown,
                line: block.line,
              }),
        ];
      }
      for (const r of results) {
        n++;
        if (n === 1) {
          held = { result: r, line: block.line };
          continue;
        }
        if (held) {
          yield entryOf(held.result, 1, true, held.line);
          held = undefined;
        }
        yield entryOf(r, n, true, block.line);
      }
    }
  } catch (e) {
    streamError = e;
  }
  if (held) yield entryOf(held.result, 1, streamError !== undefined, held.line);
  if (streamError !== undefined) {
    yield errorEntry(`${base}#${n + 1}`, `${shown}#${n + 1}`, streamError);
    return;
  }
  if (n === 0)
    yield {
      id: base,
      source: shown,
      error: new XtalInputError('the file holds no structure', { file: shown }),
    };
}

/**
 * CIF data blocks as separate texts, by lines: a block starts at a line beginning with "data_" outside a
 * semicolon text field. Line numbers of the block are 1-based in the file (errors inside a block are
 * reported relative to it, so the block's first line is given too).
 */
async function* cifBlocks(path: string): AsyncGenerator<{ text: string; line: number }> {
  const split = new CifBlockSplitter();
  const small = smallFileLines(path);
  if (small) {
    // Small files: split synchronously, then hand out the (usually one) blocks.
    const blocks: { text: string; line: number }[] = [];
    for (const line of small) {
      const b = split.push(line);
      if (b) blocks.push(b);
    }
    const last = split.end();
    if (last) blocks.push(last);
    yield* blocks;
    return;
  }
  for await (const line of fileLines(path)) {
    const b = split.push(line);
    if (b) yield b;
  }
  const last = split.end();
  if (last) yield last;
}

/** Lines in, CIF data blocks out (see cifBlocks). */
class CifBlockSplitter {
  private lines: string[] = [];
  private start = 1;
  private lineNo = 0;
  private inText = false;
  private seenData = false;

  /** Take the next line; returns the block it closes, if any. */
  push(line: string): { text: string; line: number } | undefined {
    this.lineNo++;
    let done: { text: string; line: number } | undefined;
    if (line.startsWith(';')) this.inText = !this.inText;
    if (!this.inText && /^data_/i.test(line)) {
      if (this.seenData && this.lines.length) done = { text: this.lines.join('\n'), line: this.start };
      if (!this.seenData) {
        // Header comments before the first block belong to it.
        this.seenData = true;
      } else {
        this.lines = [];
        this.start = this.lineNo;
      }
    }
    this.lines.push(line);
    return done;
  }

  /** The last block, unless it is empty. */
  end(): { text: string; line: number } | undefined {
    return this.lines.some((l) => l.trim() !== '')
      ? { text: this.lines.join('\n'), line: this.start }
      : undefined;
  }
}

/** Frames of an XYZ file, by lines. An unreadable count line ends the file with an error. */
async function* xyzFrames(path: string, shown: string): AsyncGenerator<{ text: string; line: number }> {
  let frame: string[] = [];
  let need = 0;
  let start = 0;
  let lineNo = 0;
  for await (const line of fileLines(path)) {
    lineNo++;
    if (need === 0) {
      if (line.trim() === '') continue;
      need = frameAtomCount(line, { file: shown, line: lineNo }) + 2;
      start = lineNo;
      frame = [];
    }
    frame.push(line);
    if (frame.length === need) {
      yield { text: frame.join('\n'), line: start };
      need = 0;
    }
  }
  if (need > 0) yield { text: frame.join('\n'), line: start };
}

/** A CSV: a table with a structure column, streamed row by row; or ids paired with a folder of files. */
async function* csvEntries(
  path: string,
  shown: string,
  options: IterateOptions,
): AsyncGenerator<StructureEntry> {
  const records = iterateCsvRecords(fileStream(path), { file: shown });
  let header: string[] | undefined;
  const buffered: { rec: { fields: string[]; line: number }; row: TableRow }[] = [];
  let plan: ReturnType<typeof planTable> | undefined;
  let rowNo = 0;
  const base = idFromPath(path);
  const emit = (rec: { fields: string[]; line: number }, row: TableRow): StructureEntry => {
    if (rec.fields.length !== header!.length)
      return {
        id: row.key,
        source: `${shown}:${rec.line}`,
        error: new XtalInputError(`${rec.fields.length} fields where the header has ${header!.length}`, {
          file: shown,
          line: rec.line,
        }),
      };
    const item = tableRowItem(row, plan!, shown);
    const id = item.id ?? row.key;
    const entry: StructureEntry = { id, source: `${shown}:${rec.line}` };
    if (item.structure) entry.structure = stamp(item.structure, id, entry.source);
    if (item.error) entry.error = item.error;
    if (item.properties) entry.properties = item.properties;
    return entry;
  };
  const flush = function* (): Generator<StructureEntry, 'folder' | undefined> {
    const p = planOrFolder(
      header!,
      buffered.map((b) => b.row),
      path,
      options,
    );
    if (typeof p === 'string') {
      folder = p;
      return 'folder';
    }
    plan = p;
    for (const b of buffered) yield emit(b.rec, b.row);
    buffered.length = 0;
    return undefined;
  };
  let folder: string | undefined;
  // A broken record (an unclosed quote at the end) ends the file after the rows read so far.
  let streamError: unknown;
  try {
    for await (const rec of records) {
      if (!header) {
        header = rec.fields.map((h) => h.trim());
        continue;
      }
      const values: Record<string, unknown> = {};
      header.forEach((h, k) => (values[h] = rec.fields[k]));
      const row: TableRow = { key: `${base}#${++rowNo}`, values, line: rec.line };
      if (plan) {
        yield emit(rec, row);
        continue;
      }
      buffered.push({ rec, row });
      if (buffered.length >= 5 && (yield* flush()) === 'folder') break;
    }
  } catch (e) {
    streamError = e;
  }
  if (!folder && !streamError && !header) throw new XtalInputError('the CSV file is empty', { file: shown });
  if (!folder && !plan && header) yield* flush();
  if (folder) {
    yield* datasetEntries(path, { ...options, structureDir: folder }, false);
    return;
  }
  if (streamError !== undefined) yield errorEntry(`${base}#${rowNo + 1}`, shown, streamError);
}

/** The table plan, or the structure folder when the CSV has no structure column but one exists. */
function planOrFolder(
  header: string[],
  rows: TableRow[],
  path: string,
  options: IterateOptions,
): ReturnType<typeof planTable> | string {
  try {
    return planTable(header, rows, { ...options, file: path });
  } catch (e) {
    if (options.structureColumn !== undefined || !(e instanceof XtalInputError)) throw e;
    const dir = options.structureDir ?? findDatasetInFolder(dirname(path))?.structureDir;
    if (dir) return dir;
    throw e;
  }
}

/** A dataset table paired with a folder of structure files, row by row. */
async function* datasetEntries(
  table: string,
  options: IterateOptions,
  cgcnn: boolean,
): AsyncGenerator<StructureEntry> {
  const shownTable = relativeIfInside(table, options.cwd);
  for await (const item of iterateDatasetRows(table, {
    structureDir: options.structureDir,
    idColumn: options.idColumn,
    cgcnn,
  })) {
    if ('header' in item) continue;
    if ('error' in item) {
      yield { id: `${idFromPath(table)}:${item.error.line}`, source: shownTable, error: item.error };
      continue;
    }
    const row = item.row;
    if (!row.file) {
      yield {
        id: row.id,
        source: `${shownTable}:${row.line}`,
        properties: row.properties,
        error: new XtalInputError(
          `no structure file for id "${row.id}" in ${relativeIfInside(options.structureDir ?? dirname(table), options.cwd)}`,
          { file: shownTable, line: row.line },
        ),
      };
      continue;
    }
    const shown = relativeIfInside(row.file, options.cwd);
    let entries: StructureEntry[] = [];
    for await (const e of fileEntries(row.file, shown, { ...options, structureColumn: undefined }))
      entries.push(e);
    if (entries.length > 1)
      entries = [
        {
          id: row.id,
          source: shown,
          error: new XtalInputError(
            `the structure file of "${row.id}" holds ${entries.length} structures; expected one`,
            { file: shown },
          ),
        },
      ];
    const e = entries[0];
    e.id = row.id;
    e.properties = row.properties;
    if (e.structure) stamp(e.structure, row.id, shown);
    yield e;
  }
}

function relativeIfInside(p: string, cwd = process.cwd()): string {
  const r = relative(cwd, p);
  return r.startsWith('..') ? p : r;
}

function statOrUndefined(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
