/**
 * CIF 1.1 tokenizer: one pass over the text, tracking line numbers.
 * - Comments run from "#" at the start of a token to the end of the line.
 * - A quoted value opens with ' or " at the start of a token and closes only at the same quote followed
 *   by whitespace or the end of the text (so 'O'Neil' is one value); it cannot span lines.
 * - A semicolon text field opens with ";" in the first column and closes at the next line that starts
 *   with ";".
 * - Reserved words (data_, loop_, save_, global_, stop_) and tags are case-insensitive.
 * - Unquoted "?" (unknown) and "." (not applicable) are reported as missing values.
 */
import { XtalInputError } from '../../errors.js';

export enum TokenKind {
  Data,
  Loop,
  Save,
  Global,
  Stop,
  Tag,
  Value,
}

export interface Token {
  kind: TokenKind;
  /** Tag name (lower case), block or frame name, or the value text (quotes removed). */
  text: string;
  /** 1-based line where the token starts. */
  line: number;
  /** For values: true when quoted or a text field (so "?" is a literal question mark). */
  quoted: boolean;
  /** For values: unquoted "?" or "." (unknown / not applicable). */
  missing: boolean;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const SEMI = 59;
const SQ = 39;
const DQ = 34;
const UNDERSCORE = 95;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || c === 11 || c === 12;
}

export function tokenizeCif(input: string): Token[] {
  // Classic Mac files end lines with a lone CR; Windows files (CRLF) need nothing special.
  const text = input.indexOf('\n') < 0 && input.indexOf('\r') >= 0 ? input.replace(/\r/g, '\n') : input;
  const tokens: Token[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = true; // position i is at the first column of a line
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      line++;
      i++;
      lineStart = true;
      continue;
    }
    if (isSpace(c)) {
      i++;
      lineStart = false;
      continue;
    }
    if (c === HASH) {
      while (i < n && text.charCodeAt(i) !== LF) i++;
      continue;
    }
    if (c === SEMI && lineStart) {
      const startLine = line;
      // The value runs from after the ';' to the newline before the closing ';' at a line start.
      let j = i + 1;
      let end = -1;
      while (j < n) {
        const nl = text.indexOf('\n', j);
        if (nl < 0) break;
        line++;
        if (text.charCodeAt(nl + 1) === SEMI) {
          end = nl;
          j = nl + 2;
          break;
        }
        j = nl + 1;
      }
      if (end < 0) {
        throw new XtalInputError('unterminated semicolon text field (no closing ";" at a line start)', {
          line: startLine,
        });
      }
      let value = text.slice(i + 1, end);
      if (value.endsWith('\r')) value = value.slice(0, -1);
      tokens.push({ kind: TokenKind.Value, text: value, line: startLine, quoted: true, missing: false });
      i = j;
      lineStart = false;
      continue;
    }
    lineStart = false;
    if (c === SQ || c === DQ) {
      let j = i + 1;
      let close = -1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === LF) break;
        if (d === c && (j + 1 >= n || isSpace(text.charCodeAt(j + 1)))) {
          close = j;
          break;
        }
        j++;
      }
      if (close < 0) {
        throw new XtalInputError(
          `unterminated quoted value starting ${text.slice(i, Math.min(i + 30, n)).split('\n')[0]}`,
          {
            line,
          },
        );
      }
      tokens.push({
        kind: TokenKind.Value,
        text: text.slice(i + 1, close),
        line,
        quoted: true,
        missing: false,
      });
      i = close + 1;
      continue;
    }
    // Bare word: up to the next whitespace.
    let j = i + 1;
    while (j < n && !isSpace(text.charCodeAt(j))) j++;
    const word = text.slice(i, j);
    i = j;
    if (c === UNDERSCORE) {
      tokens.push({ kind: TokenKind.Tag, text: word.toLowerCase(), line, quoted: false, missing: false });
      continue;
    }
    const lower = word.length >= 5 ? word.slice(0, 5).toLowerCase() : '';
    if (lower === 'data_') {
      tokens.push({ kind: TokenKind.Data, text: word.slice(5), line, quoted: false, missing: false });
    } else if (lower === 'loop_' && word.length === 5) {
      tokens.push({ kind: TokenKind.Loop, text: '', line, quoted: false, missing: false });
    } else if (lower === 'save_') {
      tokens.push({ kind: TokenKind.Save, text: word.slice(5), line, quoted: false, missing: false });
    } else if (lower === 'stop_' && word.length === 5) {
      tokens.push({ kind: TokenKind.Stop, text: '', line, quoted: false, missing: false });
    } else if (word.length === 7 && word.toLowerCase() === 'global_') {
      tokens.push({ kind: TokenKind.Global, text: '', line, quoted: false, missing: false });
    } else {
      const missing = word === '?' || word === '.';
      tokens.push({ kind: TokenKind.Value, text: word, line, quoted: false, missing });
    }
  }
  return tokens;
}
