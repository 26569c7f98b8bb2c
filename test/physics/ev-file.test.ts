import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseEnergyVolume } from '../../src/physics/ev-file.js';
import { fitEos } from '../../src/physics/eos.js';
import { quasiHarmonicDebye } from '../../src/physics/qha-debye.js';
import { BOLTZMANN_EVK, EV_PER_A3_GPA } from '../../src/physics/constants.js';
import { XtalInputError } from '../../src/errors.js';
import { projectPath } from '../helpers/shared-data.js';
import { assertRel } from './approx.js';

const FIXTURE = projectPath('test', 'fixtures', 'physics', 'bm-2atom-e-v.dat');

test('E(V) file: header and comments skipped; Birch–Murnaghan fixture fits back to its parameters', () => {
  const ev = parseEnergyVolume(readFileSync(FIXTURE, 'utf8'), FIXTURE);
  assert.equal(ev.volumesA3.length, 11);
  const fit = fitEos(ev.volumesA3, ev.energiesEV, 'birch-murnaghan');
  // The file carries 12 significant digits of energy: parameters come back to ~1e-8.
  assertRel(fit.parameters.volume0A3, 40, 1e-8);
  assertRel(fit.bulkModulusGPa, 60, 1e-6);
  assertRel(fit.parameters.bulkModulusDerivative, 4.5, 1e-5);
});

test('quasi-harmonic Debye on the Birch–Murnaghan fixture: α K_T V = n γ C_V at 300 K', () => {
  const ev = parseEnergyVolume(readFileSync(FIXTURE, 'utf8'));
  const r = quasiHarmonicDebye({
    atomsPerCell: 2,
    temperaturesK: [300],
    eos: 'birch-murnaghan',
    ...ev,
    debye: { kind: 'gibbs', poissonRatio: 0.25, meanAtomicMassAmu: 25 },
  });
  const p = r.points[0];
  const lhs = p.alphaVolumetricPerK * (p.bulkModulusIsothermalGPa / EV_PER_A3_GPA) * p.volumeA3;
  assertRel(lhs, 2 * p.gruneisen * p.heatCapacityVPerAtomKB * BOLTZMANN_EVK, 1e-5);
  assert.ok(p.volumeA3 > 40 && p.alphaVolumetricPerK > 0);
});

test('E(V) file errors name the line', () => {
  assert.throws(
    () => parseEnergyVolume('# c\n40 -10\n41 x\n', 'ev.dat'),
    (e: unknown) => e instanceof XtalInputError && e.line === 3 && e.field === 'energy',
  );
  assert.throws(() => parseEnergyVolume('40 -10\n41\n', 'ev.dat'), /line 2|ev.dat:2/);
  assert.throws(() => parseEnergyVolume('-40 -10\n', 'ev.dat'), /not positive/);
  assert.throws(() => parseEnergyVolume('# nothing\n', 'ev.dat'), /no E\(V\) points/);
  assert.deepEqual(parseEnergyVolume('40, -1.0D+01\n').energiesEV, [-10]);
});
