/**
 * Mass density of a crystal: the mass of the cell contents (site occupancies × standard atomic weights)
 * over the cell volume. ρ = Σ occu·M / (N_A · V); with M in g/mol and V in Å³,
 * ρ [g/cm³] = Σ occu·M / (0.602214076 · V).
 */
import { AVOGADRO, element } from '../elements/index.js';
import type { Structure } from './structure.js';

/** Mass of the cell contents in g/mol of cells (i.e. the molar mass of one unit cell). */
export function cellMassGPerMol(structure: Structure): number {
  let m = 0;
  for (const site of structure.sites)
    for (const sp of site.species) m += sp.occu * element(sp.element).atomicMass;
  return m;
}

/** Density in g/cm³. */
export function densityGcm3(structure: Structure): number {
  const volumeCm3 = structure.volume * 1e-24;
  return cellMassGPerMol(structure) / AVOGADRO / volumeCm3;
}

/** Density in kg/m³ (1 g/cm³ = 1000 kg/m³). */
export function densityKgM3(structure: Structure): number {
  return densityGcm3(structure) * 1000;
}
