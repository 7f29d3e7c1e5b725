/**
 * Stwo's BLAKE2s Fiat–Shamir channel (at Stwo commit dad3688).
 *
 * State: a 32-byte digest (initially zero) and a draw counter `nSent`, reset to 0 by every mix.
 * - `mixRoot(r)`: digest ← BLAKE2s-256(digest ‖ r).
 * - `mixFelts(v)`: digest ← BLAKE2s-256(digest ‖ each QM31 as 16 bytes: a, b, c, d little-endian u32).
 * - `mixU64(n)`: digest ← F(digest words, [n mod 2^32, n >> 32, 0 × 14], t = 0, f = 0) — one raw compression.
 * - `drawRandomBytes()`: BLAKE2s-256(digest ‖ nSent as a 32-byte little-endian integer); nSent += 1.
 * - `drawBaseFelts()`: 8 little-endian u32 from one draw; redrawn unless all 8 are below 2p; each reduced mod p.
 * - `drawFelt()`: the first four values of one batch as a QM31 [a, b, c, d]; `drawFelts(n)` uses all eight.
 * - `drawQueries(n, s)`: n u32 draws masked to s bits, deduplicated and sorted.
 *
 * `mixBytes` / `mixU32s` absorb statements (public inputs, configuration). They are not in that Stwo
 * snapshot; here each hashes digest ‖ tag ‖ length as u64 ‖ data, so distinct sequences never give the same
 * hash input. The tags are u32s ≥ 2^31, which no canonical M31 coordinate equals, so neither can give the
 * same input as `mixFelts` either.
 *
 * Words (digest, draws) are little-endian; the digest is kept as 8 words so draws and `mixU64` need no
 * byte conversion.
 * @module
 */

import { Blake2sHasher, blake2s64 } from '../hash/blake2s.js';
import { compress } from '../hash/compress.js';
import { readWordLE, wordsToBytes, writeWordLE } from '../hash/bytes.js';
import { ChannelError } from './errors.js';

/** The M31 modulus 2^31 − 1. */
const P = 0x7fffffff;
const TWO_P = 2 * P;
const TWO_32 = 4294967296;

/** Domain tags of {@link Blake2sChannel.mixBytes} and {@link Blake2sChannel.mixU32s} (both ≥ 2^31 > any M31). */
const TAG_BYTES = 0xb2c5_0001;
const TAG_U32S = 0xb2c5_0002;

/** Largest query count {@link Blake2sChannel.drawQueries} accepts (a guard against runaway loops). */
export const MAX_QUERIES = 1 << 20;

/** A QM31 element as its four M31 coordinates [a, b, c, d] (a + b·i + (c + d·i)·u). */
export type QM31Coords = Uint32Array;

/**
 * Validates a u64 given as a number (a safe integer) or a bigint; returns its two 32-bit halves.
 * @throws ChannelError outside [0, 2^64) or when not an integer
 */
export function u64Words(value: number | bigint): [lo: number, hi: number] {
  if (typeof value === 'bigint') {
    if (value < 0n || value >= 1n << 64n) throw new ChannelError(`u64 out of range: ${value}`);
    return [Number(value & 0xffffffffn), Number(value >> 32n)];
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ChannelError(`u64 must be a non-negative safe integer or a bigint, got ${String(value)}`);
  }
  return [value >>> 0, Math.floor(value / TWO_32)];
}

function checkCanonical(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= P) {
    throw new ChannelError(`${what} = ${String(x)} is not a canonical M31 value`);
  }
  return x;
}

/** The Fiat–Shamir transcript. Mutable; {@link Blake2sChannel.clone} forks it (e.g. for grinding). */
export class Blake2sChannel {
  /** Digest as 8 little-endian words. */
  readonly #digest = new Uint32Array(8);
  /** Hash input for draws and scratch: digest words then the 32-byte counter. */
  readonly #block = new Uint32Array(16);
  readonly #out = new Uint32Array(8);
  #nSent = 0;

  /** A channel whose digest is `digest` (32 bytes; default all zero, Stwo's `Blake2sChannel::default()`). */
  constructor(digest?: Uint8Array) {
    if (digest !== undefined) {
      if (!(digest instanceof Uint8Array) || digest.length !== 32) throw new ChannelError('digest must be 32 bytes');
      for (let k = 0; k < 8; k++) this.#digest[k] = readWordLE(digest, 4 * k);
    }
  }

  /** An independent copy (same digest and counter). */
  clone(): Blake2sChannel {
    const c = new Blake2sChannel();
    c.#digest.set(this.#digest);
    c.#nSent = this.#nSent;
    return c;
  }

  /** The current digest (32 bytes; a copy). */
  get digest(): Uint8Array {
    return wordsToBytes(this.#digest);
  }

  /** The current digest as 8 little-endian words (a copy). */
  digestWords(): Uint32Array {
    return this.#digest.slice();
  }

  /** Draws since the last mix. */
  get nSent(): number {
    return this.#nSent;
  }

  #setDigest(bytes: Uint8Array): void {
    for (let k = 0; k < 8; k++) this.#digest[k] = readWordLE(bytes, 4 * k);
    this.#nSent = 0;
  }

  /** Absorbs a 32-byte Merkle root: digest ← BLAKE2s-256(digest ‖ root). */
  mixRoot(root: Uint8Array): void {
    if (!(root instanceof Uint8Array) || root.length !== 32) throw new ChannelError('a root must be 32 bytes');
    const b = this.#block;
    b.set(this.#digest);
    for (let k = 0; k < 8; k++) b[8 + k] = readWordLE(root, 4 * k);
    blake2s64(b, 0, this.#digest, 0);
    this.#nSent = 0;
  }

  /**
   * Absorbs QM31 elements: digest ← BLAKE2s-256(digest ‖ 16 bytes per element). `felts` is an array of
   * [a, b, c, d] coordinate tuples, or one flat `Uint32Array` of 4n coordinates. Coordinates must be canonical.
   */
  mixFelts(felts: readonly ArrayLike<number>[] | Uint32Array): void {
    let coords: Uint32Array;
    if (felts instanceof Uint32Array) {
      if (felts.length % 4 !== 0) throw new ChannelError('a flat QM31 array needs a multiple of 4 coordinates');
      for (let i = 0; i < felts.length; i++) checkCanonical(felts[i], `coordinate ${i}`);
      coords = felts;
    } else {
      if (!Array.isArray(felts)) throw new ChannelError('felts must be an array of QM31 or a Uint32Array');
      coords = new Uint32Array(4 * felts.length);
      for (let i = 0; i < felts.length; i++) {
        const f = felts[i] as ArrayLike<number> | null | undefined;
        if (f === null || typeof f !== 'object' || f.length !== 4) throw new ChannelError(`felts[${i}] is not a QM31 [a, b, c, d]`);
        for (let j = 0; j < 4; j++) coords[4 * i + j] = checkCanonical(f[j], `felts[${i}][${j}]`);
      }
    }
    const h = new Blake2sHasher();
    h.update(wordsToBytes(this.#digest));
    h.update(wordsToBytes(coords));
    this.#setDigest(h.digest());
  }

  /** Absorbs a u64 (a nonce): one raw compression of the digest with message [lo, hi, 0 × 14]. */
  mixU64(value: number | bigint): void {
    const [lo, hi] = u64Words(value);
    const b = this.#block;
    b.fill(0);
    b[0] = lo;
    b[1] = hi;
    compress(this.#digest, 0, b, 0, 0, 0, 0, 0);
    this.#nSent = 0;
  }

  /** Absorbs u32 words, length-prefixed and domain-separated (see the module note). */
  mixU32s(words: ArrayLike<number>): void {
    if (words === null || typeof words !== 'object' || typeof words.length !== 'number') throw new ChannelError('words must be an array of u32');
    const n = words.length;
    const data = new Uint8Array(16 + 4 * n);
    this.#header(data, TAG_U32S, n);
    for (let i = 0; i < n; i++) {
      const w = words[i];
      if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w >= TWO_32) throw new ChannelError(`words[${i}] = ${String(w)} is not a u32`);
      writeWordLE(data, 16 + 4 * i, w);
    }
    this.#absorbTagged(data);
  }

  /** Absorbs bytes, length-prefixed and domain-separated (see the module note). */
  mixBytes(bytes: Uint8Array): void {
    if (!(bytes instanceof Uint8Array)) throw new ChannelError('mixBytes takes a Uint8Array');
    const data = new Uint8Array(16 + bytes.length);
    this.#header(data, TAG_BYTES, bytes.length);
    data.set(bytes, 16);
    this.#absorbTagged(data);
  }

  /** Writes tag (u32), a zero word, and the length (u64), little-endian, at the start of `data`. */
  #header(data: Uint8Array, tag: number, length: number): void {
    writeWordLE(data, 0, tag);
    writeWordLE(data, 4, 0);
    writeWordLE(data, 8, length >>> 0);
    writeWordLE(data, 12, Math.floor(length / TWO_32));
  }

  #absorbTagged(data: Uint8Array): void {
    const h = new Blake2sHasher();
    h.update(wordsToBytes(this.#digest));
    h.update(data);
    this.#setDigest(h.digest());
  }

  /** One draw into `#out` (8 words): BLAKE2s-256(digest ‖ nSent as 32 bytes LE), then nSent += 1. */
  #drawWords(): Uint32Array {
    const b = this.#block;
    b.set(this.#digest);
    b.fill(0, 8);
    b[8] = this.#nSent >>> 0;
    b[9] = Math.floor(this.#nSent / TWO_32);
    blake2s64(b, 0, this.#out, 0);
    this.#nSent++;
    return this.#out;
  }

  /** 32 pseudo-random bytes (advances the draw counter; the digest is unchanged). */
  drawRandomBytes(): Uint8Array {
    return wordsToBytes(this.#drawWords());
  }

  /** Eight uniform M31 elements from one accepted draw (all eight words below 2p, else redraw). */
  drawBaseFelts(): Uint32Array {
    for (;;) {
      const w = this.#drawWords();
      let ok = true;
      for (let k = 0; k < 8; k++) if (w[k]! >= TWO_P) ok = false;
      if (ok) return Uint32Array.from(w, (x) => (x >= P ? x - P : x));
    }
  }

  /** One QM31 [a, b, c, d]: the first four elements of a batch (the other four are discarded). */
  drawFelt(): QM31Coords {
    return this.drawBaseFelts().slice(0, 4);
  }

  /** `n` QM31 elements, two per batch (a batch's second half is discarded only when n is odd). */
  drawFelts(n: number): QM31Coords[] {
    if (!Number.isSafeInteger(n) || n < 0) throw new ChannelError(`drawFelts: count ${String(n)} is not a non-negative integer`);
    const out: QM31Coords[] = [];
    while (out.length < n) {
      const b = this.drawBaseFelts();
      out.push(b.slice(0, 4));
      if (out.length < n) out.push(b.slice(4, 8));
    }
    return out;
  }

  /**
   * Query positions in [0, 2^logSize): reads `nQueries` u32 words (8 per draw), masks each to `logSize`
   * bits, and returns the distinct values ascending (so possibly fewer than `nQueries`).
   */
  drawQueries(nQueries: number, logSize: number): Uint32Array {
    if (!Number.isInteger(nQueries) || nQueries < 1 || nQueries > MAX_QUERIES) {
      throw new ChannelError(`drawQueries: count ${String(nQueries)} is not an integer in [1, ${MAX_QUERIES}]`);
    }
    if (!Number.isInteger(logSize) || logSize < 0 || logSize > 31) {
      throw new ChannelError(`drawQueries: log size ${String(logSize)} is not an integer in [0, 31]`);
    }
    const mask = 2 ** logSize - 1;
    const seen = new Set<number>();
    let read = 0;
    while (read < nQueries) {
      const w = this.#drawWords();
      for (let k = 0; k < 8 && read < nQueries; k++, read++) seen.add((w[k]! & mask) >>> 0);
    }
    return Uint32Array.from(seen).sort();
  }

  /** Trailing zero bits of the first 16 digest bytes read as a little-endian u128 (128 if all zero). */
  trailingZeros(): number {
    return trailingZeros128(this.#digest);
  }
}

/** Trailing zero bits of words[0..4] as a little-endian u128 (128 when all zero). */
export function trailingZeros128(words: Uint32Array): number {
  for (let k = 0; k < 4; k++) {
    const w = words[k]!;
    if (w !== 0) return 32 * k + (31 - Math.clz32(w & -w));
  }
  return 128;
}
