/**
 * Points of the circle group C(M31) = {(x, y) ∈ M31² : x² + y² = 1}, a cyclic group of order 2^31 written
 * additively: (x1, y1) + (x2, y2) = (x1x2 − y1y2, x1y2 + y1x2), identity (1, 0), negation = conjugation
 * (x, −y). Think of x + iy as a unit complex number.
 * @module
 */
import { m31 } from '../field/index.js';
import { CircleError } from './errors.js';

/** A point of C(M31); coordinates are canonical M31 values. */
export interface CirclePoint {
  readonly x: number;
  readonly y: number;
}

/** log2 of the group order: |C(M31)| = p + 1 = 2^31. */
export const CIRCLE_LOG_ORDER = 31;

/** The identity (1, 0). */
export const IDENTITY: CirclePoint = Object.freeze({ x: 1, y: 0 });

/** Stwo's generator g = (2, 1268011823), of order 2^31. */
export const CIRCLE_GENERATOR: CirclePoint = Object.freeze({ x: 2, y: 1268011823 });

/** Builds a point, checking canonical coordinates and x² + y² = 1. */
export function circlePoint(x: number, y: number): CirclePoint {
  m31.assertCanonical(x, 'circle point x');
  m31.assertCanonical(y, 'circle point y');
  const p = { x, y };
  if (!isOnCircle(p)) throw new CircleError(`(${x}, ${y}) is not on the circle x² + y² = 1`);
  return p;
}

/** Whether x² + y² = 1. */
export function isOnCircle(p: CirclePoint): boolean {
  return m31.add(m31.sqr(p.x), m31.sqr(p.y)) === 1;
}

/** p == q. */
export function pointsEqual(p: CirclePoint, q: CirclePoint): boolean {
  return p.x === q.x && p.y === q.y;
}

/** p + q. */
export function pointAdd(p: CirclePoint, q: CirclePoint): CirclePoint {
  return {
    x: m31.sub(m31.mul(p.x, q.x), m31.mul(p.y, q.y)),
    y: m31.add(m31.mul(p.x, q.y), m31.mul(p.y, q.x)),
  };
}

/** p − q. */
export function pointSub(p: CirclePoint, q: CirclePoint): CirclePoint {
  return pointAdd(p, conjugate(q));
}

/** 2p = (2x² − 1, 2xy). */
export function pointDouble(p: CirclePoint): CirclePoint {
  return { x: doubleX(p.x), y: m31.double(m31.mul(p.x, p.y)) };
}

/** The x-coordinate doubling map π(x) = 2x² − 1: the x of 2P given the x of P. */
export function doubleX(x: number): number {
  return m31.sub(m31.double(m31.sqr(x)), 1);
}

/** 2^n · p. */
export function repeatedDouble(p: CirclePoint, n: number): CirclePoint {
  let r = p;
  for (let i = 0; i < n; i++) r = pointDouble(r);
  return r;
}

/** The group inverse −p = (x, −y), the complex conjugate. */
export function conjugate(p: CirclePoint): CirclePoint {
  return { x: p.x, y: m31.neg(p.y) };
}

/** The antipode p + (−1, 0) = (−x, −y). */
export function antipode(p: CirclePoint): CirclePoint {
  return { x: m31.neg(p.x), y: m31.neg(p.y) };
}

/** k · p for any safe integer k (negative k multiplies the conjugate). */
export function pointMul(p: CirclePoint, k: number): CirclePoint {
  if (!Number.isSafeInteger(k)) throw new CircleError(`scalar must be a safe integer: ${k}`);
  let base = k < 0 ? conjugate(p) : p;
  let e = Math.abs(k);
  let r = IDENTITY;
  while (e > 0) {
    if (e % 2 === 1) r = pointAdd(r, base);
    base = pointDouble(base);
    e = Math.floor(e / 2);
  }
  return r;
}

/** log2 of the order of p (every order is a power of two): doublings of x until it reaches 1. */
export function logOrder(p: CirclePoint): number {
  if (!isOnCircle(p)) throw new CircleError(`(${p.x}, ${p.y}) is not on the circle`);
  let x = p.x;
  let n = 0;
  while (x !== 1) {
    x = doubleX(x);
    if (++n > CIRCLE_LOG_ORDER) throw new CircleError('order exceeds 2^31'); // unreachable on the circle
  }
  return n;
}
