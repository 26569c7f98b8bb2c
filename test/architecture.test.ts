/**
 * The layering of src/ (docs/development.md): each domain may import only itself and the domains below it.
 * Parses every relative import of every source file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { projectPath } from './helpers/shared-data.js';

// Allowed dependencies of each domain (besides itself and src/errors.ts, which is below everything).
const ALLOWED: Record<string, string[]> = {
  elements: ['structure'], // the featurizer interface names the site type; nothing else
  structure: ['elements'],
  graph: ['structure', 'elements'],
  engine: [],
  nn: ['engine'],
  plot: [],
  models: ['engine', 'nn', 'graph', 'structure', 'elements'],
  physics: ['structure', 'elements'],
  train: ['models', 'engine', 'nn', 'graph', 'structure', 'elements', 'plot'],
  discovery: ['train', 'models', 'engine', 'nn', 'graph', 'structure', 'elements', 'physics', 'plot'],
  cli: ['discovery', 'train', 'models', 'engine', 'nn', 'graph', 'structure', 'elements', 'physics', 'plot'],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'as' ? [] : sources(p);
    return /\.(ts|mjs)$/.test(n) ? [p] : [];
  });
}

test('src/ dependencies point one way', () => {
  const src = projectPath('src');
  const violations: string[] = [];
  for (const file of sources(src)) {
    const rel = relative(src, file);
    const domain = rel.split('/')[0];
    if (!(domain in ALLOWED)) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g,
    )) {
      const spec = m[1] ?? m[2];
      const target = relative(src, resolve(dirname(file), spec)).split('/');
      const to = target.length > 1 ? target[0] : 'errors';
      if (to === domain || to === 'errors' || to === 'index.js') continue;
      if (!ALLOWED[domain].includes(to)) violations.push(`${rel} imports ${spec} (${domain} → ${to})`);
    }
  }
  assert.deepEqual(violations, []);
});
