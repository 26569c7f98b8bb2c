/**
 * Reference elastic data for the lecture figures (not a training set).
 * - DFT (PBE) K_VRH, G_VRH and volume per atom from the Materials Project elastic dataset
 *   (de Jong et al., Sci. Data 2, 150009 (2015); MP data CC-BY 4.0); cBN from experimental Cij.
 * - Experimental cubic Cij → VRH moduli and densities for the Debye estimates (project science notes §4.1).
 */
export interface ElasticEntry {
  name: string;
  nameRu: string;
  bulkModulusGPa: number;
  shearModulusGPa: number;
  volumePerAtomA3: number;
  metallic: boolean;
}

export const ASHBY_REFERENCE: readonly ElasticEntry[] = [
  {
    name: 'diamond',
    nameRu: 'алмаз',
    bulkModulusGPa: 432.6,
    shearModulusGPa: 520.1,
    volumePerAtomA3: 5.67,
    metallic: false,
  },
  {
    name: 'cBN',
    nameRu: 'cBN',
    bulkModulusGPa: 400.0,
    shearModulusGPa: 405.4,
    volumePerAtomA3: 5.9,
    metallic: false,
  },
  {
    name: 'SiC',
    nameRu: 'SiC',
    bulkModulusGPa: 211.4,
    shearModulusGPa: 186.9,
    volumePerAtomA3: 10.49,
    metallic: false,
  },
  {
    name: 'WC',
    nameRu: 'WC',
    bulkModulusGPa: 385.2,
    shearModulusGPa: 279.0,
    volumePerAtomA3: 10.59,
    metallic: true,
  },
  {
    name: 'Al₂O₃',
    nameRu: 'Al₂O₃',
    bulkModulusGPa: 232.3,
    shearModulusGPa: 147.3,
    volumePerAtomA3: 8.74,
    metallic: false,
  },
  {
    name: 'MgO',
    nameRu: 'MgO',
    bulkModulusGPa: 151.5,
    shearModulusGPa: 118.7,
    volumePerAtomA3: 9.62,
    metallic: false,
  },
  {
    name: 'Si',
    nameRu: 'Si',
    bulkModulusGPa: 83.0,
    shearModulusGPa: 61.2,
    volumePerAtomA3: 20.44,
    metallic: false,
  },
  {
    name: 'ZnO',
    nameRu: 'ZnO',
    bulkModulusGPa: 129.6,
    shearModulusGPa: 41.2,
    volumePerAtomA3: 12.41,
    metallic: false,
  },
  {
    name: 'NaCl',
    nameRu: 'NaCl',
    bulkModulusGPa: 22.6,
    shearModulusGPa: 14.3,
    volumePerAtomA3: 23.13,
    metallic: false,
  },
  {
    name: 'Cu',
    nameRu: 'Cu',
    bulkModulusGPa: 136.2,
    shearModulusGPa: 31.1,
    volumePerAtomA3: 11.99,
    metallic: true,
  },
  {
    name: 'Fe',
    nameRu: 'Fe',
    bulkModulusGPa: 182.5,
    shearModulusGPa: 73.6,
    volumePerAtomA3: 11.43,
    metallic: true,
  },
];

export interface DebyeEntry {
  name: string;
  nameRu: string;
  bulkModulusGPa: number;
  shearModulusGPa: number;
  densityKgM3: number;
  volumePerAtomA3: number;
  /** Experimental Debye temperature (K), approximate. */
  debyeExpK: number;
  /** Experimental linear thermal expansion at 300 K (1/K), approximate. */
  alphaExpPerK: number;
}

export const DEBYE_REFERENCE: readonly DebyeEntry[] = [
  {
    name: 'diamond',
    nameRu: 'алмаз',
    bulkModulusGPa: 442.3,
    shearModulusGPa: 535.5,
    densityKgM3: 3515,
    volumePerAtomA3: 5.673,
    debyeExpK: 2230,
    alphaExpPerK: 1.0e-6,
  },
  {
    name: 'Si',
    nameRu: 'Si',
    bulkModulusGPa: 97.8,
    shearModulusGPa: 66.5,
    densityKgM3: 2329,
    volumePerAtomA3: 20.02,
    debyeExpK: 645,
    alphaExpPerK: 2.6e-6,
  },
  {
    name: 'NaCl',
    nameRu: 'NaCl',
    bulkModulusGPa: 24.9,
    shearModulusGPa: 14.7,
    densityKgM3: 2165,
    volumePerAtomA3: 22.43,
    debyeExpK: 321,
    alphaExpPerK: 40e-6,
  },
  {
    name: 'MgO',
    nameRu: 'MgO',
    bulkModulusGPa: 162.5,
    shearModulusGPa: 130.8,
    densityKgM3: 3580,
    volumePerAtomA3: 9.34,
    debyeExpK: 946,
    alphaExpPerK: 10.5e-6,
  },
  {
    name: 'Cu',
    nameRu: 'Cu',
    bulkModulusGPa: 137.1,
    shearModulusGPa: 47.3,
    densityKgM3: 8960,
    volumePerAtomA3: 11.81,
    debyeExpK: 343,
    alphaExpPerK: 16.5e-6,
  },
];
