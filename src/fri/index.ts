/**
 * Circle FRI (Stwo's, fold step 1): configuration, the prover (commit and decommit phases over secure
 * columns of mixed sizes) and the verifier, which is separate and browser-safe.
 * @module
 */
export {
  friConfig,
  friQueryBits,
  lastLayerDomainLogSize,
  LOG_BLOWUP_FACTOR_RANGE,
  LOG_LAST_LAYER_DEGREE_BOUND_RANGE,
  MAX_FRI_QUERIES,
  type FriConfig,
} from './config.js';
export { FriError, type FriErrorCode } from './errors.js';
export { friLayerProofBytes, friProofBytes, type FriLayerProof, type FriProof } from './proof.js';
export { foldQueries, generateQueries, queryPositionsByLogSize, type Queries } from './queries.js';
export { FriProver, friCommit, friDecommit, merkleBackendFor, type FriDecommitment, type FriProverOptions } from './prover/commit.js';
export { FriVerifier } from './verifier.js';
