/**
 * Tier 3 hand-off (science.md §4.3): for each finalist a folder DIR/dft/<id>/ with the structure as screened
 * (POSCAR) and the same cell isotropically scaled to nine volumes, linear strain −4 % … +4 % in 1 % steps
 * (V/V0 = 0.885 … 1.125, covering the thermal expansion of hard solids to well above 1000 K with room for an
 * EOS fit), plus DIR/dft/manifest.json and DIR/dft/README.md saying what to compute and what to return.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePoscar } from '../../structure/io/poscar.js';
import { Structure } from '../../structure/structure.js';
import type { ScreenRow } from './tier1.js';

/** Linear strains of the E(V) volumes. */
export const DFT_LINEAR_STRAINS: readonly number[] = [-0.04, -0.03, -0.02, -0.01, 0, 0.01, 0.02, 0.03, 0.04];

export interface DftManifestEntry {
  id: string;
  folder: string;
  formula: string;
  nSites: number;
  rank: number;
  /** Files POSCAR-01 ... with their cell volumes (Å³) and linear strains. */
  volumes: Array<{ file: string; linearStrain: number; volumeA3: number }>;
  tier1: { bulkModulusGPa: Cell; shearModulusGPa: Cell; hardnessGPa: Cell; toughnessMPaM05: Cell };
}
type Cell = ScreenRow[string];

export interface DftManifest {
  format: 'xtal-dft-handoff';
  version: 1;
  created: string;
  linearStrains: number[];
  finalists: DftManifestEntry[];
  /** Finalists that could not be written as POSCAR (e.g. partial occupancies), with the reason. */
  skipped: Array<{ id: string; reason: string }>;
}

/** A folder name from an id: letters, digits, '.', '_' and '-' kept, anything else replaced by '_'. */
export function safeFolderName(id: string): string {
  const s = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return s || '_';
}

/** Write the hand-off folders; returns the manifest written to DIR/dft/manifest.json. */
export function writeDftHandoff(
  dir: string,
  finalists: Array<{ row: ScreenRow; structure: Structure }>,
  created = new Date().toISOString(),
): DftManifest {
  const root = join(dir, 'dft');
  mkdirSync(root, { recursive: true });
  const used = new Set<string>();
  const entries: DftManifestEntry[] = [];
  const skipped: DftManifest['skipped'] = [];
  for (const { row, structure } of finalists) {
    let poscar: string;
    try {
      poscar = writePoscar(structure, { comment: `${row.id} as screened` });
    } catch (err) {
      skipped.push({ id: String(row.id), reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    let folder = safeFolderName(String(row.id));
    for (let k = 2; used.has(folder); k++) folder = `${safeFolderName(String(row.id))}~${k}`;
    used.add(folder);
    const out = join(root, folder);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'POSCAR'), poscar);
    const volumes: DftManifestEntry['volumes'] = [];
    DFT_LINEAR_STRAINS.forEach((e, i) => {
      const file = `POSCAR-${String(i + 1).padStart(2, '0')}`;
      const v = structure.volume * (1 + e) ** 3;
      const scaled = new Structure(structure.lattice.scaledToVolume(v), structure.sites, {});
      const pct = `${e >= 0 ? '+' : ''}${(e * 100).toFixed(0)}`;
      writeFileSync(
        join(out, file),
        writePoscar(scaled, { comment: `${row.id} linear strain ${pct} % V=${v.toFixed(6)}` }),
      );
      volumes.push({ file, linearStrain: e, volumeA3: v });
    });
    entries.push({
      id: String(row.id),
      folder,
      formula: String(row.formula),
      nSites: structure.numSites,
      rank: Number(row.rank),
      volumes,
      tier1: {
        bulkModulusGPa: row.bulk_modulus_GPa,
        shearModulusGPa: row.shear_modulus_GPa,
        hardnessGPa: row.hardness_mazhnik_oganov_GPa,
        toughnessMPaM05: row.fracture_toughness_mazhnik_oganov_MPa_m05,
      },
    });
  }
  const manifest: DftManifest = {
    format: 'xtal-dft-handoff',
    version: 1,
    created,
    linearStrains: [...DFT_LINEAR_STRAINS],
    finalists: entries,
    skipped,
  };
  writeFileSync(join(root, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileSync(join(root, 'README.md'), handoffReadme(manifest));
  return manifest;
}

function handoffReadme(m: DftManifest): string {
  const n = m.linearStrains.length;
  return `# DFT hand-off: ${m.finalists.length} finalists of an xtal screen

Each folder holds one finalist:
- \`POSCAR\`: the structure as screened.
- \`POSCAR-01\` ... \`POSCAR-${String(n).padStart(2, '0')}\`: the same cell scaled isotropically to ${n} volumes,
  linear strain ${m.linearStrains.map((e) => `${(e * 100).toFixed(0)} %`).join(', ')}.

## What to compute
1. For each \`POSCAR-XX\`: relax the atomic positions (and the cell shape, if you wish) at FIXED volume
   (VASP: ISIF = 4) and record the total energy of the cell in eV. Use the same settings for all volumes.
2. Optional, for the full phonon quasi-harmonic approximation: phonons at each volume (phonopy, finite
   displacements), then \`phonopy -t\` for the thermal properties.

## What to return (into the same folder)
- \`e-v.dat\`: one line per volume, in the order POSCAR-01, POSCAR-02, ...: cell volume (Å³) and total
  energy (eV per cell), whitespace separated (phonopy-qha's format). A CSV \`e-v.csv\` with the header
  \`volume_A3,energy_eV\` is read too. At least 4 volumes; all ${n} are best.
- optional: \`thermal_properties-XX.yaml\` (phonopy's thermal_properties.yaml of POSCAR-XX), for every
  line of e-v.dat, all on the same temperature grid (e.g. \`phonopy -t --tmax 1500 --tstep 10\`).

Then run \`xtal screen --import-dft <screen output folder>\`. Finalists with only E(V) are recomputed with
the quasi-harmonic Debye model on the DFT E(V) (method \`dft (Debye QHA on DFT E(V))\`); finalists with
thermal properties at every volume with the phonon QHA (method \`dft (phonon QHA)\`). Folders without
results keep their tier-2 values.

The manifest (\`manifest.json\`) lists every finalist with its folder, rank, volumes and tier-1 values.
`;
}
