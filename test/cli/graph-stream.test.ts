import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { defaultAtomFeaturizer } from '../../src/elements/index.js';
import { XtalInputError } from '../../src/errors.js';
import { graphStream, graphWorkerAvailable, type GraphItem } from '../../src/cli/graph-stream.js';
import { buildExample, EXAMPLE_CRYSTALS } from '../../src/structure/examples/build.js';
import { writeCif } from '../../src/structure/io/cif.js';
import { projectPath } from '../helpers/shared-data.js';

const skip = graphWorkerAvailable()
  ? false
  : 'the graph worker runs from the compiled tree (npm test builds it)';

/** A folder of 70 CIFs (enough for several chunks), one corrupt, one empty, one with an unknown element. */
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xtal-gstream-'));
  for (let k = 0; k < 70; k++) {
    const e = EXAMPLE_CRYSTALS[k % EXAMPLE_CRYSTALS.length];
    writeFileSync(join(dir, `c${String(k).padStart(3, '0')}-${e.id}.cif`), writeCif(buildExample(e)));
  }
  writeFileSync(
    join(dir, 'c010-corrupt.cif'),
    'data_x\n_cell_length_a 3\n_cell_length_b\n loop_ _atom_site_label\n',
  );
  writeFileSync(join(dir, 'c020-empty.cif'), '');
  writeFileSync(
    join(dir, 'c030-unknown.cif'),
    writeCif(buildExample(EXAMPLE_CRYSTALS[0])).replace(/\bC\b/g, 'Xx'),
  );
  return dir;
}

async function collect(dir: string, reader: 'main' | 'worker'): Promise<GraphItem[]> {
  const out: GraphItem[] = [];
  for await (const it of graphStream([dir], { featurizer: defaultAtomFeaturizer(), reader, examples: true }))
    out.push(it);
  return out;
}

test(
  'graphs read in a worker thread = graphs read here: same order, ids, arrays and errors',
  { skip },
  async () => {
    const dir = folder();
    const here = await collect(dir, 'main');
    const there = await collect(dir, 'worker');
    assert.equal(there.length, here.length);
    assert.equal(here.length, EXAMPLE_CRYSTALS.length + 73);
    let bad = 0;
    here.forEach((a, i) => {
      const b = there[i];
      assert.equal(b.id, a.id);
      assert.equal(b.source, a.source);
      if (a.error) {
        bad++;
        assert.ok(b.error instanceof XtalInputError, `${a.id}: ${b.error}`);
        assert.equal(b.error.message, a.error.message);
      } else {
        assert.ok(b.graph && a.graph, a.id);
        assert.equal(b.graph.numAtoms, a.graph.numAtoms);
        assert.deepEqual(b.graph.atomFeatures, a.graph.atomFeatures);
        assert.deepEqual(b.graph.neighborIndex, a.graph.neighborIndex);
        assert.deepEqual(b.graph.neighborDistanceA, a.graph.neighborDistanceA);
      }
    });
    assert.equal(bad, 3);
  },
);

test('a reader error (no input at all) reaches the caller from the worker', { skip }, async () => {
  await assert.rejects(
    (async () => {
      for await (const it of graphStream([], { featurizer: defaultAtomFeaturizer(), reader: 'worker' }))
        void it;
    })(),
    (e: Error) => e instanceof XtalInputError && /no input/.test(e.message),
  );
});

test('stopping early ends the worker (the process can exit)', { skip }, async () => {
  const dir = folder();
  let n = 0;
  for await (const it of graphStream([dir], { featurizer: defaultAtomFeaturizer(), reader: 'worker' })) {
    void it;
    if (++n === 5) break;
  }
  assert.equal(n, 5);
});

test(
  'xtal predict gives the same CSV with 1 thread (no reader) and 2 threads (reader thread)',
  { skip },
  () => {
    const dir = folder();
    const run = (threads: string) =>
      spawnSync(
        process.execPath,
        [projectPath('bin', 'xtal.js'), 'predict', '--model', 'bulk-modulus', '--threads', threads, dir],
        {
          encoding: 'utf8',
          env: { ...process.env, CI: '1' },
        },
      );
    const one = run('1');
    const two = run('2');
    assert.equal(one.status, 1, one.stderr); // the three bad files make the exit status 1
    assert.equal(two.status, 1, two.stderr);
    assert.equal(two.stdout, one.stdout);
    assert.equal(one.stdout.trim().split('\n').length, 1 + 70);
    assert.match(two.stderr, /70 done, 3 failed/);
  },
);
