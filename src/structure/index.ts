export * from './lattice.js';
export * from './structure.js';
export * from './composition.js';
export * from './density.js';
export { neighborList, type NeighborList, type NeighborListOptions } from './neighbors.js';
export { neighborsToJson, neighborsToText } from './neighbors/format.js';
