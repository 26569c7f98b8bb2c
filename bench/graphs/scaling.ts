/**
 * Scaling of the neighbour list with the number of atoms: random solids at 12.5 Å³/atom in cubic-ish
 * triclinic cells of 500 to 64,000 atoms; time per atom should stay flat (O(N) cell binning), against the
 * brute-force reference (O(N²)) for the small sizes as the anchor.
 *
 * Usage: npx tsx bench/graphs/scaling.ts
 */
import { Lattice, type Vec3 } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { neighborList } from '../../src/structure/neighbors.js';
import { neighborListBruteForce } from '../../src/structure/neighbors/brute-force.js';
import { Rng } from '../../src/engine/random.js';

function randomSolid(n: number, rng: Rng): Structure {
  const volume = 12.5 * n;
  const lattice = Lattice.fromParameters(1, 1.1, 0.9, 80, 100, 95).scaledToVolume(volume);
  const coords = Array.from({ length: n }, () => [rng.uniform(), rng.uniform(), rng.uniform()] as Vec3);
  return Structure.fromSpecies(
    lattice,
    coords.map(() => 'Si'),
    coords,
  );
}

function cpuSeconds(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

const rng = new Rng(1);
console.log('atoms    cutoff  k     pairs      CPU s   µs/atom   brute-force µs/atom');
for (const n of [500, 2000, 8000, 27000, 64000]) {
  const s = randomSolid(n, rng);
  for (const [cutoff, k] of [
    [5, undefined],
    [8, 12],
  ] as [number, number | undefined][]) {
    let pairs = 0;
    neighborList(randomSolid(200, rng), cutoff, { maxNeighbors: k }); // warm-up
    const t = cpuSeconds(() => {
      pairs = neighborList(s, cutoff, { maxNeighbors: k }).index.length;
    });
    const brute =
      n <= 2000 ? (cpuSeconds(() => neighborListBruteForce(s, cutoff, { maxNeighbors: k })) / n) * 1e6 : NaN;
    console.log(
      `${String(n).padEnd(8)} ${String(cutoff).padEnd(7)} ${String(k ?? 'all').padEnd(5)} ${String(pairs).padStart(9)}` +
        `${t.toFixed(3).padStart(10)}${((t / n) * 1e6).toFixed(2).padStart(10)}` +
        `${Number.isNaN(brute) ? '' : brute.toFixed(1).padStart(12)}`,
    );
  }
}
