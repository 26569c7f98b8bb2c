/**
 * Vickers hardness models from elastic moduli (all in GPa): Mazhnik–Oganov, Chen, Tian and Teter.
 * Sources are cited per function; test vectors and pitfalls are in science.md §2 and docs/physics.md.
 */
import { poissonRatio, youngsModulusGPa } from './elasticity.js';

export interface ModuliGPa {
  bulkModulusGPa: number;
  shearModulusGPa: number;
}

/** Mazhnik–Oganov dimensionless prefactor γ0 (J. Appl. Phys. 126, 125109 (2019)). */
export const MAZHNIK_OGANOV_GAMMA0 = 0.096;

/** χ(ν) = (1 − 8.5ν + 19.5ν²)/(1 − 7.5ν + 12.2ν² + 19.6ν³)  (Mazhnik & Oganov, JAP 126, 125109 (2019)). */
export function chiMazhnikOganov(poissonRatio: number): number {
  const n = poissonRatio;
  return (1 - 8.5 * n + 19.5 * n * n) / (1 - 7.5 * n + 12.2 * n * n + 19.6 * n * n * n);
}

/** H_V = γ0·χ(ν)·E in GPa, from E (GPa) and ν  (Mazhnik & Oganov, JAP 126, 125109 (2019)). */
export function hardnessMazhnikOganovFromEnuGPa(youngsModulusGPa: number, poissonRatio: number): number {
  return MAZHNIK_OGANOV_GAMMA0 * chiMazhnikOganov(poissonRatio) * youngsModulusGPa;
}

/** Mazhnik–Oganov H_V (GPa) from K_VRH and G_VRH (E and ν by the Hill convention of science.md §1). */
export function hardnessMazhnikOganovGPa({ bulkModulusGPa, shearModulusGPa }: ModuliGPa): number {
  return hardnessMazhnikOganovFromEnuGPa(
    youngsModulusGPa(bulkModulusGPa, shearModulusGPa),
    poissonRatio(bulkModulusGPa, shearModulusGPa),
  );
}

/** Unclipped Chen value H = 2(k²G)^0.585 − 3, k = G/K  (Chen et al., Intermetallics 19, 1275 (2011)). */
export function hardnessChenRawGPa(bulkModulusGPa: number, shearModulusGPa: number): number {
  const k = shearModulusGPa / bulkModulusGPa;
  return 2 * Math.pow(k * k * shearModulusGPa, 0.585) - 3;
}

export interface ChenHardness {
  /** max(raw, 0) in GPa. */
  hardnessGPa: number;
  /** The formula value before clipping (GPa); negative for soft, ductile solids. */
  rawGPa: number;
  /** True when the raw value was negative and was clipped to 0. */
  negative: boolean;
}

/**
 * Chen model H_V = 2(k²G)^0.585 − 3 with k = G/K, clipped at 0 and flagged when negative
 * (Chen et al., Intermetallics 19, 1275 (2011)). Arguments are named: G is the shear modulus.
 */
export function hardnessChen({ bulkModulusGPa, shearModulusGPa }: ModuliGPa): ChenHardness {
  const raw = hardnessChenRawGPa(bulkModulusGPa, shearModulusGPa);
  return { hardnessGPa: raw < 0 ? 0 : raw, rawGPa: raw, negative: raw < 0 };
}

/** Chen model in the E–ν form H = 2[9E(1−2ν)²/(8(1+ν)³)]^0.585 − 3 (unclipped; same function as above). */
export function hardnessChenFromEnuRawGPa(youngsModulusGPa: number, poissonRatio: number): number {
  const n = poissonRatio;
  return 2 * Math.pow((9 * youngsModulusGPa * (1 - 2 * n) ** 2) / (8 * (1 + n) ** 3), 0.585) - 3;
}

/** Tian model H_V = 0.92·k^1.137·G^0.708, k = G/K  (Tian et al., Int. J. Refract. Met. Hard Mater. 33, 93 (2012)). */
export function hardnessTianGPa({ bulkModulusGPa, shearModulusGPa }: ModuliGPa): number {
  const k = shearModulusGPa / bulkModulusGPa;
  return 0.92 * Math.pow(k, 1.137) * Math.pow(shearModulusGPa, 0.708);
}

/** Teter correlation H_V = 0.151·G  (Teter, MRS Bull. 23, 22 (1998); Chen et al. 2011 brittle limit). */
export function hardnessTeterGPa({ shearModulusGPa }: Pick<ModuliGPa, 'shearModulusGPa'>): number {
  return 0.151 * shearModulusGPa;
}

/** MechElastic's linear "Teter" fit H = 0.1769·G − 2.899 (romerogroup/MechElastic, elastic_properties.py). */
export function hardnessTeterMechElasticGPa({ shearModulusGPa }: Pick<ModuliGPa, 'shearModulusGPa'>): number {
  return 0.1769 * shearModulusGPa - 2.899;
}
