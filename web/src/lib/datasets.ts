/** Small synthetic data sets the pages generate (seeded, so every student sees the same start). */
import { Rng } from '../../../src/engine/random.js';

export type Target1D = 'sin' | 'step' | 'abs' | 'bump';

export function target1d(kind: Target1D, x: number): number {
  switch (kind) {
    case 'sin':
      return Math.sin(3 * x);
    case 'step':
      return x < 0.1 ? -0.5 : 0.5;
    case 'abs':
      return Math.abs(x) - 0.5;
    case 'bump':
      return Math.exp(-20 * x * x) - 0.3;
  }
}

export function grid(n: number, lo = -1, hi = 1): Float32Array {
  const g = new Float32Array(n);
  for (let i = 0; i < n; i++) g[i] = lo + ((hi - lo) * i) / (n - 1);
  return g;
}

/** Noisy samples of sin(3x)·0.8 on [-1, 1]: the regression set for generalisation experiments. */
export function noisyCurve(n: number, noise: number, seed: number): { x: Float32Array; y: Float32Array } {
  const rng = new Rng(seed);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.range(-1, 1);
    y[i] = 0.8 * Math.sin(3 * x[i]) + noise * rng.normal();
  }
  return { x, y };
}

/** Points inside a circle of radius 0.6 are class 1, outside class 0. */
export function ring(n: number, seed: number): { x: Float32Array; y: Float32Array } {
  const rng = new Rng(seed);
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.range(-1, 1);
    const b = rng.range(-1, 1);
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = a * a + b * b < 0.36 ? 1 : 0;
  }
  return { x, y };
}

export const SHAPE_CLASSES = ['circle', 'square', 'triangle', 'cross'] as const;

/**
 * Images of simple shapes drawn by code: `size`×`size` grey levels in [0, 1], random position, size,
 * stroke and noise. Returns N images flattened ([N, 1, size, size] order) and class labels.
 */
export function shapes(n: number, size: number, seed: number): { x: Float32Array; y: Int32Array } {
  const rng = new Rng(seed);
  const x = new Float32Array(n * size * size);
  const y = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const cls = k % SHAPE_CLASSES.length;
    y[k] = cls;
    const r = rng.range(0.22, 0.38) * size;
    const cx = size / 2 + rng.range(-0.12, 0.12) * size;
    const cy = size / 2 + rng.range(-0.12, 0.12) * size;
    const th = rng.range(0.9, 1.6);
    const base = k * size * size;
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) {
        const px = j + 0.5 - cx;
        const py = i + 0.5 - cy;
        let d: number; // distance to the outline
        if (cls === 0) d = Math.abs(Math.hypot(px, py) - r);
        else if (cls === 1) d = Math.abs(Math.max(Math.abs(px), Math.abs(py)) - r * 0.85);
        else if (cls === 2) d = triangleOutlineDistance(px, py, r);
        else d = Math.min(Math.abs(px), Math.abs(py)) + (Math.max(Math.abs(px), Math.abs(py)) > r ? 99 : 0);
        const v = Math.max(0, 1 - Math.max(0, d - th / 2));
        x[base + i * size + j] = Math.min(1, Math.max(0, v + 0.08 * rng.normal()));
      }
  }
  return { x, y };
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Distance to the outline of an upward equilateral triangle inscribed in a circle of radius r. */
function triangleOutlineDistance(px: number, py: number, r: number): number {
  const v = [-90, 30, 150].map((a) => [r * Math.cos((a * Math.PI) / 180), r * Math.sin((a * Math.PI) / 180)]);
  let d = Infinity;
  for (let i = 0; i < 3; i++) {
    const [ax, ay] = v[i];
    const [bx, by] = v[(i + 1) % 3];
    d = Math.min(d, segmentDistance(px, py, ax, ay, bx, by));
  }
  return d;
}
