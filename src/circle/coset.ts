/**
 * Cosets `initial + ⟨step⟩` of subgroups of C(M31), iterated in coset order initial + j·step, and the
 * named cosets Stwo builds domains from.
 * @module
 */
import { CircleError } from './errors.js';
import { indexAdd, indexMul, indexNeg, indexToPoint, subgroupGenIndex } from './point-index.js';
import { CIRCLE_LOG_ORDER, pointAdd } from './point.js';
import type { CirclePoint } from './point.js';

/** The coset {initial + j·step : 0 ≤ j < 2^logSize}, described by point indices. */
export interface Coset {
  /** Index of the first point. */
  readonly initialIndex: number;
  /** The first point. */
  readonly initial: CirclePoint;
  /** Index of the step (a generator of the subgroup of order 2^logSize, or its negation). */
  readonly stepIndex: number;
  /** The step point. */
  readonly step: CirclePoint;
  /** log2 of the number of points. */
  readonly logSize: number;
  /** Number of points. */
  readonly size: number;
  /** Index of the j-th point. */
  indexAt(j: number): number;
  /** The j-th point (O(log) point operations; use {@link points} for all of them). */
  at(j: number): CirclePoint;
  /** All points in coset order. */
  points(): CirclePoint[];
  /** The coset of doubled points (log size one less). */
  double(): Coset;
  /** `n` doublings. */
  repeatedDouble(n: number): Coset;
  /** Whether this coset is `other` doubled some number of times. */
  isDoublingOf(other: Coset): boolean;
  /** The coset shifted by the point with index `shift`. */
  shift(shift: number): Coset;
  /** The conjugate coset −initial − ⟨step⟩ (iterated as −initial − j·step). */
  conjugate(): Coset;
  /** Equality of initial index, step index and size. */
  equals(other: Coset): boolean;
}

function checkLogSize(logSize: number): void {
  if (!Number.isInteger(logSize) || logSize < 0 || logSize > CIRCLE_LOG_ORDER) {
    throw new CircleError(`coset log size must be in [0, ${CIRCLE_LOG_ORDER}]: ${logSize}`);
  }
}

/** A coset with an explicit step index (used for conjugates, whose step is −G_N). */
export function cosetWithStep(initialIndex: number, stepIndex: number, logSize: number): Coset {
  checkLogSize(logSize);
  const init = initialIndex & 0x7fffffff;
  const stepIdx = stepIndex & 0x7fffffff;
  const self: Coset = Object.freeze({
    initialIndex: init,
    initial: indexToPoint(init),
    stepIndex: stepIdx,
    step: indexToPoint(stepIdx),
    logSize,
    size: 2 ** logSize,
    indexAt: (j: number) => indexAdd(init, indexMul(stepIdx, j)),
    at: (j: number) => indexToPoint(indexAdd(init, indexMul(stepIdx, j))),
    points(): CirclePoint[] {
      // Iterated by adding the step (one point addition per element) rather than `at(j)` (~60 each).
      const out: CirclePoint[] = [];
      const step = self.step;
      for (let j = 0, cur = self.initial; j < self.size; j++, cur = pointAdd(cur, step)) out.push(cur);
      return out;
    },
    double(): Coset {
      if (logSize === 0) throw new CircleError('cannot double a coset of size 1');
      return cosetWithStep(indexMul(init, 2), indexMul(stepIdx, 2), logSize - 1);
    },
    repeatedDouble(n: number): Coset {
      let c: Coset = self;
      for (let i = 0; i < n; i++) c = c.double();
      return c;
    },
    isDoublingOf(other: Coset): boolean {
      return logSize <= other.logSize && self.equals(other.repeatedDouble(other.logSize - logSize));
    },
    shift: (shift: number) => cosetWithStep(indexAdd(init, shift), stepIdx, logSize),
    conjugate: () => cosetWithStep(indexNeg(init), indexNeg(stepIdx), logSize),
    equals: (o: Coset) => o.initialIndex === init && o.stepIndex === stepIdx && o.logSize === logSize,
  });
  return self;
}

/** The coset initial + ⟨G_N⟩, N = 2^logSize, with `initialIndex` the index of its first point. */
export function coset(initialIndex: number, logSize: number): Coset {
  return cosetWithStep(initialIndex, subgroupGenIndex(logSize), logSize);
}

/** The subgroup ⟨G_N⟩ itself. */
export function subgroupCoset(logSize: number): Coset {
  return coset(0, logSize);
}

/** G_{2N} + ⟨G_N⟩ (`Coset::odds`): the point set of the canonic coset of size N. */
export function oddsCoset(logSize: number): Coset {
  return coset(subgroupGenIndex(logSize + 1), logSize);
}

/** G_{4N} + ⟨G_N⟩ (`Coset::half_odds`): half of a canonic coset of size 2N (its conjugate is the other half). */
export function halfOddsCoset(logSize: number): Coset {
  return coset(subgroupGenIndex(logSize + 2), logSize);
}
