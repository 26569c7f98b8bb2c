/**
 * Reader of 6×6 stiffness tensors (Voigt notation, GPa) from text: six rows of six numbers separated by
 * whitespace, commas or semicolons ('#' starts a comment); a JSON 6×6 array; or a JSON object in the style of
 * the Materials Project (`elastic_tensor` as an array, as {ieee_format, raw}, or as a numpy dict {data};
 * `C_ij`; `elasticity.elastic_tensor`). Errors name the line (text) or the JSON field, and asymmetric tensors
 * beyond the tolerance are rejected.
 */
import { XtalInputError } from '../errors.js';
import type { Matrix } from './linalg.js';

export interface StiffnessFile {
  stiffnessGPa: Matrix;
  format: 'text' | 'json-array' | 'json-object';
  /** JSON key the tensor came from (json-object only). */
  key?: string;
  /** Largest |C_ij − C_ji| / max|C| (accepted when ≤ the tolerance; the symmetric part is used downstream). */
  asymmetry: number;
}

export interface StiffnessReadOptions {
  /** File name for error messages. */
  file?: string;
  /** Largest accepted |C_ij − C_ji| relative to max|C| (default 1e-3). */
  symmetryTolerance?: number;
}

/** Parse a stiffness tensor from the text of a file. */
export function parseStiffnessTensor(text: string, options: StiffnessReadOptions = {}): StiffnessFile {
  const file = options.file;
  const trimmed = text.trimStart();
  let out: Omit<StiffnessFile, 'asymmetry'>;
  let rowLines: number[] | undefined;
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    out = parseJson(text, file);
  } else {
    const t = parseText(text, file);
    out = { stiffnessGPa: t.matrix, format: 'text' };
    rowLines = t.lines;
  }
  const asymmetry = checkSymmetry(
    out.stiffnessGPa,
    options.symmetryTolerance ?? 1e-3,
    file,
    rowLines,
    out.key,
  );
  return { ...out, asymmetry };
}

function parseText(text: string, file?: string): { matrix: Matrix; lines: number[] } {
  const rows: number[][] = [];
  const lines: number[] = [];
  const all = text.split(/\r?\n/);
  for (let i = 0; i < all.length; i++) {
    const content = all[i].replace(/#.*/, '').replace(/[[\]]/g, ' ').trim();
    if (!content) continue;
    const line = i + 1;
    if (rows.length === 6) {
      throw new XtalInputError('more than 6 rows: a stiffness tensor is 6x6', { file, line });
    }
    const tokens = content.split(/[\s,;]+/).filter((s) => s.length > 0);
    if (tokens.length !== 6) {
      throw new XtalInputError(`expected 6 numbers in row ${rows.length + 1}, found ${tokens.length}`, {
        file,
        line,
      });
    }
    const row = tokens.map((tok, j) => {
      const v = Number(tok);
      if (!Number.isFinite(v) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(tok)) {
        throw new XtalInputError(`"${tok}" is not a number`, {
          file,
          line,
          field: `C${rows.length + 1}${j + 1}`,
        });
      }
      return v;
    });
    rows.push(row);
    lines.push(line);
  }
  if (rows.length !== 6) {
    throw new XtalInputError(`found ${rows.length} rows of numbers, a stiffness tensor needs 6`, { file });
  }
  return { matrix: rows, lines };
}

function jsonErrorLine(text: string, message: string): number | undefined {
  const m = /position (\d+)/.exec(message);
  if (!m) {
    const lm = /line (\d+)/.exec(message);
    return lm ? Number(lm[1]) : undefined;
  }
  const pos = Number(m[1]);
  return text.slice(0, pos).split('\n').length;
}

function parseJson(text: string, file?: string): Omit<StiffnessFile, 'asymmetry'> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    throw new XtalInputError(`invalid JSON: ${msg}`, { file, line: jsonErrorLine(text, msg) });
  }
  if (Array.isArray(data)) return { stiffnessGPa: toMatrix(data, 'tensor', file), format: 'json-array' };
  if (data && typeof data === 'object') {
    const obj = data as Record<string, unknown>;
    const candidates: Array<[string, unknown]> = [];
    const push = (key: string, v: unknown) => {
      if (v !== undefined) candidates.push([key, v]);
    };
    const et = obj.elastic_tensor;
    if (et && typeof et === 'object' && !Array.isArray(et)) {
      const e = et as Record<string, unknown>;
      push('elastic_tensor.ieee_format', e.ieee_format);
      push('elastic_tensor.data', e.data);
      push('elastic_tensor.raw', e.raw);
    } else push('elastic_tensor', et);
    push('C_ij', obj.C_ij);
    const el = obj.elasticity;
    if (el && typeof el === 'object')
      push('elasticity.elastic_tensor', (el as Record<string, unknown>).elastic_tensor);
    if (candidates.length === 0) {
      throw new XtalInputError('JSON object has no elastic_tensor, C_ij or elasticity.elastic_tensor', {
        file,
      });
    }
    const [key, value] = candidates[0];
    return { stiffnessGPa: toMatrix(value, key, file), format: 'json-object', key };
  }
  throw new XtalInputError('JSON must be a 6x6 array or an object holding one', { file });
}

function toMatrix(value: unknown, key: string, file?: string): Matrix {
  if (!Array.isArray(value) || value.length !== 6) {
    const n = Array.isArray(value) ? `${value.length} rows` : typeof value;
    throw new XtalInputError(`expected a 6x6 array, found ${n}`, { file, field: key });
  }
  return value.map((row, i) => {
    if (!Array.isArray(row) || row.length !== 6) {
      const n = Array.isArray(row) ? `${row.length} entries` : typeof row;
      throw new XtalInputError(`row ${i + 1} must have 6 numbers, found ${n}`, {
        file,
        field: `${key}[${i}]`,
      });
    }
    return row.map((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new XtalInputError(`${JSON.stringify(v)} is not a number`, {
          file,
          field: `${key}[${i}][${j}]`,
        });
      }
      return v;
    });
  });
}

function checkSymmetry(c: Matrix, tol: number, file?: string, rowLines?: number[], key?: string): number {
  let scale = 0;
  for (const r of c) for (const v of r) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0)) throw new XtalInputError('the tensor is all zeros', { file });
  let worst = 0;
  for (let i = 0; i < 6; i++)
    for (let j = i + 1; j < 6; j++) {
      const d = Math.abs(c[i][j] - c[j][i]) / scale;
      worst = Math.max(worst, d);
      if (d > tol) {
        throw new XtalInputError(
          `tensor is not symmetric: C${i + 1}${j + 1} = ${c[i][j]} but C${j + 1}${i + 1} = ${c[j][i]} ` +
            `(difference ${(d * 100).toPrecision(2)} % of max|C|, tolerance ${tol * 100} %)`,
          { file, line: rowLines ? rowLines[j] : undefined, field: key ?? `C${j + 1}${i + 1}` },
        );
      }
    }
  return worst;
}
