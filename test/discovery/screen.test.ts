import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, appendFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { mechanicalProperties } from '../../src/physics/mechanical.js';
import { XtalInputError } from '../../src/errors.js';
import {
  Journal,
  metalFromProperties,
  parseCsv,
  RankTable,
  runScreen,
  sampleStd,
  temperatureGrid,
  tier1Row,
  tier2FromRow,
  TIER1_COLUMNS,
  RESULT_COLUMNS,
} from '../../src/discovery/screen/index.js';
import { exampleEntries, testModels, TestModulusModel } from './screen-helpers.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'xtal-screen-'));
const close = (a: number, b: number, rel: number): boolean => Math.abs(a - b) <= rel * Math.abs(b);

/** One atom of Si in a cube of 10 Å³: V0 = 10 Å³/atom as in the science.md §2.5 vector. */
function cube10(): Structure {
  return new Structure(
    Lattice.cubic(Math.cbrt(10)),
    [{ species: [{ element: 'Si', occu: 1 }], frac: [0, 0, 0] }],
    { id: 'cube' },
  );
}

test('tier 1 row: K = 200, G = 100, V0 = 10 reproduces the science.md §2.5 vector', () => {
  const row = tier1Row(
    { id: 'cube', source: 'test', structure: cube10() },
    {
      log10BulkMean: Math.log10(200),
      log10ShearMean: Math.log10(100),
      log10BulkMembers: [Math.log10(200)],
      log10ShearMembers: [Math.log10(100)],
    },
  );
  assert.deepEqual(Object.keys(row), [...TIER1_COLUMNS]);
  assert.ok(close(row.bulk_modulus_GPa as number, 200, 1e-12));
  assert.ok(close(row.youngs_modulus_GPa as number, 257.143, 1e-5));
  assert.ok(close(row.poisson_ratio as number, 0.28571, 1e-4));
  assert.ok(close(row.hardness_mazhnik_oganov_GPa as number, 12.992, 1e-3));
  assert.ok(close(row.hardness_chen_GPa as number, 10.147, 1e-3));
  assert.ok(close(row.hardness_tian_GPa as number, 10.902, 1e-3));
  assert.ok(close(row.fracture_toughness_mazhnik_oganov_MPa_m05 as number, 2.0476, 1e-3));
  assert.ok(close(row.fracture_toughness_niu_MPa_m05 as number, 2.0758, 1e-3));
  // One member: no spread to measure, the _std columns are empty and the row says why.
  assert.equal(row.bulk_modulus_GPa_std, null);
  assert.equal(row.hardness_mazhnik_oganov_GPa_std, null);
  assert.match(String(row.flags), /no-ensemble-spread/);
  assert.match(String(row.flags), /metal-unknown/);
  assert.equal(row.metal, 'unknown');
  assert.equal(row.tier1_method, 'ML');
});

test('tier 1 row: _std is the spread over paired members; values come from the mean moduli', () => {
  const mk = Math.log10(200);
  const mg = Math.log10(100);
  const d = 0.01;
  const row = tier1Row(
    { id: 'cube', source: 'test', structure: cube10(), metal: false },
    {
      log10BulkMean: mk,
      log10ShearMean: mg,
      log10BulkMembers: [mk - d, mk, mk + d],
      log10ShearMembers: [mg + d, mg, mg - d],
    },
  );
  // K std: sample std of 10^(mk ± d), by hand.
  const ks = [10 ** (mk - d), 10 ** mk, 10 ** (mk + d)];
  const mean = (ks[0] + ks[1] + ks[2]) / 3;
  const sdK = Math.sqrt(ks.reduce((s, k) => s + (k - mean) ** 2, 0) / 2);
  assert.ok(close(row.bulk_modulus_GPa_std as number, sdK, 1e-12));
  // Members are paired (K up with G down): the hardness spread follows the pairs, checked against a
  // finite-difference (delta-method) estimate along that direction.
  const h = (dl: number) =>
    mechanicalProperties({
      bulkModulusGPa: 10 ** (mk + dl),
      shearModulusGPa: 10 ** (mg - dl),
      volumePerAtomA3: 10,
    }).hardness.mazhnikOganovGPa;
  const slope = (h(1e-5) - h(-1e-5)) / 2e-5;
  assert.ok(close(row.hardness_mazhnik_oganov_GPa_std as number, Math.abs(slope) * d, 0.02));
  assert.ok(
    close(row.hardness_mazhnik_oganov_GPa as number, 12.992, 1e-3),
    'the value is from the mean moduli',
  );
  assert.equal(row.metal, 'no');
  assert.ok(!/metal/.test(String(row.flags)));
  assert.equal(sampleStd([1]), NaN);
});

test('metal flag from the input: metallic / is_metal columns and band gaps; unknown otherwise', () => {
  assert.deepEqual(metalFromProperties({ metallic: true }), { metal: true, source: 'column metallic' });
  assert.deepEqual(metalFromProperties({ is_metal: 'False' }), { metal: false, source: 'column is_metal' });
  assert.deepEqual(metalFromProperties({ band_gap: '0.0' }), { metal: true, source: 'column band_gap' });
  assert.deepEqual(metalFromProperties({ band_gap: 1.2 }), { metal: false, source: 'column band_gap' });
  assert.equal(metalFromProperties({ band_gap: '' }), undefined);
  assert.equal(metalFromProperties({ fold: 0 }), undefined);
  assert.equal(metalFromProperties(undefined), undefined);
});

test('ranking: hardness, toughness, pareto and expressions agree with brute force', () => {
  const rows = [
    { h: 10, k: 1 },
    { h: 30, k: 2 },
    { h: 20, k: 5 },
    { h: 5, k: 6 },
    { h: NaN, k: 3 },
    { h: 15, k: 1.5 },
  ].map((r, i) => ({
    id: `r${i}`,
    hardness_mazhnik_oganov_GPa: Number.isNaN(r.h) ? null : r.h,
    fracture_toughness_mazhnik_oganov_MPa_m05: r.k,
    bulk_modulus_GPa: i,
    metal: 'no',
  }));
  const make = (by: 'hardness' | 'toughness' | 'pareto' | { expression: string }) => {
    const t = new RankTable(by, 'bulk_modulus_GPa', TIER1_COLUMNS);
    rows.forEach((r) => t.add(r));
    return t.rank();
  };
  assert.deepEqual(make('hardness').order, [1, 2, 5, 0, 3]);
  assert.deepEqual(make('toughness').order, [3, 2, 4, 1, 5, 0]);
  const p = make('pareto');
  // Brute force: the front is every point not dominated by another.
  const front = [0, 1, 2, 3, 5].filter(
    (i) =>
      ![0, 1, 2, 3, 5].some(
        (j) =>
          rows[j].hardness_mazhnik_oganov_GPa! >= rows[i].hardness_mazhnik_oganov_GPa! &&
          rows[j].fracture_toughness_mazhnik_oganov_MPa_m05 >=
            rows[i].fracture_toughness_mazhnik_oganov_MPa_m05 &&
          j !== i &&
          (rows[j].hardness_mazhnik_oganov_GPa! > rows[i].hardness_mazhnik_oganov_GPa! ||
            rows[j].fracture_toughness_mazhnik_oganov_MPa_m05 >
              rows[i].fracture_toughness_mazhnik_oganov_MPa_m05),
      ),
  );
  assert.deepEqual(front, [1, 2, 3]);
  assert.deepEqual(p.order.slice(0, 3), [1, 2, 3], 'front first, hardest first within it');
  assert.equal(p.rank[4], 0, 'no hardness: not ranked');
  const e = make({ expression: 'hardness_mazhnik_oganov_GPa * fracture_toughness_mazhnik_oganov_MPa_m05' });
  assert.deepEqual(e.order, [2, 1, 3, 5, 0]);
  assert.throws(
    () => new RankTable({ expression: 'no_such_column + 1' }, 'bulk_modulus_GPa', TIER1_COLUMNS),
    XtalInputError,
  );
});

test('journal: a line cut short by a kill is dropped on repair; records stream back in order', async () => {
  const dir = tmp();
  const j = new Journal(join(dir, 'j.jsonl'));
  j.append([{ id: 'a' }, { id: 'b' }]);
  j.close();
  appendFileSync(j.path, '{"id":"c","x":');
  j.repair();
  assert.deepEqual([...(await j.values('id'))], ['a', 'b']);
  j.append([{ id: 'd' }]);
  j.close();
  const ids: string[] = [];
  for await (const r of j.records<{ id: string }>()) ids.push(r.id);
  assert.deepEqual(ids, ['a', 'b', 'd']);
});

test('tier 2 is labelled extrapolated; C_V reaches Dulong–Petit and α → 0 at 0 K', () => {
  const row = tier1Row(
    { id: 'cube', source: 'test', structure: cube10() },
    {
      log10BulkMean: Math.log10(100),
      log10ShearMean: Math.log10(50),
      log10BulkMembers: [2],
      log10ShearMembers: [Math.log10(50)],
    },
  );
  const temps = temperatureGrid(1200, 50);
  assert.equal(temps[0], 0);
  assert.ok(temps.includes(300));
  const r = tier2FromRow(row, temps);
  assert.equal(r.method, 'extrapolated');
  assert.equal(r.summary.tier2_method, 'extrapolated');
  assert.ok(r.curve.every((c) => c.method === 'extrapolated'));
  // θ_D ≈ 410 K at 1000 K: T/θ ≈ 2.4, where the Debye C_V is 0.99·3k_B (science.md §4.1: 0.9876 at T/θ = 2).
  const at1000 = r.curve.find((c) => c.temperature_K === 1000)!;
  const cv = at1000.heat_capacity_v_per_atom_kB as number;
  assert.ok(cv > 3 * 0.9876 && cv < 3, `C_V → 3 k_B per atom, got ${cv}`);
  assert.ok(Math.abs(r.curve[0].thermal_expansion_per_K as number) < 1e-8);
  const v = r.curve.map((c) => c.volume_ratio as number);
  assert.ok(
    v.every((x, i) => i === 0 || x > v[i - 1]),
    'V(T) grows with T',
  );
  assert.ok((r.summary.tier2_thermal_expansion_300K_per_K as number) > 1e-6);
  const bad = tier2FromRow({ ...row, shear_modulus_GPa: -1 }, temps);
  assert.equal(bad.method, 'failed');
});

test('runScreen: every output, graphs built once per structure, bad inputs in errors.csv', async () => {
  const out = tmp();
  const models = testModels();
  const bad = {
    id: 'broken',
    source: 'broken.cif',
    error: new XtalInputError('no atom sites', { file: 'broken.cif', line: 3 }),
  };
  const ids = ['diamond', 'cBN', 'SiC-3C', 'MgO', 'NaCl', 'KCl', 'Cu', 'Al', 'Si', 'WC'];
  const s = await runScreen({
    outDir: out,
    entries: exampleEntries(ids, [bad]),
    models,
    top: 4,
    dftTop: 2,
    chunkSize: 3,
    png: false,
    tstepK: 50,
  });
  assert.equal(s.screened, ids.length);
  assert.equal(s.failed, 1);
  assert.equal(s.graphsBuilt, ids.length, 'models share graphs: one graph per structure');
  assert.equal(models.bulk.predicted, ids.length);
  for (const f of [
    'results.csv',
    'results.json',
    'ashby.svg',
    'expansion-bound.svg',
    'tier2.csv',
    'tier2-volume.svg',
    'report.html',
    'errors.csv',
    'finalists.csv',
    'dft/manifest.json',
    'dft/README.md',
  ]) {
    assert.ok(existsSync(join(out, f)), f);
  }
  const csv = parseCsv(readFileSync(join(out, 'results.csv'), 'utf8'));
  assert.deepEqual(csv[0], [...RESULT_COLUMNS]);
  assert.equal(csv.length - 1, ids.length);
  const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Array<Record<string, unknown>>;
  assert.equal(json.length, ids.length);
  // Rank 1 is the hardest; tier 2 exactly for the top 4, labelled extrapolated; tier 3 hand-off for 2.
  const byRank = [...json].filter((r) => r.rank).sort((a, b) => (a.rank as number) - (b.rank as number));
  const hs = byRank.map((r) => r.hardness_mazhnik_oganov_GPa as number);
  assert.deepEqual(
    hs,
    [...hs].sort((a, b) => b - a),
  );
  assert.deepEqual(
    json
      .filter((r) => r.tier2_method === 'extrapolated')
      .map((r) => r.id)
      .sort(),
    byRank
      .slice(0, 4)
      .map((r) => r.id)
      .sort(),
  );
  assert.ok(json.every((r) => r.tier2_method !== 'refined'));
  assert.ok(json.filter((r) => (r.rank as number) > 4).every((r) => r.best_method === 'ML'));
  assert.equal(json.find((r) => r.id === 'Cu')!.metal, 'yes');
  assert.match(String(json.find((r) => r.id === 'Cu')!.flags), /metal/);
  assert.equal(json.find((r) => r.id === 'diamond')!.label, 'diamond');
  const errors = parseCsv(readFileSync(join(out, 'errors.csv'), 'utf8'));
  assert.deepEqual(errors[0], ['id', 'source', 'reason']);
  assert.equal(errors[1][0], 'broken');
  assert.match(errors[1][2], /no atom sites/);
  const folders = readdirSync(join(out, 'dft')).filter((f) => !f.includes('.'));
  assert.equal(folders.length, 2);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'no external requests');
  assert.match(html, /<svg/);
  assert.match(html, /extrapolated/);
});

test('resume: an interrupted run continues without recomputing, and equals an uninterrupted run', async () => {
  const ids = [
    'diamond',
    'cBN',
    'SiC-3C',
    'MgO',
    'NaCl',
    'KCl',
    'Cu',
    'Al',
    'Si',
    'WC',
    'TiC',
    'ZnO',
    'GaAs',
  ];
  const opts = { top: 5, dftTop: 0, chunkSize: 3, png: false, tstepK: 100 };
  const whole = tmp();
  const m0 = testModels();
  await runScreen({ outDir: whole, entries: exampleEntries(ids), models: m0, ...opts });

  const cut = tmp();
  const m1 = testModels();
  await assert.rejects(
    runScreen({
      outDir: cut,
      entries: exampleEntries(ids),
      models: m1,
      ...opts,
      afterChunk: (k) => {
        if (k === 2) throw new Error('killed');
      },
    }),
    /killed/,
  );
  assert.equal(m1.bulk.predicted, 6, 'two chunks of three');
  assert.ok(!existsSync(join(cut, 'results.csv')));
  const m2 = testModels();
  const s = await runScreen({ outDir: cut, entries: exampleEntries(ids), models: m2, ...opts });
  assert.equal(m2.bulk.predicted, ids.length - 6, 'finished structures are not computed again');
  assert.equal(s.tier1Resumed, 6);
  assert.equal(s.tier1Computed, ids.length - 6);
  for (const f of ['results.csv', 'results.json', 'tier2.csv', 'finalists.csv']) {
    assert.equal(readFileSync(join(cut, f), 'utf8'), readFileSync(join(whole, f), 'utf8'), f);
  }
  // A finished run resumed again computes nothing; --restart computes everything.
  const m3 = testModels();
  await runScreen({ outDir: cut, entries: exampleEntries(ids), models: m3, ...opts });
  assert.equal(m3.bulk.predicted, 0);
  const m4 = testModels();
  await runScreen({ outDir: cut, entries: exampleEntries(ids), models: m4, ...opts, restart: true });
  assert.equal(m4.bulk.predicted, ids.length);
});

test('a folder holding another screen is not silently mixed', async () => {
  const out = tmp();
  const opts = { png: false, top: 1, dftTop: 0, tstepK: 100 };
  await runScreen({
    outDir: out,
    examples: false,
    inputs: [],
    entries: exampleEntries(['NaCl']),
    models: testModels(),
    modelNames: { bulk: 'a', shear: 'b' },
    ...opts,
  });
  await assert.rejects(
    runScreen({
      outDir: out,
      entries: exampleEntries(['NaCl']),
      models: testModels(),
      modelNames: { bulk: 'other', shear: 'b' },
      ...opts,
    }),
    /--restart/,
  );
});

test('single-member models leave the uncertainty empty; unequal ensembles combine all pairs', async () => {
  const out = tmp();
  const models = { bulk: new TestModulusModel('b', 0, 0.02, 1), shear: new TestModulusModel('s', -0.1) };
  await runScreen({
    outDir: out,
    entries: exampleEntries(['diamond', 'NaCl']),
    models,
    png: false,
    top: 0,
    dftTop: 0,
  });
  const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Array<Record<string, unknown>>;
  // 1 × 3 members: the G spread alone; K has none, so its std is exactly 0.
  assert.ok(Math.abs(json[0].bulk_modulus_GPa_std as number) < 1e-9);
  assert.ok((json[0].shear_modulus_GPa_std as number) > 0);
});

test('Ashby diagram of a large screen: top candidates, references and a seeded sample are drawn', async () => {
  const ids = [
    'diamond',
    'hBN',
    'SiC-2H',
    'SiC-4H',
    'BP',
    'MgAl2O4',
    'AlN',
    'GaN',
    'BeO',
    'ZrC',
    'VC',
    'TaC',
    'CrN',
  ];
  const run = async (seed: number) => {
    const out = tmp();
    await runScreen({
      outDir: out,
      entries: exampleEntries(ids),
      models: testModels(),
      top: 2,
      dftTop: 0,
      png: false,
      tstepK: 100,
      plotTop: 3,
      plotSample: 4,
      seed,
    });
    const svg = readFileSync(join(out, 'ashby.svg'), 'utf8');
    const drawn = [...svg.matchAll(/<title>([^:<]+): H /g)].map((m) => m[1]);
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Array<
      Record<string, unknown>
    >;
    const top3 = json.filter((r) => (r.rank as number) <= 3).map((r) => String(r.id));
    return { drawn, top3, svg };
  };
  const a = await run(1);
  assert.ok(top3In(a.top3, a.drawn), 'the top candidates are always drawn');
  assert.ok(a.drawn.includes('diamond'), 'labelled references are always drawn');
  assert.equal(new Set(a.drawn).size, a.drawn.length);
  assert.equal(a.drawn.length, new Set([...a.top3, 'diamond']).size + 4);
  assert.match(a.svg, new RegExp(`13 screened, ${a.drawn.length} drawn`));
  const again = await run(1);
  assert.equal(again.svg, a.svg, 'the sample is seeded');
});

function top3In(top: string[], drawn: string[]): boolean {
  return top.every((id) => drawn.includes(id));
}

test('--color-by a text column (metal) colours the Ashby diagram by category', async () => {
  const out = tmp();
  await runScreen({
    outDir: out,
    entries: exampleEntries(['diamond', 'Cu', 'NaCl']),
    models: testModels(),
    colorBy: 'metal',
    top: 0,
    dftTop: 0,
    png: false,
  });
  const svg = readFileSync(join(out, 'ashby.svg'), 'utf8');
  assert.match(svg, />metal</);
  assert.match(svg, /<text [^>]*>no<\/text>/);
  assert.match(svg, /<text [^>]*>yes<\/text>/);
  await assert.rejects(
    runScreen({ outDir: tmp(), entries: exampleEntries(['NaCl']), models: testModels(), colorBy: 'colour' }),
    /unknown column "colour"/,
  );
});
