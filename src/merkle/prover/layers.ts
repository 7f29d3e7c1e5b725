/**
 * Building every layer of a mixed-size Merkle tree, layer by layer from the leaves (the layer of the longest
 * columns) to the root, with the BLAKE2s WebAssembly kernel or in plain JS. Each layer is hashed in bulk:
 * one kernel call per layer (or per chunk of rows when its columns are large).
 * @module
 */

import { hashLayerJs, HASH_WORDS } from '../../hash/node.js';
import { defaultBlake2sWasm, type Blake2sWasm } from '../../hash/wasm.js';
import { getKernelPool, type KernelCall } from '../../wasm/threads.js';

/** Which implementation hashes the layers: `auto` takes WebAssembly when the platform runs it. */
export type MerkleBackend = 'auto' | 'wasm' | 'js';

/**
 * Columns per layer: `byLayer[k]` are the columns of length 2^k in commitment order (stable, longest first).
 */
export type ColumnsByLayer = readonly (readonly Uint32Array[])[];

/**
 * Upper bound on column words copied into the kernel's memory per call (4 MiB): a layer of many long columns
 * is hashed in row chunks so scratch memory stays small whatever the number of columns.
 */
const CHUNK_WORDS = 1 << 20;

/**
 * At most this many nodes per kernel call. V8 first runs WebAssembly in its baseline tier (about 4× slower
 * here) and swaps in optimised code only for later calls (a running call is never replaced), so one call per
 * 2^20-node layer would run entirely in the slow tier in a fresh process. Calls of 4096 nodes (~0.2 ms)
 * cost nothing measurable and let tier-up take effect within the first layer.
 */
const MAX_ROWS_PER_CALL = 1 << 12;

/**
 * Returns `layers[k]` (8·2^k words: the hashes of layer k, node i at 8i) for k = 0..maxLogSize.
 * @param byLayer columns grouped by log size (see {@link ColumnsByLayer}); `byLayer.length = maxLogSize + 1`
 */
export function buildLayers(byLayer: ColumnsByLayer, backend: MerkleBackend, kernel?: Blake2sWasm): Uint32Array[] {
  if (backend !== 'js') {
    const k = kernel ?? defaultBlake2sWasm();
    if (k !== null) return buildLayersWasm(byLayer, k);
    if (backend === 'wasm') throw new Error('the BLAKE2s WebAssembly kernel is not available on this platform');
  }
  return buildLayersJs(byLayer);
}

/** Plain-JS layer building (the fallback, and the reference the WebAssembly path is tested against). */
export function buildLayersJs(byLayer: ColumnsByLayer): Uint32Array[] {
  const maxLog = byLayer.length - 1;
  const layers = new Array<Uint32Array>(maxLog + 1);
  for (let k = maxLog; k >= 0; k--) {
    const n = 2 ** k;
    const out = new Uint32Array(HASH_WORDS * n);
    hashLayerJs(out, 0, k < maxLog ? layers[k + 1]! : null, 0, byLayer[k]!, 0, n);
    layers[k] = out;
  }
  return layers;
}

/**
 * WebAssembly layer building. The current and previous layers ping-pong between two buffers in the kernel's
 * memory (layer sizes halve, so the leaf-sized buffer and a half-sized one suffice); column rows are copied
 * in chunk by chunk; each finished layer is copied out to a JS-owned array, so the tree holds no kernel
 * memory and needs no disposal. Scratch memory is released before returning (also on error).
 */
export function buildLayersWasm(byLayer: ColumnsByLayer, kernel: Blake2sWasm): Uint32Array[] {
  const maxLog = byLayer.length - 1;
  const nMax = 2 ** maxLog;
  let maxCols = 0;
  for (const cols of byLayer) maxCols = Math.max(maxCols, cols.length);
  // Rows per chunk: a multiple of 4 (whole SIMD groups), at least 4, capped by the layer size below.
  const chunkRows = Math.min(MAX_ROWS_PER_CALL, Math.max(4, Math.floor(CHUNK_WORDS / Math.max(maxCols, 1)) & ~3));
  const scratchWords = Math.max(1, maxCols * Math.min(chunkRows, nMax));

  const heap = kernel.heap;
  const sizes = [4 * HASH_WORDS * nMax, 4 * HASH_WORDS * Math.max(1, nMax >>> 1), 4 * scratchWords, 4 * Math.max(1, maxCols)];
  const ptrs: number[] = [];
  try {
    for (const s of sizes) ptrs.push(heap.alloc(s));
    const [bufA, bufB, scratch, table] = ptrs as [number, number, number, number];
    // Views are taken after every allocation: growing the memory detaches (or, when shared, outgrows) old views.
    const mem = new Uint32Array(kernel.memory.buffer);
    const layers = new Array<Uint32Array>(maxLog + 1);
    const inPlace = byLayer.every((cols) => cols.every((c) => heap.owns(c)));
    const pool = getKernelPool();
    pool?.register('hash.blake2s', kernel.module, kernel.memory);
    for (let k = maxLog; k >= 0; k--) {
      const n = 2 ** k;
      const cols = byLayer[k]!;
      const nCols = cols.length;
      const out = (maxLog - k) % 2 === 0 ? bufA : bufB;
      const prev = out === bufA ? bufB : bufA;
      const hasPrev = k < maxLog;
      const rows = Math.min(chunkRows, n);
      if (inPlace) {
        // Columns already live in the kernel's memory: each chunk gets its own table of column pointers,
        // so chunks are independent calls that kernel threads can share.
        const nChunks = Math.ceil(n / rows);
        const tables = heap.alloc(4 * Math.max(1, nChunks * nCols));
        try {
          const t = heap.view(tables, Math.max(1, nChunks * nCols));
          const calls: KernelCall[] = [];
          for (let c = 0, s = 0; s < n; c++, s += rows) {
            for (let j = 0; j < nCols; j++) t[c * nCols + j] = cols[j]!.byteOffset + 4 * s;
            const args = [out + 4 * HASH_WORDS * s, prev + 8 * HASH_WORDS * s, hasPrev ? 1 : 0, tables + 4 * c * nCols, nCols, Math.min(rows, n - s)];
            calls.push(['hash.blake2s', 'hash_layer', ...args]);
          }
          if (pool && calls.length > 1) pool.run(calls.map((c) => [c]));
          else for (const [, , o, p, h, tab, nc, cnt] of calls) kernel.hashLayer(o!, p!, h === 1, tab!, nc!, cnt!);
        } finally {
          heap.release(tables, 4 * Math.max(1, nChunks * nCols));
        }
      } else {
        for (let s = 0; s < n; s += rows) {
          const cnt = Math.min(rows, n - s);
          for (let j = 0; j < nCols; j++) {
            const dst = scratch + 4 * rows * j;
            mem.set(cols[j]!.subarray(s, s + cnt), dst >>> 2);
            mem[(table >>> 2) + j] = dst;
          }
          kernel.hashLayer(out + 4 * HASH_WORDS * s, prev + 8 * HASH_WORDS * s, hasPrev, table, nCols, cnt);
        }
      }
      layers[k] = mem.slice(out >>> 2, (out >>> 2) + HASH_WORDS * n);
    }
    return layers;
  } finally {
    for (let i = ptrs.length - 1; i >= 0; i--) heap.release(ptrs[i]!, sizes[i]!);
  }
}
