/**
 * Univariate "line" polynomials over x-coordinates (FRI's layers and its last layer). Basis: natural
 * coefficient index c multiplies x^(c₀) · π(x)^(c₁) · π²(x)^(c₂) ⋯. Stwo's `LinePoly` stores coefficients in
 * **bit-reversed** order, so the most significant bit of a storage index selects x. Line evaluations are
 * stored bit-reversed on their `LineDomain`, like circle evaluations.
 * @module
 */
import { bitReverse, bitReverseIndex, secureDoubleX } from '../circle/index.js';
import type { LineDomain } from '../circle/index.js';
import { cloneColumn, columnLength, m31, qm31, secureColumn } from '../field/index.js';
import type { QM31, SecureColumn } from '../field/index.js';
import { PolyError } from './errors.js';
import { inversePowerOfTwo } from './fft.js';

/** A line polynomial with QM31 coefficients (four coordinate columns), stored bit-reversed. */
export interface LinePoly {
  /** Coefficients in bit-reversed order. */
  readonly coeffs: SecureColumn;
  /** log2 of the number of coefficients. */
  readonly logSize: number;
}

function logOf(n: number): number {
  if (n < 1 || (n & (n - 1)) !== 0) throw new PolyError(`length ${n} is not a power of two`);
  return 31 - Math.clz32(n);
}

/** Wraps coefficients already in bit-reversed order (no copy). */
export function linePoly(coeffs: SecureColumn): LinePoly {
  return Object.freeze({ coeffs, logSize: logOf(columnLength(coeffs)) });
}

/** A line polynomial from coefficients in natural order (copied, then bit-reversed). */
export function linePolyFromOrderedCoefficients(coeffs: SecureColumn): LinePoly {
  const c = cloneColumn(coeffs);
  for (const k of c) bitReverse(k);
  return linePoly(c);
}

/** The coefficients in natural order (a copy). */
export function orderedCoefficients(poly: LinePoly): SecureColumn {
  const c = cloneColumn(poly.coeffs);
  for (const k of c) bitReverse(k);
  return c;
}

/** p(x) for x ∈ QM31: fold with factors [x, π(x), π²(x), …], the first pairing with the storage index's MSB. */
export function lineEvalAtPoint(poly: LinePoly, x: QM31): QM31 {
  const k = poly.logSize;
  const factors: QM31[] = [];
  for (let j = 0, f = x; j < k; j++, f = secureDoubleX(f)) factors.push(f);
  const n = 2 ** k;
  const w = new Uint32Array(4 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 4; c++) w[4 * i + c] = poly.coeffs[c]![i]!;
  const t = new Uint32Array(4);
  // Pairs (2m, 2m+1) differ in the storage index's LSB, which pairs with the last factor.
  for (let len = n, j = k - 1; len > 1; len /= 2, j--) {
    const [f0, f1, f2, f3] = factors[j]!;
    for (let m = 0; m < len / 2; m++) {
      const a = 8 * m;
      qm31.mulInto(t, 0, f0, f1, f2, f3, w[a + 4]!, w[a + 5]!, w[a + 6]!, w[a + 7]!);
      qm31.addInto(w, 4 * m, w[a]!, w[a + 1]!, w[a + 2]!, w[a + 3]!, t[0]!, t[1]!, t[2]!, t[3]!);
    }
  }
  return [w[0]!, w[1]!, w[2]!, w[3]!];
}

/**
 * Twiddles of a line domain: level j lists the x-coordinates of the first half of the domain doubled j
 * times, bit-reversed (2^(k−1−j) entries). Computed directly (line transforms are small: FRI's last layer).
 */
export function lineDomainTwiddles(domain: LineDomain): Uint32Array[] {
  const levels: Uint32Array[] = [];
  let d = domain;
  for (let j = 0; j < domain.logSize; j++) {
    const xs = d.values().subarray(0, d.size / 2);
    levels.push(bitReverse(xs.slice()));
    if (j + 1 < domain.logSize) d = d.double();
  }
  return levels;
}

/** Forward line FFT in place on one M31 coordinate: natural-order coefficients → bit-reversed evaluations. */
export function lineFft(values: Uint32Array, domain: LineDomain, levels = lineDomainTwiddles(domain)): void {
  if (values.length !== domain.size) throw new PolyError(`line FFT: ${values.length} values for a domain of ${domain.size}`);
  for (let j = domain.logSize - 1; j >= 0; j--) {
    const s = 2 ** j;
    const tw = levels[j]!;
    for (let h = 0; h < tw.length; h++) {
      const t = tw[h]!;
      for (let l = h * 2 * s; l < h * 2 * s + s; l++) {
        const a = values[l]!;
        const tb = m31.mul(values[l + s]!, t);
        values[l] = m31.add(a, tb);
        values[l + s] = m31.sub(a, tb);
      }
    }
  }
}

/**
 * Inverse line FFT in place on one M31 coordinate: bit-reversed evaluations → natural-order coefficients,
 * **not** normalised (multiply by 1/len, as {@link lineInterpolate} does).
 */
export function lineIfft(values: Uint32Array, domain: LineDomain, levels = lineDomainTwiddles(domain)): void {
  if (values.length !== domain.size) throw new PolyError(`line IFFT: ${values.length} values for a domain of ${domain.size}`);
  for (let j = 0; j < domain.logSize; j++) {
    const s = 2 ** j;
    const tw = m31.batchInverse(levels[j]!);
    for (let h = 0; h < tw.length; h++) {
      const t = tw[h]!;
      for (let l = h * 2 * s; l < h * 2 * s + s; l++) {
        const a = values[l]!;
        const b = values[l + s]!;
        values[l] = m31.add(a, b);
        values[l + s] = m31.mul(m31.sub(a, b), t);
      }
    }
  }
}

/** Interpolates bit-reversed evaluations on `domain` into a line polynomial (Stwo's `LineEvaluation::interpolate`). */
export function lineInterpolate(values: SecureColumn, domain: LineDomain): LinePoly {
  const c = cloneColumn(values);
  const levels = lineDomainTwiddles(domain);
  const scale = inversePowerOfTwo(domain.logSize);
  for (const k of c) {
    lineIfft(k, domain, levels);
    m31.scaleVec(k, k, scale);
    bitReverse(k);
  }
  return linePoly(c);
}

/** Evaluates a line polynomial on `domain` (at least as large), returning bit-reversed evaluations. */
export function lineEvaluate(poly: LinePoly, domain: LineDomain): SecureColumn {
  if (domain.logSize < poly.logSize) throw new PolyError('line domain smaller than the polynomial');
  const out = secureColumn(domain.size);
  const levels = lineDomainTwiddles(domain);
  const ordered = orderedCoefficients(poly);
  for (let c = 0; c < 4; c++) {
    out[c]!.set(ordered[c]!);
    lineFft(out[c]!, domain, levels);
  }
  return out;
}

/** The domain point a bit-reversed line evaluation's position `i` refers to. */
export function lineDomainPointAt(domain: LineDomain, i: number): number {
  return domain.at(bitReverseIndex(i, domain.logSize));
}
