/**
 * The one base class of every error zkvm throws on purpose. Each layer's error class extends it with its
 * own union of reason codes, so a caller can tell "a zkvm error, and which" from `instanceof ZkvmError`
 * and `code` alone; messages are for people and never carry the code (no caller has to parse them).
 * Imports nothing, so every layer (`test/layers.test.ts`) may import it.
 * @module
 */

/**
 * A typed zkvm error: `code` says why, machine-readably; `message` says it for people.
 * @typeParam C the error class's union of reason codes
 */
export abstract class ZkvmError<C extends string = string> extends Error {
  /** Machine-readable reason (the subclass's code union). */
  readonly code: C;

  /**
   * @param code why (one of the subclass's codes)
   * @param message a sentence for people, without the code
   * @param options the underlying error, if any
   */
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
