/**
 * The static server behind `xtal lab`: serves the built browser lab from one folder and nothing outside it.
 *
 * - Paths are percent-decoded once, rejected if they hold NUL, backslashes or `..` segments, then resolved
 *   and checked to stay inside the root, and checked again after following symlinks (realpath).
 * - Every response carries Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy:
 *   require-corp, so the page is cross-origin isolated and may use SharedArrayBuffer (engine threads).
 * - MIME types by extension, including application/wasm for streaming compilation.
 * - Request bodies (POST /api/...) are limited in size (default 20 MB); larger ones get 413.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

export const DEFAULT_LAB_PORT = 8017;
export const DEFAULT_LAB_HOST = '127.0.0.1';
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export const MIME_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.cif': 'chemical/x-cif',
  '.safetensors': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.woff2': 'font/woff2',
});

/** Headers sent with every response: cross-origin isolation and no MIME sniffing. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
});

export interface LabServerOptions {
  /** Folder holding the built lab (index.html at its top). */
  root: string;
  port?: number;
  host?: string;
  maxUploadBytes?: number;
  /** Handles POST /api/<name> bodies (already size-checked). Unknown names get 404. */
  api?: Record<string, (body: Buffer) => Promise<{ status: number; json: unknown }>>;
}

export interface LabServer {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export function mimeTypeOf(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a URL path names inside `root`, or null if the path is malformed or leaves the root
 * (before symlinks are followed; `serveFile` checks again after).
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((x) => x === '..' || x === '.')) return null;
  const rel = segments.filter((x) => x.length > 0).join('/');
  const abs = resolve(root, rel);
  const rootAbs = resolve(root);
  if (abs !== rootAbs && !abs.startsWith(rootAbs + sep)) return null;
  return abs;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, {
    ...ISOLATION_HEADERS,
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Reads a request body, or rejects with `PayloadTooLarge` past `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new PayloadTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new PayloadTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolveBody(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

export class PayloadTooLarge extends Error {
  constructor() {
    super('request body too large');
  }
}

async function serveFile(
  rootReal: string,
  file: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let target = file;
  let st = await stat(target).catch(() => null);
  if (st?.isDirectory()) {
    target = join(target, 'index.html');
    st = await stat(target).catch(() => null);
  }
  if (!st || !st.isFile()) return send(res, 404, 'not found\n');
  const real = await realpath(target).catch(() => null);
  if (!real || (real !== rootReal && !real.startsWith(rootReal + sep))) return send(res, 403, 'forbidden\n');
  const headers: Record<string, string | number> = {
    ...ISOLATION_HEADERS,
    'Content-Type': mimeTypeOf(real),
    'Content-Length': st.size,
    'Cache-Control': real.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(real).pipe(res);
}

export async function startLabServer(opts: LabServerOptions): Promise<LabServer> {
  const root = resolve(opts.root);
  const rootReal = await realpath(root);
  const limit = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const host = opts.host ?? DEFAULT_LAB_HOST;
  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, `internal error: ${(e as Error).message}\n`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawPath = (req.url ?? '/').split('?')[0].split('#')[0];
    if (rawPath.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'method not allowed\n');
      const name = rawPath.slice(5);
      let body: Buffer;
      try {
        body = await readBody(req, limit);
      } catch (e) {
        if (e instanceof PayloadTooLarge) {
          res.setHeader('Connection', 'close');
          send(res, 413, `upload larger than ${limit} bytes\n`);
          req.resume();
          return;
        }
        throw e;
      }
      const fn = opts.api?.[name];
      if (!fn)
        return send(
          res,
          404,
          JSON.stringify({ error: `no API '${name}'` }),
          'application/json; charset=utf-8',
        );
      const r = await fn(body);
      return send(res, r.status, JSON.stringify(r.json), 'application/json; charset=utf-8');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
    const file = resolveInside(root, rawPath);
    if (file === null) return send(res, 403, 'forbidden\n');
    await serveFile(rootReal, file, req, res);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? DEFAULT_LAB_PORT, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? DEFAULT_LAB_PORT);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port,
    url: `http://${shownHost}:${port}/`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
