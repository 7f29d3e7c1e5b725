/**
 * The FRI proof: plain data (typed arrays and arrays of them), so a binary format can serialise it
 * field by field. QM31 values are stored flat, four M31 coordinates [a, b, c, d] per value.
 * @module
 */
import type { MerkleDecommitment } from '../merkle/types.js';

/** The opening of one FRI layer (Stwo's `FriLayerProof`). */
export interface FriLayerProof {
  /**
   * The pair members the verifier cannot compute itself, flat QM31 coordinates (4 words per value), in
   * the order it needs them: columns largest first (first layer), pairs ascending, within a pair ascending.
   */
  readonly friWitness: Uint32Array;
  /** Merkle witness opening the layer's tree at every position of every queried pair. */
  readonly decommitment: MerkleDecommitment;
  /** The layer's Merkle root (32 bytes). */
  readonly commitment: Uint8Array;
}

/** A FRI proof (Stwo's `FriProof`). */
export interface FriProof {
  /** The first layer: one tree over the four coordinate columns of every input column. */
  readonly firstLayer: FriLayerProof;
  /** One entry per inner (line) layer, largest first. */
  readonly innerLayers: readonly FriLayerProof[];
  /**
   * The last-layer line polynomial: 2^logLastLayerDegreeBound coefficients in `LinePoly` storage order
   * (bit-reversed), flat QM31 coordinates (4 words per coefficient).
   */
  readonly lastLayerPoly: Uint32Array;
}

/** Bytes of a layer proof in a plain binary encoding (32 per hash, 4 per M31 word; no length prefixes). */
export function friLayerProofBytes(layer: FriLayerProof): number {
  return (
    layer.commitment.length +
    4 * layer.friWitness.length +
    layer.decommitment.hashWitness.length +
    4 * layer.decommitment.columnWitness.length
  );
}

/** Bytes of a FRI proof in a plain binary encoding (an estimate of a serialised proof's size, without framing). */
export function friProofBytes(proof: FriProof): number {
  let n = friLayerProofBytes(proof.firstLayer) + 4 * proof.lastLayerPoly.length;
  for (const l of proof.innerLayers) n += friLayerProofBytes(l);
  return n;
}
