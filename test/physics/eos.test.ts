import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  eosBulkModulusEVA3,
  eosBulkModulusVolumeDerivative,
  eosEnergyEV,
  eosFromBulkModulus,
  eosPressureEVA3,
  fitEos,
  type EosName,
  type EosParameters,
} from '../../src/physics/eos.js';
import { XtalInputError } from '../../src/errors.js';
import { EV_PER_A3_GPA } from '../../src/physics/constants.js';
import { Rng } from '../../src/engine/random.js';
import { assertAbs, assertRel } from './approx.js';

const EOSES: EosName[] = ['vinet', 'birch-murnaghan'];
// A silicon-like cell: 8 atoms, V0 = 160 Å³, K0 = 98 GPa, K0′ = 4.2, E0 = −43.4 eV.
const P: EosParameters = {
  energy0EV: -43.4,
  volume0A3: 160,
  bulkModulusEVA3: 98 / EV_PER_A3_GPA,
  bulkModulusDerivative: 4.2,
};

function grid(v0: number, n: number, spread: number): number[] {
  return Array.from({ length: n }, (_, i) => v0 * (1 - spread + (2 * spread * i) / (n - 1)));
}

test('EOS: P = −dE/dV and K = V d²E/dV² (finite differences); E(V0) = E0, P(V0) = 0, K(V0) = K0', () => {
  for (const eos of EOSES) {
    assertAbs(eosEnergyEV(eos, P, 160), -43.4, 1e-12);
    assertAbs(eosPressureEVA3(eos, P, 160), 0, 1e-15);
    assertRel(eosBulkModulusEVA3(eos, P, 160), P.bulkModulusEVA3, 1e-13);
    for (const v of [130, 150, 160, 171, 190]) {
      const h = 1e-3;
      const dE = (eosEnergyEV(eos, P, v + h) - eosEnergyEV(eos, P, v - h)) / (2 * h);
      assertAbs(eosPressureEVA3(eos, P, v), -dE, 1e-7 * P.bulkModulusEVA3, `${eos} P(${v})`);
      const dP = (eosPressureEVA3(eos, P, v + h) - eosPressureEVA3(eos, P, v - h)) / (2 * h);
      assertRel(eosBulkModulusEVA3(eos, P, v), -v * dP, 1e-7, `${eos} K(${v})`);
    }
    for (const v of [130, 160, 190]) {
      const hh = 1e-3;
      const fd = (eosBulkModulusEVA3(eos, P, v + hh) - eosBulkModulusEVA3(eos, P, v - hh)) / (2 * hh);
      assertRel(eosBulkModulusVolumeDerivative(eos, P, v), fd, 1e-6, `${eos} dK/dV(${v})`);
    }
    // K0′ = dK/dP at V0.
    const h = 1e-4;
    const dK = eosBulkModulusEVA3(eos, P, 160 + h) - eosBulkModulusEVA3(eos, P, 160 - h);
    const dPr = eosPressureEVA3(eos, P, 160 + h) - eosPressureEVA3(eos, P, 160 - h);
    assertRel(dK / dPr, 4.2, 1e-6, `${eos} K0′`);
  }
});

test('Vinet with K0′ → 1 is continuous', () => {
  const q = { ...P, bulkModulusDerivative: 1 };
  const q2 = { ...P, bulkModulusDerivative: 1 + 1e-5 };
  for (const v of [140, 159.9, 175]) {
    const d1 = eosEnergyEV('vinet', q, v) - P.energy0EV;
    const d2 = eosEnergyEV('vinet', q2, v) - P.energy0EV;
    assertRel(d1, d2, 1e-5);
    // K0′ = 1: E − E0 = 9/2 K0 V0 (η − 1)².
    assertRel(d1, 4.5 * P.bulkModulusEVA3 * 160 * (Math.cbrt(v / 160) - 1) ** 2, 1e-9);
  }
});

test('fit recovers the parameters of exact Vinet and Birch–Murnaghan data (±6 % in V, 9 points)', () => {
  for (const eos of EOSES) {
    const vs = grid(160, 9, 0.06);
    const es = vs.map((v) => eosEnergyEV(eos, P, v));
    const fit = fitEos(vs, es, eos);
    assert.ok(fit.converged, `${eos} converged`);
    assertRel(fit.parameters.volume0A3, 160, 1e-9, `${eos} V0`);
    assertRel(fit.bulkModulusGPa, 98, 1e-7, `${eos} K0`);
    assertRel(fit.parameters.bulkModulusDerivative, 4.2, 1e-6, `${eos} K0′`);
    assertAbs(fit.parameters.energy0EV, -43.4, 1e-10, `${eos} E0`);
    assert.ok(fit.rmsResidualEV < 1e-10);
    assert.equal(fit.minimumOutsideData, false);
  }
});

test('fit of an asymmetric, shifted sample (minimum near the edge) and a hard solid with K0′ = 3.5', () => {
  const hard: EosParameters = {
    energy0EV: -18.2,
    volume0A3: 11.35,
    bulkModulusEVA3: 440 / EV_PER_A3_GPA,
    bulkModulusDerivative: 3.5,
  };
  const vs = grid(11.35 * 1.03, 7, 0.05);
  const es = vs.map((v) => eosEnergyEV('vinet', hard, v));
  const fit = fitEos(vs, es, 'vinet');
  assertRel(fit.parameters.volume0A3, 11.35, 1e-8);
  assertRel(fit.bulkModulusGPa, 440, 1e-6);
  assertRel(fit.parameters.bulkModulusDerivative, 3.5, 1e-5);
});

test('noisy data: fitted parameters stay close; residuals are the noise', () => {
  const rng = new Rng(7);
  const vs = grid(160, 11, 0.06);
  const noise = vs.map(() => (rng.uniform() - 0.5) * 2e-4);
  const es = vs.map((v, i) => eosEnergyEV('vinet', P, v) + noise[i]);
  const fit = fitEos(vs, es, 'vinet');
  assertRel(fit.parameters.volume0A3, 160, 1e-3);
  assertRel(fit.bulkModulusGPa, 98, 0.03);
  assert.ok(fit.rmsResidualEV < 1e-4);
  assert.equal(fit.residualsEV.length, 11);
});

test('fitting one EOS to the other EOS gives consistent V0 and K0 (data near the minimum)', () => {
  const vs = grid(160, 9, 0.03);
  const es = vs.map((v) => eosEnergyEV('birch-murnaghan', P, v));
  const fit = fitEos(vs, es, 'vinet');
  assertRel(fit.parameters.volume0A3, 160, 1e-4);
  assertRel(fit.bulkModulusGPa, 98, 5e-3);
});

test('bad E(V) input throws XtalInputError naming the field', () => {
  assert.throws(() => fitEos([1, 2, 3], [1, 2, 3]), XtalInputError);
  assert.throws(() => fitEos([1, 2, 3, 4], [1, 2, 3]), /energies/);
  assert.throws(() => fitEos([1, 2, -3, 4], [1, 2, 3, 4]), /volume 3/);
  assert.throws(() => fitEos([1, 2, 3, 4], [1, NaN, 3, 4]), /energy 2/);
  assert.throws(() => fitEos([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]), /no minimum/);
});

test('eosFromBulkModulus builds a curve with the given K0 (GPa)', () => {
  const p = eosFromBulkModulus(40, 200);
  assertRel(eosBulkModulusEVA3('vinet', p, 40) * EV_PER_A3_GPA, 200, 1e-14);
  assert.equal(p.bulkModulusDerivative, 4);
});
