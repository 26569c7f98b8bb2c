import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { CsvParser, iterateCsvObjects, iterateCsvRecords, parseCsv } from '../../src/structure/io/csv.js';
import { XtalInputError } from '../../src/errors.js';
import { Rng } from '../../src/engine/random.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const tricky =
  '\uFEFFid,text,n\r\n' +
  '1,"multi\nline, with comma",3\r\n' +
  '2,"say ""hi""",4\n' +
  '3,,\r' +
  '4,"",x\n' +
  '\n' +
  '5,plain "quote" inside,"end"';

const expected = [
  ['id', 'text', 'n'],
  ['1', 'multi\nline, with comma', '3'],
  ['2', 'say "hi"', '4'],
  ['3', '', ''],
  ['4', '', 'x'],
  ['5', 'plain "quote" inside', 'end'],
];

test('RFC 4180 details: BOM, CRLF/LF/CR, quoted commas and newlines, escaped quotes, empty fields', () => {
  assert.deepEqual(parseCsv(tricky), expected);
});

test('record line numbers count newlines inside quoted fields', () => {
  const p = new CsvParser();
  const recs = [...p.push(tricky), ...p.end()];
  assert.deepEqual(
    recs.map((r) => r.line),
    [1, 2, 4, 5, 6, 8],
  );
});

test('chunked input gives the same records wherever the chunks are cut', () => {
  for (let cut = 0; cut <= tricky.length; cut++) {
    const p = new CsvParser();
    const recs = [...p.push(tricky.slice(0, cut)), ...p.push(tricky.slice(cut)), ...p.end()];
    assert.deepEqual(
      recs.map((r) => r.fields),
      expected,
      `cut at ${cut}`,
    );
  }
  const rng = new Rng(7);
  for (let trial = 0; trial < 50; trial++) {
    const p = new CsvParser();
    const recs = [];
    let i = 0;
    while (i < tricky.length) {
      const len = 1 + rng.int(5);
      recs.push(...p.push(tricky.slice(i, i + len)));
      i += len;
    }
    recs.push(...p.end());
    assert.deepEqual(
      recs.map((r) => r.fields),
      expected,
    );
  }
});

test('random tables survive a write/parse round trip (fields with quotes, commas, newlines)', () => {
  const rng = new Rng(11);
  const alphabet = ['a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '1'];
  for (let trial = 0; trial < 100; trial++) {
    const rows: string[][] = [];
    const width = 1 + rng.int(4);
    for (let r = 0, nr = 1 + rng.int(5); r < nr; r++) {
      const row: string[] = [];
      for (let c = 0; c < width; c++) {
        let f = '';
        for (let k = 0, nk = rng.int(6); k < nk; k++) f += alphabet[rng.int(alphabet.length)];
        row.push(f);
      }
      rows.push(row);
    }
    // A record that is one empty unquoted field is a blank line; quote every field to keep it.
    const text = rows.map((r) => r.map((f) => '"' + f.replace(/"/g, '""') + '"').join(',')).join('\r\n');
    assert.deepEqual(parseCsv(text), rows);
  }
});

test('an unclosed quote is an XtalInputError naming the line where it opened', () => {
  assert.throws(
    () => parseCsv('a,b\n1,"open\n\n', { file: 't.csv' }),
    (e: unknown) => e instanceof XtalInputError && e.line === 2 && e.file === 't.csv',
  );
});

test('tab delimiter', () => {
  assert.deepEqual(parseCsv('a\tb\n"x\ty"\t2\n', { delimiter: '\t' }), [
    ['a', 'b'],
    ['x\ty', '2'],
  ]);
});

test('objects keyed by the header; a row with the wrong width is an error entry, not a throw', async () => {
  const out = [];
  for await (const r of iterateCsvObjects(['id,x\n1,2\n', '3\n4,5\n'], { file: 'w.csv' })) out.push(r);
  assert.equal(out.length, 3);
  assert.deepEqual('row' in out[0] && out[0].row, { id: '1', x: '2' });
  assert.ok('error' in out[1] && out[1].error.line === 3);
  assert.deepEqual('row' in out[2] && out[2].row, { id: '4', x: '5' });
});

test(
  'real file: JARVIS e-ph CSV with multi-line CIF fields, streamed from disk',
  { skip: skipUnlessShared('superconductors/jarvis-epc/train.csv') },
  async () => {
    const path = sharedDataPath('superconductors/jarvis-epc/train.csv')!;
    let n = 0;
    let first: string[] | undefined;
    let header: string[] | undefined;
    for await (const rec of iterateCsvRecords(createReadStream(path, { highWaterMark: 4096 }))) {
      if (!header) header = rec.fields;
      else {
        n++;
        first ??= rec.fields;
        assert.equal(rec.fields.length, 4);
        assert.match(rec.fields[2], /^# generated using pymatgen\ndata_/);
        assert.ok(Number.isFinite(Number(rec.fields[3])));
      }
    }
    assert.deepEqual(header, ['', 'material_id', 'cif', 'prop']);
    assert.equal(n, 846); // the README of the shared data
    assert.equal(first![1], 'JVASP-41679');
  },
);
