/**
 * Debye functions D_n(x) = (n/xⁿ)∫₀ˣ tⁿ/(eᵗ−1) dt for n = 1…5, and the Debye-model heat capacity,
 * internal energy, vibrational free energy and entropy per atom. Accurate for every x ≥ 0:
 * for x ≤ 2 the Bernoulli series tⁿ/(eᵗ−1) = Σ B_k t^(k+n−1)/k! is integrated term by term; for x > 2 the
 * integral is n!ζ(n+1) minus the exponentially convergent tail Σ_k e^(−kx) Σ_j n!/(n−j)! x^(n−j)/k^(j+1).
 * Source: Abramowitz & Stegun 27.1 (Debye functions); Debye, Ann. Phys. 39, 789 (1912).
 */
import { BOLTZMANN_JK } from './constants.js';

/** B_2k/(2k)! for k = 1…21 (Bernoulli numbers over factorials). */
const BERNOULLI_OVER_FACTORIAL = [
  0.08333333333333333, -0.001388888888888889, 3.306878306878307e-5, -8.267195767195768e-7,
  2.08767569878681e-8, -5.284190138687493e-10, 1.3382536530684679e-11, -3.3896802963225827e-13,
  8.586062056277845e-15, -2.174868698558062e-16, 5.5090028283602295e-18, -1.3954464685812522e-19,
  3.534707039629467e-21, -8.953517427037546e-23, 2.267952452337683e-24, -5.744790668872202e-26,
  1.455172475614865e-27, -3.6859949406653103e-29, 9.336734257095045e-31, -2.36502241570063e-32,
  5.990671762482134e-34,
];

/** ∫₀^∞ tⁿ/(eᵗ−1) dt = n!·ζ(n+1) for n = 1…5 (n = 3: π⁴/15). */
const COMPLETE_INTEGRAL = [
  NaN,
  Math.PI ** 2 / 6,
  2 * 1.2020569031595942, // ζ(3)
  Math.PI ** 4 / 15,
  24 * 1.03692775514337, // ζ(5)
  (120 * Math.PI ** 6) / 945,
];

const FACTORIAL = [1, 1, 2, 6, 24, 120];

function checkOrder(n: number): void {
  if (!(Number.isInteger(n) && n >= 1 && n <= 5))
    throw new Error(`Debye function order must be 1..5, got ${n}`);
}

/** ∫₀ˣ tⁿ/(eᵗ−1) dt for integer n in 1…5 and x ≥ 0 (x = ∞ allowed). */
export function debyeIntegral(n: number, x: number): number {
  checkOrder(n);
  if (!(x > 0)) return x === 0 ? 0 : NaN;
  if (x <= 2) {
    // Σ_k B_k x^(k+n)/((k+n)·k!) with B_0 = 1, B_1 = −1/2, odd k > 1 vanish.
    const xn = Math.pow(x, n);
    const x2 = x * x;
    let sum = 1 / n - x / (2 * (n + 1));
    let p = 1;
    for (let k = 0; k < BERNOULLI_OVER_FACTORIAL.length; k++) {
      p *= x2;
      const term = (BERNOULLI_OVER_FACTORIAL[k] * p) / (2 * k + 2 + n);
      sum += term;
      if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
    }
    return xn * sum;
  }
  let tail = 0;
  if (Number.isFinite(x)) {
    // The coefficients n!/(n−j)! x^(n−j) of the inner sum do not depend on k: computed once.
    const coef = new Float64Array(n + 1);
    for (let j = 0; j <= n; j++) coef[j] = (FACTORIAL[n] / FACTORIAL[n - j]) * Math.pow(x, n - j);
    for (let k = 1; k < 200; k++) {
      const ekx = Math.exp(-k * x);
      if (ekx === 0) break;
      // Σ_j n!/(n−j)! x^(n−j)/k^(j+1), evaluated by Horner in 1/k.
      let inner = 0;
      for (let j = n; j >= 0; j--) inner = inner / k + coef[j];
      const term = (ekx * inner) / k;
      tail += term;
      if (term < 1e-18 * COMPLETE_INTEGRAL[n]) break;
    }
  }
  return COMPLETE_INTEGRAL[n] - tail;
}

/** Debye function D_n(x) = (n/xⁿ)∫₀ˣ tⁿ/(eᵗ−1) dt; D_n(0) = 1 (Abramowitz & Stegun 27.1.1 normalised). */
export function debyeFunction(n: number, x: number): number {
  if (x === 0) return 1;
  if (x < 1e-8) return 1 - (n * x) / (2 * (n + 1));
  return (n * debyeIntegral(n, x)) / Math.pow(x, n);
}

/** x/(eˣ−1), well behaved at 0 and at large x. */
function xOverExpm1(x: number): number {
  if (x === 0) return 1;
  if (x > 745) return 0;
  return x / Math.expm1(x);
}

/**
 * Debye heat capacity over its classical limit, C_V/(3Nk_B) = 4D₃(x) − 3x/(eˣ−1), x = θ_D/T;
 * equals (3/x³)∫₀ˣ t⁴eᵗ/(eᵗ−1)² dt (integration by parts). Debye 1912.
 */
export function debyeHeatCapacityRatio(temperatureK: number, debyeTemperatureK: number): number {
  if (!(temperatureK >= 0) || !(debyeTemperatureK > 0)) return NaN;
  if (temperatureK === 0) return 0;
  const x = debyeTemperatureK / temperatureK;
  return 4 * debyeFunction(3, x) - 3 * xOverExpm1(x);
}

/** Debye heat capacity per atom C_V = 9k_B(T/θ)³∫₀^(θ/T) x⁴eˣ/(eˣ−1)² dx, in J/K (Debye 1912). */
export function debyeHeatCapacityPerAtomJK(temperatureK: number, debyeTemperatureK: number): number {
  return 3 * BOLTZMANN_JK * debyeHeatCapacityRatio(temperatureK, debyeTemperatureK);
}

/** Debye internal energy per atom including zero point, U = k_BT[9x/8 + 3D₃(x)] = k_Bθ[9/8 + 3D₃(x)/x], J. */
export function debyeInternalEnergyPerAtomJ(temperatureK: number, debyeTemperatureK: number): number {
  if (temperatureK === 0) return (9 / 8) * BOLTZMANN_JK * debyeTemperatureK;
  const x = debyeTemperatureK / temperatureK;
  return BOLTZMANN_JK * temperatureK * ((9 / 8) * x + 3 * debyeFunction(3, x));
}

/**
 * Debye vibrational Helmholtz energy per atom including zero point,
 * A_vib = k_BT[9x/8 + 3 ln(1 − e^(−x)) − D₃(x)], x = θ/T, in J (Blanco et al., CPC 158, 57 (2004), Eqs. 4–6).
 */
export function debyeFreeEnergyPerAtomJ(temperatureK: number, debyeTemperatureK: number): number {
  if (temperatureK === 0) return (9 / 8) * BOLTZMANN_JK * debyeTemperatureK;
  const x = debyeTemperatureK / temperatureK;
  return BOLTZMANN_JK * temperatureK * ((9 / 8) * x + 3 * Math.log1p(-Math.exp(-x)) - debyeFunction(3, x));
}

/** Debye entropy per atom S = k_B[4D₃(x) − 3 ln(1 − e^(−x))], J/K (Blanco et al. 2004; standard Debye thermodynamics). */
export function debyeEntropyPerAtomJK(temperatureK: number, debyeTemperatureK: number): number {
  if (temperatureK === 0) return 0;
  const x = debyeTemperatureK / temperatureK;
  return BOLTZMANN_JK * (4 * debyeFunction(3, x) - 3 * Math.log1p(-Math.exp(-x)));
}
