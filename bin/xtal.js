#!/usr/bin/env node
// The xtal command. Build first (`npm run build`); this loads the compiled CLI.
import { main } from '../dist/src/cli/main.js';

// A closed pipe (`xtal info ... | head`) ends the program quietly.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv).catch((err) => {
  process.stderr.write(`xtal: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
