/**
 * The xtal command line: one file per command under ./commands, each exporting a `register` function.
 */
import { Command } from 'commander';

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('xtal')
    .description(
      'Machine-learning materials discovery: structures, crystal graph networks, physics, screening.',
    )
    .version('0.1.0');
  for (const load of commandLoaders) {
    const mod = await load();
    mod.register(program);
  }
  await program.parseAsync(argv);
}

interface CommandModule {
  register(program: Command): void;
}

// Registered commands, in the order `xtal --help` lists them.
const commandLoaders: Array<() => Promise<CommandModule>> = [
  () => import('./commands/screen.js'),
  () => import('./commands/info.js'),
  () => import('./commands/convert.js'),
  () => import('./commands/neighbors.js'),
  () => import('./commands/examples.js'),
  () => import('./commands/hardness.js'),
  () => import('./commands/elastic.js'),
  () => import('./commands/train.js'),
  () => import('./commands/predict.js'),
  () => import('./commands/evaluate.js'),
  () => import('./commands/features.js'),
  () => import('./commands/lab.js'),
];
