/**
 * Proof of work on the BLAKE2s channel (Stwo's grinding): find the least nonce such that mixing it into the
 * channel (`mixU64`, one raw compression) leaves a digest with at least `powBits` trailing zero bits (first
 * 16 bytes as a little-endian u128). Neither function changes the channel: afterwards both prover and
 * verifier call `channel.mixU64(nonce)` themselves.
 *
 * Grinding is hot (2^powBits compressions expected), so it works on words with no allocation per nonce:
 * four nonces per compression in the WebAssembly SIMD kernel, or a scalar JS loop as fallback. The least
 * nonce is always returned, so both backends give identical proofs.
 * @module
 */

import { compress } from '../../hash/compress.js';
import { defaultBlake2sWasm, type Blake2sWasm } from '../../hash/wasm.js';
import { Blake2sChannel, trailingZeros128 } from '../blake2s-channel.js';
import { ChannelError } from '../errors.js';

/**
 * Largest `powBits` {@link grind} accepts: 40 bits is already ~2^40 compressions (hours); larger requests are
 * treated as configuration errors rather than left to run for years.
 */
export const MAX_GRIND_BITS = 40;

/**
 * Nonces per kernel call: a multiple of 4 dividing 2^32, so a call never carries into the high word; small
 * enough (~0.25 ms) that V8's optimised WebAssembly tier replaces the baseline one after the first calls
 * (a running call is never replaced).
 */
const CHUNK = 1 << 12;
const TWO_32 = 4294967296;

/** Options of {@link grind}. */
export interface GrindOptions {
  /** `auto` (default) takes the WebAssembly kernel when available. */
  readonly backend?: 'auto' | 'wasm' | 'js';
  /** A specific kernel instance. */
  readonly kernel?: Blake2sWasm;
  /** First nonce to try (default 0); for splitting a search across workers. */
  readonly start?: number;
}

/** Masks selecting the low `bits` bits of a little-endian u128 split into four words. */
function masks(bits: number): [number, number, number, number] {
  const m = (k: number) => 2 ** Math.min(32, Math.max(0, bits - 32 * k)) - 1;
  return [m(0), m(1), m(2), m(3)];
}

function checkBits(powBits: number, max: number): void {
  if (!Number.isInteger(powBits) || powBits < 0 || powBits > max) {
    throw new ChannelError(`proof-of-work bits ${String(powBits)} is not an integer in [0, ${max}]`);
  }
}

/**
 * The least nonce ≥ `start` (default 0) for which `channel.clone().mixU64(nonce)` has ≥ `powBits` trailing
 * zeros. Does not modify `channel`.
 * @throws ChannelError for `powBits` outside [0, {@link MAX_GRIND_BITS}] or a bad `start`
 */
export function grind(channel: Blake2sChannel, powBits: number, options: GrindOptions = {}): number {
  checkBits(powBits, MAX_GRIND_BITS);
  const start = options.start ?? 0;
  if (!Number.isSafeInteger(start) || start < 0) throw new ChannelError(`grind: start ${String(start)} is not a non-negative safe integer`);
  const digest = channel.digestWords();
  const mk = masks(powBits);
  if (options.backend !== 'js') {
    const kernel = options.kernel ?? defaultBlake2sWasm();
    if (kernel !== null) return grindWasm(kernel, digest, mk, start);
    if (options.backend === 'wasm') throw new Error('the BLAKE2s WebAssembly kernel is not available on this platform');
  }
  return grindJs(digest, mk, start);
}

function grindJs(digest: Uint32Array, mk: [number, number, number, number], start: number): number {
  const [k0, k1, k2, k3] = mk;
  const d0 = digest[0]!, d1 = digest[1]!, d2 = digest[2]!, d3 = digest[3]!;
  const d4 = digest[4]!, d5 = digest[5]!, d6 = digest[6]!, d7 = digest[7]!;
  const st = new Uint32Array(8);
  const m = new Uint32Array(16);
  let lo = start % TWO_32;
  let hi = Math.floor(start / TWO_32);
  for (;;) {
    // element stores rather than st.set(digest): the builtin call costs more than eight moves
    st[0] = d0; st[1] = d1; st[2] = d2; st[3] = d3; st[4] = d4; st[5] = d5; st[6] = d6; st[7] = d7;
    m[0] = lo;
    m[1] = hi;
    compress(st, 0, m, 0, 0, 0, 0, 0);
    if (((st[0]! & k0) | (st[1]! & k1) | (st[2]! & k2) | (st[3]! & k3)) === 0) return hi * TWO_32 + lo;
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi++;
  }
}

function grindWasm(kernel: Blake2sWasm, digest: Uint32Array, mk: [number, number, number, number], start: number): number {
  const hp = kernel.heap.alloc(32);
  try {
    new Uint32Array(kernel.memory.buffer, hp, 8).set(digest);
    let nonce = start;
    // Align to the chunk grid first so later calls never straddle a 2^32 boundary.
    for (;;) {
      const lo = nonce % TWO_32;
      const hi = Math.floor(nonce / TWO_32);
      const count = CHUNK - (lo % CHUNK);
      const r = kernel.grind(hp, lo, hi, count, mk[0], mk[1], mk[2], mk[3]);
      if (r >= 0) return nonce + r;
      nonce += count;
    }
  } finally {
    kernel.heap.release(hp, 32);
  }
}

/**
 * Whether `nonce` satisfies the proof of work for `channel` at `powBits` (0..128): the verifier's check,
 * without modifying `channel`.
 * @throws ChannelError for a malformed nonce (not a u64) or `powBits`
 */
export function checkPow(channel: Blake2sChannel, powBits: number, nonce: number | bigint): boolean {
  checkBits(powBits, 128);
  const c = channel.clone();
  c.mixU64(nonce);
  return trailingZeros128(c.digestWords()) >= powBits;
}
