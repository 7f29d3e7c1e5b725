/**
 * The Mersenne-31 prime field M31 = Z/pZ with p = 2^31 − 1, on plain `number`s.
 *
 * Every function takes and returns canonical values in [0, p) (callers guarantee canonical inputs; use
 * {@link reduce} or {@link fromU32} at the boundary). Nothing here allocates except the vector helpers'
 * optional outputs, and nothing uses BigInt.
 * @module
 */
import { FieldError } from './errors.js';

/** The modulus p = 2^31 − 1. */
export const P = 0x7fffffff;
/** log2(p + 1). */
export const BITS = 31;
/** The additive identity. */
export const ZERO = 0;
/** The multiplicative identity. */
export const ONE = 1;

// Float reciprocal of p, used to estimate quotients (see `mul`).
const INV_P = 1 / P;

/** Whether `x` is a canonical field element: an integer in [0, p). */
export function isCanonical(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x < P;
}

/** Throws {@link FieldError} unless `x` is a canonical element. */
export function assertCanonical(x: number, what = 'value'): void {
  if (!isCanonical(x)) throw new FieldError(`${what} is not a canonical M31 element: ${x}`);
}

/** Reduces an unsigned 32-bit integer (e.g. a word read from a `Uint32Array` or a hash) to [0, p). */
export function fromU32(x: number): number {
  // x = hi·2^31 + lo ≡ hi + lo (mod p) since 2^31 ≡ 1; hi ≤ 1 so the sum is < p + 2: one fix-up.
  const r = (x & P) + (x >>> 31);
  return r >= P ? r - P : r;
}

/** Reduces any safe integer (negative allowed) to [0, p). */
export function reduce(n: number): number {
  if (!Number.isSafeInteger(n)) throw new FieldError(`not a safe integer: ${n}`);
  const r = n % P;
  // `| 0` turns the −0 that `%` yields for negative multiples of p into 0 (|r| < p fits int32).
  return (r < 0 ? r + P : r) | 0;
}

/** a + b. */
export function add(a: number, b: number): number {
  const s = a + b;
  // Branch-free: `s − p` is negative exactly when no reduction is needed (measured ~3× faster than `?:`).
  const t = s - P;
  return t + ((t >> 31) & P);
}

/** a − b. */
export function sub(a: number, b: number): number {
  const d = a - b;
  return d + ((d >> 31) & P);
}

/** −a (so −0 = 0). */
export function neg(a: number): number {
  return a === 0 ? 0 : P - a;
}

/** 2a. */
export function double(a: number): number {
  return add(a, a);
}

/**
 * a · b.
 *
 * The 62-bit product does not fit a float64, so: estimate q = round(a·b/p) in floating point (the error of
 * the estimate is below 2^−20, so q is within one of the exact rounding), compute the exact remainder
 * a·b − q·p modulo 2^32 with `Math.imul` (it lies in (−p/2 − 2^11, p/2 + 2^11), so its int32 value is exact),
 * and add p when it is negative. Measured ~3.4 ns, vs 5.8 ns for a 16-bit split and 15 ns with BigInt.
 */
export function mul(a: number, b: number): number {
  // `| 0` truncates; the argument is ≥ 0, so this is floor(x + 0.5). Values ≥ 2^31 wrap, which is harmless
  // because `Math.imul` only uses q modulo 2^32.
  const q = (a * b * INV_P + 0.5) | 0;
  const r = (Math.imul(a, b) - Math.imul(q, P)) | 0;
  return r + ((r >> 31) & P);
}

/** a². */
export function sqr(a: number): number {
  return mul(a, a);
}

/** a^e for an integer exponent 0 ≤ e < 2^53 (negative exponents: use `pow(inv(a), -e)`). */
export function pow(a: number, e: number): number {
  if (!Number.isSafeInteger(e) || e < 0) throw new FieldError(`exponent must be a non-negative safe integer: ${e}`);
  let r = 1;
  let b = a;
  while (e > 0) {
    // `% 2` and division rather than bit operators: e may exceed 2^32.
    if (e % 2 === 1) r = mul(r, b);
    b = mul(b, b);
    e = Math.floor(e / 2);
  }
  return r;
}

/** a⁻¹ = a^(p−2). Throws {@link FieldError} for 0, which Fermat inversion would silently map to 0. */
export function inv(a: number): number {
  if (a === 0) throw new FieldError('inverse of zero in M31');
  return pow(a, P - 2);
}

/** a / b; throws {@link FieldError} when b = 0. */
export function div(a: number, b: number): number {
  return mul(a, inv(b));
}

/**
 * Inverts every element of `values` with one field inversion (Montgomery's trick: prefix products,
 * one inverse, a backward sweep). Throws {@link FieldError} naming the first zero.
 * @param out destination (may be `values` itself); allocated when omitted
 */
export function batchInverse(values: Uint32Array, out: Uint32Array = new Uint32Array(values.length)): Uint32Array {
  const n = values.length;
  if (out.length !== n) throw new FieldError(`batchInverse: output length ${out.length} != ${n}`);
  if (n === 0) return out;
  // prefix[i] = v0·…·v(i−1) is kept in a scratch array so `out` may alias `values`.
  const prefix = new Uint32Array(n);
  let acc = 1;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v === 0) throw new FieldError(`batchInverse: element ${i} is zero`);
    prefix[i] = acc;
    acc = mul(acc, v);
  }
  let invAcc = inv(acc);
  for (let i = n - 1; i >= 0; i--) {
    const v = values[i]!;
    out[i] = mul(invAcc, prefix[i]!);
    invAcc = mul(invAcc, v);
  }
  return out;
}

function checkLengths(name: string, out: Uint32Array, a: Uint32Array, b?: Uint32Array): void {
  if (a.length !== out.length || (b !== undefined && b.length !== out.length)) {
    throw new FieldError(`${name}: length mismatch (${out.length}, ${a.length}${b ? ', ' + b.length : ''})`);
  }
}

/** out[i] = a[i] + b[i]. `out` may alias an input. */
export function addVec(out: Uint32Array, a: Uint32Array, b: Uint32Array): Uint32Array {
  checkLengths('addVec', out, a, b);
  for (let i = 0; i < out.length; i++) {
    const t = a[i]! + b[i]! - P;
    out[i] = t + ((t >> 31) & P);
  }
  return out;
}

/** out[i] = a[i] − b[i]. `out` may alias an input. */
export function subVec(out: Uint32Array, a: Uint32Array, b: Uint32Array): Uint32Array {
  checkLengths('subVec', out, a, b);
  for (let i = 0; i < out.length; i++) {
    const d = a[i]! - b[i]!;
    out[i] = d + ((d >> 31) & P);
  }
  return out;
}

/** out[i] = a[i] · b[i]. `out` may alias an input. */
export function mulVec(out: Uint32Array, a: Uint32Array, b: Uint32Array): Uint32Array {
  checkLengths('mulVec', out, a, b);
  for (let i = 0; i < out.length; i++) out[i] = mul(a[i]!, b[i]!);
  return out;
}

/** out[i] = a[i] · s. `out` may alias `a`. */
export function scaleVec(out: Uint32Array, a: Uint32Array, s: number): Uint32Array {
  checkLengths('scaleVec', out, a);
  for (let i = 0; i < out.length; i++) out[i] = mul(a[i]!, s);
  return out;
}

/** out[i] = −a[i]. `out` may alias `a`. */
export function negVec(out: Uint32Array, a: Uint32Array): Uint32Array {
  checkLengths('negVec', out, a);
  for (let i = 0; i < out.length; i++) {
    const v = a[i]!;
    out[i] = v === 0 ? 0 : P - v;
  }
  return out;
}
