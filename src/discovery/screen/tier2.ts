/**
 * Tier 2 of the funnel (science.md §4.2): the quasi-harmonic Debye model over a temperature grid for the top
 * candidates. Without DFT data the static E(V) is a Vinet curve built from the predicted K (K′ = 4) around
 * the structure's volume, with ν from the predicted (K, G): the result is labelled `extrapolated`, never
 * `refined`. Per candidate: V(T)/V0, α_V(T), α_L(T), C_V, C_P, K_T, θ_D(T); a summary at 300 K goes into the
 * results row.
 */
import { quasiHarmonicDebyeFromModuli, type QuasiHarmonicPoint } from '../../physics/qha-debye.js';
import { finite, type ScreenRow } from './tier1.js';

export const TIER2_COLUMNS: readonly string[] = [
  'tier2_method',
  'tier2_volume_ratio_300K',
  'tier2_thermal_expansion_300K_per_K',
  'tier2_bulk_modulus_300K_GPa',
  'tier2_debye_temperature_300K_K',
  'tier2_heat_capacity_p_300K_per_atom_kB',
  'tier2_warnings',
];

export const TIER2_CURVE_COLUMNS: readonly string[] = [
  'id',
  'temperature_K',
  'volume_per_atom_A3',
  'volume_ratio',
  'volumetric_thermal_expansion_per_K',
  'thermal_expansion_per_K',
  'heat_capacity_v_per_atom_kB',
  'heat_capacity_p_per_atom_kB',
  'bulk_modulus_isothermal_GPa',
  'debye_temperature_K',
  'gruneisen',
  'method',
];

export interface Tier2Result {
  id: string;
  method: 'extrapolated' | 'failed';
  summary: ScreenRow;
  curve: ScreenRow[];
  warnings: string[];
}

/** Temperatures 0, step, 2·step, ... up to tmax (inclusive), and 300 K always included. */
export function temperatureGrid(tmaxK: number, tstepK: number): number[] {
  const ts: number[] = [];
  for (let i = 0; ; i++) {
    const t = Math.round(i * tstepK * 1e9) / 1e9;
    if (t > tmaxK + 1e-9) break;
    ts.push(t);
  }
  if (!ts.some((t) => Math.abs(t - 300) < 1e-9) && tmaxK >= 300) {
    ts.push(300);
    ts.sort((a, b) => a - b);
  }
  return ts;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);

/** Tier 2 for one tier-1 row (extrapolated from its predicted moduli). */
export function tier2FromRow(row: ScreenRow, temperaturesK: number[]): Tier2Result {
  const id = String(row.id);
  const k = num(row.bulk_modulus_GPa);
  const g = num(row.shear_modulus_GPa);
  const v0 = num(row.volume_per_atom_A3);
  const m = num(row.mean_atomic_mass_amu);
  const failed = (reason: string): Tier2Result => ({
    id,
    method: 'failed',
    summary: { ...emptySummary(), tier2_method: 'failed', tier2_warnings: reason },
    curve: [],
    warnings: [reason],
  });
  const nu = (3 * k - 2 * g) / (2 * (3 * k + g));
  if (!(k > 0 && g > 0 && v0 > 0 && m > 0 && nu > -1 && nu < 0.5)) {
    return failed('moduli, volume or mass not admissible for the quasi-harmonic Debye model');
  }
  let res;
  try {
    res = quasiHarmonicDebyeFromModuli({
      bulkModulusGPa: k,
      shearModulusGPa: g,
      volumePerAtomA3: v0,
      meanAtomicMassAmu: m,
      temperaturesK,
    });
  } catch (err) {
    return failed(err instanceof Error ? err.message : String(err));
  }
  const method = 'extrapolated' as const;
  const curve = res.points.map((p) => curveRow(id, p, v0, method));
  const at300 = res.points.find((p) => Math.abs(p.temperatureK - 300) < 1e-9);
  const warnings = res.warnings;
  const summary: ScreenRow = {
    tier2_method: method,
    tier2_volume_ratio_300K: at300 ? finite(at300.volumePerAtomA3 / v0) : null,
    tier2_thermal_expansion_300K_per_K: at300 ? finite(at300.alphaVolumetricPerK / 3) : null,
    tier2_bulk_modulus_300K_GPa: at300 ? finite(at300.bulkModulusIsothermalGPa) : null,
    tier2_debye_temperature_300K_K: at300 ? finite(at300.debyeTemperatureK) : null,
    tier2_heat_capacity_p_300K_per_atom_kB: at300 ? finite(at300.heatCapacityPPerAtomKB) : null,
    tier2_warnings: warnings.join(' | '),
  };
  return { id, method, summary, curve, warnings };
}

function curveRow(id: string, p: QuasiHarmonicPoint, v0: number, method: string): ScreenRow {
  return {
    id,
    temperature_K: p.temperatureK,
    volume_per_atom_A3: finite(p.volumePerAtomA3),
    volume_ratio: finite(p.volumePerAtomA3 / v0),
    volumetric_thermal_expansion_per_K: finite(p.alphaVolumetricPerK),
    thermal_expansion_per_K: finite(p.alphaVolumetricPerK / 3),
    heat_capacity_v_per_atom_kB: finite(p.heatCapacityVPerAtomKB),
    heat_capacity_p_per_atom_kB: finite(p.heatCapacityPPerAtomKB),
    bulk_modulus_isothermal_GPa: finite(p.bulkModulusIsothermalGPa),
    debye_temperature_K: finite(p.debyeTemperatureK),
    gruneisen: finite(p.gruneisen),
    method,
  };
}

export function emptySummary(): ScreenRow {
  const s: ScreenRow = {};
  for (const c of TIER2_COLUMNS) s[c] = null;
  return s;
}
