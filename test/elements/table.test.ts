import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ELEMENTS, element, atomicMass, isElementSymbol, findElement } from '../../src/elements/index.js';
import { XtalInputError } from '../../src/errors.js';

const close = (actual: number | null, expected: number, tol: number, what: string) => {
  assert.ok(actual !== null, `${what} is null`);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
};

test('118 elements in order of Z with unique symbols and names', () => {
  assert.equal(ELEMENTS.length, 118);
  ELEMENTS.forEach((e, i) => assert.equal(e.Z, i + 1));
  assert.equal(new Set(ELEMENTS.map((e) => e.symbol)).size, 118);
  assert.equal(new Set(ELEMENTS.map((e) => e.name)).size, 118);
  for (const e of ELEMENTS) assert.match(e.symbol, /^[A-Z][a-z]?$/);
  assert.equal(element(118).symbol, 'Og');
  assert.equal(element(74).name, 'Tungsten');
  assert.equal(element('Al').name, 'Aluminium');
});

test('standard atomic weights (IUPAC/CIAAW)', () => {
  // Published standard (conventional) atomic weights.
  const weights: Record<string, number> = {
    H: 1.008,
    C: 12.011,
    N: 14.007,
    O: 15.999,
    Na: 22.98976928,
    Si: 28.085,
    Cl: 35.45,
    Fe: 55.845,
    Cu: 63.546,
    Ag: 107.8682,
    Au: 196.96657,
    U: 238.02891,
  };
  for (const [s, w] of Object.entries(weights)) close(atomicMass(s), w, 1e-5, `mass of ${s}`);
  // No stable isotope: the mass number of the longest-lived isotope.
  assert.equal(atomicMass('Tc'), 97);
  assert.equal(atomicMass('Pm'), 145);
  assert.equal(atomicMass('Po'), 209);
  assert.equal(atomicMass('Pu'), 244);
  assert.equal(element('Tc').massIsMassNumber, true);
  assert.equal(element('Fe').massIsMassNumber, false);
  // Atomic weights grow with Z except for the known inversions Ar/K, Co/Ni, Te/I, Th/Pa, U/Np (and
  // the radioactive mass numbers near them).
  const inversions = ELEMENTS.slice(1)
    .filter((e, i) => e.atomicMass < ELEMENTS[i].atomicMass && e.Z < 104)
    .map((e) => e.symbol);
  assert.deepEqual(inversions, ['K', 'Ni', 'I', 'Pa', 'Np', 'Am']);
});

test('electronegativity, ionization energy, electron affinity and radii spot checks', () => {
  close(element('F').electronegativityPauling, 3.98, 1e-9, 'EN of F');
  close(element('O').electronegativityPauling, 3.44, 1e-9, 'EN of O');
  close(element('C').electronegativityPauling, 2.55, 1e-9, 'EN of C');
  close(element('Cs').electronegativityPauling, 0.79, 1e-9, 'EN of Cs');
  for (const s of ['He', 'Ne', 'Ar']) assert.equal(element(s).electronegativityPauling, null, s);
  // NIST ASD first ionization energies.
  close(element('H').firstIonizationEnergyEv, 13.598, 1e-3, 'IE of H');
  close(element('He').firstIonizationEnergyEv, 24.587, 1e-3, 'IE of He');
  close(element('Na').firstIonizationEnergyEv, 5.139, 1e-3, 'IE of Na');
  close(element('Fe').firstIonizationEnergyEv, 7.902, 1e-3, 'IE of Fe');
  // Highest first ionization energy is He's, lowest Cs's (of the measured ones).
  const ies = ELEMENTS.filter((e) => e.firstIonizationEnergyEv !== null);
  const byIe = [...ies].sort((a, b) => a.firstIonizationEnergyEv! - b.firstIonizationEnergyEv!);
  assert.equal(byIe.at(-1)!.symbol, 'He');
  assert.equal(byIe[0].symbol, 'Cs');
  // Electron affinities (eV): Cl has the largest; unbound anions are null.
  close(element('Cl').electronAffinityEv, 3.613, 1e-3, 'EA of Cl');
  close(element('F').electronAffinityEv, 3.401, 1e-3, 'EA of F');
  close(element('O').electronAffinityEv, 1.461, 1e-3, 'EA of O');
  for (const s of ['He', 'Be', 'N', 'Ne', 'Mg', 'Ar', 'Zn', 'Kr', 'Xe', 'Hg'])
    assert.equal(element(s).electronAffinityEv, null, s);
  const maxEa = ELEMENTS.reduce((a, e) =>
    (e.electronAffinityEv ?? -1) > (a.electronAffinityEv ?? -1) ? e : a,
  );
  assert.equal(maxEa.symbol, 'Cl');
  // Cordero et al. 2008 covalent radii, Å.
  close(element('C').covalentRadiusA, 0.76, 1e-9, 'covalent radius of C (sp3)');
  close(element('H').covalentRadiusA, 0.31, 1e-9, 'covalent radius of H');
  close(element('Si').covalentRadiusA, 1.11, 1e-9, 'covalent radius of Si');
  close(element('Cs').covalentRadiusA, 2.44, 1e-9, 'covalent radius of Cs');
  assert.equal(element('Bk').covalentRadiusA, null);
  // Pyykkö & Atsumi 2009 radii cover every element.
  close(element('C').covalentRadiusPyykkoA, 0.75, 1e-9, 'Pyykkö radius of C');
  close(element('Og').covalentRadiusPyykkoA, 1.57, 1e-9, 'Pyykkö radius of Og');
  // Slater 1964 empirical atomic radii, Å.
  close(element('Na').atomicRadiusA, 1.8, 1e-9, 'Slater radius of Na');
  close(element('C').atomicRadiusA, 0.7, 1e-9, 'Slater radius of C');
});

test('atomic volume from the density of the elemental solid', () => {
  // Independent check: V = M / (rho N_A) from each element's crystal structure.
  // bcc Fe a = 2.8665 Å (2 atoms), fcc Cu a = 3.6149 Å (4 atoms), fcc Al a = 4.0495 Å (4 atoms).
  close(element('Fe').atomicVolumeA3, 2.8665 ** 3 / 2, 0.02, 'atomic volume of Fe');
  close(element('Cu').atomicVolumeA3, 3.6149 ** 3 / 4, 0.02, 'atomic volume of Cu');
  close(element('Al').atomicVolumeA3, 4.0495 ** 3 / 4, 0.05, 'atomic volume of Al');
  close(element('Fe').molarVolumeCm3, 7.09, 1e-9, 'molar volume of Fe');
});

test('period, group, block and valence electrons follow the stated conventions', () => {
  const count = (f: (b: string) => boolean) => ELEMENTS.filter((e) => f(e.block)).length;
  assert.equal(
    count((b) => b === 's'),
    14,
  );
  assert.equal(
    count((b) => b === 'p'),
    36,
  );
  assert.equal(
    count((b) => b === 'd'),
    40,
  );
  assert.equal(
    count((b) => b === 'f'),
    28,
  );
  const periodSizes = [1, 2, 3, 4, 5, 6, 7].map((p) => ELEMENTS.filter((e) => e.period === p).length);
  assert.deepEqual(periodSizes, [2, 8, 8, 18, 18, 32, 32]);
  const check = (s: string, period: number, group: number | null, block: string, valence: number) => {
    const e = element(s);
    assert.deepEqual([e.period, e.group, e.block, e.valenceElectrons], [period, group, block, valence], s);
  };
  check('H', 1, 1, 's', 1);
  check('He', 1, 18, 's', 2);
  check('C', 2, 14, 'p', 4);
  check('Ne', 2, 18, 'p', 8);
  check('Fe', 4, 8, 'd', 8);
  check('Zn', 4, 12, 'd', 12);
  check('La', 6, null, 'f', 2);
  check('Yb', 6, null, 'f', 2);
  check('Lu', 6, 3, 'd', 3);
  check('Hf', 6, 4, 'd', 4);
  check('Rn', 6, 18, 'p', 8);
  check('Ac', 7, null, 'f', 2);
  check('Lr', 7, 3, 'd', 3);
  check('Og', 7, 18, 'p', 8);
  // Each group 1..18 has the expected number of members.
  const groupSizes = Array.from({ length: 18 }, (_, g) => ELEMENTS.filter((e) => e.group === g + 1).length);
  assert.deepEqual(groupSizes, [7, 6, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 6, 6, 6, 6, 6, 7]);
});

test('every value lies in its physical range, and the table has no gaps where data exist', () => {
  const inRange = (v: number | null, lo: number, hi: number, what: string) =>
    assert.ok(v === null || (v >= lo && v <= hi), `${what} = ${v}`);
  for (const e of ELEMENTS) {
    inRange(e.atomicMass, e.Z, 3 * e.Z + 10, `mass of ${e.symbol}`);
    inRange(e.electronegativityPauling, 0.7, 4.0, `EN of ${e.symbol}`);
    inRange(e.covalentRadiusA, 0.25, 2.7, `covalent radius of ${e.symbol}`);
    inRange(e.covalentRadiusPyykkoA, 0.3, 2.4, `Pyykkö radius of ${e.symbol}`);
    inRange(e.atomicRadiusA, 0.2, 2.7, `atomic radius of ${e.symbol}`);
    inRange(e.firstIonizationEnergyEv, 3.8, 24.6, `IE of ${e.symbol}`);
    inRange(e.electronAffinityEv, 0.01, 3.7, `EA of ${e.symbol}`);
    inRange(e.atomicVolumeA3, 5, 120, `atomic volume of ${e.symbol}`);
    // Data that exist for the lighter elements are filled in.
    if (e.Z <= 96) assert.notEqual(e.covalentRadiusA, null, e.symbol);
    if (e.Z <= 103) assert.notEqual(e.firstIonizationEnergyEv, null, e.symbol);
    if (e.Z <= 100 && e.group !== 18) assert.notEqual(e.electronegativityPauling, null, e.symbol);
  }
  // Ionization energy rises across period 2 except at the known dips (B after Be, O after N).
  const p2 = ELEMENTS.slice(2, 10).map((e) => e.firstIonizationEnergyEv!);
  const dips = p2.slice(1).flatMap((v, i) => (v < p2[i] ? [ELEMENTS[i + 3].symbol] : []));
  assert.deepEqual(dips, ['B', 'O']);
  // Covalent radius grows down group 1 (Cordero: H < Li < Na < K < Rb < Cs < Fr).
  const g1 = ELEMENTS.filter((e) => e.group === 1).map((e) => e.covalentRadiusA!);
  assert.deepEqual(
    [...g1].sort((a, b) => a - b),
    g1,
  );
});

test('lookup is strict about symbols and helpful about case', () => {
  assert.equal(element('Fe').Z, 26);
  assert.equal(element(26).symbol, 'Fe');
  assert.equal(findElement('fe'), undefined);
  assert.equal(isElementSymbol('Fe'), true);
  assert.equal(isElementSymbol('fe'), false);
  assert.equal(isElementSymbol('FE'), false);
  assert.equal(isElementSymbol('Xx'), false);
  assert.equal(isElementSymbol(26), false);
  assert.throws(
    () => element('fe'),
    (err: unknown) =>
      err instanceof XtalInputError && /"fe"/.test(err.message) && /did you mean "Fe"/.test(err.message),
  );
  assert.throws(() => element('CO'), /did you mean "Co"/);
  assert.throws(
    () => element('Xx'),
    (err: unknown) => err instanceof XtalInputError && /"Xx"/.test(err.message),
  );
  assert.throws(() => element(0), XtalInputError);
  assert.throws(() => element(119), XtalInputError);
  assert.throws(() => element(2.5), XtalInputError);
  assert.throws(() => atomicMass('Qq'), /unknown element symbol "Qq"/);
});
