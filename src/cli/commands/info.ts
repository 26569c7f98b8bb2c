/**
 * `xtal info FILE... [--json]`: formula, reduced formula, number of sites, lattice, volume, volume per atom,
 * density and space group of every structure in the inputs.
 */
import type { Command } from 'commander';
import type { Structure } from '../../structure/structure.js';
import { compositionOf } from '../../structure/composition.js';
import { densityGcm3 } from '../../structure/density.js';
import { spaceGroup } from '../../structure/symmetry/index.js';
import { commandEntries, ErrorReport, type InputOptions } from '../inputs.js';
import { progress } from '../progress.js';

export interface StructureInfo {
  id: string;
  source: string;
  formula: string;
  reducedFormula: string;
  numSites: number;
  ordered: boolean;
  lattice: {
    a: number;
    b: number;
    c: number;
    alpha: number;
    beta: number;
    gamma: number;
    matrix: number[][];
  };
  volumeA3: number;
  volumePerAtomA3: number;
  densityGcm3: number;
  spaceGroup: { number: number; symbol: string; crystalSystem: string } | null;
  warnings: string[];
}

export function structureInfo(id: string, source: string, s: Structure, symprec = 0.01): StructureInfo {
  const comp = compositionOf(s);
  let sg: StructureInfo['spaceGroup'] = null;
  const warnings = [...(s.properties.warnings ?? [])];
  try {
    const g = spaceGroup(s, { symprec });
    sg = { number: g.number, symbol: g.symbol, crystalSystem: g.crystalSystem };
  } catch (err) {
    warnings.push(`space group not determined: ${(err as Error).message}`);
  }
  const p = s.lattice.parameters;
  return {
    id,
    source,
    formula: comp.formula,
    reducedFormula: comp.reducedFormula,
    numSites: s.numSites,
    ordered: s.isOrdered,
    lattice: { ...p, matrix: s.lattice.matrix.map((r) => [...r]) },
    volumeA3: s.volume,
    volumePerAtomA3: s.volumePerAtomA3,
    densityGcm3: densityGcm3(s),
    spaceGroup: sg,
    warnings,
  };
}

export function formatInfo(i: StructureInfo): string {
  const l = i.lattice;
  const f = (x: number, d = 4): string => x.toFixed(d);
  const lines = [
    `${i.id}  (${i.source})`,
    `  formula          ${i.formula}   reduced ${i.reducedFormula}${i.ordered ? '' : '   (disordered)'}`,
    `  sites            ${i.numSites}`,
    `  lattice          a ${f(l.a)}  b ${f(l.b)}  c ${f(l.c)} Å   alpha ${f(l.alpha, 3)}  beta ${f(l.beta, 3)}  gamma ${f(l.gamma, 3)}°`,
    `  volume           ${f(i.volumeA3, 3)} Å³   ${f(i.volumePerAtomA3, 3)} Å³/atom`,
    `  density          ${f(i.densityGcm3)} g/cm³`,
    `  space group      ${i.spaceGroup ? `${i.spaceGroup.symbol} (${i.spaceGroup.number}), ${i.spaceGroup.crystalSystem}` : 'unknown'}`,
  ];
  for (const w of i.warnings) lines.push(`  warning          ${w}`);
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('info')
    .description('formula, lattice, volume, density and space group of structures')
    .argument('[inputs...]', 'structure files, folders, globs or dataset files')
    .option('--json', 'print JSON (an array with one object per structure)')
    .option('--examples', "include xtal's built-in example crystals")
    .option('--format <format>', 'read every file in this format (cif, poscar, extxyz, json, csv)')
    .option('--symprec <angstrom>', 'symmetry tolerance for the space group, Å', '0.01')
    .action(async (inputs: string[], opts: InputOptions & { json?: boolean; symprec: string }) => {
      const errors = new ErrorReport();
      const bar = progress('info');
      let done = 0;
      let first = true;
      if (opts.json) process.stdout.write('[');
      for await (const entry of commandEntries(inputs, opts)) {
        bar.tick();
        if (!entry.structure) {
          errors.add(entry, entry.error);
          continue;
        }
        try {
          const info = structureInfo(entry.id, entry.source, entry.structure, Number(opts.symprec));
          if (opts.json) {
            process.stdout.write((first ? '\n' : ',\n') + JSON.stringify(info));
          } else {
            process.stdout.write((first ? '' : '\n') + formatInfo(info) + '\n');
          }
          first = false;
          done++;
        } catch (err) {
          errors.add(entry, err);
        }
      }
      if (opts.json) process.stdout.write('\n]\n');
      bar.stop();
      errors.finish(done);
    });
}
