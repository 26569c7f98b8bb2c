import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  atomFeaturesToJson,
  atomFeaturesToObject,
  defaultAtomFeaturizer,
  elementFeatures,
  findAtomFeaturesNear,
  loadAtomFeaturesJson,
  readAtomFeaturesFile,
  TableAtomFeaturizer,
  writeAtomFeaturesFile,
} from '../../src/elements/index.js';
import { XtalInputError } from '../../src/errors.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const inputError = (pattern: RegExp, fields: { file?: string; line?: number; field?: string } = {}) => {
  return (err: unknown) => {
    assert.ok(err instanceof XtalInputError, `not an XtalInputError: ${String(err)}`);
    assert.match(err.message, pattern);
    for (const [k, v] of Object.entries(fields)) assert.equal(err[k as keyof typeof fields], v, k);
    return true;
  };
};

test('load a small table keyed by Z; mixed sites are weighted sums', () => {
  const f = loadAtomFeaturesJson('{"1": [1, 0, 0.5], "8": [0, 1, 2]}', { file: 'mine.json' });
  assert.equal(f.length, 3);
  assert.equal(f.name, 'atom_init.json (mine.json)');
  assert.deepEqual(f.elements(), ['H', 'O']);
  assert.ok(f.has('O') && !f.has('C'));
  const out = new Float32Array(3);
  f.siteFeatures(
    [
      { element: 'H', occu: 0.25 },
      { element: 'O', occu: 0.75 },
    ],
    out,
    0,
  );
  assert.deepEqual(Array.from(out), [0.25, 0.75, 0.125 + 1.5]);
  assert.throws(
    () => f.siteFeatures([{ element: 'C', occu: 1 }], out, 0),
    /atom_init.json \(mine.json\)" have no vector for element C/,
  );
});

test('bad files: errors name the file, the line and the key', () => {
  const file = 'feat.json';
  assert.throws(() => loadAtomFeaturesJson('{"1": [1, 2', { file }), inputError(/not valid JSON/, { file }));
  assert.throws(
    () => loadAtomFeaturesJson('[[1, 2]]', { file }),
    inputError(/JSON object keyed by atomic number/),
  );
  assert.throws(() => loadAtomFeaturesJson('{}', { file }), inputError(/no elements/));
  assert.throws(
    () => loadAtomFeaturesJson('{\n"1": [1, 2],\n"2": [1, 2, 3]\n}', { file }),
    inputError(/element 2 has 3 values, but element 1 has 2/, { file, line: 3, field: '2' }),
  );
  assert.throws(
    () => loadAtomFeaturesJson('{\n"1": [1, 2],\n"Fe": [1, 2]\n}', { file }),
    inputError(/key "Fe" is not an atomic number/, { file, line: 3, field: 'Fe' }),
  );
  assert.throws(() => loadAtomFeaturesJson('{"0": [1]}', { file }), inputError(/key "0"/));
  assert.throws(() => loadAtomFeaturesJson('{"119": [1]}', { file }), inputError(/key "119"/));
  assert.throws(() => loadAtomFeaturesJson('{"1.5": [1]}', { file }), inputError(/key "1.5"/));
  assert.throws(
    () => loadAtomFeaturesJson('{"1": [1, 2],\n "3": [1, "x"]}', { file }),
    inputError(/value 1 of element 3 is "x", not a finite number/, { file, line: 2, field: '3' }),
  );
  assert.throws(() => loadAtomFeaturesJson('{"1": [1, null]}', { file }), inputError(/is null/));
  assert.throws(
    () => loadAtomFeaturesJson('{"1": [1, 1e300]}', { file }),
    inputError(/is 1e\+300, not a finite/),
  );
  assert.throws(() => loadAtomFeaturesJson('{"1": 5}', { file }), inputError(/must be an array/));
  assert.throws(() => loadAtomFeaturesJson('{"1": []}', { file }), inputError(/empty/));
});

test("xtal's encoder round-trips through CGCNN JSON", () => {
  const f = defaultAtomFeaturizer();
  const obj = atomFeaturesToObject(f);
  assert.equal(Object.keys(obj).length, 118);
  assert.deepEqual(Object.keys(obj).slice(0, 3), ['1', '2', '3']);
  const back = loadAtomFeaturesJson(atomFeaturesToJson(f), { name: 'copy' });
  assert.equal(back.length, 92);
  for (const s of f.elements()) assert.deepEqual(back.vector(s), f.vector(s), s);
  // Also works for a featurizer known only through the interface.
  assert.deepEqual(Array.from(elementFeatures(back, 'Fe')!), Array.from(f.vector('Fe')!));
  assert.equal(elementFeatures(back, 'Xx'), null);
});

test('custom real-valued tables keep their values exactly through JSON', () => {
  const text = '{"3": [0.1, -2.5e-7, 3.141592653589793], "26": [12345.678, 0, -0.3]}';
  const f = loadAtomFeaturesJson(text);
  assert.deepEqual(atomFeaturesToObject(f), JSON.parse(text));
  assert.deepEqual(atomFeaturesToObject(loadAtomFeaturesJson(atomFeaturesToJson(f))), JSON.parse(text));
  // Site features are float32, as the interface says.
  assert.equal(elementFeatures(f, 'Li')![0], Math.fround(0.1));
});

test('TableAtomFeaturizer checks its input', () => {
  assert.throws(() => new TableAtomFeaturizer('t', 2, new Map([['Fe', [1]]])), /has 1 values, expected 2/);
  assert.throws(() => new TableAtomFeaturizer('t', 2, new Map([['fe', [1, 2]]])), /did you mean "Fe"/);
  assert.throws(() => new TableAtomFeaturizer('t', 0, new Map()), RangeError);
});

test('files: write, read back, and find next to a checkpoint or inside a dataset folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xtal-atomfeat-'));
  try {
    const dataset = join(dir, 'dataset');
    mkdirSync(dataset);
    const path = join(dataset, 'atom_init.json');
    writeAtomFeaturesFile(path, defaultAtomFeaturizer());
    const f = readAtomFeaturesFile(path);
    assert.equal(f.length, 92);
    assert.deepEqual(f.vector('Cu'), defaultAtomFeaturizer().vector('Cu'));
    assert.equal(findAtomFeaturesNear(dataset), path);
    const ckpt = join(dataset, 'model_best.pth.tar');
    writeFileSync(ckpt, 'not a real checkpoint');
    assert.equal(findAtomFeaturesNear(ckpt), path);
    assert.equal(findAtomFeaturesNear(path), path);
    assert.equal(findAtomFeaturesNear(dir), null);
    assert.equal(findAtomFeaturesNear(join(dir, 'missing.pth.tar')), null);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"1": [1], "2": [1, 2]}');
    assert.throws(() => readAtomFeaturesFile(bad), inputError(/element 2 has 2 values/, { file: bad }));
    assert.throws(() => readAtomFeaturesFile(join(dir, 'nope.json')), inputError(/nope.json/));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(
  'the reference atom_init.json next to the pretrained checkpoints',
  { skip: skipUnlessShared('cgcnn', 'pretrained') },
  () => {
    const pretrained = sharedDataPath('cgcnn', 'pretrained')!;
    const found = findAtomFeaturesNear(join(pretrained, 'formation-energy-per-atom.pth.tar'));
    assert.equal(found, join(pretrained, 'atom_init.json'));
    const f = readAtomFeaturesFile(found!);
    assert.equal(f.length, 92);
    assert.equal(f.elements().length, 100);
    assert.ok(f.has('Fm') && !f.has('Md'));
    // Same content as the copy at the top of the cgcnn folder, and it survives a round trip exactly.
    const top = readAtomFeaturesFile(sharedDataPath('cgcnn', 'atom_init.json')!);
    const original = JSON.parse(readFileSync(found!, 'utf8')) as Record<string, number[]>;
    assert.deepEqual(atomFeaturesToObject(f), original);
    for (const s of f.elements()) assert.deepEqual(top.vector(s), f.vector(s));
  },
);
