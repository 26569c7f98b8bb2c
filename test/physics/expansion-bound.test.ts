import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alphaLinearTimesYoungsBoundPaK,
  alphaLinearTimesYoungsDulongPetitBoundPaK,
  alphaLinearTimesYoungsModelPaK,
  EXPANSION_BOUND_FACTOR_MAX,
  expansionBoundFactorLecture,
  expansionFactorBelomestnykh,
  POISSON_AT_MAXIMUM,
} from '../../src/physics/expansion-bound.js';
import {
  cubicStiffness,
  poissonRatio,
  voigtReussHill,
  youngsModulusGPa,
} from '../../src/physics/elasticity.js';
import { debyeTemperatureK, gammaBelomestnykh, thermalExpansionLinearPerK } from '../../src/physics/debye.js';
import { debyeHeatCapacityPerAtomJK } from '../../src/physics/debye-functions.js';
import { BOLTZMANN_JK } from '../../src/physics/constants.js';
import { assertAbs, assertRel } from './approx.js';

test('f(ν) table (science.md §3)', () => {
  const table: Array<[number, number]> = [
    [0, 1.0],
    [0.1, 1.0353],
    [0.139, 1.039],
    [0.2, 1.0286],
    [0.25, 1.0],
    [0.3, 0.9455],
    [0.35, 0.8526],
    [0.4, 0.7],
  ];
  for (const [n, f] of table) assertAbs(expansionBoundFactorLecture(n), f, 6e-5, `f(${n})`);
});

test('maximum at ν* = (4−√10)/6 = 0.139620: f = 1.038988, Belomestnykh (3/4)f = 0.779241', () => {
  assertAbs(POISSON_AT_MAXIMUM, 0.13962, 1e-6);
  assertRel(EXPANSION_BOUND_FACTOR_MAX, 1.038988, 1e-6);
  assertRel(expansionBoundFactorLecture(POISSON_AT_MAXIMUM), EXPANSION_BOUND_FACTOR_MAX, 1e-14);
  assertRel(expansionFactorBelomestnykh(POISSON_AT_MAXIMUM), 0.779241, 1e-6);
  assertRel(expansionFactorBelomestnykh(POISSON_AT_MAXIMUM), (11 - 2 * Math.sqrt(10)) / 6, 1e-14);
  // A fine scan finds no larger value, and the derivative vanishes at ν*.
  let best = -Infinity;
  let at = NaN;
  for (let n = -0.99; n < 0.5; n += 1e-5) {
    const f = expansionBoundFactorLecture(n);
    if (f > best) [best, at] = [f, n];
  }
  assertAbs(at, POISSON_AT_MAXIMUM, 2e-5);
  assert.ok(best <= EXPANSION_BOUND_FACTOR_MAX + 1e-15);
});

test('Belomestnykh estimate equals γ_BT(1−2ν), i.e. (3/4) of the lecture bound', () => {
  for (const n of [-0.5, 0, 0.2, 0.33, 0.45]) {
    assertRel(expansionFactorBelomestnykh(n), gammaBelomestnykh(n) * (1 - 2 * n), 1e-14);
    assertRel(expansionFactorBelomestnykh(n), 0.75 * expansionBoundFactorLecture(n), 1e-14);
  }
});

test('Cu sanity (science.md §3): model α_L·E = 2.14 MPa/K, lecture bound 2.85 MPa/K at 300 K', () => {
  const { bulkModulusGPa: k, shearModulusGPa: g } = voigtReussHill(cubicStiffness(168.4, 121.4, 75.4));
  const v0 = 11.81;
  const nu = poissonRatio(k, g);
  const theta = debyeTemperatureK(k, g, 8960, v0);
  const cv = debyeHeatCapacityPerAtomJK(300, theta);
  const gamma = gammaBelomestnykh(nu);
  const model = alphaLinearTimesYoungsModelPaK(gamma, nu, cv, v0);
  assertAbs(model / 1e6, 2.14, 0.006); // [C] 2.1345, printed 2.14
  assertAbs(alphaLinearTimesYoungsBoundPaK(nu, cv, v0) / 1e6, 2.85, 0.005);
  // The same model value from α_L (Debye–Grüneisen) times E: the identity K = E/(3(1−2ν)).
  const alphaL = thermalExpansionLinearPerK(300, theta, gamma, k, v0);
  assertRel(alphaL * youngsModulusGPa(k, g) * 1e9, model, 1e-12);
  // Dulong–Petit bound is above the 300 K bound and equals 3 f k_B / V0.
  const dp = alphaLinearTimesYoungsDulongPetitBoundPaK(nu, v0);
  assert.ok(dp > alphaLinearTimesYoungsBoundPaK(nu, cv, v0));
  assertRel(dp, (3 * expansionBoundFactorLecture(nu) * BOLTZMANN_JK) / (v0 * 1e-30), 1e-14);
});
