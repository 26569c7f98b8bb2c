/**
 * POST /api/predict of `xtal lab`: the body is JSON `{ "model": "bulk-modulus", "file": "x.cif",
 * "text": "<structure text>" }` (at most the server's upload limit). Only models shipped with xtal are
 * accepted, by name (never a path: a client must not make the server read arbitrary files). Answers
 * `{ model, targets, mean, std }` per structure in the text, 400 for bad input, 503 while no such model
 * is shipped.
 */
import { loadModel, type PropertyModel } from '../models/property-model.js';
import { readStructureText } from '../structure/io/convert.js';
import { buildCrystalGraph } from '../graph/crystal-graph.js';

const cache = new Map<string, PropertyModel>();

export async function predictApi(body: Buffer): Promise<{ status: number; json: unknown }> {
  let req: { model?: unknown; file?: unknown; text?: unknown };
  try {
    req = JSON.parse(body.toString('utf8')) as typeof req;
  } catch {
    return { status: 400, json: { error: 'the body must be JSON: {"model", "file", "text"}' } };
  }
  const name = typeof req.model === 'string' ? req.model : 'bulk-modulus';
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(name))
    return { status: 400, json: { error: `bad model name "${name}"` } };
  if (typeof req.text !== 'string' || req.text.length === 0)
    return { status: 400, json: { error: 'no structure text' } };
  let model = cache.get(name);
  if (!model) {
    try {
      model = loadModel(name);
    } catch (e) {
      return { status: 503, json: { error: `model not available: ${(e as Error).message}` } };
    }
    cache.set(name, model);
  }
  try {
    const file = typeof req.file === 'string' ? req.file.replace(/^.*[\\/]/, '') : 'upload.cif';
    const structures = readStructureText(req.text, undefined, { file });
    const graphs = structures.map((s) => buildCrystalGraph(s, model.featurizer, model.graphOptions));
    const p = model.predictGraphs(graphs);
    return {
      status: 200,
      json: { model: model.name, targets: model.targets.map((t) => t.name), mean: p.mean, std: p.std },
    };
  } catch (e) {
    return { status: 400, json: { error: (e as Error).message } };
  }
}
