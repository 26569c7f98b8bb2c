// The engine in a real browser (Debian chromium through playwright-core): the page is bundled with vite,
// served by a tiny node:http server with and without cross-origin isolation (COOP same-origin, COEP
// require-corp). Isolated: the shared-memory kernels run on 2 threads; not isolated: the single-thread
// build. Both train a small CGCNN layer for 40 steps and the loss must fall.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { packageRoot } from '../../src/engine/wasm-node.js';
import { launchChromium, skipUnlessChromium } from '../helpers/browser.js';

const root = packageRoot();
const kernels = join(root, 'build/kernels/xtal-simd.wasm');
const skip =
  skipUnlessChromium() ||
  (!existsSync(kernels) ? 'engine kernels not built (node scripts/build-kernels.mjs)' : false);

const outDir = join(tmpdir(), `xtal-engine-page-${process.pid}`);
let browser: Browser;
let server: Server;
let base = '';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
};

before(async () => {
  if (skip) return;
  const { build } = await import('vite');
  await build({
    root: join(root, 'test/browser/engine'),
    configFile: false,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'esnext', assetsInlineLimit: 0 },
    worker: { format: 'es' },
  });
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = normalize(join(outDir, url.pathname === '/' ? 'index.html' : url.pathname));
    if (!path.startsWith(outDir) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    };
    if (!url.searchParams.has('plain') && !(req.headers.referer ?? '').includes('plain')) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    res.writeHead(200, headers).end(readFileSync(path));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(outDir, { recursive: true, force: true });
});

interface Result {
  variant: string;
  threads: number;
  isolated: boolean;
  losses: number[];
  error?: string;
}

async function runPage(query: string): Promise<Result> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/${query}`);
  await page.waitForFunction(
    () => (globalThis as { __xtalEngine?: unknown }).__xtalEngine !== undefined,
    null,
    {
      timeout: 60000,
    },
  );
  const r = (await page.evaluate(() => (globalThis as { __xtalEngine?: unknown }).__xtalEngine)) as Result;
  await page.close();
  assert.deepEqual(errors, [], 'page errors');
  assert.equal(r.error, undefined, r.error);
  return r;
}

function assertLearns(r: Result): void {
  assert.equal(r.losses.length, 40);
  assert.ok(r.losses.every(Number.isFinite), 'finite losses');
  const first = r.losses.slice(0, 3).reduce((a, b) => a + b) / 3;
  const last = r.losses.slice(-3).reduce((a, b) => a + b) / 3;
  assert.ok(last < 0.7 * first, `loss should fall: ${first} -> ${last}`);
}

test('cross-origin isolated page: shared-memory kernels on 2 threads, loss falls', { skip }, async () => {
  const r = await runPage('');
  assert.equal(r.isolated, true);
  assert.ok(r.variant === 'relaxed' || r.variant === 'simd', `variant ${r.variant}`);
  assert.equal(r.threads, 2);
  assertLearns(r);
});

test('page without isolation: single-thread fallback, loss falls', { skip }, async () => {
  const r = await runPage('?plain');
  assert.equal(r.isolated, false);
  assert.equal(r.variant, 'simd-nothreads');
  assert.equal(r.threads, 1);
  assertLearns(r);
});
