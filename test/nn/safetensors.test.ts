import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeSafetensors,
  decodeSafetensorsHeader,
  encodeSafetensors,
  encodeTensorBytes,
  decodeTensorBytes,
  metadataJson,
  floatToHalf,
  halfToFloat,
  type NamedTensor,
  type SafetensorsDtype,
} from '../../src/nn/safetensors.js';
import {
  readSafetensorsFileSync,
  writeSafetensorsFile,
  readSafetensorsFile,
} from '../../src/nn/safetensors-file.js';
import { XtalInputError } from '../../src/errors.js';
import { projectPath, sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const fixture = (name: string): string => projectPath('test', 'nn', 'fixtures', name);
const json = <T>(name: string): T => JSON.parse(readFileSync(fixture(name), 'utf8')) as T;

test('reads a file written by an independent writer: every dtype, metadata, empty tensor', () => {
  const bytes = readFileSync(fixture('mixed-dtypes.safetensors'));
  const got = decodeSafetensors(bytes);
  const want = json<{
    metadata: Record<string, string>;
    tensors: Record<string, { dtype: string; shape: number[]; values: number[] }>;
  }>('mixed-dtypes.json');
  assert.deepEqual(got.metadata, want.metadata);
  assert.deepEqual([...got.tensors.keys()], Object.keys(want.tensors));
  for (const [name, w] of Object.entries(want.tensors)) {
    const t = got.tensors.get(name)!;
    assert.equal(t.dtype, w.dtype, name);
    assert.deepEqual(t.shape, w.shape, name);
    assert.deepEqual(Array.from(t.data), Array.from(Float32Array.from(w.values)), name);
  }
});

test('float16 and bfloat16 conversion match numpy and torch bit for bit (round to nearest even)', () => {
  const { values, f16Bits, bf16Bits } = json<{
    values: Array<number | string>;
    f16Bits: number[];
    bf16Bits: number[];
  }>('half-bits.json');
  const v = Float32Array.from(values, (x) =>
    typeof x === 'string' ? parseFloat(x.replace('inf', 'Infinity')) : x,
  );
  for (let i = 0; i < v.length; i++) assert.equal(floatToHalf(v[i]), f16Bits[i], `f16 of ${v[i]}`);
  const bf = encodeTensorBytes(v, 'BF16');
  const bfView = new DataView(bf.buffer);
  for (let i = 0; i < v.length; i++)
    assert.equal(bfView.getUint16(2 * i, true), bf16Bits[i], `bf16 of ${v[i]}`);
  // Decoding is exact for every half bit pattern: check all 65536 against the definition.
  for (let h = 0; h < 65536; h++) {
    const x = halfToFloat(h);
    if (Number.isNaN(x)) continue;
    assert.equal(floatToHalf(x), h, `half ${h} round trip`);
  }
});

test('round trip of every dtype through encode and decode', () => {
  const cases: Array<[SafetensorsDtype, number[]]> = [
    ['F32', [1.5, -0, 3.4e38, 1e-45]],
    ['F64', [0.25, -1e10]],
    ['F16', [0.5, -2, 65504, 0]],
    ['BF16', [1, -3.140625, 256]],
    ['I64', [-9, 16777216, 0]],
    ['U64', [0, 42]],
    ['I32', [-2147483648, 2147483520]],
    ['U32', [0, 4294967040]],
    ['I16', [-32768, 32767]],
    ['U16', [0, 65535]],
    ['I8', [-128, 127]],
    ['U8', [0, 255]],
    ['BOOL', [1, 0, 1]],
  ];
  const tensors = new Map<string, NamedTensor>();
  for (const [dt, vals] of cases)
    tensors.set(`t.${dt}`, { dtype: dt, shape: [vals.length], data: Float32Array.from(vals) });
  const meta = { args: '{"n_conv":3}', ünïcode: 'värde' };
  const bytes = encodeSafetensors(tensors, meta);
  const header = decodeSafetensorsHeader(bytes);
  assert.equal(header.dataStart % 8, 0, 'data buffer is 8-byte aligned');
  const back = decodeSafetensors(bytes);
  assert.deepEqual(back.metadata, meta);
  for (const [name, t] of tensors) {
    const b = back.tensors.get(name)!;
    assert.equal(b.dtype, t.dtype);
    assert.deepEqual(b.shape, t.shape);
    assert.deepEqual(Array.from(b.data), Array.from(t.data), name);
  }
});

test('unaligned input buffers decode correctly', () => {
  const bytes = encodeSafetensors({ w: { shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) } });
  const shifted = new Uint8Array(bytes.length + 3);
  shifted.set(bytes, 3);
  const got = decodeSafetensors(shifted.subarray(3));
  assert.deepEqual(Array.from(got.tensors.get('w')!.data), [1, 2, 3, 4]);
  const raw = new Uint8Array(9);
  new DataView(raw.buffer).setFloat64(1, -0.75, true);
  assert.deepEqual(Array.from(decodeTensorBytes(raw.subarray(1), 'F64', 1)), [-0.75]);
});

test('refuses to store what the dtype cannot hold', () => {
  assert.throws(
    () => encodeTensorBytes(Float32Array.from([1.5]), 'I32', 'x'),
    /x\[0\] = 1.5 cannot be stored as I32/,
  );
  assert.throws(() => encodeTensorBytes(Float32Array.from([300]), 'U8', 'x'), RangeError);
  assert.throws(
    () => encodeSafetensors({ x: { shape: [3], data: new Float32Array(2) } }),
    /2 values for shape \[3\]/,
  );
});

test('malformed files raise XtalInputError naming the tensor', () => {
  const good = encodeSafetensors({ w: { shape: [2], data: Float32Array.from([1, 2]) } });
  const withHeader = (h: object, data = new Uint8Array(8)): Uint8Array => {
    const j = new TextEncoder().encode(JSON.stringify(h));
    const out = new Uint8Array(8 + j.length + data.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(j.length), true);
    out.set(j, 8);
    out.set(data, 8 + j.length);
    return out;
  };
  const expectErr = (bytes: Uint8Array, re: RegExp, field?: string): void => {
    assert.throws(
      () => decodeSafetensors(bytes, 'bad.safetensors'),
      (e: unknown) => {
        assert.ok(e instanceof XtalInputError);
        assert.match(e.message, re);
        assert.equal(e.file, 'bad.safetensors');
        if (field) assert.equal(e.field, field);
        return true;
      },
    );
  };
  expectErr(good.subarray(0, 5), /too short/);
  expectErr(good.subarray(0, 20), /runs past the end/);
  expectErr(
    withHeader({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }),
    /8 bytes for shape \[3\]/,
    'w',
  );
  expectErr(withHeader({ w: { dtype: 'Q4', shape: [2], data_offsets: [0, 8] } }), /unsupported dtype/, 'w');
  expectErr(
    withHeader({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }),
    /past the 8-byte data/,
    'w',
  );
  expectErr(withHeader({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }), /non-negative/, 'w');
  expectErr(
    withHeader({
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
    }),
    /overlaps/,
    'b',
  );
  expectErr(withHeader({ __metadata__: { n: 3 } }), /not a string/);
  const notJson = new Uint8Array(12);
  new DataView(notJson.buffer).setBigUint64(0, 4n, true);
  notJson.set(new TextEncoder().encode('{{{{'), 8);
  expectErr(notJson, /not valid JSON/);
});

test('file helpers write atomically and read back; errors carry the path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xtal-st-'));
  try {
    const p = join(dir, 'm.safetensors');
    await writeSafetensorsFile(p, { w: { shape: [1, 3], data: Float32Array.from([1, 2, 3]) } }, { k: 'v' });
    const back = await readSafetensorsFile(p);
    assert.deepEqual(Array.from(back.tensors.get('w')!.data), [1, 2, 3]);
    assert.equal(back.metadata.k, 'v');
    const bad = join(dir, 'bad.safetensors');
    (await import('node:fs')).writeFileSync(bad, new Uint8Array(3));
    assert.throws(
      () => readSafetensorsFileSync(bad),
      (e: unknown) => e instanceof XtalInputError && e.file === bad,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

interface Sums {
  normalizer: { mean: number; std: number };
  tensors: Record<string, { shape: number[]; sum: number; sumAbs: number; first: number; last: number }>;
}

test(
  'reads the reference CGCNN checkpoints: names, shapes and values agree with the legacy torch files',
  { skip: skipUnlessShared('cgcnn', 'pretrained', 'bulk-moduli.safetensors') },
  () => {
    const sums = json<{ models: Record<string, Sums> }>('pretrained-sums.json').models;
    assert.equal(Object.keys(sums).length, 8);
    for (const [model, want] of Object.entries(sums)) {
      const path = sharedDataPath('cgcnn', 'pretrained', `${model}.safetensors`)!;
      const st = readSafetensorsFileSync(path);
      assert.deepEqual([...st.tensors.keys()].sort(), Object.keys(want.tensors).sort(), model);
      for (const [name, w] of Object.entries(want.tensors)) {
        const t = st.tensors.get(name)!;
        assert.deepEqual(t.shape, w.shape, `${model} ${name}`);
        let sum = 0;
        let sumAbs = 0;
        for (const x of t.data) {
          sum += x;
          sumAbs += Math.abs(x);
        }
        assert.equal(t.data[0], w.first, `${model} ${name} first`);
        assert.equal(t.data[t.data.length - 1], w.last, `${model} ${name} last`);
        assert.ok(
          Math.abs(sum - w.sum) <= 1e-9 * w.sumAbs + 1e-12,
          `${model} ${name} sum ${sum} vs ${w.sum}`,
        );
        assert.ok(Math.abs(sumAbs - w.sumAbs) <= 1e-9 * w.sumAbs, `${model} ${name} sumAbs`);
      }
      const args = metadataJson<Record<string, unknown>>(st, 'args', path);
      assert.equal(args.n_conv, 4);
      assert.equal(args.atom_fea_len, 64);
      assert.equal(args.h_fea_len, 32);
      assert.equal(args.n_h, 1);
      const norm = metadataJson<{ mean: number; std: number }>(st, 'normalizer', path);
      assert.ok(Math.abs(norm.mean - want.normalizer.mean) < 1e-12, `${model} normalizer mean`);
      assert.ok(Math.abs(norm.std - want.normalizer.std) < 1e-12, `${model} normalizer std`);
      assert.equal(args.task, model === 'semi-metal-classification' ? 'classification' : 'regression');
      // Re-encoding reproduces every tensor exactly.
      const again = decodeSafetensors(encodeSafetensors(st.tensors, st.metadata));
      for (const [name, t] of st.tensors) assert.deepEqual(again.tensors.get(name)!.data, t.data, name);
    }
  },
);

test('metadataJson names the missing key', () => {
  const st = decodeSafetensors(encodeSafetensors({}, { a: 'not json' }));
  assert.throws(() => metadataJson(st, 'b'), /no "b"/);
  assert.throws(() => metadataJson(st, 'a'), /"a" is not JSON/);
});
