import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iterateStructures, UniqueIds } from '../../src/structure/io/iterate.js';
import { readCgcnnDataset, readDatasetTable } from '../../src/structure/io/dataset.js';
import type { StructureEntry } from '../../src/structure/io/entry.js';
import { writeStructure } from '../../src/structure/io/convert.js';
import { writeCif } from '../../src/structure/io/cif.js';
import { writeExtxyzFrames } from '../../src/structure/io/xyz.js';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { XtalInputError } from '../../src/errors.js';
import { projectPath, sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

let root = '';
const cubic = (el: string, a: number): Structure =>
  Structure.fromSpecies(Lattice.cubic(a), [el], [[0, 0, 0]], { properties: { id: `${el}-cubic` } });

async function collect(inputs: string[], options = {}): Promise<StructureEntry[]> {
  const out: StructureEntry[] = [];
  for await (const e of iterateStructures(inputs, { cwd: root, ...options })) out.push(e);
  return out;
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'xtal-io-'));
  const d = join(root, 'mixed');
  mkdirSync(join(d, 'sub'), { recursive: true });
  copyFileSync(projectPath('test/fixtures/structures/POSCAR_NaCl_vasp5'), join(d, 'POSCAR_NaCl'));
  writeFileSync(join(d, 'sub', 'frames.extxyz'), writeExtxyzFrames([cubic('Cu', 3.6), cubic('Al', 4.05)]));
  writeFileSync(
    join(d, 'two.cif'),
    writeCif(cubic('Po', 3.35), { dataName: 'Po' }) + writeCif(cubic('Fe', 2.87), { dataName: 'Fe' }),
  );
  writeFileSync(join(d, 'broken.cif'), 'data_x\n_cell_length_a 3\nloop_\n_atom_site_label\n');
  writeFileSync(join(d, 'notes.txt'), 'not a structure\n');
  writeFileSync(join(d, '.hidden.cif'), 'junk');
  writeFileSync(join(d, 'W.json'), writeStructure(cubic('W', 3.16), 'json'));
  // CGCNN folder: id_prop.csv without header, <id>.cif, atom_init.json; one id without a file.
  const c = join(root, 'cgcnn');
  mkdirSync(c);
  writeFileSync(join(c, 'id_prop.csv'), '1001,0.5\n1002,1.5\n1003,2.5\n');
  writeFileSync(join(c, '1001.cif'), writeCif(cubic('Na', 4.23)));
  writeFileSync(join(c, '1002.cif'), writeCif(cubic('K', 5.23)));
  writeFileSync(join(c, 'atom_init.json'), '{}');
  // A table of ids with targets and a cifs/ folder; one id without a file, one row too short.
  const t = join(root, 'table');
  mkdirSync(join(t, 'cifs'), { recursive: true });
  writeFileSync(
    join(t, 'targets.csv'),
    'material_id,K_VRH_GPa,fold\nmp-13,182.5,4\nmp-2,160.4,0\nmp-404,1,1\nmp-9\n',
  );
  writeFileSync(join(t, 'cifs', 'mp-13.cif'), writeCif(cubic('Fe', 2.87)));
  writeFileSync(join(t, 'cifs', 'mp-2.cif'), writeCif(cubic('Pd', 3.89)));
});
after(() => rmSync(root, { recursive: true, force: true }));

test('a folder: recursive, sorted, known extensions only, one entry per structure, bad files become entries', async () => {
  const entries = await collect(['mixed']);
  assert.deepEqual(
    entries.map((e) => e.id),
    ['POSCAR_NaCl', 'W', 'broken', 'frames#1', 'frames#2', 'two#1', 'two#2'],
  );
  assert.deepEqual(
    entries.map((e) => e.source),
    [
      'mixed/POSCAR_NaCl',
      'mixed/W.json',
      'mixed/broken.cif',
      'mixed/sub/frames.extxyz#1',
      'mixed/sub/frames.extxyz#2',
      'mixed/two.cif#1',
      'mixed/two.cif#2',
    ],
  );
  const broken = entries[2];
  assert.ok(broken.error instanceof XtalInputError && broken.error.file === 'mixed/broken.cif');
  assert.equal(broken.structure, undefined);
  assert.equal(entries[4].structure!.sites[0].species[0].element, 'Al');
  assert.equal(entries[6].structure!.sites[0].species[0].element, 'Fe');
  assert.equal(entries[6].structure!.properties.id, 'two#2');
  assert.ok(Math.abs(entries[1].structure!.volume - 3.16 ** 3) < 1e-9);
  for (const e of entries) if (!e.error) assert.equal(e.structure!.properties.id, e.id);
});

test('errors inside the n-th CIF block or XYZ frame name the line in the whole file', async () => {
  const good = writeCif(cubic('Cu', 3.6), { dataName: 'ok' });
  const goodLines = good.split('\n').length - 1;
  const bad =
    'data_bad\n_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 3\n' +
    '_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n' +
    'loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nZz1 0 0 0\n';
  writeFileSync(join(root, 'blocks.cif'), good + good + bad + good);
  const entries = await collect(['blocks.cif']);
  assert.deepEqual(
    entries.map((e) => [e.id, !!e.structure]),
    [
      ['blocks#1', true],
      ['blocks#2', true],
      ['blocks#3', false],
      ['blocks#4', true],
    ],
  );
  // The bad atom line is the 13th line of the third block.
  assert.equal(entries[2].error!.line, 2 * goodLines + 13);
  assert.equal(entries[2].error!.file, 'blocks.cif');

  const frame = (el: string): string => `1\nLattice="3 0 0 0 3 0 0 0 3"\n${el} 0 0 0\n`;
  writeFileSync(join(root, 'frames.xyz'), frame('Cu') + frame('Qq') + frame('Au'));
  const xyz = await collect(['frames.xyz']);
  assert.deepEqual(
    xyz.map((e) => !!e.structure),
    [true, false, true],
  );
  assert.equal(xyz[1].error!.line, 6);
});

test('glob patterns: *, ?, ** and {a,b}', async () => {
  assert.deepEqual(
    (await collect(['mixed/**/*.extxyz'])).map((e) => e.id),
    ['frames#1', 'frames#2'],
  );
  assert.deepEqual(
    (await collect(['mixed/{W,two}.*'])).map((e) => e.id),
    ['W', 'two#1', 'two#2'],
  );
  assert.deepEqual(
    (await collect([join(root, 'mixed', 'POSCAR_????')])).map((e) => e.id),
    ['POSCAR_NaCl'],
  );
  const none = await collect(['mixed/*.nothing']);
  assert.equal(none.length, 1);
  assert.match(none[0].error!.message, /no files match/);
});

test('ids are unique within a run: repeats get ~2, ~3', async () => {
  const entries = await collect(['mixed/W.json', 'mixed/W.json', 'mixed/W.json']);
  assert.deepEqual(
    entries.map((e) => e.id),
    ['W', 'W~2', 'W~3'],
  );
  assert.equal(entries[1].structure!.properties.id, 'W~2');
  const u = new UniqueIds();
  assert.deepEqual(
    ['a', 'a~2', 'a', 'a'].map((x) => u.take(x)),
    ['a', 'a~2', 'a~3', 'a~4'],
  );
});

test('a missing input is an error entry and the run goes on', async () => {
  const entries = await collect(['nope.cif', 'mixed/W.json']);
  assert.equal(entries.length, 2);
  assert.match(entries[0].error!.message, /no such file/);
  assert.ok(entries[1].structure);
});

test('a CGCNN folder: rows of id_prop.csv paired with <id>.cif, targets as properties, missing files reported', async () => {
  const entries = await collect(['cgcnn']);
  assert.deepEqual(
    entries.map((e) => [e.id, e.properties?.target, !!e.structure]),
    [
      ['1001', 0.5, true],
      ['1002', 1.5, true],
      ['1003', 2.5, false],
    ],
  );
  assert.match(entries[2].error!.message, /no structure file for id "1003"/);
  const ds = await readCgcnnDataset(join(root, 'cgcnn'));
  assert.equal(ds.kind, 'cgcnn');
  assert.equal(ds.atomInit, join(root, 'cgcnn', 'atom_init.json'));
  assert.deepEqual(ds.missing, ['1003']);
  assert.deepEqual(ds.columns, ['id', 'target']);
});

test('a table of ids + a cifs/ folder: as a folder, as the CSV itself, and as a description', async () => {
  for (const input of ['table', 'table/targets.csv']) {
    const entries = await collect([input]);
    assert.deepEqual(
      entries.map((e) => e.id),
      ['mp-13', 'mp-2', 'mp-404', 'targets:5'],
      input,
    );
    assert.deepEqual(entries[0].properties, { K_VRH_GPa: 182.5, fold: 4 });
    assert.ok(Math.abs(entries[1].structure!.volume - 3.89 ** 3) < 1e-6);
    assert.match(entries[2].error!.message, /no structure file for id "mp-404"/);
    assert.match(entries[3].error!.message, /targets.csv:5: 1 fields where the header has 3/);
  }
  const ds = await readDatasetTable(join(root, 'table', 'targets.csv'));
  assert.equal(ds.idColumn, 'material_id');
  assert.equal(ds.structureDir, join(root, 'table', 'cifs'));
  assert.deepEqual(ds.missing, ['mp-404']);
  assert.equal(ds.rows.length, 3);
  assert.equal(ds.errors.length, 1);
});

test(
  'real data: the CGCNN sample folder (10 CIFs) and the JARVIS CSV with CIF text',
  {
    skip:
      skipUnlessShared('cgcnn/sample-regression') || skipUnlessShared('superconductors/jarvis-epc/val.csv'),
  },
  async () => {
    const dir = sharedDataPath('cgcnn/sample-regression')!;
    const ids = readFileSync(join(dir, 'id_prop.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(',')[0]);
    const entries = await collect([dir]);
    assert.deepEqual(
      entries.map((e) => e.id),
      ids,
    );
    assert.ok(entries.every((e) => e.structure && typeof e.properties?.target === 'number'));
    const ds = await readCgcnnDataset(dir);
    assert.equal(ds.atomInit, join(dir, 'atom_init.json'));
    const jarvis = await collect([sharedDataPath('superconductors/jarvis-epc/val.csv')!]);
    assert.equal(jarvis.length, 105);
    assert.ok(
      jarvis.every((e) => e.structure && e.id.startsWith('JVASP-') && typeof e.properties?.prop === 'number'),
    );
  },
);

test(
  'real data: elastic-mp targets.csv pairs 4,411 ids with cifs/ and none is missing',
  { skip: skipUnlessShared('elastic-mp/targets.csv') },
  async () => {
    const ds = await readDatasetTable(sharedDataPath('elastic-mp/targets.csv')!);
    assert.equal(ds.rows.length, 4411);
    assert.deepEqual(ds.missing, []);
    assert.equal(ds.idColumn, 'material_id');
    let n = 0;
    for await (const e of iterateStructures([sharedDataPath('elastic-mp')!])) {
      assert.ok(e.structure, e.error?.message);
      assert.equal(e.properties?.nsites, e.structure.numSites);
      if (++n === 25) break;
    }
  },
);

test('a broken count line in the middle of an XYZ file keeps the frames before it', async () => {
  const frame = (el: string): string => `1\nLattice="3 0 0 0 3 0 0 0 3"\n${el} 0 0 0\n`;
  writeFileSync(join(root, 'cut.xyz'), frame('Cu') + 'many\n' + frame('Au'));
  const entries = await collect(['cut.xyz']);
  assert.deepEqual(
    entries.map((e) => [e.id, !!e.structure]),
    [
      ['cut#1', true],
      ['cut#2', false],
    ],
  );
  assert.equal(entries[1].error!.line, 4);
});

test('a CSV whose last quote never closes keeps the rows before it', async () => {
  const cif = writeCif(cubic('Cu', 3.6)).replace(/"/g, '""');
  writeFileSync(join(root, 'cut.csv'), `id,cif\na,"${cif}"\nb,"${cif}"\nc,"unclosed\n`);
  const entries = await collect(['cut.csv']);
  assert.deepEqual(
    entries.map((e) => [e.id, !!e.structure]),
    [
      ['a', true],
      ['b', true],
      ['cut#3', false],
    ],
  );
  assert.match(entries[2].error!.message, /never closed/);
});
