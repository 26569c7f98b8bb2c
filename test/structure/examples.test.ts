import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildExample, EXAMPLE_CRYSTALS, exampleById } from '../../src/structure/examples/build.js';
import { Composition, compositionOf } from '../../src/structure/composition.js';
import { neighborList } from '../../src/structure/neighbors.js';
import { spaceGroup } from '../../src/structure/symmetry/index.js';
import { densityGcm3 } from '../../src/structure/density.js';

/** Shortest distance from any site to any other atom (Å). */
function shortestBond(id: string): number {
  const s = buildExample(exampleById(id));
  const nl = neighborList(s, 3.5);
  return Math.min(...nl.distances);
}

test('there are more than 40 examples, all distinct', () => {
  assert.ok(EXAMPLE_CRYSTALS.length >= 40);
  assert.equal(new Set(EXAMPLE_CRYSTALS.map((e) => e.id)).size, EXAMPLE_CRYSTALS.length);
});

test('every example has the composition its formula says and the space group it was built in', () => {
  for (const e of EXAMPLE_CRYSTALS) {
    const s = buildExample(e);
    assert.equal(compositionOf(s).reducedFormula, Composition.parse(e.formula).reducedFormula, e.id);
    assert.equal(spaceGroup(s, { symprec: 1e-3 }).number, e.spaceGroupNumber, `${e.id} space group`);
  }
});

// Published bond lengths (Å) the built structures must reproduce.
const bonds: Array<[string, number, number]> = [
  ['diamond', 1.5445, 0.001],
  ['Si', 2.3517, 0.001],
  ['cBN', 1.5657, 0.001],
  ['NaCl', 2.82, 0.001],
  ['MgO', 2.106, 0.001],
  ['SiC-3C', 1.8878, 0.001],
  ['quartz', 1.6046, 0.005],
  ['Al2O3', 1.855, 0.01],
  ['stishovite', 1.757, 0.01],
  ['WC', 2.197, 0.005],
  ['B13C2', 1.43, 0.01],
  ['Cu', 2.556, 0.001],
  ['Fe', 2.4825, 0.001],
];
test('built crystals reproduce published nearest-neighbour distances', () => {
  for (const [id, d, tol] of bonds) {
    const got = shortestBond(id);
    assert.ok(Math.abs(got - d) <= tol, `${id}: shortest bond ${got.toFixed(4)} Å, expected ${d}`);
  }
});

test('densities agree with handbook values', () => {
  const handbook: Array<[string, number]> = [
    ['diamond', 3.515],
    ['Si', 2.329],
    ['NaCl', 2.165],
    ['Al2O3', 3.98],
    ['Cu', 8.93],
    ['W', 19.25],
    ['WC', 15.6],
  ];
  for (const [id, rho] of handbook) {
    const got = densityGcm3(buildExample(exampleById(id)));
    assert.ok(Math.abs(got - rho) / rho < 0.015, `${id}: ${got.toFixed(3)} g/cm³ vs ${rho}`);
  }
});

test('unknown example ids get an error listing the known ones', () => {
  assert.throws(() => exampleById('unobtainium'), /known: diamond/);
});
