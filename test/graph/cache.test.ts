import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdtempSync,
  rmSync,
  statSync,
  truncateSync,
  appendFileSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lattice, type Vec3 } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { buildCrystalGraph, type CrystalGraph } from '../../src/graph/crystal-graph.js';
import { GraphCache } from '../../src/graph/cache.js';
import { Rng } from '../../src/engine/random.js';
import { XtalInputError } from '../../src/errors.js';
import { TestFeaturizer } from './test-featurizer.js';

const feat = new TestFeaturizer();
const ELEMENTS = ['H', 'C', 'O', 'Na', 'Cl', 'Fe'];

function randomGraphs(count: number, seed: number): [string, CrystalGraph][] {
  const rng = new Rng(seed);
  const out: [string, CrystalGraph][] = [];
  for (let c = 0; c < count; c++) {
    const a = rng.range(3, 7);
    const n = 1 + rng.int(6);
    const coords = Array.from({ length: n }, () => [rng.uniform(), rng.uniform(), rng.uniform()] as Vec3);
    const s = Structure.fromSpecies(
      Lattice.fromParameters(a, a * rng.range(0.8, 1.2), a * rng.range(0.8, 1.2), 85, 95, 100),
      coords.map(() => ELEMENTS[rng.int(ELEMENTS.length)]),
      coords,
    );
    // Some graphs padded (small radius), most not.
    out.push([`mp-${1000 + c}-é`, buildCrystalGraph(s, feat, { radiusA: c % 5 === 0 ? 3 : 8 })]);
  }
  return out;
}

function sameGraph(a: CrystalGraph, b: CrystalGraph): void {
  assert.equal(a.numAtoms, b.numAtoms);
  assert.equal(a.atomFeatureLength, b.atomFeatureLength);
  assert.equal(a.maxNeighbors, b.maxNeighbors);
  assert.equal(a.paddedAtoms, b.paddedAtoms);
  assert.equal(a.isolatedAtoms, b.isolatedAtoms);
  assert.deepEqual(Array.from(a.atomFeatures), Array.from(b.atomFeatures));
  assert.deepEqual(Array.from(a.neighborIndex), Array.from(b.neighborIndex));
  assert.deepEqual(Array.from(a.neighborDistanceA), Array.from(b.neighborDistanceA));
}

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'xtal-graph-cache-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The cache holds graphs built with different radii in these tests only to vary the padding; the header
// records the default parameters.
const opts = { featurizer: feat };

function fill(path: string, graphs: [string, CrystalGraph][]): void {
  const cache = GraphCache.open(path, opts);
  for (const [id, g] of graphs) cache.append(id, g);
  cache.close();
}

test('write N graphs, reopen, read back identical arrays in order', () => {
  withDir((dir) => {
    const path = join(dir, 'graphs.xgc');
    const graphs = randomGraphs(40, 1);
    fill(path, graphs);
    const cache = GraphCache.open(path, opts);
    assert.equal(cache.size, 40);
    assert.deepEqual(cache.recovery, { droppedIndexBytes: 0, droppedDataBytes: 0, reindexedEntries: 0 });
    assert.deepEqual(
      cache.ids(),
      graphs.map(([id]) => id),
    );
    for (const [id, g] of graphs) sameGraph(cache.get(id)!, g);
    let k = 0;
    for (const [id, g] of cache.entries()) {
      assert.equal(id, graphs[k][0]);
      sameGraph(g, graphs[k][1]);
      k++;
    }
    assert.equal(k, 40);
    assert.equal(cache.get('missing'), undefined);
    assert.ok(cache.get(graphs[0][0])!.warnings.length === 1, 'padding warning restored');
    // Appending after reopening continues the same files.
    const more = randomGraphs(3, 2).map(([id, g]) => [id + '-b', g] as [string, CrystalGraph]);
    for (const [id, g] of more) cache.append(id, g);
    assert.throws(() => cache.append(more[0][0], more[0][1]), /already holds/);
    cache.append(more[0][0], graphs[1][1], { replace: true });
    cache.close();
    const again = GraphCache.open(path, opts);
    assert.equal(again.size, 43);
    sameGraph(again.get(more[0][0])!, graphs[1][1]);
    sameGraph(again.get(more[2][0])!, more[2][1]);
    assert.equal(again.ids().length, 43);
    again.close();
  });
});

test('torn data write: the partial record is cut, earlier entries survive, appends go on', () => {
  withDir((dir) => {
    const path = join(dir, 'g.xgc');
    const graphs = randomGraphs(12, 3);
    fill(path, graphs.slice(0, 11));
    const good = statSync(path).size;
    const goodIndex = statSync(path + '.idx').size;
    // Simulate a crash in the middle of writing record 12: half of it reached the disk, no index entry.
    fill(path, graphs.slice(11));
    const full = statSync(path).size;
    truncateSync(path, good + Math.floor((full - good) / 2));
    truncateSync(path + '.idx', goodIndex);
    const cache = GraphCache.open(path, opts);
    assert.equal(cache.size, 11);
    assert.equal(cache.recovery.droppedDataBytes, Math.floor((full - good) / 2));
    for (const [id, g] of graphs.slice(0, 11)) sameGraph(cache.get(id)!, g);
    assert.equal(statSync(path).size, good, 'torn tail truncated');
    cache.append(graphs[11][0], graphs[11][1]);
    cache.close();
    const again = GraphCache.open(path, opts);
    assert.equal(again.size, 12);
    sameGraph(again.get(graphs[11][0])!, graphs[11][1]);
    again.close();
  });
});

test('crash between record and index entry: the complete record is indexed again', () => {
  withDir((dir) => {
    const path = join(dir, 'g.xgc');
    const graphs = randomGraphs(6, 4);
    fill(path, graphs.slice(0, 5));
    const idx = statSync(path + '.idx').size;
    fill(path, graphs.slice(5));
    // Index entry of the last record torn in the middle.
    truncateSync(path + '.idx', idx + 10);
    const cache = GraphCache.open(path, opts);
    assert.equal(cache.size, 6);
    assert.equal(cache.recovery.reindexedEntries, 1);
    assert.equal(cache.recovery.droppedIndexBytes, 10);
    for (const [id, g] of graphs) sameGraph(cache.get(id)!, g);
    cache.close();
    // The repaired index now opens cleanly.
    const again = GraphCache.open(path, opts);
    assert.deepEqual(again.recovery, { droppedIndexBytes: 0, droppedDataBytes: 0, reindexedEntries: 0 });
    again.close();
    // A lost index is rebuilt from the records.
    rmSync(path + '.idx');
    const rebuilt = GraphCache.open(path, opts);
    assert.equal(rebuilt.size, 6);
    assert.deepEqual(
      rebuilt.ids(),
      graphs.map(([id]) => id),
    );
    rebuilt.close();
  });
});

test('garbage after the last record is dropped; a corrupt record is reported on read', () => {
  withDir((dir) => {
    const path = join(dir, 'g.xgc');
    const graphs = randomGraphs(5, 5);
    fill(path, graphs);
    const size = statSync(path).size;
    appendFileSync(path, Buffer.from('XGR1 this is not a record at all, just junk bytes'));
    const cache = GraphCache.open(path, opts);
    assert.equal(cache.size, 5);
    assert.ok(cache.recovery.droppedDataBytes > 0);
    cache.close();
    assert.equal(statSync(path).size, size);
    // Flip one byte inside the second record's data.
    const bytes = readFileSync(path);
    const second = GraphCache.open(path, opts);
    const ids = second.ids();
    second.close();
    const g0 = graphs[0][1];
    const pos = bytes.indexOf(Buffer.from(ids[1], 'utf8')) + 64;
    bytes[pos] ^= 0xff;
    writeFileSync(path, bytes);
    const damaged = GraphCache.open(path, opts);
    sameGraph(damaged.get(ids[0])!, g0);
    assert.throws(
      () => damaged.get(ids[1]),
      (e: unknown) => e instanceof XtalInputError && /corrupt/.test(e.message),
    );
    damaged.close();
  });
});

test('parameters, featurizer and file type are checked on open', () => {
  withDir((dir) => {
    const path = join(dir, 'g.xgc');
    fill(path, randomGraphs(2, 6));
    assert.throws(
      () => GraphCache.open(path, { featurizer: feat, params: { radiusA: 6 } }),
      /other parameters/,
    );
    assert.throws(
      () => GraphCache.open(path, { featurizer: feat, params: { maxNeighbors: 8 } }),
      XtalInputError,
    );
    // Same name and length, different vectors: the featurizer hash tells them apart.
    class Scaled extends TestFeaturizer {
      override vector(element: string): number[] {
        return super.vector(element).map((x) => 2 * x);
      }
    }
    assert.throws(() => GraphCache.open(path, { featurizer: new Scaled() }), /other parameters/);
    const ok = GraphCache.open(path, { featurizer: feat, params: { radiusA: 8, maxNeighbors: 12 } });
    assert.equal(ok.size, 2);
    assert.equal(ok.header.params.paddingDistanceA, 9);
    assert.throws(
      () =>
        ok.append(
          'wrong-shape',
          buildCrystalGraph(Structure.fromSpecies(Lattice.cubic(3), ['H'], [[0, 0, 0]]), feat, {
            maxNeighbors: 4,
          }),
        ),
      /neighbours/,
    );
    ok.close();
    const notCache = join(dir, 'other.bin');
    writeFileSync(notCache, 'hello, this is not a graph cache file');
    assert.throws(() => GraphCache.open(notCache, opts), /not a graph cache/);
    assert.throws(() => GraphCache.open(join(dir, 'absent'), { ...opts, readOnly: true }), XtalInputError);
  });
});

test('getOrBuild builds once, then reads from the cache', () => {
  withDir((dir) => {
    const path = join(dir, 'g.xgc');
    const [[id, g]] = randomGraphs(1, 8);
    let builds = 0;
    const build = (): CrystalGraph => {
      builds++;
      return g;
    };
    const cache = GraphCache.open(path, opts);
    sameGraph(cache.getOrBuild(id, build), g);
    sameGraph(cache.getOrBuild(id, build), g);
    cache.close();
    const again = GraphCache.open(path, opts);
    sameGraph(again.getOrBuild(id, build), g);
    assert.equal(builds, 1);
    assert.equal(again.dataBytes, statSync(path).size);
    again.close();
  });
});

test('read-only open repairs nothing', () => {
  withDir((dir) => {
    const path = join(dir, 'g.xgc');
    const graphs = randomGraphs(3, 7);
    fill(path, graphs);
    appendFileSync(path, Buffer.alloc(30, 7));
    const size = statSync(path).size;
    const ro = GraphCache.open(path, { ...opts, readOnly: true });
    assert.equal(ro.size, 3);
    assert.throws(() => ro.append('x', graphs[0][1]), /read-only/);
    ro.close();
    assert.equal(statSync(path).size, size);
  });
});
