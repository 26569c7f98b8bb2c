/**
 * Quasi-harmonic Debye model (GIBBS / AGL style; Blanco, Francisco & Luaña, Comput. Phys. Commun. 158, 57
 * (2004), Eqs. 4–6): static E(V) from an EOS fit, θ_D(V) from the static bulk modulus and f(ν), vibrational
 * Helmholtz energy of a Debye solid, and G*(V; P, T) = E(V) + PV + A_vib(V, T) minimised over V at each T.
 * Energies are per cell (eV), volumes per cell (Å³) unless named per atom; SI inside the θ formula.
 */
import { XtalInputError } from '../errors.js';
import { AMU_KG, A3_M3, BOLTZMANN_EVK, BOLTZMANN_JK, EV_PER_A3_GPA, GPA_PA, HBAR_JS } from './constants.js';
import {
  debyeEntropyPerAtomJK,
  debyeFreeEnergyPerAtomJ,
  debyeHeatCapacityRatio,
  debyeInternalEnergyPerAtomJ,
} from './debye-functions.js';
import {
  eosBulkModulusEVA3,
  eosBulkModulusVolumeDerivative,
  eosEnergyEV,
  eosFromBulkModulus,
  eosPressureEVA3,
  fitEos,
  type EosFit,
  type EosName,
  type EosParameters,
} from './eos.js';

/**
 * GIBBS f(ν) = {3/[2(⅔(1+ν)/(1−2ν))^(3/2) + (⅓(1+ν)/(1−ν))^(3/2)]}^(1/3)  (Blanco et al. 2004, Eqs. 4–6;
 * Poirier, Introduction to the Physics of the Earth's Interior).
 */
export function gibbsPoissonFactor(poissonRatio: number): number {
  const n = poissonRatio;
  const t1 = Math.pow(((2 / 3) * (1 + n)) / (1 - 2 * n), 1.5);
  const t2 = Math.pow(((1 / 3) * (1 + n)) / (1 - n), 1.5);
  return Math.cbrt(3 / (2 * t1 + t2));
}

/**
 * θ_D = (ħ/k_B)(6π²)^(1/3)·V_a^(1/6)·f(ν)·√(K_S/m̄) in SI (Blanco et al. 2004, Eqs. 4–6), with V_a the volume
 * per atom (Å³), K_S in GPa and m̄ the mean atomic mass (amu). Not pymatgen's V^(−1/6) form (science.md §8.3).
 */
export function debyeTemperatureGibbsK(
  volumePerAtomA3: number,
  poissonRatio: number,
  bulkModulusGPa: number,
  meanAtomicMassAmu: number,
): number {
  return (
    (HBAR_JS / BOLTZMANN_JK) *
    Math.cbrt(6 * Math.PI * Math.PI) *
    Math.pow(volumePerAtomA3 * A3_M3, 1 / 6) *
    gibbsPoissonFactor(poissonRatio) *
    Math.sqrt((bulkModulusGPa * GPA_PA) / (meanAtomicMassAmu * AMU_KG))
  );
}

export type DebyeTemperatureModel =
  /** θ(V) from the static bulk modulus of the EOS (GIBBS). */
  | { kind: 'gibbs'; poissonRatio: number; meanAtomicMassAmu: number }
  /** θ(V) = θ0 (V0/V)^γ (Moruzzi, Janak & Schwarz, PRB 37, 790 (1988)); V0 per cell. */
  | { kind: 'power-law'; debyeTemperature0K: number; gruneisen: number; volume0A3: number };

export interface QuasiHarmonicDebyeInput {
  atomsPerCell: number;
  temperaturesK: number[];
  /** External pressure, GPa (default 0). */
  pressureGPa?: number;
  /** EOS for the static E(V) (default Vinet). */
  eos?: EosName;
  /** Static E(V) per cell: volumes (Å³) and energies (eV), e.g. from DFT. */
  volumesA3?: number[];
  energiesEV?: number[];
  /** When no E(V) exists: an EOS built from a predicted K (K′ = 4 unless given); the result is `extrapolated`. */
  predicted?: { bulkModulusGPa: number; volumePerAtomA3: number; bulkModulusDerivative?: number };
  debye: DebyeTemperatureModel;
}

export interface QuasiHarmonicPoint {
  temperatureK: number;
  /** Equilibrium volume per cell (Å³), NaN when G*(V) has no minimum. */
  volumeA3: number;
  volumePerAtomA3: number;
  /** G*(V(T); P, T) per cell, eV. */
  gibbsEnergyEV: number;
  debyeTemperatureK: number;
  /** γ = −d ln θ/d ln V (Slater form for the GIBBS θ). */
  gruneisen: number;
  bulkModulusIsothermalGPa: number;
  bulkModulusAdiabaticGPa: number;
  /** α_V = (1/V)(∂V/∂T)_P by central differences of V(T), 1/K. */
  alphaVolumetricPerK: number;
  /** Per atom, in units of k_B. */
  heatCapacityVPerAtomKB: number;
  heatCapacityPPerAtomKB: number;
  entropyPerAtomKB: number;
  /** The volume lies outside the sampled E(V) range: the EOS is extrapolated there. */
  outsideData: boolean;
}

export interface QuasiHarmonicDebyeResult {
  /** True when the static E(V) was built from a predicted bulk modulus instead of data. */
  extrapolated: boolean;
  eos: EosName;
  staticParameters: EosParameters;
  staticFit?: EosFit;
  points: QuasiHarmonicPoint[];
  warnings: string[];
}

/** θ(V) and d ln θ/dV for a model (V per cell). */
export interface ThetaOfVolume {
  theta(volumeA3: number): number;
  dLnThetaDV(volumeA3: number): number;
}

export function thetaOfVolume(
  model: DebyeTemperatureModel,
  eos: EosName,
  p: EosParameters,
  atomsPerCell: number,
): ThetaOfVolume {
  if (model.kind === 'power-law') {
    const { debyeTemperature0K: t0, gruneisen: g, volume0A3: v0 } = model;
    return { theta: (v) => t0 * Math.pow(v0 / v, g), dLnThetaDV: (v) => -g / v };
  }
  const { poissonRatio: nu, meanAtomicMassAmu: m } = model;
  // ln θ = const + (1/6) ln V + (1/2) ln K_S(V)  ⇒  d ln θ/dV = 1/(6V) + K_S′(V)/(2K_S).
  return {
    theta: (v) => {
      const kv = eosBulkModulusEVA3(eos, p, v) * EV_PER_A3_GPA;
      return kv > 0 ? debyeTemperatureGibbsK(v / atomsPerCell, nu, kv, m) : NaN;
    },
    dLnThetaDV: (v) =>
      1 / (6 * v) + eosBulkModulusVolumeDerivative(eos, p, v) / (2 * eosBulkModulusEVA3(eos, p, v)),
  };
}

function checkInput(input: QuasiHarmonicDebyeInput): void {
  if (!(Number.isInteger(input.atomsPerCell) && input.atomsPerCell > 0)) {
    throw new XtalInputError(`atoms per cell must be a positive integer, got ${input.atomsPerCell}`, {
      field: 'atomsPerCell',
    });
  }
  for (const t of input.temperaturesK) {
    if (!(t >= 0) || !Number.isFinite(t)) {
      throw new XtalInputError(`temperature ${t} K is not a non-negative number`, { field: 'temperaturesK' });
    }
  }
  if (input.debye.kind === 'gibbs') {
    const { poissonRatio: nu, meanAtomicMassAmu: m } = input.debye;
    if (!(nu > -1 && nu < 0.5))
      throw new XtalInputError(`Poisson ratio ${nu} outside (−1, 0.5)`, { field: 'poissonRatio' });
    if (!(m > 0))
      throw new XtalInputError(`mean atomic mass ${m} amu is not positive`, { field: 'meanAtomicMassAmu' });
  }
}

/** Quasi-harmonic Debye model over a temperature grid (Blanco et al. 2004). */
export function quasiHarmonicDebye(input: QuasiHarmonicDebyeInput): QuasiHarmonicDebyeResult {
  checkInput(input);
  const eos = input.eos ?? 'vinet';
  const n = input.atomsPerCell;
  const warnings: string[] = [];
  let params: EosParameters;
  let staticFit: EosFit | undefined;
  let extrapolated = false;
  let vmin = -Infinity;
  let vmax = Infinity;
  if (input.volumesA3 && input.energiesEV) {
    staticFit = fitEos(input.volumesA3, input.energiesEV, eos);
    params = staticFit.parameters;
    vmin = Math.min(...input.volumesA3);
    vmax = Math.max(...input.volumesA3);
    if (!staticFit.converged) warnings.push('the static EOS fit did not converge');
  } else if (input.predicted) {
    const { bulkModulusGPa: k, volumePerAtomA3: va, bulkModulusDerivative: kp } = input.predicted;
    if (!(k > 0) || !(va > 0)) {
      throw new XtalInputError(`predicted K = ${k} GPa and V0 = ${va} Å³/atom must be positive`, {
        field: 'predicted',
      });
    }
    params = eosFromBulkModulus(va * n, k, kp ?? 4);
    extrapolated = true;
    warnings.push(
      `extrapolated: no E(V) data; E(V) built from the predicted K0 = ${k} GPa with K0′ = ${kp ?? 4}`,
    );
  } else {
    throw new XtalInputError('give E(V) points (volumesA3, energiesEV) or a predicted bulk modulus', {
      field: 'volumesA3',
    });
  }
  const pressure = (input.pressureGPa ?? 0) / EV_PER_A3_GPA;
  const th = thetaOfVolume(input.debye, eos, params, n);
  const kEV = BOLTZMANN_EVK;

  // dG*/dV per cell (eV/Å³): −P_static + P + n·U_vib(θ,T)·d ln θ/dV (since ∂A_vib/∂θ = U_vib/θ).
  const dGdV = (v: number, t: number): number => {
    const theta = th.theta(v);
    if (!(theta > 0)) return NaN;
    const u = debyeInternalEnergyPerAtomJ(t, theta) / BOLTZMANN_JK; // in K (× k_B → energy)
    return -eosPressureEVA3(eos, params, v) + pressure + n * u * kEV * th.dLnThetaDV(v);
  };
  const gibbs = (v: number, t: number): number =>
    eosEnergyEV(eos, params, v) +
    pressure * v +
    (n * debyeFreeEnergyPerAtomJ(t, th.theta(v)) * kEV) / BOLTZMANN_JK;

  const minimise = (t: number, guess: number): number => {
    let a = guess;
    let ga = dGdV(a, t);
    if (!Number.isFinite(ga)) return NaN;
    let b = a;
    let gb = ga;
    const factor = ga > 0 ? 0.99 : 1.01;
    for (let i = 0; i < 200 && Math.sign(gb) === Math.sign(ga); i++) {
      b *= factor;
      gb = dGdV(b, t);
      if (!Number.isFinite(gb) || b < 0.3 * params.volume0A3 || b > 3 * params.volume0A3) return NaN;
    }
    if (Math.sign(gb) === Math.sign(ga)) return NaN;
    if (a > b) {
      [a, b] = [b, a];
      [ga, gb] = [gb, ga];
    }
    for (let i = 0; i < 200; i++) {
      const m = 0.5 * (a + b);
      if (m <= a || m >= b) break;
      const gm = dGdV(m, t);
      if (gm === 0) return m;
      if (Math.sign(gm) === Math.sign(ga)) {
        a = m;
        ga = gm;
      } else b = m;
    }
    return 0.5 * (a + b);
  };

  const points: QuasiHarmonicPoint[] = [];
  let guess = params.volume0A3;
  let warnedOutside = false;
  let warnedNoMin = false;
  for (const t of input.temperaturesK) {
    const v = minimise(t, guess);
    if (!Number.isFinite(v)) {
      if (!warnedNoMin) warnings.push(`G*(V) has no minimum at T = ${t} K and above (no stable volume)`);
      warnedNoMin = true;
      points.push(nanPoint(t));
      continue;
    }
    guess = v;
    const dt = Math.max(2e-4 * t, 1e-2);
    let alpha: number;
    if (t - dt >= 0) {
      alpha = (minimise(t + dt, v) - minimise(t - dt, v)) / (2 * dt * v);
    } else {
      alpha = (minimise(t + dt, v) - v) / (dt * v);
    }
    const h = 1e-5 * v;
    const kT = v * ((dGdV(v + h, t) - dGdV(v - h, t)) / (2 * h)) * EV_PER_A3_GPA;
    const theta = th.theta(v);
    const gamma = -v * th.dLnThetaDV(v);
    const cv = 3 * debyeHeatCapacityRatio(t, theta);
    const outside = v < vmin || v > vmax;
    if (outside && !warnedOutside) {
      warnings.push(`V(T) leaves the sampled volumes at T = ${t} K: the EOS is extrapolated there`);
      warnedOutside = true;
    }
    const factor = 1 + alpha * gamma * t;
    points.push({
      temperatureK: t,
      volumeA3: v,
      volumePerAtomA3: v / n,
      gibbsEnergyEV: gibbs(v, t),
      debyeTemperatureK: theta,
      gruneisen: gamma,
      bulkModulusIsothermalGPa: kT,
      bulkModulusAdiabaticGPa: kT * factor,
      alphaVolumetricPerK: alpha,
      heatCapacityVPerAtomKB: cv,
      heatCapacityPPerAtomKB: cv * factor,
      entropyPerAtomKB: debyeEntropyPerAtomJK(t, theta) / BOLTZMANN_JK,
      outsideData: outside,
    });
  }
  return { extrapolated, eos, staticParameters: params, staticFit, points, warnings };
}

function nanPoint(t: number): QuasiHarmonicPoint {
  return {
    temperatureK: t,
    volumeA3: NaN,
    volumePerAtomA3: NaN,
    gibbsEnergyEV: NaN,
    debyeTemperatureK: NaN,
    gruneisen: NaN,
    bulkModulusIsothermalGPa: NaN,
    bulkModulusAdiabaticGPa: NaN,
    alphaVolumetricPerK: NaN,
    heatCapacityVPerAtomKB: NaN,
    heatCapacityPPerAtomKB: NaN,
    entropyPerAtomKB: NaN,
    outsideData: false,
  };
}

/**
 * Tier 2 without DFT: the quasi-harmonic Debye model on an E(V) built from predicted K and G (Vinet, K′ = 4
 * unless given), ν from (K, G), per-atom cell. The result is labelled `extrapolated`.
 */
export function quasiHarmonicDebyeFromModuli(args: {
  bulkModulusGPa: number;
  shearModulusGPa: number;
  volumePerAtomA3: number;
  meanAtomicMassAmu: number;
  temperaturesK: number[];
  bulkModulusDerivative?: number;
  pressureGPa?: number;
}): QuasiHarmonicDebyeResult {
  const k = args.bulkModulusGPa;
  const g = args.shearModulusGPa;
  const nu = (3 * k - 2 * g) / (2 * (3 * k + g));
  return quasiHarmonicDebye({
    atomsPerCell: 1,
    temperaturesK: args.temperaturesK,
    pressureGPa: args.pressureGPa,
    predicted: {
      bulkModulusGPa: k,
      volumePerAtomA3: args.volumePerAtomA3,
      bulkModulusDerivative: args.bulkModulusDerivative,
    },
    debye: { kind: 'gibbs', poissonRatio: nu, meanAtomicMassAmu: args.meanAtomicMassAmu },
  });
}
