/** The screening funnel: tier 1 (ML), tier 2 (quasi-harmonic Debye), tier 3 (DFT hand-off and import). */
export {
  runScreen,
  importDft,
  type ScreenOptions,
  type ScreenSummary,
  type ScreenConfig,
  type ProgressBar,
} from './run.js';
export { finishScreen, RESULT_COLUMNS, FINALIST_COLUMNS, type FinishSummary } from './finish.js';
export {
  tier1Row,
  metalFromProperties,
  memberModuli,
  sampleStd,
  TIER1_COLUMNS,
  type ScreenRow,
  type Cell,
  type ModuliPrediction,
} from './tier1.js';
export { predictModuli, modelsShareGraphs, type ModulusModel, type ModuliModels } from './predict.js';
export { RankTable, parseRankBy, type RankBy } from './rank.js';
export { tier2FromRow, temperatureGrid, TIER2_COLUMNS, TIER2_CURVE_COLUMNS } from './tier2.js';
export { writeDftHandoff, safeFolderName, DFT_LINEAR_STRAINS, type DftManifest } from './dft-handoff.js';
export {
  importFinalist,
  readManifest,
  TIER3_COLUMNS,
  METHOD_DFT_DEBYE,
  METHOD_DFT_PHONON,
} from './dft-import.js';
export { parseThermalPropertiesYaml, type ThermalProperties } from './phonopy-yaml.js';
export { Journal } from './journal.js';
export { screenEntries, estimateCount } from './inputs.js';
export { parseCsv } from './table-writer.js';
