/**
 * Vanishing polynomials of cosets. For D = c + ⟨G_N⟩ (N = 2^n): Z_D(P) = π^(n−1)((P − c + G_{2N}).x) —
 * the shift moves D onto the canonic coset, whose n − 1 doublings land on {G_4, −G_4}, both with x = 0.
 * For a canonic coset the shift vanishes: Z(P) = π^(n−1)(P.x), a polynomial of degree N/2 in x.
 * @module
 */
import { qm31 } from '../field/index.js';
import type { QM31 } from '../field/index.js';
import type { Coset } from './coset.js';
import { CircleError } from './errors.js';
import { indexHalf, indexSub, indexToPoint } from './point-index.js';
import { doubleX, pointAdd } from './point.js';
import type { CirclePoint } from './point.js';
import { secureDoubleX, securePointAddM31 } from './secure-point.js';
import type { SecurePoint } from './secure-point.js';

function checkCoset(c: Coset): void {
  if (c.logSize < 1 || c.logSize > 30) throw new CircleError(`vanishing polynomial needs a coset log size in [1, 30]: ${c.logSize}`);
}

/** Z_D(P) for a coset D and P ∈ C(M31). */
export function cosetVanishing(c: Coset, p: CirclePoint): number {
  checkCoset(c);
  // −c + G_{2N} as one index, with G_{2N} taken as half the step index exactly as Stwo does
  // (`coset.step_size.half()`); for a conjugate coset (step −G_N) that is G_2 − G_{2N}, which still maps D
  // onto the canonic coset.
  const shift = indexToPoint(indexSub(indexHalf(c.stepIndex), c.initialIndex));
  let x = pointAdd(p, shift).x;
  for (let i = 1; i < c.logSize; i++) x = doubleX(x);
  return x;
}

/** Z_D(P) for a coset D and P ∈ C(QM31). */
export function cosetVanishingSecure(c: Coset, p: SecurePoint): QM31 {
  checkCoset(c);
  const shift = indexToPoint(indexSub(indexHalf(c.stepIndex), c.initialIndex));
  let x = securePointAddM31(p, shift).x;
  for (let i = 1; i < c.logSize; i++) x = secureDoubleX(x);
  return x;
}

function checkLog(logSize: number): void {
  if (!Number.isInteger(logSize) || logSize < 1 || logSize > 30) {
    throw new CircleError(`canonic coset log size must be in [1, 30]: ${logSize}`);
  }
}

/** Z(P) = π^(n−1)(P.x) for the canonic coset of log size n and P ∈ C(M31). */
export function canonicVanishing(logSize: number, p: CirclePoint): number {
  checkLog(logSize);
  let x = p.x;
  for (let i = 1; i < logSize; i++) x = doubleX(x);
  return x;
}

/** Z(P) = π^(n−1)(P.x) for the canonic coset of log size n and P ∈ C(QM31). */
export function canonicVanishingSecure(logSize: number, p: SecurePoint): QM31 {
  checkLog(logSize);
  let x = p.x;
  for (let i = 1; i < logSize; i++) x = secureDoubleX(x);
  return x;
}

/** Z(P)⁻¹ for the canonic coset; throws {@link CircleError} when P lies on the coset (Z(P) = 0). */
export function canonicVanishingInverseSecure(logSize: number, p: SecurePoint): QM31 {
  const z = canonicVanishingSecure(logSize, p);
  if (qm31.isZero(z)) throw new CircleError('point lies on the vanishing coset (Z(P) = 0)');
  return qm31.inv(z);
}
