// The element layer: the periodic table, atom feature vectors for crystal graphs, and their files.
export {
  ELEMENTS,
  AVOGADRO,
  periodOf,
  groupOf,
  blockOf,
  valenceElectronsOf,
  type Element,
  type Block,
} from './element.js';
export { element, findElement, isElementSymbol, atomicMass } from './lookup.js';
export type { AtomFeaturizer } from './featurizer.js';
export {
  TableAtomFeaturizer,
  elementFeatures,
  atomFeaturesToObject,
  atomFeaturesToJson,
  loadAtomFeaturesJson,
  type LoadAtomFeaturesOptions,
} from './feature-table.js';
export {
  CGCNN_SEGMENTS,
  CGCNN_FEATURE_LENGTH,
  COVALENT_RADIUS_RANGE_A,
  binIndex,
  binEdges,
  segmentPosition,
  cgcnnElementVector,
  cgcnnAtomFeaturizer,
  defaultAtomFeaturizer,
  type Segment,
  type BinnedSegment,
  type CategoricalSegment,
} from './cgcnn-features.js';
export {
  ATOM_FEATURES_FILE_NAME,
  readAtomFeaturesFile,
  writeAtomFeaturesFile,
  findAtomFeaturesNear,
} from './feature-files.js';
