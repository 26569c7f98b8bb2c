/**
 * 2-D convolution (NCHW, weights [Cout, Cin, kh, kw], stride, zero padding) by im2col + GEMM, and 2-D
 * max / min / average pooling (average counts padding, as PyTorch's default count_include_pad = true).
 */
import { record } from './autograd.js';
import { gemmInto } from './ops-matmul.js';
import { out, sameDType, type T } from './ops-util.js';
import { empty, type FloatArray, type Tensor } from './tensor.js';

export interface Conv2dOptions {
  stride?: number;
  padding?: number;
}

function outSize(n: number, k: number, s: number, p: number): number {
  return Math.floor((n + 2 * p - k) / s) + 1;
}

function im2col(
  x: FloatArray,
  base: number,
  C: number,
  H: number,
  W: number,
  kh: number,
  kw: number,
  s: number,
  p: number,
  Ho: number,
  Wo: number,
  cols: FloatArray,
): void {
  let r = 0;
  for (let c = 0; c < C; c++)
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++, r++) {
        const ro = r * Ho * Wo;
        for (let oy = 0; oy < Ho; oy++) {
          const y = oy * s - p + i;
          for (let ox = 0; ox < Wo; ox++) {
            const xx = ox * s - p + j;
            cols[ro + oy * Wo + ox] =
              y >= 0 && y < H && xx >= 0 && xx < W ? x[base + (c * H + y) * W + xx] : 0;
          }
        }
      }
}

function col2imAdd(
  cols: FloatArray,
  dx: FloatArray,
  base: number,
  C: number,
  H: number,
  W: number,
  kh: number,
  kw: number,
  s: number,
  p: number,
  Ho: number,
  Wo: number,
): void {
  let r = 0;
  for (let c = 0; c < C; c++)
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++, r++) {
        const ro = r * Ho * Wo;
        for (let oy = 0; oy < Ho; oy++) {
          const y = oy * s - p + i;
          if (y < 0 || y >= H) continue;
          for (let ox = 0; ox < Wo; ox++) {
            const xx = ox * s - p + j;
            if (xx >= 0 && xx < W) dx[base + (c * H + y) * W + xx] += cols[ro + oy * Wo + ox];
          }
        }
      }
}

export function conv2d<D extends FloatArray>(
  x: Tensor<D>,
  w: Tensor<D>,
  b: Tensor<D> | null,
  opts: Conv2dOptions = {},
): Tensor<D> {
  const s = opts.stride ?? 1;
  const p = opts.padding ?? 0;
  if (x.rank !== 4 || w.rank !== 4)
    throw new Error(`conv2d: x [N,C,H,W] and w [Cout,Cin,kh,kw], got [${x.shape}] and [${w.shape}]`);
  sameDType(x as T, w as T, 'conv2d');
  const [N, C, H, W] = x.shape;
  const [Co, Ci, kh, kw] = w.shape;
  if (Ci !== C) throw new Error(`conv2d: input has ${C} channels, weights expect ${Ci}`);
  if (b && b.size !== Co) throw new Error(`conv2d: bias of ${b.size} for ${Co} output channels`);
  const Ho = outSize(H, kh, s, p);
  const Wo = outSize(W, kw, s, p);
  if (Ho <= 0 || Wo <= 0) throw new Error('conv2d: kernel larger than the padded input');
  const K = C * kh * kw;
  const L = Ho * Wo;
  const o = out(x, [N, Co, Ho, Wo]);
  const cols = empty<FloatArray>([K, L], { dtype: x.dtype });
  const oTmp = empty<FloatArray>([Co, L], { dtype: x.dtype });
  const w2 = w as T;
  for (let n = 0; n < N; n++) {
    im2col(x.data, n * C * H * W, C, H, W, kh, kw, s, p, Ho, Wo, cols.data);
    gemmInto(Co, L, K, w2, false, cols, false, oTmp, 0);
    const od = o.data;
    const td = oTmp.data;
    const bd = b ? b.data : null;
    for (let c = 0; c < Co; c++)
      for (let l = 0; l < L; l++) od[(n * Co + c) * L + l] = td[c * L + l] + (bd ? bd[c] : 0);
  }
  cols.dispose();
  oTmp.dispose();
  return record(o as T, 'conv2d', [x as T, w as T, b as T | null], (g, gradOf) => {
    const gx = gradOf(x as T);
    const gw = gradOf(w as T);
    const gb = b ? gradOf(b as T) : null;
    const gd = g.data;
    if (gb) {
      const gbd = gb.data;
      for (let n = 0; n < N; n++)
        for (let c = 0; c < Co; c++) for (let l = 0; l < L; l++) gbd[c] += gd[(n * Co + c) * L + l];
    }
    if (!gx && !gw) return;
    const colsB = empty<FloatArray>([K, L], { dtype: x.dtype });
    const gN = empty<FloatArray>([Co, L], { dtype: x.dtype });
    for (let n = 0; n < N; n++) {
      gN.data.set(gd.subarray(n * Co * L, (n + 1) * Co * L));
      if (gw) {
        im2col(x.data, n * C * H * W, C, H, W, kh, kw, s, p, Ho, Wo, colsB.data);
        gemmInto(Co, K, L, gN, false, colsB, true, gw, 1);
      }
      if (gx) {
        gemmInto(K, L, Co, w2, true, gN, false, colsB, 0);
        col2imAdd(colsB.data, gx.data, n * C * H * W, C, H, W, kh, kw, s, p, Ho, Wo);
      }
    }
    colsB.dispose();
    gN.dispose();
  }) as Tensor<D>;
}

export interface Pool2dOptions {
  kernel: number;
  stride?: number;
  padding?: number;
}

function pool<D extends FloatArray>(
  x: Tensor<D>,
  mode: 'max' | 'min' | 'avg',
  opts: Pool2dOptions,
): Tensor<D> {
  const k = opts.kernel;
  const s = opts.stride ?? k;
  const p = opts.padding ?? 0;
  if (x.rank !== 4) throw new Error(`${mode}Pool2d: needs [N, C, H, W], got [${x.shape}]`);
  const [N, C, H, W] = x.shape;
  const Ho = outSize(H, k, s, p);
  const Wo = outSize(W, k, s, p);
  const o = out(x, [N, C, Ho, Wo]);
  const xd = x.data;
  const od = o.data;
  const arg = new Int32Array(mode === 'avg' ? 0 : o.size);
  const sign = mode === 'max' ? 1 : -1;
  for (let nc = 0; nc < N * C; nc++)
    for (let oy = 0; oy < Ho; oy++)
      for (let ox = 0; ox < Wo; ox++) {
        const oi = (nc * Ho + oy) * Wo + ox;
        let best = -Infinity;
        let bi = -1;
        let sum = 0;
        for (let i = 0; i < k; i++) {
          const y = oy * s - p + i;
          if (y < 0 || y >= H) continue;
          for (let j = 0; j < k; j++) {
            const xx = ox * s - p + j;
            if (xx < 0 || xx >= W) continue;
            const xi = (nc * H + y) * W + xx;
            const v = xd[xi];
            if (mode === 'avg') sum += v;
            else if (sign * v > best) {
              best = sign * v;
              bi = xi;
            }
          }
        }
        if (mode === 'avg') od[oi] = sum / (k * k);
        else {
          od[oi] = sign * best;
          arg[oi] = bi;
        }
      }
  return record(o as T, `${mode}Pool2d`, [x as T], (g, gradOf) => {
    const gx = gradOf(x as T);
    if (!gx) return;
    const gd = g.data;
    const gxd = gx.data;
    if (mode !== 'avg') {
      for (let i = 0; i < arg.length; i++) if (arg[i] >= 0) gxd[arg[i]] += gd[i];
      return;
    }
    for (let nc = 0; nc < N * C; nc++)
      for (let oy = 0; oy < Ho; oy++)
        for (let ox = 0; ox < Wo; ox++) {
          const v = gd[(nc * Ho + oy) * Wo + ox] / (k * k);
          for (let i = 0; i < k; i++) {
            const y = oy * s - p + i;
            if (y < 0 || y >= H) continue;
            for (let j = 0; j < k; j++) {
              const xx = ox * s - p + j;
              if (xx >= 0 && xx < W) gxd[(nc * H + y) * W + xx] += v;
            }
          }
        }
  }) as Tensor<D>;
}

export function maxPool2d<D extends FloatArray>(x: Tensor<D>, opts: Pool2dOptions): Tensor<D> {
  return pool(x, 'max', opts);
}
export function minPool2d<D extends FloatArray>(x: Tensor<D>, opts: Pool2dOptions): Tensor<D> {
  return pool(x, 'min', opts);
}
export function avgPool2d<D extends FloatArray>(x: Tensor<D>, opts: Pool2dOptions): Tensor<D> {
  return pool(x, 'avg', opts);
}
