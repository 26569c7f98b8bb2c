/**
 * Neighbour lists of structures read from the original CIFs (xtal's CIF reader) against pymatgen's
 * get_all_neighbors(8.0) (../shared/data/reference-neighbors). Sites are matched by species and
 * fractional position (modulo lattice translations), since the two readers may order expanded sites
 * differently; images are therefore not compared, only counts and distances.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';
import { readCif } from '../../src/structure/io/cif.js';
import type { Structure } from '../../src/structure/structure.js';
import { neighborList } from '../../src/structure/neighbors.js';

interface RefSite {
  species: Record<string, number>;
  frac: [number, number, number];
  n_within_8: number;
  nearest16: [number, number, number[]][];
}
type RefFile = Record<string, { lattice: number[][]; sites: RefSite[] }>;

const SETS: [string, string[][]][] = [
  [
    'cgcnn-sample.json',
    [
      ['cgcnn', 'sample-regression'],
      ['cgcnn', 'sample-classification'],
    ],
  ],
  ['elastic-mp.json', [['elastic-mp', 'cifs']]],
  ['3dsc.json', [['superconductors', '3dsc', 'cifs']]],
  ['perovskite-pu.json', [['synthesizability', 'perovskite-pu', 'cifs']]],
];

function element(sp: string): string {
  return /^[A-Z][a-z]?/.exec(sp)![0];
}

function speciesKey(map: Record<string, number>): string {
  return Object.entries(map)
    .map(([sp, occ]) => `${element(sp)}:${occ.toFixed(3)}`)
    .sort()
    .join(',');
}

/** Index of our site holding the same species at the same position modulo 1, or -1. */
function matchSite(s: Structure, ref: RefSite): number {
  const key = speciesKey(ref.species);
  for (let i = 0; i < s.numSites; i++) {
    if (speciesKey(s.speciesMap(i)) !== key) continue;
    const f = s.sites[i].frac;
    const ok = [0, 1, 2].every((d) => {
      const x = f[d] - ref.frac[d];
      return Math.abs(x - Math.round(x)) < 2e-4;
    });
    if (ok) return i;
  }
  return -1;
}

for (const [file, dirs] of SETS) {
  test(
    `neighbours of CIF-read structures match pymatgen: ${file}`,
    { skip: skipUnlessShared('reference-neighbors', file) },
    () => {
      const data = JSON.parse(readFileSync(sharedDataPath('reference-neighbors', file)!, 'utf8')) as RefFile;
      let compared = 0;
      const unmatched: string[] = [];
      for (const [name, entry] of Object.entries(data)) {
        const path = dirs.map((d) => sharedDataPath(...d, name)).find((p) => p && existsSync(p));
        if (!path) continue;
        const s = readCif(readFileSync(path, 'utf8'), { file: name })[0];
        if (s.numSites !== entry.sites.length) {
          unmatched.push(`${name}: ${s.numSites} sites vs ${entry.sites.length}`);
          continue;
        }
        const list = neighborList(s, 8.0);
        entry.sites.forEach((ref, k) => {
          const i = matchSite(s, ref);
          if (i < 0) {
            unmatched.push(`${name} site ${k}`);
            return;
          }
          assert.equal(list.numWithinCutoff[i], ref.n_within_8, `${name} site ${k}: count within 8 Å`);
          ref.nearest16.forEach(([d], t) =>
            assert.ok(
              Math.abs(list.distances[list.offsets[i] + t] - d) <= 1e-5,
              `${name} site ${k}: distance ${t}`,
            ),
          );
          compared++;
        });
      }
      // Every reference site must have found its partner.
      const total = Object.values(data).reduce((a, e) => a + e.sites.length, 0);
      assert.ok(
        compared === total,
        `compared ${compared} of ${total} sites; unmatched: ${unmatched.slice(0, 5).join('; ')}`,
      );
    },
  );
}
