/**
 * Tier-1 Debye–Grüneisen estimates from K and G (science.md §4.1): isotropic sound velocities, the Anderson
 * Debye temperature, the Belomestnykh–Tesleva acoustic Grüneisen parameter and the Debye–Grüneisen thermal
 * expansion α_V = γC_V/(K V0). Inputs in GPa, kg/m³, Å³/atom, K; outputs in SI (m/s, K, 1/K).
 */
import { A3_M3, BOLTZMANN_JK, GPA_PA, HBAR_JS } from './constants.js';
import { debyeHeatCapacityPerAtomJK } from './debye-functions.js';

export interface SoundVelocities {
  transverseMS: number;
  longitudinalMS: number;
  meanMS: number;
}

/** v_t = √(G/ρ), v_l = √((K + 4G/3)/ρ), v_m = [(2/v_t³ + 1/v_l³)/3]^(−1/3)  (Anderson, J. Phys. Chem. Solids 24, 909 (1963)). */
export function soundVelocities(
  bulkModulusGPa: number,
  shearModulusGPa: number,
  densityKgM3: number,
): SoundVelocities {
  const vt = Math.sqrt((shearModulusGPa * GPA_PA) / densityKgM3);
  const vl = Math.sqrt(((bulkModulusGPa + (4 / 3) * shearModulusGPa) * GPA_PA) / densityKgM3);
  const vm = Math.pow((2 / (vt * vt * vt) + 1 / (vl * vl * vl)) / 3, -1 / 3);
  return { transverseMS: vt, longitudinalMS: vl, meanMS: vm };
}

/** θ_D = (ħ/k_B)(6π²/V0)^(1/3)·v_m with V0 the volume per atom  (Anderson, J. Phys. Chem. Solids 24, 909 (1963)). */
export function debyeTemperatureFromVelocityK(meanSoundVelocityMS: number, volumePerAtomA3: number): number {
  return (
    (HBAR_JS / BOLTZMANN_JK) *
    Math.cbrt((6 * Math.PI * Math.PI) / (volumePerAtomA3 * A3_M3)) *
    meanSoundVelocityMS
  );
}

/** Anderson Debye temperature (K) from K_VRH, G_VRH (GPa), density (kg/m³) and volume per atom (Å³/atom). */
export function debyeTemperatureK(
  bulkModulusGPa: number,
  shearModulusGPa: number,
  densityKgM3: number,
  volumePerAtomA3: number,
): number {
  return debyeTemperatureFromVelocityK(
    soundVelocities(bulkModulusGPa, shearModulusGPa, densityKgM3).meanMS,
    volumePerAtomA3,
  );
}

/** Belomestnykh–Tesleva acoustic Grüneisen parameter γ = (3/2)(1+ν)/(2−3ν)  (Belomestnykh, Tech. Phys. Lett. 30, 91 (2004)). */
export function gammaBelomestnykh(poissonRatio: number): number {
  return (1.5 * (1 + poissonRatio)) / (2 - 3 * poissonRatio);
}

/** Same γ from the velocity ratio x = v_t/v_l: γ = (9 − 12x²)/(2 + 4x²)  (Belomestnykh & Tesleva 2004). */
export function gammaBelomestnykhFromVelocities(transverseMS: number, longitudinalMS: number): number {
  const x2 = (transverseMS / longitudinalMS) ** 2;
  return (9 - 12 * x2) / (2 + 4 * x2);
}

/**
 * Volumetric thermal expansion α_V = γ·C_V/(K·V0) in 1/K (Grüneisen relation with the Debye C_V per atom,
 * K in Pa, V0 in m³/atom; K_VRH stands in for K_T). Grüneisen, Ann. Phys. 39, 257 (1912).
 */
export function thermalExpansionVolumetricPerK(
  temperatureK: number,
  debyeTemperatureK: number,
  gruneisen: number,
  bulkModulusGPa: number,
  volumePerAtomA3: number,
): number {
  const cv = debyeHeatCapacityPerAtomJK(temperatureK, debyeTemperatureK);
  return (gruneisen * cv) / (bulkModulusGPa * GPA_PA * volumePerAtomA3 * A3_M3);
}

/** Linear thermal expansion α_L = α_V/3 (isotropic solid), 1/K. */
export function thermalExpansionLinearPerK(
  temperatureK: number,
  debyeTemperatureK: number,
  gruneisen: number,
  bulkModulusGPa: number,
  volumePerAtomA3: number,
): number {
  return (
    thermalExpansionVolumetricPerK(
      temperatureK,
      debyeTemperatureK,
      gruneisen,
      bulkModulusGPa,
      volumePerAtomA3,
    ) / 3
  );
}
