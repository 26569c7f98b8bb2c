/**
 * Validity flags for elastic-model predictions (science.md §1, §2.1): the elastic inputs must satisfy K > 0,
 * G > 0 and −1 < ν < 0.5; tiny G or huge anisotropy mark unconverged tensors; hardness and toughness models
 * are not reliable for metals and intermetallics (USPEX hardness utility note, Mazhnik & Oganov 2019); large
 * predicted uncertainty and a negative Chen value are flagged. Flags are machine readable, warnings human.
 */

export type ValidityFlag =
  | 'non-finite-input'
  | 'bulk-modulus-not-positive'
  | 'shear-modulus-not-positive'
  | 'poisson-ratio-out-of-range'
  | 'shear-modulus-small'
  | 'anisotropy-large'
  | 'mechanically-unstable'
  | 'metal'
  | 'high-uncertainty'
  | 'chen-negative';

export interface ValidityInput {
  bulkModulusGPa: number;
  shearModulusGPa: number;
  /** True for metals and intermetallics, when known. */
  isMetal?: boolean;
  /** Band gap (eV), when known; a gap ≤ 0 counts as metallic. */
  bandGapEV?: number;
  /** Relative standard deviation (std/mean) of the predicted K and G, e.g. from an ensemble. */
  bulkModulusRelativeStd?: number;
  shearModulusRelativeStd?: number;
  /** Relative std above which a prediction is flagged (default 0.25). */
  uncertaintyThreshold?: number;
  /** Universal anisotropy A^U, when a tensor was available. */
  universalAnisotropy?: number;
  /** Anisotropy above which the tensor is flagged (default 10; a project choice, science.md §1). */
  anisotropyThreshold?: number;
  /** Result of the tensor stability test, when a tensor was available. */
  mechanicallyStable?: boolean;
  /** Shear moduli below this are flagged as unreliable (default 2 GPa, science.md §1). */
  minShearModulusGPa?: number;
  /** Unclipped Chen hardness (GPa), when computed. */
  chenRawGPa?: number;
}

export interface Validity {
  /** The elastic inputs are physically admissible (finite, K > 0, G > 0, −1 < ν < 0.5). */
  elasticValid: boolean;
  /** Hardness and toughness models apply (elasticValid, not a metal, not flagged unstable). */
  modelsApplicable: boolean;
  flags: ValidityFlag[];
  warnings: string[];
}

/** Check one set of moduli and context; never throws on odd values. */
export function validity(input: ValidityInput): Validity {
  const k = input.bulkModulusGPa;
  const g = input.shearModulusGPa;
  const flags: ValidityFlag[] = [];
  const warnings: string[] = [];
  const add = (flag: ValidityFlag, warning: string) => {
    flags.push(flag);
    warnings.push(warning);
  };
  let elasticValid = true;
  if (!Number.isFinite(k) || !Number.isFinite(g)) {
    add('non-finite-input', `moduli must be finite numbers (K = ${k}, G = ${g})`);
    elasticValid = false;
  } else {
    if (!(k > 0)) {
      add('bulk-modulus-not-positive', `bulk modulus K = ${k} GPa is not positive`);
      elasticValid = false;
    }
    if (!(g > 0)) {
      add('shear-modulus-not-positive', `shear modulus G = ${g} GPa is not positive`);
      elasticValid = false;
    }
    const nu = (3 * k - 2 * g) / (2 * (3 * k + g));
    if (!(nu > -1 && nu < 0.5)) {
      add('poisson-ratio-out-of-range', `Poisson ratio ν = ${fmt(nu)} is outside (−1, 0.5)`);
      elasticValid = false;
    }
    const minG = input.minShearModulusGPa ?? 2;
    if (g > 0 && g < minG) {
      add(
        'shear-modulus-small',
        `shear modulus G = ${fmt(g)} GPa is below ${minG} GPa: tensor likely unconverged`,
      );
    }
  }
  const au = input.universalAnisotropy;
  const auMax = input.anisotropyThreshold ?? 10;
  if (au !== undefined && !(au <= auMax)) {
    add(
      'anisotropy-large',
      `universal anisotropy A^U = ${fmt(au)} exceeds ${auMax}: tensor may be unreliable`,
    );
  }
  if (input.mechanicallyStable === false) {
    add('mechanically-unstable', 'the stiffness tensor is not positive definite (mechanically unstable)');
  }
  const metal = input.isMetal === true || (input.bandGapEV !== undefined && input.bandGapEV <= 0);
  if (metal) {
    add(
      'metal',
      'metal or intermetallic: hardness models are not accurate and fracture toughness lacks the metallic enhancement factor',
    );
  }
  const thr = input.uncertaintyThreshold ?? 0.25;
  const stds = [input.bulkModulusRelativeStd, input.shearModulusRelativeStd].filter(
    (s): s is number => s !== undefined,
  );
  if (stds.some((s) => !(s <= thr))) {
    add(
      'high-uncertainty',
      `predicted moduli are uncertain (relative std ${stds.map(fmt).join(', ')} above ${thr})`,
    );
  }
  if (input.chenRawGPa !== undefined && input.chenRawGPa < 0) {
    add('chen-negative', `Chen hardness is negative (${fmt(input.chenRawGPa)} GPa) and was clipped to 0`);
  }
  return {
    elasticValid,
    modelsApplicable: elasticValid && !metal && input.mechanicallyStable !== false,
    flags,
    warnings,
  };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x);
}
