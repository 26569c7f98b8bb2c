/**
 * RFC 4180 CSV, streaming: quoted fields with escaped quotes ("") and line breaks inside, CRLF / LF / CR
 * record ends, a leading byte-order mark, and a custom delimiter. Text is fed in chunks of any size
 * (a chunk may end inside a quoted field or between "\r" and "\n"); complete records come out with the
 * 1-based line on which each one starts. No Node APIs here, so the browser can use it too.
 * Lenient where files in the wild are: a quote inside an unquoted field is kept as text, text after a
 * closing quote is appended, and a trailing newline does not make an empty record.
 */
import { XtalInputError } from '../../errors.js';

export interface CsvRecord {
  fields: string[];
  /** 1-based line number where the record starts. */
  line: number;
}

export interface CsvOptions {
  /** Field separator (one character); default ",". */
  delimiter?: string;
  /** File name for error messages. */
  file?: string;
}

export class CsvParser {
  private readonly delim: string;
  private readonly file?: string;
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  /** Inside quotes, a quote was the last character of the previous chunk. */
  private quotePending = false;
  /** A "\r" ended the previous chunk: a "\n" at the start of the next one belongs to it. */
  private crPending = false;
  private atStart = true;
  /** The current record has content (so a blank line is not a record). */
  private recordStarted = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private out: CsvRecord[] = [];

  constructor(options: CsvOptions = {}) {
    this.delim = options.delimiter ?? ',';
    if (this.delim.length !== 1 || this.delim === '"' || this.delim === '\n' || this.delim === '\r')
      throw new Error(`invalid CSV delimiter ${JSON.stringify(this.delim)}`);
    this.file = options.file;
  }

  /** Feed a chunk; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    let s = chunk;
    if (this.atStart && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      this.atStart = false;
    }
    const n = s.length;
    let i = 0;
    if (this.crPending && n > 0) {
      this.crPending = false;
      if (s[0] === '\n') i = 1;
    }
    if (this.quotePending && n > 0) {
      this.quotePending = false;
      if (s[0] === '"') {
        this.field += '"';
        i++;
      } else this.inQuotes = false;
    }
    const d = this.delim;
    while (i < n) {
      if (this.inQuotes) {
        const q = s.indexOf('"', i);
        if (q < 0) {
          this.countLines(s, i, n);
          this.field += s.slice(i);
          i = n;
          break;
        }
        this.countLines(s, i, q);
        this.field += s.slice(i, q);
        if (q + 1 >= n) {
          this.quotePending = true;
          i = n;
          break;
        }
        if (s[q + 1] === '"') {
          this.field += '"';
          i = q + 2;
        } else {
          this.inQuotes = false;
          i = q + 1;
        }
        continue;
      }
      const c = s[i];
      if (c === d) {
        this.fields.push(this.field);
        this.field = '';
        this.recordStarted = true;
        i++;
      } else if (c === '\n' || c === '\r') {
        this.endRecord();
        this.line++;
        if (c === '\r') {
          if (i + 1 < n) {
            if (s[i + 1] === '\n') i++;
          } else this.crPending = true;
        }
        i++;
        this.recordLine = this.line;
      } else if (c === '"' && this.field === '') {
        this.inQuotes = true;
        this.recordStarted = true;
        this.quoteLine = this.line;
        i++;
      } else {
        // Plain text up to the next special character.
        let j = i + 1;
        while (j < n) {
          const cj = s[j];
          if (cj === d || cj === '\n' || cj === '\r' || cj === '"') break;
          j++;
        }
        this.field += s.slice(i, j);
        this.recordStarted = true;
        i = j;
      }
    }
    const done = this.out;
    this.out = [];
    return done;
  }

  /** End of input: returns the last record (if the text does not end with a newline). */
  end(): CsvRecord[] {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.inQuotes)
      throw new XtalInputError(`a quoted field opened on line ${this.quoteLine} is never closed`, {
        file: this.file,
        line: this.quoteLine,
      });
    this.endRecord();
    const done = this.out;
    this.out = [];
    return done;
  }

  private endRecord(): void {
    if (this.recordStarted || this.field !== '') {
      this.fields.push(this.field);
      this.out.push({ fields: this.fields, line: this.recordLine });
    }
    this.fields = [];
    this.field = '';
    this.recordStarted = false;
  }

  private countLines(s: string, from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const c = s.charCodeAt(k);
      if (c === 10) this.line++;
      else if (c === 13 && s.charCodeAt(k + 1) !== 10) this.line++;
    }
  }
}

/** Every record of a CSV text. */
export function parseCsv(text: string, options: CsvOptions = {}): string[][] {
  const p = new CsvParser(options);
  return [...p.push(text), ...p.end()].map((r) => r.fields);
}

/** Records of a CSV delivered in chunks (strings, or bytes decoded as UTF-8), one at a time. */
export async function* iterateCsvRecords(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: CsvOptions = {},
): AsyncGenerator<CsvRecord> {
  const p = new CsvParser(options);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    yield* p.push(text);
  }
  const tail = decoder.decode();
  if (tail) yield* p.push(tail);
  yield* p.end();
}

/**
 * Records as objects keyed by the header (first record). An empty header name (pandas' index column)
 * is kept as "". Rows with a different number of fields than the header give an XtalInputError entry
 * through `onBadRow` (default: throw).
 */
export async function* iterateCsvObjects(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: CsvOptions & { header?: string[] } = {},
): AsyncGenerator<
  | { row: Record<string, string>; line: number; header: string[] }
  | { error: XtalInputError; line: number; header: string[] }
> {
  let header = options.header;
  for await (const rec of iterateCsvRecords(chunks, options)) {
    if (!header) {
      header = rec.fields.map((h) => h.trim());
      continue;
    }
    if (rec.fields.length !== header.length) {
      yield {
        error: new XtalInputError(`${rec.fields.length} fields where the header has ${header.length}`, {
          file: options.file,
          line: rec.line,
        }),
        line: rec.line,
        header,
      };
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((h, k) => (row[h] = rec.fields[k]));
    yield { row, line: rec.line, header };
  }
}
