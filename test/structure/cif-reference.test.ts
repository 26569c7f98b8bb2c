/**
 * Conformance with pymatgen: for every CIF in the shared reference neighbour lists (made with
 * CifParser(...).get_structures(primitive=False)), readCif gives the same lattice, the same number of
 * sites, and the same species, occupancies and fractional positions (matched modulo 1, in any order).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCif } from '../../src/structure/io/cif.js';
import { Lattice } from '../../src/structure/lattice.js';
import type { Structure } from '../../src/structure/structure.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

interface RefSite {
  species: Record<string, number>;
  frac: [number, number, number];
}
interface RefEntry {
  lattice: number[][];
  sites: RefSite[];
}

const SETS: [string, string[]][] = [
  ['cgcnn-sample', ['cgcnn/sample-regression', 'cgcnn/sample-classification']],
  ['elastic-mp', ['elastic-mp/cifs']],
  ['3dsc', ['superconductors/3dsc/cifs']],
  ['perovskite-pu', ['synthesizability/perovskite-pu/cifs']],
];

/** "Fe3+" -> { element: Fe, ox: 3 }; "O2-" -> -2; "Na+" -> 1; "Cu" -> undefined. */
function parseRefSpecies(key: string): { element: string; ox?: number } {
  const m = /^([A-Z][a-z]?)(?:(\d+(?:\.\d+)?)?([+-]))?$/.exec(key);
  assert.ok(m, `reference species ${key}`);
  if (!m[3]) return { element: m[1] };
  return { element: m[1], ox: (m[3] === '-' ? -1 : 1) * (m[2] ? Number(m[2]) : 1) };
}

function speciesMatch(site: Structure['sites'][number], ref: Record<string, number>): boolean {
  const refs = Object.entries(ref).map(([k, occu]) => ({ ...parseRefSpecies(k), occu }));
  if (refs.length !== site.species.length) return false;
  return refs.every((r) =>
    site.species.some(
      (sp) =>
        sp.element === r.element &&
        Math.abs(sp.occu - r.occu) < 1e-6 &&
        (r.ox === undefined || r.ox === 0 ? !sp.oxidationState : sp.oxidationState === r.ox),
    ),
  );
}

function compare(name: string, s: Structure, ref: RefEntry): string[] {
  const problems: string[] = [];
  const refLat = new Lattice(ref.lattice);
  const a = s.lattice.parameters;
  const b = refLat.parameters;
  for (const k of ['a', 'b', 'c', 'alpha', 'beta', 'gamma'] as const) {
    if (Math.abs(a[k] - b[k]) > 1e-5 * Math.max(1, Math.abs(b[k])))
      problems.push(`${name}: ${k} ${a[k]} vs ${b[k]}`);
  }
  if (s.numSites !== ref.sites.length) {
    problems.push(`${name}: ${s.numSites} sites, pymatgen has ${ref.sites.length}`);
    return problems;
  }
  const g = s.lattice.metric;
  const used = new Set<number>();
  for (const r of ref.sites) {
    let found = -1;
    for (let i = 0; i < s.numSites && found < 0; i++) {
      if (used.has(i)) continue;
      const d = s.sites[i].frac.map((x, k) => {
        const t = x - r.frac[k];
        return t - Math.round(t);
      });
      let d2 = 0;
      for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) d2 += d[p] * g[p][q] * d[q];
      if (d2 < 1e-3 * 1e-3 && speciesMatch(s.sites[i], r.species)) found = i;
    }
    if (found < 0) {
      problems.push(
        `${name}: no site matches pymatgen's ${JSON.stringify(r.species)} at ${r.frac.join(', ')}`,
      );
      if (problems.length > 3) break;
    } else used.add(found);
  }
  return problems;
}

for (const [set, folders] of SETS) {
  test(
    `readCif matches pymatgen on reference-neighbors/${set}.json`,
    { skip: skipUnlessShared('reference-neighbors', `${set}.json`) },
    () => {
      const refs = JSON.parse(
        readFileSync(sharedDataPath('reference-neighbors', `${set}.json`)!, 'utf8'),
      ) as Record<string, RefEntry>;
      const problems: string[] = [];
      let checked = 0;
      for (const [file, ref] of Object.entries(refs)) {
        const path = folders.map((f) => sharedDataPath(...f.split('/'), file)).find((p) => p !== null);
        if (!path) {
          problems.push(`${file}: CIF not found in ${folders.join(' or ')}`);
          continue;
        }
        const structures = readCif(readFileSync(path, 'utf8'), { file: join(path) });
        problems.push(...compare(file, structures[0], ref));
        checked++;
      }
      assert.deepEqual(problems, [], `${problems.length} mismatches in ${checked} files`);
      assert.equal(checked, Object.keys(refs).length);
    },
  );
}
