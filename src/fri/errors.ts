/**
 * The one error type of the FRI package. The verifier throws nothing else on any input, so callers can
 * treat `FriError` as "reject the proof" and anything else as a bug.
 * @module
 */
import { ZkvmError } from '../errors/zkvm-error.js';

/** Why a FRI configuration, commitment or decommitment was rejected. */
export type FriErrorCode =
  /** A configuration outside the supported ranges. */
  | 'INVALID_CONFIG'
  /** The caller's arguments (columns, degree bounds, query evaluations) are malformed. */
  | 'INVALID_INPUT'
  /** The proof object has the wrong shape: types, lengths, non-canonical values. */
  | 'MALFORMED_PROOF'
  /** The proof has a different number of inner layers than the degree bounds require. */
  | 'INVALID_NUM_LAYERS'
  /** The last-layer polynomial has the wrong number of coefficients. */
  | 'LAST_LAYER_DEGREE_INVALID'
  /** The first layer's witness values are missing or left over. */
  | 'FIRST_LAYER_EVALUATIONS_INVALID'
  /** The first layer's Merkle decommitment does not resolve to its commitment. */
  | 'FIRST_LAYER_COMMITMENT_INVALID'
  /** An inner layer's witness values are missing or left over. */
  | 'INNER_LAYER_EVALUATIONS_INVALID'
  /** An inner layer's Merkle decommitment does not resolve to its commitment. */
  | 'INNER_LAYER_COMMITMENT_INVALID'
  /** The folded values disagree with the last-layer polynomial. */
  | 'LAST_LAYER_EVALUATIONS_INVALID'
  /** `decommit` was called before `sampleQueryPositions`, or twice. */
  | 'QUERIES_NOT_SAMPLED'
  /** The prover's input is not of low enough degree (the last layer has high coefficients). */
  | 'DEGREE_TOO_HIGH';

/** A rejected FRI configuration, commitment or proof. */
export class FriError extends ZkvmError<FriErrorCode> {
  override readonly name = 'FriError';
}
