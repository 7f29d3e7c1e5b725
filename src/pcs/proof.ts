/**
 * The commitment-scheme proof: plain data (numbers, typed arrays and arrays of them), so a binary format
 * can serialise it field by field. {@link PCS_PROOF_SHAPE} documents every field's encoding.
 * @module
 */
import type { QM31 } from '../field/index.js';
import type { FriProof } from '../fri/proof.js';
import { friProofBytes } from '../fri/proof.js';
import type { MerkleDecommitment } from '../merkle/types.js';

/** What `CommitmentSchemeProver.prove` returns (Stwo's `CommitmentSchemeProof`, without the roots and config). */
export interface PcsProof {
  /**
   * `sampledValues[t][c][k]`: tree t's column c at its k-th sample point, a QM31 [a, b, c, d]. The counts
   * mirror the sample points, which the verifier knows (the AIR derives them), so they are not trusted.
   */
  readonly sampledValues: readonly (readonly (readonly QM31[])[])[];
  /** Per tree: the Merkle witness opening it at the queries folded onto each of its column sizes. */
  readonly decommitments: readonly MerkleDecommitment[];
  /**
   * Per tree: the opened M31 values, in Merkle order — column sizes largest first, positions ascending,
   * then the tree's columns of that size in commitment order.
   */
  readonly queriedValues: readonly Uint32Array[];
  /** The proof-of-work nonce (a u64, always a safe integer here). */
  readonly powNonce: number;
  /** The FRI proof for the DEEP quotients. */
  readonly friProof: FriProof;
}

const LAYER = Object.freeze({
  friWitness: 'u32[]: QM31 values as 4 coordinates each; length a multiple of 4, checked by the verifier',
  decommitment: Object.freeze({
    hashWitness: 'bytes: 32-byte BLAKE2s hashes, concatenated',
    columnWitness: 'u32[]: M31 values (empty in proofs made here; allowed by the Merkle format)',
  }),
  commitment: 'bytes[32]: the layer Merkle root',
});

/**
 * Every field of a {@link PcsProof} and how to encode it (for writers of a binary format). Lengths are
 * variable unless stated; a serialiser writes them, the verifier never trusts them (it recomputes every
 * count from the statement, the configuration and the drawn queries and rejects any mismatch).
 */
export const PCS_PROOF_SHAPE = Object.freeze({
  sampledValues: 'tree[] → column[] → QM31[] (4 × u32 each, canonical < 2^31 − 1)',
  decommitments: Object.freeze({
    '[tree]': Object.freeze({
      hashWitness: 'bytes: 32-byte BLAKE2s hashes, concatenated',
      columnWitness: 'u32[]: M31 values (empty in proofs made here)',
    }),
  }),
  queriedValues: 'tree[] → u32[]: M31 values in Merkle order',
  powNonce: 'u64 (a JS number ≤ 2^53 − 1)',
  friProof: Object.freeze({
    firstLayer: LAYER,
    innerLayers: Object.freeze({ '[layer]': LAYER }),
    lastLayerPoly: 'u32[]: 2^logLastLayerDegreeBound QM31 coefficients × 4 coordinates, bit-reversed LinePoly order',
  }),
});

/**
 * Bytes of a proof in a plain binary encoding (32 per hash, 4 per M31 word, 8 for the nonce), without
 * length prefixes or framing: an estimate of a serialised proof's size.
 */
export function pcsProofBytes(proof: PcsProof): number {
  let n = 8 + friProofBytes(proof.friProof);
  for (const tree of proof.sampledValues) for (const col of tree) n += 16 * col.length;
  for (const d of proof.decommitments) n += d.hashWitness.length + 4 * d.columnWitness.length;
  for (const v of proof.queriedValues) n += 4 * v.length;
  return n;
}
