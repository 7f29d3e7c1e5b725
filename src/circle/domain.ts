/**
 * Circle domains: H ∪ conj(H) for a half coset H = c + ⟨G_{N/2}⟩, the domains circle polynomials are
 * evaluated and interpolated on. Natural order: H in coset order, then −(c + j·G_{N/2}) for j = 0…N/2−1.
 * Evaluations are *stored* in bit-reversed natural order (see `bit-reverse.ts`).
 * @module
 */
import type { Coset } from './coset.js';
import { CircleError } from './errors.js';
import { indexMul, indexNeg, indexToPoint } from './point-index.js';
import { conjugate } from './point.js';
import type { CirclePoint } from './point.js';

/** Largest supported circle domain: log size 30 (its half coset has log size 29 and odd-multiple indices). */
export const MAX_CIRCLE_DOMAIN_LOG_SIZE = 30;

/** A circle domain ±c + ⟨G_{N/2}⟩. */
export interface CircleDomain {
  /** The half coset H = c + ⟨G_{N/2}⟩. */
  readonly halfCoset: Coset;
  /** log2 of the number of points (half coset log size + 1). */
  readonly logSize: number;
  /** Number of points. */
  readonly size: number;
  /** Index of the i-th point in natural order. */
  indexAt(i: number): number;
  /** The i-th point in natural order. */
  at(i: number): CirclePoint;
  /** All points in natural order. */
  points(): CirclePoint[];
  /** Whether this is a canonic domain (the point set G_{2N} + ⟨G_N⟩): step index = 4 × initial index. */
  isCanonic(): boolean;
  /** The domain shifted by the point with index `shift`. */
  shift(shift: number): CircleDomain;
}

/** The circle domain H ∪ conj(H). */
export function circleDomain(halfCoset: Coset): CircleDomain {
  const logSize = halfCoset.logSize + 1;
  if (logSize > MAX_CIRCLE_DOMAIN_LOG_SIZE) {
    throw new CircleError(`circle domain log size ${logSize} exceeds ${MAX_CIRCLE_DOMAIN_LOG_SIZE}`);
  }
  const half = halfCoset.size;
  const indexAt = (i: number): number => (i < half ? halfCoset.indexAt(i) : indexNeg(halfCoset.indexAt(i - half)));
  const self: CircleDomain = Object.freeze({
    halfCoset,
    logSize,
    size: 2 * half,
    indexAt,
    at: (i: number) => indexToPoint(indexAt(i)),
    points(): CirclePoint[] {
      const h = halfCoset.points();
      return h.concat(h.map(conjugate));
    },
    isCanonic: () => indexMul(halfCoset.initialIndex, 4) === halfCoset.stepIndex,
    shift: (shift: number) => circleDomain(halfCoset.shift(shift)),
  });
  return self;
}
