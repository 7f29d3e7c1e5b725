/**
 * Error types of the STARK layer. The verifier throws only {@link VerificationError} on any input — a
 * malformed, truncated or tampered proof, a wrong statement or configuration — so callers can treat it as
 * "reject" and anything else as a bug. The prover throws {@link StarkError}.
 * @module
 */
import { ZkvmError } from '../errors/zkvm-error.js';

/** Why a proof was rejected. */
export type VerificationErrorCode =
  /** The bytes are not a proof of this format (magic), or a field is out of range, or bytes are missing or left over. */
  | 'MALFORMED_PROOF'
  /** The proof format version is not one this verifier reads. */
  | 'UNSUPPORTED_VERSION'
  /** The proof was made with another configuration than the one the verifier accepts. */
  | 'CONFIG_MISMATCH'
  /** The accepted configuration gives fewer security bits than the verifier's minimum. */
  | 'INSUFFICIENT_SECURITY'
  /** The AIR, statement or options cannot be verified as given (lookup bound, sizes beyond the configuration, missing preprocessed root, malformed statement). */
  | 'INVALID_INPUT'
  /** The out-of-domain point is degenerate (probability ~2^−90; never happens for honest proofs). */
  | 'BAD_OOD_POINT'
  /** The composition value at the out-of-domain point does not match the constraints. */
  | 'CONSTRAINTS'
  /** The logUp claimed sums plus the public terms do not add to zero. */
  | 'LOGUP_SUM'
  /** The proof of work is insufficient. */
  | 'PROOF_OF_WORK'
  /** A Merkle opening does not match its commitment. */
  | 'MERKLE'
  /** FRI rejected the DEEP quotients (a wrong sampled or opened value, or a polynomial of too high degree). */
  | 'FRI'
  /** An unexpected internal failure while verifying (reported as a rejection, never thrown raw). */
  | 'INTERNAL';

/** A rejected proof. */
export class VerificationError extends ZkvmError<VerificationErrorCode> {
  override readonly name = 'VerificationError';
}

/** Why the prover refused. */
export type StarkErrorCode =
  /** Bad configuration or arguments. */
  | 'INVALID_INPUT'
  /** The witness does not satisfy the AIR (a constraint fails on some row, or the logUp sums do not cancel). */
  | 'UNSATISFIED'
  /** A negligible-probability event (a zero logUp denominator, a degenerate OOD point); retry with other randomness. */
  | 'UNLUCKY'
  /** A configuration preset name that is not in the registry (`presets.ts`). */
  | 'UNKNOWN_PRESET';

/** A prover failure. */
export class StarkError extends ZkvmError<StarkErrorCode> {
  override readonly name = 'StarkError';
}
