/**
 * Stwo's BLAKE2s Merkle node hash, which is *not* BLAKE2s-256: raw compressions F(h, m, t = 0, f = 0)
 * chained from h₀ = eight zero words (no IV parameter block, no length counter, no final flag):
 *
 * 1. if the node has children: h ← F(h, left ‖ right) (two 8-word hashes = one 16-word block);
 * 2. the node's column values, zero-padded to a multiple of 16 words, one F per 16-value block;
 * 3. the hash is the 8 state words (32 bytes little-endian).
 *
 * A node with neither children nor values hashes to eight zero words. There is no leaf/node domain
 * separation; the tree shape (fixed by the column sizes) is what makes the encoding unambiguous.
 * Values must already be canonical field elements: the hash takes words as they are.
 *
 * This file is the plain-JS path: {@link hashNode} for single nodes (the verifier) and {@link hashLayerJs}
 * for whole layers (the prover's fallback when WebAssembly is unavailable or not wanted).
 * @module
 */

import { compress } from './compress.js';

/** 32-bit words in a node hash. */
export const HASH_WORDS = 8;
/** Bytes in a node hash. */
export const HASH_BYTES = 32;

// Module-level scratch for value blocks: the hash functions are synchronous and never re-entered.
const block = new Uint32Array(16);

/**
 * `out[outOff..outOff+8] ← H(children, values)`: `children` is the 16-word block `children[childOff..+16]`
 * (left hash then right hash) or `null` for a leaf-layer node; `values` are the node's column values.
 */
export function hashNode(
  children: Uint32Array | null,
  childOff: number,
  values: ArrayLike<number>,
  out: Uint32Array,
  outOff: number,
): void {
  hashNodeAt(children, childOff, values, 0, values.length, out, outOff);
}

/**
 * {@link hashNode} over the values `values[valuesOff .. valuesOff + n]`, read in place: when `values` is a
 * Uint32Array, whole 16-value blocks are compressed straight from it (the verifier hashes every opened row
 * this way, without copying it).
 */
export function hashNodeAt(
  children: Uint32Array | null,
  childOff: number,
  values: ArrayLike<number>,
  valuesOff: number,
  n: number,
  out: Uint32Array,
  outOff: number,
): void {
  out.fill(0, outOff, outOff + HASH_WORDS);
  if (children !== null) compress(out, outOff, children, childOff, 0, 0, 0, 0);
  const direct = values instanceof Uint32Array;
  for (let base = 0; base < n; base += 16) {
    if (direct && base + 16 <= n) {
      compress(out, outOff, values, valuesOff + base, 0, 0, 0, 0);
      continue;
    }
    for (let j = 0; j < 16; j++) block[j] = base + j < n ? values[valuesOff + base + j]! : 0;
    compress(out, outOff, block, 0, 0, 0, 0, 0);
  }
}

/**
 * Hashes `count` consecutive nodes of one layer: for i < count,
 * `out[outOff + 8i ..] ← H(prev[prevOff + 16i .. +16] if prev !== null, [cols[j][colOff + i] for every j])`.
 *
 * `prev` holds the child layer as consecutive 8-word hashes (so node i's children are the 16 words at
 * 16i); `cols` are the columns whose length equals this layer's size, in commitment order. Taking offsets
 * and a count lets callers split a layer into ranges (for instance across workers).
 */
export function hashLayerJs(
  out: Uint32Array,
  outOff: number,
  prev: Uint32Array | null,
  prevOff: number,
  cols: readonly Uint32Array[],
  colOff: number,
  count: number,
): void {
  const nCols = cols.length;
  for (let i = 0; i < count; i++) {
    const o = outOff + HASH_WORDS * i;
    // eight stores beat a fill() builtin call at this size
    out[o] = 0; out[o + 1] = 0; out[o + 2] = 0; out[o + 3] = 0;
    out[o + 4] = 0; out[o + 5] = 0; out[o + 6] = 0; out[o + 7] = 0;
    if (prev !== null) compress(out, o, prev, prevOff + 16 * i, 0, 0, 0, 0);
    const row = colOff + i;
    for (let base = 0; base < nCols; base += 16) {
      for (let j = 0; j < 16; j++) block[j] = base + j < nCols ? cols[base + j]![row]! : 0;
      compress(out, o, block, 0, 0, 0, 0, 0);
    }
  }
}
