/**
 * Minimal (amorphous-limit) and Slack lattice thermal conductivity from elastic data, W/(m·K).
 * Cahill–Pohl uses v_l + 2v_t; Clarke uses the MEAN ATOMIC mass; Slack divides by γ² (science.md §4.1, §8.2).
 */
import { AMU_KG, A3_M3, BOLTZMANN_JK, GPA_PA } from './constants.js';

/** κ_min = ½(π/6)^(1/3)·k_B·n_a^(2/3)·(v_l + 2v_t), n_a atoms per m³  (Cahill, Watson & Pohl, PRB 46, 6131 (1992)). */
export function thermalConductivityCahillWmK(
  longitudinalMS: number,
  transverseMS: number,
  volumePerAtomA3: number,
): number {
  const na = 1 / (volumePerAtomA3 * A3_M3);
  return (
    0.5 * Math.cbrt(Math.PI / 6) * BOLTZMANN_JK * Math.pow(na, 2 / 3) * (longitudinalMS + 2 * transverseMS)
  );
}

/** κ_min = 0.87·k_B·m̄^(−2/3)·E^(1/2)·ρ^(1/6), m̄ the mean atomic mass in kg  (Clarke, Surf. Coat. Technol. 163, 67 (2003)). */
export function thermalConductivityClarkeWmK(
  youngsModulusGPa: number,
  densityKgM3: number,
  meanAtomicMassAmu: number,
): number {
  const m = meanAtomicMassAmu * AMU_KG;
  return (
    0.87 *
    BOLTZMANN_JK *
    Math.pow(m, -2 / 3) *
    Math.sqrt(youngsModulusGPa * GPA_PA) *
    Math.pow(densityKgM3, 1 / 6)
  );
}

/** AGL prefactor A(γ) = 2.43e-8/(1 − 0.514/γ + 0.228/γ²)  (Julian, PR 137, A128 (1965); Toher et al., PRB 90, 174107 (2014)). */
export function slackPrefactorAgl(gruneisen: number): number {
  return 2.43e-8 / (1 - 0.514 / gruneisen + 0.228 / (gruneisen * gruneisen));
}

/**
 * Slack κ = A·M̄·θ³·δ/(γ²·n^(2/3)·T), M̄ mean atomic mass (amu), δ = V0^(1/3) (Å), θ (K), n atoms in the
 * primitive cell; A ≈ 3.1e-6 in these units  (Slack, Solid State Phys. 34, 1 (1979); Morelli & Slack 2006).
 */
export function thermalConductivitySlackWmK(args: {
  meanAtomicMassAmu: number;
  debyeTemperatureK: number;
  volumePerAtomA3: number;
  gruneisen: number;
  atomsPerCell: number;
  temperatureK: number;
  prefactor?: number;
}): number {
  const a = args.prefactor ?? 3.1e-6;
  const delta = Math.cbrt(args.volumePerAtomA3);
  return (
    (a * args.meanAtomicMassAmu * args.debyeTemperatureK ** 3 * delta) /
    (args.gruneisen * args.gruneisen * Math.pow(args.atomsPerCell, 2 / 3) * args.temperatureK)
  );
}
