/**
 * A Python pickle reader (protocols 0-5), enough to load PyTorch checkpoints and similar files without
 * Python. It never executes code: a pickled "global" (module.name) is resolved through a table the caller
 * provides; unknown globals become inert `PickledObject` records that keep their arguments and state.
 *
 * Opcodes follow CPython's Lib/pickletools.py. Values map as: int → number (bigint when beyond 2^53),
 * float → number, str → string, bytes → Uint8Array, list → array, tuple → `PyTuple` (an array subclass),
 * dict → `Map` (keys may be non-strings), set → Set, None → null, bool → boolean.
 */

export class PyTuple extends Array<unknown> {}

/** An object of a class the reader does not know: class name, constructor arguments and state. */
export class PickledObject {
  constructor(
    readonly className: string,
    public args: unknown[] = [],
    public state: unknown = undefined,
    readonly items: unknown[] = [],
    readonly dictItems: Map<unknown, unknown> = new Map(),
  ) {}
}

/** A global the resolver maps to a callable: REDUCE/NEWOBJ call it; BUILD is applied with `build`. */
export interface PyCallable {
  call(args: unknown[]): unknown;
}

export interface UnpickleOptions {
  /** Resolve `module.name` to a callable; return undefined to get an inert PickledObject. */
  resolveGlobal?: (module: string, name: string) => PyCallable | undefined;
  /** Resolve a persistent id (PyTorch uses this for tensor storages). */
  persistentLoad?: (pid: unknown) => unknown;
  /** Where in a larger buffer to start (default 0). */
  offset?: number;
  /** Name for error messages. */
  file?: string;
}

export interface UnpickleResult {
  value: unknown;
  /** Offset just past the STOP opcode. */
  end: number;
}

/** A reference to a Python global (class or function) as it sits on the stack before it is called. */
export class GlobalRef {
  constructor(
    readonly module: string,
    readonly name: string,
    readonly callable?: PyCallable,
  ) {}
  get fullName(): string {
    return `${this.module}.${this.name}`;
  }
}

export function unpickle(bytes: Uint8Array, options: UnpickleOptions = {}): UnpickleResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder('utf-8');
  let pos = options.offset ?? 0;
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  const where = options.file ? `${options.file}: ` : '';

  const fail = (msg: string): never => {
    throw new Error(`${where}pickle: ${msg} at byte ${pos}`);
  };
  const need = (n: number): void => {
    if (pos + n > bytes.length) fail('unexpected end of data');
  };
  const u8 = (): number => {
    need(1);
    return bytes[pos++];
  };
  const u16 = (): number => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = (): number => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const i32 = (): number => {
    need(4);
    const v = view.getInt32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = (): number => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail('length too large');
    return Number(v);
  };
  const take = (n: number): Uint8Array => {
    need(n);
    const b = bytes.subarray(pos, pos + n);
    pos += n;
    return b;
  };
  const line = (): string => {
    const start = pos;
    while (pos < bytes.length && bytes[pos] !== 0x0a) pos++;
    if (pos >= bytes.length) fail('unterminated text argument');
    const s = latin1.decode(bytes.subarray(start, pos));
    pos++;
    return s;
  };
  const popMark = (): unknown[] => {
    const m = marks.pop();
    if (m === undefined) fail('MARK expected');
    const items = stack.splice(m!);
    return items;
  };
  const pop = (): unknown => {
    if (stack.length === 0 || (marks.length && stack.length <= marks[marks.length - 1])) fail('stack underflow');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) fail('stack underflow');
    return stack[stack.length - 1];
  };
  const makeGlobal = (module: string, name: string): GlobalRef =>
    new GlobalRef(module, name, options.resolveGlobal?.(module, name));
  const callGlobal = (fn: unknown, args: unknown[]): unknown => {
    if (fn instanceof GlobalRef) {
      if (fn.callable) return fn.callable.call(args);
      return new PickledObject(fn.fullName, args);
    }
    if (fn instanceof PickledObject) return new PickledObject(fn.className, args);
    return fail('REDUCE on a value that is not a class or function');
  };
  const setItems = (target: unknown, kv: unknown[]): void => {
    for (let i = 0; i + 1 < kv.length; i += 2) {
      if (target instanceof Map) target.set(kv[i], kv[i + 1]);
      else if (target instanceof PickledObject) target.dictItems.set(kv[i], kv[i + 1]);
      else fail('SETITEM on a value that is not a dict');
    }
  };
  const appendItems = (target: unknown, items: unknown[]): void => {
    if (Array.isArray(target)) target.push(...items);
    else if (target instanceof PickledObject) target.items.push(...items);
    else fail('APPEND on a value that is not a list');
  };
  const decodeLong = (b: Uint8Array): number | bigint => {
    if (b.length === 0) return 0;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    if (b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const parseIntText = (s: string): number | bigint | boolean => {
    const t = s.trim().replace(/L$/, '');
    if (t === '00') return false;
    if (t === '01') return true;
    const b = BigInt(t);
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME
        u64();
        break;
      case 0x2e: // STOP
        if (stack.length !== 1) fail(`STOP with ${stack.length} values on the stack`);
        return { value: stack[0], end: pos };
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x49: // INT
        stack.push(parseIntText(line()));
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4c: // LONG
        stack.push(parseIntText(line()));
        break;
      case 0x8a: // LONG1
        stack.push(decodeLong(take(u8())));
        break;
      case 0x8b: // LONG4
        stack.push(decodeLong(take(u32())));
        break;
      case 0x46: // FLOAT
        stack.push(parseFloat(line()));
        break;
      case 0x47: {
        // BINFLOAT (big-endian)
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      }
      case 0x53: {
        // STRING (quoted repr)
        const s = line().trim();
        stack.push(s.slice(1, -1));
        break;
      }
      case 0x54: // BINSTRING
        stack.push(latin1.decode(take(i32())));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(latin1.decode(take(u8())));
        break;
      case 0x56: // UNICODE (raw-unicode-escape)
        stack.push(line().replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
        break;
      case 0x58: // BINUNICODE
        stack.push(utf8.decode(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8.decode(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(utf8.decode(take(u64())));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()).slice());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x61: {
        // APPEND
        const v = pop();
        appendItems(top(), [v]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        appendItems(top(), items);
        break;
      }
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(PyTuple.from([]));
        break;
      case 0x74: // TUPLE
        stack.push(PyTuple.from(popMark()));
        break;
      case 0x85: // TUPLE1
        stack.push(PyTuple.from([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        const a = pop();
        stack.push(PyTuple.from([a, b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push(PyTuple.from([a, b, c]));
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: {
        // DICT
        const kv = popMark();
        const m = new Map();
        setItems(m, kv);
        stack.push(m);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const kv = popMark();
        setItems(top(), kv);
        break;
      }
      case 0x8f: // EMPTY_SET
        stack.push(new Set());
        break;
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        const s = top();
        if (!(s instanceof Set)) fail('ADDITEMS on a value that is not a set');
        for (const x of items) (s as Set<unknown>).add(x);
        break;
      }
      case 0x91: // FROZENSET
        stack.push(new Set(popMark()));
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        const name = line();
        stack.push(makeGlobal(module, name));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof name !== 'string' || typeof module !== 'string') fail('STACK_GLOBAL needs two strings');
        stack.push(makeGlobal(module as string, name as string));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        if (!Array.isArray(args)) fail('REDUCE arguments must be a tuple');
        stack.push(callGlobal(fn, args as unknown[]));
        break;
      }
      case 0x81: {
        // NEWOBJ
        const args = pop();
        const cls = pop();
        stack.push(callGlobal(cls, (args as unknown[]) ?? []));
        break;
      }
      case 0x92: {
        // NEWOBJ_EX
        pop(); // kwargs
        const args = pop();
        const cls = pop();
        stack.push(callGlobal(cls, (args as unknown[]) ?? []));
        break;
      }
      case 0x69: {
        // INST
        const module = line();
        const name = line();
        stack.push(callGlobal(makeGlobal(module, name), popMark()));
        break;
      }
      case 0x6f: {
        // OBJ
        const items = popMark();
        const cls = items.shift();
        stack.push(callGlobal(cls, items));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const obj = top();
        if (obj instanceof PickledObject) obj.state = state;
        else if (obj && typeof obj === 'object' && 'build' in obj && typeof obj.build === 'function') obj.build(state);
        else if (obj instanceof Map && state instanceof Map) for (const [k, v] of state) obj.set(k, v);
        // Other values (e.g. tensors rebuilt by a resolver) ignore their BUILD state.
        break;
      }
      case 0x70: // PUT
        memo.set(Number(line()), top());
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x67: // GET
        stack.push(memoGet(memo, Number(line()), fail));
        break;
      case 0x68: // BINGET
        stack.push(memoGet(memo, u8(), fail));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memoGet(memo, u32(), fail));
        break;
      case 0x50: {
        // PERSID
        const pid = line();
        if (!options.persistentLoad) fail('persistent id without a loader');
        stack.push(options.persistentLoad!(pid));
        break;
      }
      case 0x51: {
        // BINPERSID
        const pid = pop();
        if (!options.persistentLoad) fail('persistent id without a loader');
        stack.push(options.persistentLoad!(pid));
        break;
      }
      default:
        fail(`unsupported opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }
}

function memoGet(memo: Map<number, unknown>, key: number, fail: (m: string) => never): unknown {
  if (!memo.has(key)) fail(`memo key ${key} missing`);
  return memo.get(key);
}

/** Convert pickled dicts (Maps with string keys) to plain objects, recursively, for JSON-like use. */
export function toPlain(value: unknown, depth = 0): unknown {
  if (depth > 64) return value;
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = toPlain(v, depth + 1);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => toPlain(v, depth + 1));
  if (value instanceof PickledObject) {
    const state = toPlain(value.state, depth + 1);
    return { __class__: value.className, ...(state && typeof state === 'object' ? state : { state }) };
  }
  return value;
}
