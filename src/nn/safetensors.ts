/**
 * safetensors: the weight format of Hugging Face and of the reference CGCNN checkpoints we ship.
 * Layout: 8-byte little-endian header length N, N bytes of JSON (`{name: {dtype, shape, data_offsets}}`
 * plus an optional `__metadata__` map of string to string), then the raw little-endian tensor bytes,
 * `data_offsets` counting from the end of the header. Pure functions over Uint8Array (no file system,
 * so the browser lab uses the same code); every value is handed out as a Float32Array.
 */
import { XtalInputError } from '../errors.js';

/** Element types of the format. Integer and half types are converted to and from float32. */
export type SafetensorsDtype =
  'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U64' | 'U32' | 'U16' | 'U8' | 'BOOL';

const DTYPE_BYTES: Record<SafetensorsDtype, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
};

/**
 * One tensor: its shape, its values (float32; float64 for F64 tensors when decoded with `keepFloat64`,
 * and accepted on write), and the element type it is (or will be) stored as.
 */
export interface NamedTensor<D extends Float32Array | Float64Array = Float32Array> {
  shape: number[];
  data: D;
  /** On read: the stored type. On write: the type to store (F32 when absent). */
  dtype?: SafetensorsDtype;
}

/** What `encodeSafetensors` accepts: float32 or float64 values. */
export type EncodableTensor = NamedTensor<Float32Array | Float64Array>;

export interface SafetensorsContents<D extends Float32Array | Float64Array = Float32Array> {
  /** Tensors in the order of their data in the file (the order they were written in). */
  tensors: Map<string, NamedTensor<D>>;
  /** The `__metadata__` map (empty when the file has none). */
  metadata: Record<string, string>;
}

/** The parsed header only: name to dtype, shape, byte range; no tensor data is converted. */
export interface SafetensorsHeaderEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  dataOffsets: [number, number];
}

export interface SafetensorsHeader {
  entries: Map<string, SafetensorsHeaderEntry>;
  metadata: Record<string, string>;
  /** Byte offset in the file where the data buffer starts (8 + header length). */
  dataStart: number;
}

/** Largest header the reader accepts (the reference implementation's limit is 100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

export function isSafetensorsDtype(s: unknown): s is SafetensorsDtype {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(DTYPE_BYTES, s);
}

/** Bytes per element of a dtype. */
export function dtypeBytes(dtype: SafetensorsDtype): number {
  return DTYPE_BYTES[dtype];
}

function shapeSize(shape: number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Read and check the header. `file` only labels errors. */
export function decodeSafetensorsHeader(bytes: Uint8Array, file?: string): SafetensorsHeader {
  const fail = (reason: string, field?: string): never => {
    throw new XtalInputError(reason, { file, field });
  };
  if (bytes.length < 8) fail(`safetensors: ${bytes.length} bytes is too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > MAX_HEADER_BYTES) fail(`safetensors: header length ${headerLen} is too large`);
  if (8 + headerLen > bytes.length) {
    fail(`safetensors: header length ${headerLen} runs past the end of the ${bytes.length}-byte file`);
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(8, 8 + headerLen));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(`safetensors: header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    fail('safetensors: header is not a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const entries = new Map<string, SafetensorsHeaderEntry>();
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        fail('safetensors: __metadata__ is not an object', name);
      }
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string')
          fail(`safetensors: metadata value of "${k}" is not a string`, '__metadata__');
        metadata[k] = v as string;
      }
      continue;
    }
    const e = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e !== 'object' || e === null) fail('safetensors: tensor entry is not an object', name);
    if (!isSafetensorsDtype(e.dtype)) fail(`safetensors: unsupported dtype ${JSON.stringify(e.dtype)}`, name);
    const dtype = e.dtype as SafetensorsDtype;
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      fail(`safetensors: shape ${JSON.stringify(e.shape)} is not a list of non-negative integers`, name);
    }
    const shape = (e.shape as number[]).slice();
    const off = e.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isInteger(o) && o >= 0)) {
      fail(`safetensors: data_offsets ${JSON.stringify(off)} is not a pair of non-negative integers`, name);
    }
    const [begin, end] = off as [number, number];
    if (end < begin) fail(`safetensors: data_offsets [${begin}, ${end}] end before they begin`, name);
    if (end > dataLen)
      fail(`safetensors: data_offsets end ${end} is past the ${dataLen}-byte data buffer`, name);
    const expected = shapeSize(shape) * DTYPE_BYTES[dtype];
    if (end - begin !== expected) {
      fail(
        `safetensors: ${end - begin} bytes for shape [${shape.join(', ')}] of ${dtype}, expected ${expected}`,
        name,
      );
    }
    entries.set(name, { dtype, shape, dataOffsets: [begin, end] });
  }
  // Tensors must not overlap (the format also forbids holes; we tolerate them on read).
  const ranges = [...entries.entries()].sort((a, b) => a[1].dataOffsets[0] - b[1].dataOffsets[0]);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i][1].dataOffsets[0] < ranges[i - 1][1].dataOffsets[1]) {
      fail(`safetensors: data of "${ranges[i][0]}" overlaps "${ranges[i - 1][0]}"`, ranges[i][0]);
    }
  }
  return { entries: new Map(ranges), metadata, dataStart };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Convert one stored tensor's bytes (little-endian) to float32. */
export function decodeTensorBytes(raw: Uint8Array, dtype: SafetensorsDtype, count: number): Float32Array {
  const out = new Float32Array(count);
  if (count === 0) return out;
  if (dtype === 'F32' && LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(raw.subarray(0, count * 4));
    return out;
  }
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (dtype) {
    case 'F32':
      for (let i = 0; i < count; i++) out[i] = v.getFloat32(4 * i, true);
      break;
    case 'F64':
      for (let i = 0; i < count; i++) out[i] = v.getFloat64(8 * i, true);
      break;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = halfToFloat(v.getUint16(2 * i, true));
      break;
    case 'BF16': {
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = v.getUint16(2 * i, true) << 16;
      break;
    }
    case 'I64':
      for (let i = 0; i < count; i++) out[i] = Number(v.getBigInt64(8 * i, true));
      break;
    case 'U64':
      for (let i = 0; i < count; i++) out[i] = Number(v.getBigUint64(8 * i, true));
      break;
    case 'I32':
      for (let i = 0; i < count; i++) out[i] = v.getInt32(4 * i, true);
      break;
    case 'U32':
      for (let i = 0; i < count; i++) out[i] = v.getUint32(4 * i, true);
      break;
    case 'I16':
      for (let i = 0; i < count; i++) out[i] = v.getInt16(2 * i, true);
      break;
    case 'U16':
      for (let i = 0; i < count; i++) out[i] = v.getUint16(2 * i, true);
      break;
    case 'I8':
      for (let i = 0; i < count; i++) out[i] = v.getInt8(i);
      break;
    case 'U8':
      for (let i = 0; i < count; i++) out[i] = v.getUint8(i);
      break;
    case 'BOOL':
      for (let i = 0; i < count; i++) out[i] = v.getUint8(i) !== 0 ? 1 : 0;
      break;
  }
  return out;
}

/** F64 bytes (little-endian) to a Float64Array, exactly. */
function decodeFloat64(raw: Uint8Array, count: number): Float64Array {
  const out = new Float64Array(count);
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let i = 0; i < count; i++) out[i] = v.getFloat64(8 * i, true);
  return out;
}

/**
 * Parse a whole safetensors file. Tensors come out as float32 whatever their stored type, except F64
 * tensors with `keepFloat64` (exact Float64Array values).
 */
export function decodeSafetensors(bytes: Uint8Array, file?: string): SafetensorsContents;
export function decodeSafetensors(
  bytes: Uint8Array,
  file: string | undefined,
  options: { keepFloat64: boolean },
): SafetensorsContents<Float32Array | Float64Array>;
export function decodeSafetensors(
  bytes: Uint8Array,
  file?: string,
  options: { keepFloat64?: boolean } = {},
): SafetensorsContents<Float32Array | Float64Array> {
  const header = decodeSafetensorsHeader(bytes, file);
  const tensors = new Map<string, NamedTensor<Float32Array | Float64Array>>();
  for (const [name, e] of header.entries) {
    const raw = bytes.subarray(header.dataStart + e.dataOffsets[0], header.dataStart + e.dataOffsets[1]);
    const n = shapeSize(e.shape);
    const data =
      e.dtype === 'F64' && options.keepFloat64 ? decodeFloat64(raw, n) : decodeTensorBytes(raw, e.dtype, n);
    tensors.set(name, { shape: e.shape, dtype: e.dtype, data });
  }
  return { tensors, metadata: header.metadata };
}

/** Convert values to the bytes of `dtype`. Integer types need integral values in range. */
export function encodeTensorBytes(
  values: Float32Array | Float64Array,
  dtype: SafetensorsDtype,
  name = '',
): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n * DTYPE_BYTES[dtype]);
  if (dtype === 'F64') {
    const v = new DataView(out.buffer);
    for (let i = 0; i < n; i++) v.setFloat64(8 * i, values[i], true);
    return out;
  }
  // Every other type goes through float32, as PyTorch's own conversions from float do.
  const data = values instanceof Float32Array ? values : Float32Array.from(values);
  if (dtype === 'F32' && LITTLE_ENDIAN) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, n * 4));
    return out;
  }
  const v = new DataView(out.buffer);
  const needInt = (x: number, lo: number, hi: number, i: number): number => {
    if (!Number.isInteger(x) || x < lo || x > hi) {
      throw new RangeError(`safetensors: ${name}[${i}] = ${x} cannot be stored as ${dtype}`);
    }
    return x;
  };
  switch (dtype) {
    case 'F32':
      for (let i = 0; i < n; i++) v.setFloat32(4 * i, data[i], true);
      break;
    case 'F16':
      for (let i = 0; i < n; i++) v.setUint16(2 * i, floatToHalf(data[i]), true);
      break;
    case 'BF16': {
      const bits = new Uint32Array(data.buffer, data.byteOffset, n);
      for (let i = 0; i < n; i++) v.setUint16(2 * i, float32BitsToBf16(bits[i]), true);
      break;
    }
    case 'I64':
      for (let i = 0; i < n; i++)
        v.setBigInt64(8 * i, BigInt(needInt(data[i], -(2 ** 63), 2 ** 63 - 1, i)), true);
      break;
    case 'U64':
      for (let i = 0; i < n; i++) v.setBigUint64(8 * i, BigInt(needInt(data[i], 0, 2 ** 64 - 1, i)), true);
      break;
    case 'I32':
      for (let i = 0; i < n; i++) v.setInt32(4 * i, needInt(data[i], -(2 ** 31), 2 ** 31 - 1, i), true);
      break;
    case 'U32':
      for (let i = 0; i < n; i++) v.setUint32(4 * i, needInt(data[i], 0, 2 ** 32 - 1, i), true);
      break;
    case 'I16':
      for (let i = 0; i < n; i++) v.setInt16(2 * i, needInt(data[i], -32768, 32767, i), true);
      break;
    case 'U16':
      for (let i = 0; i < n; i++) v.setUint16(2 * i, needInt(data[i], 0, 65535, i), true);
      break;
    case 'I8':
      for (let i = 0; i < n; i++) v.setInt8(i, needInt(data[i], -128, 127, i));
      break;
    case 'U8':
      for (let i = 0; i < n; i++) v.setUint8(i, needInt(data[i], 0, 255, i));
      break;
    case 'BOOL':
      for (let i = 0; i < n; i++) v.setUint8(i, data[i] !== 0 ? 1 : 0);
      break;
  }
  return out;
}

/**
 * Write tensors (in the given order) and metadata as a safetensors file. The JSON header is padded
 * with spaces so the data buffer starts 8-byte aligned, as the reference writer does.
 */
export function encodeSafetensors(
  tensors: Map<string, EncodableTensor> | Record<string, EncodableTensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const list = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new TypeError(`safetensors: metadata value of "${k}" is not a string`);
    }
    header.__metadata__ = metadata;
  }
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of list) {
    if (name === '__metadata__') throw new TypeError('safetensors: "__metadata__" cannot name a tensor');
    const dtype = t.dtype ?? 'F32';
    if (!isSafetensorsDtype(dtype))
      throw new TypeError(`safetensors: unsupported dtype ${dtype} for "${name}"`);
    const n = shapeSize(t.shape);
    if (n !== t.data.length) {
      throw new RangeError(
        `safetensors: "${name}" has ${t.data.length} values for shape [${t.shape.join(', ')}]`,
      );
    }
    const blob = encodeTensorBytes(t.data, dtype, name);
    header[name] = { dtype, shape: t.shape.slice(), data_offsets: [offset, offset + blob.length] };
    blobs.push(blob);
    offset += blob.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const b of blobs) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** IEEE 754 binary16 bits to a number (subnormals, infinities and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** A number to binary16 bits, rounding to nearest even (as torch's `.half()` does). */
export function floatToHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00; // overflow to infinity
  if (e <= 0) {
    // Subnormal half (or zero): shift the mantissa with its implicit bit into place.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++; // may carry into the exponent, which is right
  return sign | h;
}

/** float32 bits to bfloat16 bits, rounding to nearest even; NaN stays NaN. */
function float32BitsToBf16(bits: number): number {
  if ((bits & 0x7f800000) === 0x7f800000 && bits & 0x7fffff) return ((bits >>> 16) | 0x40) & 0xffff;
  const lsb = (bits >>> 16) & 1;
  return ((bits + 0x7fff + lsb) >>> 16) & 0xffff;
}

/** The metadata value `key` parsed as JSON (for `args` and `normalizer` of CGCNN checkpoints). */
export function metadataJson<T = unknown>(
  contents: SafetensorsContents<Float32Array | Float64Array>,
  key: string,
  file?: string,
): T {
  const s = contents.metadata[key];
  if (s === undefined)
    throw new XtalInputError(`safetensors: metadata has no "${key}"`, { file, field: key });
  try {
    return JSON.parse(s) as T;
  } catch (e) {
    throw new XtalInputError(`safetensors: metadata "${key}" is not JSON (${(e as Error).message})`, {
      file,
      field: key,
    });
  }
}
