/**
 * CIF reading and writing on hand-made files (test/fixtures/structures/*.cif): the syntax of CIF 1.1
 * as found in the wild, every way of giving symmetry, disorder, and errors that name file, line and tag.
 * Expected values are published crystal data (cell, Z, bond lengths) and round trips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readCif, writeCif, parseCifNumber } from '../../src/structure/io/cif.js';
import { tokenizeCif, TokenKind } from '../../src/structure/io/cif-tokenizer.js';
import { parseCif } from '../../src/structure/io/cif-parse.js';
import { closePairs } from '../../src/structure/io/cif-sites.js';
import { spaceGroup } from '../../src/structure/symmetry/index.js';
import { XtalInputError } from '../../src/errors.js';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { Rng } from '../../src/engine/random.js';
import { projectPath } from '../helpers/shared-data.js';

function fixture(name: string): string {
  return readFileSync(projectPath('test', 'fixtures', 'structures', name), 'utf8');
}

/** Shortest periodic distance (Å) between sites i and j (checks the 27 nearest images). */
function distance(s: Structure, i: number, j: number): number {
  let best = Infinity;
  const a = s.sites[i].frac;
  const b = s.sites[j].frac;
  for (let x = -1; x <= 1; x++)
    for (let y = -1; y <= 1; y++)
      for (let z = -1; z <= 1; z++) {
        const d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]].map((t) => t - Math.round(t));
        const c = s.lattice.toCartesian([d[0] + x, d[1] + y, d[2] + z]);
        best = Math.min(best, Math.hypot(c[0], c[1], c[2]));
      }
  return best;
}

/** Sorted shortest distances from each site of element A to the nearest site of element B. */
function nearest(s: Structure, a: string, b: string): number[] {
  const out: number[] = [];
  s.sites.forEach((si, i) => {
    if (si.species[0].element !== a) return;
    let best = Infinity;
    s.sites.forEach((sj, j) => {
      if (i !== j && sj.species[0].element === b) best = Math.min(best, distance(s, i, j));
    });
    out.push(best);
  });
  return out.sort((x, y) => x - y);
}

/** Sorted distances (Å) from site i to every image of every site of element el in the 27 nearest cells. */
function shell(s: Structure, i: number, el: string, n: number): number[] {
  const out: number[] = [];
  const a = s.sites[i].frac;
  s.sites.forEach((sj, j) => {
    if (sj.species[0].element !== el) return;
    for (let x = -2; x <= 2; x++)
      for (let y = -2; y <= 2; y++)
        for (let z = -2; z <= 2; z++) {
          if (i === j && x === 0 && y === 0 && z === 0) continue;
          const c = s.lattice.toCartesian([
            sj.frac[0] - a[0] + x,
            sj.frac[1] - a[1] + y,
            sj.frac[2] - a[2] + z,
          ]);
          out.push(Math.hypot(c[0], c[1], c[2]));
        }
  });
  return out.sort((p, q) => p - q).slice(0, n);
}

function count(s: Structure, el: string): number {
  return s.sites.filter((x) => x.species.some((sp) => sp.element === el)).length;
}

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
}

function thrown(fn: () => unknown): XtalInputError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof XtalInputError, `expected XtalInputError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an error');
}

test('tokenizer: quotes close only before whitespace, text fields, comments, missing values, lines', () => {
  const text = [
    "data_x _a 'it's here' _b \"a \"quoted\"word\" # comment 'not a value'",
    '_c',
    ';first line',
    'second; line',
    ';',
    "_d ? _e . _f '?' loop_ _g _h 1 2",
    'LOOP_ _i x DATA_Y',
  ].join('\n');
  const t = tokenizeCif(text);
  const values = t.filter((x) => x.kind === TokenKind.Value).map((x) => x.text);
  assert.deepEqual(values, [
    "it's here",
    'a "quoted"word',
    'first line\nsecond; line',
    '?',
    '.',
    '?',
    '1',
    '2',
    'x',
  ]);
  const d = t.find((x) => x.text === '?' && !x.quoted)!;
  assert.equal(d.missing, true);
  assert.equal(t.find((x) => x.text === '?' && x.quoted)!.missing, false);
  assert.equal(t.find((x) => x.kind === TokenKind.Tag && x.text === '_d')!.line, 6);
  assert.equal(t.filter((x) => x.kind === TokenKind.Loop).length, 2);
  assert.equal(t.at(-1)!.kind, TokenKind.Data);
  assert.equal(t.at(-1)!.text, 'Y');
  assert.equal(thrown(() => tokenizeCif("data_a\n_x 'open\n")).line, 2);
  assert.equal(thrown(() => tokenizeCif('data_a\n_x\n;never closed\n')).line, 3);
});

test('parser: case-insensitive tags, DDLm dots, loops, save frames, broken loops recorded', () => {
  const blocks = parseCif(
    [
      'data_A',
      '_Cell_Length_A 3.0(1)',
      '_atom_site.fract_x 0.1',
      'save_frame',
      '_cell_length_b 9',
      'save_',
      'loop_ _p _q 1 2 3',
      'data_B',
    ].join('\n'),
  );
  assert.equal(blocks.length, 2);
  const [a, b] = blocks;
  assert.equal(a.first('_cell_length_a')!.text, '3.0(1)');
  assert.equal(a.first('_atom_site_fract_x')!.text, '0.1');
  assert.equal(a.has('_cell_length_b'), false);
  assert.equal(a.get('_p')!.length, 1);
  assert.match(a.problemsOf('_q')[0].message, /not a multiple/);
  assert.equal(b.name, 'B');
});

test('numbers: uncertainties dropped, fractions read, junk rejected', () => {
  assert.equal(parseCifNumber('5.62(4)'), 5.62);
  assert.equal(parseCifNumber('-.5'), -0.5);
  assert.equal(parseCifNumber('1.2e-3'), 0.0012);
  assert.equal(parseCifNumber('0.'), 0);
  assert.equal(parseCifNumber('1/3'), 1 / 3);
  assert.equal(parseCifNumber('\u22120.25(3)'), -0.25);
  for (const bad of ['', 'nan', 'NaN', 'Infinity', '0x10', '1.2.3', '(4)', '1/0'])
    assert.ok(Number.isNaN(parseCifNumber(bad)), bad);
});

test('several data blocks: block without atoms skipped, ids, source, oxidation states', () => {
  const structures = readCif(fixture('multi-block.cif'), { file: 'multi-block.cif' });
  assert.equal(structures.length, 2);
  const [nacl, cscl] = structures;
  assert.equal(nacl.properties.id, 'NaCl_rocksalt');
  assert.equal(nacl.properties.source, 'multi-block.cif');
  assert.equal(cscl.properties.id, 'CsCl');
  // Rock salt: Z = 4, a = 5.6402 Å (the save frame's 99 Å is not read), Na-Cl = a/2.
  assert.equal(nacl.numSites, 8);
  close(nacl.lattice.a, 5.6402, 1e-12, 'a');
  assert.equal(count(nacl, 'Na'), 4);
  for (const d of nearest(nacl, 'Na', 'Cl')) close(d, 5.6402 / 2, 1e-9, 'Na-Cl');
  const na = nacl.sites.find((s) => s.species[0].element === 'Na')!;
  assert.deepEqual(na.species, [{ element: 'Na', occu: 1, oxidationState: 1 }]);
  assert.equal(na.label, 'Na1');
  assert.equal(nacl.sites.find((s) => s.species[0].element === 'Cl')!.species[0].oxidationState, -1);
  assert.equal(spaceGroup(nacl).number, 225);
  // CsCl: operations under _space_group_symop_operation_xyz, elements from labels, occupancy 1.
  assert.equal(cscl.numSites, 2);
  assert.deepEqual(
    cscl.sites.map((s) => s.species[0].element),
    ['Cs', 'Cl'],
  );
  assert.equal(spaceGroup(cscl).number, 221);
});

test('line endings (CRLF, CR) and a byte-order mark do not change the result', () => {
  const text = fixture('multi-block.cif');
  const plain = readCif(text);
  for (const variant of [text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r'), '\ufeff' + text]) {
    const s = readCif(variant);
    assert.equal(s.length, plain.length);
    s.forEach((x, i) => {
      assert.equal(x.properties.id, plain[i].properties.id);
      assert.deepEqual(x.sites, plain[i].sites);
    });
  }
  assert.equal(thrown(() => readCif(text.replace(/\n/g, '\r\n').replace("'F -1'", "'F -1"))).line, 21);
});

test('space group from a symbol only: rutile', () => {
  const [s] = readCif(fixture('symbol-only-rutile.cif'));
  assert.equal(s.numSites, 6);
  assert.equal(count(s, 'Ti'), 2);
  assert.equal(spaceGroup(s).number, 136);
  // Ti-O bonds of rutile: 4 x 1.949 Å and 2 x 1.980 Å.
  const ti = s.sites.findIndex((x) => x.species[0].element === 'Ti');
  const d = shell(s, ti, 'O', 6);
  for (const x of d.slice(0, 4)) close(x, 1.9486, 2e-3, 'equatorial Ti-O');
  for (const x of d.slice(4)) close(x, 1.9802, 2e-3, 'apical Ti-O');
  assert.equal(s.sites[ti].species[0].oxidationState, 4);
});

test('space group from a number only: fluorite', () => {
  const [s] = readCif(fixture('number-only-fluorite.cif'));
  assert.equal(s.numSites, 12);
  assert.equal(count(s, 'F'), 8);
  for (const d of nearest(s, 'F', 'Ca')) close(d, (5.4631 * Math.sqrt(3)) / 4, 1e-9, 'Ca-F');
  assert.equal(spaceGroup(s).number, 225);
  assert.equal(s.properties.warnings, undefined);
});

test('hexagonal: wurtzite with 0.3333/0.6667 coordinates', () => {
  const [s] = readCif(fixture('hexagonal-wurtzite.cif'));
  assert.equal(s.numSites, 4);
  assert.equal(spaceGroup(s, { symprec: 1e-5 }).number, 186);
  close(s.sites[0].frac[0], 1 / 3, 1e-12, '1/3 snapped');
  // Zn-O bond along c: u c.
  close(
    nearest(s, 'Zn', 'O')[0],
    Math.min(0.3819 * 5.2069, Math.hypot(3.2495 / Math.sqrt(3), (0.5 - 0.3819) * 5.2069)),
    1e-6,
    'Zn-O',
  );
});

test('rhombohedral: corundum in hexagonal and rhombohedral axes is one crystal', () => {
  const [hex, rho] = readCif(fixture('rhombohedral-corundum.cif'));
  assert.equal(hex.numSites, 30);
  assert.equal(count(hex, 'Al'), 12);
  assert.equal(rho.numSites, 10);
  assert.equal(count(rho, 'O'), 6);
  close(hex.volume / rho.volume, 3, 1e-4, 'volume ratio');
  assert.equal(spaceGroup(hex).number, 167);
  assert.equal(spaceGroup(rho).number, 167);
  // Al-O: 3 x 1.852 and 3 x 1.971 Å in both settings.
  const shells = (s: Structure): number[] => {
    const al = s.sites.findIndex((x) => x.species[0].element === 'Al');
    return shell(s, al, 'O', 6);
  };
  const a = shells(hex);
  const b = shells(rho);
  for (let k = 0; k < 6; k++) close(a[k], b[k], 1e-4, `shell ${k}`);
  close(a[0], 1.852, 5e-3, 'short Al-O');
  close(a[5], 1.971, 5e-3, 'long Al-O');
});

test('partial occupancy: two species on one site, special positions not doubled', () => {
  const [s] = readCif(fixture('disordered-perovskite.cif'));
  assert.equal(s.numSites, 5);
  const a = s.sites.find((x) => x.species.length === 2)!;
  assert.deepEqual(
    a.species.map((sp) => [sp.element, sp.occu, sp.oxidationState]),
    [
      ['Ba', 0.6, 2],
      ['K', 0.4, 1],
    ],
  );
  assert.equal(s.isOrdered, false);
  const o = s.sites.filter((x) => x.species[0].element === 'O');
  assert.equal(o.length, 3);
  for (const x of o) assert.deepEqual(x.species, [{ element: 'O', occu: 1, oxidationState: -2 }]);
  assert.equal(s.properties.warnings, undefined);
  assert.equal(spaceGroup(s).number, 221);
});

test('labels, Cartesian coordinates, deuterium and dummy atoms', () => {
  const [s] = readCif(fixture('labels-cartesian.cif'));
  assert.deepEqual(
    s.sites.map((x) => x.species[0].element),
    ['Fe', 'O', 'O', 'H'],
  );
  assert.deepEqual(
    s.sites.map((x) => x.frac),
    [
      [0, 0, 0],
      [0.5, 0, 0],
      [0, 0.5, 0],
      [0, 0, 0.5],
    ],
  );
  assert.equal(s.sites[1].species[0].oxidationState, undefined); // a label's charge is not trusted
  const w = s.properties.warnings!.join('\n');
  assert.match(w, /D1 read as H/);
  assert.match(w, /dummy atom X1/);
});

test('blocks with only "?" atom sites are skipped; "OH" typed sites are oxygen', () => {
  const structures = readCif(fixture('placeholder-blocks.cif'));
  assert.equal(structures.length, 1);
  const [s] = structures;
  assert.equal(s.properties.id, 'brucite_standardized');
  // Mg on 1a, O on 2d: Mg(OH)2 without its H.
  assert.equal(s.numSites, 3);
  assert.equal(count(s, 'O'), 2);
  assert.equal(spaceGroup(s).number, 164);
  // Mg-O = sqrt((a/sqrt(3))^2 + (z c)^2).
  for (const d of nearest(s, 'Mg', 'O'))
    close(d, Math.hypot(3.147 / Math.sqrt(3), 0.2216 * 4.769), 1e-9, 'Mg-O');
});

test('origin choice not given: the choice that gives fewer sites wins, with a warning', () => {
  const [s] = readCif(fixture('origin-choice-2-diamond.cif'));
  assert.equal(s.numSites, 8);
  for (const d of nearest(s, 'Si', 'Si')) close(d, (5.431 * Math.sqrt(3)) / 4, 1e-9, 'Si-Si');
  assert.match(s.properties.warnings!.join('\n'), /origin choice 2/);
});

const CELL =
  '_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n';

test('bad input: errors name file, line and tag', () => {
  let e = thrown(() =>
    readCif(
      `data_a\n${CELL}loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nZz1 0 0 0\n`,
      { file: 'z.cif' },
    ),
  );
  assert.equal(e.file, 'z.cif');
  assert.equal(e.line, 13);
  assert.equal(e.field, '_atom_site_label');
  assert.match(e.message, /Zz1/);
  e = thrown(() =>
    readCif(
      'data_a\n_cell_length_b 4\nloop_\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_type_symbol\n0 0 0 Fe\n',
    ),
  );
  assert.equal(e.field, '_cell_length_a');
  e = thrown(() => readCif('data_empty\n_journal_year 2001\n', { file: 'empty.cif' }));
  assert.match(e.message, /^empty\.cif: .*no data block holds atom sites/);
  e = thrown(() =>
    readCif(
      `data_a\n${CELL.replace('alpha 90', 'alpha 120').replace('beta 90', 'beta 120').replace('gamma 90', 'gamma 120')}loop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nFe 0 0 0\n`,
    ),
  );
  assert.match(e.message, /do not form a cell|degenerate/);
  e = thrown(() =>
    readCif(
      `data_a\n${CELL}loop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nFe 0 0 0\nO 0.5 0.5\n`,
    ),
  );
  assert.match(e.message, /not a multiple/);
  assert.equal(e.line, 8);
  e = thrown(() =>
    readCif(
      `data_a\n${CELL}loop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'x,y'\nloop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nFe 0 0 0\n`,
    ),
  );
  assert.equal(e.line, 11);
  assert.equal(e.field, '_symmetry_equiv_pos_as_xyz');
  e = thrown(() =>
    readCif(
      `data_a\n${CELL}loop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nFe 0 nan 0\n`,
    ),
  );
  assert.equal(e.field, '_atom_site_fract_y');
  e = thrown(() =>
    readCif(
      `data_a\n${CELL}_space_group_IT_number 999\nloop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nFe 0 0 0\n`,
    ),
  );
  assert.equal(e.field, '_space_group_it_number');
});

test('a Hall symbol outside the table (origin shift) is built from its generators', () => {
  const loop = 'loop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n';
  const [s] = readCif(`data_a\n${CELL}_space_group_name_Hall '-P 1 (3 0 0)'\n${loop}Fe 0.3 0.1 0.2\n`);
  assert.equal(s.numSites, 2);
  const other = s.sites[1].frac;
  [0.2, 0.9, 0.8].forEach((x, k) => close(other[k], x, 1e-12, `image ${k}`));
  assert.equal(s.properties.warnings, undefined);
});

test('magnetic CIF: operations with time reversal, times the centring operations', () => {
  const text = [
    'data_mag',
    CELL.trimEnd(),
    'loop_',
    '_space_group_symop_magn_operation.id',
    '_space_group_symop_magn_operation.xyz',
    '1 x,y,z,+1',
    '2 -x,-y,-z,-1',
    'loop_',
    '_space_group_symop_magn_centering.id',
    '_space_group_symop_magn_centering.xyz',
    '1 x,y,z,+1',
    '2 x+1/2,y+1/2,z+1/2,-1',
    'loop_',
    '_atom_site_label',
    '_atom_site_fract_x',
    '_atom_site_fract_y',
    '_atom_site_fract_z',
    'Fe1 0.1 0.2 0.3',
    'loop_',
    '_atom_site_moment.label',
    '_atom_site_moment.crystalaxis_x',
    '_atom_site_moment.crystalaxis_y',
    '_atom_site_moment.crystalaxis_z',
    'Fe1 0 0 3.0',
  ].join('\n');
  const [s] = readCif(text);
  // x, -x, x + (1/2,1/2,1/2), -x + (1/2,1/2,1/2): four Fe.
  assert.equal(s.numSites, 4);
  assert.equal(s.properties.warnings, undefined);
});

test('an incomplete list of symmetry operations is flagged', () => {
  const text = fixture('multi-block.cif').replace('5 1/2+x,y,1/2+z\n', '');
  const nacl = readCif(text)[0];
  assert.match(
    nacl.properties.warnings!.join('\n'),
    /7 operations of _symmetry_equiv_pos_as_xyz are not a complete space group/,
  );
  assert.equal(readCif(fixture('multi-block.cif'))[0].properties.warnings, undefined);
  // The same list under a symbol whose group has more rotations: also flagged.
  const declared = readCif(fixture('multi-block.cif').replace("'F -1'", "'F m -3 m'"))[0];
  assert.match(declared.properties.warnings!.join('\n'), /has 2 distinct rotations but F m -3 m .* has 48/);
});

test('overlapping atoms and over-full sites are flagged, not passed silently', () => {
  const loop =
    'loop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n';
  const [s] = readCif(
    `data_a\n${CELL}${loop}Fe 0 0 0 1\nO 0.05 0 0 1\nCu 0.5 0.5 0.5 0.8\nZn 0.5 0.5 0.5 0.7\n`,
  );
  const w = s.properties.warnings!.join('\n');
  assert.match(w, /0\.200 Å apart/);
  assert.match(w, /total occupancy 1\.5 > 1/);
  assert.equal(s.numSites, 3);
});

test('close pairs found through the grid agree with a brute-force search over 27 images', () => {
  const rng = new Rng(5);
  const lattice = Lattice.fromParameters(14, 15, 13, 80, 95, 105);
  const sites = Array.from({ length: 400 }, () => ({
    species: [{ element: 'C', occu: 1 }],
    frac: [rng.uniform(), rng.uniform(), rng.uniform()] as [number, number, number],
  }));
  const s = new Structure(lattice, sites);
  const brute: string[] = [];
  for (let i = 0; i < sites.length; i++)
    for (let j = i + 1; j < sites.length; j++) if (distance(s, i, j) < 1.2) brute.push(`${i}-${j}`);
  const found = closePairs(lattice, sites, 1.2, Infinity).map((p) => `${p.i}-${p.j}`);
  assert.ok(brute.length > 20);
  assert.deepEqual(found.sort(), brute.sort());
});

test('images of one site that almost meet get a hint about symprec', () => {
  // x = 0.498 on a mirror at x = 1/2 gives two images 0.016 Å apart in an 4 Å cell.
  const loop = 'loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n';
  const text = `data_a\n${CELL}loop_\n_symmetry_equiv_pos_as_xyz\nx,y,z\n-x,y,z\n${loop}Fe1 0.498 0 0\n`;
  const [s] = readCif(text);
  assert.equal(s.numSites, 2);
  assert.match(s.properties.warnings!.join('\n'), /two symmetry images of site Fe1 are 0\.016 Å apart/);
  assert.equal(readCif(text, { symprec: 0.05 })[0].numSites, 1);
});

function randomStructure(rng: Rng, n: number): Structure {
  const lattice = Lattice.fromParameters(
    rng.range(3, 9),
    rng.range(3, 9),
    rng.range(3, 9),
    rng.range(70, 110),
    rng.range(70, 110),
    rng.range(70, 110),
  );
  const elements = ['Fe', 'O', 'Ba', 'K', 'Si', 'H', 'Cl'];
  const sites = Array.from({ length: n }, (_, i) => {
    const el = elements[rng.int(elements.length)];
    const species =
      i % 3 === 0
        ? [
            { element: el, occu: 0.25 + rng.range(0, 0.25), oxidationState: 2 },
            { element: 'Sr', occu: 0.5 },
          ]
        : [{ element: el, occu: 1 }];
    return {
      species,
      frac: [rng.uniform(), rng.uniform(), rng.uniform()] as [number, number, number],
      label: `${el}${i}`,
    };
  });
  return new Structure(lattice, sites, { id: `random ${n}` });
}

test('round trip: writeCif then readCif gives back the lattice and the sites', () => {
  const rng = new Rng(11);
  const inputs = [
    ...readCif(fixture('disordered-perovskite.cif')),
    ...readCif(fixture('rhombohedral-corundum.cif')),
    ...readCif(fixture('multi-block.cif')),
    randomStructure(rng, 1),
    randomStructure(rng, 7),
    randomStructure(rng, 20),
  ];
  for (const s of inputs) {
    // Random sites can sit close together; the round trip must keep them apart all the same.
    const text = writeCif(s);
    assert.match(text, /_symmetry_space_group_name_H-M {3}'P 1'/);
    const [r] = readCif(text, { symprec: 1e-4 });
    const p = s.lattice.parameters;
    const q = r.lattice.parameters;
    for (const k of ['a', 'b', 'c', 'alpha', 'beta', 'gamma'] as const) close(q[k], p[k], 1e-6, k);
    assert.equal(r.numSites, s.numSites, String(s.properties.id));
    s.sites.forEach((site, i) => {
      const back = r.sites[i];
      for (let k = 0; k < 3; k++) {
        const d = back.frac[k] - site.frac[k];
        close(d - Math.round(d), 0, 1e-6, `site ${i} coordinate ${k}`);
      }
      assert.equal(back.species.length, site.species.length);
      back.species.forEach((sp, k) => {
        assert.equal(sp.element, site.species[k].element);
        assert.equal(sp.oxidationState, site.species[k].oxidationState);
        close(sp.occu, site.species[k].occu, 1e-9, 'occupancy');
      });
      assert.equal(back.label, site.label);
    });
    assert.equal(r.properties.id, String(s.properties.id).replace(/\s+/g, '_'));
  }
  assert.match(writeCif(inputs[0], { dataName: 'my name' }), /^data_my_name$/m);
});
