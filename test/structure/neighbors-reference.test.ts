/**
 * The neighbour list against pymatgen's get_all_neighbors(8.0) on 370 real structures
 * (../shared/data/reference-neighbors): per site, the same count within 8 Å, the same 16 nearest distances
 * to 1e-5 Å, and the same (j, image) pairs wherever the distance is not tied across the 16th place.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure, type Site } from '../../src/structure/structure.js';
import { neighborList } from '../../src/structure/neighbors.js';

interface RefSite {
  species: Record<string, number>;
  frac: [number, number, number];
  n_within_8: number;
  nearest16: [number, number, [number, number, number]][];
}
type RefFile = Record<string, { lattice: number[][]; sites: RefSite[] }>;

const FILES = ['cgcnn-sample.json', 'elastic-mp.json', '3dsc.json', 'perovskite-pu.json'];

function toStructure(entry: { lattice: number[][]; sites: RefSite[] }): Structure {
  const sites: Site[] = entry.sites.map((s) => ({
    species: Object.entries(s.species).map(([sp, occu]) => {
      const m = /^[A-Z][a-z]?/.exec(sp);
      if (!m) throw new Error(`unreadable species ${sp}`);
      return { element: m[0], occu };
    }),
    frac: s.frac,
  }));
  return new Structure(new Lattice(entry.lattice), sites);
}

for (const file of FILES) {
  test(
    `pymatgen reference neighbours: ${file}`,
    { skip: skipUnlessShared('reference-neighbors', file) },
    () => {
      const data = JSON.parse(
        readFileSync(join(sharedDataPath('reference-neighbors')!, file), 'utf8'),
      ) as RefFile;
      let checked = 0;
      for (const [name, entry] of Object.entries(data)) {
        const s = toStructure(entry);
        const list = neighborList(s, 8.0);
        entry.sites.forEach((ref, i) => {
          const where = `${file} ${name} site ${i}`;
          assert.equal(list.numWithinCutoff[i], ref.n_within_8, `${where}: count within 8 Å`);
          const start = list.offsets[i];
          const k = ref.nearest16.length;
          assert.equal(k, Math.min(16, ref.n_within_8), `${where}: reference length`);
          const ours = Array.from(list.distances.subarray(start, start + k));
          ref.nearest16.forEach(([d], t) =>
            assert.ok(Math.abs(ours[t] - d) <= 1e-5, `${where}: distance ${t}`),
          );
          // Same pairs wherever the distance is clearly below the last one listed.
          if (k === 0) return;
          const last = ref.nearest16[k - 1][0];
          const key = (j: number, img: ArrayLike<number>): string => `${j} ${img[0]} ${img[1]} ${img[2]}`;
          const refPairs = ref.nearest16.filter(([d]) => d < last - 1e-4).map(([, j, img]) => key(j, img));
          const ourPairs: string[] = [];
          for (let p = start; p < start + k; p++)
            if (list.distances[p] < last - 1e-4)
              ourPairs.push(key(list.index[p], list.images.subarray(3 * p, 3 * p + 3)));
          assert.deepEqual(ourPairs.sort(), refPairs.sort(), `${where}: pairs`);
          checked++;
        });
      }
      assert.ok(checked > 0);
    },
  );
}
