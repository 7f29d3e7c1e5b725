/**
 * The three orders of a circle STARK and the maps between them:
 * - coset order (trace rows): c_i = G_{2N} + i·G_N;
 * - circle-domain natural order: the half coset, then its conjugate;
 * - bit-reversed storage: `values[r] = f(domain.at(bitrev_n(r)))`, used by every FFT, commitment, fold and query.
 * @module
 */
import { CircleError } from './errors.js';

/** Reverses the low `logSize` bits of i (i < 2^logSize ≤ 2^32). */
export function bitReverseIndex(i: number, logSize: number): number {
  if (logSize === 0) return i;
  let v = i >>> 0;
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  v = (v >>> 16) | (v << 16);
  return v >>> (32 - logSize);
}

/** log2 of a power-of-two length; throws {@link CircleError} otherwise. */
export function log2Exact(n: number): number {
  if (!Number.isInteger(n) || n < 1 || (n & (n - 1)) !== 0 || n > 2 ** 31) {
    throw new CircleError(`length ${n} is not a power of two`);
  }
  return 31 - Math.clz32(n);
}

/** Any indexable, writable sequence (typed arrays, arrays). */
export interface MutableIndexable<T> {
  length: number;
  [i: number]: T;
}

/** Permutes `values` (power-of-two length) into bit-reversed order, in place. The permutation is an involution. */
export function bitReverse<T, A extends MutableIndexable<T>>(values: A): A {
  const n = values.length;
  const log = log2Exact(n);
  for (let i = 0; i < n; i++) {
    const j = bitReverseIndex(i, log);
    if (j > i) {
      const t = values[i]!;
      values[i] = values[j]!;
      values[j] = t;
    }
  }
  return values;
}

/**
 * Natural circle-domain index of the coset-order point c_i on the domain of log size n
 * (Stwo's `coset_index_to_circle_domain_index`): i/2 for even i, N − (i+1)/2 for odd i.
 */
export function cosetIndexToCircleDomainIndex(i: number, logSize: number): number {
  const n = 2 ** logSize;
  return i % 2 === 0 ? i / 2 : n - (i + 1) / 2;
}

/** Inverse of {@link cosetIndexToCircleDomainIndex}. */
export function circleDomainIndexToCosetIndex(d: number, logSize: number): number {
  const n = 2 ** logSize;
  return d < n / 2 ? 2 * d : 2 * (n - d) - 1;
}

/** Storage position (bit-reversed circle-domain index) of trace row i on the canonic coset of log size n. */
export function cosetIndexToStorageIndex(i: number, logSize: number): number {
  return bitReverseIndex(cosetIndexToCircleDomainIndex(i, logSize), logSize);
}

/** Reorders values from coset order to circle-domain natural order (new array of the same kind). */
export function cosetOrderToCircleDomainOrder(values: Uint32Array): Uint32Array {
  const n = values.length;
  const log = log2Exact(n);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[cosetIndexToCircleDomainIndex(i, log)] = values[i]!;
  return out;
}

/** Reorders values from circle-domain natural order to coset order (new array). */
export function circleDomainOrderToCosetOrder(values: Uint32Array): Uint32Array {
  const n = values.length;
  const log = log2Exact(n);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[circleDomainIndexToCosetIndex(i, log)] = values[i]!;
  return out;
}

/**
 * Storage index of the neighbour at row offset `offset` of storage index i, for a trace domain of log size
 * `domainLogSize` evaluated on the canonic domain of log size `evalLogSize` > `domainLogSize` (Stwo's
 * `offset_bit_reversed_circle_domain_index`): un-bit-reverse, move offset·2^(eval − domain − 1) steps inside
 * its half (forwards in H, backwards in conj(H)), bit-reverse back.
 */
export function offsetBitReversedCircleDomainIndex(
  i: number,
  domainLogSize: number,
  evalLogSize: number,
  offset: number,
): number {
  if (evalLogSize <= domainLogSize) {
    throw new CircleError(`evaluation log size ${evalLogSize} must exceed domain log size ${domainLogSize}`);
  }
  let d = bitReverseIndex(i, evalLogSize);
  const half = 2 ** (evalLogSize - 1);
  const step = offset * 2 ** (evalLogSize - domainLogSize - 1);
  const mod = (a: number): number => ((a % half) + half) % half;
  d = d < half ? mod(d + step) : mod(d - half - step) + half;
  return bitReverseIndex(d, evalLogSize);
}
