// Builds the browser lab (web/) with vite into dist/web: a static folder with relative asset paths that
// works from any static host. Models shipped in models/ are copied next to it so the prediction page can
// load them: xtal model folders (models/<name>/model.json with its weights and atom features) go to
// dist/web/models/<name>/, and dist/web/models.json lists them.
import { build } from 'vite';
import { cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const t0 = Date.now();
await build({ configFile: 'web/vite.config.mjs', logLevel: 'warn' });
const out = 'dist/web';
const folders = [];
const files = [];
if (existsSync('models')) {
  for (const name of readdirSync('models').sort()) {
    const p = join('models', name);
    if (statSync(p).isDirectory() && existsSync(join(p, 'model.json'))) {
      mkdirSync(join(out, 'models', name), { recursive: true });
      for (const f of readdirSync(p))
        if (/\.(safetensors|json|md)$/.test(f)) cpSync(join(p, f), join(out, 'models', name, f));
      folders.push(name);
    } else if (/\.(safetensors|json|md)$/.test(name)) {
      cpSync(p, join(out, 'models', name));
      files.push(name);
    }
  }
}
writeFileSync(join(out, 'models.json'), JSON.stringify({ folders, files }, null, 2) + '\n');
console.log(
  `build-web: dist/web in ${((Date.now() - t0) / 1000).toFixed(1)} s (${folders.length} model folders)`,
);
