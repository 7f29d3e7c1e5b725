/**
 * The one error type of the Merkle package. The verifier throws nothing else on any input, so callers can
 * treat `MerkleError` as "reject the proof" and anything else as a bug.
 * @module
 */
import { ZkvmError } from '../errors/zkvm-error.js';

/** Why a commitment or decommitment was rejected. */
export type MerkleErrorCode =
  /** Arguments of the wrong type, shape or range (non-canonical values, unsorted positions, bad sizes). */
  | 'INVALID_INPUT'
  /** The decommitment ran out of hash or column witness items. */
  | 'WITNESS_TOO_SHORT'
  /** Hash or column witness items were left over after the walk. */
  | 'WITNESS_TOO_LONG'
  /** Queried values ran out. */
  | 'TOO_FEW_QUERIED_VALUES'
  /** Queried values were left over after the walk. */
  | 'TOO_MANY_QUERIED_VALUES'
  /** Everything was consumed but the recomputed root differs from the commitment. */
  | 'ROOT_MISMATCH';

/** A rejected Merkle commitment, decommitment or verification. */
export class MerkleError extends ZkvmError<MerkleErrorCode> {
  override readonly name = 'MerkleError';
}
