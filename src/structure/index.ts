export * from './lattice.js';
export * from './structure.js';
