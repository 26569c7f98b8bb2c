/**
 * A periodic crystal structure: a lattice and sites in fractional coordinates.
 * A site holds one or more species with occupancies, so disordered and partially occupied sites are
 * represented as they are (a site "Ba0.4K0.6" is one site with two species), never dropped.
 */
import { Lattice, type Vec3 } from './lattice.js';

export interface SpeciesOccupancy {
  /** Element symbol, e.g. "Fe" (a dummy or vacancy is never stored as a species). */
  element: string;
  /** Occupancy in (0, 1]. */
  occu: number;
  /** Formal oxidation state when the input gave one ("Fe2+" → 2), otherwise undefined. */
  oxidationState?: number;
}

export interface Site {
  species: SpeciesOccupancy[];
  /** Fractional coordinates (not necessarily wrapped into [0, 1)). */
  frac: Vec3;
  /** Label from the input file (CIF _atom_site_label, POSCAR comment), if any. */
  label?: string;
  /** Per-site values carried through from the input (e.g. selective dynamics, magnetic moments). */
  properties?: Record<string, unknown>;
}

export interface StructureProperties {
  /** Identifier, typically the file name without extension or a database id. */
  id?: string;
  /** Where the structure came from (file path, URL, database). */
  source?: string;
  /** Non-fatal problems met while reading (e.g. "sites closer than 0.5 Å"). */
  warnings?: string[];
  [key: string]: unknown;
}

export class Structure {
  readonly lattice: Lattice;
  readonly sites: Site[];
  properties: StructureProperties;

  constructor(lattice: Lattice, sites: Site[], properties: StructureProperties = {}) {
    this.lattice = lattice;
    this.sites = sites;
    this.properties = properties;
  }

  /** Build from one element symbol per site and fractional coordinates. */
  static fromSpecies(
    lattice: Lattice,
    elements: string[],
    coords: ArrayLike<number>[],
    options: { cartesian?: boolean; properties?: StructureProperties } = {},
  ): Structure {
    if (elements.length !== coords.length) throw new Error('one element per coordinate is needed');
    const sites: Site[] = elements.map((element, i) => {
      const c = coords[i];
      const frac = options.cartesian ? lattice.toFractional(c) : ([c[0], c[1], c[2]] as Vec3);
      return { species: [{ element, occu: 1 }], frac };
    });
    return new Structure(lattice, sites, options.properties ?? {});
  }

  get numSites(): number {
    return this.sites.length;
  }

  /** Cell volume, Å³. */
  get volume(): number {
    return this.lattice.volume;
  }

  /** Volume per site, Å³/atom (sites, not occupancy sums, as in pymatgen). */
  get volumePerAtomA3(): number {
    return this.lattice.volume / this.sites.length;
  }

  /** True when every site holds one species with occupancy 1. */
  get isOrdered(): boolean {
    return this.sites.every((s) => s.species.length === 1 && Math.abs(s.species[0].occu - 1) < 1e-8);
  }

  /** Cartesian coordinates of site i, Å. */
  cartesian(i: number): Vec3 {
    return this.lattice.toCartesian(this.sites[i].frac);
  }

  /** All Cartesian coordinates as a flat array [x0, y0, z0, x1, ...], Å. */
  cartesianCoords(): Float64Array {
    const out = new Float64Array(this.sites.length * 3);
    this.sites.forEach((s, i) => out.set(this.lattice.toCartesian(s.frac), 3 * i));
    return out;
  }

  /** Species of site i as a map element → occupancy (summed over oxidation states). */
  speciesMap(i: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const sp of this.sites[i].species) out[sp.element] = (out[sp.element] ?? 0) + sp.occu;
    return out;
  }

  /** The majority element of site i (for single-species sites, the element). */
  majorElement(i: number): string {
    let best = this.sites[i].species[0];
    for (const sp of this.sites[i].species) if (sp.occu > best.occu) best = sp;
    return best.element;
  }

  /** A copy with every fractional coordinate wrapped into [0, 1). */
  wrapped(): Structure {
    const sites = this.sites.map((s) => ({ ...s, frac: s.frac.map(wrap01) as Vec3 }));
    return new Structure(this.lattice, sites, { ...this.properties });
  }

  /** A copy with the lattice scaled to the given volume (Å³), fractional coordinates kept. */
  scaledToVolume(volumeA3: number): Structure {
    return new Structure(this.lattice.scaledToVolume(volumeA3), this.sites.map(cloneSite), {
      ...this.properties,
    });
  }

  /** pymatgen-compatible Structure dict (plain JSON). */
  toJSON(): Record<string, unknown> {
    return {
      '@module': 'pymatgen.core.structure',
      '@class': 'Structure',
      charge: 0,
      lattice: this.lattice.toJSON(),
      properties: { ...this.properties },
      sites: this.sites.map((s) => ({
        species: s.species.map((sp) =>
          sp.oxidationState === undefined
            ? { element: sp.element, occu: sp.occu }
            : { element: sp.element, oxidation_state: sp.oxidationState, occu: sp.occu },
        ),
        abc: s.frac,
        xyz: this.lattice.toCartesian(s.frac),
        label: s.label ?? s.species.map((sp) => sp.element).join(''),
        properties: s.properties ?? {},
      })),
    };
  }
}

export function wrap01(x: number): number {
  const y = x - Math.floor(x);
  return y >= 1 ? 0 : y;
}

function cloneSite(s: Site): Site {
  return {
    ...s,
    species: s.species.map((sp) => ({ ...sp })),
    frac: [...s.frac] as Vec3,
    properties: s.properties ? { ...s.properties } : undefined,
  };
}
