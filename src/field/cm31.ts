/**
 * CM31 = M31[i]/(i² + 1): pairs (a, b) meaning a + b·i. A field because −1 is a non-residue mod p (p ≡ 3 mod 4).
 *
 * Two APIs: an immutable one on `readonly [a, b]` tuples (verifier, tests), and allocation-free `…Into`
 * functions taking coordinates as numbers and writing to a caller's `Uint32Array` at an offset (hot loops).
 * @module
 */
import { FieldError } from './errors.js';
import * as m31 from './m31.js';

const P = m31.P;
const INV_P = 1 / P;

/** A CM31 element (a, b) = a + b·i, coordinates canonical M31 values. */
export type CM31 = readonly [number, number];

/** 0. */
export const ZERO: CM31 = Object.freeze([0, 0] as const);
/** 1. */
export const ONE: CM31 = Object.freeze([1, 0] as const);
/** i. */
export const I: CM31 = Object.freeze([0, 1] as const);

/** Builds a + b·i from canonical coordinates (checked). */
export function of(a: number, b: number): CM31 {
  m31.assertCanonical(a, 'CM31 real part');
  m31.assertCanonical(b, 'CM31 imaginary part');
  return [a, b];
}

/** Embeds an M31 element. */
export function fromM31(a: number): CM31 {
  return [a, 0];
}

/** x == y. */
export function eq(x: CM31, y: CM31): boolean {
  return x[0] === y[0] && x[1] === y[1];
}

/** x == 0. */
export function isZero(x: CM31): boolean {
  return x[0] === 0 && x[1] === 0;
}

/** x + y. */
export function add(x: CM31, y: CM31): CM31 {
  return [m31.add(x[0], y[0]), m31.add(x[1], y[1])];
}

/** x − y. */
export function sub(x: CM31, y: CM31): CM31 {
  return [m31.sub(x[0], y[0]), m31.sub(x[1], y[1])];
}

/** −x. */
export function neg(x: CM31): CM31 {
  return [m31.neg(x[0]), m31.neg(x[1])];
}

/** Complex conjugate a − b·i. */
export function conj(x: CM31): CM31 {
  return [x[0], m31.neg(x[1])];
}

/** x · s for s ∈ M31. */
export function mulM31(x: CM31, s: number): CM31 {
  return [m31.mul(x[0], s), m31.mul(x[1], s)];
}

/**
 * Real part of (a0 + a1·i)(b0 + b1·i), i.e. a0·b0 − a1·b1, reduced once.
 * Same float-estimate/imul technique as `m31.mul`, applied to the signed sum (|sum| < 2^62).
 */
function re(a0: number, a1: number, b0: number, b1: number): number {
  const q = Math.floor((a0 * b0 - a1 * b1) * INV_P + 0.5);
  const r = (Math.imul(a0, b0) - Math.imul(a1, b1) - Math.imul(q, P)) | 0;
  return r + ((r >> 31) & P);
}

/** Imaginary part a0·b1 + a1·b0, reduced once (the sum is < 2^63, still estimated well in float). */
function im(a0: number, a1: number, b0: number, b1: number): number {
  const q = Math.floor((a0 * b1 + a1 * b0) * INV_P + 0.5);
  const r = (Math.imul(a0, b1) + Math.imul(a1, b0) - Math.imul(q, P)) | 0;
  return r + ((r >> 31) & P);
}

/** x · y. */
export function mul(x: CM31, y: CM31): CM31 {
  return [re(x[0], x[1], y[0], y[1]), im(x[0], x[1], y[0], y[1])];
}

/** x². */
export function sqr(x: CM31): CM31 {
  return mul(x, x);
}

/** a² + b² = x·conj(x) ∈ M31. */
export function norm(x: CM31): number {
  return re(x[0], x[1], x[0], m31.neg(x[1]));
}

/** x⁻¹ = conj(x)/(a² + b²). Throws {@link FieldError} for 0. */
export function inv(x: CM31): CM31 {
  if (isZero(x)) throw new FieldError('inverse of zero in CM31');
  const n = m31.inv(norm(x));
  return [m31.mul(x[0], n), m31.mul(m31.neg(x[1]), n)];
}

/** x / y; throws {@link FieldError} when y = 0. */
export function div(x: CM31, y: CM31): CM31 {
  return mul(x, inv(y));
}

/** Writes (a0 + a1·i)(b0 + b1·i) to out[o], out[o+1]. */
export function mulInto(out: Uint32Array, o: number, a0: number, a1: number, b0: number, b1: number): void {
  out[o] = re(a0, a1, b0, b1);
  out[o + 1] = im(a0, a1, b0, b1);
}

/** Formats as `a + b·i` for messages. */
export function toString(x: CM31): string {
  return `${x[0]} + ${x[1]}i`;
}
