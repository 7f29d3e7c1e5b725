/**
 * Errors of the circle layer.
 * @module
 */

import { ZkvmError } from '../errors/zkvm-error.js';

/** Why a circle-domain request failed: always an invalid request. */
export type CircleErrorCode = 'INVALID_INPUT';

/** An invalid domain request (log size out of range, a coset without unique x-coordinates, a degenerate point). */
export class CircleError extends ZkvmError<CircleErrorCode> {
  override readonly name = 'CircleError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
  }
}
