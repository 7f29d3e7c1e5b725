/**
 * The error base class shared by every layer (see `zkvm-error.ts`).
 * @module
 */
export { ZkvmError } from './zkvm-error.js';
