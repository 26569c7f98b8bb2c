// Structure files: readers, writers, format detection, dataset descriptions and the batch input stream.
// Pure text readers (browser-safe) and Node-only helpers (files, folders, globs) are both exported here;
// browser code should import from './browser.js' instead.
export * from './browser.js';
export { readTextFile, fileLines, fileStream, fileHead, isGzipPath } from './files.js';
export { expandGlob, hasGlobMagic, segmentRegExp } from './glob.js';
export {
  readDatasetTable,
  readCgcnnDataset,
  iterateDatasetRows,
  findDatasetInFolder,
  isCgcnnFolder,
  StructureFolder,
  type DatasetRow,
  type DatasetTable,
  type DatasetTableOptions,
} from './dataset.js';
export { iterateStructures, UniqueIds, type IterateOptions } from './iterate.js';
