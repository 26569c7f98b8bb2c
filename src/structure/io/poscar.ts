/**
 * VASP POSCAR / CONTCAR reader and writer.
 *
 * Layout: comment; scale (one number, negative = target cell volume in Å³, or three numbers scaling the
 * x, y, z components); three lattice vectors; species names (VASP 5, absent in VASP 4); counts;
 * optional "Selective dynamics"; "Direct" or "Cartesian" (only the first letter counts: C/K is
 * Cartesian); one position line per atom (three numbers, then T/F flags with selective dynamics).
 * Anything after the positions (velocities, predictor-corrector block) is ignored.
 * VASP 4 files have no species line: species come from `options.species`, else from the comment line
 * ("Fe Ni O" or "Fe2 Ni O3"), else from element names after the coordinates, else it is an error.
 */
import { XtalInputError, type InputLocation } from '../../errors.js';
import type { Mat3, Vec3 } from '../lattice.js';
import { Structure, type Site } from '../structure.js';
import { checkLattice, checkStructure } from './checks.js';
import { elementFromName, isKnownElement } from './symbols.js';
import { clip, parseCount, parseReal, splitLines, tokens } from './text.js';

export interface PoscarReadOptions {
  /** File name for error messages and `properties.source`. */
  file?: string;
  /** Species names for VASP 4 files (one per count); ignored when the file has a species line. */
  species?: string[];
}

export function readPoscar(text: string, options: PoscarReadOptions = {}): Structure {
  const file = options.file;
  const lines = splitLines(text);
  const at = (i: number, field?: string): InputLocation => ({ file, line: i + 1, field });
  // Trailing blank lines are allowed; the header must be there.
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0 || lines.every((l) => l.trim() === ''))
    throw new XtalInputError('the POSCAR file is empty', { file });
  const need = (i: number, what: string): string => {
    if (i >= lines.length)
      throw new XtalInputError(`the file ends before the ${what} (line ${i + 1} expected)`, {
        file,
        field: what,
      });
    return lines[i];
  };

  const comment = lines[0].trim();

  // Scale factor(s).
  const scaleTokens = tokens(need(1, 'scale factor'));
  if (scaleTokens.length === 0)
    throw new XtalInputError('the scale factor is missing', at(1, 'scale factor'));
  const nScale = scaleTokens.length >= 3 && isNumberToken(scaleTokens[2]) ? 3 : 1;
  const scales = scaleTokens.slice(0, nScale).map((t) => parseReal(t, at(1, 'scale factor')));
  if (nScale === 3 && scales.some((s) => s <= 0))
    throw new XtalInputError('three scale factors must all be positive', at(1, 'scale factor'));
  if (scales[0] === 0) throw new XtalInputError('the scale factor is zero', at(1, 'scale factor'));

  // Lattice vectors (unscaled).
  const raw: Vec3[] = [];
  for (let i = 0; i < 3; i++) {
    const t = tokens(need(2 + i, `lattice vector ${i + 1}`));
    if (t.length < 3)
      throw new XtalInputError(
        `needs three numbers, found ${t.length}`,
        at(2 + i, `lattice vector ${i + 1}`),
      );
    raw.push([0, 1, 2].map((k) => parseReal(t[k], at(2 + i, `lattice vector ${i + 1}`))) as Vec3);
  }
  const rawLattice = checkLattice(raw, at(2, 'lattice'));
  // Cartesian scale per component: one factor, a volume-derived factor, or three factors.
  let scaleXYZ: Vec3;
  if (nScale === 3) scaleXYZ = scales as Vec3;
  else if (scales[0] < 0) {
    const s = Math.cbrt(-scales[0] / rawLattice.volume);
    scaleXYZ = [s, s, s];
  } else scaleXYZ = [scales[0], scales[0], scales[0]];
  const matrix = raw.map((r) => [r[0] * scaleXYZ[0], r[1] * scaleXYZ[1], r[2] * scaleXYZ[2]]) as Mat3;
  const lattice = checkLattice(matrix, at(1, 'scale factor'));

  // Species line (VASP 5) or counts line (VASP 4).
  let li = 5;
  const sixth = tokens(need(li, 'species or counts'));
  let speciesNames: string[] | undefined;
  let speciesLine: number | undefined;
  if (sixth.length > 0 && !isNumberToken(sixth[0])) {
    speciesNames = sixth;
    speciesLine = li;
    li++;
  }
  const countTokens = tokens(need(li, 'atom counts'));
  const counts: number[] = [];
  for (const t of countTokens) {
    if (!/^[+-]?\d+$/.test(t)) break; // a trailing comment after the counts
    counts.push(parseCount(t, at(li, 'atom counts')));
  }
  if (counts.length === 0)
    throw new XtalInputError(
      `expected atom counts, found "${clip(lines[li].trim())}"`,
      at(li, 'atom counts'),
    );
  const countsLine = li;
  li++;
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) throw new XtalInputError('the atom counts add up to zero', at(countsLine, 'atom counts'));
  if (speciesNames && speciesNames.length < counts.length)
    throw new XtalInputError(
      `${counts.length} counts but only ${speciesNames.length} species names`,
      at(countsLine, 'atom counts'),
    );

  // Selective dynamics and coordinate mode.
  let selective = false;
  let modeLine = tokens(need(li, 'coordinate mode'))[0] ?? '';
  if (/^[sS]/.test(modeLine)) {
    selective = true;
    li++;
    modeLine = tokens(need(li, 'coordinate mode'))[0] ?? '';
  }
  if (modeLine === '')
    throw new XtalInputError('the coordinate mode line is blank', at(li, 'coordinate mode'));
  if (isNumberToken(modeLine))
    throw new XtalInputError(
      'expected "Direct" or "Cartesian" before the positions, found a number',
      at(li, 'coordinate mode'),
    );
  const cartesian = /^[cCkK]/.test(modeLine);
  li++;

  const available = lines.length - li;
  if (available < total)
    throw new XtalInputError(
      `the counts promise ${total} atoms but only ${Math.max(0, available)} position lines follow`,
      at(countsLine, 'atom counts'),
    );

  // Positions.
  const coords: Vec3[] = [];
  const flags: [boolean, boolean, boolean][] = [];
  const trailingNames: (string | undefined)[] = [];
  for (let k = 0; k < total; k++) {
    const i = li + k;
    const t = tokens(lines[i]);
    const where = at(i, `position ${k + 1}`);
    if (t.length < 3) throw new XtalInputError(`needs three coordinates, found ${t.length} fields`, where);
    coords.push([parseReal(t[0], where), parseReal(t[1], where), parseReal(t[2], where)]);
    let rest = 3;
    if (selective) {
      const f = t.slice(3, 6);
      if (f.length < 3 || f.some((x) => !/^[TtFf]/.test(x)))
        throw new XtalInputError('selective dynamics needs three T/F flags after the coordinates', where);
      flags.push(f.map((x) => /^[Tt]/.test(x)) as [boolean, boolean, boolean]);
      rest = 6;
    }
    trailingNames.push(t[rest]);
  }

  // Species per count.
  let names: string[];
  let source: string;
  if (speciesNames) {
    names = speciesNames.slice(0, counts.length);
    source = 'species line';
  } else if (options.species) {
    if (options.species.length < counts.length)
      throw new XtalInputError(
        `${counts.length} species counts but ${options.species.length} species were given`,
        at(countsLine, 'atom counts'),
      );
    names = options.species.slice(0, counts.length);
    source = 'species option';
  } else {
    const fromComment = speciesFromComment(comment, counts.length);
    const fromSites = speciesFromSiteNames(trailingNames, counts);
    if (fromComment) {
      names = fromComment;
      source = 'comment line';
    } else if (fromSites) {
      names = fromSites;
      source = 'names after the coordinates';
    } else
      throw new XtalInputError(
        'VASP 4 format: no species line after the lattice, and the species could not be taken from ' +
          `the comment line or the position lines; add a line with ${counts.length} element symbols ` +
          'above the counts (VASP 5 format) or pass the species explicitly',
        at(countsLine, 'species'),
      );
  }
  const elements = names.map((name) => {
    const el = elementFromName(name);
    if (!el)
      throw new XtalInputError(
        `unknown element "${clip(name)}" (from the ${source})`,
        at(speciesLine ?? countsLine, 'species'),
      );
    return el;
  });

  const sites: Site[] = [];
  let k = 0;
  counts.forEach((n, s) => {
    for (let j = 0; j < n; j++, k++) {
      const c = coords[k];
      const frac: Vec3 = cartesian
        ? lattice.toFractional([c[0] * scaleXYZ[0], c[1] * scaleXYZ[1], c[2] * scaleXYZ[2]])
        : c;
      const site: Site = { species: [{ element: elements[s], occu: 1 }], frac };
      if (selective) site.properties = { selectiveDynamics: flags[k] };
      sites.push(site);
    }
  });
  const structure = new Structure(lattice, sites, comment ? { comment } : {});
  return checkStructure(structure, { file });
}

/** "Fe Ni O", "Fe2 Ni1 O3" or pymatgen's "Fe2 Ni O3" comment lines, when they match the counts. */
function speciesFromComment(comment: string, n: number): string[] | undefined {
  const t = tokens(comment);
  if (t.length < n) return undefined;
  const out: string[] = [];
  for (const tok of t.slice(0, n)) {
    const m = /^([A-Z][a-z]?)(\d*\.?\d*)$/.exec(tok);
    if (!m || !isKnownElement(m[1])) return undefined;
    out.push(m[1]);
  }
  return out;
}

/** Species from element names written after each position, if consistent within each count block. */
function speciesFromSiteNames(names: (string | undefined)[], counts: number[]): string[] | undefined {
  const out: string[] = [];
  let k = 0;
  for (const n of counts) {
    if (n === 0) return undefined;
    const first = names[k] ? elementFromName(names[k]!) : undefined;
    if (!first) return undefined;
    for (let j = 0; j < n; j++, k++) if (!names[k] || elementFromName(names[k]!) !== first) return undefined;
    out.push(first);
  }
  return out;
}

function isNumberToken(t: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/.test(t);
}

export interface PoscarWriteOptions {
  /** First line; default: properties.comment, else the id, else the formula. */
  comment?: string;
}

/**
 * POSCAR text (VASP 5, Direct coordinates, scale 1). Sites are grouped by element in order of first
 * appearance (VASP needs one block per species); selective-dynamics flags are written when any site
 * has them. Partially occupied or mixed sites cannot be written.
 */
export function writePoscar(structure: Structure, options: PoscarWriteOptions = {}): string {
  const order: string[] = [];
  const groups = new Map<string, Site[]>();
  structure.sites.forEach((site, i) => {
    if (site.species.length !== 1 || Math.abs(site.species[0].occu - 1) > 1e-8)
      throw new XtalInputError(
        `POSCAR cannot hold a mixed or partially occupied site (site ${i + 1}: ` +
          site.species.map((s) => `${s.element}${s.occu}`).join(' ') +
          '); write CIF or pymatgen JSON instead',
        { field: 'sites' },
      );
    const el = site.species[0].element;
    if (!groups.has(el)) {
      groups.set(el, []);
      order.push(el);
    }
    groups.get(el)!.push(site);
  });
  const selective = structure.sites.some((s) => Array.isArray(s.properties?.selectiveDynamics));
  const comment =
    options.comment ??
    (typeof structure.properties.comment === 'string' ? structure.properties.comment : undefined) ??
    structure.properties.id ??
    order.map((el) => `${el}${groups.get(el)!.length}`).join(' ');
  const out: string[] = [comment.replace(/[\r\n]+/g, ' '), '1.0'];
  for (const r of structure.lattice.matrix) out.push(r.map(fmt).join(' '));
  out.push(order.map((el) => el.padStart(5)).join(''));
  out.push(order.map((el) => String(groups.get(el)!.length).padStart(5)).join(''));
  if (selective) out.push('Selective dynamics');
  out.push('Direct');
  for (const el of order)
    for (const site of groups.get(el)!) {
      let line = site.frac.map(fmt).join(' ');
      if (selective) {
        const f = site.properties?.selectiveDynamics;
        const flags = Array.isArray(f) && f.length === 3 ? f : [true, true, true];
        line += ' ' + flags.map((x) => (x ? 'T' : 'F')).join(' ');
      }
      out.push(line + ' ' + el);
    }
  return out.join('\n') + '\n';
}

function fmt(x: number): string {
  return (x === 0 ? 0 : x).toFixed(16).padStart(22);
}
