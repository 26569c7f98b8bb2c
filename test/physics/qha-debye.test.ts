import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { projectPath } from '../helpers/shared-data.js';
import {
  debyeTemperatureGibbsK,
  gibbsPoissonFactor,
  quasiHarmonicDebye,
  quasiHarmonicDebyeFromModuli,
  thetaOfVolume,
  type QuasiHarmonicPoint,
} from '../../src/physics/qha-debye.js';
import { debyeTemperatureK } from '../../src/physics/debye.js';
import { poissonRatio } from '../../src/physics/elasticity.js';
import { eosEnergyEV, eosFromBulkModulus } from '../../src/physics/eos.js';
import { AMU_KG, BOLTZMANN_EVK, EV_PER_A3_GPA } from '../../src/physics/constants.js';
import { XtalInputError } from '../../src/errors.js';
import { assertAbs, assertRel } from './approx.js';

test('GIBBS θ_D equals the Anderson θ_D when K_S = K_VRH and m̄ = ρ·V0 (science.md §4.2 check)', () => {
  const cases: Array<[number, number, number, number, number]> = [
    // K, G, V0 (Å³/atom), m̄ (amu), expected θ (K)
    [432.575, 520.13, 5.673, 12.011, 2214.0], // diamond mp-66
    [200, 100, 10, (5000 * 10e-30) / AMU_KG, 689.06], // generic vector
  ];
  for (const [k, g, v0, m, expected] of cases) {
    const rho = (m * AMU_KG) / (v0 * 1e-30);
    const gibbs = debyeTemperatureGibbsK(v0, poissonRatio(k, g), k, m);
    const anderson = debyeTemperatureK(k, g, rho, v0);
    assertRel(gibbs, anderson, 1e-12);
    assertRel(gibbs, expected, 1e-4);
  }
  assertRel(
    gibbsPoissonFactor(0.25),
    Math.cbrt(3 / (2 * Math.pow(5 / 3, 1.5) + Math.pow(5 / 9, 1.5))),
    1e-14,
  );
});

test('pitfall §8.3: pymatgen’s V^(−1/6) θ formula gives ≈3926 K for diamond; ours gives 2214 K', () => {
  const [k, g, v0, m] = [432.575, 520.13, 5.673, 12.011];
  const f = gibbsPoissonFactor(poissonRatio(k, g));
  const pymatgenStyle = 2.9772e-11 * Math.pow(v0, -1 / 6) * f * Math.sqrt(k / (m * AMU_KG));
  assertAbs(pymatgenStyle, 3926, 1);
  assertAbs(debyeTemperatureGibbsK(v0, poissonRatio(k, g), k, m), 2214.0, 0.05);
});

// A diamond-like 2-atom cell and a soft NaCl-like 2-atom cell.
const DIAMOND = { atomsPerCell: 2, v0: 11.35, k0: 440, kp: 3.6, nu: 0.07, m: 12.011 };
const SOFT = { atomsPerCell: 2, v0: 44.9, k0: 40, kp: 4.5, nu: 0.25, m: 29.22 };
const TEMPS = [0, 5, 50, 100, 200, 300, 500, 800];

function volumes(v0: number): number[] {
  return Array.from({ length: 11 }, (_, i) => v0 * (0.9 + (0.2 * i) / 10));
}

function runGibbs(s: typeof DIAMOND, temps = TEMPS) {
  const p = eosFromBulkModulus(s.v0, s.k0, s.kp, -18);
  const vs = volumes(s.v0);
  return quasiHarmonicDebye({
    atomsPerCell: s.atomsPerCell,
    temperaturesK: temps,
    volumesA3: vs,
    energiesEV: vs.map((v) => eosEnergyEV('vinet', p, v)),
    debye: { kind: 'gibbs', poissonRatio: s.nu, meanAtomicMassAmu: s.m },
  });
}

function thermodynamicIdentity(pt: QuasiHarmonicPoint, n: number): [number, number] {
  // α·K_T·V = n·γ·C_V (Grüneisen/Mie relation, exact for θ = θ(V)), in eV/K per cell.
  const lhs = pt.alphaVolumetricPerK * (pt.bulkModulusIsothermalGPa / EV_PER_A3_GPA) * pt.volumeA3;
  const rhs = n * pt.gruneisen * pt.heatCapacityVPerAtomKB * BOLTZMANN_EVK;
  return [lhs, rhs];
}

test('QH Debye (GIBBS): fitted static EOS, thermodynamic consistency α K_T V = γ C_V, C_P ≥ C_V, α > 0', () => {
  for (const s of [DIAMOND, SOFT]) {
    const r = runGibbs(s);
    assert.equal(r.extrapolated, false);
    assertRel(r.staticFit!.bulkModulusGPa, s.k0, 1e-7);
    let prev: QuasiHarmonicPoint | undefined;
    for (const pt of r.points) {
      assert.ok(Number.isFinite(pt.volumeA3), `finite V at ${pt.temperatureK}`);
      if (pt.temperatureK >= 50) {
        const [lhs, rhs] = thermodynamicIdentity(pt, s.atomsPerCell);
        assertRel(lhs, rhs, 1e-5, `identity at ${pt.temperatureK} K`);
        assert.ok(pt.alphaVolumetricPerK > 0);
        assert.ok(pt.heatCapacityPPerAtomKB > pt.heatCapacityVPerAtomKB);
        // C_P − C_V = α² K_T V T.
        const diff = (pt.heatCapacityPPerAtomKB - pt.heatCapacityVPerAtomKB) * s.atomsPerCell * BOLTZMANN_EVK;
        const expected =
          pt.alphaVolumetricPerK ** 2 *
          (pt.bulkModulusIsothermalGPa / EV_PER_A3_GPA) *
          pt.volumeA3 *
          pt.temperatureK;
        assertRel(diff, expected, 1e-4);
      }
      if (prev) {
        assert.ok(pt.volumeA3 > prev.volumeA3, 'V grows with T');
        assert.ok(pt.bulkModulusIsothermalGPa < prev.bulkModulusIsothermalGPa, 'K_T softens with T');
        assert.ok(pt.heatCapacityVPerAtomKB > prev.heatCapacityVPerAtomKB);
      }
      assert.ok(pt.heatCapacityVPerAtomKB <= 3);
      prev = pt;
    }
    assert.equal(r.points[0].heatCapacityVPerAtomKB, 0);
    assert.equal(r.points[0].entropyPerAtomKB, 0);
  }
});

test('QH Debye: V(T) is the minimum of G* (checked against neighbouring volumes) and α matches dV/dT', () => {
  const r = runGibbs(SOFT, [290, 300, 310]);
  const [a, b, c] = r.points;
  // α by a coarse difference over ±10 K agrees with the local derivative to second order.
  assertRel((c.volumeA3 - a.volumeA3) / (20 * b.volumeA3), b.alphaVolumetricPerK, 1e-3);
  // α K_T magnitude for a NaCl-like solid: α_V of order 1e-4 /K.
  assert.ok(b.alphaVolumetricPerK > 3e-5 && b.alphaVolumetricPerK < 3e-4, `${b.alphaVolumetricPerK}`);
});

test('T → 0: V(0) = V0 + zero-point shift ≈ (9/8)·n·k_B·θ0·γ/K0 (power-law θ(V))', () => {
  const theta0 = 1800;
  const gamma = 1.0;
  const p = eosFromBulkModulus(DIAMOND.v0, DIAMOND.k0, DIAMOND.kp);
  const r = quasiHarmonicDebye({
    atomsPerCell: 2,
    temperaturesK: [0, 1],
    predicted: {
      bulkModulusGPa: DIAMOND.k0,
      volumePerAtomA3: DIAMOND.v0 / 2,
      bulkModulusDerivative: DIAMOND.kp,
    },
    debye: { kind: 'power-law', debyeTemperature0K: theta0, gruneisen: gamma, volume0A3: DIAMOND.v0 },
  });
  assert.equal(r.extrapolated, true);
  assert.ok(r.warnings.some((w) => w.startsWith('extrapolated')));
  const shift = r.points[0].volumeA3 - DIAMOND.v0;
  const firstOrder = ((9 / 8) * 2 * BOLTZMANN_EVK * theta0 * gamma) / p.bulkModulusEVA3;
  assert.ok(shift > 0);
  assertRel(shift, firstOrder, 0.02);
  assertRel(r.points[1].volumeA3, r.points[0].volumeA3, 1e-9); // T³-flat at 1 K
  assertAbs(r.points[0].gruneisen, gamma, 1e-12);
  // With no zero-point motion (θ → tiny) the minimum is the static V0.
  const r0 = quasiHarmonicDebye({
    atomsPerCell: 2,
    temperaturesK: [0],
    predicted: { bulkModulusGPa: DIAMOND.k0, volumePerAtomA3: DIAMOND.v0 / 2 },
    debye: { kind: 'power-law', debyeTemperature0K: 1e-9, gruneisen: gamma, volume0A3: DIAMOND.v0 },
  });
  assertRel(r0.points[0].volumeA3, DIAMOND.v0, 1e-12);
});

test('predicted-K (extrapolated) and E(V)-fitted runs agree when the data come from the same EOS', () => {
  const temps = [100, 300, 600];
  const fitted = runGibbs(SOFT, temps);
  const pred = quasiHarmonicDebye({
    atomsPerCell: 2,
    temperaturesK: temps,
    predicted: { bulkModulusGPa: SOFT.k0, volumePerAtomA3: SOFT.v0 / 2, bulkModulusDerivative: SOFT.kp },
    debye: { kind: 'gibbs', poissonRatio: SOFT.nu, meanAtomicMassAmu: SOFT.m },
  });
  fitted.points.forEach((p, i) => {
    assertRel(pred.points[i].volumeA3, p.volumeA3, 1e-8);
    assertRel(pred.points[i].alphaVolumetricPerK, p.alphaVolumetricPerK, 1e-4);
  });
});

test('a very soft, anharmonic solid loses its G* minimum when hot: NaN point and a warning, no throw', () => {
  const r = quasiHarmonicDebye({
    atomsPerCell: 2,
    temperaturesK: [300, 600, 900],
    predicted: { bulkModulusGPa: 25, volumePerAtomA3: 22.45, bulkModulusDerivative: 4.8 },
    debye: { kind: 'gibbs', poissonRatio: 0.25, meanAtomicMassAmu: 29.22 },
  });
  assert.ok(Number.isFinite(r.points[0].volumeA3));
  assert.ok(Number.isNaN(r.points[1].volumeA3) && Number.isNaN(r.points[2].volumeA3));
  assert.ok(r.warnings.some((w) => w.includes('no minimum at T = 600 K')));
});

test('pressure compresses the solid and stiffens it', () => {
  const p = eosFromBulkModulus(SOFT.v0, SOFT.k0, SOFT.kp);
  const vs = volumes(SOFT.v0);
  const run = (pressureGPa: number) =>
    quasiHarmonicDebye({
      atomsPerCell: 2,
      temperaturesK: [300],
      pressureGPa,
      volumesA3: vs,
      energiesEV: vs.map((v) => eosEnergyEV('vinet', p, v)),
      debye: { kind: 'gibbs', poissonRatio: SOFT.nu, meanAtomicMassAmu: SOFT.m },
    }).points[0];
  const p0 = run(0);
  const p1 = run(2);
  assert.ok(p1.volumeA3 < p0.volumeA3 && p1.bulkModulusIsothermalGPa > p0.bulkModulusIsothermalGPa);
  assert.ok(p1.alphaVolumetricPerK < p0.alphaVolumetricPerK);
});

test('bad input throws XtalInputError naming the field', () => {
  const base = {
    atomsPerCell: 2,
    temperaturesK: [300],
    debye: { kind: 'gibbs' as const, poissonRatio: 0.2, meanAtomicMassAmu: 20 },
  };
  assert.throws(() => quasiHarmonicDebye(base), XtalInputError);
  assert.throws(
    () =>
      quasiHarmonicDebye({
        ...base,
        atomsPerCell: 0,
        predicted: { bulkModulusGPa: 100, volumePerAtomA3: 10 },
      }),
    /atoms per cell/,
  );
  assert.throws(
    () =>
      quasiHarmonicDebye({
        ...base,
        temperaturesK: [-1],
        predicted: { bulkModulusGPa: 100, volumePerAtomA3: 10 },
      }),
    /temperature/,
  );
  assert.throws(
    () =>
      quasiHarmonicDebye({
        ...base,
        debye: { kind: 'gibbs', poissonRatio: 0.6, meanAtomicMassAmu: 20 },
        predicted: { bulkModulusGPa: 100, volumePerAtomA3: 10 },
      }),
    /Poisson/,
  );
});

test('matches an independent scipy implementation (test/fixtures/physics/qha_debye_reference.py)', () => {
  const ref = JSON.parse(
    readFileSync(projectPath('test', 'fixtures', 'physics', 'qha-debye-reference.json'), 'utf8'),
  ) as {
    system: {
      atomsPerCell: number;
      volume0A3: number;
      bulkModulusGPa: number;
      bulkModulusDerivative: number;
      energy0EV: number;
      poissonRatio: number;
      meanAtomicMassAmu: number;
    };
    points: Array<{
      temperatureK: number;
      volumeA3: number;
      debyeTemperatureK: number;
      bulkModulusIsothermalGPa: number;
      alphaVolumetricPerK: number;
      gibbsEnergyEV: number;
    }>;
  };
  const s = ref.system;
  const p = eosFromBulkModulus(s.volume0A3, s.bulkModulusGPa, s.bulkModulusDerivative, s.energy0EV);
  const vs = volumes(s.volume0A3);
  const r = quasiHarmonicDebye({
    atomsPerCell: s.atomsPerCell,
    temperaturesK: ref.points.map((q) => q.temperatureK),
    volumesA3: vs,
    energiesEV: vs.map((v) => eosEnergyEV('vinet', p, v)),
    debye: { kind: 'gibbs', poissonRatio: s.poissonRatio, meanAtomicMassAmu: s.meanAtomicMassAmu },
  });
  ref.points.forEach((q, i) => {
    const pt = r.points[i];
    const t = q.temperatureK;
    assertRel(pt.volumeA3, q.volumeA3, 1e-8, `V at ${t} K`);
    assertRel(pt.debyeTemperatureK, q.debyeTemperatureK, 1e-7, `θ at ${t} K`);
    assertAbs(pt.gibbsEnergyEV, q.gibbsEnergyEV, 1e-8, `G at ${t} K`);
    assertRel(pt.bulkModulusIsothermalGPa, q.bulkModulusIsothermalGPa, 1e-4, `K_T at ${t} K`);
    if (t > 0) assertRel(pt.alphaVolumetricPerK, q.alphaVolumetricPerK, 1e-3, `α at ${t} K`);
  });
});

test('quasiHarmonicDebyeFromModuli: θ at the static V0 is the Anderson θ_D; extrapolated; α near the tier-1 value', () => {
  const [k, g, v0] = [200, 100, 10];
  const m = (5000 * 10e-30) / AMU_KG;
  const r = quasiHarmonicDebyeFromModuli({
    bulkModulusGPa: k,
    shearModulusGPa: g,
    volumePerAtomA3: v0,
    meanAtomicMassAmu: m,
    temperaturesK: [300],
  });
  assert.equal(r.extrapolated, true);
  const th = thetaOfVolume(
    { kind: 'gibbs', poissonRatio: poissonRatio(k, g), meanAtomicMassAmu: m },
    'vinet',
    r.staticParameters,
    1,
  );
  assertRel(th.theta(v0), 689.06, 1e-5);
  // GIBBS γ at V0 is the Slater value −1/6 + K′/2 = 11/6 for K′ = 4 (Vinet: dK/dP = K′ at V0).
  assertRel(-v0 * th.dLnThetaDV(v0), 11 / 6, 1e-12);
  // Tier 1 (γ_BT = 1.6875, α_V = 2.72e-5 /K) and tier 2 agree to within the difference of their γ and K.
  const a = r.points[0].alphaVolumetricPerK;
  assert.ok(a > 2.0e-5 && a < 4.5e-5, `${a}`);
});
