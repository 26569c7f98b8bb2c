/**
 * `xtal hardness --bulk-modulus K --shear-modulus G [--volume-per-atom V] [--density RHO] [--json]`:
 * every hardness and fracture-toughness model, E, ν, Debye temperature, α(T) and the expansion bound from
 * K_VRH and G_VRH, with validity flags and warnings. `runHardness` is the pure action used by tests.
 */
import type { Command } from 'commander';
import { XtalInputError } from '../../errors.js';
import { mechanicalProperties, type MechanicalProperties } from '../../physics/index.js';

export interface PhysicsCliOptions {
  volumePerAtom?: string | number;
  density?: string | number;
  meanAtomicMass?: string | number;
  temperature?: string | number;
  metal?: boolean;
  bandGap?: string | number;
  json?: boolean;
}

export interface HardnessOptions extends PhysicsCliOptions {
  bulkModulus: string | number;
  shearModulus: string | number;
}

/** A number from a command-line option; XtalInputError naming the option when it is not one. */
export function optionNumber(value: string | number | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const v = typeof value === 'number' ? value : Number(value.trim());
  if (typeof value === 'string' && value.trim() === '') {
    throw new XtalInputError('empty value, expected a number', { field: flag });
  }
  if (!Number.isFinite(v)) throw new XtalInputError(`"${value}" is not a number`, { field: flag });
  return v;
}

/** Shared: the mechanicalProperties input from the common options. */
export function physicsInput(
  bulkModulusGPa: number,
  shearModulusGPa: number,
  o: PhysicsCliOptions,
  extraContext: { universalAnisotropy?: number; mechanicallyStable?: boolean } = {},
): { input: Parameters<typeof mechanicalProperties>[0]; notes: string[] } {
  const notes: string[] = [];
  const density = optionNumber(o.density, '--density');
  if (density !== undefined && density < 100) {
    notes.push(`density ${density} kg/m³ is very low: was it given in g/cm³? (multiply by 1000)`);
  }
  const bandGap = optionNumber(o.bandGap, '--band-gap');
  return {
    input: {
      bulkModulusGPa,
      shearModulusGPa,
      volumePerAtomA3: optionNumber(o.volumePerAtom, '--volume-per-atom'),
      densityKgM3: density,
      meanAtomicMassAmu: optionNumber(o.meanAtomicMass, '--mean-atomic-mass'),
      temperatureK: optionNumber(o.temperature, '--temperature') ?? 300,
      context: {
        ...(o.metal ? { isMetal: true } : {}),
        ...(bandGap !== undefined ? { bandGapEV: bandGap } : {}),
        ...extraContext,
      },
    },
    notes,
  };
}

function num(x: number, digits: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential(digits - 1);
  return x.toFixed(digits);
}

function row(label: string, value: string, unit = ''): string {
  return `  ${label.padEnd(38)} ${value.padStart(14)}${unit ? ' ' + unit : ''}`;
}

/** Human-readable table of every quantity (n/a where an input was missing). */
export function formatMechanical(p: MechanicalProperties): string {
  const d = p.debye;
  const b = p.expansionBound;
  const lines = [
    'Elastic moduli',
    row('bulk modulus K', num(p.bulkModulusGPa, 2), 'GPa'),
    row('shear modulus G', num(p.shearModulusGPa, 2), 'GPa'),
    row("Young's modulus E = 9KG/(3K+G)", num(p.youngsModulusGPa, 2), 'GPa'),
    row('Poisson ratio ν', num(p.poissonRatio, 4)),
    row('Pugh ratio K/G', num(p.pughRatio, 3)),
    'Vickers hardness',
    row('Mazhnik–Oganov (2019)', num(p.hardness.mazhnikOganovGPa, 2), 'GPa'),
    row(
      'Chen (2011)',
      num(p.hardness.chenGPa, 2),
      'GPa' + (p.hardness.chenRawGPa < 0 ? `  (raw ${num(p.hardness.chenRawGPa, 2)}, clipped)` : ''),
    ),
    row('Tian (2012)', num(p.hardness.tianGPa, 2), 'GPa'),
    row('Teter (0.151 G)', num(p.hardness.teterGPa, 2), 'GPa'),
    'Fracture toughness (volume per atom)',
    row('Mazhnik–Oganov (2019)', num(p.toughness.mazhnikOganovMPaM12, 3), 'MPa·m^1/2'),
    row('Niu (2019)', num(p.toughness.niuMPaM12, 3), 'MPa·m^1/2'),
    'Debye model',
    row('density', num(d.densityKgM3, 1), 'kg/m³'),
    row('mean atomic mass', num(d.meanAtomicMassAmu, 3), 'amu'),
    row(
      'sound velocity v_t / v_l / v_m',
      `${num(d.transverseVelocityMS, 0)} / ${num(d.longitudinalVelocityMS, 0)} / ${num(d.meanVelocityMS, 0)}`,
      'm/s',
    ),
    row('Debye temperature θ_D', num(d.debyeTemperatureK, 1), 'K'),
    row('Grüneisen γ (Belomestnykh)', num(d.gruneisen, 4)),
    row(`C_V per atom at ${d.temperatureK} K`, num(d.heatCapacityPerAtomJK / 1.380649e-23, 4), 'k_B'),
    row(`α_V at ${d.temperatureK} K`, num(d.alphaVolumetricPerK, 4), '1/K'),
    row(`α_L at ${d.temperatureK} K`, num(d.alphaLinearPerK, 4), '1/K'),
    'Thermal expansion bound (α_L·E)',
    row(
      'f(ν) lecture / (3/4)f(ν) Belomestnykh',
      `${num(b.factorLecture, 4)} / ${num(b.factorBelomestnykh, 4)}`,
    ),
    row(`model α_L·E at ${d.temperatureK} K`, num(b.alphaLinearTimesYoungsPaK / 1e6, 4), 'MPa/K'),
    row(`bound f(ν)·c_V·ρ at ${d.temperatureK} K`, num(b.boundPaK / 1e6, 4), 'MPa/K'),
    row('Dulong–Petit bound 3f(ν)k_B/V0', num(b.dulongPetitBoundPaK / 1e6, 4), 'MPa/K'),
    'Minimal thermal conductivity',
    row('Cahill–Pohl', num(p.conductivity.cahillWmK, 4), 'W/(m·K)'),
    row('Clarke', num(p.conductivity.clarkeWmK, 4), 'W/(m·K)'),
  ];
  const flags = p.validity.flags;
  lines.push(`Flags: ${flags.length ? flags.join(', ') : 'none'}`);
  for (const w of p.validity.warnings) lines.push(`  warning: ${w}`);
  for (const n of p.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

/** The action of `xtal hardness`: the result object and the text to print (table or JSON). */
export function runHardness(options: HardnessOptions): { result: MechanicalProperties; text: string } {
  const k = optionNumber(options.bulkModulus, '--bulk-modulus');
  const g = optionNumber(options.shearModulus, '--shear-modulus');
  if (k === undefined) throw new XtalInputError('required', { field: '--bulk-modulus' });
  if (g === undefined) throw new XtalInputError('required', { field: '--shear-modulus' });
  const { input, notes } = physicsInput(k, g, options);
  const result = mechanicalProperties(input);
  result.notes.push(...notes);
  const text = options.json ? JSON.stringify(result, null, 2) : formatMechanical(result);
  return { result, text };
}

/** Options shared by `hardness` and `elastic`. */
export function addPhysicsOptions(cmd: Command): Command {
  return cmd
    .option('--volume-per-atom <A3>', 'volume per atom, Å³/atom (fracture toughness, Debye)')
    .option('--density <kgm3>', 'mass density, kg/m³ (Debye temperature, expansion)')
    .option('--mean-atomic-mass <amu>', 'mean atomic mass, amu (Clarke conductivity; gives density with V0)')
    .option('--temperature <K>', 'temperature for C_V, α and the expansion bound', '300')
    .option('--metal', 'the material is a metal or intermetallic (flags hardness/toughness)')
    .option('--band-gap <eV>', 'band gap, eV (0 flags a metal)')
    .option('--json', 'print JSON');
}

export function register(program: Command): void {
  addPhysicsOptions(
    program
      .command('hardness')
      .description('hardness, fracture toughness, Debye temperature and thermal expansion from K and G')
      .requiredOption('--bulk-modulus <GPa>', 'bulk modulus K_VRH, GPa')
      .requiredOption('--shear-modulus <GPa>', 'shear modulus G_VRH, GPa'),
  ).action((opts: HardnessOptions) => {
    process.stdout.write(runHardness(opts).text + '\n');
  });
}
