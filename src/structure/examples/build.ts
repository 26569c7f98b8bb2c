/**
 * Builds xtal's example crystals (catalogue.data.ts) from their space group, lattice parameters and
 * Wyckoff representatives, with the same symmetry expansion the CIF reader uses.
 */
import { Lattice } from '../lattice.js';
import { Structure } from '../structure.js';
import { expandSites } from '../io/cif-sites.js';
import { operationsForSetting, settingByHall } from '../symmetry/table.js';
import { EXAMPLE_CRYSTALS, type ExampleCrystal } from './catalogue.data.js';
import { XtalInputError } from '../../errors.js';

export { EXAMPLE_CRYSTALS, type ExampleCrystal };

/** Merge tolerance for symmetry images, Å. */
const MERGE_TOLERANCE_A = 0.01;

export function buildExample(example: ExampleCrystal): Structure {
  const lattice = Lattice.fromParameters(...example.lattice);
  const ops = operationsForSetting(settingByHall(example.hallNumber));
  const rows = example.sites.map(([element, x, y, z]) => ({
    species: { element, occu: 1 },
    frac: [x, y, z] as [number, number, number],
  }));
  const sites = expandSites(lattice, rows, ops, MERGE_TOLERANCE_A);
  return new Structure(lattice, sites, {
    id: example.id,
    source: 'xtal built-in examples',
    name: example.name,
    metallic: example.metallic,
  });
}

/** Look up an example by id (case-insensitive), e.g. "diamond", "cBN", "NaCl". */
export function exampleById(id: string): ExampleCrystal {
  const e = EXAMPLE_CRYSTALS.find((x) => x.id.toLowerCase() === id.toLowerCase());
  if (!e) {
    throw new XtalInputError(`no built-in example "${id}" (known: ${EXAMPLE_CRYSTALS.map((x) => x.id).join(', ')})`);
  }
  return e;
}

/** Every example crystal, built. */
export function buildAllExamples(): Structure[] {
  return EXAMPLE_CRYSTALS.map(buildExample);
}
