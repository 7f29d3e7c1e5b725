/**
 * The error of distributed proving.
 * @module
 */
import { ZkvmError } from '../errors/index.js';

/** What went wrong with a distributed run. */
export type DistributedErrorCode =
  /** Redis cannot be reached or refuses the connection (address, password, ACL, TLS). */
  | 'UNREACHABLE'
  /** Redis holds no run of that id (finished and deleted, never made, or lost). */
  | 'NOT_FOUND'
  /** A shard's job failed on the workers, or its results were refused too many times. */
  | 'SHARD_FAILED'
  /** The shard proofs the workers made, each accepted, do not verify together: no proof is returned. */
  | 'INVALID_PROOF';

/** A failure of distributed proving, with a code and a message that names the shard. */
export class DistributedError extends ZkvmError<DistributedErrorCode> {
  override readonly name = 'DistributedError';
}
