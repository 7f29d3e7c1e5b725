/**
 * Errors of the circle layer.
 * @module
 */

/** An invalid domain request (log size out of range, a coset without unique x-coordinates, a degenerate point). */
export class CircleError extends Error {
  override readonly name = 'CircleError';
}
