/**
 * Twiddle trees (Stwo's `TwiddleTree`, CPU layout). One buffer serves every canonic circle domain up to a
 * maximum log size m: for the half coset H of `CanonicCoset(m)` and each doubling level it stores the
 * x-coordinates of the first half of the (doubled) coset in bit-reversed order, then a pad of 1. Level j
 * of the root has 2^(m−2−j) entries; the buffer has 2^(m−1).
 *
 * Doubling the half coset of `CanonicCoset(m)` gives that of `CanonicCoset(m − 1)`, so a smaller domain's
 * twiddles are the *tail* of the same buffer: for a domain of log size n ≤ m, line layer i (1 ≤ i < n)
 * uses the 2^(n−1−i) entries starting at `len − 2^(n−i)`. The circle layer's y-twiddles are not stored;
 * they follow from layer 1's x-twiddles (see `fft.ts`).
 * @module
 */
import { bitReverse, canonicCoset, doubleX, MAX_CIRCLE_DOMAIN_LOG_SIZE, pointAdd } from '../circle/index.js';
import type { Coset } from '../circle/index.js';
import { m31 } from '../field/index.js';
import { PolyError } from './errors.js';

/** Twiddles for every canonic circle domain of log size ≤ `logSize`. */
export interface TwiddleTree {
  /** Largest canonic circle domain log size served. */
  readonly logSize: number;
  /** The half coset of `CanonicCoset(logSize)`, whose doublings the buffer lists. */
  readonly rootCoset: Coset;
  /** Line twiddles (x-coordinates), 2^(logSize−1) entries (at least 1). */
  readonly twiddles: Uint32Array;
  /** Their inverses, same layout. */
  readonly itwiddles: Uint32Array;
}

function checkLog(logSize: number): void {
  if (!Number.isInteger(logSize) || logSize < 1 || logSize > MAX_CIRCLE_DOMAIN_LOG_SIZE) {
    throw new PolyError(`twiddle tree log size must be in [1, ${MAX_CIRCLE_DOMAIN_LOG_SIZE}]: ${logSize}`);
  }
}

/** Builds (uncached) the twiddle tree for canonic domains up to log size `logSize`. */
export function buildTwiddleTree(logSize: number): TwiddleTree {
  checkLog(logSize);
  const root = canonicCoset(logSize).halfCoset;
  const len = 2 ** (logSize - 1);
  const tw = new Uint32Array(len);
  if (logSize >= 2) {
    // Level 0: x of the first half of the root coset, bit-reversed.
    const n0 = len / 2;
    const level0 = tw.subarray(0, n0);
    for (let j = 0, p = root.initial; j < n0; j++, p = pointAdd(p, root.step)) level0[j] = p.x;
    bitReverse(level0);
    // Level j+1 lists the doubled coset: entry h is π(level_j[2h]) (bitrev_l(2h) = bitrev_(l−1)(h)).
    let prev = 0;
    let size = n0;
    while (size > 1) {
      const next = prev + size;
      for (let h = 0; h < size / 2; h++) tw[next + h] = doubleX(tw[prev + 2 * h]!);
      prev = next;
      size /= 2;
    }
  }
  tw[len - 1] = 1; // pad, as Stwo does, so the buffer length is a power of two
  return Object.freeze({ logSize, rootCoset: root, twiddles: tw, itwiddles: m31.batchInverse(tw) });
}

let cached: TwiddleTree | undefined;

/**
 * The process-wide twiddle tree covering log size `logSize`: the cached one if it is large enough, else a
 * new one of exactly that size (which then replaces the cache). Treat the arrays as read-only.
 */
export function getTwiddleTree(logSize: number): TwiddleTree {
  checkLog(logSize);
  if (!cached || cached.logSize < logSize) cached = buildTwiddleTree(logSize);
  return cached;
}

/**
 * Start (in elements) of the twiddles of line layer `layer` (1 ≤ layer < n) of the canonic circle domain
 * of log size n, in a tree's buffer; the layer has 2^(n−1−layer) entries.
 */
export function lineLayerOffset(tree: TwiddleTree, domainLogSize: number, layer: number): number {
  if (domainLogSize > tree.logSize) {
    throw new PolyError(`twiddle tree of log size ${tree.logSize} cannot serve a domain of log size ${domainLogSize}`);
  }
  return tree.twiddles.length - 2 ** (domainLogSize - layer);
}
