// Builds everything, in order: the WebAssembly kernels, then the TypeScript, then the browser lab.
// Each step is a script of its own so it can also run alone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps = [
  ['kernels', 'scripts/build-kernels.mjs'],
  ['typescript', 'scripts/build-ts.mjs'],
  ['lab', 'scripts/build-web.mjs'],
];

for (const [name, script] of steps) {
  if (!existsSync(script)) continue;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [script, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: step '${name}' failed (${script})`);
    process.exit(r.status ?? 1);
  }
  console.log(`build: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
