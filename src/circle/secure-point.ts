/**
 * Points of the circle over the secure field QM31 (x² + y² = 1, p⁴ − 1 points): out-of-domain sample
 * points, drawn from the channel through the stereographic map t ↦ ((1 − t²)/(1 + t²), 2t/(1 + t²)).
 * @module
 */
import { qm31 } from '../field/index.js';
import type { QM31 } from '../field/index.js';
import { CircleError } from './errors.js';
import type { CirclePoint } from './point.js';

/** A point of C(QM31). */
export interface SecurePoint {
  readonly x: QM31;
  readonly y: QM31;
}

/** The identity (1, 0). */
export const SECURE_IDENTITY: SecurePoint = Object.freeze({ x: qm31.ONE, y: qm31.ZERO });

/** Stwo's generator of C(QM31) (order p⁴ − 1; used only by tests). */
export const SECURE_CIRCLE_GENERATOR: SecurePoint = Object.freeze({
  x: Object.freeze([1, 0, 478637715, 513582971] as const),
  y: Object.freeze([992285211, 649143431, 740191619, 1186584352] as const),
});

/** Embeds a point of C(M31). */
export function securePointFromM31(p: CirclePoint): SecurePoint {
  return { x: qm31.fromM31(p.x), y: qm31.fromM31(p.y) };
}

/** Whether x² + y² = 1. */
export function isOnSecureCircle(p: SecurePoint): boolean {
  return qm31.eq(qm31.add(qm31.sqr(p.x), qm31.sqr(p.y)), qm31.ONE);
}

/** p == q. */
export function securePointsEqual(p: SecurePoint, q: SecurePoint): boolean {
  return qm31.eq(p.x, q.x) && qm31.eq(p.y, q.y);
}

/** p + q. */
export function securePointAdd(p: SecurePoint, q: SecurePoint): SecurePoint {
  return {
    x: qm31.sub(qm31.mul(p.x, q.x), qm31.mul(p.y, q.y)),
    y: qm31.add(qm31.mul(p.x, q.y), qm31.mul(p.y, q.x)),
  };
}

/** p + q for q ∈ C(M31) (cheaper: M31 × QM31 products), e.g. a mask shift of an OOD point. */
export function securePointAddM31(p: SecurePoint, q: CirclePoint): SecurePoint {
  return {
    x: qm31.sub(qm31.mulM31(p.x, q.x), qm31.mulM31(p.y, q.y)),
    y: qm31.add(qm31.mulM31(p.x, q.y), qm31.mulM31(p.y, q.x)),
  };
}

/** π(x) = 2x² − 1 over QM31. */
export function secureDoubleX(x: QM31): QM31 {
  const s = qm31.sqr(x);
  return qm31.sub(qm31.add(s, s), qm31.ONE);
}

/** 2p. */
export function securePointDouble(p: SecurePoint): SecurePoint {
  const xy = qm31.mul(p.x, p.y);
  return { x: secureDoubleX(p.x), y: qm31.add(xy, xy) };
}

/** The group inverse (x, −y). */
export function securePointConjugate(p: SecurePoint): SecurePoint {
  return { x: p.x, y: qm31.neg(p.y) };
}

/** The antipode (−x, −y). */
export function securePointAntipode(p: SecurePoint): SecurePoint {
  return { x: qm31.neg(p.x), y: qm31.neg(p.y) };
}

/** Coordinatewise QM31 conjugation (x̄, ȳ) (the Frobenius-type map of DEEP quotients, not the group inverse). */
export function securePointComplexConjugate(p: SecurePoint): SecurePoint {
  return { x: qm31.conj(p.x), y: qm31.conj(p.y) };
}

/** k · p for an integer k ≥ 0 (a safe integer, or a bigint up to the group order; not a hot path). */
export function securePointMul(p: SecurePoint, k: number | bigint): SecurePoint {
  let r = SECURE_IDENTITY;
  let b = p;
  if (typeof k === 'bigint') {
    if (k < 0n) throw new CircleError(`scalar must be non-negative: ${k}`);
    for (let e = k; e > 0n; e >>= 1n) {
      if (e & 1n) r = securePointAdd(r, b);
      b = securePointDouble(b);
    }
    return r;
  }
  if (!Number.isSafeInteger(k) || k < 0) throw new CircleError(`scalar must be a non-negative safe integer: ${k}`);
  for (let e = k; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) r = securePointAdd(r, b);
    b = securePointDouble(b);
  }
  return r;
}

/**
 * The stereographic map t ↦ ((1 − t²)/(1 + t²), 2t/(1 + t²)) (Stwo's `get_random_point`, applied to a
 * drawn t). Throws {@link CircleError} when 1 + t² = 0 (t = ±i), where the map is undefined.
 */
export function securePointFromT(t: QM31): SecurePoint {
  const t2 = qm31.sqr(t);
  const den = qm31.add(t2, qm31.ONE);
  if (qm31.isZero(den)) throw new CircleError('stereographic map undefined: 1 + t² = 0');
  const inv = qm31.inv(den);
  return { x: qm31.mul(qm31.sub(qm31.ONE, t2), inv), y: qm31.mul(qm31.add(t, t), inv) };
}
