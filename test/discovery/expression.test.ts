import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileExpression } from '../../src/discovery/expression.js';
import { XtalInputError } from '../../src/errors.js';

test('arithmetic follows the usual precedence, with right-associative powers', () => {
  const row = { a: 2, b: 3, c: 4 };
  const cases: Array<[string, number]> = [
    ['a + b * c', 14],
    ['(a + b) * c', 20],
    ['a ^ b ^ 2', 2 ** 9],
    ['-a ^ 2', -4],
    ['c / a / 2', 1],
    ['a - b - c', -5],
    ['2e1 + .5', 20.5],
    ['max(a, b, c) - min(a, b)', 2],
    ['log10(100) + sqrt(c) + abs(-1) + pow(a, 3)', 2 + 2 + 1 + 8],
    ['exp(log(b))', 3],
  ];
  for (const [src, want] of cases)
    assert.ok(Math.abs(compileExpression(src).evaluate(row) - want) < 1e-12, src);
});

test('columns are read from the row; missing values give NaN, strings are parsed', () => {
  const e = compileExpression('hardness_GPa * toughness_MPa_m05');
  assert.deepEqual(e.variables, ['hardness_GPa', 'toughness_MPa_m05']);
  assert.equal(e.evaluate({ hardness_GPa: 10, toughness_MPa_m05: '2.5' }), 25);
  assert.ok(Number.isNaN(e.evaluate({ hardness_GPa: 10 })));
});

test('bad expressions are rejected with the reason, and nothing is evaluated as code', () => {
  const bad = ['a +', '(a', 'foo(a)', 'a ; b', 'process.exit(1)', 'a b', 'min()', 'pow(a)'];
  for (const src of bad) assert.throws(() => compileExpression(src), XtalInputError, src);
  assert.throws(() => compileExpression('x + y', ['x']), /unknown column "y"/);
});
