import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { jsonTable, readJsonTableValue } from '../../src/structure/io/table.js';
import { readStructureEntries, readStructureText } from '../../src/structure/io/convert.js';
import { readPoscar } from '../../src/structure/io/poscar.js';
import { iterateStructures } from '../../src/structure/io/iterate.js';
import { XtalInputError } from '../../src/errors.js';
import { projectPath, sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const fixturePath = (name: string): string => projectPath('test/fixtures/structures', name);
const fixture = (name: string): string => readFileSync(fixturePath(name), 'utf8');

// Written by pandas 1.5 (DataFrame.to_json) from pymatgen Structure.as_dict(): MgO rock salt a = 4.2 Å and
// wurtzite GaN (a = 3.19, c = 5.19: V = sqrt(3)/2 a^2 c = 45.738 Å^3), index 10 and 11.
for (const layout of ['split', 'columns', 'index', 'records'] as const) {
  test(`pandas "${layout}" JSON table with a pymatgen structure column`, () => {
    const value = JSON.parse(fixture(`matminer_table_${layout}.json`));
    assert.equal(jsonTable(value)?.layout, layout);
    const items = readJsonTableValue(value, { file: `t.${layout}.json` });
    assert.deepEqual(
      items.map((i) => i.id),
      ['mp-1265', 'mp-804'],
    );
    assert.ok(Math.abs(items[0].structure!.volume - 4.2 ** 3) < 1e-9);
    assert.ok(Math.abs(items[1].structure!.volume - (Math.sqrt(3) / 2) * 3.19 ** 2 * 5.19) < 1e-9);
    assert.deepEqual(items[1].properties, { material_id: 'mp-804', formula: 'GaN', K_VRH: 172.5 });
  });
}

test('pandas "table" JSON (schema + records) reads as records', () => {
  const value = JSON.parse(fixture('matminer_table_table.json'));
  const items = readJsonTableValue(value);
  assert.deepEqual(
    items.map((i) => [i.id, i.structure?.numSites, i.properties?.K_VRH]),
    [
      ['mp-1265', 2, 152],
      ['mp-804', 4, 172.5],
    ],
  );
});

test('explicit structure and id columns; a missing column is a clear error', () => {
  const value = JSON.parse(fixture('matminer_table_split.json'));
  const items = readJsonTableValue(value, { structureColumn: 'structure', idColumn: 'formula' });
  assert.deepEqual(
    items.map((i) => i.id),
    ['MgO', 'GaN'],
  );
  assert.throws(() => readJsonTableValue(value, { structureColumn: 'atoms' }), /no column "atoms"/);
});

test('gzip-compressed table: parsing is pure, decompression is separate', () => {
  const text = gunzipSync(readFileSync(fixturePath('matminer_table_split.json.gz'))).toString('utf8');
  const s = readStructureText(text, 'json');
  assert.equal(s.length, 2);
  assert.equal(s[0].properties.id, 'mp-1265');
});

test('a table whose structures are Python repr strings reads like the dicts', () => {
  const a = readStructureText(fixture('table_python_repr.json'), 'json');
  const b = readStructureText(fixture('matminer_table_records.json'), 'json');
  // pandas wrote the dicts with 15 significant digits and repr() with 17: equal to 1e-13.
  assert.equal(a.length, 2);
  a.forEach((s, i) => {
    assert.ok(s.lattice.equals(b[i].lattice, 1e-13));
    assert.deepEqual(
      s.sites.map((x) => x.species),
      b[i].sites.map((x) => x.species),
    );
    s.sites.forEach((x, j) =>
      x.frac.forEach((f, k) => assert.ok(Math.abs(f - b[i].sites[j].frac[k]) < 1e-13)),
    );
    assert.equal(s.properties.id, b[i].properties.id);
  });
});

test('CSV with a CIF column (written by pandas): good rows read, the broken row is an error entry', () => {
  const entries = readStructureEntries(fixture('table_with_cif.csv'), 'csv', { file: 'table_with_cif.csv' });
  assert.deepEqual(
    entries.map((e) => e.id),
    ['mp-1265', 'broken-1', 'mp-804'],
  );
  assert.ok(Math.abs(entries[0].structure!.volume - 4.2 ** 3) < 1e-6);
  assert.equal(entries[0].properties?.band_gap, 7.8);
  assert.equal(entries[1].properties?.band_gap, null);
  assert.ok(entries[1].error instanceof XtalInputError);
  assert.equal(entries[1].error.file, 'table_with_cif.csv');
  assert.equal(entries[2].structure!.numSites, 4);
  assert.throws(() => readStructureText(fixture('table_with_cif.csv'), 'csv'), XtalInputError);
});

test('JSON that is no structure at all gives one clear error entry', () => {
  const [e] = readStructureEntries('{"a": 1}', 'json', { file: 'x.json' });
  assert.equal(e.id, 'x');
  assert.match(e.error!.message, /x.json: this JSON is neither a pymatgen Structure/);
});

test(
  'real file: matminer elastic_tensor_2015 (split layout, 1,181 rows); each structure equals its POSCAR column',
  { skip: skipUnlessShared('elastic-raw/elastic_tensor_2015.json.gz') },
  async () => {
    const path = sharedDataPath('elastic-raw/elastic_tensor_2015.json.gz')!;
    const raw = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'));
    const poscarCol = raw.columns.indexOf('poscar');
    let n = 0;
    for await (const e of iterateStructures([path])) {
      assert.equal(e.error, undefined, e.error?.message);
      const row = raw.data[n];
      assert.equal(e.id, row[0]);
      assert.equal(e.properties?.K_VRH, row[raw.columns.indexOf('K_VRH')]);
      assert.equal('cif' in e.properties!, false);
      // The table's own volume and nsites columns agree with the structure read from the dict.
      assert.ok(
        Math.abs(e.structure!.volume - (e.properties!.volume as number)) < 1e-6 * e.structure!.volume,
      );
      assert.equal(e.structure!.numSites, e.properties!.nsites);
      if (n % 50 === 0) {
        // Independent check: the POSCAR text of the same row gives the same cell and sites.
        const p = readPoscar(row[poscarCol]);
        assert.ok(p.lattice.equals(e.structure!.lattice, 1e-5));
        assert.equal(p.numSites, e.structure!.numSites);
      }
      n++;
    }
    assert.equal(n, 1181);
  },
);

test(
  'real file: MP binaries 2025 (JSON list of records with a structure dict), 3,953 entries',
  { skip: skipUnlessShared('elastic-raw/mp-binary-pbe-elasticity-2025.1.json.gz') },
  async () => {
    const path = sharedDataPath('elastic-raw/mp-binary-pbe-elasticity-2025.1.json.gz')!;
    let n = 0;
    let first;
    for await (const e of iterateStructures([path])) {
      assert.equal(e.error, undefined, e.error?.message);
      first ??= e;
      n++;
    }
    assert.equal(n, 3953);
    assert.equal(first!.id, 'mp-975512');
    assert.equal(first!.properties?.bulk_modulus_vrh, 53.357);
    assert.equal(first!.structure!.numSites, 4);
  },
);
