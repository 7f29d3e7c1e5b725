/**
 * Errors of the polynomial layer.
 * @module
 */

/** A malformed polynomial request: a length that is not a power of two, a domain too small or too large, mismatched columns. */
export class PolyError extends Error {
  override readonly name = 'PolyError';
}
