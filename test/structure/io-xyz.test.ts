import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseKeyValues, readExtxyz, writeExtxyz, writeExtxyzFrames } from '../../src/structure/io/xyz.js';
import { XtalInputError } from '../../src/errors.js';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { projectPath } from '../helpers/shared-data.js';

const fixture = (name: string): string => readFileSync(projectPath('test/fixtures/structures', name), 'utf8');

test('comment-line parser: quoted values with spaces, escapes, bare flags, spaces around =', () => {
  const kv = parseKeyValues('a=1 b="x y \\"z\\"" c = {1 2} flag d=[T, F] "odd key"=v');
  assert.deepEqual(Object.fromEntries(kv), {
    a: '1',
    b: 'x y "z"',
    c: '{1 2}',
    flag: 'T',
    d: '[T, F]',
    'odd key': 'v',
  });
});

test('two-frame extended XYZ: lattice, Cartesian positions, extra columns and info keys', () => {
  const [si, bto] = readExtxyz(fixture('two_frames.extxyz'), { file: 'two_frames.extxyz' });
  // Diamond Si primitive cell, a = 5.43 Å: V = a^3/4, second atom at (1/4, 1/4, 1/4).
  assert.ok(Math.abs(si.volume - 5.43 ** 3 / 4) < 1e-9);
  si.sites[1].frac.forEach((x) => assert.ok(Math.abs(x - 0.25) < 1e-12));
  assert.deepEqual(si.sites[0].properties, { forces: [0.1, 0, 0], tags: 0 });
  assert.deepEqual(si.sites[1].properties, { forces: [-0.1, 0, 0], tags: 1 });
  assert.equal(si.properties.energy, -10.84);
  assert.equal(si.properties.config_type, 'diamond bulk');
  assert.equal(si.properties.converged, true);
  assert.deepEqual(si.properties.stress, [1.5, 0, 0, 0, 1.5, 0, 0, 0, 1.5]);
  assert.equal(bto.numSites, 3);
  assert.equal(bto.properties.id, 'mp-2998');
  assert.equal(bto.properties.note, 'perovskite, cubic');
  assert.deepEqual(bto.sites[2].frac, [0.5, 0.5, 0]);
});

test('write then read: lattice, sites, per-site columns and scalar properties survive', () => {
  const lat = Lattice.fromParameters(3.1, 4.2, 5.3, 75, 85, 100);
  const s = Structure.fromSpecies(
    lat,
    ['Zn', 'O', 'O'],
    [
      [0.1, 0.2, 0.3],
      [0.4, 0.5, 0.6],
      [0.7, 0.8, 0.9],
    ],
    { properties: { id: '42', energy: -3.25, label: 'a "quoted" word', stress: [1, 2, 3] } },
  );
  s.sites.forEach((site, i) => (site.properties = { magmom: i * 0.5, fixed: [i === 0, false, true] }));
  const text = writeExtxyz(s);
  const [back] = readExtxyz(text);
  assert.ok(back.lattice.equals(lat, 1e-14));
  back.sites.forEach((site, i) => {
    assert.equal(site.species[0].element, s.sites[i].species[0].element);
    site.frac.forEach((x, k) => assert.ok(Math.abs(x - s.sites[i].frac[k]) < 1e-14));
    assert.deepEqual(site.properties, s.sites[i].properties);
  });
  assert.deepEqual(back.properties, s.properties);
  const frames = readExtxyz(writeExtxyzFrames([s, back, s]));
  assert.equal(frames.length, 3);
});

test('Z column instead of species', () => {
  const t = ['1', 'Lattice="3 0 0 0 3 0 0 0 3" Properties=Z:I:1:pos:R:3', '26 0 0 0'].join('\n');
  assert.equal(readExtxyz(t)[0].sites[0].species[0].element, 'Fe');
});

const bad: [string, string, RegExp][] = [
  ['no lattice (molecule)', '1\nwater\nO 0 0 0\n', /no Lattice/],
  ['slab (pbc T T F)', '1\nLattice="3 0 0 0 3 0 0 0 3" pbc="T T F"\nO 0 0 0\n', /periodic in all three/],
  ['truncated frame', '3\nLattice="3 0 0 0 3 0 0 0 3"\nO 0 0 0\n', /promises 3 atoms/],
  ['bad count line', 'two\nLattice="3 0 0 0 3 0 0 0 3"\nO 0 0 0\n', /not a whole number/],
  ['unknown element', '1\nLattice="3 0 0 0 3 0 0 0 3"\nQq 0 0 0\n', /unknown element "Qq"/],
  ['NaN position', '1\nLattice="3 0 0 0 3 0 0 0 3"\nO nan 0 0\n', /not a number/],
  ['flat lattice', '1\nLattice="3 0 0 6 0 0 0 0 3"\nO 0 0 0\n', /coplanar/],
  ['empty file', '\n\n', /empty/],
  ['unterminated quote', '1\nLattice="3 0 0 0 3 0 0 0 3\nO 0 0 0\n', /unterminated/],
];
for (const [name, text, re] of bad)
  test(`bad XYZ: ${name} -> XtalInputError`, () => {
    assert.throws(
      () => readExtxyz(text, { file: 'bad.xyz' }),
      (e: unknown) => e instanceof XtalInputError && e.file === 'bad.xyz' && re.test(e.message),
    );
  });

test('writing a partially occupied site is refused', () => {
  const s = Structure.fromSpecies(Lattice.cubic(3), ['Fe'], [[0, 0, 0]]);
  s.sites[0].species[0].occu = 0.5;
  assert.throws(() => writeExtxyz(s), /partially occupied/);
});
