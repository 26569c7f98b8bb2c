/**
 * Streaming writers for the screen's tables: CSV (RFC 4180 quoting, empty cell for null) and a JSON array
 * of row objects, written row by row through a file descriptor so that memory does not grow with the table.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Cell, ScreenRow } from './tier1.js';

export function csvCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Buffered line writer (flushes every ~64 kB). */
class LineSink {
  private fd: number;
  private buf: string[] = [];
  private size = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size > 65536) this.flush();
  }
  flush(): void {
    if (this.buf.length) writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export class CsvWriter {
  private sink: LineSink;
  rows = 0;
  constructor(
    path: string,
    readonly columns: readonly string[],
  ) {
    this.sink = new LineSink(path);
    this.sink.write(columns.map((c) => csvCell(c)).join(',') + '\n');
  }
  write(row: ScreenRow): void {
    this.sink.write(this.columns.map((c) => csvCell(row[c])).join(',') + '\n');
    this.rows++;
  }
  close(): void {
    this.sink.close();
  }
}

export class JsonArrayWriter {
  private sink: LineSink;
  private first = true;
  constructor(
    path: string,
    readonly columns: readonly string[],
  ) {
    this.sink = new LineSink(path);
    this.sink.write('[');
  }
  write(row: ScreenRow): void {
    const o: ScreenRow = {};
    for (const c of this.columns) o[c] = row[c] ?? null;
    this.sink.write((this.first ? '\n' : ',\n') + JSON.stringify(o));
    this.first = false;
  }
  close(): void {
    this.sink.write('\n]\n');
    this.sink.close();
  }
}

/** Parse CSV text written by CsvWriter (quoted cells, embedded quotes and newlines) into string rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else q = false;
      } else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
