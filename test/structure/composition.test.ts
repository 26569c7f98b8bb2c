import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Composition, compositionOf, parseFormula, parseSpecies } from '../../src/structure/composition.js';
import { Lattice } from '../../src/structure/lattice.js';
import { Structure } from '../../src/structure/structure.js';
import { XtalInputError } from '../../src/errors.js';

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
  assert.deepEqual(amounts('Li0.5CoO2'), { Li: 0.5, Co: 1, O: 2 });
  assert.deepEqual(amounts('Y0.5Ba1.5Cu3O7'), { Y: 0.5, Ba: 1.5, Cu: 3, O: 7 });
  assert.deepEqual(amounts('FeFe'), { Fe: 2 });
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
  bad('Fe0O', /must be positive/);
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
