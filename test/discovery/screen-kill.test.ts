// Resume after a real SIGKILL: a child process screens 24 examples in chunks of 2 (pausing after each chunk),
// is killed once some chunks are journaled, and the run is finished here; no structure is predicted twice
// and the results equal those of an uninterrupted run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScreen } from '../../src/discovery/screen/index.js';
import { EXAMPLE_CRYSTALS } from '../../src/structure/examples/build.js';
import { exampleEntries, testModels } from './screen-helpers.js';

const ids = EXAMPLE_CRYSTALS.slice(0, 24).map((e) => e.id);
const opts = { top: 5, dftTop: 0, chunkSize: 2, png: false, tstepK: 100 };
const here = fileURLToPath(new URL('.', import.meta.url));
const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

const lines = (file: string): number =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.endsWith('}')).length
    : 0;

test(
  'resume after SIGKILL: nothing computed twice, same results as an uninterrupted run',
  { timeout: 60000 },
  async () => {
    const cut = mkdtempSync(join(tmpdir(), 'xtal-kill-'));
    const script = join(cut, `child.${ext === 'ts' ? 'mts' : 'mjs'}`);
    writeFileSync(
      script,
      `import { runScreen } from ${JSON.stringify(join(here, '..', '..', 'src', 'discovery', 'screen', `index.${ext === 'ts' ? 'ts' : 'js'}`))};
import { exampleEntries, testModels } from ${JSON.stringify(join(here, `screen-helpers.${ext}`))};
const pause = new Int32Array(new SharedArrayBuffer(4));
await runScreen({ outDir: ${JSON.stringify(join(cut, 'out'))}, entries: exampleEntries(${JSON.stringify(ids)}), models: testModels(),
  ...${JSON.stringify(opts)}, afterChunk: () => Atomics.wait(pause, 0, 0, 300) });
`,
    );
    const journal = join(cut, 'out', '.state', 'tier1.jsonl');
    const child = spawn(process.execPath, [...process.execArgv, script], { stdio: 'ignore' });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const t0 = Date.now();
    while (lines(journal) < 4 && Date.now() - t0 < 40000) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;
    const before = lines(journal);
    assert.ok(before >= 4 && before < ids.length, `killed with ${before} rows journaled`);
    assert.ok(!existsSync(join(cut, 'out', 'results.csv')), 'the child did not finish');

    const models = testModels();
    const s = await runScreen({ outDir: join(cut, 'out'), entries: exampleEntries(ids), models, ...opts });
    assert.equal(s.tier1Resumed, before);
    assert.equal(models.bulk.predicted, ids.length - before, 'only the rest is computed');
    assert.equal(lines(journal), ids.length, 'one journal row per structure');

    const whole = mkdtempSync(join(tmpdir(), 'xtal-whole-'));
    await runScreen({ outDir: whole, entries: exampleEntries(ids), models: testModels(), ...opts });
    for (const f of ['results.csv', 'results.json', 'tier2.csv']) {
      assert.equal(readFileSync(join(cut, 'out', f), 'utf8'), readFileSync(join(whole, f), 'utf8'), f);
    }
  },
);
