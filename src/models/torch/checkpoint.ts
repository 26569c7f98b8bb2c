/**
 * PyTorch checkpoint files (`torch.save`), read without Python, in both container formats:
 * - legacy (before PyTorch 1.6): a stream of pickles — magic number, protocol version, system info, the
 *   object (tensor storages as persistent ids), the list of storage keys — then each storage as an int64
 *   element count followed by its raw little-endian bytes;
 * - zip (PyTorch 1.6 and later): `<name>/data.pkl` plus one file `<name>/data/<key>` per storage.
 * Tensors come back as `TorchTensor` (contiguous Float32/Float64/Int typed arrays); other Python objects
 * as Maps, arrays and `PickledObject` records (see pickle.ts). Nothing in the file is executed.
 */
import { unzipSync } from 'fflate';
import { XtalInputError } from '../../errors.js';
import { GlobalRef, PickledObject, PyTuple, unpickle, type PyCallable } from './pickle.js';

export type TorchDType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

export interface TorchTensor {
  readonly kind: 'tensor';
  dtype: TorchDType;
  shape: number[];
  /** Values in row-major order, converted to float32 for float types and to numbers for integer types. */
  data: Float32Array | Float64Array | Int32Array | Uint8Array | number[];
}

const STORAGE_DTYPES: Record<string, [TorchDType, number]> = {
  FloatStorage: ['float32', 4],
  DoubleStorage: ['float64', 8],
  HalfStorage: ['float16', 2],
  BFloat16Storage: ['bfloat16', 2],
  LongStorage: ['int64', 8],
  IntStorage: ['int32', 4],
  ShortStorage: ['int16', 2],
  CharStorage: ['int8', 1],
  ByteStorage: ['uint8', 1],
  BoolStorage: ['bool', 1],
};

const TORCH_DTYPES: Record<string, [TorchDType, number]> = {
  float32: ['float32', 4],
  float: ['float32', 4],
  float64: ['float64', 8],
  double: ['float64', 8],
  float16: ['float16', 2],
  half: ['float16', 2],
  bfloat16: ['bfloat16', 2],
  int64: ['int64', 8],
  long: ['int64', 8],
  int32: ['int32', 4],
  int: ['int32', 4],
  int16: ['int16', 2],
  int8: ['int8', 1],
  uint8: ['uint8', 1],
  bool: ['bool', 1],
};

interface StorageRef {
  key: string;
  dtype: TorchDType;
  elementSize: number;
  bytes?: Uint8Array;
}

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

/** True if the bytes look like a torch.save file (zip or legacy). */
export function isTorchCheckpoint(bytes: Uint8Array): boolean {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return true;
  return bytes.length > 2 && bytes[0] === 0x80 && bytes[1] <= 5;
}

/** Load a torch.save file. `file` is used in error messages. */
export function loadTorchCheckpoint(bytes: Uint8Array, file = '<checkpoint>'): unknown {
  try {
    if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b) return loadZip(bytes, file);
    return loadLegacy(bytes, file);
  } catch (err) {
    if (err instanceof XtalInputError) throw err;
    throw new XtalInputError(`not a readable PyTorch checkpoint (${(err as Error).message})`, { file });
  }
}

function loadLegacy(bytes: Uint8Array, file: string): unknown {
  const storages = new Map<string, StorageRef>();
  const common = { file, resolveGlobal: torchGlobals };
  let r = unpickle(bytes, common);
  const magic = r.value;
  if (typeof magic !== 'bigint' || magic !== LEGACY_MAGIC) {
    throw new XtalInputError('not a PyTorch checkpoint (legacy magic number missing)', { file });
  }
  r = unpickle(bytes, { ...common, offset: r.end }); // protocol version
  r = unpickle(bytes, { ...common, offset: r.end }); // system info
  const sysInfo = r.value;
  if (sysInfo instanceof Map && sysInfo.get('little_endian') === false) {
    throw new XtalInputError('big-endian checkpoints are not supported', { file });
  }
  r = unpickle(bytes, {
    ...common,
    offset: r.end,
    persistentLoad: (pid) => persistentStorage(pid, storages, file),
  });
  const root = r.value;
  r = unpickle(bytes, { ...common, offset: r.end });
  const keys = r.value;
  if (!Array.isArray(keys)) throw new XtalInputError('storage key list missing', { file });
  let pos = r.end;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const key of keys) {
    const ref = storages.get(String(key));
    if (pos + 8 > bytes.length) throw new XtalInputError(`storage ${key} truncated`, { file });
    const count = Number(view.getBigInt64(pos, true));
    pos += 8;
    const elementSize = ref?.elementSize ?? 4;
    const n = count * elementSize;
    if (pos + n > bytes.length) throw new XtalInputError(`storage ${key} truncated`, { file });
    if (ref) ref.bytes = bytes.subarray(pos, pos + n);
    pos += n;
  }
  return materialize(root, file);
}

function loadZip(bytes: Uint8Array, file: string): unknown {
  const entries = unzipSync(bytes);
  const pklName = Object.keys(entries).find((n) => n.endsWith('/data.pkl') || n === 'data.pkl');
  if (!pklName) throw new XtalInputError('zip checkpoint without data.pkl', { file });
  const prefix = pklName.slice(0, -'data.pkl'.length);
  const storages = new Map<string, StorageRef>();
  const r = unpickle(entries[pklName], {
    file,
    resolveGlobal: torchGlobals,
    persistentLoad: (pid) => persistentStorage(pid, storages, file),
  });
  for (const ref of storages.values()) {
    const data = entries[`${prefix}data/${ref.key}`];
    if (!data) throw new XtalInputError(`storage data/${ref.key} missing from the zip`, { file });
    ref.bytes = data;
  }
  return materialize(r.value, file);
}

function persistentStorage(pid: unknown, storages: Map<string, StorageRef>, file: string): StorageRef {
  if (!Array.isArray(pid) || pid[0] !== 'storage') {
    throw new XtalInputError(`unknown persistent id ${JSON.stringify(pid)}`, { file });
  }
  const [, type, key] = pid as [string, unknown, unknown];
  const k = String(key);
  const existing = storages.get(k);
  if (existing) return existing;
  let dtype: [TorchDType, number] | undefined;
  const resolved = type instanceof GlobalRef && type.callable ? type.callable.call([]) : type;
  if (resolved instanceof StorageType) dtype = [resolved.dtype, resolved.elementSize];
  else if (resolved instanceof DTypeValue) dtype = [resolved.dtype, resolved.elementSize];
  else if (type instanceof StorageType) dtype = [type.dtype, type.elementSize];
  else if (type instanceof DTypeValue) dtype = [type.dtype, type.elementSize];
  if (!dtype) throw new XtalInputError(`unsupported storage type in checkpoint (${type instanceof GlobalRef ? type.fullName : String(type)})`, { file });
  const ref: StorageRef = { key: k, dtype: dtype[0], elementSize: dtype[1] };
  storages.set(k, ref);
  return ref;
}

class StorageType {
  constructor(
    readonly dtype: TorchDType,
    readonly elementSize: number,
  ) {}
}

class DTypeValue {
  constructor(
    readonly dtype: TorchDType,
    readonly elementSize: number,
  ) {}
}

/** A tensor whose storage bytes are not read yet (legacy files list storages after the object). */
class PendingTensor {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly shape: number[],
    readonly stride: number[],
  ) {}
}

function torchGlobals(module: string, name: string): PyCallable | undefined {
  if (module === 'torch' && name in STORAGE_DTYPES) {
    const [dt, size] = STORAGE_DTYPES[name];
    const st = new StorageType(dt, size);
    return { call: () => st };
  }
  if (module === 'torch' && name in TORCH_DTYPES) {
    const [dt, size] = TORCH_DTYPES[name];
    const v = new DTypeValue(dt, size);
    return { call: () => v };
  }
  if (module === 'torch._utils' && (name === '_rebuild_tensor_v2' || name === '_rebuild_tensor')) {
    return {
      call: (args) => {
        const [storage, offset, size, stride] = args as [StorageRef, number, number[], number[]];
        return new PendingTensor(storage, Number(offset), [...size].map(Number), [...stride].map(Number));
      },
    };
  }
  if (module === 'torch._utils' && name === '_rebuild_parameter') {
    return { call: (args) => args[0] };
  }
  if (module === 'torch.nn.parameter' && name === 'Parameter') {
    return { call: (args) => args[0] };
  }
  if (module === 'collections' && name === 'OrderedDict') {
    return { call: () => new Map() };
  }
  if (module === 'builtins' && (name === 'set' || name === 'frozenset')) {
    return { call: (args) => new Set((args[0] as unknown[]) ?? []) };
  }
  return undefined;
}

function materialize(value: unknown, file: string, seen = new Set<unknown>()): unknown {
  if (value instanceof PendingTensor) return readTensor(value, file);
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (value instanceof Map) {
    for (const [k, v] of value) value.set(k, materialize(v, file, seen));
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = materialize(value[i], file, seen);
    return value;
  }
  if (value instanceof PickledObject) {
    value.args = value.args.map((a) => materialize(a, file, seen));
    value.state = materialize(value.state, file, seen);
    for (const [k, v] of value.dictItems) value.dictItems.set(k, materialize(v, file, seen));
    return value;
  }
  return value;
}

function readTensor(t: PendingTensor, file: string): TorchTensor {
  const { storage, offset, shape, stride } = t;
  const bytes = storage.bytes;
  if (!bytes) throw new XtalInputError(`storage ${storage.key} has no data`, { file });
  const n = shape.reduce((a, b) => a * b, 1);
  const es = storage.elementSize;
  const count = bytes.length / es;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = elementReader(storage.dtype, view);
  const out: number[] | Float32Array | Float64Array = storage.dtype === 'float64' ? new Float64Array(n) : isFloat(storage.dtype) ? new Float32Array(n) : new Array<number>(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let e = offset;
    for (let d = 0; d < shape.length; d++) e += idx[d] * stride[d];
    if (e < 0 || e >= count) throw new XtalInputError(`tensor view outside its storage ${storage.key}`, { file });
    out[i] = read(e * es);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return { kind: 'tensor', dtype: storage.dtype, shape, data: out };
}

function isFloat(dt: TorchDType): boolean {
  return dt === 'float32' || dt === 'float64' || dt === 'float16' || dt === 'bfloat16';
}

function elementReader(dt: TorchDType, v: DataView): (byte: number) => number {
  switch (dt) {
    case 'float32':
      return (b) => v.getFloat32(b, true);
    case 'float64':
      return (b) => v.getFloat64(b, true);
    case 'float16':
      return (b) => halfToFloat(v.getUint16(b, true));
    case 'bfloat16':
      return (b) => {
        const f = new DataView(new ArrayBuffer(4));
        f.setUint32(0, v.getUint16(b, true) << 16);
        return f.getFloat32(0);
      };
    case 'int64':
      return (b) => Number(v.getBigInt64(b, true));
    case 'int32':
      return (b) => v.getInt32(b, true);
    case 'int16':
      return (b) => v.getInt16(b, true);
    case 'int8':
      return (b) => v.getInt8(b);
    case 'uint8':
    case 'bool':
      return (b) => v.getUint8(b);
  }
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

export function isTorchTensor(v: unknown): v is TorchTensor {
  return !!v && typeof v === 'object' && (v as TorchTensor).kind === 'tensor';
}

/** Tensors of a state dict (a Map of name → tensor), as name → {shape, float32 data}. */
export function stateDictTensors(stateDict: unknown, file = '<checkpoint>'): Map<string, { shape: number[]; data: Float32Array }> {
  if (!(stateDict instanceof Map)) throw new XtalInputError('state_dict is not a dictionary', { file });
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [k, v] of stateDict) {
    if (!isTorchTensor(v)) continue;
    out.set(String(k), { shape: v.shape, data: Float32Array.from(v.data as ArrayLike<number>) });
  }
  return out;
}

/** Arguments saved as an argparse.Namespace (as the reference CGCNN does), as a plain object. */
export function namespaceArgs(value: unknown): Record<string, unknown> | null {
  if (value instanceof PickledObject && value.className === 'argparse.Namespace') {
    const state = value.state;
    if (state instanceof Map) return Object.fromEntries([...state].map(([k, v]) => [String(k), v instanceof PyTuple ? [...v] : v]));
  }
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), v]));
  return null;
}
