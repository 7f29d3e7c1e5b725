/**
 * Stwo-style BLAKE2s Merkle commitments over many M31 columns of power-of-two lengths, with batched
 * decommitment. The verifier (`verifyMerkle`) is separate from the prover and browser-safe.
 * @module
 */
export { MerkleTree, type MerkleCommitOptions } from './prover/tree.js';
export { verifyMerkle } from './verifier.js';
export { MerkleError, type MerkleErrorCode } from './errors.js';
export { buildLayers, buildLayersJs, buildLayersWasm, type MerkleBackend, type ColumnsByLayer } from './prover/layers.js';
export { MERKLE_MAX_LOG_SIZE, type QueriesPerLogSize, type MerkleDecommitment, type MerkleOpening } from './types.js';
