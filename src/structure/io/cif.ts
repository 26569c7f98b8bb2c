/**
 * CIF reader: one Structure per data block that holds atom sites, built from the cell, the atom-site
 * loop and the symmetry (explicit xyz operations, else a Hall symbol, a Hermann–Mauguin symbol or an ITA
 * number looked up in xtal's space-group table). Rules and tolerances are described in docs/cif.md.
 */
import { XtalInputError } from '../../errors.js';
import { Lattice, type Vec3 } from '../lattice.js';
import { Structure, type Site, type SpeciesOccupancy, type StructureProperties } from '../structure.js';
import { parseCif, type CifBlock } from './cif-parse.js';
import { fail, numberAt, parseCifNumber } from './cif-values.js';
import { readSymmetry } from './cif-symmetry.js';
import { parseSpeciesSymbol } from './cif-elements.js';
import { closePairs, expandSites, type AsymmetricSite } from './cif-sites.js';

export { writeCif } from './cif-write.js';
export { parseCif, CifBlock } from './cif-parse.js';
export { parseCifNumber } from './cif-values.js';

export interface ReadCifOptions {
  /** File name, used in messages and as `properties.source`. */
  file?: string;
  /**
   * Distance (Å) under which symmetry images are one site (default 0.01 Å). Raise it for files with
   * few decimals in large cells.
   */
  symprec?: number;
}

/** Default merging tolerance for symmetry images (Å). */
export const CIF_MERGE_TOLERANCE_A = 0.01;
/** Sites closer than this (Å) after merging are reported in `properties.warnings`. */
export const CIF_OVERLAP_WARNING_A = 0.5;
/** Occupancies on one site may sum to 1 + this before a warning. */
export const CIF_OCCUPANCY_TOLERANCE = 0.01;

const MIN_LENGTH_A = 0.1;
const MAX_LENGTH_A = 1e4;
const MIN_WIDTH_A = 0.5;
const MAX_ABS_FRACTIONAL = 1e4;

/**
 * Read every structure in a CIF text. Blocks without atom sites are skipped; if no block holds a
 * structure, or any block with atom sites is unusable, an XtalInputError names the file, line and tag.
 */
export function readCif(text: string, options: { file?: string; symprec?: number } = {}): Structure[] {
  const file = options.file;
  try {
    const tol = options.symprec ?? CIF_MERGE_TOLERANCE_A;
    if (!(tol > 0 && tol < 1)) {
      throw new XtalInputError(`symprec must be in (0, 1) Å, got ${tol}`, { field: 'symprec' });
    }
    const blocks = parseCif(text);
    const out: Structure[] = [];
    for (const block of blocks) {
      const s = readBlock(block, tol);
      if (!s) continue;
      if (file !== undefined) s.properties.source = file;
      out.push(s);
    }
    if (out.length === 0) {
      throw new XtalInputError(
        blocks.length === 0 ? 'no data block found (is this a CIF file?)' : 'no data block holds atom sites',
      );
    }
    return out;
  } catch (err) {
    if (err instanceof XtalInputError) throw file ? err.withFile(file) : err;
    // Anything else is a defect of the reader on this input; still report it as bad input.
    const msg = err instanceof Error ? err.message : String(err);
    throw new XtalInputError(`cannot read CIF: ${msg}`, { file });
  }
}

function readLattice(block: CifBlock, warnings: string[]): Lattice {
  const lengths = ['_cell_length_a', '_cell_length_b', '_cell_length_c'].map((tag) => {
    const { value, v } = numberAt(block, tag);
    if (!(value >= MIN_LENGTH_A && value <= MAX_LENGTH_A)) {
      fail(`${tag} = ${v.text} Å is outside ${MIN_LENGTH_A}..${MAX_LENGTH_A} Å`, block, v, tag);
    }
    return value;
  });
  const angles = ['_cell_angle_alpha', '_cell_angle_beta', '_cell_angle_gamma'].map((tag) => {
    // Angles default to 90° only when absent altogether (some programs omit them for orthogonal cells).
    if (!block.has(tag)) {
      warnings.push(`${tag} absent; 90° assumed`);
      return 90;
    }
    const { value, v } = numberAt(block, tag);
    if (!(value > 0 && value < 180)) fail(`${tag} = ${v.text}° is not between 0 and 180`, block, v, tag);
    return value;
  });
  let lattice: Lattice;
  try {
    lattice = Lattice.fromParameters(lengths[0], lengths[1], lengths[2], angles[0], angles[1], angles[2]);
  } catch (err) {
    fail(
      `cell parameters do not form a cell: ${(err as Error).message}`,
      block,
      block.first('_cell_angle_alpha'),
      '_cell_angle_alpha',
    );
  }
  const widths = lattice.perpendicularWidths;
  const thin = Math.min(...widths);
  if (!(lattice.volume > 0) || !Number.isFinite(lattice.volume) || !(thin >= MIN_WIDTH_A)) {
    fail(
      `cell is degenerate (volume ${lattice.volume.toPrecision(3)} Å³, thinnest width ${thin.toPrecision(3)} Å)`,
      block,
      block.first('_cell_angle_alpha') ?? block.first('_cell_length_a'),
      '_cell_angle_alpha',
    );
  }
  return lattice;
}

/** Oxidation numbers from an _atom_type loop, keyed by type symbol (case-insensitive). */
function readAtomTypes(block: CifBlock, warnings: string[]): Map<string, number> {
  const map = new Map<string, number>();
  const sym = block.get('_atom_type_symbol');
  const ox = block.get('_atom_type_oxidation_number');
  if (!sym || !ox) return map;
  for (let r = 0; r < Math.min(sym.length, ox.length); r++) {
    if (ox[r].missing || sym[r].missing) continue;
    const n = parseCifNumber(ox[r].text);
    if (!Number.isFinite(n) || Math.abs(n) > 12) {
      warnings.push(`line ${ox[r].line}: oxidation number "${ox[r].text}" of ${sym[r].text} ignored`);
      continue;
    }
    map.set(sym[r].text.toLowerCase(), n);
  }
  return map;
}

/** Snap coordinates within a relative 1e-4 of 1/3 or 2/3 (files often give 0.3333 or 0.6667). */
function snapThirds(x: number): number {
  if (Math.abs(1 - x / (1 / 3)) < 1e-4) return 1 / 3;
  if (Math.abs(1 - x / (2 / 3)) < 1e-4) return 2 / 3;
  return x;
}

function readRows(block: CifBlock, lattice: Lattice, warnings: string[]): AsymmetricSite[] {
  let cartesian = false;
  let xyzTags = ['_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z'];
  if (!block.has(xyzTags[0])) {
    xyzTags = ['_atom_site_cartn_x', '_atom_site_cartn_y', '_atom_site_cartn_z'];
    cartesian = true;
  }
  const cols = xyzTags.map((tag) => {
    const c = block.get(tag);
    if (!c) fail(`${tag} is missing (the other coordinates are given)`, block, undefined, tag);
    return c;
  });
  const n = cols[0].length;
  const checkLoop = (tag: string): void => {
    const problem = block.problemsOf(tag)[0];
    if (problem)
      fail(problem.message, block, { text: '', line: problem.line, quoted: false, missing: false }, tag);
  };
  xyzTags.forEach(checkLoop);
  for (const [k, c] of cols.entries()) {
    if (c.length !== n)
      fail(`${xyzTags[k]} has ${c.length} values but ${xyzTags[0]} has ${n}`, block, c[0], xyzTags[k]);
  }
  const typeCol = block.get('_atom_site_type_symbol');
  const labelCol = block.get('_atom_site_label');
  const occCol = block.get('_atom_site_occupancy');
  for (const [tag, c] of [
    ['_atom_site_type_symbol', typeCol],
    ['_atom_site_label', labelCol],
    ['_atom_site_occupancy', occCol],
  ] as const) {
    if (!c) continue;
    checkLoop(tag);
    if (c.length !== n) fail(`${tag} has ${c.length} values but ${xyzTags[0]} has ${n}`, block, c[0], tag);
  }
  if (!typeCol && !labelCol)
    fail(
      'atom sites have neither _atom_site_type_symbol nor _atom_site_label',
      block,
      cols[0][0],
      '_atom_site_label',
    );
  const oxidation = readAtomTypes(block, warnings);
  const rows: AsymmetricSite[] = [];
  for (let r = 0; r < n; r++) {
    if (cols.every((c) => c[r].missing)) {
      warnings.push(`line ${cols[0][r].line}: atom site row ${r + 1} has no coordinates and is skipped`);
      continue;
    }
    const labelV = labelCol?.[r];
    const label = labelV && !labelV.missing ? labelV.text : undefined;
    const typeV = typeCol?.[r];
    const useType = typeV !== undefined && !typeV.missing;
    const symbolV = useType ? typeV : labelV;
    const name = label ?? symbolV?.text ?? `row ${r + 1}`;
    if (!symbolV || symbolV.missing) {
      fail(`atom site ${name} has no type symbol or label`, block, cols[0][r], '_atom_site_type_symbol');
    }
    const field = useType ? '_atom_site_type_symbol' : '_atom_site_label';
    const parsed = parseSpeciesSymbol(symbolV.text, !useType);
    if (parsed.kind === 'dummy') {
      warnings.push(`line ${symbolV.line}: dummy atom ${name} ("${symbolV.text}") skipped`);
      continue;
    }
    if (parsed.kind === 'unknown') {
      fail(
        `atom site ${name}: "${symbolV.text.slice(0, 20)}" is not an element symbol`,
        block,
        symbolV,
        field,
      );
    }
    if (parsed.note) warnings.push(`line ${symbolV.line}: ${parsed.note}`);
    let oxidationState = parsed.oxidationState;
    if (useType) {
      const fromTable = oxidation.get(symbolV.text.toLowerCase());
      if (fromTable !== undefined) oxidationState = fromTable;
    }
    let occu = 1;
    const occV = occCol?.[r];
    if (occV && !occV.missing) {
      occu = parseCifNumber(occV.text);
      if (!Number.isFinite(occu) || occu < 0) {
        fail(
          `atom site ${name}: occupancy "${occV.text.slice(0, 20)}" is not a number ≥ 0`,
          block,
          occV,
          '_atom_site_occupancy',
        );
      }
      if (occu === 0) {
        warnings.push(`line ${occV.line}: atom site ${name} has occupancy 0 and is skipped`);
        continue;
      }
      if (occu > 1 + CIF_OCCUPANCY_TOLERANCE)
        warnings.push(`line ${occV.line}: atom site ${name} has occupancy ${occu} > 1`);
    }
    const xyz = cols.map((c, k) => {
      const v = c[r];
      if (v.missing) fail(`atom site ${name}: ${xyzTags[k]} is "${v.text}"`, block, v, xyzTags[k]);
      const x = parseCifNumber(v.text);
      const limit = cartesian ? MAX_ABS_FRACTIONAL * MAX_LENGTH_A : MAX_ABS_FRACTIONAL;
      if (!Number.isFinite(x) || Math.abs(x) > limit) {
        fail(
          `atom site ${name}: ${xyzTags[k]} "${v.text.slice(0, 20)}" is not a usable coordinate`,
          block,
          v,
          xyzTags[k],
        );
      }
      return x;
    }) as Vec3;
    const frac = cartesian ? lattice.toFractional(xyz) : (xyz.map(snapThirds) as Vec3);
    const species: SpeciesOccupancy = { element: parsed.element, occu };
    if (oxidationState !== undefined) species.oxidationState = oxidationState;
    rows.push({ species, frac, label, line: symbolV.line });
  }
  return rows;
}

/** True when the block has at least one atom-site row with a coordinate (not only "?" placeholders). */
function hasAtomSites(block: CifBlock): boolean {
  const col = block.get('_atom_site_fract_x') ?? block.get('_atom_site_cartn_x');
  return col !== undefined && col.some((v) => !v.missing);
}

function readBlock(block: CifBlock, tol: number): Structure | null {
  // Blocks whose atom-site loop holds only "?" (database exports of a cell without coordinates) have
  // no structure, like blocks without the loop.
  if (!hasAtomSites(block)) return null;
  const warnings: string[] = [];
  for (const p of block.problems) warnings.push(`line ${p.line}: ${p.message}`);
  const lattice = readLattice(block, warnings);
  const rows = readRows(block, lattice, warnings);
  if (rows.length === 0)
    fail(
      'no atom site with a real element and positive occupancy',
      block,
      block.first('_atom_site_fract_x') ?? block.first('_atom_site_cartn_x'),
      '_atom_site_type_symbol',
    );
  const sym = readSymmetry(block, lattice, warnings);
  let sites = expandSites(lattice, rows, sym.ops, tol);
  if (sym.alternative) {
    const alt = expandSites(lattice, rows, sym.alternative.ops, tol);
    if (alt.length < sites.length) {
      sites = alt;
      warnings.push(
        `origin choice not given; origin choice 2 (${sym.alternative.setting.hallSymbol}) used as it places the atoms on fewer sites`,
      );
    } else {
      warnings.push('origin choice not given; origin choice 1 assumed');
    }
  }
  checkSites(lattice, sites, warnings);
  const properties: StructureProperties = { id: block.name };
  if (warnings.length) properties.warnings = warnings;
  return new Structure(lattice, sites, properties);
}

function checkSites(lattice: Lattice, sites: Site[], warnings: string[]): void {
  for (const s of sites) {
    const total = s.species.reduce((a, sp) => a + sp.occu, 0);
    if (total > 1 + CIF_OCCUPANCY_TOLERANCE) {
      const what = s.species.map((sp) => `${sp.element}${sp.occu}`).join(' ');
      warnings.push(
        `site ${s.label ?? what} at (${s.frac.map((x) => x.toFixed(4)).join(', ')}) has total occupancy ${+total.toFixed(4)} > 1 (${what})`,
      );
    }
  }
  const pairs = closePairs(lattice, sites, CIF_OVERLAP_WARNING_A, Infinity);
  const name = (s: Site): string => s.label ?? s.species.map((sp) => sp.element).join('');
  for (const p of pairs.slice(0, 5)) {
    const a = sites[p.i];
    const b = sites[p.j];
    const d = p.distanceA.toFixed(3);
    if (a.label !== undefined && a.label === b.label && p.distanceA < 0.1) {
      warnings.push(
        `two symmetry images of site ${a.label} are ${d} Å apart (coordinates with too few decimals?); ` +
          'a larger symprec would merge them',
      );
    } else {
      warnings.push(`sites ${name(a)} and ${name(b)} are ${d} Å apart (overlapping atoms?)`);
    }
  }
  if (pairs.length > 5)
    warnings.push(`${pairs.length} pairs of sites in all are closer than ${CIF_OVERLAP_WARNING_A} Å`);
}
