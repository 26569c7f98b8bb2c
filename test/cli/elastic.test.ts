import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runElastic, runElasticText } from '../../src/cli/commands/elastic.js';
import { XtalInputError } from '../../src/errors.js';
import { projectPath } from '../helpers/shared-data.js';

const fixture = (name: string) => projectPath('test', 'fixtures', 'physics', name);

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

test('xtal elastic: whitespace text tensor (diamond) gives the cubic VRH values and a stable verdict', () => {
  const { result, text } = runElastic(fixture('diamond-cubic.txt'), {
    volumePerAtom: '5.673',
    density: '3515',
  });
  const k = (1079 + 2 * 123.3) / 3;
  assert.ok(rel(result.elastic.bulkModulusGPa, k) < 1e-12);
  assert.ok(result.elastic.stability.stable);
  assert.ok(rel(result.elastic.stability.smallestEigenvalueGPa, 578) < 1e-12);
  assert.match(text, /Mechanical stability: stable/);
  assert.match(text, /Debye temperature θ_D\s+22\d\d\.\d K/);
  assert.ok(Number.isFinite(result.properties.toughness.mazhnikOganovMPaM12));
});

test('xtal elastic: comma-separated Cu tensor reproduces K, G of science.md §4.1 (137.1, 47.3)', () => {
  const { result } = runElastic(fixture('cu-cubic.csv'), { metal: true });
  assert.ok(Math.abs(result.elastic.bulkModulusGPa - 137.1) < 0.05);
  assert.ok(Math.abs(result.elastic.shearModulusGPa - 47.3) < 0.05);
  assert.ok(result.properties.validity.flags.includes('metal'));
});

test('xtal elastic: JSON array (NaCl) and MP-style JSON (hexagonal ZnO, closed-form hexagonal VRH)', () => {
  const nacl = runElastic(fixture('nacl-array.json'), { json: true });
  const j = JSON.parse(nacl.text);
  assert.ok(Math.abs(j.elastic.bulkModulusGPa - 24.9) < 1e-9);
  const { result } = runElastic(fixture('zno-hexagonal-mp-style.json'));
  // Hexagonal closed forms (Watt & Peselnick 1980): K_V, K_R = C²/M, G_V, G_R.
  const [c11, c12, c13, c33, c44, c66] = [209.7, 121.1, 105.1, 210.9, 42.47, 44.3];
  const kv = (2 * (c11 + c12) + c33 + 4 * c13) / 9;
  const m = c11 + c12 + 2 * c33 - 4 * c13;
  const c2 = (c11 + c12) * c33 - 2 * c13 * c13;
  const kr = c2 / m;
  const gv = (m + 12 * c44 + 12 * c66) / 30;
  const gr = (2.5 * c2 * c44 * c66) / (3 * kv * c44 * c66 + c2 * (c44 + c66));
  assert.ok(rel(result.elastic.bulkVoigtGPa, kv) < 1e-12);
  assert.ok(rel(result.elastic.bulkReussGPa, kr) < 1e-12);
  assert.ok(rel(result.elastic.shearVoigtGPa, gv) < 1e-12);
  assert.ok(rel(result.elastic.shearReussGPa, gr) < 1e-12);
});

test('xtal elastic: an unstable tensor is reported UNSTABLE with its negative eigenvalue and flagged', () => {
  const { result, text } = runElastic(fixture('unstable-cubic.txt'));
  assert.equal(result.elastic.stability.stable, false);
  assert.ok(Math.abs(result.elastic.stability.smallestEigenvalueGPa - -20) < 1e-9);
  assert.match(text, /UNSTABLE/);
  assert.ok(result.properties.validity.flags.includes('mechanically-unstable'));
});

test('xtal elastic: errors name the file and the line (row length, non-number, asymmetry)', () => {
  const check = (name: string, line: number | undefined, pattern: RegExp) =>
    assert.throws(
      () => runElastic(fixture(name)),
      (e: unknown) =>
        e instanceof XtalInputError && e.file === fixture(name) && e.line === line && pattern.test(e.message),
    );
  check('bad-row-length.txt', 4, /expected 6 numbers in row 3, found 5/);
  check('bad-not-number.txt', 5, /"3O" is not a number/);
  check('bad-asymmetric.txt', 3, /not symmetric: C23 = 50 but C32 = 60/);
  assert.throws(() => runElastic(fixture('missing.txt')), /cannot read/);
});

test('tensor text edge cases: too few/many rows, JSON shapes and keys', () => {
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      Array.from({ length: 6 }, (_, j) => (i === j ? 100 : 0)).join(' '),
    ).join('\n');
  assert.throws(() => runElasticText(rows(5), 'x.txt'), /found 5 rows/);
  assert.throws(
    () => runElasticText(rows(7), 'x.txt'),
    (e: unknown) => e instanceof XtalInputError && e.line === 7,
  );
  assert.throws(() => runElasticText('[[1,2],[3,4]]', 'x.json'), /6x6 array, found 2 rows/);
  assert.throws(() => runElasticText('{"foo": 1}', 'x.json'), /no elastic_tensor/);
  assert.throws(() => runElasticText('{"C_ij": [[1,2,3,4,5,"a"]]}', 'x.json'), /C_ij/);
  assert.throws(() => runElasticText('{\n"C_ij": [1,\n', 'x.json'), /invalid JSON/);
  const eye = JSON.stringify(
    Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i === j ? 100 : 0))),
  );
  for (const wrap of [
    `{"C_ij": ${eye}}`,
    `{"elastic_tensor": {"raw": ${eye}}}`,
    `{"elasticity": {"elastic_tensor": ${eye}}}`,
    `{"elastic_tensor": ${eye}}`,
    `{"elastic_tensor": {"@module": "numpy", "data": ${eye}}}`,
  ]) {
    const { result } = runElasticText(wrap, 'x.json');
    assert.ok(Math.abs(result.elastic.bulkVoigtGPa - 100 / 3) < 1e-12);
  }
  // A small asymmetry within the tolerance is accepted; a custom tolerance can reject it.
  const asym = rows(6).split('\n');
  asym[1] = '0.05 100 0 0 0 0';
  runElasticText(asym.join('\n'), 'x.txt');
  assert.throws(
    () => runElasticText(asym.join('\n'), 'x.txt', { symmetryTolerance: '1e-5' }),
    /not symmetric/,
  );
});
