/**
 * The error type of the channel package.
 * @module
 */
import { ZkvmError } from '../errors/zkvm-error.js';

/** Why the channel refused a request: only invalid input exists. */
export type ChannelErrorCode = 'INVALID_INPUT';

/** A rejected channel operation: a non-canonical field element, an out-of-range count or nonce, and so on. */
export class ChannelError extends ZkvmError<ChannelErrorCode> {
  override readonly name = 'ChannelError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
  }
}
