// Builds the WebAssembly kernels of the engine from src/engine/kernels/as/kernels.ts with the installed
// AssemblyScript compiler, in three variants under build/kernels/:
//   xtal-relaxed.wasm  shared memory, SIMD128 + relaxed SIMD (f32x4.relaxed_madd)
//   xtal-simd.wasm     shared memory, SIMD128
//   xtal-simd-nothreads.wasm  non-shared memory, SIMD128 (browsers without cross-origin isolation)
// The engine picks one at load time (WebAssembly.validate). Skips the work when the outputs are newer than
// the sources.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src/engine/kernels/as/kernels.ts');
const outDir = join(root, 'build/kernels');
mkdirSync(outDir, { recursive: true });
const require = createRequire(import.meta.url);
const asc = join(dirname(require.resolve('assemblyscript/package.json')), 'bin/asc.js');

const common = [
  '--runtime',
  'stub',
  '-O3',
  '--noAssert',
  '--use',
  'abort=',
  '--importMemory',
  '--initialMemory',
  '32',
  '--maximumMemory',
  '65536',
];
const variants = [
  ['xtal-relaxed.wasm', ['--sharedMemory', '--enable', 'simd,threads,relaxed-simd']],
  ['xtal-simd.wasm', ['--sharedMemory', '--enable', 'simd,threads']],
  ['xtal-simd-nothreads.wasm', ['--enable', 'simd']],
];
const force = process.argv.includes('--force');
const srcTime = Math.max(statSync(src).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
for (const [name, flags] of variants) {
  const out = join(outDir, name);
  if (!force && existsSync(out) && statSync(out).mtimeMs > srcTime) continue;
  const r = spawnSync(process.execPath, [asc, src, '-o', out, ...common, ...flags], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build-kernels: asc failed for ${name}`);
    process.exit(r.status ?? 1);
  }
}
// The pool worker is plain JavaScript; keep a copy next to the wasm files for bundlers and dist users.
copyFileSync(join(root, 'src/engine/pool-worker.mjs'), join(outDir, 'pool-worker.mjs'));
console.log('build-kernels: build/kernels/*.wasm ready');
