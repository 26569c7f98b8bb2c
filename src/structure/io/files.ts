/**
 * Node file access for the readers: whole text (gunzipped when the name ends in .gz), byte chunks and
 * lines streamed with bounded memory, and the first few kilobytes for content sniffing.
 */
import { createReadStream, openSync, readSync, closeSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import type { Readable } from 'node:stream';
import { XtalInputError } from '../../errors.js';

export function isGzipPath(path: string): boolean {
  return /\.gz$/i.test(path);
}

/**
 * Files up to this size are read in one synchronous call: for the many small files of a batch (a CIF is a
 * few kilobytes) that is several times cheaper than a stream or the thread pool. Larger files stream.
 */
const SMALL_FILE_BYTES = 8 << 20;

function isSmall(path: string): boolean {
  try {
    return statSync(path).size <= SMALL_FILE_BYTES;
  } catch {
    return false; // let the reader report the error
  }
}

/** The whole file as UTF-8 text (decompressed for .gz). */
export async function readTextFile(path: string): Promise<string> {
  const buf = isSmall(path) ? readFileSync(path) : await readFile(path);
  try {
    return (isGzipPath(path) ? gunzipSync(buf) : buf).toString('utf8');
  } catch (e) {
    throw new XtalInputError(`cannot decompress: ${(e as Error).message}`, { file: path });
  }
}

/** A byte stream of the file (decompressed for .gz). */
export function fileStream(path: string, highWaterMark = 1 << 16): Readable {
  const raw = createReadStream(path, { highWaterMark });
  if (!isGzipPath(path)) return raw;
  const gz = createGunzip();
  raw.on('error', (e) => gz.destroy(e));
  return raw.pipe(gz);
}

/**
 * All lines of a small plain file at once (as fileLines gives them), or undefined for a large or gzipped
 * file, which should be streamed. Saves the per-line cost of an async iteration for the many small files.
 */
export function smallFileLines(path: string): string[] | undefined {
  if (isGzipPath(path) || !isSmall(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length && lines[0].charCodeAt(0) === 0xfeff) lines[0] = lines[0].slice(1);
  return lines;
}

/** Lines of a file without line endings (\n, \r\n or \r, as readline splits them), streamed when large. */
export async function* fileLines(path: string): AsyncGenerator<string> {
  const small = smallFileLines(path);
  if (small) {
    yield* small;
    return;
  }
  const rl = createInterface({ input: fileStream(path), crlfDelay: Infinity });
  let first = true;
  for await (const line of rl) {
    if (first) {
      first = false;
      yield line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
    } else yield line;
  }
}

/** The first `bytes` bytes of a file as text (decompressed for .gz), for sniffing. */
export function fileHead(path: string, bytes = 4096): string {
  if (isGzipPath(path)) {
    // Decompress a bounded prefix: gunzip the whole file only if it is small.
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(1 << 16);
      const n = readSync(fd, buf, 0, buf.length, 0);
      try {
        return gunzipPrefix(buf.subarray(0, n)).slice(0, bytes);
      } catch {
        return '';
      }
    } finally {
      closeSync(fd);
    }
  }
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function gunzipPrefix(buf: Buffer): string {
  // zlib's sync API refuses truncated input unless flushed; finishFlush lets it return what it has.
  return gunzipSync(buf, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
}
