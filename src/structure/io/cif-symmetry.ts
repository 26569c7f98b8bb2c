/**
 * Which symmetry operations a CIF block means: its explicit xyz operations (checked for closure and
 * against the group it names), else its Hall symbol, Hermann–Mauguin symbol or ITA number looked up in
 * xtal's table, with the axes and origin-choice rules of docs/cif.md.
 */
import type { Lattice } from '../lattice.js';
import {
  findSetting,
  operationsForSetting,
  settingByHallSymbol,
  settingByHm,
  settingByNumber,
  type SpaceGroupSetting,
} from '../symmetry/table.js';
import {
  composeSymOps,
  identitySymOp,
  missingProduct,
  parseSymOp,
  SymOpSyntaxError,
  type SymOp,
} from '../symmetry/symop.js';
import { operationsFromHall } from '../symmetry/hall.js';
import type { CifBlock } from './cif-parse.js';
import { fail, parseCifNumber } from './cif-values.js';

const OPERATION_TAGS = [
  '_space_group_symop_operation_xyz',
  '_symmetry_equiv_pos_as_xyz',
  // Magnetic CIF: operations "x,y,z,+1" (time reversal ignored for the nuclear structure), combined
  // with the centring operations of _space_group_symop_magn_centering_xyz.
  '_space_group_symop_magn_operation_xyz',
];
const MAGNETIC_CENTERING_TAG = '_space_group_symop_magn_centering_xyz';
const HALL_TAGS = ['_space_group_name_hall', '_symmetry_space_group_name_hall'];
const HM_TAGS = ['_space_group_name_h-m_alt', '_symmetry_space_group_name_h-m', '_space_group_name_h-m'];
const NUMBER_TAGS = ['_space_group_it_number', '_symmetry_int_tables_number'];

/** Parsed operations by their text: files repeat the same few hundred strings (read-only use). */
const symOpCache = new Map<string, SymOp>();

function cachedSymOp(text: string): SymOp {
  let op = symOpCache.get(text);
  if (!op) {
    op = parseSymOp(text);
    if (symOpCache.size > 20000) symOpCache.clear();
    symOpCache.set(text, op);
  }
  return op;
}

/** Closure-check results by operation list (files of one space group repeat the same list). */
const closureCache = new Map<string, { missing: string | null | undefined; rotations: number }>();
/** Distinct rotations of each table setting, by Hall number. */
const settingRotations = new Map<number, number>();

export interface SymmetryChoice {
  ops: SymOp[];
  /** Other settings to try (origin choice 2) when the file did not say which. */
  alternative?: { setting: SpaceGroupSetting; ops: SymOp[] };
  setting?: SpaceGroupSetting;
  origin: string;
}

function isRhombohedralCell(l: Lattice): boolean {
  const p = l.parameters;
  const eq = (x: number, y: number): boolean => Math.abs(x - y) < 1e-3 * Math.max(x, y);
  return (
    eq(p.a, p.b) &&
    eq(p.b, p.c) &&
    Math.abs(p.alpha - p.beta) < 0.01 &&
    Math.abs(p.beta - p.gamma) < 0.01 &&
    Math.abs(p.alpha - 90) > 0.01
  );
}

function distinctRotations(ops: SymOp[]): number {
  return new Set(ops.map((op) => op.rotation.flat().join(','))).size;
}

/** The space group a block names (Hall, else Hermann–Mauguin, else number), if it can be looked up. */
function declaredSetting(
  block: CifBlock,
  lattice: Lattice,
): { setting: SpaceGroupSetting; tag: string; text: string } | undefined {
  const rhombohedralAxes = isRhombohedralCell(lattice);
  const hall = block.firstOf(HALL_TAGS);
  const hallSetting = hall && settingByHallSymbol(hall.value.text);
  if (hall && hallSetting) return { setting: hallSetting, tag: hall.tag, text: hall.value.text };
  const hm = block.firstOf(HM_TAGS);
  const hmSetting = hm && settingByHm(hm.value.text, { rhombohedralAxes });
  if (hm && hmSetting) return { setting: hmSetting, tag: hm.tag, text: hm.value.text };
  const num = block.firstOf(NUMBER_TAGS);
  const numSetting = num && settingByNumber(parseCifNumber(num.value.text), { rhombohedralAxes });
  if (num && numSetting) return { setting: numSetting, tag: num.tag, text: num.value.text };
  return undefined;
}

export function readSymmetry(block: CifBlock, lattice: Lattice, warnings: string[]): SymmetryChoice {
  for (const tag of OPERATION_TAGS) {
    const col = block.get(tag);
    if (!col) continue;
    const problem = block.problemsOf(tag)[0];
    if (problem)
      fail(problem.message, block, { text: '', line: problem.line, quoted: false, missing: false }, tag);
    const ops: SymOp[] = [];
    for (const v of col) {
      if (v.missing) continue;
      try {
        ops.push(cachedSymOp(v.text));
      } catch (err) {
        if (err instanceof SymOpSyntaxError) fail(`symmetry operation ${err.message}`, block, v, tag);
        throw err;
      }
    }
    if (ops.length === 0) continue;
    if (tag === OPERATION_TAGS[2]) combineMagneticCentering(block, ops);
    const isIdentity = (op: SymOp): boolean =>
      op.translation.every((t) => Math.abs(t - Math.round(t)) < 1e-9) &&
      op.rotation.every((row, i) => row.every((x, j) => x === (i === j ? 1 : 0)));
    if (!ops.some(isIdentity)) {
      warnings.push(`line ${col[0].line}: ${tag} has no identity operation; x,y,z added`);
      ops.unshift(identitySymOp());
    }
    const centring = tag === OPERATION_TAGS[2] ? (block.get(MAGNETIC_CENTERING_TAG) ?? []) : [];
    const listKey = [...col, ...centring].map((v) => v.text).join('\n');
    let facts = closureCache.get(listKey);
    if (!facts) {
      facts = { missing: missingProduct(ops), rotations: distinctRotations(ops) };
      if (closureCache.size > 5000) closureCache.clear();
      closureCache.set(listKey, facts);
    }
    const missing = facts.missing;
    if (missing) {
      warnings.push(
        `line ${col[0].line}: the ${ops.length} operations of ${tag} are not a complete space group ` +
          `(products such as ${missing} are missing); the structure may lack atoms`,
      );
    }
    // A primitive-cell description of a centred group lists fewer operations than the conventional cell
    // (pymatgen writes such files), but never fewer rotations: compare the distinct rotation parts.
    // A list of x,y,z alone is P 1 with every atom written out, whatever symbol the file also gives
    // (older pymatgen wrote the crystal's symbol next to P 1 operations).
    const declared = declaredSetting(block, lattice);
    if (declared && ops.length > 1) {
      const h = declared.setting.hallNumber;
      let want = settingRotations.get(h);
      if (want === undefined) {
        want = distinctRotations(operationsForSetting(declared.setting));
        settingRotations.set(h, want);
      }
      const have = facts.rotations;
      if (have < want) {
        warnings.push(
          `line ${col[0].line}: ${tag} has ${have} distinct rotations but ${declared.text} ` +
            `(${declared.tag}) has ${want}; the structure may lack atoms`,
        );
      }
    }
    return { ops, origin: `${ops.length} operations from ${tag}` };
  }
  const rhombohedralAxes = isRhombohedralCell(lattice);
  const hall = block.firstOf(HALL_TAGS);
  if (hall) {
    const s = settingByHallSymbol(hall.value.text);
    if (s) return { ops: operationsForSetting(s), setting: s, origin: `Hall symbol ${hall.value.text}` };
    // A Hall symbol spelled otherwise than in the table, or a non-standard setting: build the group.
    const ops = operationsFromHall(hall.value.text);
    if (ops) return { ops, origin: `Hall symbol ${hall.value.text}` };
    warnings.push(`line ${hall.value.line}: Hall symbol "${hall.value.text}" not recognised`);
  }
  const hm = block.firstOf(HM_TAGS);
  if (hm) {
    const s = settingByHm(hm.value.text, { rhombohedralAxes });
    if (s) return withAlternative(s, hm.value.text, `symbol ${hm.value.text}`, rhombohedralAxes);
    warnings.push(`line ${hm.value.line}: space-group symbol "${hm.value.text}" not recognised`);
  }
  const num = block.firstOf(NUMBER_TAGS);
  if (num) {
    const n = parseCifNumber(num.value.text);
    const s = settingByNumber(n, { rhombohedralAxes });
    if (s) return withAlternative(s, '', `space-group number ${n}`, rhombohedralAxes);
    warnings.push(`line ${num.value.line}: space-group number "${num.value.text}" not recognised`);
  }
  if (hall || hm || num) {
    fail(
      'the space group given cannot be read, so the structure cannot be expanded',
      block,
      (hall ?? hm ?? num)!.value,
      (hall ?? hm ?? num)!.tag,
    );
  }
  warnings.push('no symmetry operations or space group given; P 1 assumed');
  return { ops: [identitySymOp()], origin: 'P 1 (assumed)' };
}

/** Multiply magnetic operations by the centring operations of a magnetic CIF (in place). */
function combineMagneticCentering(block: CifBlock, ops: SymOp[]): void {
  const col = block.get(MAGNETIC_CENTERING_TAG);
  if (!col) return;
  const centerings: SymOp[] = [];
  for (const v of col) {
    if (v.missing) continue;
    try {
      centerings.push(cachedSymOp(v.text));
    } catch (err) {
      if (err instanceof SymOpSyntaxError)
        fail(`symmetry operation ${err.message}`, block, v, MAGNETIC_CENTERING_TAG);
      throw err;
    }
  }
  const key = (op: SymOp): string =>
    op.rotation.flat().join(',') +
    '|' +
    op.translation.map((t) => Math.round((t - Math.floor(t)) * 1728) % 1728).join(',');
  const seen = new Set(ops.map(key));
  const base = [...ops];
  for (const c of centerings) {
    for (const op of base) {
      const p = composeSymOps(c, op);
      const k = key(p);
      if (!seen.has(k)) {
        seen.add(k);
        ops.push(p);
      }
    }
  }
}

/** For groups with two origin choices named without ":1"/":2", also offer the other origin. */
function withAlternative(
  s: SpaceGroupSetting,
  symbol: string,
  origin: string,
  rhombohedralAxes: boolean,
): SymmetryChoice {
  const choice: SymmetryChoice = { ops: operationsForSetting(s), setting: s, origin };
  const explicit = /:\s*[12]\s*$/.test(symbol);
  if (!explicit && s.setting === '1') {
    const other = findSetting(s.number, { originChoice2: true, rhombohedralAxes });
    if (other && other.hallNumber !== s.hallNumber)
      choice.alternative = { setting: other, ops: operationsForSetting(other) };
  }
  return choice;
}
