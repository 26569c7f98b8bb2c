/**
 * Trains a small CGCNN on structures the student loaded (texts + targets), in the worker, on the xtal
 * engine: reads the structures (xtal's readers), builds crystal graphs (8 Å, 12 neighbours, 41 Gaussian
 * edge features), splits train/validation/test, normalises targets by the training mean and standard
 * deviation, and trains with Adam on minibatches. With several depths it trains one network per depth
 * and reports, per depth, the test MAE and how alike the atom features become layer by layer.
 */
import { backward, mean, square, sub, tensor, tidy, Adam, Rng } from '../lib/engine.js';
import { readStructureText } from '../../../src/structure/io/convert.js';
import { buildCrystalGraph, type CrystalGraph } from '../../../src/graph/crystal-graph.js';
import { batchGraphs } from '../../../src/graph/batch.js';
import { cgcnnAtomFeaturizer } from '../../../src/elements/cgcnn-features.js';
import { CgcnnNet, batchTensors, meanAverageDistance, predictBatch } from '../lib/cgcnn-model.js';
import type { Emit, JobContext } from './types.js';

export interface CgcnnItem {
  id: string;
  text: string;
  /** File name or format hint for the reader (e.g. "x.cif", "POSCAR"). */
  file: string;
  target: number;
}

export interface CgcnnParams {
  items: CgcnnItem[];
  depths: number[];
  atomFeaLen: number;
  hFeaLen: number;
  epochs: number;
  lr: number;
  batchSize: number;
  /** Fractions for validation and test (train = the rest). */
  valFraction: number;
  testFraction: number;
  seed: number;
  targetName?: string;
}

export async function cgcnnTrain(p: CgcnnParams, emit: Emit, ctx: JobContext): Promise<void> {
  const featurizer = cgcnnAtomFeaturizer();
  const graphs: CrystalGraph[] = [];
  const targets: number[] = [];
  const ids: string[] = [];
  const bad: Array<{ id: string; message: string }> = [];
  for (const it of p.items) {
    try {
      const s = readStructureText(it.text, undefined, { file: it.file })[0];
      if (!s) throw new Error('no structure in the file');
      if (!Number.isFinite(it.target)) throw new Error('target is not a number');
      graphs.push(buildCrystalGraph(s, featurizer, { radiusA: 8, maxNeighbors: 12 }));
      targets.push(it.target);
      ids.push(it.id);
    } catch (e) {
      bad.push({ id: it.id, message: String((e as Error)?.message ?? e) });
    }
    if (graphs.length % 20 === 0 && !(await ctx.tick())) return;
  }
  const n = graphs.length;
  emit({ kind: 'prepared', ok: n, bad, atoms: graphs.reduce((a, g) => a + g.numAtoms, 0) });
  if (n < 6) throw new Error(`need at least 6 readable structures with targets, got ${n}`);

  const rng = new Rng(p.seed);
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const nTe = Math.max(1, Math.round(p.testFraction * n));
  const nVa = Math.max(1, Math.round(p.valFraction * n));
  const te = order.slice(0, nTe);
  const va = order.slice(nTe, nTe + nVa);
  const tr = order.slice(nTe + nVa);
  const trT = tr.map((i) => targets[i]);
  const mu = trT.reduce((a, b) => a + b, 0) / trT.length;
  const sd = Math.sqrt(trT.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(1, trT.length - 1)) || 1;
  emit({ kind: 'split', train: tr.length, val: va.length, test: te.length, mean: mu, std: sd });

  const mae = (net: CgcnnNet, idx: number[]) => {
    if (idx.length === 0) return NaN;
    let s = 0;
    for (let k = 0; k < idx.length; k += 64) {
      const part = idx.slice(k, k + 64);
      const pred = tidy(() => predictBatch(net, batchTensors(batchGraphs(part.map((i) => graphs[i])))));
      part.forEach((i, r) => (s += Math.abs(pred[r] * sd + mu - targets[i])));
    }
    return s / idx.length;
  };

  for (const depth of p.depths) {
    const net = new CgcnnNet({
      origAtomFeaLen: graphs[0].atomFeatureLength,
      nbrFeaLen: 41,
      atomFeaLen: p.atomFeaLen,
      hFeaLen: p.hFeaLen,
      nConv: depth,
      seed: p.seed + depth,
    });
    const opt = new Adam(net.params(), { lr: p.lr });
    const trainOrder = tr.slice();
    const t0 = performance.now();
    for (let epoch = 1; epoch <= p.epochs; epoch++) {
      rng.shuffle(trainOrder);
      let lossSum = 0;
      for (let k = 0; k < trainOrder.length; k += p.batchSize) {
        const part = trainOrder.slice(k, k + p.batchSize);
        if (part.length < 2) continue;
        lossSum += tidy(() => {
          const b = batchTensors(batchGraphs(part.map((i) => graphs[i])));
          const y = tensor(
            Float32Array.from(part, (i) => (targets[i] - mu) / sd),
            [part.length, 1],
          );
          const l = mean(square(sub(net.forward(b, true), y)));
          backward(l);
          return l.item() * part.length;
        });
        opt.step();
        opt.zeroGrad();
        if (!(await ctx.tick())) return;
      }
      emit({
        kind: 'epoch',
        depth,
        epoch,
        trainLoss: lossSum / trainOrder.length,
        trainMae: mae(net, tr.slice(0, 200)),
        valMae: mae(net, va),
        seconds: (performance.now() - t0) / 1000,
      });
    }
    // how alike atom features become, layer by layer (validation crystals, eval mode)
    const mad = tidy(() => {
      const part = va.slice(0, 64);
      const b = batchGraphs(part.map((i) => graphs[i]));
      const bt = batchTensors(b);
      net.forward(bt, false, true);
      return net.layerOutputs.map((t) =>
        meanAverageDistance(t.data as Float32Array, t.shape[1], b.crystalOffsets),
      );
    });
    const testPred: Array<[number, number]> = [];
    const pred = tidy(() => predictBatch(net, batchTensors(batchGraphs(te.map((i) => graphs[i])))));
    te.forEach((i, r) => testPred.push([targets[i], pred[r] * sd + mu]));
    emit({
      kind: 'final',
      depth,
      testMae: mae(net, te),
      valMae: mae(net, va),
      mad,
      testPred,
      model: net.toSafetensors(
        { mean: mu, std: sd },
        { target: p.targetName ?? 'target', trainSize: tr.length },
      ),
    });
  }
}
