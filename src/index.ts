// The public API of xtal: each domain re-exports its own public parts.
export * from './errors.js';
export * from './elements/index.js';
export * from './structure/index.js';
export * from './physics/index.js';
