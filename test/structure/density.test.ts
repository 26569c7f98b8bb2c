import { test } from 'node:test';
import assert from 'node:assert/strict';
import { densityGcm3, densityKgM3, cellMassGPerMol } from '../../src/structure/density.js';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { readFileSync } from 'node:fs';
import { readCif } from '../../src/structure/io/cif.js';
import { Composition, compositionOf } from '../../src/structure/composition.js';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

const near = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

/** fcc primitive cell of cubic lattice constant a (Å). */
function fccPrimitive(a: number): Lattice {
  const h = a / 2;
  return new Lattice([
    [0, h, h],
    [h, 0, h],
    [h, h, 0],
  ]);
}

test('diamond: 2-atom fcc primitive cell, a = 3.567 Å → 3.51 g/cm³', () => {
  const diamond = Structure.fromSpecies(
    fccPrimitive(3.567),
    ['C', 'C'],
    [
      [0, 0, 0],
      [0.25, 0.25, 0.25],
    ],
  );
  near(diamond.volume, 3.567 ** 3 / 4, 1e-9, 'primitive volume');
  // Published: 3.51–3.52 g/cm³ (3.515 at room temperature).
  near(densityGcm3(diamond), 3.515, 0.005, 'diamond density');
  near(densityKgM3(diamond), 3515, 5, 'diamond density, kg/m³');
  near(cellMassGPerMol(diamond), 2 * 12.011, 1e-12, 'cell mass');
});

test('NaCl rocksalt conventional cell, a = 5.64 Å → 2.16 g/cm³', () => {
  const na: [number, number, number][] = [
    [0, 0, 0],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ];
  const cl = na.map(([x, y, z]) => [(x + 0.5) % 1, y, z] as [number, number, number]);
  const s = Structure.fromSpecies(
    Lattice.cubic(5.64),
    [...na.map(() => 'Na'), ...cl.map(() => 'Cl')],
    [...na, ...cl],
  );
  near(densityGcm3(s), 2.16, 0.005, 'NaCl density');
  // Same density from the 2-atom primitive cell.
  const prim = Structure.fromSpecies(
    fccPrimitive(5.64),
    ['Na', 'Cl'],
    [
      [0, 0, 0],
      [0.5, 0.5, 0.5],
    ],
  );
  near(densityGcm3(prim), densityGcm3(s), 1e-12, 'primitive vs conventional');
});

test('bcc iron, a = 2.8665 Å → 7.87 g/cm³; partial occupancies count by occupancy', () => {
  const fe = Structure.fromSpecies(
    Lattice.cubic(2.8665),
    ['Fe', 'Fe'],
    [
      [0, 0, 0],
      [0.5, 0.5, 0.5],
    ],
  );
  near(densityGcm3(fe), 7.874, 0.01, 'iron density');
  // Half of the sites vacant: half the density. A 50/50 Fe/Ni site: the mean mass.
  const half = new Structure(fe.lattice, [
    { species: [{ element: 'Fe', occu: 0.5 }], frac: [0, 0, 0] },
    { species: [{ element: 'Fe', occu: 0.5 }], frac: [0.5, 0.5, 0.5] },
  ]);
  near(densityGcm3(half), densityGcm3(fe) / 2, 1e-12, 'half occupied');
  const alloy = new Structure(fe.lattice, [
    {
      species: [
        { element: 'Fe', occu: 0.5 },
        { element: 'Ni', occu: 0.5 },
      ],
      frac: [0, 0, 0],
    },
    { species: [{ element: 'Fe', occu: 1 }], frac: [0.5, 0.5, 0.5] },
  ]);
  near(cellMassGPerMol(alloy), 1.5 * 55.845 + 0.5 * 58.6934, 1e-9, 'mixed site mass');
});

// Densities (g/cm³) and cell compositions that pymatgen 2022.11.7 gives for shared CIFs
// (CifParser(path).get_structures(primitive=False)[0].density and .composition): the 10 COD samples
// and 12 3DSC crystals, several with partial occupancies. pymatgen's atomic weights are the 2000s
// values (C 12.0107), so densities agree to ~1e-4, not exactly.
// prettier-ignore
const PYMATGEN_DENSITY: [string[], number, Record<string, number>][] = [
  [["cgcnn", "sample-regression", "1000041.cif"], 2.18691, {"Na": 4.0, "Cl": 4.0}],
  [["cgcnn", "sample-regression", "1000050.cif"], 2.57958, {"K": 1.0, "Cl": 1.0}],
  [["cgcnn", "sample-regression", "1101051.cif"], 4.08577, {"Zn": 2.0, "S": 2.0}],
  [["cgcnn", "sample-regression", "1507756.cif"], 6.02508, {"Ba": 1.0, "Ti": 1.0, "O": 3.0}],
  [["cgcnn", "sample-regression", "7206075.cif"], 3.88973, {"Ti": 4.0, "O": 8.0}],
  [["cgcnn", "sample-regression", "9000046.cif"], 2.28069, {"C": 8.0}],
  [["cgcnn", "sample-regression", "9009743.cif"], 4.01213, {"Cs": 1.0, "Cl": 1.0}],
  [["cgcnn", "sample-regression", "9011050.cif"], 5.32883, {"Ge": 8.0}],
  [["cgcnn", "sample-regression", "9011998.cif"], 2.32914, {"Si": 8.0}],
  [["cgcnn", "sample-regression", "9012304.cif"], 3.51648, {"C": 8.0}],
  [["superconductors", "3dsc", "cifs", "Cu1La1.77Sr0.23O4-MP-mp-36480-synth_doped.cif"], 6.71855, {"La": 3.54, "Sr": 0.46, "Cu": 2.0, "O": 8.0}],
  [["superconductors", "3dsc", "cifs", "Ba1Ge3-MP-mp-1105500.cif"], 5.80968, {"Ba": 4.0, "Ge": 12.0}],
  [["superconductors", "3dsc", "cifs", "Ga1N1-MP-mp-1245188.cif"], 4.4851, {"Ga": 50.0, "N": 50.0}],
  [["superconductors", "3dsc", "cifs", "As1Fe1Na0.86-MP-mp-1077240-synth_doped.cif"], 4.51138, {"Na": 1.72, "Fe": 2.0, "As": 2.0}],
  [["superconductors", "3dsc", "cifs", "Au0.293Ga0.707-MP-mp-1184316-synth_doped.cif"], 9.6492, {"Ga": 5.656, "Au": 2.344}],
  [["superconductors", "3dsc", "cifs", "P3Pd7-MP-mp-505363.cif"], 9.18445, {"P": 6.0, "Pd": 14.0}],
  [["superconductors", "3dsc", "cifs", "B2C1Er0.8Ni2Tb0.2-MP-mp-6098-synth_doped.cif"], 8.16901, {"Er": 0.8, "Tb": 0.2, "Ni": 2.0, "B": 2.0, "C": 1.0}],
  [["superconductors", "3dsc", "cifs", "Dy0.2Pd2Sn1Y0.8-MP-mp-5538-synth_doped.cif"], 9.14917, {"Y": 0.8, "Dy": 0.2, "Sn": 1.0, "Pd": 2.0}],
  [["superconductors", "3dsc", "cifs", "Si3Zr5-MP-mp-1215348.cif"], 5.21649, {"Zr": 5.0, "Si": 3.0}],
  [["superconductors", "3dsc", "cifs", "As2Ba0.68Fe2K0.32-MP-mp-1223517-synth_doped.cif"], 6.17237, {"K": 0.64, "Ba": 1.36, "Fe": 4.0, "As": 4.0}],
  [["superconductors", "3dsc", "cifs", "N1Zr1-MP-mp-754381-synth_doped.cif"], 5.36596, {"Zr": 6.0, "N": 6.0}],
  [["superconductors", "3dsc", "cifs", "C0.93Nb1-MP-mp-1009458-synth_doped.cif"], 6.01865, {"Nb": 1.0, "C": 0.93}],
];

test(
  'density and composition of shared CIFs agree with pymatgen',
  {
    skip:
      skipUnlessShared('superconductors', '3dsc', 'cifs') || skipUnlessShared('cgcnn', 'sample-regression'),
  },
  () => {
    for (const [parts, density, amounts] of PYMATGEN_DENSITY) {
      const path = sharedDataPath(...parts)!;
      const s = readCif(readFileSync(path, 'utf8'), { file: path })[0];
      near(densityGcm3(s) / density, 1, 5e-4, `density of ${parts.at(-1)}`);
      assert.ok(
        compositionOf(s).equals(new Composition(amounts), { atol: 1e-5 }),
        `composition of ${parts.at(-1)}`,
      );
    }
  },
);
