/**
 * FRI parameters (Stwo's `FriConfig`): the log blowup factor B (evaluation domain = 2^B × the
 * polynomial's coefficient count), the log degree bound of the last layer (the polynomial sent in the
 * clear), and the number of query draws.
 * @module
 */
import { FriError } from './errors.js';

/** FRI parameters. Build with {@link friConfig}, which validates them. */
export interface FriConfig {
  /** log2 of the blowup factor, in [1, 16]. */
  readonly logBlowupFactor: number;
  /** log2 of the number of coefficients of the last-layer line polynomial, in [0, 10]. */
  readonly logLastLayerDegreeBound: number;
  /** Number of query draws (duplicates count), in [1, {@link MAX_FRI_QUERIES}]. */
  readonly nQueries: number;
}

/** Stwo's range for the log blowup factor. */
export const LOG_BLOWUP_FACTOR_RANGE = Object.freeze([1, 16] as const);
/** Stwo's range for the last layer's log degree bound. */
export const LOG_LAST_LAYER_DEGREE_BOUND_RANGE = Object.freeze([0, 10] as const);
/**
 * Largest accepted query count. Stwo sets none; a bound turns a mistyped configuration into an error
 * instead of a gigantic proof (100 bits need well under 200 queries at blowup 2).
 */
export const MAX_FRI_QUERIES = 1024;

function inRange(v: unknown, [lo, hi]: readonly [number, number]): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
}

/**
 * A validated, frozen FRI configuration.
 * @throws FriError `INVALID_CONFIG` when a field is missing or out of range
 */
export function friConfig(config: FriConfig): FriConfig {
  if (config === null || typeof config !== 'object') throw new FriError('INVALID_CONFIG', 'FRI config must be an object');
  const { logBlowupFactor, logLastLayerDegreeBound, nQueries } = config;
  if (!inRange(logBlowupFactor, LOG_BLOWUP_FACTOR_RANGE)) {
    throw new FriError('INVALID_CONFIG', `logBlowupFactor ${String(logBlowupFactor)} is not an integer in [1, 16]`);
  }
  if (!inRange(logLastLayerDegreeBound, LOG_LAST_LAYER_DEGREE_BOUND_RANGE)) {
    throw new FriError('INVALID_CONFIG', `logLastLayerDegreeBound ${String(logLastLayerDegreeBound)} is not an integer in [0, 10]`);
  }
  if (!inRange(nQueries, [1, MAX_FRI_QUERIES])) {
    throw new FriError('INVALID_CONFIG', `nQueries ${String(nQueries)} is not an integer in [1, ${MAX_FRI_QUERIES}]`);
  }
  return Object.freeze({ logBlowupFactor, logLastLayerDegreeBound, nQueries });
}

/** log2 of the last layer's evaluation domain size: logLastLayerDegreeBound + logBlowupFactor. */
export function lastLayerDomainLogSize(config: FriConfig): number {
  return config.logLastLayerDegreeBound + config.logBlowupFactor;
}

/**
 * The query part of Stwo's conjectured security: logBlowupFactor · nQueries bits (each query draw is
 * assumed to catch a far-from-low-degree word with probability 1 − 2^−B). See `pcs/config.ts`
 * `securityBits` for the whole formula and its cap.
 */
export function friQueryBits(config: FriConfig): number {
  return config.logBlowupFactor * config.nQueries;
}
