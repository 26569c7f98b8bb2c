/**
 * Polycrystalline elastic moduli from a single-crystal stiffness tensor: Voigt, Reuss and Hill averages of
 * bulk and shear moduli, isotropic Young's modulus and Poisson ratio, the universal anisotropy index, and
 * mechanical stability (positive definiteness of C). Source: Hill, Proc. Phys. Soc. A 65, 349 (1952);
 * Ranganathan & Ostoja-Starzewski, PRL 101, 055504 (2008) for A^U; Mouhat & Coudert, PRB 90, 224104 (2014)
 * for the stability criteria. Tensors are 6×6 in Voigt notation (xx, yy, zz, yz, xz, xy), in GPa.
 */
import { cholesky, invert, symmetricEigenvalues, type Matrix } from './linalg.js';

export type StiffnessGPa = Matrix;

export interface VoigtReussHill {
  bulkVoigtGPa: number;
  bulkReussGPa: number;
  bulkModulusGPa: number;
  shearVoigtGPa: number;
  shearReussGPa: number;
  shearModulusGPa: number;
}

/** Throw (programming error) unless the tensor is 6×6 of finite numbers. */
function check6x6(c: Matrix, what: string): void {
  if (c.length !== 6 || c.some((r) => r.length !== 6)) throw new Error(`${what} must be 6x6`);
  for (const r of c)
    for (const v of r) if (!Number.isFinite(v)) throw new Error(`${what} has a non-finite entry`);
}

/** Compliance s = C⁻¹ (1/GPa); null when C is singular. */
export function compliance(stiffnessGPa: StiffnessGPa): Matrix | null {
  check6x6(stiffnessGPa, 'stiffness tensor');
  return invert(stiffnessGPa);
}

/** Voigt bulk modulus: 9K_V = (C11+C22+C33) + 2(C12+C23+C31)  (Hill 1952). */
export function bulkVoigtGPa(c: StiffnessGPa): number {
  return (c[0][0] + c[1][1] + c[2][2] + 2 * (c[0][1] + c[1][2] + c[2][0])) / 9;
}

/** Voigt shear modulus: 15G_V = (C11+C22+C33) − (C12+C23+C31) + 3(C44+C55+C66)  (Hill 1952). */
export function shearVoigtGPa(c: StiffnessGPa): number {
  return (
    (c[0][0] + c[1][1] + c[2][2] - (c[0][1] + c[1][2] + c[2][0]) + 3 * (c[3][3] + c[4][4] + c[5][5])) / 15
  );
}

/** Reuss bulk modulus from the compliance: 1/K_R = (s11+s22+s33) + 2(s12+s23+s31). */
export function bulkReussGPa(s: Matrix): number {
  return 1 / (s[0][0] + s[1][1] + s[2][2] + 2 * (s[0][1] + s[1][2] + s[2][0]));
}

/** Reuss shear modulus: 15/G_R = 4(s11+s22+s33) − 4(s12+s23+s31) + 3(s44+s55+s66). */
export function shearReussGPa(s: Matrix): number {
  return (
    15 /
    (4 * (s[0][0] + s[1][1] + s[2][2]) -
      4 * (s[0][1] + s[1][2] + s[2][0]) +
      3 * (s[3][3] + s[4][4] + s[5][5]))
  );
}

/**
 * Voigt, Reuss and Hill (VRH = arithmetic mean) bulk and shear moduli. Reuss values are NaN when C is
 * singular; then the Hill values are NaN too.
 */
export function voigtReussHill(stiffnessGPa: StiffnessGPa): VoigtReussHill {
  const s = compliance(stiffnessGPa);
  const kv = bulkVoigtGPa(stiffnessGPa);
  const gv = shearVoigtGPa(stiffnessGPa);
  const kr = s ? bulkReussGPa(s) : NaN;
  const gr = s ? shearReussGPa(s) : NaN;
  return {
    bulkVoigtGPa: kv,
    bulkReussGPa: kr,
    bulkModulusGPa: (kv + kr) / 2,
    shearVoigtGPa: gv,
    shearReussGPa: gr,
    shearModulusGPa: (gv + gr) / 2,
  };
}

/** Isotropic Young's modulus E = 9KG/(3K+G) (GPa), from K_VRH and G_VRH (project convention, science.md §1). */
export function youngsModulusGPa(bulkModulusGPa: number, shearModulusGPa: number): number {
  return (9 * bulkModulusGPa * shearModulusGPa) / (3 * bulkModulusGPa + shearModulusGPa);
}

/** Isotropic Poisson ratio ν = (3K−2G)/(2(3K+G)). */
export function poissonRatio(bulkModulusGPa: number, shearModulusGPa: number): number {
  return (3 * bulkModulusGPa - 2 * shearModulusGPa) / (2 * (3 * bulkModulusGPa + shearModulusGPa));
}

/** Universal anisotropy index A^U = 5G_V/G_R + K_V/K_R − 6 ≥ 0 (Ranganathan & Ostoja-Starzewski 2008). */
export function universalAnisotropy(vrh: VoigtReussHill): number {
  return (5 * vrh.shearVoigtGPa) / vrh.shearReussGPa + vrh.bulkVoigtGPa / vrh.bulkReussGPa - 6;
}

export interface StabilityResult {
  /** True when C is positive definite (Born stability, any crystal system; Mouhat & Coudert 2014). */
  stable: boolean;
  /** Smallest eigenvalue of C (GPa); positive for a stable crystal. */
  smallestEigenvalueGPa: number;
  /** All six eigenvalues, ascending (GPa). */
  eigenvaluesGPa: number[];
  /** Largest relative asymmetry |C_ij − C_ji| / max|C| (the symmetric part is used). */
  asymmetry: number;
}

/** Symmetric part (C + Cᵀ)/2 and the largest relative asymmetry. */
export function symmetrize(c: Matrix): { symmetric: Matrix; asymmetry: number } {
  let scale = 0;
  for (const r of c) for (const v of r) scale = Math.max(scale, Math.abs(v));
  let asym = 0;
  const sym = c.map((r, i) =>
    r.map((v, j) => {
      asym = Math.max(asym, Math.abs(v - c[j][i]));
      return (v + c[j][i]) / 2;
    }),
  );
  return { symmetric: sym, asymmetry: scale > 0 ? asym / scale : 0 };
}

/**
 * Mechanical (Born) stability: C must be positive definite (Mouhat & Coudert, PRB 90, 224104 (2014)).
 * Decided by a Cholesky factorisation; the eigenvalues are reported for diagnosis.
 */
export function mechanicalStability(stiffnessGPa: StiffnessGPa): StabilityResult {
  check6x6(stiffnessGPa, 'stiffness tensor');
  const { symmetric, asymmetry } = symmetrize(stiffnessGPa);
  const eig = symmetricEigenvalues(symmetric);
  const chol = cholesky(symmetric);
  return {
    stable: chol !== null && eig[0] > 0,
    smallestEigenvalueGPa: eig[0],
    eigenvaluesGPa: eig,
    asymmetry,
  };
}

/** Born criteria for a cubic crystal: C11 − C12 > 0, C11 + 2C12 > 0, C44 > 0 (Mouhat & Coudert 2014, cubic case). */
export function bornStableCubic(c11GPa: number, c12GPa: number, c44GPa: number): boolean {
  return c11GPa - c12GPa > 0 && c11GPa + 2 * c12GPa > 0 && c44GPa > 0;
}

/** The 6×6 stiffness of a cubic crystal from C11, C12, C44 (GPa). */
export function cubicStiffness(c11GPa: number, c12GPa: number, c44GPa: number): StiffnessGPa {
  const c: Matrix = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) c[i][j] = i === j ? c11GPa : c12GPa;
    c[i + 3][i + 3] = c44GPa;
  }
  return c;
}

export interface ElasticSummary extends VoigtReussHill {
  youngsModulusGPa: number;
  poissonRatio: number;
  universalAnisotropy: number;
  stability: StabilityResult;
}

/** Everything above from one tensor (the symmetric part of C is used). */
export function elasticSummary(stiffnessGPa: StiffnessGPa): ElasticSummary {
  const stability = mechanicalStability(stiffnessGPa);
  const { symmetric } = symmetrize(stiffnessGPa);
  const vrh = voigtReussHill(symmetric);
  return {
    ...vrh,
    youngsModulusGPa: youngsModulusGPa(vrh.bulkModulusGPa, vrh.shearModulusGPa),
    poissonRatio: poissonRatio(vrh.bulkModulusGPa, vrh.shearModulusGPa),
    universalAnisotropy: universalAnisotropy(vrh),
    stability,
  };
}
