import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import {
  bornStableCubic,
  compliance,
  cubicStiffness,
  elasticSummary,
  mechanicalStability,
  poissonRatio,
  universalAnisotropy,
  voigtReussHill,
  youngsModulusGPa,
} from '../../src/physics/elasticity.js';
import { cholesky, invert, solve, symmetricEigenvalues, type Matrix } from '../../src/physics/linalg.js';
import { assertAbs, assertRel } from './approx.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

// Closed-form cubic VRH (science.md Appendix A, vrh_cubic): an independent route to the Reuss shear modulus.
function vrhCubic(c11: number, c12: number, c44: number): [number, number] {
  const k = (c11 + 2 * c12) / 3;
  const gv = (c11 - c12 + 3 * c44) / 5;
  const gr = (5 * (c11 - c12) * c44) / (4 * c44 + 3 * (c11 - c12));
  return [k, (gv + gr) / 2];
}

function matmul(a: Matrix, b: Matrix): Matrix {
  return a.map((r) => b[0].map((_, j) => r.reduce((s, v, k) => s + v * b[k][j], 0)));
}

// Rotate a Voigt stiffness tensor through the full 4th-rank tensor: C'_ijkl = R_ia R_jb R_kc R_ld C_abcd.
const VOIGT = [
  [0, 5, 4],
  [5, 1, 3],
  [4, 3, 2],
];
function rotateStiffness(c: Matrix, r: Matrix): Matrix {
  const full = (i: number, j: number, k: number, l: number) => c[VOIGT[i][j]][VOIGT[k][l]];
  const out: Matrix = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
  const pairs = [
    [0, 0],
    [1, 1],
    [2, 2],
    [1, 2],
    [0, 2],
    [0, 1],
  ];
  for (let p = 0; p < 6; p++)
    for (let q = 0; q < 6; q++) {
      const [i, j] = pairs[p];
      const [k, l] = pairs[q];
      let s = 0;
      for (let a = 0; a < 3; a++)
        for (let b = 0; b < 3; b++)
          for (let cc = 0; cc < 3; cc++)
            for (let d = 0; d < 3; d++) s += r[i][a] * r[j][b] * r[k][cc] * r[l][d] * full(a, b, cc, d);
      out[p][q] = s;
    }
  return out;
}

function rotation(axis: [number, number, number], angle: number): Matrix {
  const n = Math.hypot(...axis);
  const [x, y, z] = axis.map((v) => v / n);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  return [
    [t * x * x + c, t * x * y - s * z, t * x * z + s * y],
    [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
    [t * x * z - s * y, t * y * z + s * x, t * z * z + c],
  ];
}

// A triclinic, positive-definite tensor: AᵀA + 50 I with a fixed A.
function triclinic(): Matrix {
  const a: Matrix = [
    [9, 2, -1, 0.5, 1.2, -0.7],
    [1, 8, 2, -0.3, 0.4, 1.1],
    [-2, 1, 10, 0.8, -1.5, 0.2],
    [0.3, -0.6, 1, 6, 0.9, -0.4],
    [1.1, 0.2, -0.8, 0.6, 5, 0.7],
    [-0.5, 0.9, 0.4, -1, 0.3, 7],
  ];
  const c = matmul(
    a[0].map((_, j) => a.map((r) => r[j])),
    a,
  );
  for (let i = 0; i < 6; i++) c[i][i] += 50;
  return c;
}

test('6x6 inverse: C·C⁻¹ = I for a triclinic tensor; singular matrix gives null', () => {
  const c = triclinic();
  const s = invert(c)!;
  const id = matmul(c, s);
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) assertAbs(id[i][j], i === j ? 1 : 0, 1e-12);
  const sing = c.map((r) => r.slice());
  sing[5] = sing[4].slice();
  assert.equal(invert(sing), null);
  const x = solve(c, [1, 2, 3, 4, 5, 6])!;
  const b = c.map((r) => r.reduce((acc, v, k) => acc + v * x[k], 0));
  b.forEach((v, i) => assertAbs(v, i + 1, 1e-10));
});

test('Jacobi eigenvalues match the characteristic values of known matrices; Cholesky reconstructs A', () => {
  // [[2,1],[1,2]] has eigenvalues 1 and 3; a diagonal-plus-rank-one 3x3: 2I + 1·1ᵀ → 2, 2, 5.
  assert.deepEqual(
    symmetricEigenvalues([
      [2, 1],
      [1, 2],
    ]).map((v) => Math.round(v * 1e12) / 1e12),
    [1, 3],
  );
  const ev = symmetricEigenvalues([
    [3, 1, 1],
    [1, 3, 1],
    [1, 1, 3],
  ]);
  [2, 2, 5].forEach((e, i) => assertAbs(ev[i], e, 1e-12));
  const c = triclinic();
  // Sum and product of eigenvalues = trace and determinant (via Cholesky: det = Π L_ii²).
  const eig = symmetricEigenvalues(c);
  const l = cholesky(c)!;
  const trace = c.reduce((s, r, i) => s + r[i], 0);
  assertRel(
    eig.reduce((s, v) => s + v, 0),
    trace,
    1e-12,
  );
  const det = l.reduce((p, r, i) => p * r[i] * r[i], 1);
  assertRel(
    eig.reduce((p, v) => p * v, 1),
    det,
    1e-10,
  );
  const back = matmul(
    l,
    l[0].map((_, j) => l.map((r) => r[j])),
  );
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) assertAbs(back[i][j], c[i][j], 1e-10);
});

// Diamond is left out of the table check: its rounded C_ij (1079/123.3/578) give K = 441.9, while the
// table lists 442.3 (science.md derives the C_ij from B_s = 442 GPa); the closed-form check still covers it.
test('cubic VRH agrees with the closed form and with science.md §4.1 (K, G of four solids)', () => {
  const diamond = voigtReussHill(cubicStiffness(1079, 123.3, 578));
  const [kd, gd] = vrhCubic(1079, 123.3, 578);
  assertRel(diamond.bulkModulusGPa, kd, 1e-12);
  assertRel(diamond.shearModulusGPa, gd, 1e-12);
  const cases: Array<[string, number, number, number, number, number]> = [
    ['Si', 165.7, 63.9, 79.6, 97.8, 66.5],
    ['NaCl', 49.1, 12.8, 12.8, 24.9, 14.7],
    ['MgO', 297, 95.2, 155.7, 162.5, 130.8],
    ['Cu', 168.4, 121.4, 75.4, 137.1, 47.3],
  ];
  for (const [name, c11, c12, c44, k, g] of cases) {
    const vrh = voigtReussHill(cubicStiffness(c11, c12, c44));
    const [kc, gc] = vrhCubic(c11, c12, c44);
    assertRel(vrh.bulkModulusGPa, kc, 1e-12, `${name} K`);
    assertRel(vrh.shearModulusGPa, gc, 1e-12, `${name} G`);
    assertAbs(vrh.bulkModulusGPa, k, 0.05, `${name} K vs table`);
    assertAbs(vrh.shearModulusGPa, g, 0.05, `${name} G vs table`);
    assert.ok(bornStableCubic(c11, c12, c44));
    assert.ok(mechanicalStability(cubicStiffness(c11, c12, c44)).stable);
  }
});

test('isotropic tensor: K_V = K_R = λ + 2μ/3, G = μ, A^U = 0, E and ν recovered', () => {
  const lambda = 80;
  const mu = 50;
  const c = cubicStiffness(lambda + 2 * mu, lambda, mu);
  const vrh = voigtReussHill(c);
  for (const k of [vrh.bulkVoigtGPa, vrh.bulkReussGPa]) assertRel(k, lambda + (2 * mu) / 3, 1e-13);
  for (const g of [vrh.shearVoigtGPa, vrh.shearReussGPa]) assertRel(g, mu, 1e-13);
  assertAbs(universalAnisotropy(vrh), 0, 1e-12);
  // Lamé relations: E = μ(3λ+2μ)/(λ+μ), ν = λ/(2(λ+μ)).
  assertRel(
    youngsModulusGPa(vrh.bulkModulusGPa, vrh.shearModulusGPa),
    (mu * (3 * lambda + 2 * mu)) / (lambda + mu),
    1e-13,
  );
  assertRel(poissonRatio(vrh.bulkModulusGPa, vrh.shearModulusGPa), lambda / (2 * (lambda + mu)), 1e-13);
});

test('Voigt and Reuss averages are invariant under rotation of a triclinic tensor; Reuss ≤ Voigt; A^U ≥ 0', () => {
  const c = triclinic();
  const base = voigtReussHill(c);
  assert.ok(base.bulkReussGPa <= base.bulkVoigtGPa && base.shearReussGPa <= base.shearVoigtGPa);
  assert.ok(universalAnisotropy(base) > 0);
  const rc = rotateStiffness(c, rotation([1, 2, 3], 0.7));
  const rot = voigtReussHill(rc);
  assertRel(rot.bulkVoigtGPa, base.bulkVoigtGPa, 1e-12);
  assertRel(rot.bulkReussGPa, base.bulkReussGPa, 1e-12);
  assertRel(rot.shearVoigtGPa, base.shearVoigtGPa, 1e-12);
  assertRel(rot.shearReussGPa, base.shearReussGPa, 1e-12);
  // Eigenvalues of C (in Voigt form) are not rotation invariant, but positive definiteness is.
  assert.ok(mechanicalStability(rc).stable);
});

test('stability: a cubic tensor violating a Born criterion is unstable, and the eigenvalue test agrees', () => {
  const cases: Array<[number, number, number]> = [
    [100, 120, 50], // C11 − C12 < 0
    [100, -60, 50], // C11 + 2C12 < 0
    [100, 50, -5], // C44 < 0
    [100, 50, 30], // stable
  ];
  for (const [c11, c12, c44] of cases) {
    const st = mechanicalStability(cubicStiffness(c11, c12, c44));
    assert.equal(st.stable, bornStableCubic(c11, c12, c44), `${c11}/${c12}/${c44}`);
    // Cubic eigenvalues are C11+2C12, C11−C12 (×2) and C44 (×3).
    const expected = [c11 + 2 * c12, c11 - c12, c11 - c12, c44, c44, c44].sort((a, b) => a - b);
    st.eigenvaluesGPa.forEach((e, i) => assertAbs(e, expected[i], 1e-9));
    assertAbs(st.smallestEigenvalueGPa, expected[0], 1e-9);
  }
});

test('elasticSummary reports asymmetry and uses the symmetric part', () => {
  const c = cubicStiffness(300, 100, 80);
  c[0][1] += 2;
  const s = elasticSummary(c);
  assertRel(s.stability.asymmetry, 2 / 300, 1e-12);
  assertRel(s.bulkVoigtGPa, (900 + 600 + 2) / 9, 1e-12);
  assert.ok(compliance(cubicStiffness(300, 100, 80)) !== null);
});

test(
  'VRH moduli reproduce the Materials Project 2015 elastic dataset (1,181 tensors)',
  { skip: skipUnlessShared('elastic-raw', 'elastic_tensor_2015.json.gz') },
  () => {
    const path = sharedDataPath('elastic-raw', 'elastic_tensor_2015.json.gz')!;
    const d = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as {
      columns: string[];
      data: unknown[][];
    };
    const ix = (name: string) => d.columns.indexOf(name);
    const [iT, iKV, iKR, iGV, iGR] = ['elastic_tensor', 'K_Voigt', 'K_Reuss', 'G_Voigt', 'G_Reuss'].map(ix);
    let n = 0;
    for (const row of d.data) {
      const c = (row[iT] as { data: Matrix }).data;
      const v = voigtReussHill(c);
      const pairs: Array<[number, number]> = [
        [v.bulkVoigtGPa, row[iKV] as number],
        [v.bulkReussGPa, row[iKR] as number],
        [v.shearVoigtGPa, row[iGV] as number],
        [v.shearReussGPa, row[iGR] as number],
      ];
      for (const [a, b] of pairs)
        assert.ok(Math.abs(a - b) <= 1e-3 * Math.max(Math.abs(b), 1), `${row[0]}: ${a} vs ${b}`);
      n++;
    }
    assert.equal(n, 1181);
  },
);
