/**
 * Space-group table, xyz operations and space-group analysis, checked against the International Tables
 * (group orders, published space groups of well-known prototypes), the operation lists that COD files
 * carry, and the space-group numbers those files declare.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  allSettings,
  applySymOp,
  composeSymOps,
  findSetting,
  initSymmetrySync,
  formatSymOp,
  missingProduct,
  operationsFromHall,
  operationsForSetting,
  operationsForSpaceGroup,
  parseSymOp,
  settingByHallSymbol,
  spaceGroup,
  type SymOp,
} from '../../src/structure/symmetry/index.js';
import { expandSites } from '../../src/structure/io/cif-sites.js';
import { hall_symbol_entry, operations_from_number } from '@spglib/moyo-wasm';
import { readCif } from '../../src/structure/io/cif.js';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

/** Operation key modulo lattice translations. */
function key(op: SymOp): string {
  const t = op.translation.map((x) => {
    const w = x - Math.floor(x);
    return (Math.abs(w - 1) < 1e-9 ? 0 : w).toFixed(6);
  });
  return op.rotation.flat().join(',') + '|' + t.join(',');
}

test('parseSymOp reads the notations found in files', () => {
  const cases: [string, string][] = [
    ['x,y,z', 'x,y,z'],
    ['-x+1/2, y, z+0.25', '-x+1/2,y,z+1/4'],
    ['x-y,x,z+1/2', 'x-y,x,z+1/2'],
    ['1/2+X,-Y,Z', 'x+1/2,-y,z'],
    [' -y+x , +z , -x-1/3 ', 'x-y,z,-x-1/3'],
    ['x, y, z, +1', 'x,y,z'],
    ['\u2212x, y\u22121/2, z', '-x,y-1/2,z'],
  ];
  for (const [text, want] of cases) assert.equal(formatSymOp(parseSymOp(text)), want, text);
  const op = parseSymOp('-y,x-y,z+1/3');
  assert.deepEqual(applySymOp(op, [0.1, 0.2, 0.3]), [-0.2, 0.1 - 0.2, 0.3 + 1 / 3]);
  for (const bad of ['x,y', 'x,y,w', 'x,x,z', '2x,y,z', 'x,y,z/0', 'a,b,c', 'x,,z', 'x+*,y,z']) {
    assert.throws(() => parseSymOp(bad), /./, bad);
  }
});

test('every Hall setting is a group of the order the International Tables give', () => {
  const settings = allSettings();
  assert.equal(settings.length, 530);
  // Orders of the general position in the conventional cell (ITA Vol. A).
  const orders: Record<number, number> = {
    1: 1,
    2: 2,
    14: 4,
    15: 8,
    62: 8,
    69: 32,
    139: 32,
    141: 32,
    166: 36,
    186: 12,
    194: 24,
    221: 48,
    225: 192,
    227: 192,
    229: 96,
    230: 96,
  };
  const numbers = new Set<number>();
  for (const s of settings) {
    numbers.add(s.number);
    const ops = operationsForSetting(s);
    const keys = new Set(ops.map(key));
    assert.equal(keys.size, ops.length, `Hall ${s.hallNumber}: repeated operations`);
    assert.equal(formatSymOp(ops[0]), 'x,y,z');
    // Closure: every product is again an operation (modulo lattice translations).
    for (const a of ops)
      for (const b of ops) assert.ok(keys.has(key(composeSymOps(a, b))), `Hall ${s.hallNumber} not closed`);
    assert.equal(missingProduct(ops), null, `Hall ${s.hallNumber}`);
    // Without its last operation, a group of order > 2 is no longer closed.
    if (ops.length > 2)
      assert.equal(typeof missingProduct(ops.slice(0, -1)), 'string', `Hall ${s.hallNumber}`);
    const want = orders[s.number];
    if (want !== undefined) {
      const expected = s.setting === 'R' ? want / 3 : want;
      assert.equal(ops.length, expected, `Hall ${s.hallNumber} (${s.hmFull} ${s.setting})`);
    }
  }
  assert.equal(numbers.size, 230);
});

test('the committed table matches the moyo database it was generated from', () => {
  initSymmetrySync();
  for (const s of allSettings()) {
    const entry = hall_symbol_entry(s.hallNumber);
    assert.deepEqual(
      [entry.number, entry.hall_symbol, entry.hm_short, entry.hm_full, entry.setting, entry.centering],
      [s.number, s.hallSymbol, s.hmShort, s.hmFull, s.setting, s.centering],
    );
    // moyo stores each rotation column by column: element (i, j) is rotation[3 * j + i].
    const fromMoyo = operations_from_number(s.number, { type: 'HallNumber', value: s.hallNumber }, false).map(
      (op): SymOp => ({
        rotation: [0, 1, 2].map((i) => [0, 1, 2].map((j) => op.rotation[3 * j + i])) as SymOp['rotation'],
        translation: [...op.translation],
      }),
    );
    assert.deepEqual(
      new Set(fromMoyo.map(key)),
      new Set(operationsForSetting(s).map(key)),
      `Hall ${s.hallNumber}`,
    );
  }
});

test('the Hall-symbol parser builds every one of the 530 settings of the table', () => {
  for (const s of allSettings()) {
    const ops = operationsFromHall(s.hallSymbol);
    assert.ok(ops, s.hallSymbol);
    assert.deepEqual(
      new Set(ops.map(key)),
      new Set(operationsForSetting(s).map(key)),
      `Hall ${s.hallNumber} ${s.hallSymbol}`,
    );
  }
  // An origin shift of (3 0 0)/12 moves the inversion centre of P -1 to x = 1/4.
  assert.deepEqual(operationsFromHall('-P 1 (3 0 0)')!.map(formatSymOp).sort(), ['-x+1/2,-y,-z', 'x,y,z']);
  assert.deepEqual(operationsForSpaceGroup('-P 1 (3 0 0)').length, 2);
  for (const bad of ['', 'Q 2', 'P 5', 'P 2q', '-P 3* 2 2 2 2', 'P 2 (1 2)'])
    assert.equal(operationsFromHall(bad), undefined, bad);
});

test('space-group lookup forgives spaces, underscores, suffixes and old symbols', () => {
  const cases: [string | number, number, string?][] = [
    ['P21/c', 14, 'b1'],
    ['P 1 21/c 1', 14, 'b1'],
    ['P 21/n', 14, 'b2'],
    ['P 1 21/n 1', 14, 'b2'],
    ['P2_1/c', 14],
    ['Pnma', 62, ''],
    ['P b n m', 62, 'cab'],
    ['Fm-3m', 225],
    ['F m -3 m', 225],
    ['Fm3m', 225],
    ['Fd-3m', 227, '1'],
    ['F d -3 m :1', 227, '1'],
    ['Fd-3m:2', 227, '2'],
    ['R-3m', 166, 'H'],
    ['R -3 m :H', 166, 'H'],
    ['R -3 m :R', 166, 'R'],
    ['R3m:r', 160, 'R'],
    ['P 63/m m c', 194],
    ['P6_3/mmc', 194],
    ['Cmca', 64],
    ['C m c e', 64],
    ['I 41/a m d :2', 141, '2'],
    ['-P 2ybc', 14, 'b1'],
    ['F 4d 2 3 -1d', 227, '1'],
    [225, 225],
    ['230', 230],
  ];
  for (const [q, number, setting] of cases) {
    const s = findSetting(q);
    assert.ok(s, `${q} not found`);
    assert.equal(s.number, number, String(q));
    if (setting !== undefined) assert.equal(s.setting, setting, String(q));
  }
  assert.equal(findSetting('Q 9 9'), undefined);
  assert.equal(findSetting(231), undefined);
  assert.throws(() => operationsForSpaceGroup('not a group'), /unknown space group/);
  assert.equal(operationsForSpaceGroup('Fm-3m').length, 192);
  assert.equal(settingByHallSymbol('-p  2ybc')?.hallNumber, 81);
});

test('a general position expands to as many sites as the group has operations', () => {
  // A point on no symmetry element of any group: no coordinate, sum or difference is a multiple of 1/24.
  const frac: [number, number, number] = [0.1123, 0.2671, 0.4093];
  for (const s of allSettings()) {
    const ops = operationsForSetting(s);
    const lattice =
      s.crystalSystem === 'hexagonal' || (s.crystalSystem === 'trigonal' && s.setting !== 'R')
        ? Lattice.fromParameters(5, 5, 7, 90, 90, 120)
        : s.setting === 'R'
          ? Lattice.fromParameters(6, 6, 6, 70, 70, 70)
          : s.crystalSystem === 'cubic'
            ? Lattice.cubic(6)
            : Lattice.fromParameters(5, 6, 7, 90, 90, 90);
    const sites = expandSites(lattice, [{ species: { element: 'C', occu: 1 }, frac }], ops, 0.01);
    assert.equal(sites.length, ops.length, `Hall ${s.hallNumber}`);
  }
});

test(
  'the table agrees with the operations COD files list',
  { skip: skipUnlessShared('cgcnn', 'sample-regression') },
  () => {
    const dir = sharedDataPath('cgcnn', 'sample-regression')!;
    let checked = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.cif'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      const hall = /_symmetry_space_group_name_Hall\s+'([^']+)'/.exec(text)?.[1];
      const hm = /_symmetry_space_group_name_H-M\s+'([^']+)'/.exec(text)![1];
      const loop = text.split(/_symmetry_equiv_pos_as_xyz\s*\n/)[1].split(/\n(loop_|_)/)[0];
      const fileOps = loop
        .split('\n')
        .map((l) =>
          l
            .trim()
            .replace(/^\d+\s+/, '')
            .replace(/'/g, ''),
        )
        .filter((l) => l.length > 0)
        .map(parseSymOp);
      const fromHm = new Set(operationsForSetting(findSetting(hm)!).map(key));
      assert.deepEqual(new Set(fileOps.map(key)), fromHm, `${f}: ${hm}`);
      if (hall)
        assert.deepEqual(
          new Set(operationsForSetting(settingByHallSymbol(hall)!).map(key)),
          fromHm,
          `${f}: ${hall}`,
        );
      checked++;
    }
    assert.equal(checked, 10);
  },
);

function prototype(
  lattice: Lattice,
  atoms: [string, number, number, number][],
  group: string | number,
): Structure {
  const rows = atoms.map(([el, x, y, z]) => ({
    species: { element: el, occu: 1 },
    frac: [x, y, z] as [number, number, number],
  }));
  return new Structure(lattice, expandSites(lattice, rows, operationsForSpaceGroup(group), 0.01));
}

test('spaceGroup finds the published space groups of common prototypes', () => {
  const hex = (a: number, c: number): Lattice => Lattice.fromParameters(a, a, c, 90, 90, 120);
  const cases: [string, Structure, number, string, string][] = [
    [
      'NaCl',
      prototype(
        Lattice.cubic(5.64),
        [
          ['Na', 0, 0, 0],
          ['Cl', 0.5, 0.5, 0.5],
        ],
        225,
      ),
      225,
      'Fm-3m',
      'cubic',
    ],
    [
      'CsCl',
      Structure.fromSpecies(
        Lattice.cubic(4.12),
        ['Cs', 'Cl'],
        [
          [0, 0, 0],
          [0.5, 0.5, 0.5],
        ],
      ),
      221,
      'Pm-3m',
      'cubic',
    ],
    ['Si diamond', prototype(Lattice.cubic(5.43), [['Si', 0, 0, 0]], 'Fd-3m:1'), 227, 'Fd-3m', 'cubic'],
    [
      'ZnS zincblende',
      prototype(
        Lattice.cubic(5.41),
        [
          ['Zn', 0, 0, 0],
          ['S', 0.25, 0.25, 0.25],
        ],
        216,
      ),
      216,
      'F-43m',
      'cubic',
    ],
    ['W bcc', prototype(Lattice.cubic(3.16), [['W', 0, 0, 0]], 229), 229, 'Im-3m', 'cubic'],
    ['Mg hcp', prototype(hex(3.21, 5.21), [['Mg', 1 / 3, 2 / 3, 0.25]], 194), 194, 'P6_3/mmc', 'hexagonal'],
    [
      'ZnO wurtzite',
      prototype(
        hex(3.25, 5.21),
        [
          ['Zn', 1 / 3, 2 / 3, 0],
          ['O', 1 / 3, 2 / 3, 0.382],
        ],
        186,
      ),
      186,
      'P6_3mc',
      'hexagonal',
    ],
    [
      'TiO2 rutile',
      prototype(
        Lattice.fromParameters(4.59, 4.59, 2.96, 90, 90, 90),
        [
          ['Ti', 0, 0, 0],
          ['O', 0.305, 0.305, 0],
        ],
        136,
      ),
      136,
      'P4_2/mnm',
      'tetragonal',
    ],
    [
      'Al2O3 corundum',
      prototype(
        hex(4.76, 12.99),
        [
          ['Al', 0, 0, 0.352],
          ['O', 0.306, 0, 0.25],
        ],
        'R-3c',
      ),
      167,
      'R-3c',
      'trigonal',
    ],
    [
      'Bi rhombohedral axes',
      prototype(
        Lattice.fromParameters(4.75, 4.75, 4.75, 57.2, 57.2, 57.2),
        [['Bi', 0.234, 0.234, 0.234]],
        'R-3m:R',
      ),
      166,
      'R-3m',
      'trigonal',
    ],
  ];
  for (const [name, s, number, symbol, system] of cases) {
    const sg = spaceGroup(s);
    assert.equal(sg.number, number, name);
    assert.equal(sg.symbol, symbol, name);
    assert.equal(sg.crystalSystem, system, name);
    assert.equal(findSetting(sg.number)!.number, number);
  }
  // Si: 8 atoms in the conventional cell; SrTiO3-like positions in P1 still give Pm-3m.
  assert.equal(prototype(Lattice.cubic(5.43), [['Si', 0, 0, 0]], 'Fd-3m:1').numSites, 8);
});

test('spaceGroup treats each species-occupancy set as its own atom type', () => {
  const lattice = Lattice.cubic(5.64);
  const base = prototype(
    lattice,
    [
      ['Na', 0, 0, 0],
      ['Cl', 0.5, 0.5, 0.5],
    ],
    225,
  );
  const mixed = (all: boolean): Structure =>
    new Structure(
      lattice,
      base.sites.map((s, i) =>
        s.species[0].element === 'Na' && (all || i === 0)
          ? {
              ...s,
              species: [
                { element: 'Na', occu: 0.5 },
                { element: 'K', occu: 0.5 },
              ],
            }
          : s,
      ),
    );
  assert.equal(spaceGroup(mixed(true)).number, 225);
  assert.equal(spaceGroup(mixed(false)).number, 221); // one cation site of four differs: simple cubic
  assert.equal(spaceGroup(base).number, 225);
});

test(
  'COD files: readCif + spaceGroup give the space group the file declares',
  { skip: skipUnlessShared('cgcnn', 'sample-classification') },
  () => {
    const dir = sharedDataPath('cgcnn', 'sample-classification')!;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.cif'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      const declared = Number(/_space_group_IT_number\s+(\d+)/.exec(text)![1]);
      assert.equal(spaceGroup(readCif(text, { file: f })[0]).number, declared, f);
    }
  },
);
