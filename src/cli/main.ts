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
  // Only the named command's module is loaded (its imports are the start-up time of a short run); the
  // whole list is loaded for help, an unknown command or none.
  const named = argv.slice(2).find((a) => !a.startsWith('-'));
  const only = named !== undefined && Object.hasOwn(commandLoaders, named) ? [commandLoaders[named]] : null;
  for (const load of only ?? Object.values(commandLoaders)) {
    const mod = await load();
    mod.register(program);
  }
  await program.parseAsync(argv);
}

interface CommandModule {
  register(program: Command): void;
}

// Registered commands, in the order `xtal --help` lists them.
const commandLoaders: Record<string, () => Promise<CommandModule>> = {
  screen: () => import('./commands/screen.js'),
  info: () => import('./commands/info.js'),
  convert: () => import('./commands/convert.js'),
  neighbors: () => import('./commands/neighbors.js'),
  examples: () => import('./commands/examples.js'),
  hardness: () => import('./commands/hardness.js'),
  elastic: () => import('./commands/elastic.js'),
  train: () => import('./commands/train.js'),
  predict: () => import('./commands/predict.js'),
  evaluate: () => import('./commands/evaluate.js'),
  features: () => import('./commands/features.js'),
  lab: () => import('./commands/lab.js'),
};
