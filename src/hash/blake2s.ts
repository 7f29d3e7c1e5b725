/**
 * Standard BLAKE2s-256 (RFC 7693; unkeyed, 32-byte digest): one-shot {@link blake2s}, incremental
 * {@link Blake2sHasher}, and {@link blake2s64} for the frequent single-block case (64-byte messages given as
 * 16 words), which Fiat–Shamir draws and `mix_root` use. The raw compression lives in `compress.ts`; Stwo's
 * Merkle node hash, which is *not* this hash, in `node.ts`.
 * @module
 */

import { compress, BLAKE2S_BLOCK_BYTES, BLAKE2S_DIGEST_BYTES } from './compress.js';
import { readWordLE, writeWordLE } from './bytes.js';

export { compress, BLAKE2S_IV, BLAKE2S_SIGMA, BLAKE2S_BLOCK_BYTES, BLAKE2S_DIGEST_BYTES } from './compress.js';

/** h₀ of unkeyed BLAKE2s-256: IV[0] xor the parameter block word 0x01010020 (depth 1, fanout 1, 32 bytes). */
const H0 = (0x6a09e667 ^ 0x01010020) >>> 0;
const IV_REST = [0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19] as const;
const FINAL = 0xffffffff;
const TWO_32 = 4294967296;

function initState(h: Uint32Array, off: number): void {
  h[off] = H0;
  for (let k = 0; k < 7; k++) h[off + 1 + k] = IV_REST[k]!;
}

/**
 * Incremental BLAKE2s-256. `update` any number of times, then `digest` once; the hasher cannot be reused
 * after `digest` (it throws), which catches accidental double finalisation.
 */
export class Blake2sHasher {
  private readonly h = new Uint32Array(8);
  private readonly m = new Uint32Array(16);
  private readonly buf = new Uint8Array(BLAKE2S_BLOCK_BYTES);
  private pos = 0;
  /** Bytes compressed so far (excluding the buffered block); a float64 counts exactly up to 2^53. */
  private total = 0;
  private finished = false;

  constructor() {
    initState(this.h, 0);
  }

  /** Absorbs `data`. Returns `this` for chaining. */
  update(data: Uint8Array): this {
    if (this.finished) throw new Error('Blake2sHasher: update after digest');
    const buf = this.buf;
    let i = 0;
    const n = data.length;
    while (i < n) {
      // The final block must be compressed with the final flag, so a full buffer is only compressed
      // once more input is known to follow.
      if (this.pos === BLAKE2S_BLOCK_BYTES) {
        this.total += BLAKE2S_BLOCK_BYTES;
        this.compressBuffer(0);
        this.pos = 0;
      }
      const take = Math.min(BLAKE2S_BLOCK_BYTES - this.pos, n - i);
      buf.set(data.subarray(i, i + take), this.pos);
      this.pos += take;
      i += take;
    }
    return this;
  }

  /** Finalises and returns the 32-byte digest. */
  digest(): Uint8Array {
    const out = new Uint8Array(BLAKE2S_DIGEST_BYTES);
    this.digestInto(out);
    return out;
  }

  /** Finalises and writes the 32-byte digest into `out` (at `off`). */
  digestInto(out: Uint8Array, off = 0): void {
    if (this.finished) throw new Error('Blake2sHasher: digest called twice');
    this.finished = true;
    this.buf.fill(0, this.pos);
    this.total += this.pos;
    this.compressBuffer(FINAL);
    for (let k = 0; k < 8; k++) writeWordLE(out, off + 4 * k, this.h[k]!);
  }

  private compressBuffer(f0: number): void {
    const m = this.m;
    const buf = this.buf;
    for (let k = 0; k < 16; k++) m[k] = readWordLE(buf, 4 * k);
    const t = this.total;
    compress(this.h, 0, m, 0, t >>> 0, Math.floor(t / TWO_32) >>> 0, f0, 0);
  }
}

/** BLAKE2s-256 of `data` (32-byte digest). */
export function blake2s(data: Uint8Array): Uint8Array {
  return new Blake2sHasher().update(data).digest();
}

/**
 * BLAKE2s-256 of a message of exactly 64 bytes given as 16 little-endian words `m[mOff..mOff+16]`; the
 * digest's 8 words go to `out[outOff..outOff+8]`. One compression, no allocation. The two ranges must not
 * overlap.
 */
export function blake2s64(m: Uint32Array, mOff: number, out: Uint32Array, outOff: number): void {
  initState(out, outOff);
  compress(out, outOff, m, mOff, BLAKE2S_BLOCK_BYTES, 0, FINAL, 0);
}
