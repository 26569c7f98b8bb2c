/**
 * One call per structure for the screening loop (science.md §2.7 step 3, §4.1): from K_VRH and G_VRH (and,
 * when known, volume per atom, density, mean atomic mass) derive E, ν, every hardness and toughness model,
 * Debye temperature, Grüneisen γ, α(T), the expansion bound and minimal conductivities, plus validity flags.
 * Never throws on physical-but-odd numbers: quantities that cannot be computed are NaN and flagged.
 */
import { AMU_KG, A3_M3, GPA_PA } from './constants.js';
import { debyeHeatCapacityPerAtomJK } from './debye-functions.js';
import { debyeTemperatureFromVelocityK, gammaBelomestnykh } from './debye.js';
import { poissonRatio, youngsModulusGPa } from './elasticity.js';
import {
  alphaLinearTimesYoungsBoundPaK,
  alphaLinearTimesYoungsDulongPetitBoundPaK,
  alphaLinearTimesYoungsModelPaK,
  expansionBoundFactorLecture,
  expansionFactorBelomestnykh,
} from './expansion-bound.js';
import { thermalConductivityCahillWmK, thermalConductivityClarkeWmK } from './conductivity.js';
import { chiMazhnikOganov, hardnessChenRawGPa, hardnessTianGPa, MAZHNIK_OGANOV_GAMMA0 } from './hardness.js';
import { toughnessMazhnikOganovFromEnuMPaM12, toughnessNiuMPaM12, zetaMazhnikOganov } from './toughness.js';
import { validity, type Validity, type ValidityInput } from './validity.js';

export interface MechanicalInput {
  bulkModulusGPa: number;
  shearModulusGPa: number;
  /** Volume per atom, Å³/atom (needed for toughness, Debye, expansion, conductivity). */
  volumePerAtomA3?: number;
  /** Mass density, kg/m³ (derived from meanAtomicMassAmu / volumePerAtomA3 when absent). */
  densityKgM3?: number;
  /** Mean atomic mass, amu (derived from density × volume per atom when absent). */
  meanAtomicMassAmu?: number;
  /** Temperature for α, C_V and the expansion bound (default 300 K). */
  temperatureK?: number;
  /** Context for the validity flags (metal flag, band gap, predicted uncertainty, ...). */
  context?: Omit<ValidityInput, 'bulkModulusGPa' | 'shearModulusGPa' | 'chenRawGPa'>;
}

export interface MechanicalProperties {
  bulkModulusGPa: number;
  shearModulusGPa: number;
  youngsModulusGPa: number;
  poissonRatio: number;
  /** Pugh ratio K/G (ductile above ~1.75). */
  pughRatio: number;
  chi: number;
  zeta: number;
  hardness: {
    mazhnikOganovGPa: number;
    /** Chen, clipped at 0 (see chenRawGPa and the `chen-negative` flag). */
    chenGPa: number;
    chenRawGPa: number;
    tianGPa: number;
    /** Teter 0.151·G. */
    teterGPa: number;
  };
  toughness: { mazhnikOganovMPaM12: number; niuMPaM12: number };
  debye: {
    densityKgM3: number;
    meanAtomicMassAmu: number;
    transverseVelocityMS: number;
    longitudinalVelocityMS: number;
    meanVelocityMS: number;
    debyeTemperatureK: number;
    /** Belomestnykh–Tesleva acoustic Grüneisen γ. */
    gruneisen: number;
    temperatureK: number;
    heatCapacityPerAtomJK: number;
    alphaVolumetricPerK: number;
    alphaLinearPerK: number;
  };
  expansionBound: {
    /** f(ν), lecture bound factor. */
    factorLecture: number;
    /** (3/4)f(ν), Belomestnykh estimate factor. */
    factorBelomestnykh: number;
    /** Debye–Grüneisen model α_L·E at temperatureK, Pa/K. */
    alphaLinearTimesYoungsPaK: number;
    /** Lecture bound f(ν)·c_V·ρ at temperatureK, Pa/K. */
    boundPaK: number;
    /** Dulong–Petit bound 3f(ν)k_B/V0, Pa/K. */
    dulongPetitBoundPaK: number;
  };
  conductivity: { cahillWmK: number; clarkeWmK: number };
  validity: Validity;
  /** Which quantities were not computed for lack of input (e.g. no volume per atom). */
  notes: string[];
}

function num(x: unknown, name: string): number {
  if (x === undefined) return NaN;
  if (typeof x !== 'number') throw new TypeError(`${name} must be a number, got ${typeof x}`);
  return x;
}

/** Every derived quantity from K_VRH, G_VRH (GPa) and optional V0, ρ, m̄ (science.md §1–§4.1). */
export function mechanicalProperties(input: MechanicalInput): MechanicalProperties {
  const k = num(input.bulkModulusGPa, 'bulkModulusGPa');
  const g = num(input.shearModulusGPa, 'shearModulusGPa');
  let v0 = num(input.volumePerAtomA3, 'volumePerAtomA3');
  let rho = num(input.densityKgM3, 'densityKgM3');
  let mbar = num(input.meanAtomicMassAmu, 'meanAtomicMassAmu');
  const t = input.temperatureK === undefined ? 300 : num(input.temperatureK, 'temperatureK');
  if (!(v0 > 0)) v0 = NaN;
  if (!(rho > 0)) rho = NaN;
  if (!(mbar > 0)) mbar = NaN;
  if (Number.isNaN(rho) && v0 > 0 && mbar > 0) rho = (mbar * AMU_KG) / (v0 * A3_M3);
  if (Number.isNaN(mbar) && v0 > 0 && rho > 0) mbar = (rho * v0 * A3_M3) / AMU_KG;

  const chenRaw = hardnessChenRawGPa(k, g);
  const flags = validity({ ...input.context, bulkModulusGPa: k, shearModulusGPa: g, chenRawGPa: chenRaw });
  const ok = flags.elasticValid;
  const nan = NaN;

  const e = youngsModulusGPa(k, g);
  const nu = poissonRatio(k, g);
  const chi = ok ? chiMazhnikOganov(nu) : nan;
  const zeta = ok ? zetaMazhnikOganov(nu) : nan;

  let vt = nan;
  let vl = nan;
  let vm = nan;
  let theta = nan;
  let cv = nan;
  let alphaV = nan;
  const gamma = ok ? gammaBelomestnykh(nu) : nan;
  if (ok && rho > 0) {
    vt = Math.sqrt((g * GPA_PA) / rho);
    vl = Math.sqrt(((k + (4 / 3) * g) * GPA_PA) / rho);
    vm = Math.pow((2 / (vt * vt * vt) + 1 / (vl * vl * vl)) / 3, -1 / 3);
  }
  if (ok && rho > 0 && v0 > 0) {
    theta = debyeTemperatureFromVelocityK(vm, v0);
    cv = t >= 0 ? debyeHeatCapacityPerAtomJK(t, theta) : nan;
    alphaV = (gamma * cv) / (k * GPA_PA * v0 * A3_M3);
  }

  return {
    bulkModulusGPa: k,
    shearModulusGPa: g,
    youngsModulusGPa: e,
    poissonRatio: nu,
    pughRatio: k / g,
    chi,
    zeta,
    hardness: {
      mazhnikOganovGPa: ok ? MAZHNIK_OGANOV_GAMMA0 * chi * e : nan,
      chenGPa: ok ? Math.max(chenRaw, 0) : nan,
      chenRawGPa: ok ? chenRaw : nan,
      tianGPa: ok ? hardnessTianGPa({ bulkModulusGPa: k, shearModulusGPa: g }) : nan,
      teterGPa: ok ? 0.151 * g : nan,
    },
    toughness: {
      mazhnikOganovMPaM12: ok && v0 > 0 ? toughnessMazhnikOganovFromEnuMPaM12(e, nu, v0) : nan,
      niuMPaM12:
        ok && v0 > 0
          ? toughnessNiuMPaM12({ bulkModulusGPa: k, shearModulusGPa: g, volumePerAtomA3: v0 })
          : nan,
    },
    debye: {
      densityKgM3: rho,
      meanAtomicMassAmu: mbar,
      transverseVelocityMS: vt,
      longitudinalVelocityMS: vl,
      meanVelocityMS: vm,
      debyeTemperatureK: theta,
      gruneisen: gamma,
      temperatureK: t,
      heatCapacityPerAtomJK: cv,
      alphaVolumetricPerK: alphaV,
      alphaLinearPerK: alphaV / 3,
    },
    expansionBound: {
      factorLecture: ok ? expansionBoundFactorLecture(nu) : nan,
      factorBelomestnykh: ok ? expansionFactorBelomestnykh(nu) : nan,
      alphaLinearTimesYoungsPaK: ok && v0 > 0 ? alphaLinearTimesYoungsModelPaK(gamma, nu, cv, v0) : nan,
      boundPaK: ok && v0 > 0 ? alphaLinearTimesYoungsBoundPaK(nu, cv, v0) : nan,
      dulongPetitBoundPaK: ok && v0 > 0 ? alphaLinearTimesYoungsDulongPetitBoundPaK(nu, v0) : nan,
    },
    conductivity: {
      cahillWmK: ok && v0 > 0 && rho > 0 ? thermalConductivityCahillWmK(vl, vt, v0) : nan,
      clarkeWmK: ok && rho > 0 && mbar > 0 ? thermalConductivityClarkeWmK(e, rho, mbar) : nan,
    },
    validity: flags,
    notes: missingNotes(ok, v0, rho, mbar),
  };
}

function missingNotes(ok: boolean, v0: number, rho: number, mbar: number): string[] {
  const notes: string[] = [];
  if (!ok) return ['elastic inputs are not admissible: derived quantities are NaN'];
  if (!(v0 > 0))
    notes.push('no volume per atom: fracture toughness, Debye temperature and expansion not computed');
  if (!(rho > 0))
    notes.push('no density (or mean atomic mass): sound velocities and Debye temperature not computed');
  else if (!(mbar > 0)) notes.push('no mean atomic mass: Clarke conductivity not computed');
  return notes;
}
