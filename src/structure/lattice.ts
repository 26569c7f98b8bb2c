/**
 * A periodic lattice: three lattice vectors a, b, c as the rows of a 3x3 matrix (Å).
 * Fractional coordinates f map to Cartesian r = f · M (row vector times matrix), as in pymatgen and ASE.
 */

export type Vec3 = [number, number, number];
export type Mat3 = [Vec3, Vec3, Vec3];

const DEG = Math.PI / 180;

export interface LatticeParameters {
  a: number;
  b: number;
  c: number;
  alpha: number;
  beta: number;
  gamma: number;
}

export class Lattice {
  /** Rows are the lattice vectors a, b, c in Å. */
  readonly matrix: Mat3;
  private inv?: Mat3;

  constructor(matrix: ArrayLike<ArrayLike<number>>) {
    if (matrix.length !== 3) throw new Error('lattice matrix must have 3 rows');
    const m = [0, 1, 2].map((i) => {
      const row = matrix[i];
      if (!row || row.length !== 3) throw new Error('lattice matrix must be 3x3');
      return [Number(row[0]), Number(row[1]), Number(row[2])] as Vec3;
    }) as Mat3;
    for (const row of m)
      for (const x of row) if (!Number.isFinite(x)) throw new Error('lattice matrix has a non-finite entry');
    this.matrix = m;
  }

  /**
   * Lattice from lengths (Å) and angles (degrees), with a along x and b in the xy plane
   * (the crystallographic standard orientation).
   */
  static fromParameters(
    a: number,
    b: number,
    c: number,
    alpha: number,
    beta: number,
    gamma: number,
  ): Lattice {
    for (const [name, v] of Object.entries({ a, b, c, alpha, beta, gamma })) {
      if (!Number.isFinite(v)) throw new Error(`lattice parameter ${name} is not a finite number`);
    }
    if (a <= 0 || b <= 0 || c <= 0)
      throw new Error(`lattice lengths must be positive (a=${a}, b=${b}, c=${c})`);
    const ca = Math.cos(alpha * DEG);
    const cb = Math.cos(beta * DEG);
    const cg = Math.cos(gamma * DEG);
    const sg = Math.sin(gamma * DEG);
    if (Math.abs(sg) < 1e-12) throw new Error(`lattice angle gamma=${gamma} makes a degenerate cell`);
    const cx = c * cb;
    const cy = (c * (ca - cb * cg)) / sg;
    const cz2 = c * c - cx * cx - cy * cy;
    if (!(cz2 > 1e-12 * c * c)) {
      throw new Error(`lattice angles alpha=${alpha}, beta=${beta}, gamma=${gamma} do not form a valid cell`);
    }
    return new Lattice([
      [a, 0, 0],
      [b * cg, b * sg, 0],
      [cx, cy, Math.sqrt(cz2)],
    ]);
  }

  static cubic(a: number): Lattice {
    return Lattice.fromParameters(a, a, a, 90, 90, 90);
  }

  get a(): number {
    return norm(this.matrix[0]);
  }
  get b(): number {
    return norm(this.matrix[1]);
  }
  get c(): number {
    return norm(this.matrix[2]);
  }
  get alpha(): number {
    return angleDeg(this.matrix[1], this.matrix[2]);
  }
  get beta(): number {
    return angleDeg(this.matrix[0], this.matrix[2]);
  }
  get gamma(): number {
    return angleDeg(this.matrix[0], this.matrix[1]);
  }

  get parameters(): LatticeParameters {
    return { a: this.a, b: this.b, c: this.c, alpha: this.alpha, beta: this.beta, gamma: this.gamma };
  }

  /** Signed volume (Å³); negative for a left-handed basis. */
  get signedVolume(): number {
    return det3(this.matrix);
  }

  /** Cell volume in Å³. */
  get volume(): number {
    return Math.abs(det3(this.matrix));
  }

  /** Inverse of the matrix: Cartesian r maps to fractional f = r · M⁻¹. */
  get inverse(): Mat3 {
    if (!this.inv) {
      const d = det3(this.matrix);
      if (Math.abs(d) < 1e-12) throw new Error('lattice is singular (zero volume)');
      this.inv = inverse3(this.matrix, d);
    }
    return this.inv;
  }

  /**
   * Reciprocal lattice with the crystallographer's convention (no 2π): rows a*, b*, c* with a·a* = 1.
   * Its row norms are the inverse interplanar spacings 1/d of the (100), (010), (001) planes.
   */
  get reciprocalNo2Pi(): Mat3 {
    const inv = this.inverse;
    return [
      [inv[0][0], inv[1][0], inv[2][0]],
      [inv[0][1], inv[1][1], inv[2][1]],
      [inv[0][2], inv[1][2], inv[2][2]],
    ];
  }

  /** Reciprocal lattice with the physicist's convention (2π factor), in Å⁻¹. */
  get reciprocal(): Mat3 {
    return this.reciprocalNo2Pi.map((r) => r.map((x) => 2 * Math.PI * x)) as Mat3;
  }

  /** Distances between opposite faces of the cell (Å): d_i = V / |b_j × b_k|. */
  get perpendicularWidths(): Vec3 {
    const r = this.reciprocalNo2Pi;
    return [1 / norm(r[0]), 1 / norm(r[1]), 1 / norm(r[2])];
  }

  toCartesian(frac: ArrayLike<number>): Vec3 {
    const m = this.matrix;
    const [x, y, z] = [frac[0], frac[1], frac[2]];
    return [
      x * m[0][0] + y * m[1][0] + z * m[2][0],
      x * m[0][1] + y * m[1][1] + z * m[2][1],
      x * m[0][2] + y * m[1][2] + z * m[2][2],
    ];
  }

  toFractional(cart: ArrayLike<number>): Vec3 {
    const m = this.inverse;
    const [x, y, z] = [cart[0], cart[1], cart[2]];
    return [
      x * m[0][0] + y * m[1][0] + z * m[2][0],
      x * m[0][1] + y * m[1][1] + z * m[2][1],
      x * m[0][2] + y * m[1][2] + z * m[2][2],
    ];
  }

  /** Metric tensor G = M Mᵀ (Å²). */
  get metric(): Mat3 {
    const m = this.matrix;
    const g = [0, 1, 2].map((i) => [0, 1, 2].map((j) => dot(m[i], m[j]))) as Mat3;
    return g;
  }

  /** Scaled copy with the given volume (Å³), shape unchanged. */
  scaledToVolume(volume: number): Lattice {
    const s = Math.cbrt(volume / this.volume);
    return new Lattice(this.matrix.map((r) => r.map((x) => x * s)));
  }

  equals(other: Lattice, tol = 1e-8): boolean {
    return this.matrix.every((r, i) => r.every((x, j) => Math.abs(x - other.matrix[i][j]) <= tol));
  }

  toJSON(): { matrix: Mat3 } & LatticeParameters & { volume: number; pbc: [boolean, boolean, boolean] } {
    return { matrix: this.matrix, pbc: [true, true, true], ...this.parameters, volume: this.volume };
  }
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

export function cross(a: ArrayLike<number>, b: ArrayLike<number>): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function det3(m: Mat3): number {
  return dot(m[0], cross(m[1], m[2]));
}

export function inverse3(m: Mat3, d = det3(m)): Mat3 {
  const c0 = cross(m[1], m[2]);
  const c1 = cross(m[2], m[0]);
  const c2 = cross(m[0], m[1]);
  // Columns of the inverse are the cross products divided by the determinant.
  return [
    [c0[0] / d, c1[0] / d, c2[0] / d],
    [c0[1] / d, c1[1] / d, c2[1] / d],
    [c0[2] / d, c1[2] / d, c2[2] / d],
  ];
}

function angleDeg(u: Vec3, v: Vec3): number {
  const c = dot(u, v) / (norm(u) * norm(v));
  return Math.acos(Math.max(-1, Math.min(1, c))) / DEG;
}
