/**
 * Phonon quasi-harmonic approximation (science.md §4.3; the same steps as phonopy-qha, Togo & Tanaka, Scr.
 * Mater. 108, 1 (2015)): F(V,T) = E_el(V) + F_ph(V,T) + PV, an EOS fit over V at each T gives V(T), G(T) and
 * K_T(T); α(T) = (1/V)dV/dT by finite differences on the temperature grid; C_V and S are interpolated to V(T)
 * by a cubic least-squares polynomial in V; C_P = C_V + T·V·α²·K_T. Inputs are arrays in phonopy's units:
 * free energy kJ/mol, C_V and S in J/(K·mol), "mol" meaning a mole of the phonopy unit cell.
 */
import { XtalInputError } from '../errors.js';
import { AVOGADRO_PER_MOL, A3_M3, EV_PER_A3_GPA, GPA_PA, KJ_PER_MOL_EV } from './constants.js';
import { fitEos, type EosName } from './eos.js';
import { solve } from './linalg.js';

export interface PhononQhaInput {
  /** Cell volumes, Å³ (one per phonon calculation). */
  volumesA3: number[];
  /** Static electronic energies per cell, eV. */
  electronicEnergiesEV: number[];
  temperaturesK: number[];
  /** Phonon Helmholtz free energy per cell, kJ/mol, indexed [volume][temperature] (phonopy thermal_properties). */
  freeEnergyKJMol: number[][];
  /** Phonon C_V per cell, J/(K·mol), [volume][temperature] (optional). */
  heatCapacityJKMol?: number[][];
  /** Phonon entropy per cell, J/(K·mol), [volume][temperature] (optional). */
  entropyJKMol?: number[][];
  pressureGPa?: number;
  eos?: EosName;
}

export interface PhononQhaPoint {
  temperatureK: number;
  volumeA3: number;
  /** Minimum of F + PV per cell, eV. */
  gibbsEnergyEV: number;
  bulkModulusIsothermalGPa: number;
  bulkModulusDerivative: number;
  alphaVolumetricPerK: number;
  /** C_V, C_P and S per cell at V(T), J/(K·mol) (NaN when not given). */
  heatCapacityVJKMol: number;
  heatCapacityPJKMol: number;
  entropyJKMol: number;
  /** Thermodynamic Grüneisen parameter γ = αK_T V/C_V. */
  gruneisen: number;
  outsideData: boolean;
}

export interface PhononQhaResult {
  eos: EosName;
  points: PhononQhaPoint[];
  warnings: string[];
}

function checkTable(t: number[][] | undefined, nV: number, nT: number, field: string): void {
  if (!t) return;
  if (t.length !== nV) throw new XtalInputError(`${t.length} rows for ${nV} volumes`, { field });
  t.forEach((row, i) => {
    if (row.length !== nT) {
      throw new XtalInputError(`volume ${i + 1}: ${row.length} values for ${nT} temperatures`, { field });
    }
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) {
        throw new XtalInputError(`volume ${i + 1}, temperature ${j + 1}: not a finite number (${v})`, {
          field,
        });
      }
    });
  });
}

/** Cubic (or lower, for few points) least-squares polynomial of y(V), evaluated at v. */
function polyAt(xs: number[], ys: number[], v: number): number {
  const n = xs.length;
  const deg = Math.min(3, n - 1);
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const spread = Math.max(...xs.map((x) => Math.abs(x - mean))) || 1;
  const m = Array.from({ length: deg + 1 }, () => new Array<number>(deg + 1).fill(0));
  const r = new Array<number>(deg + 1).fill(0);
  for (let i = 0; i < n; i++) {
    const z = (xs[i] - mean) / spread;
    const pw = Array.from({ length: deg + 1 }, (_, k) => Math.pow(z, k));
    for (let a = 0; a <= deg; a++) {
      r[a] += pw[a] * ys[i];
      for (let b = 0; b <= deg; b++) m[a][b] += pw[a] * pw[b];
    }
  }
  const c = solve(m, r);
  if (!c) return NaN;
  const z = (v - mean) / spread;
  return c.reduce((s, ck, k) => s + ck * Math.pow(z, k), 0);
}

/** dV/dT on a (possibly non-uniform) grid: 3-point central differences inside, one-sided at the ends. */
export function gridDerivative(xs: number[], ys: number[]): number[] {
  const n = xs.length;
  return xs.map((_, i) => {
    if (n < 2) return NaN;
    if (i === 0) return (ys[1] - ys[0]) / (xs[1] - xs[0]);
    if (i === n - 1) return (ys[n - 1] - ys[n - 2]) / (xs[n - 1] - xs[n - 2]);
    const hm = xs[i] - xs[i - 1];
    const hp = xs[i + 1] - xs[i];
    return ((ys[i + 1] - ys[i]) * (hm / hp) + (ys[i] - ys[i - 1]) * (hp / hm)) / (hm + hp);
  });
}

/** Phonon QHA over the temperature grid (science.md §4.3). */
export function phononQha(input: PhononQhaInput): PhononQhaResult {
  const { volumesA3: vs, electronicEnergiesEV: es, temperaturesK: ts } = input;
  const nV = vs.length;
  const nT = ts.length;
  if (es.length !== nV) {
    throw new XtalInputError(`${nV} volumes but ${es.length} electronic energies`, {
      field: 'electronicEnergiesEV',
    });
  }
  if (nV < 4)
    throw new XtalInputError(`phonon QHA needs at least 4 volumes, got ${nV}`, { field: 'volumesA3' });
  for (let j = 1; j < nT; j++) {
    if (!(ts[j] > ts[j - 1]))
      throw new XtalInputError('temperatures must increase', { field: 'temperaturesK' });
  }
  checkTable(input.freeEnergyKJMol, nV, nT, 'freeEnergyKJMol');
  checkTable(input.heatCapacityJKMol, nV, nT, 'heatCapacityJKMol');
  checkTable(input.entropyJKMol, nV, nT, 'entropyJKMol');
  const eos = input.eos ?? 'vinet';
  const pressure = (input.pressureGPa ?? 0) / EV_PER_A3_GPA;
  const warnings: string[] = [];
  const vmin = Math.min(...vs);
  const vmax = Math.max(...vs);

  const volume: number[] = [];
  const gibbs: number[] = [];
  const kT: number[] = [];
  const kp: number[] = [];
  for (let j = 0; j < nT; j++) {
    const g = vs.map((v, i) => es[i] + input.freeEnergyKJMol[i][j] * KJ_PER_MOL_EV + pressure * v);
    try {
      const fit = fitEos(vs, g, eos);
      volume.push(fit.parameters.volume0A3);
      gibbs.push(fit.parameters.energy0EV);
      kT.push(fit.bulkModulusGPa);
      kp.push(fit.parameters.bulkModulusDerivative);
    } catch (err) {
      if (!(err instanceof XtalInputError)) throw err;
      warnings.push(`T = ${ts[j]} K: ${err.reason}`);
      volume.push(NaN);
      gibbs.push(NaN);
      kT.push(NaN);
      kp.push(NaN);
    }
  }
  const dVdT = gridDerivative(ts, volume);
  let warnedOutside = false;
  const points = ts.map((t, j): PhononQhaPoint => {
    const v = volume[j];
    const alpha = dVdT[j] / v;
    const column = (tab?: number[][]) =>
      tab
        ? polyAt(
            vs,
            tab.map((row) => row[j]),
            v,
          )
        : NaN;
    const cv = column(input.heatCapacityJKMol);
    const s = column(input.entropyJKMol);
    // T·V·α²·K_T per cell in J/K, times N_A for J/(K·mol).
    const cpMinusCv = t * v * A3_M3 * alpha * alpha * kT[j] * GPA_PA * AVOGADRO_PER_MOL;
    const outside = v < vmin || v > vmax;
    if (outside && !warnedOutside) {
      warnings.push(`V(T) leaves the sampled volumes at T = ${t} K: the EOS is extrapolated there`);
      warnedOutside = true;
    }
    return {
      temperatureK: t,
      volumeA3: v,
      gibbsEnergyEV: gibbs[j],
      bulkModulusIsothermalGPa: kT[j],
      bulkModulusDerivative: kp[j],
      alphaVolumetricPerK: alpha,
      heatCapacityVJKMol: cv,
      heatCapacityPJKMol: cv + cpMinusCv,
      entropyJKMol: s,
      gruneisen: (alpha * kT[j] * GPA_PA * v * A3_M3 * AVOGADRO_PER_MOL) / cv,
      outsideData: outside,
    };
  });
  if (nT > 1)
    warnings.push('α at the first and last temperatures uses one-sided differences (less accurate)');
  return { eos, points, warnings };
}
