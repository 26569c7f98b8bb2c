/**
 * Small helpers shared by the text readers: line splitting (CRLF, CR, BOM) and number parsing that
 * refuses NaN, infinities and garbage with an error naming file, line and field.
 */
import { XtalInputError, type InputLocation } from '../../errors.js';

/** Lines of a text file without their line endings; a leading byte-order mark is dropped. */
export function splitLines(text: string): string[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.split(/\r\n|\n|\r/);
}

/** Whitespace-separated tokens of a line. */
export function tokens(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/\s+/);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;

/**
 * A finite real number written in decimal or scientific notation (Fortran "1.0D-3" too).
 * "nan", "inf", "1e999" and anything else are rejected.
 */
export function parseReal(token: string | undefined, where: InputLocation): number {
  if (token === undefined || token === '') throw new XtalInputError('a number is missing', where);
  if (!NUMBER.test(token)) throw new XtalInputError(`"${clip(token)}" is not a number`, where);
  const x = Number(token.replace(/[dD]/, 'e'));
  if (!Number.isFinite(x)) throw new XtalInputError(`${clip(token)} is out of range`, where);
  return x;
}

/** A non-negative integer (counts). */
export function parseCount(token: string | undefined, where: InputLocation): number {
  if (token === undefined || token === '') throw new XtalInputError('a count is missing', where);
  if (!/^[+-]?\d+$/.test(token)) throw new XtalInputError(`"${clip(token)}" is not a whole number`, where);
  const n = Number(token);
  if (n < 0) throw new XtalInputError(`count ${n} is negative`, where);
  if (!Number.isSafeInteger(n)) throw new XtalInputError(`count ${clip(token)} is too large`, where);
  return n;
}

/** A token shortened for an error message. */
export function clip(s: string, max = 40): string {
  return s.length > max ? s.slice(0, max) + '…' : s;
}
