/**
 * Tier 3 import (science.md §4.3): reads the DFT results returned into the hand-off folders and recomputes
 * the finalists. E(V) only (`e-v.dat` or `e-v.csv`): the quasi-harmonic Debye model on the DFT E(V) with ν
 * and mean atomic mass from tier 1 (method "dft (Debye QHA on DFT E(V))"). E(V) plus phonopy
 * `thermal_properties-XX.yaml` for every volume: the phonon QHA, F(V,T) = E(V) + F_ph(V,T) (method
 * "dft (phonon QHA)"). The static EOS fit of the DFT E(V) gives the DFT bulk modulus and volume.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XtalInputError } from '../../errors.js';
import { parseEnergyVolume } from '../../physics/ev-file.js';
import { fitEos } from '../../physics/eos.js';
import { quasiHarmonicDebye } from '../../physics/qha-debye.js';
import { phononQha } from '../../physics/qha-phonon.js';
import { AVOGADRO_PER_MOL, BOLTZMANN_JK } from '../../physics/constants.js';
import { parseThermalPropertiesYaml, type ThermalProperties } from './phonopy-yaml.js';
import type { DftManifest, DftManifestEntry } from './dft-handoff.js';
import { finite, type ScreenRow } from './tier1.js';

export const TIER3_COLUMNS: readonly string[] = [
  'tier3_method',
  'tier3_static_volume_per_atom_A3',
  'tier3_static_bulk_modulus_GPa',
  'tier3_volume_ratio_300K',
  'tier3_thermal_expansion_300K_per_K',
  'tier3_bulk_modulus_300K_GPa',
  'tier3_heat_capacity_p_300K_per_atom_kB',
  'tier3_warnings',
];

export const METHOD_DFT_DEBYE = 'dft (Debye QHA on DFT E(V))';
export const METHOD_DFT_PHONON = 'dft (phonon QHA)';

export interface Tier3Result {
  id: string;
  method: string;
  summary: ScreenRow;
  curve: ScreenRow[];
  warnings: string[];
}

export function readManifest(dftDir: string): DftManifest {
  const file = join(dftDir, 'manifest.json');
  if (!existsSync(file))
    throw new XtalInputError('no DFT hand-off manifest (manifest.json) here', { file: dftDir });
  let m: DftManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as DftManifest;
  } catch (err) {
    throw new XtalInputError(`manifest.json is not valid JSON (${(err as Error).message})`, { file });
  }
  if (m.format !== 'xtal-dft-handoff' || !Array.isArray(m.finalists)) {
    throw new XtalInputError('not an xtal DFT hand-off manifest', { file, field: 'format' });
  }
  return m;
}

/** The E(V) file of a finalist folder, or null when none was returned. */
function findEv(folder: string): string | null {
  for (const name of ['e-v.dat', 'e-v.csv', 'ev.csv', 'e-v.txt']) {
    const p = join(folder, name);
    if (existsSync(p)) return p;
  }
  return null;
}

/**
 * Tier 3 for one finalist, or null when the folder holds no results. `row` is its tier-1 row (ν and mean
 * atomic mass for the Debye model); `temperaturesK` the grid of the Debye model.
 */
export function importFinalist(
  dftDir: string,
  entry: DftManifestEntry,
  row: ScreenRow,
  temperaturesK: number[],
): Tier3Result | null {
  const folder = join(dftDir, entry.folder);
  const evFile = findEv(folder);
  if (!evFile) return null;
  const ev = parseEnergyVolume(readFileSync(evFile, 'utf8'), evFile);
  const n = entry.nSites;
  const warnings: string[] = [];
  const fit = fitEos(ev.volumesA3, ev.energiesEV, 'vinet');
  if (!fit.converged) warnings.push('the static EOS fit did not converge');
  if (fit.minimumOutsideData) warnings.push('the E(V) minimum lies outside the computed volumes');
  const staticV0 = fit.parameters.volume0A3;
  const yamls = ev.volumesA3.map((_, i) =>
    join(folder, `thermal_properties-${String(i + 1).padStart(2, '0')}.yaml`),
  );
  const present = yamls.filter((p) => existsSync(p));
  let method: string;
  let curve: ScreenRow[];
  if (present.length === yamls.length) {
    method = METHOD_DFT_PHONON;
    const tps: ThermalProperties[] = yamls.map((p) => parseThermalPropertiesYaml(readFileSync(p, 'utf8'), p));
    const ts = tps[0].temperaturesK;
    tps.forEach((tp, i) => {
      if (
        tp.temperaturesK.length !== ts.length ||
        tp.temperaturesK.some((t, j) => Math.abs(t - ts[j]) > 1e-6)
      ) {
        throw new XtalInputError('thermal properties of all volumes must share one temperature grid', {
          file: yamls[i],
          field: 'temperature',
        });
      }
    });
    const natom = tps[0].natom ?? n;
    if (natom !== n)
      warnings.push(`phonopy cell has ${natom} atoms, the screened cell ${n}: per-atom values use ${natom}`);
    const res = phononQha({
      volumesA3: ev.volumesA3,
      electronicEnergiesEV: ev.energiesEV,
      temperaturesK: ts,
      freeEnergyKJMol: tps.map((t) => t.freeEnergyKJMol),
      heatCapacityJKMol: tps.map((t) => t.heatCapacityJKMol),
      entropyJKMol: tps.map((t) => t.entropyJKMol),
    });
    warnings.push(...res.warnings);
    const rPerAtom = natom * AVOGADRO_PER_MOL * BOLTZMANN_JK; // J/(K·mol of cells) per k_B per atom
    curve = res.points.map((p) => ({
      id: entry.id,
      temperature_K: p.temperatureK,
      volume_per_atom_A3: finite(p.volumeA3 / natom),
      volume_ratio: finite(p.volumeA3 / staticV0),
      volumetric_thermal_expansion_per_K: finite(p.alphaVolumetricPerK),
      thermal_expansion_per_K: finite(p.alphaVolumetricPerK / 3),
      heat_capacity_v_per_atom_kB: finite(p.heatCapacityVJKMol / rPerAtom),
      heat_capacity_p_per_atom_kB: finite(p.heatCapacityPJKMol / rPerAtom),
      bulk_modulus_isothermal_GPa: finite(p.bulkModulusIsothermalGPa),
      debye_temperature_K: null,
      gruneisen: finite(p.gruneisen),
      method,
    }));
  } else {
    if (present.length)
      warnings.push(
        `thermal properties for ${present.length} of ${yamls.length} volumes only: phonon QHA skipped`,
      );
    method = METHOD_DFT_DEBYE;
    const nu = typeof row.poisson_ratio === 'number' ? row.poisson_ratio : NaN;
    const m = typeof row.mean_atomic_mass_amu === 'number' ? row.mean_atomic_mass_amu : NaN;
    const res = quasiHarmonicDebye({
      atomsPerCell: n,
      temperaturesK,
      volumesA3: ev.volumesA3,
      energiesEV: ev.energiesEV,
      debye: { kind: 'gibbs', poissonRatio: nu, meanAtomicMassAmu: m },
    });
    warnings.push(...res.warnings);
    curve = res.points.map((p) => ({
      id: entry.id,
      temperature_K: p.temperatureK,
      volume_per_atom_A3: finite(p.volumePerAtomA3),
      volume_ratio: finite(p.volumeA3 / staticV0),
      volumetric_thermal_expansion_per_K: finite(p.alphaVolumetricPerK),
      thermal_expansion_per_K: finite(p.alphaVolumetricPerK / 3),
      heat_capacity_v_per_atom_kB: finite(p.heatCapacityVPerAtomKB),
      heat_capacity_p_per_atom_kB: finite(p.heatCapacityPPerAtomKB),
      bulk_modulus_isothermal_GPa: finite(p.bulkModulusIsothermalGPa),
      debye_temperature_K: finite(p.debyeTemperatureK),
      gruneisen: finite(p.gruneisen),
      method,
    }));
  }
  const at = curve.find((c) => Math.abs(Number(c.temperature_K) - 300) < 1e-6);
  const summary: ScreenRow = {
    tier3_method: method,
    tier3_static_volume_per_atom_A3: finite(staticV0 / n),
    tier3_static_bulk_modulus_GPa: finite(fit.bulkModulusGPa),
    tier3_volume_ratio_300K: at ? at.volume_ratio : null,
    tier3_thermal_expansion_300K_per_K: at ? at.thermal_expansion_per_K : null,
    tier3_bulk_modulus_300K_GPa: at ? at.bulk_modulus_isothermal_GPa : null,
    tier3_heat_capacity_p_300K_per_atom_kB: at ? at.heat_capacity_p_per_atom_kB : null,
    tier3_warnings: warnings.join(' | '),
  };
  if (!at) warnings.push('no 300 K point on the temperature grid: 300 K summary left empty');
  return { id: entry.id, method, summary, curve, warnings };
}
