/**
 * Progress bars for long jobs (cli-progress), shown on a terminal only; in pipes and CI they stay quiet.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  tick(n?: number, payload?: Record<string, string | number>): void;
  setTotal(total: number): void;
  stop(): void;
}

export function progress(label: string, total = 0, options: { enabled?: boolean } = {}): Progress {
  const enabled = options.enabled ?? (Boolean(process.stderr.isTTY) && !process.env.CI);
  if (!enabled) return { tick() {}, setTotal() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: total
        ? `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} {info}`
        : `${label} {value} done | {rate}/s {info}`,
      hideCursor: true,
      stream: process.stderr,
      etaBuffer: 200,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = Date.now();
  let value = 0;
  bar.start(total || 1, 0, { rate: '0', info: '' });
  return {
    tick(n = 1, payload = {}) {
      value += n;
      const rate = (value / Math.max(1e-3, (Date.now() - t0) / 1000)).toFixed(1);
      bar.update(value, { rate, info: '', ...payload });
    },
    setTotal(t) {
      bar.setTotal(t);
    },
    stop() {
      bar.stop();
    },
  };
}
