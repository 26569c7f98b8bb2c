export * from './lattice.js';
export * from './structure.js';
export * from './composition.js';
export * from './density.js';
