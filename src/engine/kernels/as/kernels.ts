// xtal engine kernels, AssemblyScript -> WebAssembly SIMD128 (and relaxed SIMD when built with it).
// Every kernel works on raw byte offsets into the one shared memory; the JS allocator owns that memory.
// Threaded kernels take (tid, nth) first and process either a fixed share of the work or tiles taken from
// a shared counter (takeTile); either way each output element is computed by one thread in the same order
// whatever nth is, so results are identical for 1 and N threads.
// Plain TypeScript references of every kernel are in ../reference*.ts.

// ---------------------------------------------------------------------------------------------------
// helpers

@inline function fma(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

@inline function lo(total: i32, tid: i32, nth: i32): i32 {
  return <i32>((<i64>total * <i64>tid) / <i64>nth);
}

@inline function splat(x: f32): v128 {
  return f32x4.splat(x);
}

const EXP_SHIFT: f32 = 12582912.0 + 127.0;
const SIGN_BITS: f32 = reinterpret<f32>(0x80000000);

// Constants of the vector math, each stored four times in a static table and loaded where used: V8
// materialises every v128.const inside a loop with several instructions, while a load from this table is
// one (this alone makes the transcendental loops about 2x faster). kc(i) is row i.
const KT = memory.data<f32>([
  88.3, 88.3, 88.3, 88.3,
  -87.3, -87.3, -87.3, -87.3,
  1.44269504088896341, 1.44269504088896341, 1.44269504088896341, 1.44269504088896341,
  EXP_SHIFT, EXP_SHIFT, EXP_SHIFT, EXP_SHIFT,
  -0.693359375, -0.693359375, -0.693359375, -0.693359375,
  2.12194440e-4, 2.12194440e-4, 2.12194440e-4, 2.12194440e-4,
  1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4,
  1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3,
  8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3,
  4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2,
  1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1,
  5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1,
  1.0, 1.0, 1.0, 1.0,
  1.41421356237, 1.41421356237, 1.41421356237, 1.41421356237,
  0.5, 0.5, 0.5, 0.5,
  7.0376836292e-2, 7.0376836292e-2, 7.0376836292e-2, 7.0376836292e-2,
  -1.1514610310e-1, -1.1514610310e-1, -1.1514610310e-1, -1.1514610310e-1,
  1.1676998740e-1, 1.1676998740e-1, 1.1676998740e-1, 1.1676998740e-1,
  -1.2420140846e-1, -1.2420140846e-1, -1.2420140846e-1, -1.2420140846e-1,
  1.4249322787e-1, 1.4249322787e-1, 1.4249322787e-1, 1.4249322787e-1,
  -1.6668057665e-1, -1.6668057665e-1, -1.6668057665e-1, -1.6668057665e-1,
  2.0000714765e-1, 2.0000714765e-1, 2.0000714765e-1, 2.0000714765e-1,
  -2.4999993993e-1, -2.4999993993e-1, -2.4999993993e-1, -2.4999993993e-1,
  3.3333331174e-1, 3.3333331174e-1, 3.3333331174e-1, 3.3333331174e-1,
  -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4,
  -0.5, -0.5, -0.5, -0.5,
  0.693359375, 0.693359375, 0.693359375, 0.693359375,
  2.0, 2.0, 2.0, 2.0,
  0.28024473805723266, 0.28024473805723266, 0.28024473805723266, 0.28024473805723266,
  0.2799913825467823, 0.2799913825467823, 0.2799913825467823, 0.2799913825467823,
  0.400216992171755, 0.400216992171755, 0.400216992171755, 0.400216992171755,
  0.6666641313024536, 0.6666641313024536, 0.6666641313024536, 0.6666641313024536,
  SIGN_BITS, SIGN_BITS, SIGN_BITS, SIGN_BITS
]);

@inline function kc(i: i32): v128 {
  return v128.load(KT + <usize>(i << 4));
}

const K_ONE = 12;

// Vector math. Inputs are clamped with pmin/pmax (one instruction each, unlike f32x4.min/max whose NaN
// rules cost several), and exp rounds x log2(e) to an integer by adding 1.5 * 2^23 + 127, whose low
// mantissa bits then hold n + 127: shifted left by 23 they are the float 2^n (no nearest / trunc_sat).

// exp (Cephes expf): n = round(x log2 e), r = x - n ln 2 (two-part ln 2), degree-5 polynomial, times 2^n.
// x is clamped to [-87.3, 88.3] (results stay normal floats); error about 1 ulp.
@inline function expv(x0: v128): v128 {
  const x = f32x4.pmax(f32x4.pmin(x0, kc(0)), kc(1));
  const kf = fma(x, kc(2), kc(3));
  const n = f32x4.sub(kf, kc(3));
  let r = fma(n, kc(4), x);
  r = fma(n, kc(5), r);
  let p = kc(6);
  p = fma(p, r, kc(7));
  p = fma(p, r, kc(8));
  p = fma(p, r, kc(9));
  p = fma(p, r, kc(10));
  p = fma(p, r, kc(11));
  const y = f32x4.add(fma(p, f32x4.mul(r, r), r), kc(12));
  return f32x4.mul(y, i32x4.shl(kf, 23));
}

// exp(x) - 1 with relative accuracy near 0: 2^n (r + r^2 p(r)) + (2^n - 1), same reduction as expv.
@inline function expm1v(x0: v128): v128 {
  const x = f32x4.pmax(f32x4.pmin(x0, kc(0)), kc(1));
  const kf = fma(x, kc(2), kc(3));
  const n = f32x4.sub(kf, kc(3));
  let r = fma(n, kc(4), x);
  r = fma(n, kc(5), r);
  let p = kc(6);
  p = fma(p, r, kc(7));
  p = fma(p, r, kc(8));
  p = fma(p, r, kc(9));
  p = fma(p, r, kc(10));
  p = fma(p, r, kc(11));
  const q = fma(p, f32x4.mul(r, r), r);
  const s = i32x4.shl(kf, 23);
  return fma(s, q, f32x4.sub(s, kc(12)));
}

// natural log of positive normal numbers (Cephes logf).
@inline function logv(x: v128): v128 {
  let e = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(127));
  let m = v128.or(v128.and(x, i32x4.splat(0x7fffff)), i32x4.splat(0x3f800000));
  const big = f32x4.gt(m, kc(13));
  m = v128.bitselect(f32x4.mul(m, kc(14)), m, big);
  e = i32x4.sub(e, big); // big lanes are -1: e + 1
  const ef = f32x4.convert_i32x4_s(e);
  const z = f32x4.sub(m, kc(12));
  const z2 = f32x4.mul(z, z);
  let p = kc(15);
  p = fma(p, z, kc(16));
  p = fma(p, z, kc(17));
  p = fma(p, z, kc(18));
  p = fma(p, z, kc(19));
  p = fma(p, z, kc(20));
  p = fma(p, z, kc(21));
  p = fma(p, z, kc(22));
  p = fma(p, z, kc(23));
  let y = f32x4.mul(f32x4.mul(p, z), z2);
  y = fma(ef, kc(24), y);
  y = fma(z2, kc(25), y);
  let r = f32x4.add(z, y);
  r = fma(ef, kc(26), r);
  return r;
}

// log1p(t) for t in [0, 1] as 2 atanh(s), s = t / (2 + t) in [0, 1/3]: 2s + s^3 R(s^2), R a degree-3
// least-squares-minimax fit of (2 atanh(s) - 2s) / s^3 on s^2 in [0, 1/9] (fit error 5e-9 relative; the
// division's rounding dominates). Relative accuracy holds down to tiny t.
@inline function log1p01(t: v128): v128 {
  const s = f32x4.div(t, f32x4.add(t, kc(27)));
  const z = f32x4.mul(s, s);
  let R = kc(28);
  R = fma(R, z, kc(29));
  R = fma(R, z, kc(30));
  R = fma(R, z, kc(31));
  return fma(f32x4.mul(s, z), R, f32x4.add(s, s));
}

// -|x| (sign bit set).
@inline function negAbs(x: v128): v128 {
  return v128.or(x, kc(32));
}

// softplus(x) = max(x, 0) + log1p(exp(-|x|)); equals x beyond 20 in float32 (PyTorch threshold 20).
@inline function softplusFromT(x: v128, t: v128): v128 {
  return f32x4.add(f32x4.pmax(x, splat(0.0)), log1p01(t));
}

// sigmoid from t = exp(-|x|): 1/(1+t) for x >= 0, t/(1+t) otherwise.
@inline function sigmoidFromT(x: v128, t: v128): v128 {
  const inv = f32x4.div(kc(12), f32x4.add(kc(12), t));
  return v128.bitselect(inv, f32x4.mul(t, inv), f32x4.ge(x, splat(0.0)));
}

// sigmoid(x) = 1 / (1 + exp(-x)) (exp clamped: 1 beyond 87, about 6e-39 below -88).
@inline function sigmoidv(x: v128): v128 {
  return f32x4.div(kc(12), f32x4.add(kc(12), expv(f32x4.neg(x))));
}

@inline function expNegAbs(x: v128): v128 {
  return expv(negAbs(x));
}

// tanh: odd polynomial for |x| < 0.3, else sign(x) (1 - e^-2|x|) / (1 + e^-2|x|).
@inline function tanhv(x: v128): v128 {
  const ax = f32x4.abs(x);
  const t = expv(f32x4.mul(ax, splat(-2.0)));
  const big = f32x4.div(f32x4.sub(splat(1.0), t), f32x4.add(splat(1.0), t));
  const x2 = f32x4.mul(ax, ax);
  let p = splat(0.021869488536155203); // 62/2835
  p = fma(p, x2, splat(-0.05396825396825397)); // -17/315
  p = fma(p, x2, splat(0.13333333333333333)); // 2/15
  p = fma(p, x2, splat(-0.3333333333333333));
  const small = fma(f32x4.mul(p, x2), ax, ax);
  const r = v128.bitselect(small, big, f32x4.lt(ax, splat(0.3)));
  return v128.or(r, v128.and(x, i32x4.splat(0x80000000)));
}

// ---------------------------------------------------------------------------------------------------
// GEMM: C = beta C + op(A) op(B). 6x8 register-blocked micro-kernel on packed panels.

const MR = 6;
const NR = 8;
const KC = 256;
const NC = 512;

// Packs op(B)[k0:k0+kc, j0:j0+nc] as panels of 8 columns (k-major), zero-padded.
function packB(B: usize, ldb: i32, tB: i32, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const panels = (nc + NR - 1) / NR;
  for (let p = 0; p < panels; p++) {
    const jb = j0 + p * NR;
    const w = min(NR, j0 + nc - jb);
    let d = dst + <usize>(p * kc * NR * 4);
    if (tB == 0 && w == NR) {
      for (let k = 0; k < kc; k++) {
        const s = B + (<usize>(k0 + k) * <usize>ldb + <usize>jb) * 4;
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
        d += NR * 4;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let jj = 0; jj < NR; jj++) {
          let v: f32 = 0;
          if (jj < w) {
            const j = jb + jj;
            v = tB != 0 ? load<f32>(B + (<usize>j * <usize>ldb + <usize>(k0 + k)) * 4) : load<f32>(B + (<usize>(k0 + k) * <usize>ldb + <usize>j) * 4);
          }
          store<f32>(d + <usize>jj * 4, v);
        }
        d += NR * 4;
      }
    }
  }
}

// Packs op(A)[i0:i0+mr, k0:k0+kc] as one 6-row panel (k-major), zero-padded. With flush != 0, values of
// magnitude below 2^-64 are packed as 0 (see EDGE_FLUSH).
function packA(A: usize, lda: i32, tA: i32, i0: i32, mr: i32, k0: i32, kc: i32, dst: usize, flush: i32 = 0): void {
  if (tA != 0 && mr == MR) {
    // Six contiguous values per k: one vector and one 64-bit pair (|x| < EDGE_FLUSH masked to 0 when
    // asked; NaN stays NaN).
    const lim = splat(EDGE_FLUSH);
    const absMask = i32x4.splat(0x7fffffff);
    for (let k = 0; k < kc; k++) {
      const s = A + (<usize>(k0 + k) * <usize>lda + <usize>i0) * 4;
      const d = dst + <usize>(k * MR * 4);
      let a = v128.load(s);
      let b = v128.load64_zero(s + 16);
      if (flush != 0) {
        a = v128.andnot(a, f32x4.lt(v128.and(a, absMask), lim));
        b = v128.andnot(b, f32x4.lt(v128.and(b, absMask), lim));
      }
      v128.store(d, a);
      v128.store64_lane(d + 16, b, 0);
    }
    return;
  }
  if (tA != 0) {
    for (let k = 0; k < kc; k++) {
      const s = A + (<usize>(k0 + k) * <usize>lda + <usize>i0) * 4;
      const d = dst + <usize>(k * MR * 4);
      for (let ii = 0; ii < MR; ii++) store<f32>(d + <usize>ii * 4, ii < mr ? flushed(load<f32>(s + <usize>ii * 4), flush) : 0);
    }
  } else {
    for (let ii = 0; ii < MR; ii++) {
      if (ii < mr) {
        const s = A + (<usize>(i0 + ii) * <usize>lda + <usize>k0) * 4;
        for (let k = 0; k < kc; k++) store<f32>(dst + <usize>((k * MR + ii) * 4), flushed(load<f32>(s + <usize>k * 4), flush));
      } else for (let k = 0; k < kc; k++) store<f32>(dst + <usize>((k * MR + ii) * 4), 0);
    }
  }
}

// packA for six full rows of a row-major A (tA = 0), values of magnitude below flushMin packed as 0 (NaN
// stays NaN): four k at a time, the 6 x 4 block is loaded as six vectors and transposed with shuffles into
// the k-major panel. The edge forward passes A = u + k0 (the band's first column) and flushMin = BAND_MIN.
function packA6Flush(A: usize, lda: i32, i0: i32, kc: i32, dst: usize, flushMin: f32): void {
  const lim = splat(flushMin);
  const absMask = i32x4.splat(0x7fffffff);
  const ld = <usize>lda * 4;
  const r0 = A + <usize>i0 * ld;
  let k = 0;
  for (; k + 4 <= kc; k += 4) {
    const o = <usize>k * 4;
    let v0 = v128.load(r0 + o);
    let v1 = v128.load(r0 + ld + o);
    let v2 = v128.load(r0 + 2 * ld + o);
    let v3 = v128.load(r0 + 3 * ld + o);
    let v4 = v128.load(r0 + 4 * ld + o);
    let v5 = v128.load(r0 + 5 * ld + o);
    v0 = v128.andnot(v0, f32x4.lt(v128.and(v0, absMask), lim));
    v1 = v128.andnot(v1, f32x4.lt(v128.and(v1, absMask), lim));
    v2 = v128.andnot(v2, f32x4.lt(v128.and(v2, absMask), lim));
    v3 = v128.andnot(v3, f32x4.lt(v128.and(v3, absMask), lim));
    v4 = v128.andnot(v4, f32x4.lt(v128.and(v4, absMask), lim));
    v5 = v128.andnot(v5, f32x4.lt(v128.and(v5, absMask), lim));
    // 4x4 transpose of v0..v3: t_j = [v0[j], v1[j], v2[j], v3[j]].
    const a01lo = i32x4.shuffle(v0, v1, 0, 4, 1, 5);
    const a01hi = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
    const a23lo = i32x4.shuffle(v2, v3, 0, 4, 1, 5);
    const a23hi = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
    const t0 = i64x2.shuffle(a01lo, a23lo, 0, 2);
    const t1 = i64x2.shuffle(a01lo, a23lo, 1, 3);
    const t2 = i64x2.shuffle(a01hi, a23hi, 0, 2);
    const t3 = i64x2.shuffle(a01hi, a23hi, 1, 3);
    // pairs w_j = [v4[j], v5[j]].
    const w01 = i32x4.shuffle(v4, v5, 0, 4, 1, 5);
    const w23 = i32x4.shuffle(v4, v5, 2, 6, 3, 7);
    const d = dst + <usize>(k * MR * 4);
    v128.store(d, t0);
    v128.store64_lane(d + 16, w01, 0);
    v128.store(d + 24, t1);
    v128.store64_lane(d + 40, w01, 1);
    v128.store(d + 48, t2);
    v128.store64_lane(d + 64, w23, 0);
    v128.store(d + 72, t3);
    v128.store64_lane(d + 88, w23, 1);
  }
  for (; k < kc; k++)
    for (let ii = 0; ii < MR; ii++)
      store<f32>(dst + <usize>((k * MR + ii) * 4), flushedBelow(load<f32>(r0 + <usize>ii * ld + <usize>k * 4), flushMin));
}

// Edge features (the Gaussian distance expansion) have long tails of tiny and subnormal values. x86 runs
// arithmetic on subnormal operands or results through microcode assists (tens of times slower), and
// WebAssembly cannot flush them, so the edge GEMMs pack |u| < 2^-64 as 0: such a term changes no float32
// result above 2^-40 (it is below half an ulp of it), while every product then stays in the normal range.
const EDGE_FLUSH: f32 = 5.421010862427522e-20; // 2^-64

@inline function flushed(x: f32, flush: i32): f32 {
  return flush != 0 && abs<f32>(x) < EDGE_FLUSH ? 0 : x;
}

@inline function flushedBelow(x: f32, lim: f32): f32 {
  return abs<f32>(x) < lim ? 0 : x;
}

// Banded edge GEMM of the forward passes. A Gaussian-expanded distance, exp(-(d - mu_k)^2 / 0.2^2), is
// below 2^-40 wherever |d - mu_k| > 1.05 A, so only about 8 to 11 of the 41 features of an edge count.
// Each 6-row panel (or lone row) multiplies only its band [k0, k1): from the first to the last column
// where one of its rows has |u| >= BAND_MIN; inside the band, values below BAND_MIN are packed as 0. A
// row's G is then P + Q + the sum of u[e,k] Wc[k] over its own k with |u[e,k]| >= BAND_MIN, in k order
// (the band's other columns add exact zeros, which can at most turn a G of -0 into +0), whatever rows share
// its panel: the stored path and the fused inference path, whose panels start at different edges, agree bit
// for bit. An all-zero panel has an empty band (G = P + Q); dense features give the full band.
// Bound: the terms left out of G[e,j] total less than 2^-40 S_j, S_j = sum_k |Wc[k,j]| (at most
// 41 * 2^-40 max|Wc| = 3.7e-11 max|Wc| for B = 41). BN1 scales that by |gamma_j| / sqrt(var_j + eps);
// over every convolution of the shipped models |gamma_j| S_j / sqrt(var_j + eps) <= 67, so h = BN1(G)
// moves by less than 6.1e-11, a thousandth of half an ulp of 1 (2^-24 = 6e-8), and the gate
// sigmoid(f) softplus(c) (slopes at most 1) by no more. Features are taken to be of order 1 (as the
// Gaussian expansion is): a feature column whose every value is below 2^-40 counts as zero.
const BAND_MIN: f32 = 9.094947017729282e-13; // 2^-40
const BAND_MIN_BITS: i32 = 0x2b800000; // its bit pattern: |x| >= BAND_MIN (or NaN) iff (bits & 0x7fffffff) >= this

@inline function inBand(x: f32): bool {
  return (reinterpret<i32>(x) & 0x7fffffff) >= BAND_MIN_BITS;
}

// Band of rows e0 .. e0 + rows - 1 of u (B columns): k0 | k1 << 16, the columns [k0, k1) from the first
// to the last one where some row has |u| >= BAND_MIN (NaN and infinities count); k0 = k1 = 0 if none. Each
// row is scanned from both ends only as far as the band found so far, four columns at a time.
function edgeBand(u: usize, B: i32, e0: i32, rows: i32): i32 {
  const lim = i32x4.splat(BAND_MIN_BITS);
  const absMask = i32x4.splat(0x7fffffff);
  let k0 = B;
  let k1 = 0;
  for (let r = 0; r < rows; r++) {
    const row = u + <usize>(e0 + r) * <usize>B * 4;
    // first column in band, looked for below k0
    let k = 0;
    let found = false;
    for (; k + 4 <= k0; k += 4) {
      const m = i32x4.bitmask(i32x4.ge_s(v128.and(v128.load(row + <usize>k * 4), absMask), lim));
      if (m != 0) {
        k += ctz(m);
        found = true;
        break;
      }
    }
    if (!found) while (k < k0 && !inBand(load<f32>(row + <usize>k * 4))) k++;
    k0 = k;
    // one past the last column in band, looked for at or above k1
    let j = B;
    found = false;
    for (; j - 4 >= k1; j -= 4) {
      const m = i32x4.bitmask(i32x4.ge_s(v128.and(v128.load(row + <usize>(j - 4) * 4), absMask), lim));
      if (m != 0) {
        j = j - 3 + (31 - clz(m));
        found = true;
        break;
      }
    }
    if (!found) while (j > k1 && !inBand(load<f32>(row + <usize>(j - 1) * 4))) j--;
    k1 = j;
  }
  if (k1 <= k0) return 0;
  return k0 | (k1 << 16);
}

// 6x8 micro-kernel: acc = Ap (6 x kc) * Bp (kc x 8); C (rows mr, cols nr, stride ldc floats) = beta C + acc.
function micro(ap: usize, bp: usize, kc: i32, C: usize, ldc: i32, mr: i32, nr: i32, beta: f32, tmp: usize): void {
  let c00 = splat(0), c01 = splat(0), c10 = splat(0), c11 = splat(0), c20 = splat(0), c21 = splat(0);
  let c30 = splat(0), c31 = splat(0), c40 = splat(0), c41 = splat(0), c50 = splat(0), c51 = splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = fma(a, b0, c00);
    c01 = fma(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = fma(a, b0, c10);
    c11 = fma(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = fma(a, b0, c20);
    c21 = fma(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = fma(a, b0, c30);
    c31 = fma(a, b1, c31);
    a = v128.load32_splat(ap, 16);
    c40 = fma(a, b0, c40);
    c41 = fma(a, b1, c41);
    a = v128.load32_splat(ap, 20);
    c50 = fma(a, b0, c50);
    c51 = fma(a, b1, c51);
    ap += MR * 4;
    bp += NR * 4;
  }
  const ld = <usize>ldc * 4;
  if (mr == MR && nr == NR) {
    let c = C;
    if (beta != 0) {
      v128.store(c, f32x4.add(v128.load(c), c00)); v128.store(c, f32x4.add(v128.load(c, 16), c01), 16); c += ld;
      v128.store(c, f32x4.add(v128.load(c), c10)); v128.store(c, f32x4.add(v128.load(c, 16), c11), 16); c += ld;
      v128.store(c, f32x4.add(v128.load(c), c20)); v128.store(c, f32x4.add(v128.load(c, 16), c21), 16); c += ld;
      v128.store(c, f32x4.add(v128.load(c), c30)); v128.store(c, f32x4.add(v128.load(c, 16), c31), 16); c += ld;
      v128.store(c, f32x4.add(v128.load(c), c40)); v128.store(c, f32x4.add(v128.load(c, 16), c41), 16); c += ld;
      v128.store(c, f32x4.add(v128.load(c), c50)); v128.store(c, f32x4.add(v128.load(c, 16), c51), 16);
    } else {
      v128.store(c, c00); v128.store(c, c01, 16); c += ld;
      v128.store(c, c10); v128.store(c, c11, 16); c += ld;
      v128.store(c, c20); v128.store(c, c21, 16); c += ld;
      v128.store(c, c30); v128.store(c, c31, 16); c += ld;
      v128.store(c, c40); v128.store(c, c41, 16); c += ld;
      v128.store(c, c50); v128.store(c, c51, 16);
    }
    return;
  }
  v128.store(tmp, c00); v128.store(tmp, c01, 16);
  v128.store(tmp, c10, 32); v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64); v128.store(tmp, c21, 80);
  v128.store(tmp, c30, 96); v128.store(tmp, c31, 112);
  v128.store(tmp, c40, 128); v128.store(tmp, c41, 144);
  v128.store(tmp, c50, 160); v128.store(tmp, c51, 176);
  for (let i = 0; i < mr; i++) {
    const row = C + <usize>i * ld;
    for (let j = 0; j < nr; j++) {
      const v = load<f32>(tmp + <usize>((i * NR + j) * 4));
      const p = row + <usize>j * 4;
      store<f32>(p, beta != 0 ? load<f32>(p) + v : v);
    }
  }
}

// Edge micro-kernel of the CGCNN forward pass: six full rows e0..e0+5 of G, columns j..j+7:
// G[e] = P[center e] + Q[nbr e] + (u Wc^T)[e], the gathered atom terms loaded straight into the
// accumulators (no separate gather pass over G).
function microEdges(ap: usize, bp: usize, kc: i32, P: usize, Q: usize, centers: usize, nbr: usize, e0: i32, j: i32, F2: i32, G: usize, stats: usize, w: f32, wn: f32): void {
  const rowB = <usize>F2 * 4;
  const jo = <usize>j * 4;
  const ce = centers + <usize>e0 * 4;
  const ne = nbr + <usize>e0 * 4;
  let p = P + <usize>load<i32>(ce) * rowB + jo, q = Q + <usize>load<i32>(ne) * rowB + jo;
  let c00 = f32x4.add(v128.load(p), v128.load(q)), c01 = f32x4.add(v128.load(p, 16), v128.load(q, 16));
  p = P + <usize>load<i32>(ce, 4) * rowB + jo; q = Q + <usize>load<i32>(ne, 4) * rowB + jo;
  let c10 = f32x4.add(v128.load(p), v128.load(q)), c11 = f32x4.add(v128.load(p, 16), v128.load(q, 16));
  p = P + <usize>load<i32>(ce, 8) * rowB + jo; q = Q + <usize>load<i32>(ne, 8) * rowB + jo;
  let c20 = f32x4.add(v128.load(p), v128.load(q)), c21 = f32x4.add(v128.load(p, 16), v128.load(q, 16));
  p = P + <usize>load<i32>(ce, 12) * rowB + jo; q = Q + <usize>load<i32>(ne, 12) * rowB + jo;
  let c30 = f32x4.add(v128.load(p), v128.load(q)), c31 = f32x4.add(v128.load(p, 16), v128.load(q, 16));
  p = P + <usize>load<i32>(ce, 16) * rowB + jo; q = Q + <usize>load<i32>(ne, 16) * rowB + jo;
  let c40 = f32x4.add(v128.load(p), v128.load(q)), c41 = f32x4.add(v128.load(p, 16), v128.load(q, 16));
  p = P + <usize>load<i32>(ce, 20) * rowB + jo; q = Q + <usize>load<i32>(ne, 20) * rowB + jo;
  let c50 = f32x4.add(v128.load(p), v128.load(q)), c51 = f32x4.add(v128.load(p, 16), v128.load(q, 16));
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = fma(a, b0, c00);
    c01 = fma(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = fma(a, b0, c10);
    c11 = fma(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = fma(a, b0, c20);
    c21 = fma(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = fma(a, b0, c30);
    c31 = fma(a, b1, c31);
    a = v128.load32_splat(ap, 16);
    c40 = fma(a, b0, c40);
    c41 = fma(a, b1, c41);
    a = v128.load32_splat(ap, 20);
    c50 = fma(a, b0, c50);
    c51 = fma(a, b1, c51);
    ap += MR * 4;
    bp += NR * 4;
  }
  let c = G + <usize>e0 * rowB + jo;
  v128.store(c, c00); v128.store(c, c01, 16); c += rowB;
  v128.store(c, c10); v128.store(c, c11, 16); c += rowB;
  v128.store(c, c20); v128.store(c, c21, 16); c += rowB;
  v128.store(c, c30); v128.store(c, c31, 16); c += rowB;
  v128.store(c, c40); v128.store(c, c41, 16); c += rowB;
  v128.store(c, c50); v128.store(c, c51, 16);
  // Column statistics of these six rows (mean, M2 about it) merged into the tile's running mean and M2
  // (Chan et al.): w = 6 / (n + 6), wn = 6 n / (n + 6) for the n rows merged before.
  const sixth = splat(1.0 / 6.0);
  const m0 = f32x4.mul(f32x4.add(f32x4.add(f32x4.add(c00, c10), f32x4.add(c20, c30)), f32x4.add(c40, c50)), sixth);
  const m1 = f32x4.mul(f32x4.add(f32x4.add(f32x4.add(c01, c11), f32x4.add(c21, c31)), f32x4.add(c41, c51)), sixth);
  let d = f32x4.sub(c00, m0);
  let q0 = f32x4.mul(d, d);
  d = f32x4.sub(c10, m0); q0 = fma(d, d, q0);
  d = f32x4.sub(c20, m0); q0 = fma(d, d, q0);
  d = f32x4.sub(c30, m0); q0 = fma(d, d, q0);
  d = f32x4.sub(c40, m0); q0 = fma(d, d, q0);
  d = f32x4.sub(c50, m0); q0 = fma(d, d, q0);
  d = f32x4.sub(c01, m1);
  let q1 = f32x4.mul(d, d);
  d = f32x4.sub(c11, m1); q1 = fma(d, d, q1);
  d = f32x4.sub(c21, m1); q1 = fma(d, d, q1);
  d = f32x4.sub(c31, m1); q1 = fma(d, d, q1);
  d = f32x4.sub(c41, m1); q1 = fma(d, d, q1);
  d = f32x4.sub(c51, m1); q1 = fma(d, d, q1);
  mergeStats(stats + jo, rowB, m0, q0, w, wn);
  mergeStats(stats + jo + 16, rowB, m1, q1, w, wn);
}

// One edge row outside a full 6-row panel, with the same arithmetic per element as microEdges (start from
// P[i] + Q[j], then one multiply-add per edge feature of its band in order, values below BAND_MIN as 0),
// so a row's G does not depend on where the panels fall. Needs 2F a multiple of 8.
function rowEdges(u: usize, B: i32, WcP: usize, P: usize, Q: usize, centers: usize, nbr: usize, e: i32, F2: i32, G: usize): void {
  const rowB = <usize>F2 * 4;
  const p = P + <usize>load<i32>(centers + <usize>e * 4) * rowB;
  const q = Q + <usize>load<i32>(nbr + <usize>e * 4) * rowB;
  const g = G + <usize>e * rowB;
  const ue = u + <usize>e * <usize>B * 4;
  const band = edgeBand(u, B, e, 1);
  const k0 = band & 0xffff;
  const k1 = band >>> 16;
  for (let j = 0; j < F2; j += NR) {
    const jo = <usize>j * 4;
    let c0 = f32x4.add(v128.load(p + jo), v128.load(q + jo));
    let c1 = f32x4.add(v128.load(p + jo, 16), v128.load(q + jo, 16));
    let bp = WcP + <usize>((j * B + k0 * NR) * 4);
    for (let k = k0; k < k1; k++) {
      const a = splat(flushedBelow(load<f32>(ue + <usize>k * 4), BAND_MIN));
      c0 = fma(a, v128.load(bp), c0);
      c1 = fma(a, v128.load(bp, 16), c1);
      bp += NR * 4;
    }
    v128.store(g + jo, c0);
    v128.store(g + jo, c1, 16);
  }
}

// Running column statistics at mean[0..3] (M2 at mean + m2Off): merge a group with mean m and M2 q.
@inline function mergeStats(mean: usize, m2Off: usize, m: v128, q: v128, w: f32, wn: f32): void {
  const mu = v128.load(mean);
  const delta = f32x4.sub(m, mu);
  v128.store(mean, fma(delta, splat(w), mu));
  v128.store(mean + m2Off, fma(f32x4.mul(delta, delta), splat(wn), f32x4.add(v128.load(mean + m2Off), q)));
}

// Rows [r0, r1) of C = beta C + op(A) op(B). scratch: packed B (KC x NC), packed A (6 x KC), tmp (48).
function gemmRows(r0: i32, r1: i32, N: i32, K: i32, A: usize, lda: i32, tA: i32, B: usize, ldb: i32, tB: i32, C: usize, ldc: i32, beta: f32, scratch: usize, flushA: i32 = 0): void {
  const bp = scratch;
  const apk = scratch + <usize>(KC * NC * 4);
  const tmp = apk + <usize>(MR * KC * 4);
  if (K == 0) {
    for (let i = r0; i < r1; i++)
      for (let j = 0; j < N; j++) {
        const p = C + (<usize>i * <usize>ldc + <usize>j) * 4;
        store<f32>(p, beta != 0 ? load<f32>(p) : 0);
      }
    return;
  }
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      packB(B, ldb, tB, pc, kc, jc, nc, bp);
      const bt: f32 = pc == 0 ? beta : 1;
      for (let ir = r0; ir < r1; ir += MR) {
        const mr = min(MR, r1 - ir);
        packA(A, lda, tA, ir, mr, pc, kc, apk, flushA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          micro(apk, bp + <usize>(jr * kc * 4), kc, C + (<usize>ir * <usize>ldc + <usize>(jc + jr)) * 4, ldc, mr, nr, bt, tmp);
        }
      }
    }
  }
}

export function gemm(tid: i32, nth: i32, M: i32, N: i32, K: i32, A: usize, lda: i32, tA: i32, B: usize, ldb: i32, tB: i32, C: usize, ldc: i32, beta: f32, scratch: usize, scratchStride: i32): void {
  // Split rows in multiples of MR so that panels are the same whatever nth is.
  const panels = (M + MR - 1) / MR;
  const p0 = lo(panels, tid, nth);
  const p1 = lo(panels, tid + 1, nth);
  const r0 = p0 * MR;
  const r1 = min(M, p1 * MR);
  if (r0 >= r1) return;
  gemmRows(r0, r1, N, K, A, lda, tA, B, ldb, tB, C, ldc, beta, scratch + <usize>tid * <usize>scratchStride);
}

/** Bytes of scratch one thread needs for gemm. */
export function gemmScratchBytes(): i32 {
  return (KC * NC + MR * KC + 64) * 4;
}

// ---------------------------------------------------------------------------------------------------
// elementwise

// Unary kinds: 0 neg, 1 exp, 2 log, 3 sqrt, 4 abs, 5 square, 6 sigmoid, 7 tanh, 8 relu, 9 softplus, 10 log1p (x >= 0 only: not used)
@inline function unaryV(kind: i32, x: v128): v128 {
  switch (kind) {
    case 0: return f32x4.neg(x);
    case 1: return expv(x);
    case 2: return logv(x);
    case 3: return f32x4.sqrt(x);
    case 4: return f32x4.abs(x);
    case 5: return f32x4.mul(x, x);
    case 6: return sigmoidFromT(x, expNegAbs(x));
    case 7: return tanhv(x);
    case 8: return f32x4.max(x, splat(0));
    case 9: return softplusFromT(x, expNegAbs(x));
  }
  return x;
}

export function unary(tid: i32, nth: i32, kind: i32, n: i32, x: usize, y: usize): void {
  const nv = n >> 2;
  const a = lo(nv, tid, nth) << 2;
  const b = lo(nv, tid + 1, nth) << 2;
  for (let i = a; i < b; i += 4) v128.store(y + <usize>i * 4, unaryV(kind, v128.load(x + <usize>i * 4)));
  if (tid == nth - 1 && (n & 3) != 0) {
    const t = n & ~3;
    for (let k = 0; k < (n & 3); k++) {
      const s = unaryV(kind, splat(load<f32>(x + <usize>(t + k) * 4)));
      store<f32>(y + <usize>(t + k) * 4, f32x4.extract_lane(s, 0));
    }
  }
}

// d x += d y * f'(x) for the unary kinds (y is the forward output).
@inline function unaryGradV(kind: i32, x: v128, y: v128): v128 {
  switch (kind) {
    case 0: return splat(-1);
    case 1: return y;
    case 2: return f32x4.div(splat(1), x);
    case 3: return f32x4.div(splat(0.5), y);
    case 4: return v128.or(v128.and(x, i32x4.splat(0x80000000)), v128.and(splat(1), v128.not(f32x4.eq(x, splat(0)))));
    case 5: return f32x4.add(x, x);
    case 6: return f32x4.mul(y, f32x4.sub(splat(1), y));
    case 7: return f32x4.sub(splat(1), f32x4.mul(y, y));
    case 8: return v128.and(splat(1), f32x4.gt(x, splat(0)));
    case 9: return sigmoidFromT(x, expNegAbs(x));
  }
  return splat(0);
}

export function unaryBackward(tid: i32, nth: i32, kind: i32, n: i32, x: usize, y: usize, gy: usize, gx: usize): void {
  const nv = n >> 2;
  const a = lo(nv, tid, nth) << 2;
  const b = lo(nv, tid + 1, nth) << 2;
  for (let i = a; i < b; i += 4) {
    const o = <usize>i * 4;
    const d = unaryGradV(kind, v128.load(x + o), v128.load(y + o));
    v128.store(gx + o, fma(v128.load(gy + o), d, v128.load(gx + o)));
  }
  if (tid == nth - 1) {
    for (let i = n & ~3; i < n; i++) {
      const o = <usize>i * 4;
      const d = unaryGradV(kind, splat(load<f32>(x + o)), splat(load<f32>(y + o)));
      store<f32>(gx + o, load<f32>(gx + o) + load<f32>(gy + o) * f32x4.extract_lane(d, 0));
    }
  }
}

@inline function binV(kind: i32, a: v128, b: v128): v128 {
  switch (kind) {
    case 0: return f32x4.add(a, b);
    case 1: return f32x4.sub(a, b);
    case 2: return f32x4.mul(a, b);
  }
  return f32x4.div(a, b);
}

// out = a (op) b; b has n elements (mode 0), 1 element (mode 1) or `cols` elements repeated per row (mode 2).
export function binary(tid: i32, nth: i32, kind: i32, mode: i32, n: i32, cols: i32, a: usize, b: usize, out: usize): void {
  if (mode == 2) {
    const rows = n / cols;
    const r0 = lo(rows, tid, nth);
    const r1 = lo(rows, tid + 1, nth);
    const cv = cols & ~3;
    for (let r = r0; r < r1; r++) {
      const ro = <usize>r * <usize>cols * 4;
      for (let c = 0; c < cv; c += 4) v128.store(out + ro + <usize>c * 4, binV(kind, v128.load(a + ro + <usize>c * 4), v128.load(b + <usize>c * 4)));
      for (let c = cv; c < cols; c++) store<f32>(out + ro + <usize>c * 4, f32x4.extract_lane(binV(kind, splat(load<f32>(a + ro + <usize>c * 4)), splat(load<f32>(b + <usize>c * 4))), 0));
    }
    return;
  }
  const nv = n >> 2;
  const i0 = lo(nv, tid, nth) << 2;
  const i1 = lo(nv, tid + 1, nth) << 2;
  const bs = splat(load<f32>(b));
  for (let i = i0; i < i1; i += 4) {
    const o = <usize>i * 4;
    v128.store(out + o, binV(kind, v128.load(a + o), mode == 1 ? bs : v128.load(b + o)));
  }
  if (tid == nth - 1)
    for (let i = n & ~3; i < n; i++) {
      const o = <usize>i * 4;
      store<f32>(out + o, f32x4.extract_lane(binV(kind, splat(load<f32>(a + o)), mode == 1 ? bs : splat(load<f32>(b + o))), 0));
    }
}

/** Gradient accumulation of the binary ops (same shapes): out += a (mode 0), out -= a (1), out += a b (2),
 * out += a / b (3). */
export function accumulate(tid: i32, nth: i32, mode: i32, n: i32, a: usize, b: usize, out: usize): void {
  const nv = n >> 2;
  const i0 = lo(nv, tid, nth) << 2;
  const i1 = lo(nv, tid + 1, nth) << 2;
  for (let i = i0; i < i1; i += 4) {
    const o = <usize>i * 4;
    const x = v128.load(a + o);
    const y = mode == 0 ? x : mode == 1 ? f32x4.neg(x) : mode == 2 ? f32x4.mul(x, v128.load(b + o)) : f32x4.div(x, v128.load(b + o));
    v128.store(out + o, f32x4.add(v128.load(out + o), y));
  }
  if (tid == nth - 1)
    for (let i = n & ~3; i < n; i++) {
      const o = <usize>i * 4;
      const x = load<f32>(a + o);
      const y = mode == 0 ? x : mode == 1 ? -x : mode == 2 ? x * load<f32>(b + o) : x / load<f32>(b + o);
      store<f32>(out + o, load<f32>(out + o) + y);
    }
}

// ---------------------------------------------------------------------------------------------------
// column statistics and batch normalisation (rows x cols, row-major; cols a multiple of 4 for the
// vector path, any cols handled by a scalar tail)

const TILE = 256;

// For tile t (rows [t*TILE, ...)): sum (f32) and M2 about the tile mean, written to part[t*2*cols ..].
function tileStats(X: usize, r0: i32, r1: i32, cols: i32, part: usize): void {
  const rowB = <usize>cols * 4;
  const q = part + rowB;
  memory.fill(part, 0, 2 * rowB);
  // Rows front to back (the sums stay in part, in L1): sums, then M2 about the tile mean.
  for (let r = r0; r < r1; r++) {
    const x = X + <usize>r * rowB;
    for (let o: usize = 0; o < rowB; o += 16) v128.store(part + o, f32x4.add(v128.load(part + o), v128.load(x + o)));
  }
  const inv = splat(1 / <f32>(r1 - r0));
  for (let r = r0; r < r1; r++) {
    const x = X + <usize>r * rowB;
    for (let o: usize = 0; o < rowB; o += 16) {
      const d = f32x4.sub(v128.load(x + o), f32x4.mul(v128.load(part + o), inv));
      v128.store(q + o, fma(d, d, v128.load(q + o)));
    }
  }
}

/** Per-tile column sums and M2 (cols must be a multiple of 4). */
export function colStats(tid: i32, nth: i32, rows: i32, cols: i32, X: usize, part: usize): void {
  const tiles = (rows + TILE - 1) / TILE;
  for (let t = lo(tiles, tid, nth); t < lo(tiles, tid + 1, nth); t++)
    tileStats(X, t * TILE, min(rows, (t + 1) * TILE), cols, part + <usize>(t * 2 * cols) * 4);
}

/** out = X * scale[c] + shift[c] (any cols). */
export function scaleShift(tid: i32, nth: i32, rows: i32, cols: i32, X: usize, scale: usize, shift: usize, out: usize): void {
  const cv = cols & ~3;
  for (let r = lo(rows, tid, nth); r < lo(rows, tid + 1, nth); r++) {
    const ro = <usize>r * <usize>cols * 4;
    for (let c = 0; c < cv; c += 4) {
      const o = <usize>c * 4;
      v128.store(out + ro + o, fma(v128.load(X + ro + o), v128.load(scale + o), v128.load(shift + o)));
    }
    for (let c = cv; c < cols; c++) {
      const o = <usize>c * 4;
      store<f32>(out + ro + o, load<f32>(X + ro + o) * load<f32>(scale + o) + load<f32>(shift + o));
    }
  }
}

/** Per-tile sums of dY and dY * xhat, xhat = (X - mean) * inv (cols multiple of 4). */
export function bnBackwardSums(tid: i32, nth: i32, rows: i32, cols: i32, X: usize, dY: usize, mean: usize, inv: usize, part: usize): void {
  const tiles = (rows + TILE - 1) / TILE;
  for (let t = lo(tiles, tid, nth); t < lo(tiles, tid + 1, nth); t++) {
    const r0 = t * TILE;
    const r1 = min(rows, r0 + TILE);
    const p = part + <usize>(t * 2 * cols) * 4;
    for (let c = 0; c < cols; c += 4) {
      const o = <usize>c * 4;
      const m = v128.load(mean + o);
      const iv = v128.load(inv + o);
      let s = splat(0);
      let q = splat(0);
      for (let r = r0; r < r1; r++) {
        const ro = <usize>r * <usize>cols * 4 + o;
        const dy = v128.load(dY + ro);
        s = f32x4.add(s, dy);
        q = fma(dy, f32x4.mul(f32x4.sub(v128.load(X + ro), m), iv), q);
      }
      v128.store(p + o, s);
      v128.store(p + <usize>cols * 4 + o, q);
    }
  }
}

/** dX (+)= k (dY - mdy - xhat mdyx), k = gamma inv, xhat = (X - mean) inv. dX may alias dY when acc = 0. */
export function bnBackwardApply(tid: i32, nth: i32, rows: i32, cols: i32, X: usize, dY: usize, mean: usize, inv: usize, k: usize, mdy: usize, mdyx: usize, dX: usize, acc: i32): void {
  for (let r = lo(rows, tid, nth); r < lo(rows, tid + 1, nth); r++) {
    const ro = <usize>r * <usize>cols * 4;
    for (let c = 0; c < cols; c += 4) {
      const o = <usize>c * 4;
      const xh = f32x4.mul(f32x4.sub(v128.load(X + ro + o), v128.load(mean + o)), v128.load(inv + o));
      const t = f32x4.sub(f32x4.sub(v128.load(dY + ro + o), v128.load(mdy + o)), f32x4.mul(xh, v128.load(mdyx + o)));
      const g = f32x4.mul(v128.load(k + o), t);
      v128.store(dX + ro + o, acc != 0 ? f32x4.add(v128.load(dX + ro + o), g) : g);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// segment sums

/** out[s] (+)= sum of X rows offsets[s] .. offsets[s+1]-1 (cols multiple of 4). */
export function segSum(tid: i32, nth: i32, S: i32, cols: i32, offsets: usize, X: usize, out: usize, acc: i32): void {
  for (let s = lo(S, tid, nth); s < lo(S, tid + 1, nth); s++) {
    const e0 = load<i32>(offsets + <usize>s * 4);
    const e1 = load<i32>(offsets + <usize>(s + 1) * 4);
    const oo = out + <usize>s * <usize>cols * 4;
    for (let c = 0; c < cols; c += 4) {
      let v = acc != 0 ? v128.load(oo + <usize>c * 4) : splat(0);
      for (let e = e0; e < e1; e++) v = f32x4.add(v, v128.load(X + (<usize>e * <usize>cols + <usize>c) * 4));
      v128.store(oo + <usize>c * 4, v);
    }
  }
}

/** out[s] (+)= sum of X rows idx[k] for k in offsets[s] .. offsets[s+1]-1 (cols multiple of 4). */
export function segSumIdx(tid: i32, nth: i32, S: i32, cols: i32, offsets: usize, idx: usize, X: usize, out: usize, acc: i32): void {
  const rowB = <usize>cols * 4;
  for (let s = lo(S, tid, nth); s < lo(S, tid + 1, nth); s++) {
    const e0 = load<i32>(offsets + <usize>s * 4);
    const e1 = load<i32>(offsets + <usize>(s + 1) * 4);
    const oo = out + <usize>s * rowB;
    if (acc == 0) memory.fill(oo, 0, rowB);
    // Row by row (each gathered row read front to back); the sums stay in the output row (in L1). Four
    // rows per pass so that their cache misses overlap; the additions keep the row order.
    let k = e0;
    for (; k + 4 <= e1; k += 4) {
      const x0 = X + <usize>load<i32>(idx + <usize>k * 4) * rowB;
      const x1 = X + <usize>load<i32>(idx + <usize>k * 4, 4) * rowB;
      const x2 = X + <usize>load<i32>(idx + <usize>k * 4, 8) * rowB;
      const x3 = X + <usize>load<i32>(idx + <usize>k * 4, 12) * rowB;
      for (let o: usize = 0; o < rowB; o += 16) {
        const a = f32x4.add(f32x4.add(v128.load(oo + o), v128.load(x0 + o)), v128.load(x1 + o));
        v128.store(oo + o, f32x4.add(f32x4.add(a, v128.load(x2 + o)), v128.load(x3 + o)));
      }
    }
    for (; k < e1; k++) {
      const x = X + <usize>load<i32>(idx + <usize>k * 4) * rowB;
      for (let o: usize = 0; o < rowB; o += 16) v128.store(oo + o, f32x4.add(v128.load(oo + o), v128.load(x + o)));
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// fused CGCNN convolution (F a multiple of 4)
//
// Work is split into tiles taken from a shared counter (`ctr`, reset to 0 by the engine before every run),
// so a thread that the OS deschedules does not hold the others back. Every output is written per tile (or
// per atom) in a fixed order, so the results do not depend on which thread took which tile.

@inline function takeTile(ctr: usize): i32 {
  if (ASC_FEATURE_THREADS) return atomic.add<i32>(ctr, 1);
  const t = load<i32>(ctr);
  store<i32>(ctr, t + 1);
  return t;
}

const ETILE = 384;
/** Atoms per tile of the gate passes (about 384 edges at 12 neighbours). */
const ATILE = 32;

/**
 * G[e] = P[center e] + Q[nbr e] + u[e] Wc^T for tiles of ETILE edges, with per-tile column statistics of
 * G into part (tile t at part + t * 2 * 2F floats: column sums, then M2 about the tile mean). WcP: Wc^T
 * packed by packB (K = B, N = 2F).
 */
export function cgForwardEdges(tid: i32, nth: i32, E: i32, F2: i32, B: i32, u: usize, WcP: usize, P: usize, Q: usize, centers: usize, nbr: usize, G: usize, part: usize, scratch: usize, scratchStride: i32, ctr: usize): void {
  const apk = scratch + <usize>tid * <usize>scratchStride;
  const tiles = (E + ETILE - 1) / ETILE;
  for (let t = takeTile(ctr); t < tiles; t = takeTile(ctr)) {
    const e0 = t * ETILE;
    const e1 = min(E, e0 + ETILE);
    // Full 6-edge panels gather P + Q into the micro-kernel's accumulators and merge their column
    // statistics as they leave it; the tail rows (rowEdges, same arithmetic) are merged one by one.
    const full = B > 0 ? e0 + ((e1 - e0) / MR) * MR : e0;
    const st = part + <usize>(t * 2 * F2) * 4; // running [mean | M2], then [sum | M2]
    const rowB = <usize>F2 * 4;
    memory.fill(st, 0, 2 * rowB);
    let n: f32 = 0;
    for (let ir = e0; ir < full; ir += MR) {
      const band = edgeBand(u, B, ir, MR);
      const k0 = band & 0xffff;
      const kc = (band >>> 16) - k0;
      packA6Flush(u + <usize>k0 * 4, B, ir, kc, apk, BAND_MIN);
      const w: f32 = 6 / (n + 6);
      const wn: f32 = w * n;
      for (let jr = 0; jr < F2; jr += NR) microEdges(apk, WcP + <usize>((jr * B + k0 * NR) * 4), kc, P, Q, centers, nbr, ir, jr, F2, G, st, w, wn);
      n += 6;
    }
    for (let e = full; e < e1; e++) rowEdges(u, B, WcP, P, Q, centers, nbr, e, F2, G);
    for (let e = full; e < e1; e++) {
      const w: f32 = 1 / (n + 1);
      const wn: f32 = w * n;
      const g = G + <usize>e * rowB;
      for (let o: usize = 0; o < rowB; o += 16) mergeStats(st + o, rowB, v128.load(g + o), splat(0), w, wn);
      n += 1;
    }
    // [mean | M2] -> [sum | M2] as combineStats in wasm-cgcnn.ts reads them.
    const nv = splat(n);
    for (let o: usize = 0; o < rowB; o += 16) v128.store(st + o, f32x4.mul(v128.load(st + o), nv));
  }
}

export function cgEdgeTile(): i32 {
  return ETILE;
}

export function cgAtomTile(): i32 {
  return ATILE;
}

/** Single-threaded packB entry (for pre-packing a weight). */
export function packBPanels(K: i32, N: i32, B: usize, ldb: i32, tB: i32, dst: usize): void {
  packB(B, ldb, tB, 0, K, 0, N, dst);
}

/**
 * S[i] = Σ_{e of i} sigmoid(f) softplus(c), [f | c] = G[e] * sc + sh (BN1 as scale and shift). When
 * A != 0 it also keeps A[e] = [sigmoid(f) | softplus(c)] (E x 2F) for the backward pass.
 */
export function cgForwardGate(tid: i32, nth: i32, N: i32, F: i32, offsets: usize, G: usize, sc: usize, sh: usize, S: usize, A: usize, ctr: usize): void {
  const F2 = F * 2;
  const rowB = <usize>F2 * 4;
  const fB = <usize>F * 4;
  const tiles = (N + ATILE - 1) / ATILE;
  for (let t = takeTile(ctr); t < tiles; t = takeTile(ctr)) {
    const i1 = min(N, (t + 1) * ATILE);
    for (let i = t * ATILE; i < i1; i++) {
      const e0 = load<i32>(offsets + <usize>i * 4);
      const e1 = load<i32>(offsets + <usize>(i + 1) * 4);
      const so = S + <usize>i * fB;
      memory.fill(so, 0, fB);
      // Edge by edge, each row read once front to back; the atom's sums stay in its S row (in L1).
      for (let e = e0; e < e1; e++) {
        const g = G + <usize>e * rowB;
        const a = A + <usize>e * rowB;
        for (let o: usize = 0; o < fB; o += 16) {
          const f = fma(v128.load(g + o), v128.load(sc + o), v128.load(sh + o));
          const c = fma(v128.load(g + o + fB), v128.load(sc + o + fB), v128.load(sh + o + fB));
          const sg = sigmoidv(f);
          const sp = softplusFromT(c, expNegAbs(c));
          if (A != 0) {
            v128.store(a + o, sg);
            v128.store(a + o + fB, sp);
          }
          v128.store(so + o, fma(sg, sp, v128.load(so + o)));
        }
      }
    }
  }
}

/**
 * Inference forward (BN1 statistics known, nothing kept for backward): per tile of ATILE atoms, blocks of
 * at most eb edges are made in thread scratch exactly as cgForwardEdges makes G (edge micro-kernel), then
 * gated as cgForwardGate does, so S is the same bit for bit while the E x 2F edge values never reach
 * memory. scratch per thread: packed A, a spare statistics row pair, then eb rows of 2F floats.
 * wts (0: none): a float32 weight per edge, its multiplicity in the neighbour sum.
 */
export function cgForwardFused(tid: i32, nth: i32, N: i32, F: i32, B: i32, offsets: usize, centers: usize, nbr: usize, u: usize, WcP: usize, P: usize, Q: usize, sc: usize, sh: usize, S: usize, wts: usize, eb: i32, scratch: usize, scratchStride: i32, ctr: usize): void {
  const F2 = F * 2;
  const rowB = <usize>F2 * 4;
  const fB = <usize>F * 4;
  const apk = scratch + <usize>tid * <usize>scratchStride;
  const tmp = apk + <usize>(MR * (B + 4) * 4);
  const st = tmp + 256;
  const Gs = st + 2 * rowB;
  const tiles = (N + ATILE - 1) / ATILE;
  for (let t = takeTile(ctr); t < tiles; t = takeTile(ctr)) {
    const a0 = t * ATILE;
    const a1 = min(N, a0 + ATILE);
    const e0 = load<i32>(offsets + <usize>a0 * 4);
    const e1 = load<i32>(offsets + <usize>a1 * 4);
    memory.fill(S + <usize>a0 * fB, 0, <usize>(a1 - a0) * fB);
    let atom = a0;
    let atomEnd = load<i32>(offsets + <usize>(a0 + 1) * 4);
    for (let b0 = e0; b0 < e1; b0 += eb) {
      const b1 = min(e1, b0 + eb);
      const Gb = Gs - <usize>b0 * rowB; // row e of the block at Gb + e * rowB (address arithmetic wraps)
      const full = B > 0 ? b0 + ((b1 - b0) / MR) * MR : b0;
      for (let ir = b0; ir < full; ir += MR) {
        const band = edgeBand(u, B, ir, MR);
        const k0 = band & 0xffff;
        const kc = (band >>> 16) - k0;
        packA6Flush(u + <usize>k0 * 4, B, ir, kc, apk, BAND_MIN);
        for (let jr = 0; jr < F2; jr += NR) microEdges(apk, WcP + <usize>((jr * B + k0 * NR) * 4), kc, P, Q, centers, nbr, ir, jr, F2, Gb, st, 1, 0);
      }
      for (let e = full; e < b1; e++) rowEdges(u, B, WcP, P, Q, centers, nbr, e, F2, Gb);
      for (let e = b0; e < b1; e++) {
        while (e >= atomEnd) {
          atom++;
          atomEnd = load<i32>(offsets + <usize>(atom + 1) * 4);
        }
        const g = Gb + <usize>e * rowB;
        const so = S + <usize>atom * fB;
        // The edge's weight (identical edges folded into one) scales sigmoid(f); without weights it is 1, and
        // x * 1 = x exactly, so S is bit for bit that of cgForwardGate.
        const we = splat(wts != 0 ? load<f32>(wts + <usize>e * 4) : 1);
        for (let o: usize = 0; o < fB; o += 16) {
          const f = fma(v128.load(g + o), v128.load(sc + o), v128.load(sh + o));
          const c = fma(v128.load(g + o + fB), v128.load(sc + o + fB), v128.load(sh + o + fB));
          v128.store(so + o, fma(f32x4.mul(we, sigmoidv(f)), softplusFromT(c, expNegAbs(c)), v128.load(so + o)));
        }
      }
    }
  }
}

/** Y = v + S * sc + sh; out = softplus(Y). (n = N F, multiple of 4 not required: F is.) */
export function cgForwardOut(tid: i32, nth: i32, N: i32, F: i32, v: usize, S: usize, sc: usize, sh: usize, Y: usize, out: usize): void {
  for (let i = lo(N, tid, nth); i < lo(N, tid + 1, nth); i++) {
    const ro = <usize>i * <usize>F * 4;
    for (let k = 0; k < F; k += 4) {
      const o = <usize>k * 4;
      const y = f32x4.add(v128.load(v + ro + o), fma(v128.load(S + ro + o), v128.load(sc + o), v128.load(sh + o)));
      v128.store(Y + ro + o, y);
      v128.store(out + ro + o, softplusFromT(y, expNegAbs(y)));
    }
  }
}

/** dY = dOut * sigmoid(Y); dv += dY (when dv != 0). */
export function cgBackwardOut(tid: i32, nth: i32, N: i32, F: i32, dOut: usize, Y: usize, dY: usize, dv: usize): void {
  for (let i = lo(N, tid, nth); i < lo(N, tid + 1, nth); i++) {
    const ro = <usize>i * <usize>F * 4;
    for (let k = 0; k < F; k += 4) {
      const o = ro + <usize>k * 4;
      const y = v128.load(Y + o);
      const d = f32x4.mul(v128.load(dOut + o), sigmoidFromT(y, expNegAbs(y)));
      v128.store(dY + o, d);
      if (dv != 0) v128.store(dv + o, f32x4.add(v128.load(dv + o), d));
    }
  }
}

/**
 * Gate backward over tiles of ATILE atoms: D[e] = dH = [ds sp (1 - sg) sg | ds sg sigmoid(c)] with ds =
 * dS[center e] and [sg | sp] = A[e] from the forward pass; sigmoid(c) = 1 - exp(-softplus(c)) = -expm1(-sp).
 * Per-tile sums of dH and dH * xhat (xhat = (G - mean) inv) into part (2 * 2F floats per tile).
 */
export function cgBackwardGate(tid: i32, nth: i32, N: i32, F: i32, offsets: usize, G: usize, A: usize, mean: usize, inv: usize, dS: usize, D: usize, part: usize, ctr: usize): void {
  const F2 = F * 2;
  const rowB = <usize>F2 * 4;
  const fB = <usize>F * 4;
  const tiles = (N + ATILE - 1) / ATILE;
  for (let t = takeTile(ctr); t < tiles; t = takeTile(ctr)) {
    const p = part + <usize>(t * 2 * F2) * 4;
    const q = p + rowB;
    memory.fill(p, 0, 2 * rowB);
    const i1 = min(N, (t + 1) * ATILE);
    for (let i = t * ATILE; i < i1; i++) {
      const e0 = load<i32>(offsets + <usize>i * 4);
      const e1 = load<i32>(offsets + <usize>(i + 1) * 4);
      const dsRow = dS + <usize>i * fB;
      // Edge by edge, rows front to back; the tile's sums stay in part (in L1).
      for (let e = e0; e < e1; e++) {
        const ro = <usize>e * rowB;
        const a = A + ro;
        const g = G + ro;
        const d = D + ro;
        for (let o: usize = 0; o < fB; o += 16) {
          const oc = o + fB;
          const sg = v128.load(a + o);
          const sp = v128.load(a + oc);
          const sgc = f32x4.neg(expm1v(f32x4.neg(sp)));
          const dsf = f32x4.mul(v128.load(dsRow + o), sg);
          const dhf = f32x4.mul(f32x4.mul(dsf, sp), f32x4.sub(kc(K_ONE), sg));
          const dhc = f32x4.mul(dsf, sgc);
          v128.store(d + o, dhf);
          v128.store(d + oc, dhc);
          v128.store(p + o, f32x4.add(v128.load(p + o), dhf));
          v128.store(p + oc, f32x4.add(v128.load(p + oc), dhc));
          const xf = f32x4.mul(f32x4.sub(v128.load(g + o), v128.load(mean + o)), v128.load(inv + o));
          const xc = f32x4.mul(f32x4.sub(v128.load(g + oc), v128.load(mean + oc)), v128.load(inv + oc));
          v128.store(q + o, fma(dhf, xf, v128.load(q + o)));
          v128.store(q + oc, fma(dhc, xc, v128.load(q + oc)));
        }
      }
    }
  }
}

/**
 * BN1 backward applied in place over tiles of ATILE atoms, fused with the sum by centre atom:
 * D[e] := k (D[e] - mdy - xhat mdyx), xhat = (G[e] - mean) inv; dP[i] = Σ_{e of i} D[e] (cols = 2F).
 */
export function cgBackwardApply(tid: i32, nth: i32, N: i32, cols: i32, offsets: usize, G: usize, D: usize, mean: usize, inv: usize, k: usize, mdy: usize, mdyx: usize, dP: usize, ctr: usize): void {
  const rowB = <usize>cols * 4;
  const tiles = (N + ATILE - 1) / ATILE;
  for (let t = takeTile(ctr); t < tiles; t = takeTile(ctr)) {
    const i1 = min(N, (t + 1) * ATILE);
    for (let i = t * ATILE; i < i1; i++) {
      const e0 = load<i32>(offsets + <usize>i * 4);
      const e1 = load<i32>(offsets + <usize>(i + 1) * 4);
      const po = dP + <usize>i * rowB;
      memory.fill(po, 0, rowB);
      for (let e = e0; e < e1; e++) {
        const g = G + <usize>e * rowB;
        const d = D + <usize>e * rowB;
        for (let o: usize = 0; o < rowB; o += 16) {
          const xh = f32x4.mul(f32x4.sub(v128.load(g + o), v128.load(mean + o)), v128.load(inv + o));
          const r = f32x4.mul(v128.load(k + o), f32x4.sub(f32x4.sub(v128.load(d + o), v128.load(mdy + o)), f32x4.mul(xh, v128.load(mdyx + o))));
          v128.store(d + o, r);
          v128.store(po + o, f32x4.add(v128.load(po + o), r));
        }
      }
    }
  }
}

/**
 * BN1 backward apply fused with the weight gradient of the edge features, over chunks of whole atoms
 * (chunk c: atoms chunkAtoms[c] .. chunkAtoms[c+1]-1). Each edge row D[e] := k (D[e] - mdy - xhat mdyx),
 * xhat = (G[e] - mean) inv, is packed for the GEMM as it is made, summed into dP[center e] (edge order, as
 * cgBackwardApply) and written back for the neighbour sums; Cparts[c] = u[chunk]^T dG[chunk] (B x 2F),
 * u packed with EDGE_FLUSH. A chunk owns its atoms' dP rows, so no two threads touch the same output.
 * Needs F2 a multiple of 8 and at most NC.
 */
export function cgBackwardApplyDW(tid: i32, nth: i32, F2: i32, B: i32, chunkAtoms: usize, nChunks: i32, offsets: usize, G: usize, D: usize, mean: usize, inv: usize, k: usize, mdy: usize, mdyx: usize, dP: usize, u: usize, Cparts: usize, scratch: usize, scratchStride: i32, ctr: usize): void {
  const sc = scratch + <usize>tid * <usize>scratchStride;
  const bp = sc;
  const apk = sc + <usize>(KC * NC * 4);
  const tmp = apk + <usize>(MR * KC * 4);
  const rowB = <usize>F2 * 4;
  for (let c = takeTile(ctr); c < nChunks; c = takeTile(ctr)) {
    const a0 = load<i32>(chunkAtoms + <usize>c * 4);
    const a1 = load<i32>(chunkAtoms + <usize>(c + 1) * 4);
    const e0 = load<i32>(offsets + <usize>a0 * 4);
    const e1 = load<i32>(offsets + <usize>a1 * 4);
    const C = Cparts + <usize>c * <usize>B * rowB;
    memory.fill(dP + <usize>a0 * rowB, 0, <usize>(a1 - a0) * rowB);
    if (e0 == e1) {
      memory.fill(C, 0, <usize>B * rowB);
      continue;
    }
    let atom = a0;
    let atomEnd = load<i32>(offsets + <usize>(a0 + 1) * 4);
    for (let pc = e0; pc < e1; pc += KC) {
      const kc = min(KC, e1 - pc);
      const panelB = <usize>(kc * NR * 4);
      for (let r = 0; r < kc; r++) {
        const e = pc + r;
        while (e >= atomEnd) {
          atom++;
          atomEnd = load<i32>(offsets + <usize>(atom + 1) * 4);
        }
        const g = G + <usize>e * rowB;
        const d = D + <usize>e * rowB;
        const po = dP + <usize>atom * rowB;
        const dst = bp + <usize>(r * NR * 4);
        for (let o: usize = 0; o < rowB; o += 16) {
          const xh = f32x4.mul(f32x4.sub(v128.load(g + o), v128.load(mean + o)), v128.load(inv + o));
          const val = f32x4.mul(v128.load(k + o), f32x4.sub(f32x4.sub(v128.load(d + o), v128.load(mdy + o)), f32x4.mul(xh, v128.load(mdyx + o))));
          v128.store(d + o, val);
          v128.store(po + o, f32x4.add(v128.load(po + o), val));
          // column j = o / 4 goes to panel j / 8 at lane j % 8
          v128.store(dst + (o >> 5) * panelB + (o & 31), val);
        }
      }
      const bt: f32 = pc == e0 ? 0 : 1;
      for (let ir = 0; ir < B; ir += MR) {
        const mr = min(MR, B - ir);
        packA(u, B, 1, ir, mr, pc, kc, apk, 1);
        for (let jr = 0; jr < F2; jr += NR) micro(apk, bp + <usize>jr * <usize>(kc * 4), kc, C + (<usize>ir * <usize>F2 + <usize>jr) * 4, F2, mr, NR, bt, tmp);
      }
    }
  }
}

/**
 * Split-K GEMM with a fixed chunking: chunk c of kChunk rows of K writes its own
 * Cparts[c] = op(A)[:, chunk] op(B)[chunk, :] (M x N, beta 0); the caller sums the parts in order. Chunks
 * are taken from the shared counter; the result does not depend on the thread count, and no thread packs
 * another thread's data (for tall-skinny products such as weight gradients over all edges). flushA: pack
 * op(A) with EDGE_FLUSH (A = edge features).
 */
export function gemmSplitK(tid: i32, nth: i32, M: i32, N: i32, K: i32, kChunk: i32, A: usize, lda: i32, tA: i32, B: usize, ldb: i32, tB: i32, Cparts: usize, scratch: usize, scratchStride: i32, ctr: usize, flushA: i32): void {
  const chunks = (K + kChunk - 1) / kChunk;
  const sc = scratch + <usize>tid * <usize>scratchStride;
  for (let c = takeTile(ctr); c < chunks; c = takeTile(ctr)) {
    const k0 = c * kChunk;
    const kc = min(kChunk, K - k0);
    const a = tA != 0 ? A + <usize>k0 * <usize>lda * 4 : A + <usize>k0 * 4;
    const b = tB != 0 ? B + <usize>k0 * 4 : B + <usize>k0 * <usize>ldb * 4;
    gemmRows(0, M, N, kc, a, lda, tA, b, ldb, tB, Cparts + <usize>c * <usize>M * <usize>N * 4, N, 0, sc, flushA);
  }
}

/** y = f(x) for the vector math functions (tests compare them with float64 truth): 0 exp, 1 expm1,
 * 2 log1p (x in [0, 1]), 3 sigmoid (1 / (1 + exp(-x))), 4 softplus, 5 log. n a multiple of 4. */
export function vecMath(kind: i32, n: i32, x: usize, y: usize): void {
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i * 4;
    const v = v128.load(x + o);
    let r = v;
    if (kind == 0) r = expv(v);
    else if (kind == 1) r = expm1v(v);
    else if (kind == 2) r = log1p01(v);
    else if (kind == 3) r = sigmoidv(v);
    else if (kind == 4) r = softplusFromT(v, expNegAbs(v));
    else if (kind == 5) r = logv(v);
    v128.store(y + o, r);
  }
}


/** out[e] = X[center e] + Y[nbr e] for rows of width cols (used by tests of the gather path). */
export function gatherAdd(tid: i32, nth: i32, E: i32, cols: i32, centers: usize, nbr: usize, X: usize, Y: usize, out: usize): void {
  for (let e = lo(E, tid, nth); e < lo(E, tid + 1, nth); e++) {
    const xi = X + <usize>load<i32>(centers + <usize>e * 4) * <usize>cols * 4;
    const yj = Y + <usize>load<i32>(nbr + <usize>e * 4) * <usize>cols * 4;
    const o = out + <usize>e * <usize>cols * 4;
    for (let c = 0; c < cols; c += 4) v128.store(o + <usize>c * 4, f32x4.add(v128.load(xi + <usize>c * 4), v128.load(yj + <usize>c * 4)));
  }
}
