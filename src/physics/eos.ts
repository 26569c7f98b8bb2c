/**
 * Equations of state E(V) and their least-squares fit to E(V) points: third-order Birch–Murnaghan
 * (Birch, Phys. Rev. 71, 809 (1947)) and Vinet (Vinet et al., J. Phys.: Condens. Matter 1, 1941 (1989)).
 * Energies in eV, volumes in Å³ (per cell or per atom, consistently), bulk moduli in eV/Å³ internally.
 * The fit starts from a parabola E ≈ aV² + bV + c (V0 = −b/2a, K0 = 2aV0, K0′ = 4) and is refined by
 * Levenberg–Marquardt with Marquardt's diagonal scaling (Moré, LNM 630, 105 (1978)).
 */
import { XtalInputError } from '../errors.js';
import { EV_PER_A3_GPA } from './constants.js';
import { solve } from './linalg.js';

export type EosName = 'vinet' | 'birch-murnaghan';

export interface EosParameters {
  energy0EV: number;
  volume0A3: number;
  /** K0 in eV/Å³ (× 160.2177 for GPa). */
  bulkModulusEVA3: number;
  /** K0′ = dK/dP at P = 0. */
  bulkModulusDerivative: number;
}

/** E(V) in eV. */
export function eosEnergyEV(eos: EosName, p: EosParameters, volumeA3: number): number {
  const { energy0EV: e0, volume0A3: v0, bulkModulusEVA3: b0, bulkModulusDerivative: bp } = p;
  if (eos === 'vinet') {
    // E = E0 + 2K0V0/(K0′−1)² {2 − [5 + 3K0′(η−1) − 3η] exp(−3/2 (K0′−1)(η−1))}, η = (V/V0)^(1/3),
    // rewritten as E0 + 9K0V0 y² h(u) with y = η − 1, u = 3/2 (K0′−1) y, h(u) = [1 − (1+u)e^(−u)]/u²
    // (stable for K0′ → 1 and V → V0).
    const y = Math.cbrt(volumeA3 / v0) - 1;
    const u = 1.5 * (bp - 1) * y;
    return e0 + 9 * b0 * v0 * y * y * vinetH(u);
  }
  // Birch–Murnaghan 3rd order: E = E0 + 9V0K0/16 {[x−1]³K0′ + [x−1]²[6 − 4x]}, x = (V0/V)^(2/3).
  const x = Math.pow(v0 / volumeA3, 2 / 3);
  const d = x - 1;
  return e0 + ((9 * v0 * b0) / 16) * (d * d * d * bp + d * d * (6 - 4 * x));
}

/** h(u) = [1 − (1+u)e^(−u)]/u² = Σ_{k≥2} (−1)^k (k−1)/k! u^(k−2); h(0) = 1/2. */
function vinetH(u: number): number {
  if (Math.abs(u) > 0.1) return (1 - (1 + u) * Math.exp(-u)) / (u * u);
  let term = 1; // u^(k−2)/k! · k! bookkeeping: c_k = (−1)^k (k−1)/k!
  let sum = 0;
  let fact = 2;
  for (let k = 2; k < 22; k++) {
    if (k > 2) fact *= k;
    sum += ((k % 2 === 0 ? 1 : -1) * (k - 1) * term) / fact;
    term *= u;
  }
  return sum;
}

/** P(V) = −dE/dV in eV/Å³. */
export function eosPressureEVA3(eos: EosName, p: EosParameters, volumeA3: number): number {
  const { volume0A3: v0, bulkModulusEVA3: b0, bulkModulusDerivative: bp } = p;
  if (eos === 'vinet') {
    const eta = Math.cbrt(volumeA3 / v0);
    return ((3 * b0 * (1 - eta)) / (eta * eta)) * Math.exp(1.5 * (bp - 1) * (1 - eta));
  }
  const f = (Math.pow(v0 / volumeA3, 2 / 3) - 1) / 2;
  return 3 * b0 * f * Math.pow(1 + 2 * f, 2.5) * (1 + 1.5 * (bp - 4) * f);
}

/** K(V) = −V dP/dV = V d²E/dV² in eV/Å³. */
export function eosBulkModulusEVA3(eos: EosName, p: EosParameters, volumeA3: number): number {
  const { volume0A3: v0, bulkModulusEVA3: b0, bulkModulusDerivative: bp } = p;
  if (eos === 'vinet') {
    const eta = Math.cbrt(volumeA3 / v0);
    const a = 1.5 * (bp - 1);
    return ((b0 * Math.exp(a * (1 - eta))) / (eta * eta)) * (2 - eta + a * eta * (1 - eta));
  }
  const f = (Math.pow(v0 / volumeA3, 2 / 3) - 1) / 2;
  const c = 1.5 * (bp - 4);
  return (
    b0 * Math.pow(1 + 2 * f, 2.5) * ((1 + 2 * f) * (1 + c * f) + 5 * f * (1 + c * f) + c * f * (1 + 2 * f))
  );
}

/** dK/dV in eV/Å⁶ (analytic), for K′(P) = −(V/K)·dK/dV and Grüneisen parameters. */
export function eosBulkModulusVolumeDerivative(eos: EosName, p: EosParameters, volumeA3: number): number {
  const { volume0A3: v0, bulkModulusEVA3: b0, bulkModulusDerivative: bp } = p;
  if (eos === 'vinet') {
    const eta = Math.cbrt(volumeA3 / v0);
    const a = 1.5 * (bp - 1);
    const q = 2 - eta + a * eta * (1 - eta);
    const dq = -1 + a - 2 * a * eta;
    const e = Math.exp(a * (1 - eta));
    const dKdEta = b0 * e * ((-a * q) / (eta * eta) - (2 * q) / (eta * eta * eta) + dq / (eta * eta));
    return (dKdEta * eta) / (3 * volumeA3);
  }
  const f = (Math.pow(v0 / volumeA3, 2 / 3) - 1) / 2;
  const c = 1.5 * (bp - 4);
  const r = (1 + c * f) * (1 + 7 * f) + c * f * (1 + 2 * f);
  const dr = 7 + 2 * c + 18 * c * f;
  const dKdf = b0 * (5 * Math.pow(1 + 2 * f, 1.5) * r + Math.pow(1 + 2 * f, 2.5) * dr);
  return (-dKdf * (1 + 2 * f)) / (3 * volumeA3);
}

export interface EosFit {
  eos: EosName;
  parameters: EosParameters;
  bulkModulusGPa: number;
  /** E_fit − E_data at each point, eV. */
  residualsEV: number[];
  rmsResidualEV: number;
  iterations: number;
  converged: boolean;
  /** The fitted V0 lies outside the sampled volumes (the minimum is extrapolated). */
  minimumOutsideData: boolean;
}

/** Least-squares parabola E = aV² + bV + c through the points. */
export function fitParabola(volumesA3: number[], energiesEV: number[]): [number, number, number] | null {
  const vm = volumesA3.reduce((s, v) => s + v, 0) / volumesA3.length;
  const m = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const r = [0, 0, 0];
  for (let i = 0; i < volumesA3.length; i++) {
    const x = volumesA3[i] - vm;
    const row = [x * x, x, 1];
    for (let j = 0; j < 3; j++) {
      r[j] += row[j] * energiesEV[i];
      for (let k = 0; k < 3; k++) m[j][k] += row[j] * row[k];
    }
  }
  const s = solve(m, r);
  if (!s) return null;
  const [a, bc, cc] = s; // in x = V − vm
  return [a, bc - 2 * a * vm, cc - bc * vm + a * vm * vm];
}

function toParams(x: number[]): EosParameters {
  return { energy0EV: x[0], volume0A3: x[1], bulkModulusEVA3: x[2], bulkModulusDerivative: x[3] };
}

/**
 * Fit an EOS to E(V) points (≥ 5 recommended, ≥ 4 required). Throws XtalInputError (field `energies`) for
 * inconsistent arrays, non-finite values, or data without a minimum (no positive curvature).
 */
export function fitEos(volumesA3: number[], energiesEV: number[], eos: EosName = 'vinet'): EosFit {
  const n = volumesA3.length;
  if (energiesEV.length !== n) {
    throw new XtalInputError(`${n} volumes but ${energiesEV.length} energies`, { field: 'energies' });
  }
  if (n < 4)
    throw new XtalInputError(`an EOS fit needs at least 4 E(V) points, got ${n}`, { field: 'volumes' });
  for (let i = 0; i < n; i++) {
    if (!(volumesA3[i] > 0) || !Number.isFinite(volumesA3[i])) {
      throw new XtalInputError(`volume ${i + 1} is not a positive number: ${volumesA3[i]}`, {
        field: 'volumes',
      });
    }
    if (!Number.isFinite(energiesEV[i])) {
      throw new XtalInputError(`energy ${i + 1} is not a finite number: ${energiesEV[i]}`, {
        field: 'energies',
      });
    }
  }
  const par = fitParabola(volumesA3, energiesEV);
  if (!par || !(par[0] > 0)) {
    throw new XtalInputError('E(V) points have no minimum (the parabola through them is not convex)', {
      field: 'energies',
    });
  }
  const [a, b, c] = par;
  const v0 = -b / (2 * a);
  let x = [c - (b * b) / (4 * a), v0, 2 * a * v0, 4];
  const vmin = Math.min(...volumesA3);
  const vmax = Math.max(...volumesA3);
  const model = (p: number[], v: number) => eosEnergyEV(eos, toParams(p), v);
  const residuals = (p: number[]) => volumesA3.map((v, i) => model(p, v) - energiesEV[i]);
  const cost = (r: number[]) => r.reduce((s, v) => s + v * v, 0);

  let r = residuals(x);
  let f = cost(r);
  let lambda = 1e-3;
  let iterations = 0;
  let converged = false;
  const escale = Math.max(...energiesEV.map(Math.abs), 1);
  for (; iterations < 500; iterations++) {
    // Jacobian: dE/dE0 = 1; the rest by central differences.
    const jac: number[][] = volumesA3.map(() => [1, 0, 0, 0]);
    for (let k = 1; k < 4; k++) {
      const h = 1e-6 * Math.max(Math.abs(x[k]), k === 3 ? 1 : 1e-8);
      const xp = x.slice();
      const xm = x.slice();
      xp[k] += h;
      xm[k] -= h;
      for (let i = 0; i < n; i++) jac[i][k] = (model(xp, volumesA3[i]) - model(xm, volumesA3[i])) / (2 * h);
    }
    const jtj = [0, 1, 2, 3].map((p) =>
      [0, 1, 2, 3].map((q) => jac.reduce((s, row) => s + row[p] * row[q], 0)),
    );
    const jtr = [0, 1, 2, 3].map((p) => jac.reduce((s, row, i) => s + row[p] * r[i], 0));
    let improved = false;
    for (let attempt = 0; attempt < 30; attempt++) {
      const m = jtj.map((row, p) => row.map((v, q) => (p === q ? v * (1 + lambda) + 1e-30 : v)));
      const step = solve(
        m,
        jtr.map((v) => -v),
      );
      if (!step) {
        lambda *= 10;
        continue;
      }
      const xn = x.map((v, k) => v + step[k]);
      if (!(xn[1] > 0) || !(xn[2] > 0)) {
        lambda *= 10;
        continue;
      }
      const rn = residuals(xn);
      const fn = cost(rn);
      if (Number.isFinite(fn) && fn <= f) {
        const small = step.every(
          (s, k) => Math.abs(s) <= 1e-13 * Math.max(Math.abs(xn[k]), k === 0 ? escale : 1e-12),
        );
        const tiny = f - fn <= 1e-28 * escale * escale * n;
        x = xn;
        r = rn;
        f = fn;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
        if (small || tiny) converged = true;
        break;
      }
      lambda *= 10;
    }
    if (!improved) {
      converged = true; // no step can lower the cost: at the (numerical) minimum
      break;
    }
    if (converged) break;
  }
  const parameters = toParams(x);
  return {
    eos,
    parameters,
    bulkModulusGPa: parameters.bulkModulusEVA3 * EV_PER_A3_GPA,
    residualsEV: r,
    rmsResidualEV: Math.sqrt(f / n),
    iterations,
    converged,
    minimumOutsideData: parameters.volume0A3 < vmin || parameters.volume0A3 > vmax,
  };
}

/** EOS parameters from a (predicted) bulk modulus in GPa and an equilibrium volume (for `extrapolated` curves). */
export function eosFromBulkModulus(
  volume0A3: number,
  bulkModulusGPa: number,
  bulkModulusDerivative = 4,
  energy0EV = 0,
): EosParameters {
  return { energy0EV, volume0A3, bulkModulusEVA3: bulkModulusGPa / EV_PER_A3_GPA, bulkModulusDerivative };
}
