/**
 * What the page can use: WebAssembly SIMD (validated on a tiny module), threads (SharedArrayBuffer needs
 * cross-origin isolation: the COOP/COEP headers), and the number of cores. Without threads the engine
 * runs on one thread; without SIMD it falls back to its TypeScript kernels.
 */
export interface RuntimeInfo {
  simd: boolean;
  threads: boolean;
  crossOriginIsolated: boolean;
  cores: number;
}

// (module (func (result v128) v128.const i32x4 0 0 0 0))
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

let cached: RuntimeInfo | null = null;

export function runtimeInfo(): RuntimeInfo {
  if (cached) return cached;
  let simd = false;
  try {
    simd = typeof WebAssembly !== 'undefined' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    simd = false;
  }
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated === true;
  const sab = typeof SharedArrayBuffer !== 'undefined';
  cached = {
    simd,
    threads: isolated && sab,
    crossOriginIsolated: isolated,
    cores: Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1)),
  };
  return cached;
}
