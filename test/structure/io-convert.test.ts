import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatFromPath, parseFormatName, sniffFormat } from '../../src/structure/io/format.js';
import {
  idFromPath,
  readStructureEntries,
  readStructureText,
  writeStructure,
} from '../../src/structure/io/convert.js';
import { segmentRegExp } from '../../src/structure/io/glob.js';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { XtalInputError } from '../../src/errors.js';
import { projectPath } from '../helpers/shared-data.js';

const fixture = (name: string): string => readFileSync(projectPath('test/fixtures/structures', name), 'utf8');

test('format from the file name', () => {
  const cases: [string, string | undefined][] = [
    ['POSCAR', 'poscar'],
    ['x/CONTCAR_relaxed', 'poscar'],
    ['POSCAR.gz', 'poscar'],
    ['Si.vasp', 'poscar'],
    ['a.poscar', 'poscar'],
    ['mp-13.cif', 'cif'],
    ['mp-13.CIF', 'cif'],
    ['traj.xyz', 'extxyz'],
    ['traj.extxyz', 'extxyz'],
    ['table.json.gz', 'json'],
    ['data.csv', 'csv'],
    ['readme.txt', undefined],
    ['structure', undefined],
  ];
  for (const [name, want] of cases) assert.equal(formatFromPath(name), want, name);
  assert.equal(parseFormatName('VASP'), 'poscar');
  assert.equal(parseFormatName('xyz'), 'extxyz');
  assert.throws(() => parseFormatName('pdb'), /unknown structure format "pdb"/);
});

test('content sniffing for names that say nothing', () => {
  assert.equal(sniffFormat(fixture('POSCAR_NaCl_vasp5')), 'poscar');
  assert.equal(sniffFormat(fixture('CONTCAR_Si_selective')), 'poscar');
  assert.equal(sniffFormat(fixture('two_frames.extxyz')), 'extxyz');
  assert.equal(sniffFormat(fixture('pymatgen_list.json')), 'json');
  assert.equal(sniffFormat(fixture('optimade_response.json')), 'json');
  assert.equal(sniffFormat(fixture('table_with_cif.csv')), 'csv');
  assert.equal(sniffFormat('# comment\ndata_x\n_cell_length_a 3\n'), 'cif');
  assert.equal(sniffFormat('hello world'), undefined);
  assert.equal(formatFromPath('structure.txt', fixture('POSCAR_NaCl_vasp5')), 'poscar');
});

test('glob segments: *, ?, [..], {a,b}', () => {
  assert.ok(segmentRegExp('*.cif').test('mp-1.cif'));
  assert.ok(!segmentRegExp('*.cif').test('mp-1.cif.gz'));
  assert.ok(segmentRegExp('POSCAR_?').test('POSCAR_1'));
  assert.ok(!segmentRegExp('POSCAR_?').test('POSCAR_12'));
  assert.ok(segmentRegExp('mp-[0-9]*.{cif,vasp}').test('mp-7x.vasp'));
  assert.ok(!segmentRegExp('mp-[!0-9]*').test('mp-7'));
  assert.ok(segmentRegExp('a+b(1).cif').test('a+b(1).cif'));
});

test('ids from paths', () => {
  assert.equal(idFromPath('/a/b/mp-13.cif'), 'mp-13');
  assert.equal(idFromPath('x/table.json.gz'), 'table');
  assert.equal(idFromPath('POSCAR'), 'POSCAR');
  assert.equal(idFromPath('Si.diamond.vasp'), 'Si.diamond');
});

function sample(): Structure {
  const s = Structure.fromSpecies(
    Lattice.fromParameters(3.9, 4.1, 5.7, 88, 93, 118),
    ['Sr', 'Ti', 'O', 'O', 'O'],
    [
      [0.01, 0.02, 0.03],
      [0.5, 0.52, 0.49],
      [0.5, 0.5, 0.0],
      [0.5, 0.0, 0.5],
      [0.0, 0.5, 0.5],
    ],
    { properties: { id: 'SrTiO3-distorted' } },
  );
  return s;
}

for (const format of ['cif', 'poscar', 'extxyz', 'json']) {
  test(`writeStructure(${format}) reads back to the same lattice and sites`, () => {
    const s = sample();
    const text = writeStructure(s, format);
    const [back] = readStructureText(text, format, { file: `x.${format}` });
    // CIF stores cell parameters (orientation is lost) with 8+ decimals: compare parameters and fractions.
    const tol = format === 'cif' ? 1e-6 : 1e-12;
    const p = back.lattice.parameters;
    for (const [k, v] of Object.entries(s.lattice.parameters))
      assert.ok(Math.abs(p[k as keyof typeof p] - v) < tol, `${k}: ${p[k as keyof typeof p]} vs ${v}`);
    assert.equal(back.numSites, s.numSites);
    back.sites.forEach((site, i) => {
      assert.equal(site.species[0].element, s.sites[i].species[0].element);
      site.frac.forEach((x, k) => assert.ok(Math.abs(x - s.sites[i].frac[k]) < tol, `site ${i}`));
    });
    if (format !== 'cif') assert.ok(back.lattice.equals(s.lattice, 1e-12));
  });
}

test('pymatgen JSON keeps disorder and oxidation states; POSCAR and XYZ refuse them', () => {
  const s = sample();
  s.sites[0].species = [
    { element: 'Sr', occu: 0.5, oxidationState: 2 },
    { element: 'Ba', occu: 0.5, oxidationState: 2 },
  ];
  const [back] = readStructureText(writeStructure(s, 'json'), 'json');
  assert.deepEqual(back.sites[0].species, s.sites[0].species);
  assert.throws(() => writeStructure(s, 'poscar'), XtalInputError);
  assert.throws(() => writeStructure(s, 'extxyz'), XtalInputError);
  assert.throws(() => writeStructure(s, 'pdb'), /cannot write format "pdb"/);
});

test('readStructureEntries: ids for single and multi-structure texts; empty text is a clear error', () => {
  const one = readStructureEntries(fixture('POSCAR_NaCl_vasp5'), 'poscar', { file: 'dir/NaCl.vasp' });
  assert.deepEqual(
    one.map((e) => [e.id, e.source]),
    [['NaCl', 'dir/NaCl.vasp']],
  );
  const two = readStructureEntries(fixture('two_frames.extxyz'), undefined, { file: 'frames.xyz' });
  assert.deepEqual(
    two.map((e) => e.id),
    ['frames#1', 'frames#2'],
  );
  for (const fmt of ['poscar', 'extxyz', 'cif', 'json', 'csv']) {
    const [e] = readStructureEntries('', fmt, { file: `empty.${fmt}` });
    assert.ok(e.error instanceof XtalInputError, fmt);
    assert.equal(e.error.file, `empty.${fmt}`);
  }
  const [u] = readStructureEntries('just some words', undefined, { file: 'w.txt' });
  assert.match(u.error!.message, /cannot tell the format/);
});
