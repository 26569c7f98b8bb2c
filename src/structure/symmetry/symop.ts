/**
 * Space-group operations in fractional coordinates: x' = R x + t, with R an integer 3x3 matrix
 * (rows give x', y', z') and t a translation. Parses and writes the xyz notation of CIF and the
 * International Tables ("-x+1/2, y, z+0.25", "x-y,x,z+1/2", "1/2+X,-Y,Z").
 */
import type { Mat3, Vec3 } from '../lattice.js';

export interface SymOp {
  /** Integer rotation part; row i gives the i-th new coordinate. */
  rotation: Mat3;
  /** Translation in fractional coordinates. */
  translation: Vec3;
}

/** Thrown for an xyz string that is not a crystallographic operation; callers add file and line. */
export class SymOpSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SymOpSyntaxError';
  }
}

const AXIS: Record<string, number> = { x: 0, y: 1, z: 2 };

/**
 * Parse one operation such as "-x+1/2, y, z+0.25". Accepts spaces, upper case, leading "+", terms in
 * any order, coefficients ("2x", "2*x"), and decimal or fractional translations. A fourth component
 * (time reversal, "+1"/"-1" in magnetic files) is ignored.
 */
export function parseSymOp(text: string): SymOp {
  // Typeset minus signs (U+2212, en dash, hyphen) are read as "-".
  const parts = text
    .replace(/\s+/g, '')
    .replace(/[\u2010\u2013\u2212]/g, '-')
    .toLowerCase()
    .split(',');
  if (parts.length === 4 && /^[+-]?1$/.test(parts[3])) parts.pop();
  if (parts.length !== 3) throw new SymOpSyntaxError(`"${text}" is not an operation of three components`);
  const rotation: Mat3 = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const translation: Vec3 = [0, 0, 0];
  for (let i = 0; i < 3; i++) parseComponent(parts[i], rotation[i], i, translation, text);
  const d = det(rotation);
  if (d !== 1 && d !== -1) {
    throw new SymOpSyntaxError(`"${text}" has a rotation part with determinant ${d}, not ±1`);
  }
  return { rotation, translation };
}

function parseComponent(s: string, row: Vec3, i: number, t: Vec3, text: string): void {
  if (s === '') throw new SymOpSyntaxError(`"${text}" has an empty component`);
  let pos = 0;
  while (pos < s.length) {
    let sign = 1;
    if (s[pos] === '+' || s[pos] === '-') {
      if (s[pos] === '-') sign = -1;
      pos++;
    } else if (pos > 0) {
      throw new SymOpSyntaxError(`"${text}": unexpected "${s[pos]}" in "${s}"`);
    }
    // Optional number: integer, decimal or fraction.
    const m = /^(\d+\.?\d*|\.\d+)(\/(\d+\.?\d*))?/.exec(s.slice(pos));
    let value: number | null = null;
    if (m) {
      value = Number(m[1]);
      if (m[3] !== undefined) {
        const den = Number(m[3]);
        if (den === 0) throw new SymOpSyntaxError(`"${text}": division by zero`);
        value /= den;
      }
      pos += m[0].length;
      if (s[pos] === '*') pos++;
    }
    const axis = AXIS[s[pos]];
    if (axis !== undefined) {
      pos++;
      // "x/2" style is not crystallographic; coefficients must be integers.
      const coef = sign * (value ?? 1);
      if (!Number.isInteger(coef))
        throw new SymOpSyntaxError(`"${text}": non-integer coefficient of ${s[pos - 1]}`);
      row[axis] += coef;
    } else if (value !== null) {
      t[i] += sign * value;
    } else {
      throw new SymOpSyntaxError(`"${text}": cannot read "${s.slice(pos) || s}"`);
    }
  }
}

function det(m: Mat3): number {
  return (
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
  );
}

/** xyz string of an operation, e.g. "-y,x-y,z+1/3" (translations as fractions with denominators ≤ 12). */
export function formatSymOp(op: SymOp): string {
  const names = ['x', 'y', 'z'];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    let s = '';
    for (let j = 0; j < 3; j++) {
      const r = op.rotation[i][j];
      if (r === 0) continue;
      const mag = Math.abs(r) === 1 ? '' : String(Math.abs(r));
      s += (r < 0 ? '-' : s ? '+' : '') + mag + names[j];
    }
    const t = op.translation[i];
    if (t !== 0) s += (t < 0 ? '-' : s ? '+' : '') + formatNumber(Math.abs(t));
    out.push(s || '0');
  }
  return out.join(',');
}

function formatNumber(x: number): string {
  for (const den of [1, 2, 3, 4, 6, 8, 12]) {
    const num = Math.round(x * den);
    if (Math.abs(num / den - x) < 1e-10) return den === 1 ? String(num) : `${num}/${den}`;
  }
  return String(x);
}

/** Apply an operation to fractional coordinates (no wrapping). */
export function applySymOp(op: SymOp, f: ArrayLike<number>): Vec3 {
  const r = op.rotation;
  const t = op.translation;
  return [
    r[0][0] * f[0] + r[0][1] * f[1] + r[0][2] * f[2] + t[0],
    r[1][0] * f[0] + r[1][1] * f[1] + r[1][2] * f[2] + t[1],
    r[2][0] * f[0] + r[2][1] * f[1] + r[2][2] * f[2] + t[2],
  ];
}

/** Composition a∘b (apply b first, then a). */
export function composeSymOps(a: SymOp, b: SymOp): SymOp {
  const rotation = [0, 1, 2].map((i) =>
    [0, 1, 2].map(
      (j) =>
        a.rotation[i][0] * b.rotation[0][j] +
        a.rotation[i][1] * b.rotation[1][j] +
        a.rotation[i][2] * b.rotation[2][j],
    ),
  ) as Mat3;
  const translation = applySymOp({ rotation: a.rotation, translation: a.translation }, b.translation);
  return { rotation, translation };
}

/** The identity operation x,y,z. */
export function identitySymOp(): SymOp {
  return {
    rotation: [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
    translation: [0, 0, 0],
  };
}

/**
 * Integer key of an operation modulo lattice translations, or null when a rotation entry is outside
 * -1..1 or a translation is not a multiple of 1/24 (then no closure check is possible).
 */
function opKey(r: Mat3, t: Vec3): number | null {
  let key = 0;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const x = r[i][j];
      if (x < -1 || x > 1) return null;
      key = key * 3 + (x + 1);
    }
  }
  for (let i = 0; i < 3; i++) {
    const u = t[i] * 24;
    const n = Math.round(u);
    if (Math.abs(u - n) > 1e-6) return null;
    key = key * 24 + (((n % 24) + 24) % 24);
  }
  return key;
}

/**
 * Whether a list of operations is closed under composition modulo lattice translations (a complete
 * space group). Returns the first missing product as an xyz string, null when closed, or undefined when
 * the check does not apply (translations that are not multiples of 1/24).
 */
export function missingProduct(ops: SymOp[]): string | null | undefined {
  const keys = new Set<number>();
  for (const op of ops) {
    const k = opKey(op.rotation, op.translation);
    if (k === null) return undefined;
    keys.add(k);
  }
  const r: Mat3 = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const t: Vec3 = [0, 0, 0];
  for (const a of ops) {
    const ra = a.rotation;
    for (const b of ops) {
      const rb = b.rotation;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) r[i][j] = ra[i][0] * rb[0][j] + ra[i][1] * rb[1][j] + ra[i][2] * rb[2][j];
        t[i] =
          ra[i][0] * b.translation[0] +
          ra[i][1] * b.translation[1] +
          ra[i][2] * b.translation[2] +
          a.translation[i];
      }
      const k = opKey(r, t);
      if (k === null || !keys.has(k)) return formatSymOp({ rotation: r, translation: t });
    }
  }
  return null;
}
