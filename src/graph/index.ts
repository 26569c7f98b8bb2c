// Crystal graphs for graph networks: CGCNN featurisation, Gaussian edge features, batching, on-disk cache.
export {
  buildCrystalGraph,
  graphParams,
  DEFAULT_GRAPH_PARAMS,
  type CrystalGraph,
  type CrystalGraphOptions,
  type GraphParams,
} from './crystal-graph.js';
export { gaussianExpand, gaussianBasis, type GaussianOptions, type GaussianBasis } from './gaussian.js';
export { batchGraphs, type GraphBatch, type BatchOptions } from './batch.js';
export {
  featurizerHash,
  featurizerIdentity,
  graphParamsHash,
  type FeaturizerIdentity,
} from './fingerprint.js';
