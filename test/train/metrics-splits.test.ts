import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regressionMetrics, rocAuc, classificationMetrics } from '../../src/train/metrics.js';
import { randomSplit, foldColumnSplit, kFoldSplits } from '../../src/train/splits.js';
import { XtalInputError } from '../../src/errors.js';

test('regression metrics on a hand-computed example', () => {
  const m = regressionMetrics([1, 2, 3, 4], [1.5, 2, 2, 5]);
  assert.equal(m.n, 4);
  assert.equal(m.mae, (0.5 + 0 + 1 + 1) / 4);
  assert.ok(Math.abs(m.rmse - Math.sqrt((0.25 + 0 + 1 + 1) / 4)) < 1e-15);
  assert.ok(Math.abs(m.r2 - (1 - 2.25 / 5)) < 1e-15);
  assert.equal(m.maxError, 1);
  assert.equal(regressionMetrics([1, NaN, 3], [1, 5, 3]).n, 2, 'missing targets are skipped');
});

test('ROC-AUC equals the fraction of correctly ordered positive-negative pairs, ties counting one half', () => {
  const labels = [0, 0, 1, 1, 0, 1];
  const scores = [0.1, 0.4, 0.35, 0.8, 0.35, 0.9];
  let good = 0;
  let pairs = 0;
  for (let i = 0; i < 6; i++)
    for (let j = 0; j < 6; j++)
      if (labels[i] === 1 && labels[j] === 0) {
        pairs++;
        good += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
  assert.ok(Math.abs(rocAuc(labels, scores) - good / pairs) < 1e-15);
  const c = classificationMetrics(labels, scores);
  assert.equal(c.accuracy, 5 / 6);
  assert.ok(Math.abs(c.f1 - (2 * 2) / (2 * 2 + 0 + 1)) < 1e-15);
});

test('random split: disjoint, complete, sized by the fractions, same seed same split', () => {
  const s = randomSplit(100, [0.8, 0.1, 0.1], 3);
  assert.deepEqual([s.train.length, s.val.length, s.test.length], [80, 10, 10]);
  assert.deepEqual(
    [...s.train, ...s.val, ...s.test].sort((a, b) => a - b),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.deepEqual(randomSplit(100, [0.8, 0.1, 0.1], 3), s);
  assert.notDeepEqual(randomSplit(100, [0.8, 0.1, 0.1], 4).test, s.test);
  assert.throws(() => randomSplit(10, [0.8, 0.3, 0.1], 1), XtalInputError);
});

test('fold column: the test fold is exactly the rows of that fold', () => {
  const folds = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0];
  const s = foldColumnSplit(folds, 0, 0.2, 1);
  assert.deepEqual(s.test, [0, 3, 6, 9]);
  assert.equal(s.val.length + s.train.length, 6);
  assert.throws(() => foldColumnSplit(folds, 7, 0.1, 1), /fold 7/);
});

test('group k-fold never splits a group, and every row is tested exactly once', () => {
  const groups = Array.from({ length: 60 }, (_, i) => `g${i % 13}`);
  const splits = kFoldSplits(60, 5, 0.1, 11, groups);
  const tested = new Array(60).fill(0);
  for (const s of splits) {
    for (const i of s.test) tested[i]++;
    const testGroups = new Set(s.test.map((i) => groups[i]));
    for (const i of [...s.train, ...s.val])
      assert.ok(!testGroups.has(groups[i]), 'a test group leaked into training');
  }
  assert.ok(tested.every((t) => t === 1));
  const plain = kFoldSplits(23, 5, 0, 2);
  assert.deepEqual(plain.map((s) => s.test.length).sort(), [4, 4, 5, 5, 5]);
});
