// `xtal screen` end to end with the real models: the shipped ensembles when they exist, else the reference
// CGCNN checkpoints (skips with a message when neither is there). Checks the ordering of the built-in
// examples on the Ashby diagram, the outputs, and the report in headless Chromium (skips without chromium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screenCommand, type ScreenCliOptions } from '../../src/cli/commands/screen.js';
import { parseCsv } from '../../src/discovery/screen/index.js';
import { XtalInputError } from '../../src/errors.js';
import { launchChromium, skipUnlessChromium } from '../helpers/browser.js';
import { projectPath, sharedDataPath } from '../helpers/shared-data.js';

const shipped =
  existsSync(projectPath('models', 'bulk-modulus', 'model.json')) &&
  existsSync(projectPath('models', 'shear-modulus', 'model.json'));
const refBulk = sharedDataPath('cgcnn', 'pretrained', 'bulk-moduli.safetensors');
const refShear = sharedDataPath('cgcnn', 'pretrained', 'shear-moduli.safetensors');
const skip =
  shipped || (refBulk && refShear)
    ? false
    : 'needs the shipped models or ../shared/data/cgcnn/pretrained (not present)';

function options(out: string | undefined): ScreenCliOptions {
  return {
    out,
    examples: true,
    bulkModel: shipped ? 'bulk-modulus' : refBulk!,
    shearModel: shipped ? 'shear-modulus' : refShear!,
    top: '10',
    dftTop: '3',
    rankBy: 'hardness',
    colorBy: 'bulk_modulus_GPa',
    tmax: '1000',
    tstep: '50',
    chunkSize: '16',
    png: true,
    plotSample: '5000',
    seed: '1',
  };
}

let outDir: string | undefined;

test(
  'xtal screen --examples: diamond and cBN at the top of the Ashby diagram, NaCl at the bottom',
  { skip },
  async () => {
    const out = mkdtempSync(join(tmpdir(), 'xtal-screen-cli-'));
    const s = await screenCommand([], options(out));
    outDir = out;
    assert.equal(s.screened, 50);
    assert.equal(s.failed, 0);
    const csv = parseCsv(readFileSync(join(out, 'results.csv'), 'utf8'));
    const head = csv[0];
    const rows = csv.slice(1).filter((r) => r.length === head.length);
    const col = (name: string) => head.indexOf(name);
    const byHardness = [...rows].sort(
      (a, b) => Number(b[col('hardness_mazhnik_oganov_GPa')]) - Number(a[col('hardness_mazhnik_oganov_GPa')]),
    );
    const place = (id: string) => byHardness.findIndex((r) => r[col('id')] === id) + 1;
    // The reference checkpoints under-predict diamond (K ≈ 157 GPa against ≈ 440 GPa from DFT) and put it 8th
    // of 50; the shipped ensembles are held to the top 5.
    const topN = shipped ? 5 : 10;
    assert.ok(place('cBN') <= topN, `cBN is ${place('cBN')}th hardest`);
    assert.ok(place('diamond') <= topN, `diamond is ${place('diamond')}th hardest`);
    for (const soft of ['NaCl', 'KCl', 'CsCl'])
      assert.ok(place(soft) > 50 - 5, `${soft} is ${place(soft)}th`);
    // Reference checkpoints have one member: no spread, and the flag says so.
    if (!shipped) {
      assert.equal(rows[0][col('bulk_modulus_GPa_std')], '');
      assert.match(rows[0][col('flags')], /no-ensemble-spread/);
    }
    // The Ashby diagram labels the references and the PNG is a PNG.
    const svg = readFileSync(join(out, 'ashby.svg'), 'utf8');
    for (const id of ['diamond', 'cBN', 'NaCl']) assert.match(svg, new RegExp(`>${id}<`));
    assert.deepEqual([...readFileSync(join(out, 'ashby.png')).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const y = (id: string) => Number(new RegExp(`cy="([\\d.]+)"[^>]*><title>${id}:`).exec(svg)![1]);
    assert.ok(y('cBN') < y('NaCl') && y('diamond') < y('NaCl'), 'higher on the diagram (smaller pixel y)');
    const tier2 = rows.filter((r) => r[col('tier2_method')] !== '');
    assert.equal(tier2.length, 10);
    assert.ok(tier2.every((r) => r[col('tier2_method')] === 'extrapolated'));
  },
);

test(
  'report.html in headless Chromium: self-contained, clicking a header reorders the table',
  { skip: skip || skipUnlessChromium() },
  async () => {
    assert.ok(outDir, 'the screen above ran');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto('file://' + join(outDir, 'report.html'));
      const ids = () =>
        page.$$eval('#results tbody tr', (trs) =>
          trs.map((tr) => (tr as HTMLTableRowElement).cells[2].textContent),
        );
      const before = await ids();
      assert.equal(before.length, 50);
      await page.click('#results th[data-col="id"]');
      const after = await ids();
      assert.notDeepEqual(after, before);
      assert.deepEqual(
        after,
        [...before].sort((a, b) => String(a).localeCompare(String(b))),
      );
      await page.click('#results th[data-col="id"]');
      assert.deepEqual(await ids(), [...after].reverse());
      // Filter: typing narrows the rows.
      await page.fill('#filter', 'NaCl');
      const shown = await page.$$eval(
        '#results tbody tr',
        (trs) => trs.filter((tr) => (tr as HTMLElement).style.display !== 'none').length,
      );
      assert.equal(shown, 1);
      assert.deepEqual(errors, []);
      assert.deepEqual(
        requests.filter((u) => !u.startsWith('file://')),
        [],
        'no external requests',
      );
    } finally {
      await browser.close();
    }
  },
);

test('xtal screen: bad options are reported before any work, naming the option', async () => {
  const out = mkdtempSync(join(tmpdir(), 'xtal-screen-opts-'));
  const base = { ...options(out), bulkModel: 'no-such-model', shearModel: 'no-such-model' };
  await assert.rejects(
    screenCommand([], { ...base, colorBy: 'nope' }),
    (e: unknown) => e instanceof XtalInputError && e.field === '--color-by',
  );
  await assert.rejects(
    screenCommand([], { ...base, rankBy: 'hardness_mazhnik_oganov_GPa *' }),
    (e: unknown) => e instanceof XtalInputError && e.field === '--rank-by',
  );
  await assert.rejects(
    screenCommand([], { ...base, top: '-1' }),
    (e: unknown) => e instanceof XtalInputError && e.field === '--top',
  );
  await assert.rejects(screenCommand([], { ...base, out: undefined }), /--out/);
  await assert.rejects(screenCommand([], { ...base, examples: false }), /no input/);
  // A model that does not exist is named when tier 1 needs it.
  await assert.rejects(screenCommand([], base), /no model "no-such-model"/);
});
