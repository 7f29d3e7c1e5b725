/**
 * Errors of the polynomial layer.
 * @module
 */

import { ZkvmError } from '../errors/zkvm-error.js';

/** Why a polynomial request failed: always a malformed request. */
export type PolyErrorCode = 'INVALID_INPUT';

/** A malformed polynomial request: a length that is not a power of two, a domain too small or too large, mismatched columns. */
export class PolyError extends ZkvmError<PolyErrorCode> {
  override readonly name = 'PolyError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
  }
}
