// Assertion helpers for the physics tests: relative and absolute closeness with readable messages.
import assert from 'node:assert/strict';

export function assertRel(actual: number, expected: number, rel: number, what = ''): void {
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(
    err <= rel,
    `${what} expected ${expected}, got ${actual} (relative error ${err.toExponential(2)} > ${rel})`,
  );
}

export function assertAbs(actual: number, expected: number, abs: number, what = ''): void {
  const err = Math.abs(actual - expected);
  assert.ok(
    err <= abs,
    `${what} expected ${expected}, got ${actual} (|error| ${err.toExponential(2)} > ${abs})`,
  );
}
