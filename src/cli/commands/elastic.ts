/**
 * `xtal elastic TENSOR_FILE [--volume-per-atom V] [--density RHO] [--json]`: reads a 6×6 stiffness tensor
 * (text rows, a JSON array, or a Materials-Project-style JSON) and prints Voigt/Reuss/Hill moduli, E, ν,
 * A^U, mechanical stability, and every hardness, toughness and Debye quantity. `runElastic` is the action.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { XtalInputError } from '../../errors.js';
import {
  elasticSummary,
  mechanicalProperties,
  parseStiffnessTensor,
  type ElasticSummary,
  type MechanicalProperties,
} from '../../physics/index.js';
import {
  addPhysicsOptions,
  formatMechanical,
  optionNumber,
  physicsInput,
  type PhysicsCliOptions,
} from './hardness.js';

export interface ElasticOptions extends PhysicsCliOptions {
  symmetryTolerance?: string | number;
}

export interface ElasticResult {
  file: string;
  stiffnessGPa: number[][];
  elastic: ElasticSummary;
  properties: MechanicalProperties;
}

function f(x: number, d: number): string {
  return Number.isFinite(x) ? x.toFixed(d) : 'n/a';
}

export function formatElastic(r: ElasticResult): string {
  const e = r.elastic;
  const s = e.stability;
  const lines = [
    `${r.file}`,
    'Stiffness tensor C (GPa, Voigt)',
    ...r.stiffnessGPa.map((row) => '  ' + row.map((v) => v.toFixed(2).padStart(10)).join('')),
    'Voigt / Reuss / Hill averages',
    `  bulk modulus K                    ${f(e.bulkVoigtGPa, 2)} / ${f(e.bulkReussGPa, 2)} / ${f(e.bulkModulusGPa, 2)} GPa`,
    `  shear modulus G                   ${f(e.shearVoigtGPa, 2)} / ${f(e.shearReussGPa, 2)} / ${f(e.shearModulusGPa, 2)} GPa`,
    `  universal anisotropy A^U          ${f(e.universalAnisotropy, 4)}`,
    `Mechanical stability: ${s.stable ? 'stable' : 'UNSTABLE'} (smallest eigenvalue of C ${f(s.smallestEigenvalueGPa, 3)} GPa)`,
    `  eigenvalues of C (GPa)            ${s.eigenvaluesGPa.map((v) => f(v, 2)).join(', ')}`,
    formatMechanical(r.properties),
  ];
  return lines.join('\n');
}

/** The action on the text of a tensor file (pure: no file system). */
export function runElasticText(
  text: string,
  file: string,
  options: ElasticOptions = {},
): { result: ElasticResult; text: string } {
  const parsed = parseStiffnessTensor(text, {
    file,
    symmetryTolerance: optionNumber(options.symmetryTolerance, '--symmetry-tolerance'),
  });
  const elastic = elasticSummary(parsed.stiffnessGPa);
  const { input, notes } = physicsInput(elastic.bulkModulusGPa, elastic.shearModulusGPa, options, {
    universalAnisotropy: elastic.universalAnisotropy,
    mechanicallyStable: elastic.stability.stable,
  });
  const properties = mechanicalProperties(input);
  properties.notes.push(...notes);
  const result: ElasticResult = { file, stiffnessGPa: parsed.stiffnessGPa, elastic, properties };
  return { result, text: options.json ? JSON.stringify(result, null, 2) : formatElastic(result) };
}

/** The action of `xtal elastic FILE`. */
export function runElastic(
  file: string,
  options: ElasticOptions = {},
): { result: ElasticResult; text: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new XtalInputError(`cannot read: ${(err as Error).message}`, { file });
  }
  return runElasticText(text, file, options);
}

export function register(program: Command): void {
  addPhysicsOptions(
    program
      .command('elastic')
      .description(
        'VRH moduli, stability, hardness, toughness and Debye quantities from a 6x6 stiffness tensor',
      )
      .argument('<tensor-file>', '6x6 stiffness tensor (GPa): text rows, JSON array, or MP-style JSON')
      .option('--symmetry-tolerance <fraction>', 'largest accepted |C_ij − C_ji| / max|C|', '0.001'),
  ).action((file: string, opts: ElasticOptions) => {
    process.stdout.write(runElastic(file, opts).text + '\n');
  });
}
