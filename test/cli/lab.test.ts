// The lab server: containment (path traversal, encoded ../, symlinks), MIME types, cross-origin
// isolation headers, upload limit, and the `xtal lab` command's binding and options.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdtempSync,
  mkdirSync,
  writeFileSync,
  symlinkSync,
  rmSync,
  existsSync,
  readFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { Command } from 'commander';
import { startLabServer, resolveInside, mimeTypeOf, type LabServer } from '../../src/cli/lab-server.js';
import { packageRoot, register, runLab } from '../../src/cli/commands/lab.js';

let dir: string;
let root: string;
let srv: LabServer;

/** A raw GET that sends the path exactly as given (no client-side normalisation of ../). */
function raw(
  port: number,
  path: string,
  opts: { method?: string; body?: Buffer; headers?: Record<string, string | number> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      // the server may close the socket early after a 413; that still counts as a refusal
      if (e.code === 'EPIPE' || e.code === 'ECONNRESET')
        resolve({ status: 413, headers: {}, body: Buffer.alloc(0) });
      else reject(e);
    });
    if (opts.body) req.end(opts.body);
    else req.end();
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xtal-lab-'));
  root = join(dir, 'web');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>lab</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'k.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(dir, 'secret.txt'), 'top secret');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'link-out.txt'));
  symlinkSync(dir, join(root, 'dir-out'));
  writeFileSync(join(root, 'inner.txt'), 'inner');
  symlinkSync(join(root, 'inner.txt'), join(root, 'link-in.txt'));
  srv = await startLabServer({
    root,
    port: 0,
    maxUploadBytes: 1000,
    api: { echo: async (b) => ({ status: 200, json: { bytes: b.length } }) },
  });
});

after(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

test('serves index.html at / with COOP/COEP and the right MIME types', async () => {
  const r = await raw(srv.port, '/');
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-type']), /^text\/html/);
  assert.equal(r.headers['cross-origin-opener-policy'], 'same-origin');
  assert.equal(r.headers['cross-origin-embedder-policy'], 'require-corp');
  assert.equal(r.body.toString(), '<!doctype html><title>lab</title>');
  const wasm = await raw(srv.port, '/assets/k.wasm');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers['content-type'], 'application/wasm');
  assert.equal(wasm.headers['cross-origin-embedder-policy'], 'require-corp');
  assert.deepEqual([...wasm.body], [0, 97, 115, 109, 1, 0, 0, 0]);
  assert.match(String((await raw(srv.port, '/assets/app.js')).headers['content-type']), /^text\/javascript/);
  assert.match(String((await raw(srv.port, '/assets/style.css')).headers['content-type']), /^text\/css/);
  assert.equal(mimeTypeOf('x.WASM'), 'application/wasm');
  assert.equal(mimeTypeOf('x.unknown'), 'application/octet-stream');
});

test('query strings are ignored and missing files are 404', async () => {
  assert.equal((await raw(srv.port, '/assets/app.js?v=3')).status, 200);
  assert.equal((await raw(srv.port, '/nope.js')).status, 404);
});

test('never serves a file outside the root: ../, encoded ../, backslashes, NUL', async () => {
  const attempts = [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/secret.txt%00.html',
    '/./index.html',
  ];
  for (const path of attempts) {
    const r = await raw(srv.port, path);
    assert.notEqual(r.status, 200, `${path} must not be served`);
    assert.ok(!r.body.toString().includes('top secret'), `${path} leaked the file`);
  }
});

test('symlinks that leave the root are refused; those inside are followed', async () => {
  const out = await raw(srv.port, '/link-out.txt');
  assert.equal(out.status, 403);
  assert.ok(!out.body.toString().includes('top secret'));
  const viaDir = await raw(srv.port, '/dir-out/secret.txt');
  assert.equal(viaDir.status, 403);
  const inside = await raw(srv.port, '/link-in.txt');
  assert.equal(inside.status, 200);
  assert.equal(inside.body.toString(), 'inner');
});

test('resolveInside keeps paths in the root', () => {
  assert.equal(resolveInside('/srv/web', '/a/b.js'), '/srv/web/a/b.js');
  assert.equal(resolveInside('/srv/web', '/%2e%2e/x'), null);
  assert.equal(resolveInside('/srv/web', '/a/../../x'), null);
  assert.equal(resolveInside('/srv/web', '/%E0%A4%A'), null); // malformed escape
});

test('uploads above the limit get 413; below it reach the API', async () => {
  const small = await raw(srv.port, '/api/echo', { method: 'POST', body: Buffer.alloc(500) });
  assert.equal(small.status, 200);
  assert.deepEqual(JSON.parse(small.body.toString()), { bytes: 500 });
  const big = await raw(srv.port, '/api/echo', { method: 'POST', body: Buffer.alloc(5000) });
  assert.equal(big.status, 413);
  // chunked upload without a Content-Length is counted as it arrives
  const chunked = await raw(srv.port, '/api/echo', {
    method: 'POST',
    body: Buffer.alloc(3000),
    headers: { 'Transfer-Encoding': 'chunked' },
  });
  assert.equal(chunked.status, 413);
  assert.equal((await raw(srv.port, '/api/none', { method: 'POST', body: Buffer.alloc(3) })).status, 404);
  assert.equal((await raw(srv.port, '/index.html', { method: 'DELETE' })).status, 405);
});

test('`xtal lab` registers with --port and --host, binds 127.0.0.1 by default', async () => {
  const program = new Command();
  register(program);
  const cmd = program.commands.find((c) => c.name() === 'lab');
  assert.ok(cmd, 'lab command registered');
  const flags = cmd.options.map((o) => o.long);
  assert.ok(flags.includes('--port') && flags.includes('--host'));
  const lab = await runLab({ port: '0', host: '127.0.0.1', root, maxUploadMb: '1', handleSignals: false });
  assert.ok(lab);
  try {
    const addr = lab.server.address();
    assert.ok(addr && typeof addr === 'object');
    assert.equal(addr.address, '127.0.0.1');
    const r = await raw(addr.port, '/');
    assert.equal(r.status, 200);
    const post = (body: unknown) =>
      raw(addr.port, '/api/predict', {
        method: 'POST',
        body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
      });
    assert.equal((await post('data_x')).status, 400, 'not JSON');
    assert.equal(
      (await post({ model: '../../etc/passwd', text: 'x' })).status,
      400,
      'paths are not model names',
    );
    const nacl = readFileSync(
      join(packageRoot(), 'test', 'fixtures', 'structures', 'POSCAR_NaCl_vasp5'),
      'utf8',
    );
    const none = await post({ model: 'no-such-model', file: 'POSCAR', text: nacl });
    assert.equal(none.status, 503);
    assert.match(JSON.parse(none.body.toString()).error, /model not available/);
    if (existsSync(join(packageRoot(), 'models', 'bulk-modulus', 'model.json'))) {
      // with the shipped model: NaCl's log10 K (GPa) from the upload, with the ensemble spread
      const ok = await post({ model: 'bulk-modulus', file: 'POSCAR', text: nacl });
      assert.equal(ok.status, 200, ok.body.toString());
      const j = JSON.parse(ok.body.toString()) as { targets: string[]; mean: number[][]; std: number[][] };
      assert.deepEqual(j.targets, ['log10_K']);
      assert.ok(j.mean[0][0] > 1 && j.mean[0][0] < 2, `NaCl K ≈ 25 GPa, log10 ≈ 1.4: ${j.mean[0][0]}`);
      assert.ok(j.std[0][0] >= 0);
    }
    // the 1 MB limit of this server applies to predictions too
    assert.equal((await post({ model: 'bulk-modulus', text: 'x'.repeat(2 * 2 ** 20) })).status, 413);
  } finally {
    await lab.close();
  }
});

test(
  'the built lab uses relative asset paths (works from any folder of a static host)',
  {
    skip: existsSync(join(packageRoot(), 'dist', 'web', 'index.html'))
      ? false
      : 'the lab is not built (npm run build)',
  },
  () => {
    const html = readFileSync(join(packageRoot(), 'dist', 'web', 'index.html'), 'utf8');
    assert.match(html, /src="\.\/assets\/index-[^"]+\.js"/);
    assert.ok(!/(src|href)="\/(?!\/)/.test(html), 'no root-absolute src/href');
    const models = JSON.parse(readFileSync(join(packageRoot(), 'dist', 'web', 'models.json'), 'utf8')) as {
      files: string[];
    };
    assert.ok(Array.isArray(models.files));
  },
);
