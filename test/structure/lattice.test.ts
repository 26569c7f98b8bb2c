import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lattice } from '../../src/structure/lattice.js';

test('lattice parameters round-trip through the matrix (triclinic)', () => {
  const lat = Lattice.fromParameters(5.1, 6.2, 7.3, 81, 97, 103);
  const p = lat.parameters;
  assert.ok(Math.abs(p.a - 5.1) < 1e-12 && Math.abs(p.b - 6.2) < 1e-12 && Math.abs(p.c - 7.3) < 1e-12);
  assert.ok(
    Math.abs(p.alpha - 81) < 1e-10 && Math.abs(p.beta - 97) < 1e-10 && Math.abs(p.gamma - 103) < 1e-10,
  );
});

test('volume of a hexagonal cell equals sqrt(3)/2 a^2 c', () => {
  const lat = Lattice.fromParameters(2.5, 2.5, 4.1, 90, 90, 120);
  assert.ok(Math.abs(lat.volume - (Math.sqrt(3) / 2) * 2.5 * 2.5 * 4.1) < 1e-10);
});

test('fractional and Cartesian conversions are inverse', () => {
  const lat = Lattice.fromParameters(4, 5, 6, 70, 80, 95);
  const f: [number, number, number] = [0.13, -0.4, 1.7];
  const back = lat.toFractional(lat.toCartesian(f));
  f.forEach((x, i) => assert.ok(Math.abs(x - back[i]) < 1e-12));
});

test('reciprocal lattice satisfies a_i . b_j = 2 pi delta_ij', () => {
  const lat = Lattice.fromParameters(4, 5, 6, 70, 80, 95);
  const r = lat.reciprocal;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      const d = lat.matrix[i].reduce((s, x, k) => s + x * r[j][k], 0);
      assert.ok(Math.abs(d - (i === j ? 2 * Math.PI : 0)) < 1e-10);
    }
});

test('invalid angles are rejected with a message naming them', () => {
  assert.throws(() => Lattice.fromParameters(1, 1, 1, 10, 10, 170), /angles/);
  assert.throws(() => Lattice.fromParameters(-1, 1, 1, 90, 90, 90), /positive/);
});
