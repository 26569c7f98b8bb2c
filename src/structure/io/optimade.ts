/**
 * OPTIMADE structure entries (JSON:API): a response `{data: {...}}` or `{data: [...]}`, a bare entry, or a
 * list of entries. Each entry has `id` and `attributes` with `lattice_vectors`, `cartesian_site_positions`,
 * `species_at_sites` and `species[]` (`name`, `chemical_symbols`, `concentration`; "vacancy" is allowed
 * and left out). Only structures periodic in all three dimensions are read (`dimension_types`,
 * `nperiodic_dimensions`). `assemblies` (correlated disorder) are not supported and give an error.
 */
import { XtalInputError, type InputLocation } from '../../errors.js';
import { Structure, type Site, type SpeciesOccupancy } from '../structure.js';
import type { ParsedItem } from './entry.js';
import { checkLattice, checkStructure } from './checks.js';
import { isDict } from './pymatgen.js';
import { isKnownElement } from './symbols.js';
import { clip } from './text.js';

type Dict = Record<string, unknown>;

/** True when a parsed JSON value looks like OPTIMADE structure data. */
export function isOptimadeValue(v: unknown): boolean {
  if (isDict(v) && 'data' in v) {
    const d = v.data;
    // An empty response page is still an OPTIMADE response.
    if (Array.isArray(d) && d.length === 0) return isDict(v.meta);
    const first = Array.isArray(d) ? d[0] : d;
    return isDict(first) && (isDict(first.attributes) || first.type === 'structures');
  }
  const first = Array.isArray(v) ? v[0] : v;
  return (
    isDict(first) &&
    (isOptimadeEntry(first) || (isDict(first.attributes) && isOptimadeEntry(first.attributes)))
  );
}

function isOptimadeEntry(d: Dict): boolean {
  return Array.isArray(d.lattice_vectors) && Array.isArray(d.cartesian_site_positions);
}

/** Every structure entry of an OPTIMADE JSON value; a bad entry becomes an item with `error`. */
export function readOptimadeValue(value: unknown, where: InputLocation = {}): ParsedItem[] {
  let entries: unknown[];
  if (isDict(value) && 'data' in value) entries = Array.isArray(value.data) ? value.data : [value.data];
  else entries = Array.isArray(value) ? value : [value];
  return entries.map((e, i) => {
    const id = isDict(e) && (typeof e.id === 'string' || typeof e.id === 'number') ? String(e.id) : undefined;
    try {
      return { id, structure: structureFromOptimade(e, { ...where, field: id ?? `data[${i}]` }) };
    } catch (err) {
      if (err instanceof XtalInputError) return { id, error: err };
      throw err;
    }
  });
}

/** Text of an OPTIMADE response or entry list. */
export function readOptimade(text: string, options: { file?: string } = {}): ParsedItem[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new XtalInputError(`invalid JSON: ${(e as Error).message}`, { file: options.file });
  }
  return readOptimadeValue(value, { file: options.file });
}

/** One OPTIMADE structure entry (with or without the JSON:API `attributes` wrapper). */
export function structureFromOptimade(entry: unknown, where: InputLocation = {}): Structure {
  if (!isDict(entry)) throw new XtalInputError('an OPTIMADE entry must be an object', where);
  if (entry.type !== undefined && entry.type !== 'structures')
    throw new XtalInputError(`entry type "${clip(String(entry.type))}" is not "structures"`, where);
  const a: Dict = isDict(entry.attributes) ? entry.attributes : entry;
  const at = (field: string): InputLocation => ({
    ...where,
    field: `${where.field ? where.field + '.' : ''}${field}`,
  });

  const dims = a.dimension_types;
  if (Array.isArray(dims) && !dims.every((x) => x === 1))
    throw new XtalInputError(
      `dimension_types ${JSON.stringify(dims)}: only structures periodic in all three dimensions are supported`,
      at('dimension_types'),
    );
  if (a.nperiodic_dimensions !== undefined && a.nperiodic_dimensions !== null && a.nperiodic_dimensions !== 3)
    throw new XtalInputError(
      `nperiodic_dimensions = ${JSON.stringify(a.nperiodic_dimensions)}: only 3-D periodic structures are supported`,
      at('nperiodic_dimensions'),
    );
  if (Array.isArray(a.assemblies) && a.assemblies.length)
    throw new XtalInputError('assemblies (correlated disorder) are not supported', at('assemblies'));

  const lv = a.lattice_vectors;
  if (!Array.isArray(lv) || lv.length !== 3 || !lv.every((r) => Array.isArray(r) && r.length === 3))
    throw new XtalInputError('lattice_vectors must be a 3x3 array', at('lattice_vectors'));
  if (lv.some((r: unknown[]) => r.some((x) => typeof x !== 'number' || !Number.isFinite(x))))
    throw new XtalInputError(
      'lattice_vectors holds null or non-numbers (not a 3-D periodic cell)',
      at('lattice_vectors'),
    );
  const lattice = checkLattice(lv as number[][], at('lattice_vectors'));

  const pos = a.cartesian_site_positions;
  const names = a.species_at_sites;
  if (!Array.isArray(pos))
    throw new XtalInputError('cartesian_site_positions is missing', at('cartesian_site_positions'));
  if (!Array.isArray(names) || names.length !== pos.length)
    throw new XtalInputError(
      `species_at_sites must list one name per position (${pos.length})`,
      at('species_at_sites'),
    );

  const speciesByName = new Map<string, SpeciesOccupancy[]>();
  if (Array.isArray(a.species)) {
    for (const sp of a.species) {
      if (!isDict(sp) || typeof sp.name !== 'string')
        throw new XtalInputError('a species has no name', at('species'));
      const spName: string = sp.name;
      const symbols = sp.chemical_symbols;
      const conc = sp.concentration;
      if (!Array.isArray(symbols) || !Array.isArray(conc) || symbols.length !== conc.length)
        throw new XtalInputError(
          `species "${clip(spName)}": chemical_symbols and concentration must match`,
          at('species'),
        );
      const list: SpeciesOccupancy[] = [];
      symbols.forEach((sym, k) => {
        if (sym === 'vacancy') return;
        if (sym === 'X')
          throw new XtalInputError(`species "${clip(spName)}" has the unknown symbol "X"`, at('species'));
        if (typeof sym !== 'string' || !isKnownElement(sym))
          throw new XtalInputError(
            `species "${clip(spName)}": unknown element "${clip(String(sym))}"`,
            at('species'),
          );
        const c = conc[k];
        if (typeof c !== 'number' || !(c > 0 && c <= 1))
          throw new XtalInputError(
            `species "${clip(spName)}": concentration ${c} is not in (0, 1]`,
            at('species'),
          );
        list.push({ element: sym, occu: c });
      });
      if (list.length === 0)
        throw new XtalInputError(`species "${clip(spName)}" is only a vacancy`, at('species'));
      speciesByName.set(spName, list);
    }
  }

  const sites: Site[] = pos.map((p, i) => {
    if (!Array.isArray(p) || p.length !== 3 || !p.every((x) => typeof x === 'number' && Number.isFinite(x)))
      throw new XtalInputError(
        `position ${i + 1} is not three finite numbers`,
        at('cartesian_site_positions'),
      );
    const name = names[i];
    if (typeof name !== 'string')
      throw new XtalInputError(`species name ${i + 1} is not a string`, at('species_at_sites'));
    let species = speciesByName.get(name);
    if (!species) {
      if (speciesByName.size > 0 || !isKnownElement(name))
        throw new XtalInputError(
          `species "${clip(name)}" at site ${i + 1} is not defined`,
          at('species_at_sites'),
        );
      species = [{ element: name, occu: 1 }];
    }
    const site: Site = { species: species.map((s) => ({ ...s })), frac: lattice.toFractional(p as number[]) };
    if (species.length > 1 || name !== species[0].element) site.label = name;
    return site;
  });

  const properties: Record<string, unknown> = {};
  if (typeof entry.id === 'string' || typeof entry.id === 'number') properties.id = String(entry.id);
  for (const key of ['chemical_formula_reduced', 'chemical_formula_descriptive', 'last_modified'])
    if (typeof a[key] === 'string') properties[key] = a[key];
  return checkStructure(new Structure(lattice, sites, properties), where);
}
