import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { projectPath } from '../helpers/shared-data.js';

const XTAL = projectPath('bin', 'xtal.js');
const skip = existsSync(projectPath('dist', 'src', 'cli', 'main.js'))
  ? false
  : 'the CLI is not built (npm run build)';

function predict(extra: string[]): Map<string, number[]> {
  const r = spawnSync(
    process.execPath,
    [XTAL, 'predict', '--model', 'shear-modulus', '--examples', '--threads', '1', ...extra],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  const [, ...rows] = r.stdout.trim().split('\n');
  return new Map(rows.map((l) => [l.split(',')[0], l.split(',').slice(1).map(Number)]));
}

test(
  'xtal predict: merged equivalent atoms and every atom give the same predictions and spreads',
  { skip },
  () => {
    const merged = predict([]);
    const full = predict(['--no-merge-equivalent']);
    assert.equal(merged.size, 50);
    assert.deepEqual([...merged.keys()], [...full.keys()]);
    for (const [id, m] of merged) {
      const f = full.get(id)!;
      // prediction (log10 GPa), std, G in GPa: equal to float32 rounding of 7 printed digits
      m.forEach((v, k) =>
        assert.ok(
          Math.abs(v - f[k]) <= 3e-6 * Math.max(1, Math.abs(f[k])),
          `${id} column ${k}: ${v} vs ${f[k]}`,
        ),
      );
    }
  },
);
