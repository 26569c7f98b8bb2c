/**
 * pymatgen Structure dicts (`Structure.as_dict()`, also written by xtal's `Structure.toJSON()`):
 * `lattice.matrix`, `sites[]` with `species[]` (`element`, `occu`, `oxidation_state`), `abc` (or
 * Cartesian `xyz`), `label` and `properties`, and structure-level `properties`. Species may also be
 * written as strings with a charge ("Fe2+", "O2-").
 */
import { XtalInputError, type InputLocation } from '../../errors.js';
import type { Vec3 } from '../lattice.js';
import { Structure, type Site, type SpeciesOccupancy } from '../structure.js';
import { checkLattice, checkStructure } from './checks.js';
import { isKnownElement } from './symbols.js';
import { clip } from './text.js';

type Dict = Record<string, unknown>;

export function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True for a pymatgen Structure dict (by `@class`, or by having `lattice.matrix` and `sites`). */
export function isPymatgenStructureDict(v: unknown): v is Dict {
  if (!isDict(v)) return false;
  if (v['@class'] === 'Structure') return true;
  return (
    v['@class'] === undefined &&
    isDict(v.lattice) &&
    Array.isArray(v.lattice.matrix) &&
    Array.isArray(v.sites)
  );
}

/**
 * A species string: "Fe", "Fe2+", "Fe+2", "O2-", "Na+", "Fe3.5+", "Fe0+". Returns undefined if it is
 * not an element symbol with an optional charge.
 */
export function parseSpeciesString(s: string): { element: string; oxidationState?: number } | undefined {
  const m = /^([A-Z][a-z]?)(?:(\d*\.?\d*)([+-])|([+-])(\d*\.?\d*))?$/.exec(s.trim());
  if (!m || !isKnownElement(m[1])) return undefined;
  if (m[3]) return { element: m[1], oxidationState: (m[3] === '-' ? -1 : 1) * Number(m[2] || 1) };
  if (m[4]) return { element: m[1], oxidationState: (m[4] === '-' ? -1 : 1) * Number(m[5] || 1) };
  return { element: m[1] };
}

/** A Structure from a pymatgen Structure dict. */
export function structureFromPymatgen(d: unknown, where: InputLocation = {}): Structure {
  if (!isDict(d)) throw new XtalInputError('expected a pymatgen Structure dict (an object)', where);
  const cls = d['@class'];
  if (cls !== undefined && cls !== 'Structure' && cls !== 'IStructure')
    throw new XtalInputError(`"@class": "${clip(String(cls))}" is not a periodic Structure`, {
      ...where,
      field: '@class',
    });
  const lat = d.lattice;
  if (!isDict(lat) || !Array.isArray(lat.matrix))
    throw new XtalInputError('lattice.matrix is missing', { ...where, field: 'lattice.matrix' });
  const matrix = lat.matrix as unknown[];
  if (
    matrix.length !== 3 ||
    !matrix.every((r) => Array.isArray(r) && r.length === 3 && r.every(isFiniteNumber))
  )
    throw new XtalInputError('lattice.matrix must be 3x3 finite numbers', {
      ...where,
      field: 'lattice.matrix',
    });
  if (Array.isArray(lat.pbc) && !lat.pbc.every((x) => x === true))
    throw new XtalInputError(`lattice.pbc ${JSON.stringify(lat.pbc)}: only 3-D periodic structures`, {
      ...where,
      field: 'lattice.pbc',
    });
  const lattice = checkLattice(matrix as number[][], { ...where, field: 'lattice.matrix' });
  if (!Array.isArray(d.sites)) throw new XtalInputError('sites is missing', { ...where, field: 'sites' });
  const sites: Site[] = d.sites.map((raw, i) => {
    const field = `sites[${i}]`;
    if (!isDict(raw)) throw new XtalInputError('a site must be an object', { ...where, field });
    const species = readSpecies(raw.species, { ...where, field: `${field}.species` });
    let frac: Vec3;
    if (isVec3(raw.abc)) frac = [...raw.abc] as Vec3;
    else if (isVec3(raw.xyz)) frac = lattice.toFractional(raw.xyz);
    else
      throw new XtalInputError('needs abc (fractional) or xyz (Cartesian) coordinates', { ...where, field });
    const site: Site = { species, frac };
    if (typeof raw.label === 'string') site.label = raw.label;
    if (isDict(raw.properties) && Object.keys(raw.properties).length) site.properties = { ...raw.properties };
    return site;
  });
  const properties = isDict(d.properties) ? { ...d.properties } : {};
  return checkStructure(new Structure(lattice, sites, properties), where);
}

function readSpecies(v: unknown, where: InputLocation): SpeciesOccupancy[] {
  // Forms: [{element, occu, oxidation_state}], "Fe2+", {"Fe": 0.5, "Ni": 0.5}.
  if (typeof v === 'string') return [speciesFromString(v, 1, where)];
  if (isDict(v))
    return Object.entries(v).map(([k, occu]) => speciesFromString(k, occupancy(occu, where), where));
  if (!Array.isArray(v) || v.length === 0)
    throw new XtalInputError('species must be a non-empty list', where);
  return v.map((sp) => {
    if (typeof sp === 'string') return speciesFromString(sp, 1, where);
    if (!isDict(sp) || typeof sp.element !== 'string')
      throw new XtalInputError('each species needs an "element"', where);
    const occu = sp.occu === undefined ? 1 : occupancy(sp.occu, where);
    const out = speciesFromString(sp.element, occu, where);
    const ox = sp.oxidation_state ?? sp.oxi_state;
    if (isFiniteNumber(ox)) out.oxidationState = ox;
    return out;
  });
}

function speciesFromString(s: string, occu: number, where: InputLocation): SpeciesOccupancy {
  const p = parseSpeciesString(s);
  if (!p)
    throw new XtalInputError(
      /^X|^Vac|^D\d|^Xe?\d/.test(s)
        ? `"${clip(s)}" is a dummy species or vacancy, not an element`
        : `unknown element "${clip(s)}"`,
      where,
    );
  return p.oxidationState === undefined
    ? { element: p.element, occu }
    : { element: p.element, occu, oxidationState: p.oxidationState };
}

function occupancy(v: unknown, where: InputLocation): number {
  if (!isFiniteNumber(v)) throw new XtalInputError(`occupancy ${JSON.stringify(v)} is not a number`, where);
  return v;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isVec3(v: unknown): v is Vec3 {
  return Array.isArray(v) && v.length === 3 && v.every(isFiniteNumber);
}

/** Text of one pymatgen Structure dict or a JSON list of them. */
export function readPymatgenJson(text: string, options: { file?: string } = {}): Structure[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new XtalInputError(`invalid JSON: ${(e as Error).message}`, { file: options.file });
  }
  const list = Array.isArray(value) ? value : [value];
  return list.map((d, i) =>
    structureFromPymatgen(d, { file: options.file, field: Array.isArray(value) ? `[${i}]` : undefined }),
  );
}

/** JSON text of a structure as a pymatgen dict (what `Structure.toJSON()` gives), indented. */
export function writePymatgenJson(structure: Structure): string {
  return JSON.stringify(structure.toJSON(), null, 1) + '\n';
}
