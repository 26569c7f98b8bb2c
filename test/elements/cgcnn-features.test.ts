import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  ELEMENTS,
  CGCNN_SEGMENTS,
  CGCNN_FEATURE_LENGTH,
  cgcnnElementVector,
  defaultAtomFeaturizer,
  element,
  segmentPosition,
  binIndex,
} from '../../src/elements/index.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const ones = (v: ArrayLike<number>) => Array.from(v, (x, i) => (x === 1 ? i : -1)).filter((i) => i >= 0);

test('layout: nine blocks, 92 values, offsets as in the reference file', () => {
  assert.equal(CGCNN_FEATURE_LENGTH, 92);
  assert.deepEqual(
    CGCNN_SEGMENTS.map((s) => [s.name, s.offset, s.size]),
    [
      ['group', 0, 19],
      ['period', 19, 7],
      ['electronegativity', 26, 10],
      ['covalent radius', 36, 10],
      ['valence electrons', 46, 12],
      ['first ionization energy', 58, 10],
      ['electron affinity', 68, 10],
      ['block', 78, 4],
      ['atomic volume', 82, 10],
    ],
  );
});

test('published reference positions: C exactly, H except its atomic volume bin', () => {
  // science.md §7: H nonzeros at 1,19,30,36,46,64,73,78,86; C at 14,20,31,38,49,63,74,79,82.
  assert.deepEqual(ones(cgcnnElementVector(element('C'))), [14, 20, 31, 38, 49, 63, 74, 79, 82]);
  // xtal's molar volume of solid hydrogen (11.42 cm³/mol, ln = 2.44) falls one bin below the reference's.
  assert.deepEqual(ones(cgcnnElementVector(element('H'))), [1, 19, 30, 36, 46, 64, 73, 78, 85]);
});

test('every element has a one-hot vector: at most one 1 per block, and 0/1 values only', () => {
  const f = defaultAtomFeaturizer();
  assert.equal(f.name, 'xtal-cgcnn-92');
  assert.equal(f.length, 92);
  for (const e of ELEMENTS) {
    assert.ok(f.has(e.symbol), e.symbol);
    const v = f.vector(e.symbol)!;
    assert.ok(
      v.every((x) => x === 0 || x === 1),
      e.symbol,
    );
    for (const seg of CGCNN_SEGMENTS) {
      const n = ones(v.subarray(seg.offset, seg.offset + seg.size)).length;
      assert.equal(n, segmentPosition(seg, e) === null ? 0 : 1, `${e.symbol} ${seg.name}`);
    }
    // Group, period, valence electrons and block are known for every element.
    assert.ok(ones(v).length >= 4, e.symbol);
  }
  // Elements with a complete row have all nine ones.
  for (const s of ['C', 'O', 'Fe', 'Cu', 'Si', 'Au']) assert.equal(ones(f.vector(s)!).length, 9, s);
  // Superheavy elements still get what the table knows (group, period, radius, valence, block).
  assert.equal(ones(f.vector('Og')!).length, 5);
  assert.ok(!f.has('Xx'));
});

test('binning: equal-width bins over [lo, hi], values outside go to the end bins', () => {
  assert.equal(binIndex(0.5, 0.5, 4.0, 10), 0);
  assert.equal(binIndex(0.849, 0.5, 4.0, 10), 0);
  assert.equal(binIndex(0.851, 0.5, 4.0, 10), 1);
  assert.equal(binIndex(3.98, 0.5, 4.0, 10), 9);
  assert.equal(binIndex(4.0, 0.5, 4.0, 10), 9);
  assert.equal(binIndex(-7, 0.5, 4.0, 10), 0);
  assert.equal(binIndex(99, 0.5, 4.0, 10), 9);
});

test('mixed and partial sites: occupancy-weighted sum of the species vectors', () => {
  const f = defaultAtomFeaturizer();
  const out = new Float32Array(3 * 92).fill(7);
  f.siteFeatures(
    [
      { element: 'Ba', occu: 0.4 },
      { element: 'K', occu: 0.6 },
    ],
    out,
    92,
  );
  const ba = f.vector('Ba')!;
  const k = f.vector('K')!;
  for (let i = 0; i < 92; i++) assert.ok(Math.abs(out[92 + i] - (0.4 * ba[i] + 0.6 * k[i])) < 1e-6);
  // Untouched outside the slot.
  assert.equal(out[0], 7);
  assert.equal(out[2 * 92], 7);
  // A half-occupied site (the rest vacancy) has half the vector.
  const half = new Float32Array(92);
  f.siteFeatures([{ element: 'O', occu: 0.5 }], half, 0);
  const o = f.vector('O')!;
  for (let i = 0; i < 92; i++) assert.equal(half[i], 0.5 * o[i]);
  assert.throws(() => f.siteFeatures([{ element: 'Qq', occu: 1 }], half, 0), /Qq/);
  assert.throws(() => f.siteFeatures([{ element: 'O', occu: 1 }], half, 1), RangeError);
});

test(
  'agreement with the reference atom_init.json',
  { skip: skipUnlessShared('cgcnn', 'atom_init.json') },
  (t) => {
    const ref = JSON.parse(readFileSync(sharedDataPath('cgcnn', 'atom_init.json')!, 'utf8')) as Record<
      string,
      number[]
    >;
    const f = defaultAtomFeaturizer();
    let matched = 0;
    let total = 0;
    let identical = 0;
    const perSegment = new Map<string, number>(CGCNN_SEGMENTS.map((s) => [s.name, 0]));
    const rows: string[] = [];
    for (let z = 1; z <= 100; z++) {
      const e = ELEMENTS[z - 1];
      const mine = f.vector(e.symbol)!;
      const theirs = ref[String(z)];
      assert.equal(theirs.length, 92);
      const refOnes = ones(theirs);
      const hit = refOnes.filter((i) => mine[i] === 1).length;
      matched += hit;
      total += refOnes.length;
      const differ: string[] = [];
      for (const seg of CGCNN_SEGMENTS) {
        const a = ones(mine.subarray(seg.offset, seg.offset + seg.size))[0] ?? null;
        const b = ones(theirs.slice(seg.offset, seg.offset + seg.size))[0] ?? null;
        if (a === b) perSegment.set(seg.name, perSegment.get(seg.name)! + 1);
        else differ.push(`${seg.name} ${a ?? '-'}≠${b ?? '-'}`);
      }
      if (differ.length === 0) identical++;
      const blocks = `${9 - differ.length}/9 blocks`;
      const detail = differ.length ? '; differ: ' + differ.join(', ') : '';
      rows.push(`${e.symbol.padEnd(2)} ${hit}/${refOnes.length} of the reference's ones, ${blocks}${detail}`);
    }
    const fraction = matched / total;
    t.diagnostic(
      'per element: reference ones xtal also sets; blocks where both agree (xtal≠reference position)',
    );
    for (const row of rows) t.diagnostic(row);
    t.diagnostic(
      `per block (elements with the same position, of 100): ${[...perSegment].map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
    t.diagnostic(`overall: ${matched}/${total} = ${(100 * fraction).toFixed(1)}% of the reference's ones`);
    t.diagnostic(`identical vectors: ${identical} of 100 elements`);
    const agreeingBlocks = [...perSegment.values()].reduce((a, b) => a + b, 0);
    t.diagnostic(`blocks in agreement: ${agreeingBlocks}/900 = ${(agreeingBlocks / 9).toFixed(1)}%`);
    assert.ok(agreeingBlocks / 900 >= 0.92, `block agreement ${agreeingBlocks}/900`);
    assert.ok(fraction >= 0.95, `agreement ${fraction}`);
    for (const name of ['group', 'period', 'covalent radius', 'first ionization energy', 'block']) {
      assert.equal(perSegment.get(name), 100, name);
    }
    assert.ok(perSegment.get('valence electrons')! >= 99);
    assert.ok(perSegment.get('electronegativity')! >= 80);
    assert.ok(perSegment.get('electron affinity')! >= 75);
    assert.ok(perSegment.get('atomic volume')! >= 80);
  },
);
