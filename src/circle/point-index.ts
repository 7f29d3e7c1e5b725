/**
 * Circle point indices: the integer k mod 2^31 standing for the point k·g (Stwo's `CirclePointIndex`).
 * Index arithmetic is exact and cheap, so cosets and domains are described by indices and only turned
 * into points when needed.
 * @module
 */
import { CircleError } from './errors.js';
import { CIRCLE_GENERATOR, CIRCLE_LOG_ORDER, IDENTITY, pointAdd, pointMul } from './point.js';
import type { CirclePoint } from './point.js';

/** Mask for reduction modulo 2^31. */
export const INDEX_MASK = 0x7fffffff;

/** a + b mod 2^31. */
export function indexAdd(a: number, b: number): number {
  // `&` applies ToInt32 (mod 2^32) first; 2^31 divides 2^32, so masking gives the residue mod 2^31.
  return (a + b) & INDEX_MASK;
}

/** a − b mod 2^31. */
export function indexSub(a: number, b: number): number {
  return (a - b) & INDEX_MASK;
}

/** −a mod 2^31. */
export function indexNeg(a: number): number {
  return -a & INDEX_MASK;
}

/** a · k mod 2^31 for an integer k (only k mod 2^32 matters, which `Math.imul` uses). */
export function indexMul(a: number, k: number): number {
  return Math.imul(a, k) & INDEX_MASK;
}

/** a / 2 for an even index. */
export function indexHalf(a: number): number {
  if (a & 1) throw new CircleError(`index ${a} is odd and cannot be halved`);
  return a >>> 1;
}

/** Index of the generator G_N of the subgroup of order N = 2^logSize: 2^(31 − logSize). */
export function subgroupGenIndex(logSize: number): number {
  if (!Number.isInteger(logSize) || logSize < 0 || logSize > CIRCLE_LOG_ORDER) {
    throw new CircleError(`subgroup log size must be in [0, ${CIRCLE_LOG_ORDER}]: ${logSize}`);
  }
  return 2 ** (CIRCLE_LOG_ORDER - logSize) & INDEX_MASK;
}

/** Bits per window of {@link indexToPoint}'s table. */
const WINDOW_BITS = 4;
/** `windows[w][d]` = (d·2^(4w))·g, built on first use (8 windows of 16 points: 128 additions once). */
let windows: CirclePoint[][] | undefined;

/**
 * The point k·g. A verifier turns every query position into a point, so this is a table lookup per
 * 4-bit digit of k (at most eight point additions) instead of a double-and-add over 31 bits.
 */
export function indexToPoint(k: number): CirclePoint {
  if (!windows) {
    windows = [];
    for (let w = 0; w * WINDOW_BITS < CIRCLE_LOG_ORDER; w++) {
      const base = pointMul(CIRCLE_GENERATOR, 2 ** (WINDOW_BITS * w));
      const row: CirclePoint[] = [IDENTITY];
      // Frozen: the entries are handed out as results.
      for (let d = 1; d < 2 ** WINDOW_BITS; d++) row.push(Object.freeze(pointAdd(row[d - 1]!, base)));
      windows.push(row);
    }
  }
  let e = k & INDEX_MASK;
  let r = IDENTITY;
  for (let w = 0; e !== 0; w++, e >>>= WINDOW_BITS) {
    const d = e & (2 ** WINDOW_BITS - 1);
    if (d !== 0) r = r === IDENTITY ? windows[w]![d]! : pointAdd(r, windows[w]![d]!);
  }
  return r;
}

/** G_N, the generator of the subgroup of order N = 2^logSize (e.g. G_4 = (0, −1)). */
export function subgroupGenerator(logSize: number): CirclePoint {
  return indexToPoint(subgroupGenIndex(logSize));
}

/** log2 of the order of the point with index k: 31 minus the number of trailing zero bits (0 for k = 0). */
export function indexLogOrder(k: number): number {
  k &= INDEX_MASK;
  if (k === 0) return 0;
  return CIRCLE_LOG_ORDER - (31 - Math.clz32(k & -k));
}
