/**
 * CIF values: numbers with uncertainties ("5.62(4)"), and errors that name the block, line and tag.
 */
import { XtalInputError } from '../../errors.js';
import type { CifBlock, CifValue } from './cif-parse.js';

/** Throw an XtalInputError for a block, at a value's line (or the block's), naming the tag. */
export function fail(reason: string, block: CifBlock, v?: CifValue, field?: string): never {
  const where = block.name ? `data_${block.name}: ` : '';
  throw new XtalInputError(where + reason, { line: v?.line ?? block.line, field });
}

/** CIF number: "5.62", "5.62(4)" (uncertainty dropped), "-.5", "1e-3", "1/3" (seen in old files). */
export function parseCifNumber(text: string): number {
  let t = text.charCodeAt(0) === 0x2212 ? '-' + text.slice(1) : text;
  const paren = t.indexOf('(');
  if (paren > 0 && t.endsWith(')')) t = t.slice(0, paren);
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  const frac = /^([+-]?\d+)\/(\d+)$/.exec(t);
  if (frac && Number(frac[2]) !== 0) return Number(frac[1]) / Number(frac[2]);
  return NaN;
}

/** The finite number at a tag (first row unless told), or an error naming the tag and line. */
export function numberAt(block: CifBlock, tag: string, row = 0): { value: number; v: CifValue } {
  const col = block.get(tag);
  const v = col?.[row];
  if (!v) fail(`${tag} is missing`, block, undefined, tag);
  if (v.missing) fail(`${tag} is "${v.text}" (unknown)`, block, v, tag);
  const value = parseCifNumber(v.text);
  if (!Number.isFinite(value)) fail(`${tag} "${v.text.slice(0, 40)}" is not a number`, block, v, tag);
  return { value, v };
}
