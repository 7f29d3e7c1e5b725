/**
 * The circle group C(M31) and its extension C(QM31): points, point indices, cosets, canonic cosets,
 * circle and line domains, the orders they are stored in, and vanishing polynomials.
 * @module
 */
export * from './point.js';
export * from './point-index.js';
export * from './secure-point.js';
export * from './coset.js';
export * from './domain.js';
export * from './canonic.js';
export * from './line-domain.js';
export * from './bit-reverse.js';
export * from './vanishing.js';
export { CircleError } from './errors.js';
