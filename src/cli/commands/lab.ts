/**
 * `xtal lab [--port N] [--host H] [--root DIR] [--max-upload-mb M]`: serves the built browser lab
 * (dist/web, made by `npm run build`) on localhost, cross-origin isolated so the engine can use threads.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_LAB_HOST,
  DEFAULT_LAB_PORT,
  DEFAULT_MAX_UPLOAD_BYTES,
  startLabServer,
  type LabServer,
} from '../lab-server.js';

/** The package root: the nearest folder above this file whose package.json is xtal's. */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'xtal') return dir;
      } catch {
        // keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** The built lab folder: dist/web under the package root. */
export function defaultLabRoot(): string {
  return join(packageRoot(), 'dist', 'web');
}

export interface LabCommandOptions {
  port: string;
  host: string;
  root?: string;
  maxUploadMb: string;
  /** Stop cleanly on SIGINT/SIGTERM (default true; tests turn it off). */
  handleSignals?: boolean;
}

export function register(program: Command): void {
  program
    .command('lab')
    .description('serve the browser lab (lecture and practicals) on localhost')
    .option('-p, --port <n>', 'port to listen on (0 picks a free one)', String(DEFAULT_LAB_PORT))
    .option('--host <h>', 'address to bind (use 0.0.0.0 to expose on the network)', DEFAULT_LAB_HOST)
    .option('--root <dir>', 'folder of the built lab (default: dist/web of this package)')
    .option(
      '--max-upload-mb <m>',
      'largest accepted upload in MB',
      String(DEFAULT_MAX_UPLOAD_BYTES / 2 ** 20),
    )
    .action(async (o: LabCommandOptions) => {
      await runLab(o);
    });
}

/** Starts the server (returns null, with exit code 1, when the lab is not built). */
export async function runLab(o: LabCommandOptions): Promise<LabServer | null> {
  const root = resolve(o.root ?? defaultLabRoot());
  if (!existsSync(join(root, 'index.html'))) {
    console.error(`xtal lab: no built lab in ${root} (run \`npm run build\` first)`);
    process.exitCode = 1;
    return null;
  }
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`--port: bad port '${o.port}'`);
  const mb = Number(o.maxUploadMb);
  if (!(mb > 0)) throw new RangeError(`--max-upload-mb: must be positive, got '${o.maxUploadMb}'`);
  const srv = await startLabServer({
    root,
    port,
    host: o.host,
    maxUploadBytes: Math.round(mb * 2 ** 20),
    api: {
      // Shipped models by name; 503 until they exist (the page predicts by itself either way).
      predict: async (body) => (await import('../lab-predict.js')).predictApi(body),
    },
  });
  console.log(`xtal lab: serving ${root}`);
  console.log(`xtal lab: open ${srv.url}  (Ctrl+C to stop)`);
  const stop = () => {
    void srv.close().then(() => process.exit(0));
  };
  if (o.handleSignals !== false) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return srv;
}
