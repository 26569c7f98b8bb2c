// The parts of structure I/O that need no file system: pure text readers and writers, format
// detection, CSV parsing and table handling. Safe to bundle for the browser.
export { readCif, writeCif } from './cif.js';
export { readPoscar, writePoscar, type PoscarReadOptions, type PoscarWriteOptions } from './poscar.js';
export { readExtxyz, readExtxyzFrame, writeExtxyz, writeExtxyzFrames, parseKeyValues } from './xyz.js';
export {
  readPymatgenJson,
  writePymatgenJson,
  structureFromPymatgen,
  isPymatgenStructureDict,
  parseSpeciesString,
} from './pymatgen.js';
export { readOptimade, readOptimadeValue, structureFromOptimade, isOptimadeValue } from './optimade.js';
export { parsePythonLiteral } from './python-literal.js';
export {
  CsvParser,
  parseCsv,
  iterateCsvRecords,
  iterateCsvObjects,
  type CsvRecord,
  type CsvOptions,
} from './csv.js';
export {
  jsonTable,
  planTable,
  tableRowItem,
  readJsonTableValue,
  ID_COLUMNS,
  STRUCTURE_COLUMNS,
  type TableOptions,
  type TablePlan,
  type TableRow,
} from './table.js';
export { cellKind, structureFromCell, type CellKind } from './cell.js';
export {
  readStructureText,
  readStructureEntries,
  readJsonValue,
  writeStructure,
  idFromPath,
  type ReadTextOptions,
} from './convert.js';
export {
  formatFromPath,
  sniffFormat,
  parseFormatName,
  isStructureFileName,
  type StructureFormat,
  type WriteFormat,
} from './format.js';
export { checkStructure, checkLattice, overlapWarnings, OVERLAP_DISTANCE_A } from './checks.js';
export type { StructureEntry, ParsedItem } from './entry.js';
