#!/usr/bin/env node
// The xtal command. Build first (`npm run build`); this loads the compiled CLI.
import { main } from '../dist/src/cli/main.js';

main(process.argv).catch((err) => {
  process.stderr.write(`xtal: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
