/**
 * Finite fields of the circle STARK: M31 (p = 2^31 − 1), its quadratic extension CM31 and the degree-4
 * secure field QM31, plus columnar QM31 storage. Each field is a namespace of functions:
 * `m31.mul(a, b)`, `qm31.mul(x, y)`, …
 * @module
 */
export * as m31 from './m31.js';
export * as cm31 from './cm31.js';
export * as qm31 from './qm31.js';
export type { CM31 } from './cm31.js';
export type { QM31 } from './qm31.js';
export * from './secure-column.js';
export { FieldError } from './errors.js';
