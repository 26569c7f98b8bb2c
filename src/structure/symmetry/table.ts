/**
 * The 230 space groups in their 530 Hall settings (data in spacegroups.data.ts, generated once by
 * scripts/gen-spacegroups.mjs), with forgiving lookup by ITA number, Hermann–Mauguin symbol
 * ("P 1 21/c 1", "P21/c", "P 21/c", "R -3 m :H", "Fd-3m:2", "Fm3m") or Hall symbol ("-P 2ybc").
 * A number or symbol without an origin or axes choice gets the spglib default setting: origin choice 1
 * and hexagonal axes for rhombohedral groups (pymatgen does the same); options select the others.
 */
import { XtalInputError } from '../../errors.js';
import { CRYSTAL_SYSTEM, DEFAULT_HALL, HALL_ROWS } from './spacegroups.data.js';
import { operationsFromHall } from './hall.js';
import { parseSymOp, type SymOp } from './symop.js';

export interface SpaceGroupSetting {
  hallNumber: number;
  /** ITA space-group number, 1-230. */
  number: number;
  hallSymbol: string;
  /** Short Hermann–Mauguin symbol of the group type, e.g. "P 2_1/c" (the same for all its settings). */
  hmShort: string;
  /** Full Hermann–Mauguin symbol of this setting, e.g. "P 1 2_1/n 1". */
  hmFull: string;
  /** Setting code: "" (only one), "b1".."-c3" (monoclinic), "1"/"2" (origin choice), "H"/"R", "cab"... */
  setting: string;
  /** Lattice centring letter of this setting: P, A, B, C, I, F or R. */
  centering: string;
  /** Lower-case crystal system: triclinic, monoclinic, ..., cubic. */
  crystalSystem: string;
}

export interface LookupOptions {
  /**
   * For rhombohedral groups given without ":H"/":R", use rhombohedral axes (true) or hexagonal axes
   * (false, the default).
   */
  rhombohedralAxes?: boolean;
  /** For groups with two origin choices given without ":1"/":2", take origin choice 2 (default: 1). */
  originChoice2?: boolean;
}

const settings: SpaceGroupSetting[] = HALL_ROWS.map((r) => ({
  hallNumber: r[0],
  number: r[1],
  hallSymbol: r[2],
  hmShort: r[3],
  hmFull: r[4],
  setting: r[5],
  centering: r[6],
  crystalSystem: CRYSTAL_SYSTEM[r[1]],
}));
const opsCache = new Map<number, SymOp[]>();

/** Key for Hermann–Mauguin symbols: lower case, no spaces or underscores. */
export function normalizeHm(symbol: string): string {
  return symbol.toLowerCase().replace(/[\s_]+/g, '');
}

function normalizeHall(symbol: string): string {
  return symbol.trim().toLowerCase().replace(/\s+/g, ' ');
}

let hmIndex: Map<string, number[]> | undefined;
let hallIndex: Map<string, number> | undefined;

function buildIndexes(): void {
  const hm = new Map<string, number[]>();
  const add = (key: string, h: number): void => {
    const list = hm.get(key);
    if (!list) hm.set(key, [h]);
    else if (!list.includes(h)) list.push(h);
  };
  for (const s of settings) {
    add(normalizeHm(s.hmFull), s.hallNumber);
    // Setting-specific short symbol: the full symbol without its "1" axes ("P 1 2_1/n 1" -> "P 2_1/n").
    const parts = s.hmFull.split(' ');
    const reduced = [parts[0], ...parts.slice(1).filter((p) => p !== '1')];
    if (reduced.length > 1) add(normalizeHm(reduced.join(' ')), s.hallNumber);
  }
  // The group-type short symbols point at every setting of their group (default first below).
  for (const s of settings) add(normalizeHm(s.hmShort), s.hallNumber);
  // Older symbols still found in files: "e" glides written as a/b (ITA 1983) and cubic bars omitted.
  const aliases: [string, string][] = [
    ['Abm2', 'Aem2'],
    ['Aba2', 'Aea2'],
    ['Cmca', 'Cmce'],
    ['Cmma', 'Cmme'],
    ['Ccca', 'Ccce'],
  ];
  for (const [old, now] of aliases) for (const h of hm.get(normalizeHm(now)) ?? []) add(normalizeHm(old), h);
  for (const s of settings) {
    if (s.number < 195) continue;
    const key = normalizeHm(s.hmShort).replace(/-/g, '');
    if (!hm.has(key) || hm.get(key)!.every((h) => settings[h - 1].number === s.number))
      add(key, s.hallNumber);
  }
  hmIndex = hm;
  hallIndex = new Map();
  for (const s of settings) {
    const key = normalizeHall(s.hallSymbol);
    if (!hallIndex.has(key)) hallIndex.set(key, s.hallNumber);
  }
}

/** The setting with this Hall number (1-530). */
export function settingByHall(hallNumber: number): SpaceGroupSetting {
  const s = settings[hallNumber - 1];
  if (!Number.isInteger(hallNumber) || !s) {
    throw new XtalInputError(`Hall number ${hallNumber} is not in 1..530`, { field: 'Hall number' });
  }
  return s;
}

/** Default setting of a space group given by ITA number, or undefined when the number is not 1-230. */
export function settingByNumber(number: number, options: LookupOptions = {}): SpaceGroupSetting | undefined {
  if (!Number.isInteger(number) || number < 1 || number > 230) return undefined;
  const def = settings[DEFAULT_HALL[number] - 1];
  if (options.rhombohedralAxes && def.setting === 'H') return settings[def.hallNumber]; // the R row follows
  // moyo's default is origin choice 2; spglib and pymatgen take origin choice 1 (the row before it).
  if (def.setting === '2' && !options.originChoice2) return settings[def.hallNumber - 2];
  return def;
}

/** Setting named by a Hall symbol ("-P 2ybc", "F 4d 2 3 -1d"), or undefined. */
export function settingByHallSymbol(symbol: string): SpaceGroupSetting | undefined {
  if (!hallIndex) buildIndexes();
  const h = hallIndex!.get(normalizeHall(symbol));
  return h === undefined ? undefined : settings[h - 1];
}

/**
 * Setting named by a Hermann–Mauguin symbol, or undefined. Accepts spaces or none, underscores or none,
 * and a choice suffix ":1", ":2", ":H", ":R" (also written without the colon after a space, "R -3 m H").
 */
export function settingByHm(symbol: string, options: LookupOptions = {}): SpaceGroupSetting | undefined {
  if (!hmIndex) buildIndexes();
  let text = symbol.trim();
  let choice = '';
  const m = /^(.*?)\s*(?::\s*([12hrsz])|\s+([hrsz]))$/i.exec(text);
  if (m) {
    text = m[1];
    choice = (m[2] ?? m[3]).toLowerCase();
    if (choice === 's') choice = '1'; // "S" (setting) and "Z" (origin at centre) are older names
    if (choice === 'z') choice = '2';
  }
  const list = hmIndex!.get(normalizeHm(text));
  if (!list) return undefined;
  // Prefer an exact full or setting-specific symbol; among settings of one group, the default.
  const cands = list.map((h) => settings[h - 1]);
  const number = cands[0].number;
  const same = cands.filter((s) => s.number === number);
  const pick = (pred: (s: SpaceGroupSetting) => boolean): SpaceGroupSetting | undefined => same.find(pred);
  if (choice === 'h' || choice === 'r') {
    const want = choice.toUpperCase();
    return pick((s) => s.setting === want) ?? same[0];
  }
  if (choice === '1' || choice === '2') {
    return pick((s) => s.setting === choice || s.setting.startsWith(choice)) ?? same[0];
  }
  const def = settingByNumber(number, options)!;
  const rhomb = same.some((s) => s.setting === 'H' || s.setting === 'R');
  if (rhomb) return def;
  // A symbol that names a specific setting (its own full or reduced symbol) wins over the default,
  // unless the default is also named by it (origin choices share their symbols).
  if (same.some((s) => s.hallNumber === def.hallNumber)) return def;
  return same[0];
}

/**
 * Setting for a number (1-230, or its decimal string), a Hermann–Mauguin symbol or a Hall symbol,
 * tried in that order; undefined when nothing matches.
 */
export function findSetting(
  numberOrSymbol: number | string,
  options: LookupOptions = {},
): SpaceGroupSetting | undefined {
  if (typeof numberOrSymbol === 'number') return settingByNumber(numberOrSymbol, options);
  const t = numberOrSymbol.trim();
  if (/^\d+$/.test(t)) return settingByNumber(Number(t), options);
  return settingByHm(t, options) ?? settingByHallSymbol(t);
}

/** The operations of a setting (conventional cell, centring translations included). */
export function operationsForSetting(setting: SpaceGroupSetting): SymOp[] {
  let ops = opsCache.get(setting.hallNumber);
  if (!ops) {
    ops = HALL_ROWS[setting.hallNumber - 1][7].split(';').map(parseSymOp);
    opsCache.set(setting.hallNumber, ops);
  }
  return ops.map((op) => ({
    rotation: op.rotation.map((r) => [...r]) as SymOp['rotation'],
    translation: [...op.translation] as SymOp['translation'],
  }));
}

/**
 * Operations of the standard (default) setting of a space group given by ITA number, Hermann–Mauguin or
 * Hall symbol (a Hall symbol not in the table, e.g. with an origin shift, is built from its generators).
 * Throws XtalInputError for an unknown group.
 */
export function operationsForSpaceGroup(numberOrSymbol: number | string): SymOp[] {
  const s = findSetting(numberOrSymbol);
  if (s) return operationsForSetting(s);
  const fromHall = typeof numberOrSymbol === 'string' ? operationsFromHall(numberOrSymbol) : undefined;
  if (fromHall) return fromHall;
  throw new XtalInputError(`unknown space group "${numberOrSymbol}"`, { field: 'space group' });
}

/** Every setting (for tests and tools). */
export function allSettings(): readonly SpaceGroupSetting[] {
  return settings;
}

/** Crystal system of an ITA number (lower case). */
export function crystalSystemOf(number: number): string {
  const s = CRYSTAL_SYSTEM[number];
  if (!s) throw new XtalInputError(`space-group number ${number} is not in 1..230`, { field: 'space group' });
  return s;
}
