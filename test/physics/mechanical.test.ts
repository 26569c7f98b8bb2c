import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mechanicalProperties } from '../../src/physics/mechanical.js';
import { validity } from '../../src/physics/validity.js';
import { AMU_KG } from '../../src/physics/constants.js';
import { assertRel } from './approx.js';

test('mechanicalProperties reproduces the science.md §2.5 and §4.1 generic vectors in one call', () => {
  const p = mechanicalProperties({
    bulkModulusGPa: 200,
    shearModulusGPa: 100,
    volumePerAtomA3: 10,
    densityKgM3: 5000,
  });
  assertRel(p.youngsModulusGPa, 257.143, 1e-5);
  assertRel(p.poissonRatio, 0.28571, 1e-4);
  assertRel(p.chi, 0.52632, 1e-4);
  assertRel(p.zeta, 2.16287, 1e-5);
  assertRel(p.hardness.mazhnikOganovGPa, 12.992, 1e-4);
  assertRel(p.hardness.chenGPa, 10.147, 1e-4);
  assertRel(p.hardness.tianGPa, 10.902, 1e-4);
  assertRel(p.hardness.teterGPa, 15.1, 1e-12);
  assertRel(p.toughness.mazhnikOganovMPaM12, 2.0476, 1e-4);
  assertRel(p.toughness.niuMPaM12, 2.0758, 1e-4);
  assertRel(p.debye.transverseVelocityMS, 4472.14, 1e-5);
  assertRel(p.debye.longitudinalVelocityMS, 8164.97, 1e-5);
  assertRel(p.debye.meanVelocityMS, 4986.34, 1e-5);
  assertRel(p.debye.debyeTemperatureK, 689.06, 1e-5);
  assertRel(p.debye.gruneisen, 1.6875, 1e-12);
  assertRel(p.debye.alphaVolumetricPerK, 2.7221e-5, 1e-4);
  assertRel(p.debye.alphaLinearPerK, 9.0735e-6, 1e-4);
  assertRel(p.debye.meanAtomicMassAmu, 30.11, 2e-4);
  assertRel(p.conductivity.cahillWmK, 2.0509, 1e-4);
  assertRel(p.conductivity.clarkeWmK, 1.8558, 1e-4);
  assertRel(p.expansionBound.factorLecture, (2 * (1 + 2 / 7) * (1 - 4 / 7)) / (2 - 6 / 7), 1e-12);
  // α_L·E from the Debye–Grüneisen α_L times E.
  assertRel(
    p.expansionBound.alphaLinearTimesYoungsPaK,
    p.debye.alphaLinearPerK * p.youngsModulusGPa * 1e9,
    1e-12,
  );
  assert.deepEqual(p.validity.flags, []);
  assert.equal(p.validity.modelsApplicable, true);
  assert.deepEqual(p.notes, []);
});

test('density is derived from the mean atomic mass and vice versa', () => {
  const mbar = (5000 * 10e-30) / AMU_KG;
  const a = mechanicalProperties({
    bulkModulusGPa: 200,
    shearModulusGPa: 100,
    volumePerAtomA3: 10,
    meanAtomicMassAmu: mbar,
  });
  assertRel(a.debye.densityKgM3, 5000, 1e-12);
  assertRel(a.debye.debyeTemperatureK, 689.06, 1e-5);
});

test('missing volume: toughness and Debye are NaN with a note; hardness still computed', () => {
  const p = mechanicalProperties({ bulkModulusGPa: 200, shearModulusGPa: 100 });
  assert.ok(Number.isNaN(p.toughness.mazhnikOganovMPaM12) && Number.isNaN(p.debye.debyeTemperatureK));
  assertRel(p.hardness.mazhnikOganovGPa, 12.992, 1e-4);
  assert.ok(p.notes.some((n) => n.includes('volume per atom')));
});

test('odd physical input never throws: K ≤ 0, G ≤ 0, ν ≥ 0.5, NaN give NaN and flags', () => {
  const cases: Array<[number, number, string]> = [
    [-10, 50, 'bulk-modulus-not-positive'],
    [100, 0, 'shear-modulus-not-positive'],
    [100, -5, 'poisson-ratio-out-of-range'],
    [NaN, 50, 'non-finite-input'],
    [Infinity, 50, 'non-finite-input'],
  ];
  for (const [k, g, flag] of cases) {
    const p = mechanicalProperties({
      bulkModulusGPa: k,
      shearModulusGPa: g,
      volumePerAtomA3: 10,
      densityKgM3: 3000,
    });
    assert.ok(p.validity.flags.includes(flag as never), `${k}/${g}: ${p.validity.flags.join(',')}`);
    assert.equal(p.validity.elasticValid, false);
    assert.ok(Number.isNaN(p.hardness.mazhnikOganovGPa) && Number.isNaN(p.toughness.niuMPaM12));
    assert.ok(Number.isNaN(p.debye.debyeTemperatureK));
  }
  // A programming error (a string where a number belongs) does throw.
  assert.throws(
    () => mechanicalProperties({ bulkModulusGPa: '200' as unknown as number, shearModulusGPa: 100 }),
    TypeError,
  );
});

test('validity: metals, band gap 0, high uncertainty, Chen negative (Cu), small G, anisotropy, instability', () => {
  const cu = mechanicalProperties({
    bulkModulusGPa: 136.2,
    shearModulusGPa: 31.1,
    context: { bandGapEV: 0 },
  });
  assert.ok(cu.validity.flags.includes('metal'));
  assert.ok(cu.validity.flags.includes('chen-negative'));
  assert.equal(cu.hardness.chenGPa, 0);
  assert.ok(cu.hardness.chenRawGPa < 0);
  assert.equal(cu.validity.modelsApplicable, false);
  assert.equal(cu.validity.elasticValid, true);
  assert.equal(cu.validity.flags.length, cu.validity.warnings.length);

  assert.deepEqual(validity({ bulkModulusGPa: 200, shearModulusGPa: 100, bandGapEV: 1.2 }).flags, []);
  assert.deepEqual(validity({ bulkModulusGPa: 200, shearModulusGPa: 100, isMetal: true }).flags, ['metal']);
  assert.deepEqual(
    validity({
      bulkModulusGPa: 200,
      shearModulusGPa: 100,
      bulkModulusRelativeStd: 0.1,
      shearModulusRelativeStd: 0.4,
    }).flags,
    ['high-uncertainty'],
  );
  assert.deepEqual(
    validity({
      bulkModulusGPa: 200,
      shearModulusGPa: 100,
      shearModulusRelativeStd: 0.4,
      uncertaintyThreshold: 0.5,
    }).flags,
    [],
  );
  assert.deepEqual(validity({ bulkModulusGPa: 20, shearModulusGPa: 1 }).flags, ['shear-modulus-small']);
  assert.deepEqual(validity({ bulkModulusGPa: 200, shearModulusGPa: 100, universalAnisotropy: 25 }).flags, [
    'anisotropy-large',
  ]);
  const unstable = validity({ bulkModulusGPa: 200, shearModulusGPa: 100, mechanicallyStable: false });
  assert.deepEqual(unstable.flags, ['mechanically-unstable']);
  assert.equal(unstable.modelsApplicable, false);
  // ν exactly at the bound is rejected: G = 0 gives ν = 0.5.
  assert.ok(
    validity({ bulkModulusGPa: 100, shearModulusGPa: 0 }).flags.includes('poisson-ratio-out-of-range'),
  );
  // K → 0⁺ approaches ν = −1 from inside the range: still admissible.
  assert.equal(validity({ bulkModulusGPa: 1e-9, shearModulusGPa: 100 }).elasticValid, true);
});
