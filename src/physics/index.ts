// Public API of the physics library: elasticity, hardness, toughness, Debye models, expansion bound, EOS, QHA.
export * from './constants.js';
export * from './elasticity.js';
export * from './hardness.js';
export * from './toughness.js';
export * from './debye-functions.js';
export * from './debye.js';
export * from './expansion-bound.js';
export * from './conductivity.js';
export * from './validity.js';
export * from './mechanical.js';
export * from './eos.js';
export * from './qha-debye.js';
export * from './qha-phonon.js';
export * from './stiffness-file.js';
export * from './ev-file.js';
