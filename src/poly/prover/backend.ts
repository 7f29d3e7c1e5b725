/**
 * The polynomial backend interface: the hot operations of the prover (circle FFTs, vector arithmetic over
 * M31 and secure columns, FRI folds), implemented once in plain TypeScript (`jsBackend`, the reference)
 * and once with WebAssembly SIMD kernels (`wasmBackend`). Both have identical semantics and are tested
 * by the same suite.
 *
 * All values are canonical M31 elements; results are canonical. Twiddles come from the process-wide
 * twiddle cache (`getTwiddleTree`); call {@link PolyBackend.precomputeTwiddles} with the largest domain
 * first to avoid rebuilding it as sizes grow.
 * @module
 */
import type { SecurePoint } from '../../circle/index.js';
import type { QM31, SecureColumn } from '../../field/index.js';

/** Hot polynomial operations. Output arrays may alias inputs of the same length unless noted. */
export interface PolyBackend {
  /** `'js'` or `'wasm'`. */
  readonly name: string;
  /** Builds (once) the twiddles for canonic domains up to `logSize`. */
  precomputeTwiddles(logSize: number): void;
  /**
   * An array for column data of `n` elements. For the WASM backend (with shared memory) it lives in the
   * kernels' linear memory, so operations on it need no copies; release it with {@link free}.
   * Other arrays work everywhere too (they are copied in and out).
   */
  alloc(n: number): Uint32Array;
  /** A secure column of `n` elements made of four {@link alloc} arrays. */
  allocSecure(n: number): SecureColumn;
  /** Releases an array from {@link alloc} (a no-op for other arrays). */
  free(a: Uint32Array): void;

  /** Forward circle FFT in place: 2^n coefficients → bit-reversed values on `CanonicCoset(n)`, 1 ≤ n ≤ 30. */
  fft(values: Uint32Array): void;
  /** Inverse circle FFT in place: bit-reversed values on `CanonicCoset(n)` → coefficients (one N⁻¹ scaling). */
  ifft(values: Uint32Array): void;
  /** {@link fft} on every column (all of the same length). */
  fftColumns(columns: readonly Uint32Array[]): void;
  /** {@link ifft} on every column (all of the same length). */
  ifftColumns(columns: readonly Uint32Array[]): void;

  /** out[i] = a[i] + b[i]. */
  addM31(out: Uint32Array, a: Uint32Array, b: Uint32Array): void;
  /** out[i] = a[i] − b[i]. */
  subM31(out: Uint32Array, a: Uint32Array, b: Uint32Array): void;
  /** out[i] = a[i] · b[i]. */
  mulM31(out: Uint32Array, a: Uint32Array, b: Uint32Array): void;
  /** out[i] = a[i] · s. */
  scaleM31(out: Uint32Array, a: Uint32Array, s: number): void;

  /** out[i] = a[i] + b[i] over secure columns. */
  addQM31(out: SecureColumn, a: SecureColumn, b: SecureColumn): void;
  /** out[i] = a[i] − b[i] over secure columns. */
  subQM31(out: SecureColumn, a: SecureColumn, b: SecureColumn): void;
  /** out[i] = a[i] · b[i] over secure columns. */
  mulQM31(out: SecureColumn, a: SecureColumn, b: SecureColumn): void;
  /** out[i] = a[i] · m[i] for an M31 column m. */
  mulQM31ByM31(out: SecureColumn, a: SecureColumn, m: Uint32Array): void;
  /** out[i] = a[i] · s for a QM31 constant s. */
  scaleQM31(out: SecureColumn, a: SecureColumn, s: QM31): void;
  /**
   * acc[i] += Σ_c coeffs[c] · columns[c][i]: a random linear combination of M31 columns with QM31
   * coefficients, the inner loop of the composition polynomial and of DEEP quotients. Every column has
   * acc's length; at most 2^24 columns per call.
   */
  accumulateLinearCombination(acc: SecureColumn, columns: readonly Uint32Array[], coeffs: readonly QM31[]): void;

  /**
   * FRI line fold: bit-reversed line evaluation of log size k ≥ 1 → `dst` (log size k − 1, allocated as a
   * plain column when omitted; must not alias `src`). See `fold.ts` for the formula and domains.
   */
  foldLine(src: SecureColumn, alpha: QM31, dst?: SecureColumn): SecureColumn;
  /** FRI circle-to-line fold accumulated into `dst` (half the length of `src`; must not alias it). */
  foldCircleIntoLine(dst: SecureColumn, src: SecureColumn, alpha: QM31): void;

  /** f(P) for M31 coefficients in the FFT basis and P ∈ C(QM31) (out-of-domain sampling), by the O(N) fold. */
  evalAtSecurePoint(coeffs: Uint32Array, point: SecurePoint): QM31;
}
