/**
 * The verifier-side subset of the AIR framework (no compiled kernels, no trace generation): what
 * `stark/verifier.ts` imports.
 * @module
 */
export * from './expr.js';
export * from './relation.js';
export * from './component.js';
export * from './air.js';
export * from './interpret.js';
export * from './ood.js';
export { AirError, type AirErrorCode } from './errors.js';
