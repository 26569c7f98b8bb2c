/**
 * The shipped elastic-moduli models (models/bulk-modulus, models/shear-modulus): manifest, size, out-of-fold
 * accuracy against the elastic-mp DFT values (../shared/data/elastic-mp, skipped when absent), agreement of
 * the stored out-of-fold predictions with the shipped weights, and the physical order of the moduli of
 * xtal's example crystals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, shippedModelsDir, type PropertyModel } from '../../src/models/property-model.js';
import { predictStructures } from '../../src/models/predict.js';
import { buildCrystalGraph } from '../../src/graph/crystal-graph.js';
import { readStructureText } from '../../src/structure/io/convert.js';
import { buildExample, exampleById } from '../../src/structure/examples/build.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const SHIPPED = [
  { name: 'bulk-modulus', target: 'log10_K', column: 'K_VRH_GPa', bar: 0.06 },
  { name: 'shear-modulus', target: 'log10_G', column: 'G_VRH_GPa', bar: 0.12 },
] as const;

const models = new Map<string, PropertyModel>();
function shipped(name: string): PropertyModel {
  if (!models.has(name)) models.set(name, loadModel(name));
  return models.get(name)!;
}

/** Rows of a simple CSV (no quoted commas), keyed by header. */
function readCsv(path: string): Array<Record<string, string>> {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

const elementCount = (formula: string) => new Set(formula.match(/[A-Z][a-z]?/g) ?? []).size;

for (const { name, target } of SHIPPED) {
  test(`${name}: a ${target} ensemble of 5 fold members in log10(GPa), a few MB at most`, () => {
    const model = shipped(name);
    const m = model.manifest!;
    assert.equal(m.name, name);
    assert.equal(model.task, 'regression');
    assert.deepEqual(
      model.targets.map((t) => [t.name, t.unit]),
      [[target, 'log10(GPa)']],
    );
    assert.equal(model.members.length, 5);
    assert.deepEqual(
      m.members.map((s) => s.weights),
      [0, 1, 2, 3, 4].map((k) => `fold-${k}.safetensors`),
    );
    const dir = join(shippedModelsDir(), name);
    for (const f of ['MODEL_CARD.md', 'atom_init.json', 'test_predictions.csv', 'learning_curves.csv'])
      assert.ok(readdirSync(dir).includes(f), `${f} missing from ${dir}`);
    const bytes = readdirSync(dir).reduce((a, f) => a + statSync(join(dir, f)).size, 0);
    assert.ok(bytes < 5e6, `${name} is ${(bytes / 1e6).toFixed(1)} MB`);
    const card = readFileSync(join(dir, 'MODEL_CARD.md'), 'utf8');
    for (const heading of ['## Data and licence', '## Hyperparameters', '## Metrics', '## Training'])
      assert.ok(card.includes(heading), `model card lacks "${heading}"`);
  });

  test(
    `${name}: out-of-fold MAE against the elastic-mp DFT values is below ${target === 'log10_K' ? 0.06 : 0.12}`,
    { skip: skipUnlessShared('elastic-mp', 'targets.csv') },
    () => {
      const bar = SHIPPED.find((s) => s.name === name)!.bar;
      const column = SHIPPED.find((s) => s.name === name)!.column;
      // Truth from the DFT moduli in GPa, not from the log10 column or the file under test.
      const truth = new Map(
        readCsv(sharedDataPath('elastic-mp', 'targets.csv')!).map((r) => [
          r.material_id,
          { value: Math.log10(Number(r[column])), fold: r.fold, formula: r.formula },
        ]),
      );
      const oof = readCsv(join(shippedModelsDir(), name, 'test_predictions.csv'));
      // Every crystal exactly once, by the member of its own fixed fold.
      assert.equal(oof.length, truth.size);
      assert.equal(new Set(oof.map((o) => o.id)).size, truth.size);
      let sum = 0;
      let sumTernary = 0;
      let nTernary = 0;
      for (const o of oof) {
        const t = truth.get(o.id);
        assert.ok(t, `${o.id} is not in elastic-mp`);
        assert.equal(o.fold, `fold-${t.fold}`, `${o.id}: predicted by ${o.fold}, its fold is ${t.fold}`);
        const err = Math.abs(Number(o[`${target}_predicted`]) - t.value);
        assert.ok(Number.isFinite(err), `${o.id}: no prediction`);
        sum += err;
        if (elementCount(t.formula) >= 3) {
          sumTernary += err;
          nTernary++;
        }
      }
      const mae = sum / oof.length;
      assert.ok(mae < bar, `out-of-fold MAE ${mae.toFixed(4)} is not below ${bar}`);
      // The 305 ternary and quaternary crystals (all in the training folds of the other members) meet the same bar.
      assert.equal(nTernary, 305);
      assert.ok(sumTernary / nTernary < bar, `ternary+ MAE ${(sumTernary / nTernary).toFixed(4)}`);
    },
  );

  test(
    `${name}: the stored out-of-fold predictions are what the shipped members predict`,
    { skip: skipUnlessShared('elastic-mp', 'cifs') },
    () => {
      const model = shipped(name);
      const cifs = sharedDataPath('elastic-mp', 'cifs')!;
      const oof = readCsv(join(shippedModelsDir(), name, 'test_predictions.csv'));
      // Three crystals of each fold (the first, one from the middle, the last), each by its own member.
      for (let k = 0; k < 5; k++) {
        const rows = oof.filter((o) => o.fold === `fold-${k}`);
        const picks = [rows[0], rows[rows.length >> 1], rows[rows.length - 1]];
        const structures = picks.map((o) => readStructureText(readFileSync(join(cifs, `${o.id}.cif`), 'utf8'), 'cif')[0]);
        const got = predictStructures(model.members[k], structures).map((p) => p[0]);
        picks.forEach((o, i) =>
          assert.ok(
            Math.abs(got[i] - Number(o[`${target}_predicted`])) < 2e-3,
            `${o.id}: member fold-${k} predicts ${got[i]}, test_predictions.csv has ${o[`${target}_predicted`]}`,
          ),
        );
      }
    },
  );
}

test('the shipped models order the example crystals physically', () => {
  const ids = ['diamond', 'cBN', 'SiC-3C', 'Al2O3', 'MgO', 'NaCl', 'KCl', 'Cu', 'W', 'Al', 'Mg'];
  const structures = ids.map((id) => buildExample(exampleById(id)));
  const gpa = (name: string) => {
    const model = shipped(name);
    // Graphs through the model's own atom features and graph options, as `xtal predict` builds them.
    const p = model.predictGraphs(structures.map((s) => buildCrystalGraph(s, model.featurizer, model.graphOptions)));
    return new Map(ids.map((id, i) => [id, 10 ** p.mean[i][0]]));
  };
  const K = gpa('bulk-modulus');
  const G = gpa('shear-modulus');
  const above = (m: Map<string, number>, what: string, hi: string, lo: string) =>
    assert.ok(m.get(hi)! > m.get(lo)!, `${what}: ${hi} ${m.get(hi)!.toFixed(1)} GPa not above ${lo} ${m.get(lo)!.toFixed(1)} GPa`);
  // Bulk modulus (experimental room-temperature values, GPa): diamond 443 > cBN 400 > SiC 225 > MgO 162 >
  // NaCl 25 > KCl 17; W 310 > Cu 138 > Al 76 > Mg 35.
  for (const [hi, lo] of [
    ['diamond', 'cBN'],
    ['cBN', 'SiC-3C'],
    ['SiC-3C', 'MgO'],
    ['MgO', 'NaCl'],
    ['NaCl', 'KCl'],
    ['W', 'Cu'],
    ['Cu', 'Al'],
    ['Al', 'Mg'],
    ['diamond', 'W'],
  ])
    above(K, 'K', hi, lo);
  // Shear modulus: diamond 535 > cBN 405 > SiC 192 > Al2O3 163 > MgO 131 > Cu 48 > NaCl 15; W 161 > Cu > Al 26.
  for (const [hi, lo] of [
    ['diamond', 'cBN'],
    ['cBN', 'SiC-3C'],
    ['SiC-3C', 'MgO'],
    ['Al2O3', 'Cu'],
    ['MgO', 'NaCl'],
    ['Cu', 'NaCl'],
    ['W', 'Cu'],
    ['Cu', 'Al'],
  ])
    above(G, 'G', hi, lo);
  // Metals are soft in shear relative to compression (G/K < 0.6), diamond is not (G/K about 1.2).
  for (const metal of ['Cu', 'Al', 'W']) assert.ok(G.get(metal)! / K.get(metal)! < 0.6, `${metal}: G/K`);
  assert.ok(G.get('diamond')! / K.get('diamond')! > 0.8, 'diamond: G/K');
  // Order-of-magnitude scale: within a factor 1.6 of the experimental values.
  for (const [id, k, g] of [
    ['diamond', 443, 535],
    ['NaCl', 25, 14.7],
    ['MgO', 162, 131],
    ['Cu', 138, 48],
  ] as const) {
    assert.ok(K.get(id)! / k < 1.6 && k / K.get(id)! < 1.6, `${id}: K ${K.get(id)!.toFixed(1)} vs ${k} GPa`);
    assert.ok(G.get(id)! / g < 1.6 && g / G.get(id)! < 1.6, `${id}: G ${G.get(id)!.toFixed(1)} vs ${g} GPa`);
  }
});
