/**
 * Tier 1 of the screening funnel (science.md §2.7, §4.1): from the ensembles' log10 K and log10 G of one
 * structure, every derived quantity of `mechanicalProperties` as one flat row with unit-carrying snake_case
 * names. Every value in the row comes from the reported mean moduli K = 10^(mean log10 K), G likewise.
 * Uncertainty (`*_std`): the sample standard deviation of the same quantity recomputed for each ensemble
 * member's (K, G); members of the two models are paired by index when both ensembles have the same size
 * (fold i with fold i), otherwise every bulk member is combined with every shear member. With fewer than two
 * members there is no spread to measure and the `_std` columns are empty (null), not 0.
 */
import { mechanicalProperties, type MechanicalProperties } from '../../physics/mechanical.js';
import { BOLTZMANN_JK, A3_M3 } from '../../physics/constants.js';
import type { Structure } from '../../structure/structure.js';
import { compositionOf } from '../../structure/composition.js';
import { cellMassGPerMol, densityGcm3 } from '../../structure/density.js';

/** A row value: numbers (null for not computed / NaN), strings, or booleans. */
export type Cell = number | string | boolean | null;
export type ScreenRow = Record<string, Cell>;

/** What tier 1 needs to know about one structure besides its moduli. */
export interface Tier1Context {
  id: string;
  source: string;
  structure: Structure;
  /** true / false when the input says so (example flag, metallic / is_metal / band-gap column); else undefined. */
  metal?: boolean;
  /** How the metal flag was decided (e.g. "example", "column is_metal", "band gap"). */
  metalSource?: string;
  /** Reference material drawn with its name on the Ashby diagram. */
  label?: string;
}

/** The ensemble's view of one structure: log10 GPa per member and their mean. */
export interface ModuliPrediction {
  log10BulkMean: number;
  log10ShearMean: number;
  /** Per member, log10 GPa. */
  log10BulkMembers: number[];
  log10ShearMembers: number[];
}

/** Quantities that get a `_std` column, with how to read them from mechanicalProperties. */
const STD_QUANTITIES: Array<[string, (m: MechanicalProperties) => number]> = [
  ['bulk_modulus_GPa', (m) => m.bulkModulusGPa],
  ['shear_modulus_GPa', (m) => m.shearModulusGPa],
  ['youngs_modulus_GPa', (m) => m.youngsModulusGPa],
  ['poisson_ratio', (m) => m.poissonRatio],
  ['hardness_mazhnik_oganov_GPa', (m) => m.hardness.mazhnikOganovGPa],
  ['hardness_chen_GPa', (m) => m.hardness.chenGPa],
  ['hardness_tian_GPa', (m) => m.hardness.tianGPa],
  ['hardness_teter_GPa', (m) => m.hardness.teterGPa],
  ['fracture_toughness_mazhnik_oganov_MPa_m05', (m) => m.toughness.mazhnikOganovMPaM12],
  ['fracture_toughness_niu_MPa_m05', (m) => m.toughness.niuMPaM12],
  ['debye_temperature_K', (m) => m.debye.debyeTemperatureK],
  ['thermal_expansion_300K_per_K', (m) => m.debye.alphaLinearPerK],
];

/** The tier-1 columns in output order (tier-2/3 and ranking columns are appended by the run). */
export const TIER1_COLUMNS: readonly string[] = [
  'id',
  'formula',
  'reduced_formula',
  'source',
  'n_sites',
  'volume_per_atom_A3',
  'density_g_cm3',
  'mean_atomic_mass_amu',
  'log10_bulk_modulus_GPa',
  'log10_shear_modulus_GPa',
  'bulk_modulus_GPa',
  'bulk_modulus_GPa_std',
  'shear_modulus_GPa',
  'shear_modulus_GPa_std',
  'youngs_modulus_GPa',
  'youngs_modulus_GPa_std',
  'poisson_ratio',
  'poisson_ratio_std',
  'pugh_ratio',
  'hardness_mazhnik_oganov_GPa',
  'hardness_mazhnik_oganov_GPa_std',
  'hardness_chen_GPa',
  'hardness_chen_GPa_std',
  'hardness_tian_GPa',
  'hardness_tian_GPa_std',
  'hardness_teter_GPa',
  'hardness_teter_GPa_std',
  'fracture_toughness_mazhnik_oganov_MPa_m05',
  'fracture_toughness_mazhnik_oganov_MPa_m05_std',
  'fracture_toughness_niu_MPa_m05',
  'fracture_toughness_niu_MPa_m05_std',
  'debye_temperature_K',
  'debye_temperature_K_std',
  'gruneisen',
  'heat_capacity_300K_per_atom_kB',
  'thermal_expansion_300K_per_K',
  'thermal_expansion_300K_per_K_std',
  'volumetric_thermal_expansion_300K_per_K',
  'alpha_E_300K_Pa_K',
  'alpha_E_V0_over_3kB_300K',
  'thermal_conductivity_cahill_W_mK',
  'thermal_conductivity_clarke_W_mK',
  'metal',
  'label',
  'flags',
  'tier1_method',
];

/** A finite number, or null (JSON and CSV cannot carry NaN). */
export function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Sample standard deviation (n − 1); NaN for fewer than two finite values. */
export function sampleStd(values: number[]): number {
  const v = values.filter(Number.isFinite);
  if (v.length < 2) return NaN;
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  return Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1));
}

/** (K, G) pairs of the members, GPa: paired by index for equal ensembles, all combinations otherwise. */
export function memberModuli(p: ModuliPrediction): Array<[number, number]> {
  const kb = p.log10BulkMembers;
  const kg = p.log10ShearMembers;
  if (kb.length === kg.length) return kb.map((b, i) => [10 ** b, 10 ** kg[i]]);
  const out: Array<[number, number]> = [];
  for (const b of kb) for (const g of kg) out.push([10 ** b, 10 ** g]);
  return out;
}

/** The full tier-1 row of one structure. */
export function tier1Row(ctx: Tier1Context, p: ModuliPrediction): ScreenRow {
  const s = ctx.structure;
  const comp = compositionOf(s);
  const v0 = s.volumePerAtomA3;
  const rhoGcm3 = densityGcm3(s);
  const mbar = cellMassGPerMol(s) / s.numSites;
  const k = 10 ** p.log10BulkMean;
  const g = 10 ** p.log10ShearMean;
  const physics = (bulk: number, shear: number): MechanicalProperties =>
    mechanicalProperties({
      bulkModulusGPa: bulk,
      shearModulusGPa: shear,
      volumePerAtomA3: v0,
      densityKgM3: rhoGcm3 * 1000,
      meanAtomicMassAmu: mbar,
      temperatureK: 300,
      context: { isMetal: ctx.metal },
    });
  const m = physics(k, g);
  const pairs = memberModuli(p);
  const memberProps = pairs.length >= 2 ? pairs.map(([kb, gs]) => physics(kb, gs)) : [];
  const std = (read: (x: MechanicalProperties) => number): number | null =>
    memberProps.length >= 2 ? finite(sampleStd(memberProps.map(read))) : null;

  const flags: string[] = [...m.validity.flags];
  if (ctx.metal === undefined) flags.push('metal-unknown');
  if (memberProps.length < 2) flags.push('no-ensemble-spread');
  const row: ScreenRow = {
    id: ctx.id,
    formula: comp.formula,
    reduced_formula: comp.reducedFormula,
    source: ctx.source,
    n_sites: s.numSites,
    volume_per_atom_A3: finite(v0),
    density_g_cm3: finite(rhoGcm3),
    mean_atomic_mass_amu: finite(mbar),
    log10_bulk_modulus_GPa: finite(p.log10BulkMean),
    log10_shear_modulus_GPa: finite(p.log10ShearMean),
    bulk_modulus_GPa: finite(k),
    shear_modulus_GPa: finite(g),
    youngs_modulus_GPa: finite(m.youngsModulusGPa),
    poisson_ratio: finite(m.poissonRatio),
    pugh_ratio: finite(m.pughRatio),
    hardness_mazhnik_oganov_GPa: finite(m.hardness.mazhnikOganovGPa),
    hardness_chen_GPa: finite(m.hardness.chenGPa),
    hardness_tian_GPa: finite(m.hardness.tianGPa),
    hardness_teter_GPa: finite(m.hardness.teterGPa),
    fracture_toughness_mazhnik_oganov_MPa_m05: finite(m.toughness.mazhnikOganovMPaM12),
    fracture_toughness_niu_MPa_m05: finite(m.toughness.niuMPaM12),
    debye_temperature_K: finite(m.debye.debyeTemperatureK),
    gruneisen: finite(m.debye.gruneisen),
    heat_capacity_300K_per_atom_kB: finite(m.debye.heatCapacityPerAtomJK / BOLTZMANN_JK),
    thermal_expansion_300K_per_K: finite(m.debye.alphaLinearPerK),
    volumetric_thermal_expansion_300K_per_K: finite(m.debye.alphaVolumetricPerK),
    alpha_E_300K_Pa_K: finite(m.expansionBound.alphaLinearTimesYoungsPaK),
    alpha_E_V0_over_3kB_300K: finite(
      (m.expansionBound.alphaLinearTimesYoungsPaK * v0 * A3_M3) / (3 * BOLTZMANN_JK),
    ),
    thermal_conductivity_cahill_W_mK: finite(m.conductivity.cahillWmK),
    thermal_conductivity_clarke_W_mK: finite(m.conductivity.clarkeWmK),
    metal: ctx.metal === undefined ? 'unknown' : ctx.metal ? 'yes' : 'no',
    label: ctx.label ?? null,
    flags: flags.join(';'),
    tier1_method: 'ML',
  };
  for (const [name, read] of STD_QUANTITIES) row[`${name}_std`] = std(read);
  const ordered: ScreenRow = {};
  for (const c of TIER1_COLUMNS) ordered[c] = row[c] ?? null;
  return ordered;
}

/**
 * The metal flag from an input row's properties: a boolean-like `metallic` / `is_metal` column, or a band
 * gap column (gap ≤ 0 eV means metal). Undefined when the input says nothing.
 */
export function metalFromProperties(
  props: Record<string, unknown> | undefined,
): { metal: boolean; source: string } | undefined {
  if (!props) return undefined;
  for (const key of Object.keys(props)) {
    const k = key.toLowerCase();
    if (k === 'metallic' || k === 'is_metal' || k === 'metal') {
      const b = booleanLike(props[key]);
      if (b !== undefined) return { metal: b, source: `column ${key}` };
    }
  }
  for (const key of Object.keys(props)) {
    const k = key.toLowerCase();
    if (k === 'band_gap' || k === 'bandgap' || k === 'band_gap_ev' || k === 'gap' || k === 'band_gap_pbe') {
      const v = typeof props[key] === 'number' ? (props[key] as number) : Number(props[key]);
      if (typeof props[key] !== 'boolean' && props[key] !== '' && Number.isFinite(v)) {
        return { metal: v <= 0, source: `column ${key}` };
      }
    }
  }
  return undefined;
}

function booleanLike(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['true', 'yes', '1', 't', 'y'].includes(s)) return true;
    if (['false', 'no', '0', 'f', 'n'].includes(s)) return false;
  }
  return undefined;
}
