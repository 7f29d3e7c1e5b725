/**
 * The STARK proof object (see `serialize.ts` for its binary format).
 * @module
 */
import type { QM31 } from '../field/index.js';
import type { PcsProof } from '../pcs/proof.js';
import type { StarkConfig } from './config.js';

/** A proof. Plain data: typed arrays, arrays and numbers. */
export interface StarkProof {
  /** The configuration it was made with (the verifier requires it to equal the one it accepts). */
  readonly config: StarkConfig;
  /**
   * Merkle roots of trees 1 (main), 2 (interaction) and 3 (composition), 32 bytes each. Tree 0
   * (preprocessed) is not sent: the verifier knows its root.
   */
  readonly commitments: readonly Uint8Array[];
  /** logUp claimed sums of the components that have lookups, in AIR order. */
  readonly claimedSums: readonly QM31[];
  /** Openings of every tree at the sample points and the FRI proof. */
  readonly pcs: PcsProof;
}
