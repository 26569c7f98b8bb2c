/**
 * On-disk cache of crystal graphs, so that 10^5 structures are featurised once (Node only).
 *
 * Two append-only files:
 * - `<path>`: a header (magic "XTALGRPH", format version, JSON with the graph parameters, the featurizer's
 *   name/length/hash and a hash of all of them, CRC-32), then one record per graph: a 40-byte head
 *   (magic, length, CRC-32 of the rest, id length, atoms, feature length, neighbours, padded and isolated
 *   atom counts), the id (UTF-8), atom features (f32), neighbour indices (i32) and distances (f32), padded to 8.
 * - `<path>.idx`: the index, one entry per record (id → offset, length, the record's CRC), each with its own CRC.
 *
 * Appends write the record first, then its index entry. Opening reads the index up to the first torn or
 * invalid entry, then scans the data file past the last indexed record: complete records whose CRC checks
 * are indexed again (a crash between the two writes), and a torn tail is cut off. So a crash mid-write
 * loses at most the entry being written. One writer at a time; little-endian hosts.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import { crc32 } from 'node:zlib';
import { XtalInputError } from '../errors.js';
import type { AtomFeaturizer } from '../elements/featurizer.js';
import {
  graphParams,
  type CrystalGraph,
  type CrystalGraphOptions,
  type GraphParams,
} from './crystal-graph.js';
import { featurizerIdentity, graphParamsHash, type FeaturizerIdentity } from './fingerprint.js';

export const GRAPH_CACHE_VERSION = 1;
const DATA_MAGIC = 'XTALGRPH';
const INDEX_MAGIC = 'XTALGIDX';
const RECORD_MAGIC = 0x31524758; // "XGR1"
const RECORD_HEAD = 40;
const INDEX_HEAD = 16;
const ENTRY_HEAD = 24;

export interface GraphCacheHeader {
  format: 'xtal-graph-cache';
  version: number;
  params: GraphParams;
  featurizer: FeaturizerIdentity;
  paramsHash: string;
}

export interface GraphCacheOptions {
  /** The graph parameters the cache must have been built with (defaults filled in). */
  params?: CrystalGraphOptions;
  /** The featurizer (or its identity) the cache must have been built with. */
  featurizer: AtomFeaturizer | FeaturizerIdentity;
  /** Open for reading only: nothing is created, repaired or appended. */
  readOnly?: boolean;
  /** fsync after each record and each index entry (survives power loss, slower). Default false. */
  fsync?: boolean;
}

/** What opening had to repair. */
export interface GraphCacheRecovery {
  /** Bytes of torn or invalid index entries dropped. */
  droppedIndexBytes: number;
  /** Bytes of torn or invalid records dropped from the end of the data file. */
  droppedDataBytes: number;
  /** Complete records that had no index entry and were indexed again. */
  reindexedEntries: number;
}

interface Entry {
  id: string;
  offset: number;
  length: number;
  crc: number;
}

export class GraphCache {
  readonly path: string;
  readonly header: GraphCacheHeader;
  readonly recovery: GraphCacheRecovery;
  private readonly readOnly: boolean;
  private readonly fsync: boolean;
  private dataFd: number;
  private indexFd: number;
  private dataEnd: number;
  private indexEnd: number;
  private readonly entriesInOrder: Entry[] = [];
  private readonly byId = new Map<string, Entry>();

  private constructor(
    path: string,
    header: GraphCacheHeader,
    fds: { data: number; index: number },
    state: { dataEnd: number; indexEnd: number; readOnly: boolean; fsync: boolean },
  ) {
    this.path = path;
    this.header = header;
    this.dataFd = fds.data;
    this.indexFd = fds.index;
    this.dataEnd = state.dataEnd;
    this.indexEnd = state.indexEnd;
    this.readOnly = state.readOnly;
    this.fsync = state.fsync;
    this.recovery = { droppedIndexBytes: 0, droppedDataBytes: 0, reindexedEntries: 0 };
  }

  /**
   * Open (or create) the cache at `path`. Throws XtalInputError when the file is not a graph cache or was
   * built with other parameters or another featurizer.
   */
  static open(path: string, options: GraphCacheOptions): GraphCache {
    if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
      throw new Error('the graph cache needs a little-endian host');
    const params = graphParams(options.params);
    const feat =
      'siteFeatures' in options.featurizer ? featurizerIdentity(options.featurizer) : options.featurizer;
    const expected: GraphCacheHeader = {
      format: 'xtal-graph-cache',
      version: GRAPH_CACHE_VERSION,
      params,
      featurizer: { name: feat.name, length: feat.length, hash: feat.hash },
      paramsHash: graphParamsHash(params, feat),
    };
    const readOnly = options.readOnly ?? false;
    const indexPath = path + '.idx';
    if (!existsSync(path)) {
      if (readOnly) throw new XtalInputError('graph cache does not exist', { file: path });
      const data = openSync(path, 'w+');
      const head = encodeDataHeader(expected);
      writeAll(data, head, 0);
      const index = openSync(indexPath, 'w+');
      const ihead = encodeIndexHeader(crc32(head));
      writeAll(index, ihead, 0);
      if (options.fsync) {
        fsyncSync(data);
        fsyncSync(index);
      }
      return new GraphCache(
        path,
        expected,
        { data, index },
        { dataEnd: head.length, indexEnd: ihead.length, readOnly, fsync: options.fsync ?? false },
      );
    }
    const data = openSync(path, readOnly ? 'r' : 'r+');
    let index = -1;
    try {
      const { header, end: headerEnd, crc: headerCrc } = readDataHeader(data, path);
      if (header.paramsHash !== expected.paramsHash) {
        throw new XtalInputError(
          `graph cache was built with other parameters or another featurizer ` +
            `(cache: ${describe(header)}; asked for: ${describe(expected)})`,
          { file: path, field: 'header' },
        );
      }
      if (existsSync(indexPath)) index = openSync(indexPath, readOnly ? 'r' : 'r+');
      else if (!readOnly) index = openSync(indexPath, 'w+');
      const cache = new GraphCache(
        path,
        header,
        { data, index },
        { dataEnd: headerEnd, indexEnd: INDEX_HEAD, readOnly, fsync: options.fsync ?? false },
      );
      cache.load(headerCrc);
      return cache;
    } catch (err) {
      closeSync(data);
      if (index >= 0) closeSync(index);
      throw err;
    }
  }

  /** Number of graphs stored. */
  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Ids in the order they were appended. */
  ids(): string[] {
    return this.entriesInOrder.filter((e) => this.byId.get(e.id) === e).map((e) => e.id);
  }

  /** The graph stored under id, or undefined. Throws XtalInputError if its record fails the CRC check. */
  get(id: string): CrystalGraph | undefined {
    const e = this.byId.get(id);
    return e ? this.readEntry(e) : undefined;
  }

  /** Every stored graph, in append order (the latest one for a replaced id). */
  *entries(): Generator<[string, CrystalGraph]> {
    for (const e of this.entriesInOrder) if (this.byId.get(e.id) === e) yield [e.id, this.readEntry(e)];
  }

  /** Append a graph. An id already present throws unless `replace` is set (then the new graph wins). */
  append(id: string, graph: CrystalGraph, options: { replace?: boolean } = {}): void {
    if (this.readOnly) throw new Error(`graph cache ${this.path} is open read-only`);
    if (this.dataFd < 0) throw new Error(`graph cache ${this.path} is closed`);
    if (this.byId.has(id) && !options.replace) throw new Error(`graph cache already holds ${id}`);
    const p = this.header.params;
    if (graph.maxNeighbors !== p.maxNeighbors || graph.atomFeatureLength !== this.header.featurizer.length)
      throw new Error(
        `graph ${id} has ${graph.atomFeatureLength} features and ${graph.maxNeighbors} neighbours; ` +
          `the cache holds ${this.header.featurizer.length} and ${p.maxNeighbors}`,
      );
    const record = encodeRecord(id, graph);
    const crc = new DataView(record.buffer).getUint32(8, true);
    const entry: Entry = { id, offset: this.dataEnd, length: record.length, crc };
    writeAll(this.dataFd, record, this.dataEnd);
    if (this.fsync) fsyncSync(this.dataFd);
    const ibytes = encodeIndexEntry(entry);
    writeAll(this.indexFd, ibytes, this.indexEnd);
    if (this.fsync) fsyncSync(this.indexFd);
    this.dataEnd += record.length;
    this.indexEnd += ibytes.length;
    this.entriesInOrder.push(entry);
    this.byId.set(id, entry);
  }

  /** The stored graph of id; if there is none, build it, append it and return it. */
  getOrBuild(id: string, build: () => CrystalGraph): CrystalGraph {
    const cached = this.get(id);
    if (cached) return cached;
    const g = build();
    this.append(id, g);
    return g;
  }

  /** Bytes in the data file (header and records). */
  get dataBytes(): number {
    return this.dataEnd;
  }

  close(): void {
    if (this.dataFd >= 0) closeSync(this.dataFd);
    if (this.indexFd >= 0) closeSync(this.indexFd);
    this.dataFd = -1;
    this.indexFd = -1;
  }

  private readEntry(e: Entry): CrystalGraph {
    if (this.dataFd < 0) throw new Error(`graph cache ${this.path} is closed`);
    const buf = new Uint8Array(e.length);
    readAll(this.dataFd, buf, e.offset);
    const rec = decodeRecord(buf, this.header);
    if (!rec || rec.crc !== e.crc || rec.id !== e.id)
      throw new XtalInputError(`graph record of ${e.id} at byte ${e.offset} is corrupt (CRC mismatch)`, {
        file: this.path,
      });
    return rec.graph;
  }

  /** Read the index, re-index unindexed complete records, cut torn tails. */
  private load(headerCrc: number): void {
    const dataSize = fstatSync(this.dataFd).size;
    let indexBytes = new Uint8Array(0);
    if (this.indexFd >= 0) {
      indexBytes = new Uint8Array(fstatSync(this.indexFd).size);
      readAll(this.indexFd, indexBytes, 0);
    }
    const dv = new DataView(indexBytes.buffer);
    const indexOk =
      indexBytes.length >= INDEX_HEAD &&
      ascii(indexBytes, 0, 8) === INDEX_MAGIC &&
      dv.getUint32(8, true) === GRAPH_CACHE_VERSION &&
      dv.getUint32(12, true) === headerCrc;
    let pos = INDEX_HEAD;
    if (indexOk) {
      const dec = new TextDecoder();
      while (pos + ENTRY_HEAD <= indexBytes.length) {
        const idLen = dv.getUint32(pos, true);
        const size = ENTRY_HEAD + pad4(idLen);
        if (pos + size > indexBytes.length) break;
        const offset = dv.getUint32(pos + 4, true) + dv.getUint32(pos + 8, true) * 2 ** 32;
        const length = dv.getUint32(pos + 12, true);
        const crc = dv.getUint32(pos + 16, true);
        const check = crc32(
          indexBytes.subarray(pos + ENTRY_HEAD, pos + ENTRY_HEAD + idLen),
          crc32(indexBytes.subarray(pos, pos + 20)),
        );
        if (check !== dv.getUint32(pos + 20, true)) break;
        if (offset !== this.dataEnd || offset + length > dataSize) break;
        const id = dec.decode(indexBytes.subarray(pos + ENTRY_HEAD, pos + ENTRY_HEAD + idLen));
        this.addLoaded({ id, offset, length, crc });
        this.dataEnd = offset + length;
        pos += size;
      }
    }
    // The last indexed record must be whole (cheap: only the tail can be torn).
    while (this.entriesInOrder.length > 0) {
      const last = this.entriesInOrder[this.entriesInOrder.length - 1];
      const buf = new Uint8Array(last.length);
      readAll(this.dataFd, buf, last.offset);
      const rec = decodeRecord(buf, this.header);
      if (rec && rec.crc === last.crc && rec.id === last.id) break;
      this.removeLast();
      this.dataEnd = last.offset;
      pos -= ENTRY_HEAD + pad4(new TextEncoder().encode(last.id).length);
    }
    const validIndexEnd = indexOk ? pos : INDEX_HEAD;
    this.recovery.droppedIndexBytes = Math.max(0, indexBytes.length - validIndexEnd);
    this.indexEnd = validIndexEnd;
    if (!this.readOnly) {
      if (!indexOk) writeAll(this.indexFd, encodeIndexHeader(headerCrc), 0);
      ftruncateSync(this.indexFd, this.indexEnd);
    }
    // Records after the last indexed one: keep complete ones, cut the rest.
    const head = new Uint8Array(RECORD_HEAD);
    while (this.dataEnd + RECORD_HEAD <= dataSize) {
      readAll(this.dataFd, head, this.dataEnd);
      const hv = new DataView(head.buffer);
      const length = hv.getUint32(4, true);
      if (hv.getUint32(0, true) !== RECORD_MAGIC || length < RECORD_HEAD || this.dataEnd + length > dataSize)
        break;
      const buf = new Uint8Array(length);
      readAll(this.dataFd, buf, this.dataEnd);
      const rec = decodeRecord(buf, this.header);
      if (!rec) break;
      const entry: Entry = { id: rec.id, offset: this.dataEnd, length, crc: rec.crc };
      if (!this.readOnly) {
        const ibytes = encodeIndexEntry(entry);
        writeAll(this.indexFd, ibytes, this.indexEnd);
        this.indexEnd += ibytes.length;
      }
      this.addLoaded(entry);
      this.dataEnd += length;
      this.recovery.reindexedEntries++;
    }
    this.recovery.droppedDataBytes = dataSize - this.dataEnd;
    if (!this.readOnly && dataSize > this.dataEnd) ftruncateSync(this.dataFd, this.dataEnd);
  }

  private addLoaded(e: Entry): void {
    this.entriesInOrder.push(e);
    this.byId.set(e.id, e);
  }

  private removeLast(): void {
    const e = this.entriesInOrder.pop()!;
    if (this.byId.get(e.id) === e) {
      this.byId.delete(e.id);
      for (let k = this.entriesInOrder.length - 1; k >= 0; k--)
        if (this.entriesInOrder[k].id === e.id) {
          this.byId.set(e.id, this.entriesInOrder[k]);
          break;
        }
    }
  }
}

function describe(h: GraphCacheHeader): string {
  const p = h.params;
  return (
    `radius ${p.radiusA} Å, ${p.maxNeighbors} neighbours, dmin ${p.dminA}, step ${p.stepA}, ` +
    `padding ${p.paddingDistanceA} Å, featurizer ${h.featurizer.name} (${h.featurizer.length}, ${h.featurizer.hash})`
  );
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function pad8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function ascii(b: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...b.subarray(start, end));
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

function readAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) {
    const n = readSync(fd, bytes, done, bytes.length - done, position + done);
    if (n === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += n;
  }
}

function encodeDataHeader(h: GraphCacheHeader): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(h));
  const out = new Uint8Array(pad8(16 + json.length + 4));
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode(DATA_MAGIC), 0);
  dv.setUint32(8, GRAPH_CACHE_VERSION, true);
  dv.setUint32(12, json.length, true);
  out.set(json, 16);
  dv.setUint32(16 + json.length, crc32(json), true);
  return out;
}

function readDataHeader(fd: number, path: string): { header: GraphCacheHeader; end: number; crc: number } {
  const size = fstatSync(fd).size;
  const bad = (why: string): XtalInputError =>
    new XtalInputError(`not a graph cache: ${why}`, { file: path, field: 'header' });
  if (size < 20) throw bad('file too short');
  const first = new Uint8Array(16);
  readAll(fd, first, 0);
  const dv = new DataView(first.buffer);
  if (ascii(first, 0, 8) !== DATA_MAGIC) throw bad('wrong magic bytes');
  const version = dv.getUint32(8, true);
  if (version !== GRAPH_CACHE_VERSION)
    throw bad(`format version ${version}, this xtal reads ${GRAPH_CACHE_VERSION}`);
  const len = dv.getUint32(12, true);
  const end = pad8(16 + len + 4);
  if (end > size) throw bad('header is truncated');
  const rest = new Uint8Array(len + 4);
  readAll(fd, rest, 16);
  const json = rest.subarray(0, len);
  if (crc32(json) !== new DataView(rest.buffer).getUint32(len, true)) throw bad('header CRC mismatch');
  const header = JSON.parse(new TextDecoder().decode(json)) as GraphCacheHeader;
  const full = new Uint8Array(end);
  readAll(fd, full, 0);
  return { header, end, crc: crc32(full) };
}

function encodeIndexHeader(dataHeaderCrc: number): Uint8Array {
  const out = new Uint8Array(INDEX_HEAD);
  out.set(new TextEncoder().encode(INDEX_MAGIC), 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(8, GRAPH_CACHE_VERSION, true);
  dv.setUint32(12, dataHeaderCrc, true);
  return out;
}

function encodeIndexEntry(e: Entry): Uint8Array {
  const id = new TextEncoder().encode(e.id);
  const out = new Uint8Array(ENTRY_HEAD + pad4(id.length));
  const dv = new DataView(out.buffer);
  dv.setUint32(0, id.length, true);
  dv.setUint32(4, e.offset % 2 ** 32, true);
  dv.setUint32(8, Math.floor(e.offset / 2 ** 32), true);
  dv.setUint32(12, e.length, true);
  dv.setUint32(16, e.crc, true);
  dv.setUint32(20, crc32(id, crc32(out.subarray(0, 20))), true);
  out.set(id, ENTRY_HEAD);
  return out;
}

function encodeRecord(id: string, g: CrystalGraph): Uint8Array {
  const idBytes = new TextEncoder().encode(id);
  const n = g.numAtoms;
  const f = g.atomFeatureLength;
  const m = g.maxNeighbors;
  const body = RECORD_HEAD + pad4(idBytes.length);
  const length = pad8(body + 4 * (n * f + 2 * n * m));
  const out = new Uint8Array(length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, RECORD_MAGIC, true);
  dv.setUint32(4, length, true);
  dv.setUint32(12, idBytes.length, true);
  dv.setUint32(16, n, true);
  dv.setUint32(20, f, true);
  dv.setUint32(24, m, true);
  dv.setUint32(28, g.paddedAtoms, true);
  dv.setUint32(32, g.isolatedAtoms, true);
  out.set(idBytes, RECORD_HEAD);
  let p = body;
  new Float32Array(out.buffer, p, n * f).set(g.atomFeatures.subarray(0, n * f));
  p += 4 * n * f;
  new Int32Array(out.buffer, p, n * m).set(g.neighborIndex.subarray(0, n * m));
  p += 4 * n * m;
  new Float32Array(out.buffer, p, n * m).set(g.neighborDistanceA.subarray(0, n * m));
  dv.setUint32(8, crc32(out.subarray(12)), true);
  return out;
}

/** Decode a whole record; null when its magic, sizes or CRC are wrong. */
function decodeRecord(
  buf: Uint8Array,
  header: GraphCacheHeader,
): { id: string; crc: number; graph: CrystalGraph } | null {
  if (buf.length < RECORD_HEAD || buf.byteOffset % 4 !== 0) return null;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  if (dv.getUint32(0, true) !== RECORD_MAGIC || dv.getUint32(4, true) !== buf.length) return null;
  const crc = dv.getUint32(8, true);
  if (crc32(buf.subarray(12)) !== crc) return null;
  const idLen = dv.getUint32(12, true);
  const n = dv.getUint32(16, true);
  const f = dv.getUint32(20, true);
  const m = dv.getUint32(24, true);
  const body = RECORD_HEAD + pad4(idLen);
  if (body + 4 * (n * f + 2 * n * m) > buf.length) return null;
  const id = new TextDecoder().decode(buf.subarray(RECORD_HEAD, RECORD_HEAD + idLen));
  let p = buf.byteOffset + body;
  const atomFeatures = new Float32Array(buf.buffer, p, n * f);
  p += 4 * n * f;
  const neighborIndex = new Int32Array(buf.buffer, p, n * m);
  p += 4 * n * m;
  const neighborDistanceA = new Float32Array(buf.buffer, p, n * m);
  const paddedAtoms = dv.getUint32(28, true);
  const isolatedAtoms = dv.getUint32(32, true);
  const prm = header.params;
  const warnings =
    paddedAtoms > 0
      ? [
          `${id}: ${paddedAtoms} of ${n} atoms have fewer than ${m} neighbours within ${prm.radiusA} Å ` +
            `(padded with atom 0 at ${prm.paddingDistanceA} Å)` +
            (isolatedAtoms > 0 ? `; ${isolatedAtoms} have none at all` : ''),
        ]
      : [];
  return {
    id,
    crc,
    graph: {
      numAtoms: n,
      atomFeatureLength: f,
      atomFeatures,
      maxNeighbors: m,
      neighborIndex,
      neighborDistanceA,
      paddedAtoms,
      isolatedAtoms,
      warnings,
    },
  };
}
