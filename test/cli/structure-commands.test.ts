import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../helpers/shared-data.js';

const XTAL = projectPath('bin', 'xtal.js');

function xtal(args: string[], cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [XTAL, ...args], {
    encoding: 'utf8',
    cwd,
    env: { ...process.env, CI: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const NACL_POSCAR = `NaCl rock salt
5.64
0 0.5 0.5
0.5 0 0.5
0.5 0.5 0
Na Cl
1 1
Direct
0 0 0
0.5 0.5 0.5
`;

test('info reports formula, volume, density and space group; a bad file is named and the rest still processed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xtal-info-'));
  writeFileSync(join(dir, 'NaCl.vasp'), NACL_POSCAR);
  writeFileSync(join(dir, 'broken.cif'), 'data_x\n_cell_length_a 5.0\n_cell_length_b\n');
  const r = xtal(['info', '--json', dir]);
  assert.equal(r.status, 1, 'non-zero exit when an input failed');
  assert.match(r.stderr, /broken/);
  const rows = JSON.parse(r.stdout);
  assert.equal(rows.length, 1);
  const nacl = rows[0];
  assert.equal(nacl.id, 'NaCl');
  assert.equal(nacl.reducedFormula, 'NaCl');
  assert.equal(nacl.numSites, 2);
  assert.ok(Math.abs(nacl.volumeA3 - 5.64 ** 3 / 4) < 1e-6);
  assert.ok(Math.abs(nacl.densityGcm3 - 2.165) < 0.01);
  assert.deepEqual(nacl.spaceGroup, { number: 225, symbol: 'Fm-3m', crystalSystem: 'cubic' });
});

test('neighbors --json gives the six Cl around Na at a/2 in rock salt, in the documented form', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xtal-nb-'));
  writeFileSync(join(dir, 'NaCl.vasp'), NACL_POSCAR);
  const r = xtal(['neighbors', join(dir, 'NaCl.vasp'), '--cutoff', '3.0', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['sites']);
  assert.equal(out.sites.length, 2);
  const na = out.sites[0];
  assert.deepEqual(Object.keys(na).sort(), ['index', 'neighbors', 'species']);
  assert.deepEqual(na.species, { Na: 1 });
  assert.equal(na.neighbors.length, 6);
  for (const n of na.neighbors) {
    assert.deepEqual(Object.keys(n).sort(), ['distance', 'image', 'j']);
    assert.equal(n.j, 1);
    assert.ok(Math.abs(n.distance - 2.82) < 1e-9);
  }
  assert.equal(new Set(na.neighbors.map((n: { image: number[] }) => n.image.join(','))).size, 6);
});

test('convert round-trips a structure through CIF and back to POSCAR; examples write files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xtal-conv-'));
  writeFileSync(join(dir, 'NaCl.vasp'), NACL_POSCAR);
  assert.equal(xtal(['convert', join(dir, 'NaCl.vasp'), join(dir, 'NaCl.cif')]).status, 0);
  assert.equal(xtal(['convert', join(dir, 'NaCl.cif'), join(dir, 'back.vasp')]).status, 0);
  const info = JSON.parse(xtal(['info', '--json', join(dir, 'back.vasp')]).stdout)[0];
  assert.ok(Math.abs(info.volumeA3 - 5.64 ** 3 / 4) < 1e-5);
  assert.equal(info.spaceGroup.number, 225);
  const ex = join(dir, 'examples');
  assert.equal(xtal(['examples', '--out', ex]).status, 0);
  const files = readdirSync(ex);
  assert.ok(files.length >= 40 && files.includes('diamond.cif'));
  assert.match(readFileSync(join(ex, 'diamond.cif'), 'utf8'), /_cell_length_a\s+3\.5668/);
});

test('a missing file and a bad option are clear errors', () => {
  const r = xtal(['info', '/nonexistent/file.cif']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /nonexistent\/file\.cif/);
  const c = xtal(['neighbors', 'x.cif', '--cutoff', 'abc']);
  assert.equal(c.status, 1);
  assert.match(c.stderr, /--cutoff/);
});
