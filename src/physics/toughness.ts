/**
 * Fracture toughness K_IC (MPa·m^1/2) from elastic moduli (GPa) and the volume PER ATOM (Å³/atom).
 * Using the cell volume instead (as elastool does) inflates K_IC by N^(1/6) for an N-atom cell.
 */
import { poissonRatio, youngsModulusGPa } from './elasticity.js';
import type { ModuliGPa } from './hardness.js';

/** Mazhnik–Oganov α0 = 8840 GPa (J. Appl. Phys. 126, 125109 (2019)). */
export const MAZHNIK_OGANOV_ALPHA0_GPA = 8840;

/** ζ(ν) = (1 − 13.7ν + 48.6ν²)/(1 − 15.2ν + 70.2ν² − 81.5ν³)  (Mazhnik & Oganov, JAP 126, 125109 (2019)). */
export function zetaMazhnikOganov(poissonRatio: number): number {
  const n = poissonRatio;
  return (1 - 13.7 * n + 48.6 * n * n) / (1 - 15.2 * n + 70.2 * n * n - 81.5 * n * n * n);
}

/**
 * K_IC = α0^(−1/2)·V0^(1/6)·(ζ(ν)E)^(3/2) (Mazhnik & Oganov 2019); with E in GPa and V0 in Å³/atom,
 * K_IC[MPa·m^1/2] = 1e-2·8840^(−1/2)·V0^(1/6)·(ζE)^(3/2)  (unit bookkeeping: science.md §2.1).
 */
export function toughnessMazhnikOganovFromEnuMPaM12(
  youngsModulusGPa: number,
  poissonRatio: number,
  volumePerAtomA3: number,
): number {
  const ze = zetaMazhnikOganov(poissonRatio) * youngsModulusGPa;
  return (
    1e-2 * Math.pow(MAZHNIK_OGANOV_ALPHA0_GPA, -0.5) * Math.pow(volumePerAtomA3, 1 / 6) * Math.pow(ze, 1.5)
  );
}

/** Mazhnik–Oganov K_IC (MPa·m^1/2) from K_VRH, G_VRH (GPa) and the volume per atom (Å³/atom). */
export function toughnessMazhnikOganovMPaM12({
  bulkModulusGPa,
  shearModulusGPa,
  volumePerAtomA3,
}: ModuliGPa & { volumePerAtomA3: number }): number {
  return toughnessMazhnikOganovFromEnuMPaM12(
    youngsModulusGPa(bulkModulusGPa, shearModulusGPa),
    poissonRatio(bulkModulusGPa, shearModulusGPa),
    volumePerAtomA3,
  );
}

/**
 * Niu model K_IC = V0^(1/6)·G·(K/G)^(1/2) for covalent and ionic crystals (Niu et al., J. Appl. Phys. 125,
 * 065105 (2019)); K_IC[MPa·m^1/2] = 1e-2·V0[Å³/atom]^(1/6)·G[GPa]·(K/G)^(1/2). No metallic enhancement factor.
 */
export function toughnessNiuMPaM12({
  bulkModulusGPa,
  shearModulusGPa,
  volumePerAtomA3,
}: ModuliGPa & { volumePerAtomA3: number }): number {
  return (
    1e-2 * Math.pow(volumePerAtomA3, 1 / 6) * shearModulusGPa * Math.sqrt(bulkModulusGPa / shearModulusGPa)
  );
}
