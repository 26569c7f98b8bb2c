/**
 * xtal's built-in example crystals: classic hard, soft, covalent, ionic and metallic solids, each given by
 * its space group (Hall setting number of the International Tables setting used), experimental lattice
 * parameters (Å, degrees) and the representative atoms of each Wyckoff orbit (fractional coordinates).
 * `buildExample` expands them with the space-group operations.
 *
 * Lattice parameters: room-temperature experimental values as compiled in R. W. G. Wyckoff, Crystal
 * Structures, 2nd ed. (Wiley, 1963) and the CRC Handbook of Chemistry and Physics, unless a note says
 * otherwise. Internal coordinates as refined in the works named in `note`. Each example's bond lengths are
 * checked in test/structure/examples.test.ts.
 */

export interface ExampleCrystal {
  id: string;
  name: string;
  formula: string;
  /** Hall setting number (1..530) of the space group setting the coordinates refer to. */
  hallNumber: number;
  spaceGroupNumber: number;
  /** a, b, c (Å), alpha, beta, gamma (degrees). */
  lattice: [number, number, number, number, number, number];
  /** [element, x, y, z] for one atom of each Wyckoff orbit. */
  sites: Array<[string, number, number, number]>;
  /** Metallic conductor (hardness and toughness models are not meant for metals). */
  metallic: boolean;
  /** Shown as a labelled reference point on Ashby diagrams. */
  label?: boolean;
  note?: string;
}

const T = 1 / 3;
const TT = 2 / 3;

export const EXAMPLE_CRYSTALS: readonly ExampleCrystal[] = [
  // --- superhard and hard covalent solids ---
  { id: 'diamond', name: 'diamond', formula: 'C', hallNumber: 525, spaceGroupNumber: 227, lattice: [3.5668, 3.5668, 3.5668, 90, 90, 90], sites: [['C', 0, 0, 0]], metallic: false, label: true },
  { id: 'lonsdaleite', name: 'lonsdaleite (hexagonal diamond)', formula: 'C', hallNumber: 488, spaceGroupNumber: 194, lattice: [2.52, 2.52, 4.12, 90, 90, 120], sites: [['C', T, TT, 0.0625]], metallic: false, label: true, note: 'ideal tetrahedral z = 1/16' },
  { id: 'graphite', name: 'graphite (hexagonal)', formula: 'C', hallNumber: 488, spaceGroupNumber: 194, lattice: [2.464, 2.464, 6.711, 90, 90, 120], sites: [['C', 0, 0, 0.25], ['C', T, TT, 0.25]], metallic: true, label: true, note: 'semimetal' },
  { id: 'cBN', name: 'cubic boron nitride', formula: 'BN', hallNumber: 512, spaceGroupNumber: 216, lattice: [3.6157, 3.6157, 3.6157, 90, 90, 90], sites: [['B', 0, 0, 0], ['N', 0.25, 0.25, 0.25]], metallic: false, label: true },
  { id: 'wBN', name: 'wurtzite boron nitride', formula: 'BN', hallNumber: 480, spaceGroupNumber: 186, lattice: [2.553, 2.553, 4.228, 90, 90, 120], sites: [['B', T, TT, 0], ['N', T, TT, 0.375]], metallic: false, label: true, note: 'ideal u = 3/8' },
  { id: 'hBN', name: 'hexagonal boron nitride', formula: 'BN', hallNumber: 488, spaceGroupNumber: 194, lattice: [2.504, 2.504, 6.661, 90, 90, 120], sites: [['B', T, TT, 0.25], ['N', T, TT, 0.75]], metallic: false },
  { id: 'SiC-3C', name: 'silicon carbide 3C', formula: 'SiC', hallNumber: 512, spaceGroupNumber: 216, lattice: [4.3596, 4.3596, 4.3596, 90, 90, 90], sites: [['Si', 0, 0, 0], ['C', 0.25, 0.25, 0.25]], metallic: false, label: true },
  { id: 'SiC-2H', name: 'silicon carbide 2H', formula: 'SiC', hallNumber: 480, spaceGroupNumber: 186, lattice: [3.076, 3.076, 5.048, 90, 90, 120], sites: [['Si', T, TT, 0], ['C', T, TT, 0.375]], metallic: false },
  { id: 'SiC-4H', name: 'silicon carbide 4H', formula: 'SiC', hallNumber: 480, spaceGroupNumber: 186, lattice: [3.073, 3.073, 10.053, 90, 90, 120], sites: [['Si', 0, 0, 0], ['Si', T, TT, 0.25], ['C', 0, 0, 0.1875], ['C', T, TT, 0.4375]], metallic: false, note: 'ideal stacking positions' },
  { id: 'B13C2', name: 'boron carbide B13C2 (B12 icosahedra, C-B-C chains)', formula: 'B13C2', hallNumber: 458, spaceGroupNumber: 166, lattice: [5.6, 5.6, 12.086, 90, 90, 120], sites: [['B', -0.1116, 0.1116, 0.1116], ['B', 0.1722, 0.3443, 0.0264], ['C', 0, 0, 0.3815], ['B', 0, 0, 0.5]], metallic: false, label: true, note: 'idealised icosahedron on the experimental lattice; bonds within 5 % of refined B4C values (C-B 1.43, C-B(eq) 1.59, inter-icosahedral 1.71 Å)' },
  { id: 'BP', name: 'boron phosphide', formula: 'BP', hallNumber: 512, spaceGroupNumber: 216, lattice: [4.538, 4.538, 4.538, 90, 90, 90], sites: [['B', 0, 0, 0], ['P', 0.25, 0.25, 0.25]], metallic: false },
  { id: 'stishovite', name: 'stishovite (rutile-type SiO2)', formula: 'SiO2', hallNumber: 419, spaceGroupNumber: 136, lattice: [4.1773, 4.1773, 2.6655, 90, 90, 90], sites: [['Si', 0, 0, 0], ['O', 0.3062, 0.3062, 0]], metallic: false, label: true, note: 'Sinclair & Ringwood, Nature 272, 714 (1978)' },
  { id: 'quartz', name: 'alpha-quartz', formula: 'SiO2', hallNumber: 441, spaceGroupNumber: 152, lattice: [4.9134, 4.9134, 5.4052, 90, 90, 120], sites: [['Si', 0.4697, 0, T], ['O', 0.4135, 0.2669, 0.2143]], metallic: false, label: true, note: 'Levien, Prewitt & Weidner, Am. Mineral. 65, 920 (1980)' },
  { id: 'Al2O3', name: 'corundum', formula: 'Al2O3', hallNumber: 460, spaceGroupNumber: 167, lattice: [4.7589, 4.7589, 12.991, 90, 90, 120], sites: [['Al', 0, 0, 0.35216], ['O', 0.30624, 0, 0.25]], metallic: false, label: true, note: 'Lewis et al., Z. Kristallogr. 162, 11 (1982)' },
  { id: 'MgAl2O4', name: 'spinel', formula: 'MgAl2O4', hallNumber: 526, spaceGroupNumber: 227, lattice: [8.0832, 8.0832, 8.0832, 90, 90, 90], sites: [['Mg', 0.125, 0.125, 0.125], ['Al', 0.5, 0.5, 0.5], ['O', 0.2624, 0.2624, 0.2624]], metallic: false, note: 'origin choice 2' },
  { id: 'AlN', name: 'aluminium nitride (wurtzite)', formula: 'AlN', hallNumber: 480, spaceGroupNumber: 186, lattice: [3.112, 3.112, 4.982, 90, 90, 120], sites: [['Al', T, TT, 0], ['N', T, TT, 0.3819]], metallic: false },
  { id: 'GaN', name: 'gallium nitride (wurtzite)', formula: 'GaN', hallNumber: 480, spaceGroupNumber: 186, lattice: [3.189, 3.189, 5.185, 90, 90, 120], sites: [['Ga', T, TT, 0], ['N', T, TT, 0.377]], metallic: false },
  { id: 'BeO', name: 'beryllium oxide (wurtzite)', formula: 'BeO', hallNumber: 480, spaceGroupNumber: 186, lattice: [2.698, 2.698, 4.38, 90, 90, 120], sites: [['Be', T, TT, 0], ['O', T, TT, 0.378]], metallic: false },
  // --- hard transition-metal carbides, nitrides and borides (metallic conductors) ---
  { id: 'WC', name: 'tungsten carbide', formula: 'WC', hallNumber: 481, spaceGroupNumber: 187, lattice: [2.9063, 2.9063, 2.8375, 90, 90, 120], sites: [['W', 0, 0, 0], ['C', T, TT, 0.5]], metallic: true, label: true },
  { id: 'TiC', name: 'titanium carbide', formula: 'TiC', hallNumber: 523, spaceGroupNumber: 225, lattice: [4.328, 4.328, 4.328, 90, 90, 90], sites: [['Ti', 0, 0, 0], ['C', 0.5, 0.5, 0.5]], metallic: true, label: true },
  { id: 'TiN', name: 'titanium nitride', formula: 'TiN', hallNumber: 523, spaceGroupNumber: 225, lattice: [4.242, 4.242, 4.242, 90, 90, 90], sites: [['Ti', 0, 0, 0], ['N', 0.5, 0.5, 0.5]], metallic: true, label: true },
  { id: 'ZrC', name: 'zirconium carbide', formula: 'ZrC', hallNumber: 523, spaceGroupNumber: 225, lattice: [4.698, 4.698, 4.698, 90, 90, 90], sites: [['Zr', 0, 0, 0], ['C', 0.5, 0.5, 0.5]], metallic: true },
  { id: 'VC', name: 'vanadium carbide', formula: 'VC', hallNumber: 523, spaceGroupNumber: 225, lattice: [4.166, 4.166, 4.166, 90, 90, 90], sites: [['V', 0, 0, 0], ['C', 0.5, 0.5, 0.5]], metallic: true },
  { id: 'TaC', name: 'tantalum carbide', formula: 'TaC', hallNumber: 523, spaceGroupNumber: 225, lattice: [4.456, 4.456, 4.456, 90, 90, 90], sites: [['Ta', 0, 0, 0], ['C', 0.5, 0.5, 0.5]], metallic: true },
  { id: 'CrN', name: 'chromium nitride', formula: 'CrN', hallNumber: 523, spaceGroupNumber: 225, lattice: [4.149, 4.149, 4.149, 90, 90, 90], sites: [['Cr', 0, 0, 0], ['N', 0.5, 0.5, 0.5]], metallic: true },
  { id: 'TiB2', name: 'titanium diboride', formula: 'TiB2', hallNumber: 485, spaceGroupNumber: 191, lattice: [3.029, 3.029, 3.229, 90, 90, 120], sites: [['Ti', 0, 0, 0], ['B', T, TT, 0.5]], metallic: true, label: true },
  { id: 'ReB2', name: 'rhenium diboride', formula: 'ReB2', hallNumber: 488, spaceGroupNumber: 194, lattice: [2.9, 2.9, 7.478, 90, 90, 120], sites: [['Re', T, TT, 0.25], ['B', T, TT, 0.548]], metallic: true, label: true, note: 'La Placa & Post, Acta Cryst. 15, 97 (1962)' },
  { id: 'OsB2', name: 'osmium diboride', formula: 'OsB2', hallNumber: 279, spaceGroupNumber: 59, lattice: [4.6832, 2.8717, 4.0761, 90, 90, 90], sites: [['Os', 0.25, 0.25, 0.1535], ['B', 0.0585, 0.25, 0.6322]], metallic: true, label: true, note: 'RuB2 type, origin choice 2' },
  // --- semiconductors ---
  { id: 'Si', name: 'silicon', formula: 'Si', hallNumber: 525, spaceGroupNumber: 227, lattice: [5.431, 5.431, 5.431, 90, 90, 90], sites: [['Si', 0, 0, 0]], metallic: false, label: true },
  { id: 'Ge', name: 'germanium', formula: 'Ge', hallNumber: 525, spaceGroupNumber: 227, lattice: [5.658, 5.658, 5.658, 90, 90, 90], sites: [['Ge', 0, 0, 0]], metallic: false },
  { id: 'GaAs', name: 'gallium arsenide', formula: 'GaAs', hallNumber: 512, spaceGroupNumber: 216, lattice: [5.653, 5.653, 5.653, 90, 90, 90], sites: [['Ga', 0, 0, 0], ['As', 0.25, 0.25, 0.25]], metallic: false },
  { id: 'ZnS', name: 'zinc blende', formula: 'ZnS', hallNumber: 512, spaceGroupNumber: 216, lattice: [5.409, 5.409, 5.409, 90, 90, 90], sites: [['Zn', 0, 0, 0], ['S', 0.25, 0.25, 0.25]], metallic: false },
  { id: 'ZnO', name: 'zinc oxide (wurtzite)', formula: 'ZnO', hallNumber: 480, spaceGroupNumber: 186, lattice: [3.2496, 3.2496, 5.2042, 90, 90, 120], sites: [['Zn', T, TT, 0], ['O', T, TT, 0.3819]], metallic: false, label: true },
  // --- oxides and ionic solids ---
  { id: 'MgO', name: 'periclase', formula: 'MgO', hallNumber: 523, spaceGroupNumber: 225, lattice: [4.212, 4.212, 4.212, 90, 90, 90], sites: [['Mg', 0, 0, 0], ['O', 0.5, 0.5, 0.5]], metallic: false, label: true },
  { id: 'CaO', name: 'lime', formula: 'CaO', hallNumber: 523, spaceGroupNumber: 225, lattice: [4.811, 4.811, 4.811, 90, 90, 90], sites: [['Ca', 0, 0, 0], ['O', 0.5, 0.5, 0.5]], metallic: false },
  { id: 'TiO2', name: 'rutile', formula: 'TiO2', hallNumber: 419, spaceGroupNumber: 136, lattice: [4.594, 4.594, 2.959, 90, 90, 90], sites: [['Ti', 0, 0, 0], ['O', 0.3048, 0.3048, 0]], metallic: false },
  { id: 'SrTiO3', name: 'strontium titanate (cubic perovskite)', formula: 'SrTiO3', hallNumber: 517, spaceGroupNumber: 221, lattice: [3.905, 3.905, 3.905, 90, 90, 90], sites: [['Sr', 0, 0, 0], ['Ti', 0.5, 0.5, 0.5], ['O', 0, 0.5, 0.5]], metallic: false },
  { id: 'CaF2', name: 'fluorite', formula: 'CaF2', hallNumber: 523, spaceGroupNumber: 225, lattice: [5.463, 5.463, 5.463, 90, 90, 90], sites: [['Ca', 0, 0, 0], ['F', 0.25, 0.25, 0.25]], metallic: false },
  { id: 'LiF', name: 'lithium fluoride', formula: 'LiF', hallNumber: 523, spaceGroupNumber: 225, lattice: [4.027, 4.027, 4.027, 90, 90, 90], sites: [['Li', 0, 0, 0], ['F', 0.5, 0.5, 0.5]], metallic: false },
  { id: 'NaCl', name: 'rock salt', formula: 'NaCl', hallNumber: 523, spaceGroupNumber: 225, lattice: [5.64, 5.64, 5.64, 90, 90, 90], sites: [['Na', 0, 0, 0], ['Cl', 0.5, 0.5, 0.5]], metallic: false, label: true },
  { id: 'KCl', name: 'sylvite', formula: 'KCl', hallNumber: 523, spaceGroupNumber: 225, lattice: [6.293, 6.293, 6.293, 90, 90, 90], sites: [['K', 0, 0, 0], ['Cl', 0.5, 0.5, 0.5]], metallic: false },
  { id: 'CsCl', name: 'caesium chloride', formula: 'CsCl', hallNumber: 517, spaceGroupNumber: 221, lattice: [4.123, 4.123, 4.123, 90, 90, 90], sites: [['Cs', 0, 0, 0], ['Cl', 0.5, 0.5, 0.5]], metallic: false },
  // --- metals ---
  { id: 'Cu', name: 'copper', formula: 'Cu', hallNumber: 523, spaceGroupNumber: 225, lattice: [3.615, 3.615, 3.615, 90, 90, 90], sites: [['Cu', 0, 0, 0]], metallic: true, label: true },
  { id: 'Al', name: 'aluminium', formula: 'Al', hallNumber: 523, spaceGroupNumber: 225, lattice: [4.0495, 4.0495, 4.0495, 90, 90, 90], sites: [['Al', 0, 0, 0]], metallic: true, label: true },
  { id: 'Ni', name: 'nickel', formula: 'Ni', hallNumber: 523, spaceGroupNumber: 225, lattice: [3.524, 3.524, 3.524, 90, 90, 90], sites: [['Ni', 0, 0, 0]], metallic: true },
  { id: 'Fe', name: 'alpha-iron', formula: 'Fe', hallNumber: 529, spaceGroupNumber: 229, lattice: [2.8665, 2.8665, 2.8665, 90, 90, 90], sites: [['Fe', 0, 0, 0]], metallic: true, label: true },
  { id: 'W', name: 'tungsten', formula: 'W', hallNumber: 529, spaceGroupNumber: 229, lattice: [3.1652, 3.1652, 3.1652, 90, 90, 90], sites: [['W', 0, 0, 0]], metallic: true, label: true },
  { id: 'Mo', name: 'molybdenum', formula: 'Mo', hallNumber: 529, spaceGroupNumber: 229, lattice: [3.147, 3.147, 3.147, 90, 90, 90], sites: [['Mo', 0, 0, 0]], metallic: true },
  { id: 'Ti', name: 'alpha-titanium', formula: 'Ti', hallNumber: 488, spaceGroupNumber: 194, lattice: [2.951, 2.951, 4.686, 90, 90, 120], sites: [['Ti', T, TT, 0.25]], metallic: true },
  { id: 'Mg', name: 'magnesium', formula: 'Mg', hallNumber: 488, spaceGroupNumber: 194, lattice: [3.209, 3.209, 5.211, 90, 90, 120], sites: [['Mg', T, TT, 0.25]], metallic: true },
];
