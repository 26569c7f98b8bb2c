import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridDerivative, phononQha } from '../../src/physics/qha-phonon.js';
import { quasiHarmonicDebye } from '../../src/physics/qha-debye.js';
import { eosEnergyEV, eosFromBulkModulus } from '../../src/physics/eos.js';
import {
  debyeEntropyPerAtomJK,
  debyeFreeEnergyPerAtomJ,
  debyeHeatCapacityPerAtomJK,
} from '../../src/physics/debye-functions.js';
import { AVOGADRO_PER_MOL, EV_J, KJ_PER_MOL_EV } from '../../src/physics/constants.js';
import { XtalInputError } from '../../src/errors.js';
import { assertAbs, assertRel } from './approx.js';

// Synthetic phonopy-like data: a 2-atom cell whose phonons are a Debye solid with θ(V) = θ0 (V0/V)^γ.
const N = 2;
const V0 = 40;
const K0 = 60;
const KP = 4.5;
const THETA0 = 400;
const GAMMA = 1.6;
const STATIC = eosFromBulkModulus(V0, K0, KP, -10);
const VOLS = Array.from({ length: 11 }, (_, i) => V0 * (0.95 + (0.15 * i) / 10));
const TEMPS = Array.from({ length: 81 }, (_, i) => 10 * i); // 0..800 K every 10 K
const theta = (v: number) => THETA0 * Math.pow(V0 / v, GAMMA);
const perMol = (joulePerCell: number) => joulePerCell * AVOGADRO_PER_MOL; // J/cell → J/mol

function synthetic() {
  return {
    volumesA3: VOLS,
    electronicEnergiesEV: VOLS.map((v) => eosEnergyEV('vinet', STATIC, v)),
    temperaturesK: TEMPS,
    freeEnergyKJMol: VOLS.map((v) =>
      TEMPS.map((t) => perMol(N * debyeFreeEnergyPerAtomJ(t, theta(v))) / 1000),
    ),
    heatCapacityJKMol: VOLS.map((v) => TEMPS.map((t) => perMol(N * debyeHeatCapacityPerAtomJK(t, theta(v))))),
    entropyJKMol: VOLS.map((v) => TEMPS.map((t) => perMol(N * debyeEntropyPerAtomJK(t, theta(v))))),
  };
}

test('unit conversion: 1 eV per cell = 96.4853 kJ/mol', () => {
  assertRel(1 / KJ_PER_MOL_EV, 96.48533212, 1e-9);
  assertRel((EV_J * AVOGADRO_PER_MOL) / 1000, 96.48533212, 1e-9);
});

test('no phonons (F_ph = 0): V(T) = V0, K_T = K0, α = 0 at every T', () => {
  const d = synthetic();
  const r = phononQha({ ...d, freeEnergyKJMol: VOLS.map(() => TEMPS.map(() => 0)) });
  for (const p of r.points) {
    assertRel(p.volumeA3, V0, 1e-9);
    assertRel(p.bulkModulusIsothermalGPa, K0, 1e-6);
    assertAbs(p.alphaVolumetricPerK, 0, 1e-12);
  }
});

test('phonon QHA on Debye-solid data matches the direct quasi-harmonic Debye minimisation', () => {
  const r = phononQha(synthetic());
  const direct = quasiHarmonicDebye({
    atomsPerCell: N,
    temperaturesK: TEMPS,
    predicted: { bulkModulusGPa: K0, volumePerAtomA3: V0 / N, bulkModulusDerivative: KP },
    debye: { kind: 'power-law', debyeTemperature0K: THETA0, gruneisen: GAMMA, volume0A3: V0 },
  });
  for (let j = 0; j < TEMPS.length; j++) {
    const p = r.points[j];
    const q = direct.points[j];
    const t = TEMPS[j];
    assertRel(p.volumeA3, q.volumeA3, 2e-5, `V at ${t} K`);
    assertRel(p.bulkModulusIsothermalGPa, q.bulkModulusIsothermalGPa, 2e-3, `K_T at ${t} K`);
    if (t >= 100 && t < 800) {
      assertRel(p.alphaVolumetricPerK, q.alphaVolumetricPerK, 1e-2, `α at ${t} K`);
      assertRel(
        p.heatCapacityVJKMol,
        q.heatCapacityVPerAtomKB * N * AVOGADRO_PER_MOL * 1.380649e-23,
        1e-4,
        `C_V at ${t} K`,
      );
      assertRel(
        p.heatCapacityPJKMol,
        q.heatCapacityPPerAtomKB * N * AVOGADRO_PER_MOL * 1.380649e-23,
        1e-2,
        `C_P at ${t} K`,
      );
      assertRel(p.gruneisen, GAMMA, 1e-2, `γ at ${t} K`);
      assert.ok(p.heatCapacityPJKMol > p.heatCapacityVJKMol && p.alphaVolumetricPerK > 0);
    }
  }
  // T → 0: V(0) is V0 plus the zero-point expansion.
  assert.ok(r.points[0].volumeA3 > V0);
  assertRel(r.points[0].volumeA3, direct.points[0].volumeA3, 2e-5);
});

test('gridDerivative is exact for quadratics on a non-uniform grid', () => {
  const xs = [0, 1, 3, 4.5, 7];
  const d = gridDerivative(
    xs,
    xs.map((x) => 2 * x * x - x + 3),
  );
  for (let i = 1; i < xs.length - 1; i++) assertAbs(d[i], 4 * xs[i] - 1, 1e-12);
});

test('bad tables throw XtalInputError naming the field and position', () => {
  const d = synthetic();
  assert.throws(() => phononQha({ ...d, freeEnergyKJMol: d.freeEnergyKJMol.slice(1) }), XtalInputError);
  const bad = d.freeEnergyKJMol.map((r) => r.slice());
  bad[2][5] = NaN;
  assert.throws(() => phononQha({ ...d, freeEnergyKJMol: bad }), /volume 3, temperature 6/);
  assert.throws(() => phononQha({ ...d, temperaturesK: TEMPS.slice().reverse() }), /increase/);
});
