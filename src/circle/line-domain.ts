/**
 * Line domains: the x-coordinates of a coset whose points have distinct x (the domains of FRI's
 * univariate "line" polynomials). Doubling the domain maps x ↦ π(x) = 2x² − 1.
 * @module
 */
import type { Coset } from './coset.js';
import { CircleError } from './errors.js';
import { indexLogOrder } from './point-index.js';

/** The x-coordinates of a coset, in coset order. */
export interface LineDomain {
  /** The underlying coset. */
  readonly coset: Coset;
  /** log2 of the number of elements. */
  readonly logSize: number;
  /** Number of elements. */
  readonly size: number;
  /** The i-th element (x of the coset's i-th point). */
  at(i: number): number;
  /** All elements in order. */
  values(): Uint32Array;
  /** The domain of doubled points: {π(x)}. */
  double(): LineDomain;
}

/**
 * The line domain of `coset`. Throws {@link CircleError} if two of its points share an x-coordinate (then
 * a line polynomial could not be interpolated on it): for size 2, the coset must avoid x = 0; for larger
 * sizes the initial point's order must be at least 4× the step's.
 */
export function lineDomain(coset: Coset): LineDomain {
  if (coset.size === 2 && coset.initial.x === 0) {
    throw new CircleError('line domain: coset x-coordinates are not unique');
  }
  if (coset.size > 2 && indexLogOrder(coset.initialIndex) < indexLogOrder(coset.stepIndex) + 2) {
    throw new CircleError('line domain: coset x-coordinates are not unique');
  }
  return Object.freeze({
    coset,
    logSize: coset.logSize,
    size: coset.size,
    at: (i: number) => coset.at(i).x,
    values(): Uint32Array {
      return Uint32Array.from(coset.points(), (p) => p.x);
    },
    double: () => lineDomain(coset.double()),
  });
}
