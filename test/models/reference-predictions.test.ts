import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadReferenceModel } from '../../src/models/reference.js';
import { predictStructures } from '../../src/models/predict.js';
import { readCif } from '../../src/structure/io/cif.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

function readCsv(path: string): Map<string, number> {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  return new Map(lines.map((l) => l.split(',')).map((f) => [f[0], Number(f[f.length - 1])]));
}

const MODELS = [
  'band-gap',
  'bulk-moduli',
  'efermi',
  'final-energy-per-atom',
  'formation-energy-per-atom',
  'poisson-ratio',
  'shear-moduli',
];

for (const fmt of ['safetensors', 'pth.tar']) {
  test(
    `the 8 reference models (${fmt}) reproduce the reference predictions on the sample CIFs`,
    { skip: skipUnlessShared('cgcnn', 'pretrained') },
    () => {
      const cg = sharedDataPath('cgcnn')!;
      for (const [dir, models] of [
        ['sample-regression', MODELS],
        ['sample-classification', ['semi-metal-classification']],
      ] as const) {
        const folder = join(cg, dir);
        const ids = readdirSync(folder)
          .filter((f) => f.endsWith('.cif'))
          .map((f) => f.slice(0, -4));
        const structures = ids.map((id) => readCif(readFileSync(join(folder, `${id}.cif`), 'utf8'), { file: id })[0]);
        for (const name of models) {
          const m = loadReferenceModel(join(cg, 'pretrained', `${name}.${fmt}`));
          const want = readCsv(join(cg, 'reference-predictions', `${dir}.${name}.csv`));
          const got = predictStructures(m, structures);
          ids.forEach((id, i) => {
            const w = want.get(id)!;
            assert.ok(Math.abs(got[i][0] - w) <= 1e-4 * Math.max(1, Math.abs(w)), `${name} ${id}: ${got[i][0]} vs ${w}`);
          });
        }
      }
    },
  );
}
