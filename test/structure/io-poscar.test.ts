import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readPoscar, writePoscar } from '../../src/structure/io/poscar.js';
import { XtalInputError } from '../../src/errors.js';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { Rng } from '../../src/engine/random.js';
import { projectPath } from '../helpers/shared-data.js';

const fixture = (name: string): string => readFileSync(projectPath('test/fixtures/structures', name), 'utf8');
const close = (a: number, b: number, tol = 1e-9): boolean => Math.abs(a - b) <= tol;

test('VASP 5 POSCAR: NaCl rock salt, a = 5.64 Å, 4 Na + 4 Cl', () => {
  const s = readPoscar(fixture('POSCAR_NaCl_vasp5'), { file: 'POSCAR_NaCl_vasp5' });
  assert.equal(s.numSites, 8);
  assert.ok(close(s.volume, 5.64 ** 3));
  assert.deepEqual(
    s.sites.map((x) => x.species[0].element),
    ['Na', 'Na', 'Na', 'Na', 'Cl', 'Cl', 'Cl', 'Cl'],
  );
  assert.deepEqual(s.sites[5].frac, [0.5, 0, 0]);
  assert.equal(s.properties.comment, 'NaCl rock salt, conventional cell');
  assert.equal(s.properties.warnings, undefined);
});

test('VASP 4 POSCAR with CRLF, negative scale (target volume), Cartesian positions, species from comment', () => {
  const a = readPoscar(fixture('POSCAR_NaCl_vasp4_cartesian_volume'));
  const b = readPoscar(fixture('POSCAR_NaCl_vasp5'));
  assert.ok(close(a.volume, 179.406144, 1e-9));
  assert.ok(a.lattice.equals(b.lattice, 1e-12));
  a.sites.forEach((site, i) => {
    assert.equal(site.species[0].element, b.sites[i].species[0].element);
    site.frac.forEach((x, k) => assert.ok(close(x, b.sites[i].frac[k], 1e-12), `site ${i} coord ${k}: ${x}`));
  });
});

test('VASP 4 without species anywhere is an error that explains the fix; the species option fixes it', () => {
  const text = fixture('POSCAR_NaCl_vasp4_cartesian_volume').replace('Na Cl', 'rock salt');
  assert.throws(
    () => readPoscar(text, { file: 'x/POSCAR' }),
    (e: unknown) =>
      e instanceof XtalInputError && e.file === 'x/POSCAR' && /VASP 4/.test(e.message) && e.line === 6,
  );
  const s = readPoscar(text, { species: ['K', 'Br'] });
  assert.equal(s.sites[0].species[0].element, 'K');
  assert.equal(s.sites[7].species[0].element, 'Br');
});

test('VASP 4 species from a pymatgen-style formula comment ("Fe2 O3")', () => {
  const text = [
    'Fe2 O3',
    '1',
    '5 0 0',
    '0 5 0',
    '0 0 5',
    '2 3',
    'D',
    '0 0 0',
    '.5 .5 .5',
    '.1 0 0',
    '0 .1 0',
    '0 0 .1',
  ];
  const s = readPoscar(text.join('\n'));
  assert.deepEqual(
    s.sites.map((x) => x.species[0].element),
    ['Fe', 'Fe', 'O', 'O', 'O'],
  );
});

test('VASP 4 species taken from names after the coordinates', () => {
  const text = ['x', '3.0', '1 0 0', '0 1 0', '0 0 1', '1 1', 'D', '0 0 0 Cs', '.5 .5 .5 Cl'].join('\n');
  const s = readPoscar(text);
  assert.deepEqual(
    s.sites.map((x) => x.species[0].element),
    ['Cs', 'Cl'],
  );
});

test('selective dynamics flags are kept and the velocity block is ignored', () => {
  const s = readPoscar(fixture('CONTCAR_Si_selective'));
  assert.equal(s.numSites, 2);
  assert.deepEqual(s.sites[0].properties?.selectiveDynamics, [false, false, false]);
  assert.deepEqual(s.sites[1].properties?.selectiveDynamics, [true, true, false]);
  // fcc primitive cell of a = 5.43 Å: V = a^3 / 4.
  assert.ok(close(s.volume, 5.43 ** 3 / 4, 1e-9));
});

test('three scale factors scale the x, y, z components', () => {
  const s = readPoscar(fixture('POSCAR_three_scales.vasp'));
  assert.deepEqual(s.lattice.matrix, [
    [4.594, 0, 0],
    [0, 4.594, 0],
    [0, 0, 2.959],
  ]);
  assert.equal(s.sites.filter((x) => x.species[0].element === 'O').length, 4);
});

test('Cartesian positions with three scale factors are scaled per component too', () => {
  const text = ['x', '2 3 4', '1 0 0', '0 1 0', '0 0 1', 'Fe', '1', 'Cart', '0.5 0.5 0.5'].join('\n');
  assert.deepEqual(readPoscar(text).sites[0].frac, [0.5, 0.5, 0.5]);
});

test('species names with POTCAR suffixes (Fe_pv, Si/hash) are read as elements', () => {
  const text = ['x', '1', '3 0 0', '0 3 0', '0 0 3', 'Fe_pv  Si/5f2a', '1 1', 'd', '0 0 0', '.5 .5 .5'].join(
    '\n',
  );
  const s = readPoscar(text);
  assert.deepEqual(
    s.sites.map((x) => x.species[0].element),
    ['Fe', 'Si'],
  );
});

test('write then read gives back the structure (grouped by element, selective dynamics kept)', () => {
  const lat = Lattice.fromParameters(4.1, 5.2, 6.3, 80, 95, 110);
  const s = Structure.fromSpecies(
    lat,
    ['O', 'Ti', 'O', 'Ba'],
    [
      [0.1, 0.2, 0.3],
      [0.5, 0.5, 0.5],
      [0.9, 0.123456789012345, 0.7],
      [0, 0, 0],
    ],
  );
  s.sites[1].properties = { selectiveDynamics: [true, false, true] };
  const back = readPoscar(writePoscar(s));
  assert.ok(back.lattice.equals(lat, 1e-13));
  // Expected order: O, O, Ti, Ba (blocks in order of first appearance).
  const want = [s.sites[0], s.sites[2], s.sites[1], s.sites[3]];
  back.sites.forEach((site, i) => {
    assert.equal(site.species[0].element, want[i].species[0].element);
    site.frac.forEach((x, k) => assert.ok(close(x, want[i].frac[k], 1e-15)));
  });
  assert.deepEqual(back.sites[2].properties?.selectiveDynamics, [true, false, true]);
  assert.deepEqual(back.sites[0].properties?.selectiveDynamics, [true, true, true]);
  // A second round trip is the identity on the text.
  assert.equal(writePoscar(back), writePoscar(readPoscar(writePoscar(back))));
});

test('writing a partially occupied site is refused with a clear error', () => {
  const s = Structure.fromSpecies(Lattice.cubic(3), ['Fe'], [[0, 0, 0]]);
  s.sites[0].species = [
    { element: 'Fe', occu: 0.5 },
    { element: 'Ni', occu: 0.5 },
  ];
  assert.throws(() => writePoscar(s), /partially occupied/);
});

const bad: [string, string[], RegExp][] = [
  ['empty file', [''], /empty/],
  ['only blank lines', ['', '   ', ''], /empty/],
  ['truncated header', ['x', '1.0', '1 0 0'], /ends before the lattice vector 2/],
  ['NaN in the lattice', ['x', '1', 'NaN 0 0', '0 1 0', '0 0 1', 'Fe', '1', 'D', '0 0 0'], /not a number/],
  ['huge number', ['x', '1', '1e999 0 0', '0 1 0', '0 0 1', 'Fe', '1', 'D', '0 0 0'], /out of range/],
  ['zero volume', ['x', '1', '1 0 0', '2 0 0', '0 0 1', 'Fe', '1', 'D', '0 0 0'], /coplanar/],
  ['zero scale', ['x', '0', '1 0 0', '0 1 0', '0 0 1', 'Fe', '1', 'D', '0 0 0'], /zero/],
  ['negative count', ['x', '1', '3 0 0', '0 3 0', '0 0 3', 'Fe', '-1', 'D', '0 0 0'], /negative/],
  ['unknown element', ['x', '1', '3 0 0', '0 3 0', '0 0 3', 'Xx', '1', 'D', '0 0 0'], /unknown element "Xx"/],
  ['missing positions', ['x', '1', '3 0 0', '0 3 0', '0 0 3', 'Fe', '3', 'D', '0 0 0'], /promise 3 atoms/],
  ['short position line', ['x', '1', '3 0 0', '0 3 0', '0 0 3', 'Fe', '1', 'D', '0 0'], /three coordinates/],
  ['counts of zero', ['x', '1', '3 0 0', '0 3 0', '0 0 3', 'Fe', '0', 'D'], /add up to zero/],
  ['huge count', ['x', '1', '3 0 0', '0 3 0', '0 0 3', 'Fe', '99999999999', 'D', '0 0 0'], /promise/],
];
for (const [name, lines, re] of bad)
  test(`bad POSCAR: ${name} -> XtalInputError`, () => {
    assert.throws(
      () => readPoscar(lines.join('\n'), { file: 'bad/POSCAR' }),
      (e: unknown) => e instanceof XtalInputError && e.file === 'bad/POSCAR' && re.test(e.message),
    );
  });

test('overlapping atoms are read but flagged in properties.warnings', () => {
  const text = ['x', '1', '3 0 0', '0 3 0', '0 0 3', 'Fe', '2', 'D', '0 0 0', '0.99 0 0'].join('\n');
  const s = readPoscar(text);
  assert.equal(s.numSites, 2);
  assert.ok(s.properties.warnings?.some((w) => /closer than 0.5/.test(w) && /0.03 Å/.test(w)));
});

test('fuzz: mutated POSCARs give a structure with finite coordinates or an XtalInputError, never anything else', () => {
  const seeds = [
    fixture('POSCAR_NaCl_vasp5'),
    fixture('CONTCAR_Si_selective'),
    fixture('POSCAR_three_scales.vasp'),
  ];
  const rng = new Rng(20261124);
  const junk = [
    'NaN',
    '-1',
    '1e308',
    '1e999',
    '0',
    '-0',
    'inf',
    'Xx',
    'T',
    '',
    ' ',
    '\n',
    '99999999',
    '-5',
    'D',
    'C',
  ];
  let ok = 0;
  let errors = 0;
  for (let iter = 0; iter < 1500; iter++) {
    let text = seeds[rng.int(seeds.length)];
    const kind = rng.int(5);
    if (kind === 0) text = text.slice(0, rng.int(text.length));
    else if (kind === 1) {
      const chars = [...text];
      for (let f = 0, n = 1 + rng.int(4); f < n; f++)
        chars[rng.int(chars.length)] = String.fromCharCode(rng.int(128));
      text = chars.join('');
    } else {
      const parts = text.split(/(\s+)/);
      for (let f = 0, n = 1 + rng.int(3); f < n; f++)
        parts[rng.int(parts.length)] = junk[rng.int(junk.length)];
      text = parts.join('');
    }
    try {
      const s = readPoscar(text, { file: 'fuzz' });
      for (const site of s.sites) for (const x of site.frac) assert.ok(Number.isFinite(x));
      for (let i = 0; i < s.numSites; i++) for (const x of s.cartesian(i)) assert.ok(Number.isFinite(x));
      assert.ok(s.volume > 0 && Number.isFinite(s.volume));
      ok++;
    } catch (e) {
      if (!(e instanceof XtalInputError))
        throw new Error(`non-input error for input:\n${text}\n${String(e)}`);
      assert.ok(e.reason.length > 5);
      errors++;
    }
  }
  assert.ok(ok > 50 && errors > 50, `ok ${ok}, errors ${errors}`);
});
