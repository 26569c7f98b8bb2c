/**
 * The resume journal of a screening run: JSON lines appended and flushed (fsync) once per chunk, so an
 * interrupted run loses at most the chunk in flight. On start the ids already written are read back and
 * skipped; a last line cut short by a kill is dropped (the file is truncated to its last complete line).
 * Reading streams the file line by line, so memory stays bounded however long the journal is.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export class Journal {
  private fd: number | null = null;
  constructor(readonly path: string) {}

  /** Drop a trailing partial line (left by a kill in the middle of a write). */
  repair(): void {
    if (!existsSync(this.path)) return;
    const size = statSync(this.path).size;
    if (size === 0) return;
    const fd = openSync(this.path, 'r');
    try {
      const buf = Buffer.alloc(Math.min(size, 1 << 16));
      let end = size;
      // Walk back to the last newline.
      while (end > 0) {
        const start = Math.max(0, end - buf.length);
        const n = readSync(fd, buf, 0, end - start, start);
        const at = buf.subarray(0, n).lastIndexOf(10);
        if (at >= 0) {
          const keep = start + at + 1;
          if (keep !== size) {
            closeSync(fd);
            truncateSync(this.path, keep);
            return;
          }
          break;
        }
        end = start;
      }
      if (end === 0) {
        closeSync(fd);
        truncateSync(this.path, 0);
        return;
      }
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    closeSync(fd);
  }

  /** Append records as JSON lines and flush them to disk. */
  append(records: unknown[]): void {
    if (!records.length) return;
    if (this.fd === null) this.fd = openSync(this.path, 'a');
    writeSync(this.fd, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Every record, in the order written. */
  async *records<T = Record<string, unknown>>(): AsyncGenerator<T> {
    if (!existsSync(this.path)) return;
    const rl = createInterface({ input: createReadStream(this.path, 'utf8'), crlfDelay: Infinity });
    for await (const line of rl) {
      if (line.trim()) yield JSON.parse(line) as T;
    }
  }

  /** The set of values of one field (e.g. ids already done). */
  async values(field: string): Promise<Set<string>> {
    const out = new Set<string>();
    for await (const r of this.records()) out.add(String(r[field]));
    return out;
  }
}
