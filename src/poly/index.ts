/**
 * Circle polynomials over M31 in Stwo's FFT basis: evaluation at a point, twiddle trees, circle FFT/IFFT
 * and low-degree extension, line polynomials and FRI folds — each with a plain-TypeScript backend and a
 * WebAssembly SIMD backend of identical semantics.
 * @module
 */
export type { PolyBackend } from './prover/backend.js';
export { jsBackend } from './prover/js-backend.js';
export { wasmBackend, createWasmBackend, wasmSimdSupported, FFT_CHUNK_LOG } from './prover/wasm-backend.js';
export * from './prover/ops.js';
export * from './prover/circle-poly.js';
export * from './twiddles.js';
export { fft, ifft, inversePowerOfTwo, transformLogSize } from './fft.js';
export * from './line.js';
export * from './prover/fold.js';
export { PolyError } from './errors.js';
