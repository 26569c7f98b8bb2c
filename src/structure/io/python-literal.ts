/**
 * A reader for Python literal text (the `repr` of dicts, lists, tuples, strings, numbers, True/False/None,
 * nan/inf), as found when a pandas table holding pymatgen dicts was written with str() instead of JSON.
 * Calls such as `array([...])` or `np.float64(1.5)` evaluate to their single argument. Nothing is executed.
 */
import { XtalInputError, type InputLocation } from '../../errors.js';

export function parsePythonLiteral(text: string, where: InputLocation = {}): unknown {
  let i = 0;
  const s = text;
  const fail = (msg: string): never => {
    throw new XtalInputError(`Python literal, character ${i + 1}: ${msg}`, where);
  };
  const space = (): void => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const value = (depth: number): unknown => {
    if (depth > 200) fail('nested too deeply');
    space();
    const c = s[i];
    if (c === undefined) return fail('unexpected end of text');
    if (c === '{') return container(depth, '}', true);
    if (c === '[') return container(depth, ']', false);
    if (c === '(') return container(depth, ')', false);
    if (c === "'" || c === '"') return str();
    const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s.slice(i, i + 64));
    if (m) {
      i += m[0].length;
      return Number(m[0]);
    }
    const w = /^-?[A-Za-z_][\w.]*/.exec(s.slice(i, i + 64));
    if (!w) return fail(`unexpected "${c}"`);
    i += w[0].length;
    const word = w[0];
    space();
    if (s[i] === '(') {
      // A constructor call with one argument: array([...]), np.float64(1.0), float('nan').
      i++;
      const v = value(depth + 1);
      space();
      while (s[i] === ',') {
        // Keyword arguments such as dtype=float are skipped.
        i++;
        space();
        if (s[i] === ')') break;
        value(depth + 1);
        space();
        if (s[i] === '=') {
          i++;
          value(depth + 1);
          space();
        }
      }
      if (s[i] !== ')') fail('expected ")"');
      i++;
      if (word === 'float' && typeof v === 'string') return Number(v.replace(/^inf/, 'Infinity'));
      return v;
    }
    switch (word) {
      case 'True':
        return true;
      case 'False':
        return false;
      case 'None':
        return null;
      case 'nan':
      case '-nan':
        return NaN;
      case 'inf':
        return Infinity;
      case '-inf':
        return -Infinity;
    }
    // A bare name (e.g. dtype=float64 handled above); keep it as a string.
    return word;
  };
  const container = (depth: number, close: string, isDict: boolean): unknown => {
    i++;
    const list: unknown[] = [];
    const dict: Record<string, unknown> = {};
    for (;;) {
      space();
      if (s[i] === close) {
        i++;
        break;
      }
      const v = value(depth + 1);
      space();
      if (isDict) {
        if (s[i] !== ':') fail('expected ":" in a dict');
        i++;
        dict[String(v)] = value(depth + 1);
      } else list.push(v);
      space();
      if (s[i] === ',') i++;
      else if (s[i] !== close) fail(`expected "," or "${close}"`);
    }
    return isDict ? dict : list;
  };
  const str = (): string => {
    const q = s[i];
    i++;
    let out = '';
    while (i < s.length && s[i] !== q) {
      if (s[i] === '\\') {
        const e = s[i + 1];
        i += 2;
        if (e === 'n') out += '\n';
        else if (e === 't') out += '\t';
        else if (e === 'r') out += '\r';
        else if (e === 'x') {
          out += String.fromCharCode(parseInt(s.slice(i, i + 2), 16));
          i += 2;
        } else if (e === 'u') {
          out += String.fromCharCode(parseInt(s.slice(i, i + 4), 16));
          i += 4;
        } else out += e ?? '';
      } else out += s[i++];
    }
    if (i >= s.length) fail('unterminated string');
    i++;
    return out;
  };
  const v = value(0);
  space();
  if (i < s.length) fail('unexpected text after the value');
  return v;
}
