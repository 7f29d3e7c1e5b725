/**
 * Canonic cosets G_{2N} + ⟨G_N⟩ (N = 2^n, n ≥ 1): the trace domain of a component with N rows and every
 * evaluation/commitment domain. Their points have order exactly 2N, so none has y = 0 and (for n ≥ 2) none
 * has x = 0, which is what makes the FFT's and the folds' divisions legal. Canonic cosets of different sizes
 * are disjoint.
 * @module
 */
import { halfOddsCoset, oddsCoset } from './coset.js';
import type { Coset } from './coset.js';
import { circleDomain, MAX_CIRCLE_DOMAIN_LOG_SIZE } from './domain.js';
import type { CircleDomain } from './domain.js';
import { CircleError } from './errors.js';
import type { CirclePoint } from './point.js';

/** The canonic coset of log size n, with its two orderings. */
export interface CanonicCoset {
  /** n. */
  readonly logSize: number;
  /** N = 2^n. */
  readonly size: number;
  /** The coset G_{2N} + ⟨G_N⟩ in coset order c_i = G_{2N} + i·G_N (trace row order). */
  readonly coset: Coset;
  /** The half coset G_{2N} + ⟨G_{N/2}⟩ (`Coset::half_odds(n − 1)`). */
  readonly halfCoset: Coset;
  /** The same point set as a circle domain (natural order: half coset, then its conjugate). */
  readonly circleDomain: CircleDomain;
  /** Index of G_{2N}. */
  readonly initialIndex: number;
  /** Index of G_N. */
  readonly stepIndex: number;
  /** G_N, the "next row" shift. */
  readonly step: CirclePoint;
  /** Index of the i-th point in coset order. */
  indexAt(i: number): number;
  /** The i-th point in coset order. */
  at(i: number): CirclePoint;
}

/** The canonic coset of log size n ∈ [1, 30]. */
export function canonicCoset(logSize: number): CanonicCoset {
  if (!Number.isInteger(logSize) || logSize < 1 || logSize > MAX_CIRCLE_DOMAIN_LOG_SIZE) {
    throw new CircleError(`canonic coset log size must be in [1, ${MAX_CIRCLE_DOMAIN_LOG_SIZE}]: ${logSize}`);
  }
  const c = oddsCoset(logSize);
  const half = halfOddsCoset(logSize - 1);
  return Object.freeze({
    logSize,
    size: c.size,
    coset: c,
    halfCoset: half,
    circleDomain: circleDomain(half),
    initialIndex: c.initialIndex,
    stepIndex: c.stepIndex,
    step: c.step,
    indexAt: c.indexAt,
    at: c.at,
  });
}
