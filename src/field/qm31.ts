/**
 * QM31 = CM31[u]/(u² − (2 + i)), the degree-4 "secure field". An element A + B·u with A = a + b·i,
 * B = c + d·i is stored as the four M31 coordinates **[a, b, c, d]** in this order everywhere (hashing,
 * channel mixing, secure columns).
 *
 * Two APIs: an immutable one on `readonly [a, b, c, d]` tuples (verifier, tests, OOD points), and
 * allocation-free `…Into` functions taking coordinates as numbers and writing four words into a caller's
 * `Uint32Array` at an offset (hot loops). Products are reduced once per output coordinate.
 * @module
 */
import * as cm31 from './cm31.js';
import type { CM31 } from './cm31.js';
import { FieldError } from './errors.js';
import * as m31 from './m31.js';

const P = m31.P;
const INV_P = 1 / P;

/** A QM31 element [a, b, c, d] = (a + b·i) + (c + d·i)·u, coordinates canonical M31 values. */
export type QM31 = readonly [number, number, number, number];

/** 0. */
export const ZERO: QM31 = Object.freeze([0, 0, 0, 0] as const);
/** 1. */
export const ONE: QM31 = Object.freeze([1, 0, 0, 0] as const);
/** The CM31 unit i. */
export const I: QM31 = Object.freeze([0, 1, 0, 0] as const);
/** The generator u of QM31 over CM31. */
export const U: QM31 = Object.freeze([0, 0, 1, 0] as const);
/** R = u² = 2 + i (Stwo's constant). */
export const R: CM31 = Object.freeze([2, 1] as const);

/** Builds [a, b, c, d] from canonical coordinates (checked). */
export function of(a: number, b: number, c: number, d: number): QM31 {
  m31.assertCanonical(a, 'QM31 coordinate a');
  m31.assertCanonical(b, 'QM31 coordinate b');
  m31.assertCanonical(c, 'QM31 coordinate c');
  m31.assertCanonical(d, 'QM31 coordinate d');
  return [a, b, c, d];
}

/** Embeds an M31 element. */
export function fromM31(a: number): QM31 {
  return [a, 0, 0, 0];
}

/** Builds A + B·u. */
export function fromCM31(a: CM31, b: CM31): QM31 {
  return [a[0], a[1], b[0], b[1]];
}

/**
 * Recombines four "coordinate" values v0 + v1·i + v2·u + v3·(i·u) (Stwo's `from_partial_evals`): how a
 * QM31 value is rebuilt from evaluations of its four M31 coordinate polynomials.
 */
export function fromPartialEvals(v0: QM31, v1: QM31, v2: QM31, v3: QM31): QM31 {
  return add(add(v0, mul(v1, I)), add(mul(v2, U), mul(v3, mul(I, U))));
}

/** x == y. */
export function eq(x: QM31, y: QM31): boolean {
  return x[0] === y[0] && x[1] === y[1] && x[2] === y[2] && x[3] === y[3];
}

/** x == 0. */
export function isZero(x: QM31): boolean {
  return x[0] === 0 && x[1] === 0 && x[2] === 0 && x[3] === 0;
}

/** x + y. */
export function add(x: QM31, y: QM31): QM31 {
  return [m31.add(x[0], y[0]), m31.add(x[1], y[1]), m31.add(x[2], y[2]), m31.add(x[3], y[3])];
}

/** x − y. */
export function sub(x: QM31, y: QM31): QM31 {
  return [m31.sub(x[0], y[0]), m31.sub(x[1], y[1]), m31.sub(x[2], y[2]), m31.sub(x[3], y[3])];
}

/** −x. */
export function neg(x: QM31): QM31 {
  return [m31.neg(x[0]), m31.neg(x[1]), m31.neg(x[2]), m31.neg(x[3])];
}

/** x + s for s ∈ M31. */
export function addM31(x: QM31, s: number): QM31 {
  return [m31.add(x[0], s), x[1], x[2], x[3]];
}

/** x · s for s ∈ M31. */
export function mulM31(x: QM31, s: number): QM31 {
  return [m31.mul(x[0], s), m31.mul(x[1], s), m31.mul(x[2], s), m31.mul(x[3], s)];
}

/** x · s for s ∈ CM31. */
export function mulCM31(x: QM31, s: CM31): QM31 {
  const a = cm31.mul([x[0], x[1]], s);
  const b = cm31.mul([x[2], x[3]], s);
  return [a[0], a[1], b[0], b[1]];
}

/**
 * The "complex conjugate" used by DEEP quotients: (A, −B) = [a, b, −c, −d], the automorphism x ↦ x^(p²)
 * fixing CM31. (Not conjugation of i.)
 */
export function conj(x: QM31): QM31 {
  return [x[0], x[1], m31.neg(x[2]), m31.neg(x[3])];
}

/**
 * The fused reduction step: reduces a signed sum S of a few M31 products, given both as a float estimate
 * `f` (|S| < 2^66, the products summed in float64) and exactly modulo 2^32 as `w` (the same sum of
 * `Math.imul` products, any integer-valued double below 2^53). q = round(S/p) is within one of the exact
 * rounding, so S − q·p lies in (−p, p) and its int32 value, computed modulo 2^32, is exact. Exported for
 * fused kernels elsewhere (one reduction per output coordinate).
 */
export function reduceSum(f: number, w: number): number {
  const q = Math.floor(f * INV_P + 0.5);
  const r = (w - Math.imul(q, P)) | 0;
  return r + ((r >> 31) & P);
}

/**
 * Writes (a0..a3)·(b0..b3) to out[o..o+3]. With A = (a0, a1), B = (a2, a3), C = (b0, b1), D = (b2, b3):
 * (A + Bu)(C + Du) = (AC + R·BD) + (AD + BC)u, R = 2 + i, expanded per coordinate so that each of the four
 * results is one signed sum of at most six products (weights ≤ 2), reduced once.
 */
export function mulInto(
  out: Uint32Array,
  o: number,
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  b0: number,
  b1: number,
  b2: number,
  b3: number,
): void {
  // c0 = a0b0 − a1b1 + 2(a2b2 − a3b3) − (a2b3 + a3b2)
  const i22 = Math.imul(a2, b2);
  const i33 = Math.imul(a3, b3);
  const i23 = Math.imul(a2, b3);
  const i32 = Math.imul(a3, b2);
  const f22 = a2 * b2;
  const f33 = a3 * b3;
  const f23 = a2 * b3;
  const f32 = a3 * b2;
  out[o] = reduceSum(
    a0 * b0 - a1 * b1 + 2 * (f22 - f33) - (f23 + f32),
    Math.imul(a0, b0) - Math.imul(a1, b1) + 2 * (i22 - i33) - (i23 + i32),
  );
  // c1 = a0b1 + a1b0 + (a2b2 − a3b3) + 2(a2b3 + a3b2)
  out[o + 1] = reduceSum(
    a0 * b1 + a1 * b0 + (f22 - f33) + 2 * (f23 + f32),
    Math.imul(a0, b1) + Math.imul(a1, b0) + (i22 - i33) + 2 * (i23 + i32),
  );
  // c2 = a0b2 − a1b3 + a2b0 − a3b1
  out[o + 2] = reduceSum(
    a0 * b2 - a1 * b3 + a2 * b0 - a3 * b1,
    Math.imul(a0, b2) - Math.imul(a1, b3) + Math.imul(a2, b0) - Math.imul(a3, b1),
  );
  // c3 = a0b3 + a1b2 + a2b1 + a3b0
  out[o + 3] = reduceSum(
    a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0,
    Math.imul(a0, b3) + Math.imul(a1, b2) + Math.imul(a2, b1) + Math.imul(a3, b0),
  );
}

/** Writes (a0..a3) + (b0..b3) to out[o..o+3]. */
export function addInto(
  out: Uint32Array,
  o: number,
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  b0: number,
  b1: number,
  b2: number,
  b3: number,
): void {
  out[o] = m31.add(a0, b0);
  out[o + 1] = m31.add(a1, b1);
  out[o + 2] = m31.add(a2, b2);
  out[o + 3] = m31.add(a3, b3);
}

/** Writes (a0..a3) − (b0..b3) to out[o..o+3]. */
export function subInto(
  out: Uint32Array,
  o: number,
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  b0: number,
  b1: number,
  b2: number,
  b3: number,
): void {
  out[o] = m31.sub(a0, b0);
  out[o + 1] = m31.sub(a1, b1);
  out[o + 2] = m31.sub(a2, b2);
  out[o + 3] = m31.sub(a3, b3);
}

/** Writes (a0..a3)·s to out[o..o+3] for s ∈ M31. */
export function mulM31Into(out: Uint32Array, o: number, a0: number, a1: number, a2: number, a3: number, s: number): void {
  out[o] = m31.mul(a0, s);
  out[o + 1] = m31.mul(a1, s);
  out[o + 2] = m31.mul(a2, s);
  out[o + 3] = m31.mul(a3, s);
}

/**
 * Writes (a0..a3)⁻¹ to out[o..o+3]: (A − Bu)/(A² − R·B²), the denominator in CM31.
 * Throws {@link FieldError} for 0.
 */
export function invInto(out: Uint32Array, o: number, a0: number, a1: number, a2: number, a3: number): void {
  if ((a0 | a1 | a2 | a3) === 0) throw new FieldError('inverse of zero in QM31');
  const aa = cm31.sqr([a0, a1]);
  const bb = cm31.sqr([a2, a3]);
  // R·B² with B² = s + t·i: (2s − t) + (s + 2t)i.
  const rb: CM31 = [m31.sub(m31.double(bb[0]), bb[1]), m31.add(bb[0], m31.double(bb[1]))];
  const dInv = cm31.inv(cm31.sub(aa, rb));
  cm31.mulInto(out, o, a0, a1, dInv[0], dInv[1]);
  cm31.mulInto(out, o + 2, m31.neg(a2), m31.neg(a3), dInv[0], dInv[1]);
}

const scratch = new Uint32Array(4);

/** x · y. */
export function mul(x: QM31, y: QM31): QM31 {
  mulInto(scratch, 0, x[0], x[1], x[2], x[3], y[0], y[1], y[2], y[3]);
  return [scratch[0]!, scratch[1]!, scratch[2]!, scratch[3]!];
}

/** x². */
export function sqr(x: QM31): QM31 {
  return mul(x, x);
}

/** x⁻¹; throws {@link FieldError} for 0. */
export function inv(x: QM31): QM31 {
  invInto(scratch, 0, x[0], x[1], x[2], x[3]);
  return [scratch[0]!, scratch[1]!, scratch[2]!, scratch[3]!];
}

/** x / y; throws {@link FieldError} when y = 0. */
export function div(x: QM31, y: QM31): QM31 {
  return mul(x, inv(y));
}

/**
 * x^e for an integer exponent e ≥ 0: a safe integer, or a bigint for exponents up to the group order
 * (not a hot path; the number form uses no BigInt).
 */
export function pow(x: QM31, e: number | bigint): QM31 {
  let r: QM31 = ONE;
  let b = x;
  if (typeof e === 'bigint') {
    if (e < 0n) throw new FieldError(`exponent must be non-negative: ${e}`);
    for (let k = e; k > 0n; k >>= 1n) {
      if (k & 1n) r = mul(r, b);
      b = mul(b, b);
    }
    return r;
  }
  if (!Number.isSafeInteger(e) || e < 0) throw new FieldError(`exponent must be a non-negative safe integer: ${e}`);
  for (let k = e; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) r = mul(r, b);
    b = mul(b, b);
  }
  return r;
}

/** Formats as `[a, b, c, d]` for messages. */
export function toString(x: QM31): string {
  return `[${x[0]}, ${x[1]}, ${x[2]}, ${x[3]}]`;
}
