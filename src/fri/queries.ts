/**
 * Query positions (Stwo's `Queries`), shared by the FRI prover and verifier: drawn on the largest
 * first-layer domain, de-duplicated and sorted, then "folded" (shifted right) onto smaller domains.
 * @module
 */
import type { Blake2sChannel } from '../channel/blake2s-channel.js';
import { FriError } from './errors.js';

/** Strictly ascending positions in [0, 2^logDomainSize) of a bit-reversed evaluation. */
export interface Queries {
  /** Positions, strictly ascending. */
  readonly positions: Uint32Array;
  /** log2 of the domain they index. */
  readonly logDomainSize: number;
}

/**
 * Draws `nQueries` positions on a domain of log size `logDomainSize` (Stwo's `Queries::generate`): u32
 * words from `drawRandomBytes` (8 per draw), each masked to `logDomainSize` bits; duplicates are dropped,
 * so fewer positions may come back.
 */
export function generateQueries(channel: Blake2sChannel, logDomainSize: number, nQueries: number): Queries {
  return Object.freeze({ positions: channel.drawQueries(nQueries, logDomainSize), logDomainSize });
}

/** The positions q >> nFolds on the domain doubled `nFolds` times (de-duplicated; order is kept). */
export function foldQueries(queries: Queries, nFolds: number): Queries {
  if (!Number.isInteger(nFolds) || nFolds < 0 || nFolds > queries.logDomainSize) {
    throw new FriError('INVALID_INPUT', `cannot fold queries on log size ${queries.logDomainSize} by ${nFolds}`);
  }
  const src = queries.positions;
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const q = src[i]! >>> nFolds;
    if (out.length === 0 || out[out.length - 1] !== q) out.push(q);
  }
  return Object.freeze({ positions: Uint32Array.from(out), logDomainSize: queries.logDomainSize - nFolds });
}

/**
 * Positions per column log size: for each distinct size s in `logSizes` (all ≤ the queries' domain),
 * the queries folded onto s. Keys are in decreasing order.
 */
export function queryPositionsByLogSize(queries: Queries, logSizes: Iterable<number>): Map<number, Uint32Array> {
  const sizes = [...new Set(logSizes)].sort((a, b) => b - a);
  const out = new Map<number, Uint32Array>();
  for (const s of sizes) out.set(s, foldQueries(queries, queries.logDomainSize - s).positions);
  return out;
}
