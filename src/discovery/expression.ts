/**
 * A small, safe arithmetic language for ranking screening results by a custom expression, e.g.
 * `hardness_mazhnik_oganov_GPa * fracture_toughness_mazhnik_oganov_MPa_m05` or
 * `log(bulk_modulus_GPa) - 2 * bulk_modulus_GPa_std / bulk_modulus_GPa`.
 * Grammar: numbers, column names, + - * / ^ (right-associative), unary minus, parentheses, and the
 * functions log (natural), log10, exp, sqrt, abs, min, max, pow. Nothing is evaluated as JavaScript.
 */
import { XtalInputError } from '../errors.js';

type Node =
  | { k: 'num'; v: number }
  | { k: 'var'; name: string }
  | { k: 'neg'; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'call'; fn: string; args: Node[] };

const FUNCTIONS: Record<string, { arity: [number, number]; f: (...x: number[]) => number }> = {
  log: { arity: [1, 1], f: Math.log },
  log10: { arity: [1, 1], f: Math.log10 },
  exp: { arity: [1, 1], f: Math.exp },
  sqrt: { arity: [1, 1], f: Math.sqrt },
  abs: { arity: [1, 1], f: Math.abs },
  min: { arity: [1, 16], f: Math.min },
  max: { arity: [1, 16], f: Math.max },
  pow: { arity: [2, 2], f: Math.pow },
};

export interface CompiledExpression {
  source: string;
  /** Column names the expression reads. */
  variables: string[];
  evaluate(row: Record<string, unknown>): number;
}

export function compileExpression(source: string, knownColumns?: readonly string[]): CompiledExpression {
  const tokens = tokenize(source);
  let p = 0;
  const err = (msg: string): never => {
    throw new XtalInputError(`${msg} in expression "${source}"`, { field: '--rank-by' });
  };
  const peek = (): string | undefined => tokens[p];
  const eat = (t?: string): string => {
    const tok = tokens[p];
    if (tok === undefined) err('unexpected end');
    if (t !== undefined && tok !== t) err(`expected "${t}" but found "${tok}"`);
    p++;
    return tok;
  };
  const primary = (): Node => {
    const t = peek();
    if (t === undefined) return err('unexpected end');
    if (t === '(') {
      eat('(');
      const e = expr();
      eat(')');
      return e;
    }
    if (t === '-') {
      eat('-');
      return { k: 'neg', a: power() };
    }
    if (/^[0-9.]/.test(t)) {
      eat();
      const v = Number(t);
      if (!Number.isFinite(v)) err(`bad number "${t}"`);
      return { k: 'num', v };
    }
    if (/^[A-Za-z_]/.test(t)) {
      eat();
      if (peek() === '(') {
        const fn = FUNCTIONS[t];
        if (!fn) err(`unknown function "${t}"`);
        eat('(');
        const args: Node[] = [];
        if (peek() !== ')') {
          args.push(expr());
          while (peek() === ',') {
            eat(',');
            args.push(expr());
          }
        }
        eat(')');
        if (args.length < fn.arity[0] || args.length > fn.arity[1]) err(`wrong number of arguments to ${t}`);
        return { k: 'call', fn: t, args };
      }
      if (knownColumns && !knownColumns.includes(t)) {
        err(`unknown column "${t}" (known: ${knownColumns.join(', ')})`);
      }
      return { k: 'var', name: t };
    }
    return err(`unexpected "${t}"`);
  };
  const power = (): Node => {
    const base = primary();
    if (peek() === '^') {
      eat('^');
      return { k: 'bin', op: '^', a: base, b: unaryPower() };
    }
    return base;
  };
  const unaryPower = (): Node => (peek() === '-' ? (eat('-'), { k: 'neg', a: power() }) : power());
  const term = (): Node => {
    let a = unaryPower();
    while (peek() === '*' || peek() === '/') {
      const op = eat();
      a = { k: 'bin', op, a, b: unaryPower() };
    }
    return a;
  };
  const expr = (): Node => {
    let a = term();
    while (peek() === '+' || peek() === '-') {
      const op = eat();
      a = { k: 'bin', op, a, b: term() };
    }
    return a;
  };
  const root = expr();
  if (p !== tokens.length) err(`unexpected "${tokens[p]}"`);
  const variables = [...new Set(collectVars(root))];
  return { source, variables, evaluate: (row) => evaluate(root, row) };
}

function tokenize(s: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\S))/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < s.length && (m = re.exec(s))) {
    const tok = m[1] ?? m[2] ?? m[3];
    if (tok === undefined) break;
    if (m[3] !== undefined && !'+-*/^(),'.includes(tok)) {
      throw new XtalInputError(`unexpected character "${tok}" in expression "${s}"`, { field: '--rank-by' });
    }
    out.push(tok);
  }
  return out;
}

function collectVars(n: Node): string[] {
  switch (n.k) {
    case 'var':
      return [n.name];
    case 'neg':
      return collectVars(n.a);
    case 'bin':
      return [...collectVars(n.a), ...collectVars(n.b)];
    case 'call':
      return n.args.flatMap(collectVars);
    default:
      return [];
  }
}

function evaluate(n: Node, row: Record<string, unknown>): number {
  switch (n.k) {
    case 'num':
      return n.v;
    case 'var': {
      const v = row[n.name];
      return typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
    }
    case 'neg':
      return -evaluate(n.a, row);
    case 'bin': {
      const a = evaluate(n.a, row);
      const b = evaluate(n.b, row);
      switch (n.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        default:
          return Math.pow(a, b);
      }
    }
    case 'call':
      return FUNCTIONS[n.fn].f(...n.args.map((a) => evaluate(a, row)));
  }
}
