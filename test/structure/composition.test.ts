import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Composition, compositionOf, parseFormula, parseSpecies } from '../../src/structure/composition.js';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { XtalInputError } from '../../src/errors.js';
import { readFileSync } from 'node:fs';
import { sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

// [input, reduced formula, reduction factor, hill formula, formula, chemical system] as printed by
// pymatgen 2022.11.7 (Composition.get_reduced_formula_and_factor, hill_formula, formula,
// chemical_system), Debian's python3-pymatgen.
// prettier-ignore
const PYMATGEN: [string, string, number, string, string, string][] = [
  ['NaCl', 'NaCl', 1, 'Cl Na', 'Na1 Cl1', 'Cl-Na'],
  ['Fe2O3', 'Fe2O3', 1, 'Fe2 O3', 'Fe2 O3', 'Fe-O'],
  ['SiC', 'SiC', 1, 'C Si', 'Si1 C1', 'C-Si'],
  ['Al2O3', 'Al2O3', 1, 'Al2 O3', 'Al2 O3', 'Al-O'],
  ['LiFePO4', 'LiFePO4', 1, 'Fe Li O4 P', 'Li1 Fe1 P1 O4', 'Fe-Li-O-P'],
  ['Ca3P2O8', 'Ca3(PO4)2', 1, 'Ca3 O8 P2', 'Ca3 P2 O8', 'Ca-O-P'],
  ['Fe4O6', 'Fe2O3', 2, 'Fe4 O6', 'Fe4 O6', 'Fe-O'],
  ['C6H12O6', 'H2CO', 6, 'C6 H12 O6', 'H12 C6 O6', 'C-H-O'],
  ['CH4', 'H4C', 1, 'C H4', 'H4 C1', 'C-H'],
  ['NH4Cl', 'H4NCl', 1, 'Cl H4 N', 'H4 N1 Cl1', 'Cl-H-N'],
  ['YBa2Cu3O7', 'Ba2YCu3O7', 1, 'Ba2 Cu3 O7 Y', 'Ba2 Y1 Cu3 O7', 'Ba-Cu-O-Y'],
  ['PbTiO3', 'TiPbO3', 1, 'O3 Pb Ti', 'Ti1 Pb1 O3', 'O-Pb-Ti'],
  ['CuFeS2', 'FeCuS2', 1, 'Cu Fe S2', 'Fe1 Cu1 S2', 'Cu-Fe-S'],
  ['Ni3Al', 'AlNi3', 1, 'Al Ni3', 'Al1 Ni3', 'Al-Ni'],
  ['NaOH', 'NaHO', 1, 'H Na O', 'Na1 H1 O1', 'H-Na-O'],
  ['Ca(OH)2', 'Ca(HO)2', 1, 'Ca H2 O2', 'Ca1 H2 O2', 'Ca-H-O'],
  ['Al(OH)3', 'Al(HO)3', 1, 'Al H3 O3', 'Al1 H3 O3', 'Al-H-O'],
  ['Zn3(PO4)2', 'Zn3(PO4)2', 1, 'O8 P2 Zn3', 'Zn3 P2 O8', 'O-P-Zn'],
  ['Mg3(BO3)2', 'Mg3(BO3)2', 1, 'B2 Mg3 O6', 'Mg3 B2 O6', 'B-Mg-O'],
  ['Ag(AuS)2', 'Ag(AuS)2', 1, 'Ag Au2 S2', 'Ag1 Au2 S2', 'Ag-Au-S'],
  ['Ca1 Ag2 Ge2', 'Ca(AgGe)2', 1, 'Ag2 Ca Ge2', 'Ca1 Ag2 Ge2', 'Ag-Ca-Ge'],
  ['K4Fe(CN)6', 'K4Fe(CN)6', 1, 'C6 Fe K4 N6', 'K4 Fe1 C6 N6', 'C-Fe-K-N'],
  ['Fe2C12N12', 'Fe(CN)6', 2, 'C12 Fe2 N12', 'Fe2 C12 N12', 'C-Fe-N'],
  ['O2', 'O2', 1, 'O2', 'O2', 'O'],
  ['O4', 'O2', 2, 'O4', 'O4', 'O'],
  ['Li2O2', 'Li2O2', 1, 'Li2 O2', 'Li2 O2', 'Li-O'],
  ['Li4O4', 'Li2O2', 2, 'Li4 O4', 'Li4 O4', 'Li-O'],
  ['Na2O2', 'Na2O2', 1, 'Na2 O2', 'Na2 O2', 'Na-O'],
  ['H2O2', 'H2O2', 1, 'H2 O2', 'H2 O2', 'H-O'],
  ['N2', 'N2', 1, 'N2', 'N2', 'N'],
  ['Cl2', 'Cl2', 1, 'Cl2', 'Cl2', 'Cl'],
  ['H2', 'H2', 1, 'H2', 'H2', 'H'],
  ['H2O', 'H2O', 1, 'H2 O', 'H2 O1', 'H-O'],
  ['Mg2SiO4', 'Mg2SiO4', 1, 'Mg2 O4 Si', 'Mg2 Si1 O4', 'Mg-O-Si'],
  ['SrTiO3', 'SrTiO3', 1, 'O3 Sr Ti', 'Sr1 Ti1 O3', 'O-Sr-Ti'],
  ['BaTiO3', 'BaTiO3', 1, 'Ba O3 Ti', 'Ba1 Ti1 O3', 'Ba-O-Ti'],
  ['MgAl2O4', 'MgAl2O4', 1, 'Al2 Mg O4', 'Mg1 Al2 O4', 'Al-Mg-O'],
  ['K2Cr2O7', 'K2Cr2O7', 1, 'Cr2 K2 O7', 'K2 Cr2 O7', 'Cr-K-O'],
  ['KMnO4', 'KMnO4', 1, 'K Mn O4', 'K1 Mn1 O4', 'K-Mn-O'],
  ['CaCO3', 'CaCO3', 1, 'C Ca O3', 'Ca1 C1 O3', 'C-Ca-O'],
  ['Na2SO4', 'Na2SO4', 1, 'Na2 O4 S', 'Na2 S1 O4', 'Na-O-S'],
  ['Li0.5CoO2', 'Li0.5Co1O2', 1, 'Co Li0.5 O2', 'Li0.5 Co1 O2', 'Co-Li-O'],
  ['Y0.5Ba1.5Cu3O7', 'Ba1.5Y0.5Cu3O7', 1, 'Ba1.5 Cu3 O7 Y0.5', 'Ba1.5 Y0.5 Cu3 O7', 'Ba-Cu-O-Y'],
  ['Ba0.4K0.6Fe2As2', 'K0.6Ba0.4Fe2As2', 1, 'As2 Ba0.4 Fe2 K0.6', 'K0.6 Ba0.4 Fe2 As2', 'As-Ba-Fe-K'],
  ['CuSO9H10', 'CuH10SO9', 1, 'Cu H10 O9 S', 'Cu1 H10 S1 O9', 'Cu-H-O-S'],
  ['Na2CO13H20', 'Na2H20CO13', 1, 'C H20 Na2 O13', 'Na2 H20 C1 O13', 'C-H-Na-O'],
  ['LiCoO2', 'LiCoO2', 1, 'Co Li O2', 'Li1 Co1 O2', 'Co-Li-O'],
  ['Cs2AgBiBr6', 'Cs2AgBiBr6', 1, 'Ag Bi Br6 Cs2', 'Cs2 Ag1 Bi1 Br6', 'Ag-Bi-Br-Cs'],
  ['Ti3SiC2', 'Ti3SiC2', 1, 'C2 Si Ti3', 'Ti3 Si1 C2', 'C-Si-Ti'],
  ['MgB2', 'MgB2', 1, 'B2 Mg', 'Mg1 B2', 'B-Mg'],
  ['XeF2', 'XeF2', 1, 'F2 Xe', 'Xe1 F2', 'F-Xe'],
  ['GaAs', 'GaAs', 1, 'As Ga', 'Ga1 As1', 'As-Ga'],
  ['ZnS', 'ZnS', 1, 'S Zn', 'Zn1 S1', 'S-Zn'],
  ['Nb3Sn', 'Nb3Sn', 1, 'Nb3 Sn', 'Nb3 Sn1', 'Nb-Sn'],
  ['Fe3O4', 'Fe3O4', 1, 'Fe3 O4', 'Fe3 O4', 'Fe-O'],
  ['UO2', 'UO2', 1, 'O2 U', 'U1 O2', 'O-U'],
  ['HfO2', 'HfO2', 1, 'Hf O2', 'Hf1 O2', 'Hf-O'],
  ['Li3PO4', 'Li3PO4', 1, 'Li3 O4 P', 'Li3 P1 O4', 'Li-O-P'],
  ['Si', 'Si', 1, 'Si', 'Si1', 'Si'],
  ['Fe', 'Fe', 1, 'Fe', 'Fe1', 'Fe'],
  ['Fe12', 'Fe', 12, 'Fe12', 'Fe12', 'Fe'],
  ['Sr2RuO4', 'Sr2RuO4', 1, 'O4 Ru Sr2', 'Sr2 Ru1 O4', 'O-Ru-Sr'],
  ['La2CuO4', 'La2CuO4', 1, 'Cu La2 O4', 'La2 Cu1 O4', 'Cu-La-O'],
  ['LaFeAsO0.9F0.1', 'La1Fe1As1O0.9F0.1', 1, 'As F0.1 Fe La O0.9', 'La1 Fe1 As1 O0.9 F0.1', 'As-F-Fe-La-O'],
  ['Mn2O7', 'Mn2O7', 1, 'Mn2 O7', 'Mn2 O7', 'Mn-O'],
  ['Ca2Fe2O5', 'Ca2Fe2O5', 1, 'Ca2 Fe2 O5', 'Ca2 Fe2 O5', 'Ca-Fe-O'],
  ['Bi2Sr2CaCu2O8', 'Sr2CaCu2(BiO4)2', 1, 'Bi2 Ca Cu2 O8 Sr2', 'Sr2 Ca1 Cu2 Bi2 O8', 'Bi-Ca-Cu-O-Sr'],
  ['Y1Re0.1Ba2Cu2.9O7', 'Ba2Y1Re0.1Cu2.9O7', 1, 'Ba2 Cu2.9 O7 Re0.1 Y', 'Ba2 Y1 Re0.1 Cu2.9 O7', 'Ba-Cu-O-Re-Y'],
  ['Pd0.985Ni0.015H0.75', 'Ni0.015Pd0.985H0.75', 1, 'H0.75 Ni0.015 Pd0.985', 'Ni0.015 Pd0.985 H0.75', 'H-Ni-Pd'],
  ['Nb3Rh0.7Pt0.3', 'Nb3Rh0.7Pt0.3', 1, 'Nb3 Pt0.3 Rh0.7', 'Nb3 Rh0.7 Pt0.3', 'Nb-Pt-Rh'],
  ['Pd2Y0.7Dy0.3Sn1', 'Y0.7Dy0.3Sn1Pd2', 1, 'Dy0.3 Pd2 Sn Y0.7', 'Y0.7 Dy0.3 Sn1 Pd2', 'Dy-Pd-Sn-Y'],
  ['Fe0.620C0.000953Mn0.000521Si0.00102Cr0.000110Ni0.192Mo0.0176V0.000112Nb0.0000616Co0.146Al0.00318Ti0.0185', 'Ti0.0185Mn0.000521Nb6.16e-05Al0.00318V0.000112Cr0.00011Fe0.62Co0.146Si0.00102Ni0.192Mo0.0176C0.000953', 1, 'C0.000953 Al0.00318 Co0.146 Cr0.00011 Fe0.62 Mn0.000521 Mo0.0176 Nb6.16e-05 Ni0.192 Si0.00102 Ti0.0185 V0.000112', 'Ti0.0185 Mn0.000521 Nb6.16e-05 Al0.00318 V0.000112 Cr0.00011 Fe0.62 Co0.146 Si0.00102 Ni0.192 Mo0.0176 C0.000953', 'Al-C-Co-Cr-Fe-Mn-Mo-Nb-Ni-Si-Ti-V'],
  ['Mo0.39Ru0.61', 'Mo0.39Ru0.61', 1, 'Mo0.39 Ru0.61', 'Mo0.39 Ru0.61', 'Mo-Ru'],
  ['Ca0.4Ba1.25La1.25Cu3O6.98', 'Ba1.25Ca0.4La1.25Cu3O6.98', 1, 'Ba1.25 Ca0.4 Cu3 La1.25 O6.98', 'Ba1.25 Ca0.4 La1.25 Cu3 O6.98', 'Ba-Ca-Cu-La-O'],
  ['Tm4Os6Sn19', 'Tm4Sn19Os6', 1, 'Os6 Sn19 Tm4', 'Tm4 Sn19 Os6', 'Os-Sn-Tm'],
  ['Ag(W3Br7)2', 'Ag(W3Br7)2', 1, 'Ag Br14 W6', 'Ag1 W6 Br14', 'Ag-Br-W'],
  ['Ag0.5Ge1Pb1.75S4', 'Ag0.5Ge1Pb1.75S4', 1, 'Ag0.5 Ge Pb1.75 S4', 'Ag0.5 Ge1 Pb1.75 S4', 'Ag-Ge-Pb-S'],
];

test("reduced, hill and EN-ordered formulas agree with pymatgen's", () => {
  for (const [input, reduced, factor, hill, formula, system] of PYMATGEN) {
    const c = Composition.parse(input);
    assert.equal(c.reducedFormula, reduced, `reduced formula of ${input}`);
    assert.equal(c.reducedFormulaAndFactor()[1], factor, `reduction factor of ${input}`);
    assert.equal(c.hillFormula, hill, `hill formula of ${input}`);
    assert.equal(c.formula, formula, `formula of ${input}`);
    assert.equal(c.chemicalSystem, system, `chemical system of ${input}`);
  }
});

test('parses real formulas', () => {
  const amounts = (f: string) => Object.fromEntries(parseFormula(f));
  assert.deepEqual(amounts('Ba0.4K0.6Fe2As2'), { Ba: 0.4, K: 0.6, Fe: 2, As: 2 });
  assert.deepEqual(amounts('Ag(AuS)2'), { Ag: 1, Au: 2, S: 2 });
  assert.deepEqual(amounts('Ca1 Ag2 Ge2'), { Ca: 1, Ag: 2, Ge: 2 });
  assert.deepEqual(amounts('  Fe2 O3 '), { Fe: 2, O: 3 });
  assert.deepEqual(amounts('K4[Fe(CN)6]'), { K: 4, Fe: 1, C: 6, N: 6 });
  assert.deepEqual(amounts('{[Fe(CN)6]2}3'), { Fe: 6, C: 36, N: 36 });
  assert.deepEqual(amounts('Ca3(PO4)2'), { Ca: 3, P: 2, O: 8 });
  assert.deepEqual(amounts('(NH4)2SO4'), { N: 2, H: 8, S: 1, O: 4 });
  assert.deepEqual(amounts('Mg(OH)2'), { Mg: 1, O: 2, H: 2 });
  assert.deepEqual(amounts('Fe.5O'), { Fe: 0.5, O: 1 });
  assert.deepEqual(amounts('Fe0.99Nb6.16e-05C1e-3'), { Fe: 0.99, Nb: 6.16e-5, C: 0.001 });
  assert.deepEqual(amounts('Li0.5CoO2'), { Li: 0.5, Co: 1, O: 2 });
  assert.deepEqual(amounts('Y0.5Ba1.5Cu3O7'), { Y: 0.5, Ba: 1.5, Cu: 3, O: 7 });
  assert.deepEqual(amounts('FeFe'), { Fe: 2 });
  // Zero amounts (as in some databases) drop the element.
  assert.deepEqual(amounts('La2Sr0Cu0.8Zn0.2O4'), { La: 2, Cu: 0.8, Zn: 0.2, O: 4 });
  // Hydrogen isotopes on request; Db, Ds, Ta, Tb, Tc, Te, Th, Ti, Tl, Tm, Ts stay elements.
  assert.deepEqual(Object.fromEntries(parseFormula('Pd1D0.8', { isotopes: 'hydrogen' })), { Pd: 1, H: 0.8 });
  assert.deepEqual(Object.fromEntries(parseFormula('DbTaTiD', { isotopes: 'hydrogen' })), {
    Db: 1,
    Ta: 1,
    Ti: 1,
    H: 1,
  });
  assert.ok(Composition.parse('D2O', { isotopes: 'hydrogen' }).equals(Composition.parse('H2O')));
  // Hydrates and adducts.
  const blueVitriol = { Cu: 1, S: 1, O: 9, H: 10 };
  assert.deepEqual(amounts('CuSO4·5H2O'), blueVitriol);
  assert.deepEqual(amounts('CuSO4•5H2O'), blueVitriol);
  assert.deepEqual(amounts('CuSO4 · 5H2O'), blueVitriol);
  assert.deepEqual(amounts('CuSO4*5H2O'), blueVitriol);
  assert.deepEqual(amounts('CuSO4.5H2O'), blueVitriol);
  assert.deepEqual(amounts('Na2CO3.10H2O'), { Na: 2, C: 1, O: 13, H: 20 });
  assert.deepEqual(amounts('MgSO4.H2O'), { Mg: 1, S: 1, O: 5, H: 2 });
  assert.deepEqual(amounts('CaSO4·0.5H2O'), { Ca: 1, S: 1, O: 4.5, H: 1 });
  assert.deepEqual(amounts('Al2O3·2SiO2·2H2O'), { Al: 2, O: 9, Si: 2, H: 4 });
  assert.deepEqual(amounts('2H2O'), { H: 4, O: 2 });
});

test('rejects garbage, naming the formula and the position', () => {
  const bad = (formula: string, pattern: RegExp) =>
    assert.throws(
      () => Composition.parse(formula),
      (err: unknown) => {
        assert.ok(err instanceof XtalInputError, String(err));
        assert.equal(err.field, 'formula');
        assert.ok(err.message.includes(JSON.stringify(formula)), err.message);
        assert.match(err.message, pattern);
        return true;
      },
    );
  bad('Fe2O$3', /unexpected "\$" at position 5/);
  bad('fe2o3', /capital: "Fe"/);
  bad('Fe2(O3', /missing "\)"/);
  bad('Fe2O3)', /unmatched "\)" at position 6/);
  bad('Fe2[O3)', /does not close .*expected "\]"/);
  bad('Fe 2', /number must follow an element symbol .* position 4/);
  bad('Xy2', /unknown element "Xy" at position 1/);
  bad('Q', /unknown element "Q"/);
  bad('Fe2+O3', /oxidation states belong in species strings/);
  bad('', /empty formula/);
  bad('   ', /empty formula/);
  bad('()', /empty brackets/);
  bad('Fe0', /no atoms/);
  bad('Fe0O0', /no atoms/);
  bad('Pd1D0.8', /"D" \(deuterium\) is not an element: write H/);
  bad('T2O', /tritium/);
  bad('Sm1Ba-1Cu3O6.94', /sign "-": formulas carry no charges/);
  bad('Sr2Cu1Cl1.2O4.', /nothing after "\."/);
  bad('Eu1.45Ce0.5Sr2Cu2Nb1O10=z', /unexpected "=" at position 24/);
  bad('Fe2O3·', /nothing after "·"/);
  bad('Fe2O3··H2O', /position/);
  bad('H2O#', /unexpected "#"/);
});

test('species strings with oxidation states', () => {
  assert.deepEqual(parseSpecies('Fe'), { element: 'Fe' });
  assert.deepEqual(parseSpecies('Fe2+'), { element: 'Fe', oxidationState: 2 });
  assert.deepEqual(parseSpecies('Fe3+'), { element: 'Fe', oxidationState: 3 });
  assert.deepEqual(parseSpecies('Fe+3'), { element: 'Fe', oxidationState: 3 });
  assert.deepEqual(parseSpecies('O2-'), { element: 'O', oxidationState: -2 });
  assert.deepEqual(parseSpecies('Na+'), { element: 'Na', oxidationState: 1 });
  assert.deepEqual(parseSpecies('Cl-'), { element: 'Cl', oxidationState: -1 });
  assert.deepEqual(parseSpecies('Mn2.5+'), { element: 'Mn', oxidationState: 2.5 });
  assert.throws(() => parseSpecies('Fe2'), XtalInputError);
  assert.throws(() => parseSpecies('fe2+'), /did you mean "Fe"/);
  assert.throws(() => parseSpecies('Xx+'), /unknown element symbol "Xx"/);
});

test('amounts, fractions and molar mass', () => {
  const c = Composition.parse('Fe2O3');
  assert.deepEqual(c.elements, ['Fe', 'O']);
  assert.equal(c.numAtoms, 5);
  assert.equal(c.amount('Fe'), 2);
  assert.equal(c.amount('Cu'), 0);
  // IUPAC standard atomic weights: 2 × 55.845 + 3 × 15.999.
  assert.ok(Math.abs(c.molarMassGPerMol - 159.687) < 1e-9);
  assert.ok(Math.abs(Composition.parse('NaCl').molarMassGPerMol - (22.98976928 + 35.45)) < 1e-9);
  assert.ok(Math.abs(Composition.parse('H2O').molarMassGPerMol - 18.015) < 1e-9);
  assert.ok(Math.abs(Composition.parse('CuSO4·5H2O').molarMassGPerMol - 249.68) < 0.01);
  assert.deepEqual(c.atomicFractions(), { Fe: 0.4, O: 0.6 });
  assert.equal(c.atomicFraction('O'), 0.6);
  const w = c.weightFractions();
  assert.ok(Math.abs(w.Fe - 111.69 / 159.687) < 1e-12);
  assert.ok(Math.abs(w.Fe + w.O - 1) < 1e-12);
  assert.ok(Math.abs(c.weightFraction('O') - 47.997 / 159.687) < 1e-12);
  const mixed = Composition.parse('Ba0.4K0.6Fe2As2');
  assert.ok(Math.abs(mixed.numAtoms - 5) < 1e-12);
  const f = mixed.atomicFractions();
  assert.ok(Math.abs(Object.values(f).reduce((a, b) => a + b, 0) - 1) < 1e-12);
});

test('equality with tolerance, reduction and arithmetic', () => {
  const a = Composition.parse('Fe2O3');
  assert.ok(a.equals(new Composition({ O: 3, Fe: 2 })));
  assert.ok(a.equals(new Composition({ Fe: 2 + 1e-10, O: 3 })));
  assert.ok(!a.equals(new Composition({ Fe: 2.001, O: 3 })));
  assert.ok(a.equals(new Composition({ Fe: 2.001, O: 3 }), { atol: 0.01 }));
  assert.ok(a.equals(new Composition({ Fe: 2.1, O: 3 }), { rtol: 0.1 }));
  assert.ok(!a.equals(Composition.parse('Fe2O3Al')));
  assert.ok(!a.equals(Composition.parse('Fe4O6')));
  assert.ok(a.sameReduced(Composition.parse('Fe4O6')));
  assert.ok(Composition.parse('Fe4O6').reducedComposition().equals(a));
  assert.ok(a.scaled(2).equals(Composition.parse('Fe4O6')));
  assert.ok(a.plus(Composition.parse('FeO')).equals(Composition.parse('Fe3O4')));
  // Zero amounts are dropped; negatives and unknown symbols are rejected.
  assert.deepEqual(new Composition({ Fe: 1, O: 0 }).elements, ['Fe']);
  assert.throws(() => new Composition({ Fe: -1 }), /must be a finite number >= 0/);
  assert.throws(() => new Composition({ Fe: NaN }), XtalInputError);
  assert.throws(() => new Composition({ fe: 1 }), /did you mean "Fe"/);
});

test('toJSON/fromJSON round trip (pymatgen Composition dict)', () => {
  for (const f of ['Fe2O3', 'Ba0.4K0.6Fe2As2', 'CuSO4·5H2O', 'Ca3(PO4)2']) {
    const c = Composition.parse(f);
    const json = JSON.parse(JSON.stringify(c));
    const back = Composition.fromJSON(json);
    assert.ok(back.equals(c), f);
    assert.deepEqual(back.elements, c.elements);
  }
  assert.deepEqual(Composition.parse('Fe2O3').toJSON(), { Fe: 2, O: 3 });
  assert.ok(
    Composition.fromJSON({ '@module': 'pymatgen.core.composition', Fe: 2, O: 3 }).equals(
      Composition.parse('Fe2O3'),
    ),
  );
  assert.throws(() => Composition.fromJSON({ Fe: '2' }), /amount of Fe must be a number/);
  assert.throws(() => Composition.fromJSON([1, 2]), XtalInputError);
});

test('composition of a structure from its site occupancies', () => {
  const lattice = Lattice.cubic(4);
  const s = new Structure(lattice, [
    {
      species: [
        { element: 'Ba', occu: 0.4 },
        { element: 'K', occu: 0.6 },
      ],
      frac: [0, 0, 0],
    },
    { species: [{ element: 'Fe', occu: 1 }], frac: [0.5, 0.5, 0] },
    { species: [{ element: 'Fe', occu: 1 }], frac: [0, 0.5, 0.5] },
    { species: [{ element: 'As', occu: 1 }], frac: [0.5, 0, 0.5] },
    {
      species: [
        { element: 'As', occu: 0.5 },
        { element: 'As', occu: 0.5, oxidationState: -3 },
      ],
      frac: [0.5, 0.5, 0.5],
    },
    { species: [{ element: 'O', occu: 0.25 }], frac: [0.25, 0.25, 0.25] },
  ]);
  const c = compositionOf(s);
  assert.ok(c.equals(new Composition({ Ba: 0.4, K: 0.6, Fe: 2, As: 2, O: 0.25 })));
  assert.equal(c.reducedFormula, 'K0.6Ba0.4Fe2As2O0.25');
});

/** The composition column of a CSV file in the shared data (no quoted commas in these files). */
function sharedFormulas(path: string[], column: number): string[] {
  const text = readFileSync(sharedDataPath(...path)!, 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[column]);
}

test(
  'parses every Matbench composition; reduced formulas re-parse to the same compound',
  { skip: skipUnlessShared('matbench', 'matbench_expt_gap.csv') },
  (t) => {
    let n = 0;
    for (const name of ['expt_gap', 'expt_is_metal', 'glass', 'steels']) {
      for (const formula of sharedFormulas(['matbench', `matbench_${name}.csv`], 1)) {
        const c = Composition.parse(formula);
        const again = Composition.parse(c.reducedFormula);
        assert.ok(again.sameReduced(c, { rtol: 1e-7 }), `${formula} → ${c.reducedFormula}`);
        assert.ok(Composition.parse(c.formula).equals(c, { rtol: 1e-7 }), `${formula} → ${c.formula}`);
        n++;
      }
    }
    t.diagnostic(`${n} Matbench compositions parsed and round-tripped`);
    assert.ok(n > 15000);
  },
);

test(
  'SuperCon names: all but a few malformed entries parse, and those fail with a reason and position',
  { skip: skipUnlessShared('superconductors', 'supercon-stanev-2018.csv') },
  (t) => {
    const names = sharedFormulas(['superconductors', 'supercon-stanev-2018.csv'], 0);
    const failures: string[] = [];
    for (const name of names) {
      try {
        const c = Composition.parse(name, { isotopes: 'hydrogen' });
        assert.ok(c.numAtoms > 0);
      } catch (err) {
        assert.ok(err instanceof XtalInputError);
        assert.ok(err.message.includes(JSON.stringify(name)) && /position|at the end/.test(err.message));
        failures.push(err.message);
      }
    }
    t.diagnostic(`${names.length - failures.length} of ${names.length} parsed; rejected: ${failures.length}`);
    for (const f of failures) t.diagnostic(f);
    // The rejected ones are genuinely malformed: "=z", "!", "+2", "Ba-1", a trailing ".", "TI" for Tl/Ti.
    assert.ok(failures.length <= 20, `${failures.length} failures`);
  },
);
