/**
 * The elastic–thermal-expansion limit (science.md §3): α_L·E = γ·c_V·ρ·(1−2ν) (Grüneisen relation with
 * K = E/(3(1−2ν))), bounded with γ ≤ γ_max(ν) = 2(1+ν)/(2−3ν) (lecture) or estimated with the
 * Belomestnykh–Tesleva γ = (3/4)γ_max. Both f(ν) forms peak at ν* = (4−√10)/6. Heat capacity per volume
 * c_V·ρ = C_V(per atom)/V0; the Dulong–Petit limit 3k_B/V0 gives a temperature-free practical bound.
 */
import { A3_M3, BOLTZMANN_JK } from './constants.js';

/** Lecture bound factor f(ν) = 2(1+ν)(1−2ν)/(2−3ν): α_L·E ≤ f(ν)·c_V·ρ  (science.md §3, reconstructed). */
export function expansionBoundFactorLecture(poissonRatio: number): number {
  const n = poissonRatio;
  return (2 * (1 + n) * (1 - 2 * n)) / (2 - 3 * n);
}

/** Belomestnykh estimate factor (3/4)f(ν) = (3/2)(1+ν)(1−2ν)/(2−3ν) = γ_BT(1−2ν): α_L·E ≈ that·c_V·ρ. */
export function expansionFactorBelomestnykh(poissonRatio: number): number {
  return 0.75 * expansionBoundFactorLecture(poissonRatio);
}

/** ν* = (4−√10)/6 ≈ 0.139620, where f(ν) (and (3/4)f(ν)) is largest (6ν² − 8ν + 1 = 0). */
export const POISSON_AT_MAXIMUM = (4 - Math.sqrt(10)) / 6;
/** max f(ν) = 2(11 − 2√10)/9 ≈ 1.038988. */
export const EXPANSION_BOUND_FACTOR_MAX = (2 * (11 - 2 * Math.sqrt(10))) / 9;

/** Heat capacity per volume (J/(K·m³)) from the heat capacity per atom (J/K) and the volume per atom (Å³). */
export function heatCapacityPerVolumeJKM3(heatCapacityPerAtomJK: number, volumePerAtomA3: number): number {
  return heatCapacityPerAtomJK / (volumePerAtomA3 * A3_M3);
}

/** Lecture bound on α_L·E in Pa/K: f(ν)·c_V·ρ, with c_V·ρ = C_V(per atom)/V0. */
export function alphaLinearTimesYoungsBoundPaK(
  poissonRatio: number,
  heatCapacityPerAtomJK: number,
  volumePerAtomA3: number,
): number {
  return (
    expansionBoundFactorLecture(poissonRatio) *
    heatCapacityPerVolumeJKM3(heatCapacityPerAtomJK, volumePerAtomA3)
  );
}

/** Model value α_L·E = γ·c_V·ρ·(1−2ν) in Pa/K (Grüneisen relation, isotropic solid). */
export function alphaLinearTimesYoungsModelPaK(
  gruneisen: number,
  poissonRatio: number,
  heatCapacityPerAtomJK: number,
  volumePerAtomA3: number,
): number {
  return (
    gruneisen * (1 - 2 * poissonRatio) * heatCapacityPerVolumeJKM3(heatCapacityPerAtomJK, volumePerAtomA3)
  );
}

/** Dulong–Petit practical bound α_L·E ≤ 3·f(ν)·k_B/V0, in Pa/K (V0 per atom). */
export function alphaLinearTimesYoungsDulongPetitBoundPaK(
  poissonRatio: number,
  volumePerAtomA3: number,
): number {
  return (3 * expansionBoundFactorLecture(poissonRatio) * BOLTZMANN_JK) / (volumePerAtomA3 * A3_M3);
}
