import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  debyeEntropyPerAtomJK,
  debyeFreeEnergyPerAtomJ,
  debyeFunction,
  debyeHeatCapacityPerAtomJK,
  debyeHeatCapacityRatio,
  debyeIntegral,
  debyeInternalEnergyPerAtomJ,
} from '../../src/physics/debye-functions.js';
import {
  debyeTemperatureK,
  gammaBelomestnykh,
  gammaBelomestnykhFromVelocities,
  soundVelocities,
  thermalExpansionLinearPerK,
  thermalExpansionVolumetricPerK,
} from '../../src/physics/debye.js';
import {
  cubicStiffness,
  poissonRatio,
  voigtReussHill,
  youngsModulusGPa,
} from '../../src/physics/elasticity.js';
import {
  thermalConductivityCahillWmK,
  thermalConductivityClarkeWmK,
  thermalConductivitySlackWmK,
} from '../../src/physics/conductivity.js';
import { AMU_KG, BOLTZMANN_JK } from '../../src/physics/constants.js';
import { assertAbs, assertRel } from './approx.js';

// Independent check: composite Gauss–Legendre (5 points) on many panels of the integrand.
const GL_X = [-0.906179845938664, -0.5384693101056831, 0, 0.5384693101056831, 0.906179845938664];
const GL_W = [
  0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891,
];
function quadrature(f: (t: number) => number, a: number, b: number, panels = 2000): number {
  const h = (b - a) / panels;
  let s = 0;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * h;
    for (let i = 0; i < 5; i++) s += GL_W[i] * f(mid + (GL_X[i] * h) / 2);
  }
  return (s * h) / 2;
}
const bose = (n: number) => (t: number) => (t === 0 ? (n === 1 ? 1 : 0) : Math.pow(t, n) / Math.expm1(t));

test('∫₀^∞ x³/(eˣ−1) dx = π⁴/15 = 6.493939', () => {
  assertRel(debyeIntegral(3, Infinity), Math.PI ** 4 / 15, 1e-15);
  assertRel(debyeIntegral(3, 80), Math.PI ** 4 / 15, 1e-14);
  assertAbs(debyeIntegral(3, 80), 6.493939, 5e-7);
});

test('Debye integrals n = 1…5 agree with quadrature for small, switch-over and large x', () => {
  for (const n of [1, 2, 3, 4, 5])
    for (const x of [1e-3, 0.1, 0.7, 1.5, 1.999999, 2, 2.000001, 3.3, 7, 15, 40]) {
      const q = quadrature(bose(n), 0, x);
      assertRel(debyeIntegral(n, x), q, 1e-12, `n=${n} x=${x}`);
    }
});

test('Debye function limits: D_n(0) = 1, D_n(x) ≈ 1 − n x/(2(n+1)) for small x, D₃ ~ π⁴/(5x³) for large x', () => {
  for (const n of [1, 3, 4]) {
    assert.equal(debyeFunction(n, 0), 1);
    assertRel(debyeFunction(n, 1e-4), 1 - (n * 1e-4) / (2 * (n + 1)), 1e-9);
  }
  assertRel(debyeFunction(3, 200), Math.PI ** 4 / (5 * 200 ** 3), 1e-12);
});

test('C_V/(3k_B) at T/θ = 0.1, 0.25, 0.5, 1, 2 (science.md §4.1)', () => {
  const table: Array<[number, number]> = [
    [0.1, 0.0758],
    [0.25, 0.5031],
    [0.5, 0.8254],
    [1, 0.9517],
    [2, 0.9876],
  ];
  for (const [t, c] of table) assertAbs(debyeHeatCapacityRatio(t, 1), c, 5e-5, `T/θ=${t}`);
});

test('C_V equals 9k_B(T/θ)³∫x⁴eˣ/(eˣ−1)² by quadrature; T³ law at low T; Dulong–Petit at high T', () => {
  const integrand = (x: number) => (x === 0 ? 0 : (Math.pow(x, 4) * Math.exp(x)) / Math.expm1(x) ** 2);
  for (const r of [0.01, 0.05, 0.3, 0.9, 3, 30]) {
    const y = 1 / r;
    const q = 9 * BOLTZMANN_JK * r ** 3 * quadrature(integrand, 0, y);
    assertRel(debyeHeatCapacityPerAtomJK(r, 1), q, 1e-11, `T/θ=${r}`);
  }
  assertRel(debyeHeatCapacityRatio(1, 1000), (4 * Math.PI ** 4) / 5 / 1e9, 1e-9);
  assertRel(debyeHeatCapacityRatio(1e4, 1), 1 - 1 / 20 / 1e8, 1e-12);
  assert.equal(debyeHeatCapacityRatio(0, 300), 0);
});

test('Debye thermodynamics are consistent: S = −∂A/∂T, C_V = ∂U/∂T, A = U − TS', () => {
  const theta = 420;
  for (const t of [20, 150, 420, 1500]) {
    const h = 1e-3 * t;
    const s = -(debyeFreeEnergyPerAtomJ(t + h, theta) - debyeFreeEnergyPerAtomJ(t - h, theta)) / (2 * h);
    assertRel(debyeEntropyPerAtomJK(t, theta), s, 1e-6, `S at ${t}`);
    const cv =
      (debyeInternalEnergyPerAtomJ(t + h, theta) - debyeInternalEnergyPerAtomJ(t - h, theta)) / (2 * h);
    assertRel(debyeHeatCapacityPerAtomJK(t, theta), cv, 1e-6, `C_V at ${t}`);
    const a = debyeInternalEnergyPerAtomJ(t, theta) - t * debyeEntropyPerAtomJK(t, theta);
    assertRel(debyeFreeEnergyPerAtomJ(t, theta), a, 1e-12, `A at ${t}`);
  }
  assertRel(debyeFreeEnergyPerAtomJ(0, theta), (9 / 8) * BOLTZMANN_JK * theta, 1e-15);
  assertRel(debyeFreeEnergyPerAtomJ(1e-3, theta), (9 / 8) * BOLTZMANN_JK * theta, 1e-12);
});

test('generic vector K=200, G=100, ρ=5000, V0=10 (science.md §4.1)', () => {
  const v = soundVelocities(200, 100, 5000);
  assertRel(v.transverseMS, 4472.14, 1e-5);
  assertRel(v.longitudinalMS, 8164.97, 1e-5);
  assertRel(v.meanMS, 4986.34, 1e-5);
  const th = debyeTemperatureK(200, 100, 5000, 10);
  assertRel(th, 689.06, 1e-5);
  const nu = poissonRatio(200, 100);
  const g = gammaBelomestnykh(nu);
  assertRel(g, 1.6875, 1e-12);
  assertRel(gammaBelomestnykhFromVelocities(v.transverseMS, v.longitudinalMS), g, 1e-12);
  assertRel(thermalExpansionVolumetricPerK(300, th, g, 200, 10), 2.7221e-5, 1e-4);
  assertRel(thermalExpansionLinearPerK(300, th, g, 200, 10), 9.0735e-6, 1e-4);
  assertRel(thermalConductivityCahillWmK(v.longitudinalMS, v.transverseMS, 10), 2.0509, 1e-4);
  const mbarAmu = (5000 * 10e-30) / AMU_KG;
  assertAbs(mbarAmu, 30.11, 0.005);
  assertRel(thermalConductivityClarkeWmK(youngsModulusGPa(200, 100), 5000, mbarAmu), 1.8558, 1e-4);
});

test('θ_D, γ_BT, α_L(300 K) table of science.md §4.1 (diamond, Si, NaCl, MgO, Cu)', () => {
  // K, G from the cubic C_ij (diamond: the table's K, G), then the [C] columns at their printed precision.
  const rows: Array<
    [string, [number, number] | [number, number, number], number, number, number, number, number, number]
  > = [
    ['diamond', [442.3, 535.5], 3515, 5.673, 2246, 0.894, 0.8e-6, 0.005e-6],
    ['Si', [165.7, 63.9, 79.6], 2329, 20.02, 649, 1.377, 7.8e-6, 0.05e-6],
    ['NaCl', [49.1, 12.8, 12.8], 2165, 22.43, 306, 1.514, 35.6e-6, 0.05e-6],
    ['MgO', [297, 95.2, 155.7], 3580, 9.34, 942, 1.221, 7.1e-6, 0.05e-6],
    ['Cu', [168.4, 121.4, 75.4], 8960, 11.81, 338, 2.092, 16.8e-6, 0.05e-6],
  ];
  for (const [name, moduli, rho, v0, theta, gamma, alphaL, alphaTol] of rows) {
    let k: number;
    let g: number;
    if (moduli.length === 2) [k, g] = moduli;
    else {
      const vrh = voigtReussHill(cubicStiffness(...moduli));
      k = vrh.bulkModulusGPa;
      g = vrh.shearModulusGPa;
    }
    const th = debyeTemperatureK(k, g, rho, v0);
    const gm = gammaBelomestnykh(poissonRatio(k, g));
    assertAbs(th, theta, 0.5, `${name} θ_D`);
    assertAbs(gm, gamma, 6e-4, `${name} γ`);
    assertAbs(thermalExpansionLinearPerK(300, th, gm, k, v0), alphaL, alphaTol, `${name} α_L`);
  }
});

test('elastool diamond cross-check: θ_D 2196.9 K by our constants, within 1 % of elastool’s 2185.09 K', () => {
  const th = debyeTemperatureK(429.76, 503.1, 3449.08, 11.3935 / 2);
  assertAbs(th, 2196.9, 0.1);
  assertRel(th, 2185.09, 0.01);
});

test('pitfall §8.2: Cahill uses v_l + 2v_t, Clarke the mean atomic mass, Slack divides by γ²', () => {
  const v = soundVelocities(200, 100, 5000);
  const vb = Math.sqrt(200e9 / 5000);
  const wrong = thermalConductivityCahillWmK(v.longitudinalMS, (v.transverseMS + vb) / 2, 10);
  assert.ok(Math.abs(wrong - 2.0509) > 0.05);
  // Clarke with a 2-atom cell mass is 2^(−2/3) times smaller than with the mean atomic mass.
  const e = youngsModulusGPa(200, 100);
  const mbar = (5000 * 10e-30) / AMU_KG;
  assertRel(
    thermalConductivityClarkeWmK(e, 5000, 2 * mbar) / thermalConductivityClarkeWmK(e, 5000, mbar),
    2 ** (-2 / 3),
    1e-12,
  );
  const base = {
    meanAtomicMassAmu: 30,
    debyeTemperatureK: 600,
    volumePerAtomA3: 10,
    atomsPerCell: 2,
    temperatureK: 300,
  };
  const k1 = thermalConductivitySlackWmK({ ...base, gruneisen: 1 });
  const k2 = thermalConductivitySlackWmK({ ...base, gruneisen: 2 });
  assertRel(k1 / k2, 4, 1e-12);
  // Direct evaluation of the Slack formula: A·M·θ³·δ/(γ²·n^(2/3)·T).
  assertRel(k1, (3.1e-6 * 30 * 600 ** 3 * Math.cbrt(10)) / (Math.pow(2, 2 / 3) * 300), 1e-12);
});
