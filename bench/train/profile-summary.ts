/**
 * Summarises V8 .cpuprofile files (node --cpu-prof): self time per function (JavaScript functions and
 * WebAssembly kernels alike), and total (inclusive) time of the functions that call into the engine, so a
 * slow training epoch can be traced to kernels and ops.
 *
 * Usage: npx tsx bench/train/profile-summary.ts PROFILE.cpuprofile [--top 40] [--inclusive 40]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  name: string;
  selfMs: number;
  totalMs: number;
}

function label(n: ProfileNode): string {
  const fn = n.callFrame.functionName || '(anonymous)';
  const url = n.callFrame.url;
  if (!url) return fn;
  return `${fn} ${basename(url).replace(/\?.*$/, '')}:${n.callFrame.lineNumber + 1}`;
}

/** Self and inclusive milliseconds per function label (inclusive counts a recursive label once per sample). */
export function summarise(p: Profile): ProfileRow[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    let id: number | undefined = p.samples[i];
    const leaf = byId.get(id)!;
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    while (id !== undefined) {
      const l = label(byId.get(id)!);
      if (!seen.has(l)) {
        seen.add(l);
        total.set(l, (total.get(l) ?? 0) + dt);
      }
      id = parent.get(id);
    }
  }
  return [...total.keys()].map((name) => ({ name, selfMs: self.get(name) ?? 0, totalMs: total.get(name)! }));
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: profile-summary.ts PROFILE.cpuprofile [--top N] [--inclusive N]');
    process.exit(1);
  }
  const num = (name: string, d: number): number => {
    const k = args.indexOf(name);
    return k >= 0 ? Number(args[k + 1]) : d;
  };
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const rows = summarise(p);
  const wall = (p.endTime - p.startTime) / 1000;
  console.log(`${file}: ${(wall / 1000).toFixed(2)} s profiled`);
  console.log('\nself time:');
  for (const r of [...rows].sort((a, b) => b.selfMs - a.selfMs).slice(0, num('--top', 40)))
    console.log(
      `${(r.selfMs / 1000).toFixed(3).padStart(9)} s ${((100 * r.selfMs) / wall).toFixed(1).padStart(5)}%  ${r.name}`,
    );
  console.log('\ninclusive time:');
  for (const r of [...rows].sort((a, b) => b.totalMs - a.totalMs).slice(0, num('--inclusive', 40)))
    console.log(
      `${(r.totalMs / 1000).toFixed(3).padStart(9)} s ${((100 * r.totalMs) / wall).toFixed(1).padStart(5)}%  ${r.name}`,
    );
}
