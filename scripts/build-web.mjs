// Builds the browser lab (web/) with vite into dist/web: a static folder with relative asset paths that
// works from any static host. Shipped models (models/*.safetensors + their cards), when present, are
// copied to dist/web/models so the prediction page can load them.
import { build } from 'vite';
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const t0 = Date.now();
await build({ configFile: 'web/vite.config.mjs', logLevel: 'warn' });
const out = 'dist/web';
const shipped = [];
if (existsSync('models')) {
  for (const name of readdirSync('models')) {
    if (/\.(safetensors|json|md)$/.test(name)) {
      cpSync(join('models', name), join(out, 'models', name));
      shipped.push(name);
    }
  }
}
writeFileSync(join(out, 'models.json'), JSON.stringify({ files: shipped }, null, 2) + '\n');
console.log(
  `build-web: dist/web in ${((Date.now() - t0) / 1000).toFixed(1)} s (${shipped.length} model files)`,
);
