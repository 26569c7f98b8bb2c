// Vite configuration of the xtal browser lab: a static single-page app with relative asset paths
// (base './') so the built folder works from any static host. Library code under src/ is bundled in.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  publicDir: resolve(here, 'public'),
  logLevel: 'warn',
  build: {
    outDir: resolve(here, '../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
    modulePreload: { polyfill: false },
    // the engine's pool worker must be a real file (a data: URL worker has an opaque origin)
    assetsInlineLimit: (file) => (/\.(mjs|wasm)$/.test(file) ? false : undefined),
    rollupOptions: {
      checks: { pluginTimings: false },
      // 3Dmol.js uses eval in a code path the lab never calls; its warning is noise here
      onwarn(warning, warn) {
        if (warning.code === 'EVAL') return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
  server: {
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
});
