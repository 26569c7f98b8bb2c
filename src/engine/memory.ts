/**
 * Buffer storage for tensors. Float64 buffers and (before the kernels are loaded) float32 buffers are plain
 * typed arrays in the JS heap. Once a WebAssembly memory is attached, float32 buffers are carved out of it by
 * a best-fit allocator with coalescing free lists (64-byte aligned blocks, segregated by size class), so
 * the kernels read and write tensors in place.
 *
 * Views: a SharedArrayBuffer that grows keeps old views valid for their range; a non-shared buffer is
 * detached on growth, so every view is re-created when the memory `epoch` changes (Storage.array does it).
 */
import type { DType, FloatArray } from './tensor.js';

export interface Storage<D extends FloatArray = FloatArray> {
  readonly array: D;
  /** Byte offset in the engine memory; -1 for JS-heap storage. */
  readonly ptr: number;
  readonly length: number;
  free(): void;
}

class HeapStorage<D extends FloatArray> implements Storage<D> {
  readonly ptr = -1;
  constructor(readonly array: D) {}
  get length(): number {
    return this.array.length;
  }
  free(): void {}
}

const ALIGN = 64;
const PAGE = 65536;

/** Allocator over a WebAssembly.Memory. Offsets are bytes. */
export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  /** Incremented whenever the memory grows (views must be refreshed for non-shared memory). */
  epoch = 0;
  private top: number;
  private readonly base: number;
  /** free blocks: start -> size, end -> start; bins[k] holds starts of blocks with size in [2^k, 2^(k+1)). */
  private readonly freeBySt = new Map<number, number>();
  private readonly freeByEnd = new Map<number, number>();
  private readonly bins: Set<number>[] = [];
  bytesInUse = 0;
  peakBytes = 0;
  blocksInUse = 0;
  private f32: Float32Array;

  constructor(memory: WebAssembly.Memory, heapBase: number) {
    this.memory = memory;
    this.shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    this.base = Math.ceil(heapBase / ALIGN) * ALIGN;
    this.top = this.base;
    for (let k = 0; k < 33; k++) this.bins.push(new Set());
    this.f32 = new Float32Array(memory.buffer);
  }

  /** Float32 view of the whole memory (refreshed after growth). */
  get heapF32(): Float32Array {
    if (this.f32.buffer !== this.memory.buffer) this.f32 = new Float32Array(this.memory.buffer);
    return this.f32;
  }

  get capacityBytes(): number {
    return this.memory.buffer.byteLength;
  }

  private static bin(size: number): number {
    return 31 - Math.clz32(size);
  }

  private addFree(start: number, size: number): void {
    this.freeBySt.set(start, size);
    this.freeByEnd.set(start + size, start);
    this.bins[WasmHeap.bin(size)].add(start);
  }

  private removeFree(start: number, size: number): void {
    this.freeBySt.delete(start);
    this.freeByEnd.delete(start + size);
    this.bins[WasmHeap.bin(size)].delete(start);
  }

  /** Allocates `bytes` (rounded up to 64) and returns the offset. */
  alloc(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let best = -1;
    let bestSize = Infinity;
    for (let k = WasmHeap.bin(size); k < this.bins.length && best < 0; k++) {
      for (const st of this.bins[k]) {
        const s = this.freeBySt.get(st)!;
        if (s >= size && s < bestSize) {
          best = st;
          bestSize = s;
          if (s === size) break;
        }
      }
    }
    let ptr: number;
    if (best >= 0) {
      this.removeFree(best, bestSize);
      if (bestSize > size) this.addFree(best + size, bestSize - size);
      ptr = best;
    } else {
      // Extend the top, merging a free block that ends at the top.
      const lastStart = this.freeByEnd.get(this.top);
      if (lastStart !== undefined) {
        this.removeFree(lastStart, this.top - lastStart);
        this.top = lastStart;
      }
      ptr = this.top;
      this.ensure(ptr + size);
      this.top = ptr + size;
    }
    this.bytesInUse += size;
    this.blocksInUse++;
    if (this.bytesInUse > this.peakBytes) this.peakBytes = this.bytesInUse;
    sizes.set(ptr, size);
    return ptr;
  }

  free(ptr: number): void {
    const size = sizes.get(ptr);
    if (size === undefined) throw new Error(`WasmHeap.free: ${ptr} is not allocated`);
    sizes.delete(ptr);
    this.bytesInUse -= size;
    this.blocksInUse--;
    let start = ptr;
    let len = size;
    const prev = this.freeByEnd.get(start);
    if (prev !== undefined) {
      const ps = this.freeBySt.get(prev)!;
      this.removeFree(prev, ps);
      start = prev;
      len += ps;
    }
    const nextSize = this.freeBySt.get(start + len);
    if (nextSize !== undefined) {
      this.removeFree(start + len, nextSize);
      len += nextSize;
    }
    if (start + len === this.top) this.top = start;
    else this.addFree(start, len);
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const pages = Math.ceil((end - have) / PAGE);
    // Grow by at least 1/4 of the current size to limit the number of growths.
    const extra = Math.max(pages, Math.ceil(have / PAGE / 4));
    try {
      this.memory.grow(extra);
    } catch {
      this.memory.grow(pages);
    }
    this.epoch++;
  }
}

// Block sizes by offset (module-level so that free() needs only the pointer).
const sizes = new Map<number, number>();

class WasmStorage implements Storage<Float32Array> {
  private view: Float32Array;
  private epoch: number;
  private freed = false;
  constructor(
    private readonly heap: WasmHeap,
    readonly ptr: number,
    readonly length: number,
  ) {
    this.view = new Float32Array(heap.memory.buffer, ptr, length);
    this.epoch = heap.epoch;
  }
  get array(): Float32Array {
    if (this.epoch !== this.heap.epoch && !this.heap.shared) {
      this.view = new Float32Array(this.heap.memory.buffer, this.ptr, this.length);
      this.epoch = this.heap.epoch;
    }
    return this.view;
  }
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.heap.free(this.ptr);
  }
}

/** A non-owning alias of another storage (free() does nothing). */
export function aliasStorage<D extends FloatArray>(s: Storage<D>): Storage<D> {
  return {
    get array() {
      return s.array;
    },
    ptr: s.ptr,
    length: s.length,
    free() {},
  };
}

let heap: WasmHeap | null = null;

/** Attaches (or detaches, with null) the engine memory for float32 allocations. */
export function attachHeap(h: WasmHeap | null): void {
  heap = h;
}

export function currentHeap(): WasmHeap | null {
  return heap;
}

let jsBytes = 0;

/** Allocates storage for `n` elements of `dtype`. Contents are zero for JS-heap storage, unspecified otherwise. */
export function allocStorage(dtype: DType, n: number): Storage {
  if (dtype === 'float64') return new HeapStorage(new Float64Array(n));
  if (heap !== null) return new WasmStorage(heap, heap.alloc(Math.max(4, n * 4)), n);
  jsBytes += n * 4;
  return new HeapStorage(new Float32Array(n));
}

/** Memory statistics of the engine heap (bytes). */
export function memoryStats(): { bytesInUse: number; peakBytes: number; blocks: number; capacity: number } {
  if (heap === null) return { bytesInUse: 0, peakBytes: 0, blocks: 0, capacity: jsBytes };
  return {
    bytesInUse: heap.bytesInUse,
    peakBytes: heap.peakBytes,
    blocks: heap.blocksInUse,
    capacity: heap.capacityBytes,
  };
}

/** Resets the peak counter to the current use (for benchmarks). */
export function resetPeakMemory(): void {
  if (heap) heap.peakBytes = heap.bytesInUse;
}
