import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPoscar } from '../../src/structure/io/poscar.js';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { quasiHarmonicDebye } from '../../src/physics/qha-debye.js';
import { XtalInputError } from '../../src/errors.js';
import {
  DFT_LINEAR_STRAINS,
  importDft,
  METHOD_DFT_DEBYE,
  METHOD_DFT_PHONON,
  parseCsv,
  parseThermalPropertiesYaml,
  readManifest,
  runScreen,
  writeDftHandoff,
} from '../../src/discovery/screen/index.js';
import { projectPath } from '../helpers/shared-data.js';
import { exampleEntries, testModels } from './screen-helpers.js';

const FIX = projectPath('test', 'fixtures', 'dft');
const close = (a: number, b: number, rel: number): boolean => Math.abs(a - b) <= rel * Math.abs(b);

async function screened(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'xtal-dft-'));
  await runScreen({
    outDir: out,
    entries: exampleEntries(['diamond', 'cBN', 'NaCl', 'Cu', 'MgO']),
    models: testModels(),
    top: 3,
    dftTop: 2,
    png: false,
    tstepK: 20,
    tmaxK: 1000,
  });
  return out;
}

test('DFT hand-off: POSCAR plus nine strained volumes per finalist, manifest and README', async () => {
  const out = await screened();
  const m = readManifest(join(out, 'dft'));
  assert.equal(m.finalists.length, 2);
  assert.deepEqual(m.linearStrains, [...DFT_LINEAR_STRAINS]);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Array<
    Record<string, unknown>
  >;
  const top2 = results
    .filter((r) => (r.rank as number) <= 2)
    .map((r) => r.id)
    .sort();
  assert.deepEqual(m.finalists.map((f) => f.id).sort(), top2);
  for (const f of m.finalists) {
    const dir = join(out, 'dft', f.folder);
    const files = readdirSync(dir).sort();
    assert.deepEqual(files, [
      'POSCAR',
      ...DFT_LINEAR_STRAINS.map((_, i) => `POSCAR-${String(i + 1).padStart(2, '0')}`),
    ]);
    const s0 = readPoscar(readFileSync(join(dir, 'POSCAR'), 'utf8'));
    f.volumes.forEach((v, i) => {
      const s = readPoscar(readFileSync(join(dir, v.file), 'utf8'));
      // Round trip: the written cell has the stated volume, (1 + ε)³ times the original, same fractional sites.
      assert.ok(close(s.volume, s0.volume * (1 + DFT_LINEAR_STRAINS[i]) ** 3, 1e-9));
      assert.ok(close(s.volume, v.volumeA3, 1e-9));
      assert.deepEqual(
        s.sites.map((x) => x.frac.map((c) => c.toFixed(8))),
        s0.sites.map((x) => x.frac.map((c) => c.toFixed(8))),
      );
    });
  }
  const readme = readFileSync(join(out, 'dft', 'README.md'), 'utf8');
  assert.match(readme, /e-v\.dat/);
  assert.match(readme, /thermal_properties-XX\.yaml/);
});

test('DFT import: E(V) only → Debye QHA on DFT E(V); with thermal properties → phonon QHA', async () => {
  const out = await screened();
  const m = readManifest(join(out, 'dft'));
  const [a, b] = m.finalists;
  copyFileSync(join(FIX, 'ev-only', 'e-v.dat'), join(out, 'dft', a.folder, 'e-v.dat'));
  for (const f of readdirSync(join(FIX, 'phonon')))
    copyFileSync(join(FIX, 'phonon', f), join(out, 'dft', b.folder, f));
  const s = await importDft(out, { png: false });
  assert.equal(s.tier3Imported, 2);
  const rows = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Array<Record<string, unknown>>;
  const ra = rows.find((r) => r.id === a.id)!;
  const rb = rows.find((r) => r.id === b.id)!;
  assert.equal(ra.tier3_method, METHOD_DFT_DEBYE);
  assert.equal(rb.tier3_method, METHOD_DFT_PHONON);
  // The fixture's Vinet parameters (V0 = 45.5 Å³ per 8 atoms, K0 = 440 GPa) come back from the fit.
  for (const r of [ra, rb]) {
    assert.ok(
      close(r.tier3_static_bulk_modulus_GPa as number, 440, 1e-4),
      String(r.tier3_static_bulk_modulus_GPa),
    );
    assert.ok(close(r.tier3_static_volume_per_atom_A3 as number, 45.5 / 8, 1e-6));
    // Tier 3 wins on conflict.
    assert.equal(r.best_method, r.tier3_method);
    assert.equal(r.best_bulk_modulus_GPa, r.tier3_static_bulk_modulus_GPa);
    assert.equal(r.best_thermal_expansion_300K_per_K, r.tier3_thermal_expansion_300K_per_K);
    assert.equal(r.tier2_method, 'extrapolated', 'tier 2 is kept next to tier 3');
  }
  // Phonon QHA of a Debye solid with θ(V) = 1800 K (V0/V): the same physics as the quasi-harmonic Debye
  // model with the Moruzzi power law, which minimises G* directly instead of fitting an EOS per T.
  const ev = readFileSync(join(FIX, 'phonon', 'e-v.dat'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/).map(Number));
  const ref = quasiHarmonicDebye({
    atomsPerCell: 8,
    temperaturesK: [0, 300, 1000],
    volumesA3: ev.map((x) => x[0]),
    energiesEV: ev.map((x) => x[1]),
    debye: { kind: 'power-law', debyeTemperature0K: 1800, gruneisen: 1, volume0A3: 45.5 },
  });
  const curve = parseCsv(readFileSync(join(out, 'tier3.csv'), 'utf8'));
  const col = (name: string) => curve[0].indexOf(name);
  const at = (t: number) => curve.find((r) => r[0] === b.id && Number(r[col('temperature_K')]) === t)!;
  for (const [k, t] of [
    [1, 300],
    [2, 1000],
  ]) {
    const v = Number(at(t)[col('volume_per_atom_A3')]) * 8;
    assert.ok(close(v, ref.points[k].volumeA3, 2e-4), `V(${t} K) ${v} vs ${ref.points[k].volumeA3}`);
  }
  const alpha = Number(at(300)[col('volumetric_thermal_expansion_per_K')]);
  assert.ok(
    close(alpha, ref.points[1].alphaVolumetricPerK, 0.03),
    `α ${alpha} vs ${ref.points[1].alphaVolumetricPerK}`,
  );
  const cv = Number(at(1000)[col('heat_capacity_v_per_atom_kB')]);
  assert.ok(
    close(cv, ref.points[2].heatCapacityVPerAtomKB, 0.01),
    `C_V ${cv} vs ${ref.points[2].heatCapacityVPerAtomKB}`,
  );
  const fin = parseCsv(readFileSync(join(out, 'finalists.csv'), 'utf8'));
  assert.ok(fin[0].includes('thermal_expansion_300K_per_K_ML'));
  assert.ok(fin[0].includes('thermal_expansion_300K_per_K_extrapolated'));
  assert.ok(fin[0].includes('thermal_expansion_300K_per_K_dft'));
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /dft \(phonon QHA\)/);
});

test('thermal_properties.yaml reader: values, natom, errors with line numbers', () => {
  const tp = parseThermalPropertiesYaml(
    readFileSync(join(FIX, 'phonon', 'thermal_properties-05.yaml'), 'utf8'),
  );
  assert.equal(tp.natom, 8);
  assert.equal(tp.temperaturesK.length, 51);
  assert.equal(tp.temperaturesK[15], 300);
  assert.equal(tp.freeEnergyKJMol[0], 134.694294414);
  const bad =
    'natom: 2\nthermal_properties:\n- temperature: 0\n  free_energy: x1\n  entropy: 0\n  heat_capacity: 0\n';
  assert.throws(
    () => parseThermalPropertiesYaml(bad, 'tp.yaml'),
    (e: unknown) => e instanceof XtalInputError && e.line === 4,
  );
  assert.throws(() => parseThermalPropertiesYaml('natom: 2\n', 'tp.yaml'), XtalInputError);
});

test('--import-dft on a folder that is not a screen says so', async () => {
  await assert.rejects(
    importDft(mkdtempSync(join(tmpdir(), 'xtal-none-'))),
    /not an xtal screen output folder/,
  );
});

test('a disordered finalist cannot be a POSCAR: it is listed as skipped, the others are written', () => {
  const out = mkdtempSync(join(tmpdir(), 'xtal-dft-skip-'));
  const lat = Lattice.cubic(4);
  const ordered = new Structure(lat, [
    { species: [{ element: 'Mg', occu: 1 }], frac: [0, 0, 0] },
    { species: [{ element: 'O', occu: 1 }], frac: [0.5, 0.5, 0.5] },
  ]);
  const mixed = new Structure(lat, [
    {
      species: [
        { element: 'Si', occu: 0.5 },
        { element: 'Ge', occu: 0.5 },
      ],
      frac: [0, 0, 0],
    },
  ]);
  const m = writeDftHandoff(out, [
    { row: { id: 'mixed', formula: 'SiGe', rank: 1 }, structure: mixed },
    { row: { id: 'MgO/1', formula: 'MgO', rank: 2 }, structure: ordered },
  ]);
  assert.deepEqual(
    m.finalists.map((f) => [f.id, f.folder]),
    [['MgO/1', 'MgO_1']],
  );
  assert.equal(m.skipped[0].id, 'mixed');
  assert.match(m.skipped[0].reason, /partially occupied/);
});
