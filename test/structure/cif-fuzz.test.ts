/**
 * Fuzzing the CIF reader with a seeded generator: truncations, byte flips, huge numbers, NaN, zero-volume
 * cells, overlapping atoms, unknown elements, shuffled and repeated lines. Every case must end in an
 * XtalInputError or in structures that are sound (finite coordinates in [0, 1), a cell of positive finite
 * volume, real elements, occupancies in (0, ∞)), never another exception, a hang or silent garbage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { readCif } from '../../src/structure/io/cif.js';
import { isCifElementSymbol } from '../../src/structure/io/cif-elements.js';
import { XtalInputError } from '../../src/errors.js';
import { Rng } from '../../src/engine/random.js';
import type { Structure } from '../../src/structure/structure.js';
import { projectPath } from '../helpers/shared-data.js';

const dir = projectPath('test', 'fixtures', 'structures');
const bases = readdirSync(dir)
  .filter((f) => f.endsWith('.cif'))
  .sort()
  .map((f) => readFileSync(`${dir}/${f}`, 'utf8'));

const NUMBERS = [
  '1e308',
  '1e400',
  '-1e300',
  'NaN',
  'nan',
  'inf',
  '-Infinity',
  '0',
  '0.0',
  '1e-300',
  '-4',
  '180',
  '99999999',
  '?',
  '.',
  "'?'",
  '1(',
  '(2)',
  '1/0',
];
const JUNK = [
  ' ',
  '\n',
  "'",
  '"',
  ';',
  '\n;',
  '#',
  '_',
  'loop_',
  'data_',
  'save_',
  '0',
  '.',
  '-',
  '+',
  '?',
  '(',
  ')',
  'e',
  'x',
  'Zz',
  'X',
  '\u0000',
  'é',
];
const ELEMENTS = ['Zz', 'Qq1', 'X', 'Xx', 'Du', '?', 'fe', 'FE3+', 'O9-', 'Fe+-', '12', 'Uuo', 'D', 'Og', ''];

function mutate(rng: Rng, text: string): string {
  const kind = rng.int(10);
  const lines = text.split('\n');
  const numberRe = /(?<=\s)[+-]?(\d+\.?\d*|\.\d+)(\(\d+\))?(?=\s)/g;
  switch (kind) {
    case 0: // truncate
      return text.slice(0, rng.int(text.length));
    case 1: {
      // flip bytes
      const chars = [...text];
      const n = 1 + rng.int(5);
      for (let k = 0; k < n; k++) chars[rng.int(chars.length)] = String.fromCharCode(rng.int(128));
      return chars.join('');
    }
    case 2: {
      // replace numbers with extreme or invalid ones
      const matches = [...text.matchAll(numberRe)];
      if (!matches.length) return text;
      const m = matches[rng.int(matches.length)];
      return text.slice(0, m.index) + NUMBERS[rng.int(NUMBERS.length)] + text.slice(m.index! + m[0].length);
    }
    case 3: // zero-volume or flattened cells
      return text
        .replace(/(_cell_angle_alpha\s+)\S+/i, `$1${rng.int(2) ? '120' : '0'}`)
        .replace(/(_cell_angle_beta\s+)\S+/i, '$1120')
        .replace(/(_cell_angle_gamma\s+)\S+/i, `$1${rng.int(2) ? '120' : '179.9999'}`)
        .replace(/(_cell_length_c\s+)\S+/i, `$1${rng.int(2) ? '1e-9' : '0'}`);
    case 4: {
      // duplicate an atom row with a tiny shift (overlapping atoms)
      const rows = lines
        .map((l, i) => [l, i] as const)
        .filter(([l]) => /^\s*[A-Z][a-z]?\S*\s+.*\d/.test(l) && !l.startsWith('_'));
      if (!rows.length) return text;
      const [l, i] = rows[rng.int(rows.length)];
      const shifted = l.replace(/(\d\.\d+)/, (x) => (Number(x) + 0.01).toFixed(4));
      lines.splice(i + 1, 0, shifted);
      return lines.join('\n');
    }
    case 5: {
      // unknown or odd element symbols
      return text.replace(/^(\s*)([A-Z][a-z]?)(\d*\S*)(\s)/m, `$1${ELEMENTS[rng.int(ELEMENTS.length)]}$3$4`);
    }
    case 6: {
      // insert junk
      const p = rng.int(text.length);
      return text.slice(0, p) + JUNK[rng.int(JUNK.length)] + text.slice(p);
    }
    case 7: {
      // delete lines
      const n = 1 + rng.int(3);
      for (let k = 0; k < n && lines.length; k++) lines.splice(rng.int(lines.length), 1);
      return lines.join('\n');
    }
    case 8: // shuffle lines
      return rng.shuffle(lines).join('\n');
    default: {
      // repeat a stretch of lines
      const a = rng.int(lines.length);
      const b = Math.min(lines.length, a + 1 + rng.int(6));
      lines.splice(b, 0, ...lines.slice(a, b));
      return lines.join('\n');
    }
  }
}

function checkSound(s: Structure, what: string): void {
  const v = s.lattice.volume;
  assert.ok(Number.isFinite(v) && v > 0, `${what}: volume ${v}`);
  for (const row of s.lattice.matrix)
    for (const x of row) assert.ok(Number.isFinite(x), `${what}: lattice ${x}`);
  assert.ok(s.numSites > 0, `${what}: no sites`);
  for (const site of s.sites) {
    for (const x of site.frac) assert.ok(Number.isFinite(x) && x >= 0 && x < 1, `${what}: coordinate ${x}`);
    assert.ok(site.species.length > 0, `${what}: empty site`);
    for (const sp of site.species) {
      assert.ok(isCifElementSymbol(sp.element), `${what}: element ${sp.element}`);
      assert.ok(Number.isFinite(sp.occu) && sp.occu > 0, `${what}: occupancy ${sp.occu}`);
      if (sp.oxidationState !== undefined)
        assert.ok(Number.isFinite(sp.oxidationState), `${what}: oxidation`);
    }
  }
  if (s.properties.warnings) for (const w of s.properties.warnings) assert.equal(typeof w, 'string');
}

test('fuzzed CIF files end in XtalInputError or sound structures', { timeout: 120_000 }, () => {
  const rng = new Rng(2024);
  let errors = 0;
  let parsed = 0;
  let warned = 0;
  for (let k = 0; k < 3000; k++) {
    let text = bases[rng.int(bases.length)];
    const rounds = 1 + rng.int(3);
    for (let r = 0; r < rounds; r++) text = mutate(rng, text);
    let out: Structure[];
    try {
      out = readCif(text, { file: `case${k}.cif` });
    } catch (err) {
      if (!(err instanceof XtalInputError)) {
        assert.fail(`case ${k}: ${String(err)}\n--- input ---\n${text.slice(0, 2000)}`);
      }
      assert.equal(err.file, `case${k}.cif`);
      assert.ok(err.reason.length > 0);
      errors++;
      continue;
    }
    parsed++;
    for (const s of out) {
      checkSound(s, `case ${k}`);
      if (s.properties.warnings?.length) warned++;
    }
  }
  // The mutations must exercise both outcomes.
  assert.ok(errors > 300, `${errors} errors`);
  assert.ok(parsed > 300, `${parsed} parsed`);
  assert.ok(warned > 50, `${warned} structures with warnings`);
});

test('overlapping atoms from fuzzing are reported', () => {
  const text = bases.find((b) => b.includes('data_BKBO'))!;
  const [s] = readCif(
    text.replace('Bi1 Bi 1 0.5 0.5 0.5 1', 'Bi1 Bi 1 0.5 0.5 0.5 1\nBi2 Bi 1 0.52 0.5 0.5 1'),
  );
  assert.match(s.properties.warnings!.join('\n'), /Å apart/);
});
