import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readStructureEntries } from '../../src/structure/io/convert.js';
import { parsePythonLiteral } from '../../src/structure/io/python-literal.js';
import { XtalInputError } from '../../src/errors.js';
import { Rng } from '../../src/engine/random.js';
import { projectPath } from '../helpers/shared-data.js';

const fixture = (name: string): string => readFileSync(projectPath('test/fixtures/structures', name), 'utf8');

function mutate(text: string, rng: Rng): string {
  const junk = [
    'NaN',
    '-1',
    '1e308',
    '1e999',
    '0',
    'null',
    '"',
    '{',
    ']',
    ',',
    'Xx',
    '\n',
    '"Fe2+"',
    '[]',
    'true',
  ];
  const kind = rng.int(3);
  if (kind === 0) return text.slice(0, rng.int(text.length));
  if (kind === 1) {
    const chars = [...text];
    for (let f = 0, n = 1 + rng.int(4); f < n; f++)
      chars[rng.int(chars.length)] = String.fromCharCode(rng.int(128));
    return chars.join('');
  }
  const parts = text.split(/([\s,:[\]{}])/);
  for (let f = 0, n = 1 + rng.int(3); f < n; f++) parts[rng.int(parts.length)] = junk[rng.int(junk.length)];
  return parts.join('');
}

const seeds: [string, string][] = [
  ['two_frames.extxyz', 'extxyz'],
  ['pymatgen_FeNiO_disordered.json', 'json'],
  ['optimade_response.json', 'json'],
  ['matminer_table_split.json', 'json'],
  ['table_with_cif.csv', 'csv'],
];

for (const [name, format] of seeds)
  test(`fuzz ${name}: every entry is a finite structure or an XtalInputError`, () => {
    const rng = new Rng(name.length * 7919);
    const text = fixture(name);
    let good = 0;
    let bad = 0;
    for (let iter = 0; iter < 300; iter++) {
      const t = mutate(text, rng);
      let entries;
      try {
        entries = readStructureEntries(t, format, { file: name });
      } catch (e) {
        throw new Error(`readStructureEntries threw ${String(e)} for:\n${t}`);
      }
      for (const e of entries) {
        if (e.error) {
          assert.ok(e.error instanceof XtalInputError);
          bad++;
        } else {
          const s = e.structure!;
          assert.ok(s.volume > 0 && Number.isFinite(s.volume));
          for (let i = 0; i < s.numSites; i++) for (const x of s.cartesian(i)) assert.ok(Number.isFinite(x));
          good++;
        }
      }
    }
    assert.ok(good > 0 && bad > 0, `good ${good}, bad ${bad}`);
  });

test('Python literal reader: deep nesting and garbage end in XtalInputError', () => {
  assert.throws(() => parsePythonLiteral('['.repeat(10000)), XtalInputError);
  const rng = new Rng(3);
  const src = "{'a': [1, 2.5, (3, 'x')], 'b': {'c': None, 'd': True}}";
  for (let i = 0; i < 300; i++) {
    const t = mutate(src, rng);
    try {
      parsePythonLiteral(t);
    } catch (e) {
      assert.ok(e instanceof XtalInputError, `${String(e)} for ${t}`);
    }
  }
});
