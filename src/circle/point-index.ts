/**
 * Circle point indices: the integer k mod 2^31 standing for the point k·g (Stwo's `CirclePointIndex`).
 * Index arithmetic is exact and cheap, so cosets and domains are described by indices and only turned
 * into points when needed.
 * @module
 */
import { CircleError } from './errors.js';
import { CIRCLE_GENERATOR, CIRCLE_LOG_ORDER, pointMul } from './point.js';
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

/** The point k·g. */
export function indexToPoint(k: number): CirclePoint {
  return pointMul(CIRCLE_GENERATOR, k & INDEX_MASK);
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
