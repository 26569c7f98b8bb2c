/**
 * Physical constants (SI, CODATA 2018 exact or recommended values) and unit conversions used by the
 * physics library. Source: CODATA 2018 (Tiesinga et al., Rev. Mod. Phys. 93, 025010 (2021)).
 */

/** Reduced Planck constant, J·s. */
export const HBAR_JS = 1.054571817e-34;
/** Planck constant, J·s (exact). */
export const PLANCK_JS = 6.62607015e-34;
/** Boltzmann constant, J/K (exact). */
export const BOLTZMANN_JK = 1.380649e-23;
/** Atomic mass unit (dalton), kg. */
export const AMU_KG = 1.6605390666e-27;
/** Elementary charge, C (exact): 1 eV in J. */
export const EV_J = 1.602176634e-19;
/** Avogadro constant, 1/mol (exact). */
export const AVOGADRO_PER_MOL = 6.02214076e23;
/** Boltzmann constant in eV/K. */
export const BOLTZMANN_EVK = BOLTZMANN_JK / EV_J;

/** 1 GPa in Pa. */
export const GPA_PA = 1e9;
/** 1 Å³ in m³. */
export const A3_M3 = 1e-30;
/** 1 eV/Å³ in GPa (≈160.2177). */
export const EV_PER_A3_GPA = EV_J / A3_M3 / GPA_PA;
/** 1 kJ/mol (per mole of formula units or cells, as phonopy writes it) in eV per unit (≈0.010364). */
export const KJ_PER_MOL_EV = 1000 / (AVOGADRO_PER_MOL * EV_J);
/** 1 J/(K·mol) in eV/K per unit. */
export const J_PER_K_MOL_EV_PER_K = 1 / (AVOGADRO_PER_MOL * EV_J);
