/**
 * Crystal symmetry: space-group operations (the 230 groups in their 530 Hall settings, kept as data in
 * the repository), xyz operation strings, and space-group analysis of structures with moyo.
 */
export { spaceGroup, initSymmetry, initSymmetrySync, DEFAULT_SYMPREC } from './analyze.js';
export type { SpaceGroupInfo, SpaceGroupOptions } from './analyze.js';
export {
  operationsForSpaceGroup,
  operationsForSetting,
  findSetting,
  settingByHall,
  settingByHallSymbol,
  settingByHm,
  settingByNumber,
  allSettings,
  crystalSystemOf,
  normalizeHm,
} from './table.js';
export type { SpaceGroupSetting, LookupOptions } from './table.js';
export {
  parseSymOp,
  formatSymOp,
  applySymOp,
  composeSymOps,
  identitySymOp,
  missingProduct,
  SymOpSyntaxError,
} from './symop.js';
export type { SymOp } from './symop.js';
export { operationsFromHall } from './hall.js';
