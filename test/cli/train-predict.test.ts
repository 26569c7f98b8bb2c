import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExample, EXAMPLE_CRYSTALS } from '../../src/structure/examples/build.js';
import { writeCif } from '../../src/structure/io/cif.js';
import { loadModel } from '../../src/models/property-model.js';
import { buildCrystalGraph } from '../../src/graph/crystal-graph.js';
import { projectPath } from '../helpers/shared-data.js';

const XTAL = projectPath('bin', 'xtal.js');
function xtal(args: string[]) {
  const r = spawnSync(process.execPath, [XTAL, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function dataset(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xtal-train-'));
  mkdirSync(join(dir, 'cifs'));
  const rows = ['material_id,volume_per_atom,fold'];
  EXAMPLE_CRYSTALS.slice(0, 24).forEach((e, i) => {
    const s = buildExample(e);
    writeFileSync(join(dir, 'cifs', `${e.id}.cif`), writeCif(s));
    rows.push(`${e.id},${s.volumePerAtomA3.toFixed(4)},${i % 3}`);
  });
  rows.push('no-such-crystal,10,0');
  writeFileSync(join(dir, 'targets.csv'), rows.join('\n') + '\n');
  return dir;
}

const common = [
  '--target',
  'volume_per_atom',
  '--epochs',
  '3',
  '-b',
  '8',
  '--atom-fea-len',
  '16',
  '--h-fea-len',
  '16',
  '--n-conv',
  '2',
  '--threads',
  '1',
];

test('train → model folder; predict and evaluate read it back; the CLI equals the library', () => {
  const dir = dataset();
  const out = join(dir, 'model');
  const r = xtal([
    'train',
    '--data',
    join(dir, 'targets.csv'),
    '--structures',
    join(dir, 'cifs'),
    '--folds',
    '2',
    ...common,
    '--out',
    out,
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /1 rows skipped/);
  for (const f of [
    'model.json',
    'fold-0.safetensors',
    'fold-1.safetensors',
    'atom_init.json',
    'MODEL_CARD.md',
    'learning_curves.csv',
    'learning_curves.svg',
    'test_predictions.csv',
    'skipped.csv',
  ]) {
    assert.ok(existsSync(join(out, f)), f);
  }
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.folds.length, 2);
  assert.equal(summary.crossValidation.n, 24);
  const curves = readFileSync(join(out, 'learning_curves.csv'), 'utf8').trim().split('\n');
  assert.equal(curves.length, 1 + 2 * 3);

  const p = xtal(['predict', '--model', out, join(dir, 'cifs')]);
  assert.equal(p.status, 0, p.stderr);
  const lines = p.stdout.trim().split('\n');
  assert.equal(lines[0], 'id,prediction,std');
  assert.equal(lines.length, 25);
  const model = loadModel(out);
  const diamond = lines.find((l) => l.startsWith('diamond,'))!.split(',');
  const lib = model.predictGraphs([
    buildCrystalGraph(buildExample(EXAMPLE_CRYSTALS[0]), model.featurizer, model.graphOptions),
  ]);
  assert.ok(Math.abs(Number(diamond[1]) - lib.mean[0][0]) < 1e-5 * Math.max(1, Math.abs(lib.mean[0][0])));
  assert.ok(Math.abs(Number(diamond[2]) - lib.std[0][0]) < 1e-4);

  const e = xtal([
    'evaluate',
    '--model',
    out,
    '--data',
    join(dir, 'targets.csv'),
    '--structures',
    join(dir, 'cifs'),
    '--target',
    'volume_per_atom',
    '--json',
  ]);
  assert.equal(e.status, 0, e.stderr);
  const m = JSON.parse(e.stdout);
  assert.equal(m.rows, 24);
  assert.ok(m.metrics[0].mae > 0 && Number.isFinite(m.metrics[0].rmse));

  const again = xtal([
    'train',
    '--data',
    join(dir, 'targets.csv'),
    '--structures',
    join(dir, 'cifs'),
    '--folds',
    '2',
    ...common,
    '--resume',
    '--out',
    out,
  ]);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(
    JSON.parse(again.stdout).crossValidation,
    summary.crossValidation,
    'resuming a finished run reuses its folds',
  );
});

test('fold column split and clear errors for a wrong column, a wrong model and a bad option', () => {
  const dir = dataset();
  const ok = xtal([
    'train',
    '--data',
    join(dir, 'targets.csv'),
    '--structures',
    join(dir, 'cifs'),
    '--fold-column',
    'fold',
    '--test-fold',
    '0',
    ...common,
    '--out',
    join(dir, 'm'),
  ]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).folds[0].test.n, 8);
  const badCol = xtal([
    'train',
    '--data',
    join(dir, 'targets.csv'),
    '--structures',
    join(dir, 'cifs'),
    ...common.map((x) => (x === 'volume_per_atom' ? 'bulk' : x)),
    '--out',
    join(dir, 'x'),
  ]);
  assert.equal(badCol.status, 1);
  assert.match(badCol.stderr, /"bulk" not in the data \(columns: .*volume_per_atom/);
  const badModel = xtal(['predict', '--model', join(dir, 'targets.csv'), join(dir, 'cifs')]);
  assert.equal(badModel.status, 1);
  assert.match(badModel.stderr, /targets\.csv/);
  const badLr = xtal([
    'train',
    '--data',
    join(dir, 'targets.csv'),
    '--structures',
    join(dir, 'cifs'),
    ...common,
    '--lr',
    'fast',
    '--out',
    join(dir, 'y'),
  ]);
  assert.equal(badLr.status, 1);
  assert.match(badLr.stderr, /--lr/);
});
