/**
 * Models shipped with xtal, in the browser: each is an xtal model folder (model.json manifest, one
 * safetensors file per ensemble member, atom_init.json) copied by the build to dist/web/models/<name>/.
 * They are rebuilt with the library's own network (src/models CrystalGraphConvNet, loadStateDict) and
 * predicted with its predictGraphs, the same path `xtal predict --model <name>` takes, so the page and the
 * command line agree. The ensemble spread (sample standard deviation over members) is the uncertainty.
 */
import { CrystalGraphConvNet } from '../../../src/models/cgcnn.js';
import { predictGraphs, type Predictable } from '../../../src/models/predict.js';
import { loadStateDict } from '../../../src/nn/state-dict.js';
import { decodeSafetensors } from '../../../src/nn/safetensors.js';
import { loadAtomFeaturesJson } from '../../../src/elements/feature-table.js';
import { buildCrystalGraph } from '../../../src/graph/crystal-graph.js';
import type { ModelManifest } from '../../../src/models/property-model.js';
import type { Structure } from '../../../src/structure/structure.js';

export interface Prediction {
  /** [crystal][target] */
  mean: number[][];
  std: number[][];
}

/** Anything the prediction page can use: a shipped ensemble or a single uploaded network. */
export interface Predictor {
  name: string;
  /** Target names, e.g. ["log10_K"]. */
  targets: string[];
  /** Members of the ensemble (1 for a single network). */
  members: number;
  predict(structures: Structure[]): Prediction;
}

async function fetchOk(url: string): Promise<Response> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r;
}

/** Loads one model folder served under `base` (ending in "/"). */
export async function loadModelFolder(base: string, name: string): Promise<Predictor> {
  const manifest = (await (await fetchOk(`${base}model.json`)).json()) as ModelManifest;
  if (manifest.format !== 'xtal-model') throw new Error(`${name}: not an xtal model folder`);
  const featurizer = loadAtomFeaturesJson(await (await fetchOk(`${base}${manifest.atomFeatures}`)).text(), {
    file: `${name}/${manifest.atomFeatures}`,
  });
  const members: Predictable[] = [];
  for (const spec of manifest.members) {
    const model = new CrystalGraphConvNet(spec.config);
    const bytes = new Uint8Array(await (await fetchOk(`${base}${spec.weights}`)).arrayBuffer());
    loadStateDict(model, decodeSafetensors(bytes, spec.weights).tensors, {
      strict: true,
      file: spec.weights,
    });
    model.eval();
    members.push({ model, normalizer: spec.normalizer, featurizer, graph: manifest.graph });
  }
  return {
    name: manifest.name ?? name,
    targets: manifest.targets.map((t) => t.name),
    members: members.length,
    predict(structures) {
      const graphs = structures.map((s) => buildCrystalGraph(s, featurizer, manifest.graph ?? {}));
      const per = members.map((m) => predictGraphs(m, graphs));
      const mean: number[][] = [];
      const std: number[][] = [];
      graphs.forEach((_, c) => {
        const mu = per[0][c].map((_, t) => per.reduce((a, p) => a + p[c][t], 0) / per.length);
        const sd = mu.map((m, t) =>
          per.length > 1 ? Math.sqrt(per.reduce((a, p) => a + (p[c][t] - m) ** 2, 0) / (per.length - 1)) : 0,
        );
        mean.push(mu);
        std.push(sd);
      });
      return { mean, std };
    },
  };
}
