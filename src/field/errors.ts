/**
 * Errors of the field layer.
 * @module
 */

import { ZkvmError } from '../errors/zkvm-error.js';

/** Why a field operation failed: always a request without an answer or a malformed argument. */
export type FieldErrorCode = 'INVALID_INPUT';

/** An arithmetic request with no answer (inverse of zero) or a malformed argument (length mismatch, non-canonical value). */
export class FieldError extends ZkvmError<FieldErrorCode> {
  override readonly name = 'FieldError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
  }
}
