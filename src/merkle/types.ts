/**
 * Shapes shared by the Merkle prover and verifier.
 * @module
 */

/**
 * Queried positions per column log size: `logSize → strictly ascending positions in [0, 2^logSize)`.
 * Positions index rows of the columns of that size (bit-reversed storage order, as committed).
 */
export type QueriesPerLogSize = ReadonlyMap<number, ArrayLike<number>>;

/** What the verifier needs besides the queried values to recompute the root (Stwo's `MerkleDecommitment`). */
export interface MerkleDecommitment {
  /**
   * Node hashes the verifier cannot recompute, 32 bytes each, concatenated in walk order (layers from the
   * largest down, nodes ascending, left child before right).
   */
  readonly hashWitness: Uint8Array;
  /**
   * Column values of nodes that must be recomputed although their row was not queried, in walk order
   * (per node, the layer's columns in commitment order).
   */
  readonly columnWitness: Uint32Array;
}

/** The prover's answer to a query map. */
export interface MerkleOpening {
  /** Values at the queried rows: layers from the largest down, positions ascending, columns in commitment order. */
  readonly queriedValues: Uint32Array;
  /** Witness to recompute the root. */
  readonly decommitment: MerkleDecommitment;
}

/** Largest supported column log size (the circle group of M31 has order 2^31). */
export const MERKLE_MAX_LOG_SIZE = 31;

/** The M31 modulus 2^31 − 1; committed values must be canonical, below it. */
export const M31_P = 0x7fffffff;
