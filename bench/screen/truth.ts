/**
 * Against the truth: on elastic-mp, hardness and fracture toughness computed (with the same tier-1 code) from
 * the PREDICTED K and G against those computed from the DFT K_VRH and G_VRH of targets.csv. Prints a
 * Markdown table: MAE, Spearman rank correlation, and how many of the true top-50 hardest crystals are in the
 * predicted top-100. Rows: the fold-0 crystals (the honest figure) and all folds.
 *
 * Models: the shipped ensembles when models/bulk-modulus and models/shear-modulus exist, else the reference
 * CGCNN checkpoints. With --member-per-fold, a crystal of fold f is predicted by ensemble member f alone (its
 * out-of-fold prediction, for 5-fold ensembles whose member f was trained without fold f).
 *   npx tsx bench/screen/truth.ts [--member-per-fold] [--out table.md]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadModel, type EnsemblePrediction } from '../../src/models/property-model.js';
import type { CrystalGraph } from '../../src/graph/crystal-graph.js';
import {
  predictModuli,
  tier1Row,
  type ModulusModel,
  type ScreenRow,
} from '../../src/discovery/screen/index.js';
import { readCif } from '../../src/structure/io/cif.js';

const args = process.argv.slice(2);
const perFold = args.includes('--member-per-fold');
const outIdx = args.indexOf('--out');
const root = resolve(import.meta.dirname, '..', '..');
const data = resolve(root, '..', 'shared', 'data', 'elastic-mp');
if (!existsSync(join(data, 'targets.csv'))) {
  console.log(`skipped: ${data} not present`);
  process.exit(0);
}
const shipped =
  existsSync(join(root, 'models', 'bulk-modulus', 'model.json')) &&
  existsSync(join(root, 'models', 'shear-modulus', 'model.json'));
const pre = resolve(root, '..', 'shared', 'data', 'cgcnn', 'pretrained');
const bulk = loadModel(shipped ? 'bulk-modulus' : join(pre, 'bulk-moduli.safetensors'));
const shear = loadModel(shipped ? 'shear-modulus' : join(pre, 'shear-moduli.safetensors'));
const modelsLabel = shipped
  ? `shipped ensembles (${bulk.members.length} + ${shear.members.length} members)`
  : 'reference CGCNN checkpoints (bulk-moduli, shear-moduli)';

/** A model restricted to one member (the out-of-fold prediction). */
function member(m: typeof bulk, k: number): ModulusModel {
  return {
    name: `${m.name}[${k}]`,
    featurizer: m.featurizer,
    graphOptions: m.graphOptions,
    predictGraphs: (g: CrystalGraph[]): EnsemblePrediction => {
      const p = m.predictGraphs(g);
      const one = p.members[k];
      return { mean: one, std: one.map((r) => r.map(() => 0)), members: [one] };
    },
  };
}

interface Target {
  id: string;
  k: number;
  g: number;
  fold: number;
}
const lines = readFileSync(join(data, 'targets.csv'), 'utf8').trim().split('\n');
const head = lines[0].split(',');
const ci = (n: string) => head.indexOf(n);
const targets: Target[] = lines.slice(1).map((l) => {
  const c = l.split(',');
  return {
    id: c[ci('material_id')],
    k: Number(c[ci('K_VRH_GPa')]),
    g: Number(c[ci('G_VRH_GPa')]),
    fold: Number(c[ci('fold')]),
  };
});

const pred: ScreenRow[] = [];
const truth: ScreenRow[] = [];
const folds: number[] = [];
const t0 = Date.now();
const chunk = 128;
for (let b = 0; b < targets.length; b += chunk) {
  const part = targets.slice(b, b + chunk);
  const structures = part.map(
    (t) => readCif(readFileSync(join(data, 'cifs', `${t.id}.cif`), 'utf8'), { file: `${t.id}.cif` })[0],
  );
  const groups = perFold
    ? [0, 1, 2, 3, 4].map((f) => part.map((t, i) => (t.fold === f ? i : -1)).filter((i) => i >= 0))
    : [part.map((_, i) => i)];
  groups.forEach((idx, f) => {
    if (!idx.length) return;
    const models = perFold ? { bulk: member(bulk, f), shear: member(shear, f) } : { bulk, shear };
    const p = predictModuli(
      models,
      idx.map((i) => structures[i]),
    );
    idx.forEach((i, j) => {
      const t = part[i];
      const r = p.results[j];
      if (!r.prediction) return;
      const ctx = { id: t.id, source: 'elastic-mp', structure: structures[i] };
      pred.push(tier1Row(ctx, r.prediction));
      const lk = Math.log10(t.k);
      const lg = Math.log10(t.g);
      truth.push(
        tier1Row(ctx, {
          log10BulkMean: lk,
          log10ShearMean: lg,
          log10BulkMembers: [lk],
          log10ShearMembers: [lg],
        }),
      );
      folds.push(t.fold);
    });
  });
  process.stderr.write(`\r${Math.min(b + chunk, targets.length)}/${targets.length}`);
}
process.stderr.write(`\n${((Date.now() - t0) / 1000).toFixed(0)} s\n`);

function ranks(v: number[]): number[] {
  const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Array<number>(v.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}
function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const QUANTITIES: Array<[string, string]> = [
  ['hardness_mazhnik_oganov_GPa', 'H Mazhnik–Oganov (GPa)'],
  ['hardness_chen_GPa', 'H Chen (GPa)'],
  ['hardness_tian_GPa', 'H Tian (GPa)'],
  ['fracture_toughness_mazhnik_oganov_MPa_m05', 'K_IC Mazhnik–Oganov (MPa·m½)'],
  ['fracture_toughness_niu_MPa_m05', 'K_IC Niu (MPa·m½)'],
  ['bulk_modulus_GPa', 'K (GPa)'],
  ['shear_modulus_GPa', 'G (GPa)'],
];

const out: string[] = [];
out.push(`Models: ${modelsLabel}${perFold ? ', member f for fold f (out-of-fold)' : ''}.`, '');
out.push('| crystals | quantity | n | MAE | truth mean | Spearman ρ |');
out.push('|---|---|---|---|---|---|');
const subsets: Array<[string, (i: number) => boolean]> = [
  ['fold 0', (i) => folds[i] === 0],
  ['all folds', () => true],
];
for (const [name, keep] of subsets) {
  for (const [col, label] of QUANTITIES) {
    const p: number[] = [];
    const t: number[] = [];
    pred.forEach((r, i) => {
      const a = r[col];
      const b = truth[i][col];
      if (keep(i) && typeof a === 'number' && typeof b === 'number') {
        p.push(a);
        t.push(b);
      }
    });
    const mae = p.reduce((s, x, i) => s + Math.abs(x - t[i]), 0) / p.length;
    const mean = t.reduce((s, x) => s + x, 0) / t.length;
    out.push(
      `| ${name} | ${label} | ${p.length} | ${mae.toFixed(2)} | ${mean.toFixed(2)} | ${pearson(ranks(p), ranks(t)).toFixed(3)} |`,
    );
  }
}
out.push(
  '',
  '| crystals | true top-50 hardest (M–O) in predicted top-100 | true top-50 in predicted top-50 |',
  '|---|---|---|',
);
for (const [name, keep] of subsets) {
  const idx = pred
    .map((_, i) => i)
    .filter(
      (i) =>
        keep(i) &&
        typeof pred[i].hardness_mazhnik_oganov_GPa === 'number' &&
        typeof truth[i].hardness_mazhnik_oganov_GPa === 'number',
    );
  const byT = [...idx].sort(
    (a, b) =>
      (truth[b].hardness_mazhnik_oganov_GPa as number) - (truth[a].hardness_mazhnik_oganov_GPa as number),
  );
  const byP = [...idx].sort(
    (a, b) =>
      (pred[b].hardness_mazhnik_oganov_GPa as number) - (pred[a].hardness_mazhnik_oganov_GPa as number),
  );
  const t50 = new Set(byT.slice(0, 50));
  const in100 = byP.slice(0, 100).filter((i) => t50.has(i)).length;
  const in50 = byP.slice(0, 50).filter((i) => t50.has(i)).length;
  out.push(`| ${name} (${idx.length}) | ${in100} / 50 | ${in50} / 50 |`);
}
const text = out.join('\n') + '\n';
console.log(text);
if (outIdx >= 0) writeFileSync(args[outIdx + 1], text);
