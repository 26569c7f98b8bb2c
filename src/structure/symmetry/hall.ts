/**
 * Space groups from Hall symbols (Hall 1981, Acta Cryst. A37, 517; International Tables Vol. B,
 * section 1.4, Tables A1.4.2.1-A1.4.2.7): "[-]L N[A][T] ... (V)", e.g. "-P 2ybc", "F 4d 2 3 -1d",
 * "P 61 2 (0 0 5)". The generators (lattice centring, inversion, rotations with their axis and
 * translation symbols) are closed into the full group of the conventional cell. Used when a file gives a
 * Hall symbol that is not spelled as in xtal's table; the table itself is checked against this parser.
 */
import type { Mat3, Vec3 } from '../lattice.js';
import { formatSymOp, type SymOp } from './symop.js';

const CENTRING: Record<string, Vec3[]> = {
  P: [],
  A: [[0, 0.5, 0.5]],
  B: [[0.5, 0, 0.5]],
  C: [[0.5, 0.5, 0]],
  I: [[0.5, 0.5, 0.5]],
  R: [
    [2 / 3, 1 / 3, 1 / 3],
    [1 / 3, 2 / 3, 2 / 3],
  ],
  S: [
    [1 / 3, 1 / 3, 2 / 3],
    [2 / 3, 2 / 3, 1 / 3],
  ],
  T: [
    [1 / 3, 2 / 3, 1 / 3],
    [2 / 3, 1 / 3, 2 / 3],
  ],
  F: [
    [0, 0.5, 0.5],
    [0.5, 0, 0.5],
    [0.5, 0.5, 0],
  ],
};

/** Proper rotations along the principal axes (rows give the new coordinates). */
const ROTATIONS: Record<string, Record<number, number[]>> = {
  x: {
    2: [1, 0, 0, 0, -1, 0, 0, 0, -1],
    3: [1, 0, 0, 0, 0, -1, 0, 1, -1],
    4: [1, 0, 0, 0, 0, -1, 0, 1, 0],
    6: [1, 0, 0, 0, 1, -1, 0, 1, 0],
  },
  y: {
    2: [-1, 0, 0, 0, 1, 0, 0, 0, -1],
    3: [-1, 0, 1, 0, 1, 0, -1, 0, 0],
    4: [0, 0, 1, 0, 1, 0, -1, 0, 0],
    6: [0, 0, 1, 0, 1, 0, -1, 0, 1],
  },
  z: {
    2: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
    3: [0, -1, 0, 1, -1, 0, 0, 0, 1],
    4: [0, -1, 0, 1, 0, 0, 0, 0, 1],
    6: [1, -1, 0, 1, 0, 0, 0, 0, 1],
  },
};

/** Twofold rotations along face diagonals, relative to the preceding (principal) axis: ' and ". */
const DIAGONAL: Record<string, Record<string, number[]>> = {
  x: { "'": [-1, 0, 0, 0, 0, -1, 0, -1, 0], '"': [-1, 0, 0, 0, 0, 1, 0, 1, 0] },
  y: { "'": [0, 0, -1, 0, -1, 0, -1, 0, 0], '"': [0, 0, 1, 0, -1, 0, 1, 0, 0] },
  z: { "'": [0, -1, 0, -1, 0, 0, 0, 0, -1], '"': [0, 1, 0, 1, 0, 0, 0, 0, -1] },
};

const BODY_DIAGONAL_3 = [0, 0, 1, 1, 0, 0, 0, 1, 0];

const TRANSLATION: Record<string, Vec3> = {
  a: [0.5, 0, 0],
  b: [0, 0.5, 0],
  c: [0, 0, 0.5],
  n: [0.5, 0.5, 0.5],
  u: [0.25, 0, 0],
  v: [0, 0.25, 0],
  w: [0, 0, 0.25],
  d: [0.25, 0.25, 0.25],
};

const AXIS_INDEX: Record<string, number> = { x: 0, y: 1, z: 2 };

function mat(flat: number[], sign = 1): Mat3 {
  return [
    [sign * flat[0], sign * flat[1], sign * flat[2]],
    [sign * flat[3], sign * flat[4], sign * flat[5]],
    [sign * flat[6], sign * flat[7], sign * flat[8]],
  ];
}

function mod1(x: number): number {
  const y = x - Math.floor(x);
  return y > 1 - 1e-9 ? 0 : y < 1e-9 ? 0 : y;
}

function key(op: SymOp): string {
  return op.rotation.flat().join(',') + '|' + op.translation.map((t) => Math.round(mod1(t) * 1728)).join(',');
}

function compose(a: SymOp, b: SymOp): SymOp {
  const r = a.rotation;
  const rb = b.rotation;
  const rotation = [0, 1, 2].map((i) =>
    [0, 1, 2].map((j) => r[i][0] * rb[0][j] + r[i][1] * rb[1][j] + r[i][2] * rb[2][j]),
  ) as Mat3;
  const t = b.translation;
  const translation = [0, 1, 2].map((i) =>
    mod1(r[i][0] * t[0] + r[i][1] * t[1] + r[i][2] * t[2] + a.translation[i]),
  ) as Vec3;
  return { rotation, translation };
}

/**
 * The operations of the group a Hall symbol names (conventional cell, centring included, translations
 * in [0, 1)), identity first; undefined when the symbol cannot be read.
 */
export function operationsFromHall(symbol: string): SymOp[] | undefined {
  let text = symbol.trim().replace(/\s+/g, ' ');
  // Change of basis: an origin shift "(0 0 1)" in twelfths. Other forms are not supported.
  let shift: Vec3 = [0, 0, 0];
  const m = /^(.*?)\s*\(\s*(-?\d+)\s+(-?\d+)\s+(-?\d+)\s*\)$/.exec(text);
  if (m) {
    text = m[1];
    shift = [Number(m[2]) / 12, Number(m[3]) / 12, Number(m[4]) / 12];
  } else if (text.includes('(')) {
    return undefined;
  }
  const parts = text.split(' ');
  const lat = /^(-?)([PABCIRSTF])$/i.exec(parts[0]);
  if (!lat) return undefined;
  const generators: SymOp[] = [];
  for (const c of CENTRING[lat[2].toUpperCase()]) {
    generators.push({ rotation: mat([1, 0, 0, 0, 1, 0, 0, 0, 1]), translation: [...c] as Vec3 });
  }
  if (lat[1] === '-')
    generators.push({ rotation: mat([1, 0, 0, 0, 1, 0, 0, 0, 1], -1), translation: [0, 0, 0] });
  let prevOrder = 0;
  let prevAxis = 'z';
  const symbols = parts.slice(1);
  if (symbols.length === 0 || symbols.length > 4) return undefined;
  for (let i = 0; i < symbols.length; i++) {
    const sm = /^(-?)([12346])([1-5]?)([xyz'"=*]?)([abcnuvwd]*)$/i.exec(symbols[i]);
    if (!sm) return undefined;
    const improper = sm[1] === '-';
    const order = Number(sm[2]);
    const screw = sm[3] ? Number(sm[3]) : 0;
    let axis = sm[4].toLowerCase() === '=' ? '"' : sm[4].toLowerCase();
    const trans = sm[5].toLowerCase();
    if (!axis) {
      if (i === 0) axis = 'z';
      else if (i === 1 && order === 2) axis = prevOrder === 2 || prevOrder === 4 ? 'x' : "'";
      else if (i === 2 && order === 3) axis = '*';
      else if (order === 1) axis = 'z';
      else return undefined;
    }
    let flat: number[];
    if (order === 1) flat = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    else if (axis === '*') {
      if (order !== 3) return undefined;
      flat = BODY_DIAGONAL_3;
    } else if (axis === "'" || axis === '"') {
      if (order !== 2) return undefined;
      flat = DIAGONAL[prevAxis][axis];
    } else flat = ROTATIONS[axis][order];
    const rotation = mat(flat, improper ? -1 : 1);
    const translation: Vec3 = [0, 0, 0];
    for (const ch of trans) {
      const v = TRANSLATION[ch];
      for (let k = 0; k < 3; k++) translation[k] += v[k];
    }
    if (screw) {
      if (!(axis in AXIS_INDEX) || screw >= order) return undefined;
      translation[AXIS_INDEX[axis]] += screw / order;
    }
    generators.push({ rotation, translation });
    if (axis in AXIS_INDEX) prevAxis = axis;
    prevOrder = order;
  }
  // Close the generators into the group (at most 192 operations).
  const identity: SymOp = { rotation: mat([1, 0, 0, 0, 1, 0, 0, 0, 1]), translation: [0, 0, 0] };
  const ops: SymOp[] = [identity];
  const seen = new Set([key(identity)]);
  for (let i = 0; i < ops.length; i++) {
    for (const g of generators) {
      const p = compose(g, ops[i]);
      const k = key(p);
      if (!seen.has(k)) {
        if (ops.length >= 192) return undefined;
        seen.add(k);
        ops.push(p);
      }
    }
  }
  if (shift.some((s) => s !== 0)) {
    // New origin at -V in the old frame: x' = x + V, so (R, t) becomes (R, t + V - R V).
    return ops.map((op) => {
      const r = op.rotation;
      const rv = [0, 1, 2].map((i) => r[i][0] * shift[0] + r[i][1] * shift[1] + r[i][2] * shift[2]);
      return {
        rotation: r,
        translation: [0, 1, 2].map((i) => mod1(op.translation[i] + shift[i] - rv[i])) as Vec3,
      };
    });
  }
  return ops;
}

/** xyz strings of a Hall symbol's operations (for messages and tests). */
export function hallOperationStrings(symbol: string): string[] | undefined {
  return operationsFromHall(symbol)?.map(formatSymOp);
}
