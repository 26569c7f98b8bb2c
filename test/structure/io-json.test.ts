import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  parseSpeciesString,
  readPymatgenJson,
  structureFromPymatgen,
  writePymatgenJson,
} from '../../src/structure/io/pymatgen.js';
import { readOptimade, structureFromOptimade } from '../../src/structure/io/optimade.js';
import { parsePythonLiteral } from '../../src/structure/io/python-literal.js';
import { XtalInputError } from '../../src/errors.js';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { projectPath } from '../helpers/shared-data.js';

const fixture = (name: string): string => readFileSync(projectPath('test/fixtures/structures', name), 'utf8');

test('species strings with charges', () => {
  assert.deepEqual(parseSpeciesString('Fe2+'), { element: 'Fe', oxidationState: 2 });
  assert.deepEqual(parseSpeciesString('O2-'), { element: 'O', oxidationState: -2 });
  assert.deepEqual(parseSpeciesString('Na+'), { element: 'Na', oxidationState: 1 });
  assert.deepEqual(parseSpeciesString('Fe+3'), { element: 'Fe', oxidationState: 3 });
  assert.deepEqual(parseSpeciesString('Mn3.5+'), { element: 'Mn', oxidationState: 3.5 });
  assert.deepEqual(parseSpeciesString('Cu'), { element: 'Cu' });
  assert.equal(parseSpeciesString('Xx2+'), undefined);
  assert.equal(parseSpeciesString('X'), undefined);
});

test('pymatgen dict written by pymatgen: disorder, oxidation states, site properties, Cartesian check', () => {
  const d = JSON.parse(fixture('pymatgen_FeNiO_disordered.json'));
  const s = structureFromPymatgen(d, { file: 'pymatgen_FeNiO_disordered.json' });
  assert.ok(Math.abs(s.volume - d.lattice.volume) < 1e-10);
  assert.deepEqual(s.sites[0].species, [
    { element: 'Fe', occu: 0.5, oxidationState: 2 },
    { element: 'Ni', occu: 0.5, oxidationState: 2 },
  ]);
  assert.deepEqual(s.sites[2].species, [{ element: 'Co', occu: 0.9 }]);
  assert.equal(s.isOrdered, false);
  // pymatgen's own Cartesian coordinates agree with lattice x abc.
  d.sites.forEach((site: { xyz: number[] }, i: number) =>
    s.cartesian(i).forEach((x, k) => assert.ok(Math.abs(x - site.xyz[k]) < 1e-12)),
  );
  assert.deepEqual(s.sites[2].properties, { magmom: 1.1 });
});

test('a JSON list of pymatgen dicts', () => {
  const list = readPymatgenJson(fixture('pymatgen_list.json'));
  assert.equal(list.length, 2);
  assert.ok(Math.abs(list[1].volume - 4.2 ** 3) < 1e-9);
});

test('Structure.toJSON() reads back to the same structure (round trip)', () => {
  const s = Structure.fromSpecies(
    Lattice.fromParameters(3, 4, 5, 80, 90, 100),
    ['Li', 'Co', 'O'],
    [
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.25, 0.75, 0.1],
    ],
    { properties: { id: 'x1', energyEV: -3.5 } },
  );
  s.sites[0].species = [
    { element: 'Li', occu: 0.75, oxidationState: 1 },
    { element: 'Na', occu: 0.25, oxidationState: 1 },
  ];
  s.sites[1].label = 'Co_a';
  s.sites[2].properties = { magmom: [0, 0, 1] };
  const back = readPymatgenJson(writePymatgenJson(s))[0];
  assert.deepEqual(back.toJSON(), s.toJSON());
});

test('species written as strings or element->occupancy maps', () => {
  const d = {
    lattice: {
      matrix: [
        [3, 0, 0],
        [0, 3, 0],
        [0, 0, 3],
      ],
    },
    sites: [
      { species: 'Fe2+', abc: [0, 0, 0] },
      { species: { Ni: 0.5, Cu: 0.5 }, xyz: [1.5, 1.5, 1.5] },
    ],
  };
  const s = structureFromPymatgen(d);
  assert.deepEqual(s.sites[0].species, [{ element: 'Fe', occu: 1, oxidationState: 2 }]);
  assert.deepEqual(s.sites[1].frac, [0.5, 0.5, 0.5]);
  assert.equal(s.sites[1].species.length, 2);
});

const badDicts: [string, unknown, RegExp][] = [
  ['a Molecule', { '@class': 'Molecule', sites: [] }, /not a periodic Structure/],
  ['no lattice', { '@class': 'Structure', sites: [] }, /lattice.matrix/],
  [
    'dummy species',
    {
      lattice: {
        matrix: [
          [3, 0, 0],
          [0, 3, 0],
          [0, 0, 3],
        ],
      },
      sites: [{ species: [{ element: 'X0+', occu: 1 }], abc: [0, 0, 0] }],
    },
    /dummy/,
  ],
  [
    'no coordinates',
    {
      lattice: {
        matrix: [
          [3, 0, 0],
          [0, 3, 0],
          [0, 0, 3],
        ],
      },
      sites: [{ species: 'Fe' }],
    },
    /abc/,
  ],
  [
    '2-D pbc',
    {
      lattice: {
        matrix: [
          [3, 0, 0],
          [0, 3, 0],
          [0, 0, 3],
        ],
        pbc: [true, true, false],
      },
      sites: [],
    },
    /3-D periodic/,
  ],
  [
    'zero sites',
    {
      lattice: {
        matrix: [
          [3, 0, 0],
          [0, 3, 0],
          [0, 0, 3],
        ],
      },
      sites: [],
    },
    /no sites/,
  ],
];
for (const [name, d, re] of badDicts)
  test(`bad pymatgen dict: ${name}`, () => {
    assert.throws(
      () => structureFromPymatgen(d, { file: 'f.json' }),
      (e: unknown) => e instanceof XtalInputError && re.test(e.message) && e.file === 'f.json',
    );
  });

test('Python literal reader: dict repr with tuples, True/None, nan, numpy calls', () => {
  const v = parsePythonLiteral(
    "{'a': (1, 2.5e-3), 'b': [True, False, None], \"c\": 'it\\'s', 'd': array([1., -2]), 'e': np.float64(3.5), 'f': nan}",
  ) as Record<string, unknown>;
  assert.deepEqual(v.a, [1, 0.0025]);
  assert.deepEqual(v.b, [true, false, null]);
  assert.equal(v.c, "it's");
  assert.deepEqual(v.d, [1, -2]);
  assert.equal(v.e, 3.5);
  assert.ok(Number.isNaN(v.f));
  assert.throws(() => parsePythonLiteral("{'a': 1"), XtalInputError);
  assert.throws(() => parsePythonLiteral('[1, 2] x'), /after the value/);
});

test('a pymatgen dict given as its Python repr reads like the JSON dict', () => {
  const d = JSON.parse(fixture('pymatgen_FeNiO_disordered.json'));
  const repr = JSON.stringify(d).replace(/"/g, "'").replace(/true/g, 'True').replace(/null/g, 'None');
  const a = structureFromPymatgen(parsePythonLiteral(repr));
  assert.deepEqual(a.toJSON(), structureFromPymatgen(d).toJSON());
});

test('OPTIMADE response: mixed site with vacancy read, 2-D entry rejected with a clear error', () => {
  const [bto, graphene] = readOptimade(fixture('optimade_response.json'), { file: 'optimade_response.json' });
  assert.equal(bto.id, 'odbx/3.1');
  const s = bto.structure!;
  assert.equal(s.properties.id, 'odbx/3.1');
  assert.deepEqual(s.sites[0].species, [
    { element: 'Sr', occu: 0.5 },
    { element: 'Ba', occu: 0.4 },
  ]);
  assert.equal(s.sites[0].label, 'SrBa');
  assert.deepEqual(s.sites[1].frac, [0.5, 0.5, 0.5]);
  assert.equal(graphene.id, 'graphene-1');
  assert.equal(graphene.structure, undefined);
  assert.ok(graphene.error instanceof XtalInputError);
  assert.match(
    graphene.error.message,
    /optimade_response.json: graphene-1.dimension_types: dimension_types \[1,1,0\]/,
  );
});

test('OPTIMADE single entry without a species list uses element names', () => {
  const s = structureFromOptimade({
    id: 7,
    attributes: {
      lattice_vectors: [
        [3, 0, 0],
        [0, 3, 0],
        [0, 0, 3],
      ],
      cartesian_site_positions: [[0, 0, 0]],
      species_at_sites: ['Po'],
    },
  });
  assert.equal(s.properties.id, '7');
  assert.equal(s.sites[0].species[0].element, 'Po');
  assert.throws(
    () =>
      structureFromOptimade({
        lattice_vectors: [
          [3, 0, 0],
          [0, 3, 0],
          [0, 0, 3],
        ],
        cartesian_site_positions: [[0, 0, 0]],
        species_at_sites: ['A1'],
      }),
    /"A1" at site 1 is not defined/,
  );
});

test('an empty OPTIMADE page is recognised and holds no structures', () => {
  assert.deepEqual(readOptimade('{"data": [], "meta": {"more_data_available": false}}'), []);
});
