/**
 * Output forms of a neighbour list for `xtal neighbors`: a JSON object (one entry per site, neighbours sorted
 * by distance) and a plain-text table.
 */
import type { Structure } from '../structure.js';
import type { NeighborList } from '../neighbors.js';

export interface NeighborJson {
  j: number;
  image: [number, number, number];
  distance: number;
}

export interface SiteNeighborsJson {
  index: number;
  species: Record<string, number>;
  neighbors: NeighborJson[];
}

export interface NeighborsJson {
  sites: SiteNeighborsJson[];
}

/** `{"sites": [{"index", "species", "neighbors": [{"j", "image", "distance"}]}]}`, distances in Å. */
export function neighborsToJson(structure: Structure, list: NeighborList): NeighborsJson {
  checkMatch(structure, list);
  const sites: SiteNeighborsJson[] = [];
  for (let i = 0; i < list.numSites; i++) {
    const neighbors: NeighborJson[] = [];
    for (let p = list.offsets[i]; p < list.offsets[i + 1]; p++) {
      neighbors.push({
        j: list.index[p],
        image: [list.images[3 * p], list.images[3 * p + 1], list.images[3 * p + 2]],
        distance: list.distances[p],
      });
    }
    sites.push({ index: i, species: structure.speciesMap(i), neighbors });
  }
  return { sites };
}

/**
 * Human-readable table: per site a header line (index, species, count) and one line per neighbour
 * with j, its species, the image and the distance (Å, 6 decimals).
 */
export function neighborsToText(structure: Structure, list: NeighborList): string {
  checkMatch(structure, list);
  const lines: string[] = [];
  const label = (i: number): string =>
    structure.sites[i].species
      .map((sp) => (Math.abs(sp.occu - 1) < 1e-8 ? sp.element : `${sp.element}${round(sp.occu, 4)}`))
      .join('');
  for (let i = 0; i < list.numSites; i++) {
    const count = list.offsets[i + 1] - list.offsets[i];
    const within = list.numWithinCutoff[i];
    const note = within > count ? ` (nearest ${count} of ${within})` : '';
    lines.push(`site ${i} ${label(i)}: ${count} neighbours within ${list.cutoffA} Å${note}`);
    for (let p = list.offsets[i]; p < list.offsets[i + 1]; p++) {
      const j = list.index[p];
      const img = `[${list.images[3 * p]}, ${list.images[3 * p + 1]}, ${list.images[3 * p + 2]}]`;
      lines.push(
        `  ${String(j).padStart(5)} ${label(j).padEnd(8)} ${img.padEnd(14)} ${list.distances[p].toFixed(6)}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

function checkMatch(structure: Structure, list: NeighborList): void {
  if (structure.sites.length !== list.numSites)
    throw new Error(`neighbour list has ${list.numSites} sites, structure has ${structure.sites.length}`);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
