/**
 * Small dense linear algebra for the physics library: matrix inverse by Gauss–Jordan elimination with
 * partial pivoting, Cholesky factorisation, cyclic Jacobi eigenvalues of symmetric matrices, and a linear
 * solve. Matrices are arrays of rows (number[][]); sizes are small (6×6 stiffness tensors, 4×4 normal
 * equations), so clarity beats blocking. Source: Golub & Van Loan, Matrix Computations, 4th ed., §3.2,
 * §4.2, §8.5.
 */

export type Matrix = number[][];

function checkSquare(a: Matrix): number {
  const n = a.length;
  for (const row of a) {
    if (row.length !== n) throw new Error(`matrix must be square, got a row of ${row.length} in ${n}x${n}`);
  }
  return n;
}

function copy(a: Matrix): Matrix {
  return a.map((r) => r.slice());
}

/**
 * Inverse by Gauss–Jordan with partial pivoting. Returns null when the matrix is singular to working
 * precision (a pivot below 1e-13 times the largest absolute entry).
 */
export function invert(a: Matrix): Matrix | null {
  const n = checkSquare(a);
  const m = copy(a);
  const inv: Matrix = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  let scale = 0;
  for (const row of m) for (const v of row) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0) || !Number.isFinite(scale)) return null;
  const tiny = 1e-13 * scale;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
    if (!(Math.abs(m[piv][col]) > tiny)) return null;
    if (piv !== col) {
      [m[piv], m[col]] = [m[col], m[piv]];
      [inv[piv], inv[col]] = [inv[col], inv[piv]];
    }
    const d = m[col][col];
    for (let j = 0; j < n; j++) {
      m[col][j] /= d;
      inv[col][j] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) {
        m[r][j] -= f * m[col][j];
        inv[r][j] -= f * inv[col][j];
      }
    }
  }
  return inv;
}

/** Solve A x = b (Gaussian elimination with partial pivoting); null when A is singular. */
export function solve(a: Matrix, b: number[]): number[] | null {
  const n = checkSquare(a);
  if (b.length !== n) throw new Error(`right-hand side has ${b.length} entries, matrix is ${n}x${n}`);
  const m = copy(a);
  const x = b.slice();
  let scale = 0;
  for (const row of m) for (const v of row) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0) || !Number.isFinite(scale)) return null;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
    if (!(Math.abs(m[piv][col]) > 1e-300)) return null;
    if (piv !== col) {
      [m[piv], m[col]] = [m[col], m[piv]];
      [x[piv], x[col]] = [x[col], x[piv]];
    }
    for (let r = col + 1; r < n; r++) {
      const f = m[r][col] / m[col][col];
      if (f === 0) continue;
      for (let j = col; j < n; j++) m[r][j] -= f * m[col][j];
      x[r] -= f * x[col];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r];
    for (let j = r + 1; j < n; j++) s -= m[r][j] * x[j];
    x[r] = s / m[r][r];
  }
  return x;
}

/** Lower-triangular Cholesky factor L (A = L Lᵀ) of a symmetric matrix, or null if A is not positive definite. */
export function cholesky(a: Matrix): Matrix | null {
  const n = checkSquare(a);
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i][i] = Math.sqrt(s);
      } else {
        l[i][j] = s / l[j][j];
      }
    }
  }
  return l;
}

/** Eigenvalues of a symmetric matrix (ascending) by the cyclic Jacobi method. */
export function symmetricEigenvalues(a: Matrix): number[] {
  const n = checkSquare(a);
  const m = copy(a);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += m[i][i] * m[i][i];
      for (let j = i + 1; j < n; j++) off += m[i][j] * m[i][j];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p][q];
        if (apq === 0) continue;
        const theta = (m[q][q] - m[p][p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k][p];
          const akq = m[k][q];
          m[k][p] = c * akp - s * akq;
          m[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p][k];
          const aqk = m[q][k];
          m[p][k] = c * apk - s * aqk;
          m[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  const ev: number[] = [];
  for (let i = 0; i < n; i++) ev.push(m[i][i]);
  return ev.sort((x, y) => x - y);
}
