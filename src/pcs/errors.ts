/**
 * The one error type of the polynomial commitment scheme. `CommitmentSchemeVerifier.verify` throws
 * nothing else on any input: a `PcsError` means "reject the proof" (its `cause` holds the FRI or Merkle
 * error behind it, if any).
 * @module
 */
import { ZkvmError } from '../errors/zkvm-error.js';

/** Why a commitment or proof was rejected. */
export type PcsErrorCode =
  /** A configuration outside the supported ranges. */
  | 'INVALID_CONFIG'
  /** The caller's arguments are malformed (columns, sizes, sample points of the wrong shape). */
  | 'INVALID_INPUT'
  /** A sample point the DEEP quotient cannot use (its y has no u-part, or it lies on a domain line). */
  | 'INVALID_SAMPLE_POINT'
  /** The proof object has the wrong shape: types, counts, non-canonical values. */
  | 'MALFORMED_PROOF'
  /** The proof-of-work nonce does not give enough trailing zero bits. */
  | 'PROOF_OF_WORK'
  /** A tree's opening does not resolve to its root (`cause`: the `MerkleError`). */
  | 'MERKLE'
  /** FRI rejected the DEEP quotients (`cause`: the `FriError`): a wrong sampled or opened value, or a forged low-degree claim. */
  | 'FRI';

/** A rejected commitment-scheme operation or proof. */
export class PcsError extends ZkvmError<PcsErrorCode> {
  override readonly name = 'PcsError';
}
