/**
 * The FRI-based polynomial commitment scheme of the circle STARK (Stwo's `pcs`): commit to trees of
 * columns, open them at out-of-domain points with DEEP quotients, and verify. The verifier is separate
 * and browser-safe.
 * @module
 */
export { DEFAULT_CONFIG, MAX_POW_BITS, pcsConfig, QM31_LOG_SIZE, securityBits, TEST_CONFIG, type PcsConfig } from './config.js';
export { PcsError, type PcsErrorCode } from './errors.js';
export { PCS_PROOF_SHAPE, pcsProofBytes, type PcsProof } from './proof.js';
export {
  accumulateRowQuotients,
  checkSamplePoint,
  columnSampleBatches,
  compareSecurePoints,
  complexConjugateLineCoeffs,
  quotientConstants,
  rowQuotients,
  quotientDenominator,
  type ColumnSampleBatch,
  type PointSample,
  type QuotientConstants,
} from './quotients.js';
export { batchInverse, computeFriQuotients, type QuotientSizeGroup } from './prover/quotients.js';
export { CommitmentSchemeProver, type PcsProveOptions } from './prover/commitment-scheme.js';
export { CommitmentSchemeVerifier } from './verifier.js';
