/**
 * Errors of the field layer.
 * @module
 */

/** An arithmetic request with no answer (inverse of zero) or a malformed argument (length mismatch, non-canonical value). */
export class FieldError extends Error {
  override readonly name = 'FieldError';
}
