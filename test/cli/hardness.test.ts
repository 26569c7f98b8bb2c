import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runHardness } from '../../src/cli/commands/hardness.js';
import { XtalInputError } from '../../src/errors.js';

test('xtal hardness: diamond (elastool example) table shows every model with units', () => {
  const { result, text } = runHardness({
    bulkModulus: '429.76',
    shearModulus: '503.10',
    volumePerAtom: '5.6968',
  });
  assert.ok(Math.abs(result.hardness.mazhnikOganovGPa - 95.121) < 0.01);
  assert.ok(Math.abs(result.toughness.mazhnikOganovMPaM12 - 6.0353) < 0.001);
  assert.match(text, /Mazhnik–Oganov \(2019\)\s+95\.12 GPa/);
  assert.match(text, /Chen \(2011\)\s+88\.53 GPa/);
  assert.match(text, /Tian \(2012\)\s+90\.0[23] GPa/);
  assert.match(text, /Niu \(2019\)\s+6\.214 MPa·m\^1\/2/);
  assert.match(text, /Mazhnik–Oganov \(2019\)\s+6\.035 MPa·m\^1\/2/);
  assert.match(text, /Flags: none/);
  // Debye needs a density: reported as n/a with a note.
  assert.match(text, /Debye temperature θ_D\s+n\/a K/);
  assert.match(text, /note: no density/);
});

test('xtal hardness --json: parseable, NaN as null, Cu flagged (metal, Chen negative)', () => {
  const { text } = runHardness({ bulkModulus: 136.2, shearModulus: 31.1, bandGap: '0', json: true });
  const j = JSON.parse(text);
  assert.equal(j.hardness.chenGPa, 0);
  assert.ok(j.hardness.chenRawGPa < 0);
  assert.equal(j.toughness.niuMPaM12, null);
  assert.deepEqual(j.validity.flags, ['metal', 'chen-negative']);
  assert.equal(j.validity.modelsApplicable, false);
});

test('xtal hardness with density and volume: Debye temperature and α of the generic vector', () => {
  const { result, text } = runHardness({
    bulkModulus: '200',
    shearModulus: '100',
    volumePerAtom: '10',
    density: '5000',
    temperature: '300',
  });
  assert.ok(Math.abs(result.debye.debyeTemperatureK - 689.06) < 0.01);
  assert.match(text, /Debye temperature θ_D\s+689\.1 K/);
  assert.match(text, /α_L at 300 K\s+9\.074e-6 1\/K/);
});

test('xtal hardness: bad numbers name the option; odd physics is flagged, not thrown', () => {
  assert.throws(
    () => runHardness({ bulkModulus: 'abc', shearModulus: '100' }),
    (e: unknown) => e instanceof XtalInputError && e.field === '--bulk-modulus',
  );
  assert.throws(() => runHardness({ bulkModulus: '100', shearModulus: '' }), /--shear-modulus/);
  const { text } = runHardness({ bulkModulus: '-5', shearModulus: '100' });
  assert.match(text, /bulk-modulus-not-positive/);
  const low = runHardness({ bulkModulus: '200', shearModulus: '100', volumePerAtom: '10', density: '5' });
  assert.ok(low.result.notes.some((n) => n.includes('g/cm³')));
});
