/**
 * Circle polynomials in Stwo's FFT basis. A polynomial of log size n has N = 2^n coefficients; coefficient
 * j multiplies b_j(x, y) = y^(j₀) · x^(j₁) · π(x)^(j₂) ⋯ π^(n−2)(x)^(j_(n−1)) (j_k = bit k of j). Because the
 * basis of size N is a prefix of the basis of any larger size, extending (LDE) is zero-padding.
 * @module
 */
import { doubleX, secureDoubleX } from '../../circle/index.js';
import type { CirclePoint, SecurePoint } from '../../circle/index.js';
import { m31, qm31 } from '../../field/index.js';
import type { QM31, SecureColumn } from '../../field/index.js';
import { PolyError } from '../errors.js';

function logOf(n: number): number {
  if (n < 1 || (n & (n - 1)) !== 0) throw new PolyError(`coefficient count ${n} is not a power of two`);
  return 31 - Math.clz32(n);
}

/**
 * f(P) for M31 coefficients and P ∈ C(M31), in O(N): fold pairs (2k, 2k+1) with y, then x, π(x), …
 * (bit k of the coefficient index pairs with the k-th factor).
 */
export function evaluateAtPoint(coeffs: Uint32Array, p: CirclePoint): number {
  const n = logOf(coeffs.length);
  if (n === 0) return coeffs[0]!;
  const w = new Uint32Array(coeffs.length / 2);
  for (let k = 0; k < w.length; k++) w[k] = m31.add(coeffs[2 * k]!, m31.mul(p.y, coeffs[2 * k + 1]!));
  let x = p.x;
  for (let len = w.length; len > 1; len /= 2) {
    for (let k = 0; k < len / 2; k++) w[k] = m31.add(w[2 * k]!, m31.mul(x, w[2 * k + 1]!));
    x = doubleX(x);
  }
  return w[0]!;
}

/** f(P) for M31 coefficients and P ∈ C(QM31) (e.g. the out-of-domain point), in O(N) QM31 operations. */
export function evaluateAtSecurePoint(coeffs: Uint32Array, p: SecurePoint): QM31 {
  const n = logOf(coeffs.length);
  if (n === 0) return qm31.fromM31(coeffs[0]!);
  const half = coeffs.length / 2;
  const w = new Uint32Array(4 * half);
  const [y0, y1, y2, y3] = p.y;
  for (let k = 0; k < half; k++) {
    const c1 = coeffs[2 * k + 1]!;
    w[4 * k] = m31.add(coeffs[2 * k]!, m31.mul(y0, c1));
    w[4 * k + 1] = m31.mul(y1, c1);
    w[4 * k + 2] = m31.mul(y2, c1);
    w[4 * k + 3] = m31.mul(y3, c1);
  }
  let x = p.x;
  const t = new Uint32Array(4);
  for (let len = half; len > 1; len /= 2) {
    const [x0, x1, x2, x3] = x;
    for (let k = 0; k < len / 2; k++) {
      const a = 8 * k;
      qm31.mulInto(t, 0, x0, x1, x2, x3, w[a + 4]!, w[a + 5]!, w[a + 6]!, w[a + 7]!);
      qm31.addInto(w, 4 * k, w[a]!, w[a + 1]!, w[a + 2]!, w[a + 3]!, t[0]!, t[1]!, t[2]!, t[3]!);
    }
    x = secureDoubleX(x);
  }
  return [w[0]!, w[1]!, w[2]!, w[3]!];
}

/**
 * f(P) for a polynomial with QM31 coefficients given as four coordinate polynomials (a secure column of
 * coefficients): Σ_k e_k · f_k(P) with (e_k) = (1, i, u, iu).
 */
export function evaluateSecureAtSecurePoint(coeffs: SecureColumn, p: SecurePoint): QM31 {
  const v = coeffs.map((c) => evaluateAtSecurePoint(c, p)) as unknown as [QM31, QM31, QM31, QM31];
  return qm31.fromPartialEvals(v[0], v[1], v[2], v[3]);
}

/** The same polynomial with 2^logSize coefficients (zero-padded); logSize must not shrink it. */
export function extendCoefficients(coeffs: Uint32Array, logSize: number): Uint32Array {
  const target = 2 ** logSize;
  if (!Number.isInteger(logSize) || logSize < 0 || logSize > 30 || target < coeffs.length) {
    throw new PolyError(`cannot extend ${coeffs.length} coefficients to log size ${logSize}`);
  }
  const out = new Uint32Array(target);
  out.set(coeffs);
  return out;
}
