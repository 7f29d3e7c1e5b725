/**
 * The error type of the channel package.
 * @module
 */

/** A rejected channel operation: a non-canonical field element, an out-of-range count or nonce, and so on. */
export class ChannelError extends Error {
  /** Machine-readable reason (only invalid input exists). */
  readonly code = 'INVALID_INPUT' as const;

  constructor(message: string) {
    super(message);
    this.name = 'ChannelError';
  }
}
