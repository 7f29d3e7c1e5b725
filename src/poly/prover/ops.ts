/**
 * Whole-polynomial operations on top of a {@link PolyBackend}: interpolation, evaluation on a canonic
 * coset, low-degree extension, for one column or a batch of columns of the same size.
 * @module
 */
import type { SecurePoint } from '../../circle/index.js';
import type { QM31 } from '../../field/index.js';
import type { PolyBackend } from './backend.js';
import { extendCoefficients } from './circle-poly.js';
import { PolyError } from '../errors.js';
import { jsBackend } from './js-backend.js';
import { wasmBackend, wasmSimdSupported } from './wasm-backend.js';

let chosen: PolyBackend | undefined;

/** `wasmBackend` where WebAssembly SIMD is available, else `jsBackend`. */
export function defaultBackend(): PolyBackend {
  chosen ??= wasmSimdSupported() ? wasmBackend : jsBackend;
  return chosen;
}

/** Coefficients (FFT basis) of the polynomial whose bit-reversed values on `CanonicCoset(n)` are `values` (new array). */
export function interpolate(values: Uint32Array, backend: PolyBackend = defaultBackend()): Uint32Array {
  const c = values.slice();
  backend.ifft(c);
  return c;
}

/** Bit-reversed evaluations on `CanonicCoset(logSize)` of the polynomial with `coeffs` (zero-padded; new array). */
export function evaluate(coeffs: Uint32Array, logSize: number, backend: PolyBackend = defaultBackend()): Uint32Array {
  const v = extendCoefficients(coeffs, logSize);
  backend.fft(v);
  return v;
}

/**
 * Low-degree extension: from bit-reversed values on `CanonicCoset(n)` to bit-reversed values of the same
 * polynomial on `CanonicCoset(logSize)`, logSize ≥ n (one IFFT of size 2^n, one FFT of size 2^logSize).
 */
export function extendEvaluation(values: Uint32Array, logSize: number, backend: PolyBackend = defaultBackend()): Uint32Array {
  return evaluate(interpolate(values, backend), logSize, backend);
}

/** {@link interpolate} for a batch of columns of one size. */
export function interpolateColumns(columns: readonly Uint32Array[], backend: PolyBackend = defaultBackend()): Uint32Array[] {
  const out = columns.map((c) => c.slice());
  backend.ifftColumns(out);
  return out;
}

/** {@link evaluate} for a batch of coefficient columns of one size. */
export function evaluateColumns(
  coeffs: readonly Uint32Array[],
  logSize: number,
  backend: PolyBackend = defaultBackend(),
): Uint32Array[] {
  if (coeffs.some((c) => c.length !== coeffs[0]!.length)) throw new PolyError('columns of a batch must have the same length');
  const out = coeffs.map((c) => extendCoefficients(c, logSize));
  backend.fftColumns(out);
  return out;
}

/** Evaluates every coefficient column at one point of C(QM31) (e.g. all trace columns at the OOD point). */
export function evalColumnsAtSecurePoint(
  coeffs: readonly Uint32Array[],
  point: SecurePoint,
  backend: PolyBackend = defaultBackend(),
): QM31[] {
  return coeffs.map((c) => backend.evalAtSecurePoint(c, point));
}
