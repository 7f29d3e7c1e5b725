/**
 * The BLAKE2s WebAssembly kernel (`wasm/blake2s.wat`): whole Merkle layers hashed four nodes at a time in
 * the lanes of v128 (scalar path for the remainder), proof-of-work grinding four nonces at a time, and a
 * scalar compression for tests. Every entry point takes byte offsets into the kernel's memory plus a count,
 * so a layer or a nonce range can be split across worker threads sharing that memory.
 * @module
 */

import { WASM_BASE64 } from './wasm/blake2s.wat.gen.js';
import { compileModule, defaultHeap, instantiate, WasmHeap } from '../wasm/runtime.js';

/** An instantiated BLAKE2s kernel bound to one memory and its allocator. */
export interface Blake2sWasm {
  /** The memory the kernel reads and writes (shared where the platform allows). */
  readonly memory: WebAssembly.Memory;
  /** Allocator for that memory; allocate inputs and outputs with it. */
  readonly heap: WasmHeap;
  /** The compiled module (exports `hash_layer`, `compress`, `grind`), for running it on kernel threads. */
  readonly module: WebAssembly.Module;
  /** `h` (8 words at `hPtr`) ← F(h, 16 words at `mPtr`, t = (t0, t1), f = (f0, f1)). */
  compress(hPtr: number, mPtr: number, t0: number, t1: number, f0: number, f1: number): void;
  /**
   * For node i < count: the 8 words at `outPtr + 32i` ← Stwo node hash of (children = the 16 words at
   * `prevPtr + 64i` if `hasPrev`, values = word i of each of the `nCols` columns whose byte offsets are the
   * u32s at `colTablePtr`). Output must not overlap the inputs.
   */
  hashLayer(outPtr: number, prevPtr: number, hasPrev: boolean, colTablePtr: number, nCols: number, count: number): void;
  /**
   * Least j < count such that F(h at `hPtr`, [lo + j, hi, 0, …], t = f = 0) has `word_k & mask_k = 0` for
   * its first four words, or -1. Requires lo + count ≤ 2^32.
   */
  grind(
    hPtr: number,
    lo: number,
    hi: number,
    count: number,
    mask0: number,
    mask1: number,
    mask2: number,
    mask3: number,
  ): number;
}

interface RawExports {
  compress(hp: number, mp: number, t0: number, t1: number, f0: number, f1: number): void;
  hash_layer(out: number, prev: number, hasPrev: number, cols: number, nCols: number, count: number): void;
  grind(hp: number, lo: number, hi: number, count: number, k0: number, k1: number, k2: number, k3: number): number;
}

/**
 * Instantiates the kernel. With no arguments it gets a memory of its own; to share one memory with other
 * kernels (so their outputs can be hashed without copying), pass that memory and the one allocator that
 * manages it.
 */
export function createBlake2sWasm(memory?: WebAssembly.Memory, heap?: WasmHeap): Blake2sWasm {
  if ((memory === undefined) !== (heap === undefined)) {
    throw new TypeError('createBlake2sWasm: pass both memory and heap, or neither');
  }
  const hp = heap ?? (memory ? new WasmHeap(memory) : defaultHeap());
  const mem = hp.memory;
  const raw = instantiate(WASM_BASE64, mem) as unknown as RawExports;
  return Object.freeze({
    memory: mem,
    heap: hp,
    module: compileModule(WASM_BASE64),
    compress: (hPtr: number, mPtr: number, t0: number, t1: number, f0: number, f1: number) =>
      raw.compress(hPtr, mPtr, t0 | 0, t1 | 0, f0 | 0, f1 | 0),
    hashLayer: (outPtr: number, prevPtr: number, hasPrev: boolean, colTablePtr: number, nCols: number, count: number) =>
      raw.hash_layer(outPtr, prevPtr, hasPrev ? 1 : 0, colTablePtr, nCols, count),
    grind: (hPtr: number, lo: number, hi: number, count: number, m0: number, m1: number, m2: number, m3: number) =>
      raw.grind(hPtr, lo | 0, hi | 0, count, m0 | 0, m1 | 0, m2 | 0, m3 | 0),
  });
}

let defaultKernel: Blake2sWasm | null | undefined;

/**
 * The process-wide default kernel (created on first use, with its own memory), or `null` when this platform
 * cannot run it (no WebAssembly or no SIMD); callers then use the JS path.
 */
export function defaultBlake2sWasm(): Blake2sWasm | null {
  if (defaultKernel === undefined) {
    try {
      defaultKernel = createBlake2sWasm();
    } catch {
      defaultKernel = null;
    }
  }
  return defaultKernel;
}
