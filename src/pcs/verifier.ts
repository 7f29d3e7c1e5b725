/**
 * The verifier side of the commitment scheme (Stwo's `CommitmentSchemeVerifier`). Imports no prover code
 * and no WebAssembly; browser-safe.
 *
 * {@link CommitmentSchemeVerifier.commit} replays each tree commitment (mixing its root, recording its
 * column sizes plus the blowup); {@link CommitmentSchemeVerifier.verify} replays the opening: mix the
 * sampled values, draw β, FRI commit phase on the proof's layers, proof of work, draw the queries, check
 * every tree's Merkle opening, recompute the DEEP quotients at the queried points from the opened values,
 * and let FRI check that they are evaluations of low-degree polynomials. The sampled values themselves are
 * the caller's to use (the AIR verifier checks its constraints with them).
 * @module
 */
import type { Blake2sChannel } from '../channel/blake2s-channel.js';
import { bitReverseIndex, canonicCoset } from '../circle/index.js';
import type { SecurePoint } from '../circle/index.js';
import { FriError } from '../fri/errors.js';
import { FriVerifier } from '../fri/verifier.js';
import { MerkleError } from '../merkle/errors.js';
import { verifyMerkle } from '../merkle/verifier.js';
import type { MerkleDecommitment } from '../merkle/types.js';
import { pcsConfig } from './config.js';
import type { PcsConfig } from './config.js';
import { PcsError } from './errors.js';
import type { PcsProof } from './proof.js';
import { columnSampleBatches, rowQuotients } from './quotients.js';
import type { PointSample } from './quotients.js';
import { checkQM31, checkSamplesShape, flattenValues, groupBySize } from './shared.js';
import type { QM31 } from '../field/index.js';

/** A tree as the verifier knows it. */
interface TreeVerifier {
  readonly root: Uint8Array;
  /** Commitment-domain log size of each column (trace log size + B). */
  readonly logSizes: readonly number[];
}

/** The verifier of the commitment scheme. */
export class CommitmentSchemeVerifier {
  /** The configuration. */
  readonly config: PcsConfig;
  readonly #trees: TreeVerifier[] = [];

  /** @param config validated with `pcsConfig` */
  constructor(config: PcsConfig) {
    this.config = pcsConfig(config);
  }

  /** Number of committed trees. */
  get nTrees(): number {
    return this.#trees.length;
  }

  /** Commitment-domain log sizes of tree t's columns (trace log sizes + log blowup). */
  columnLogSizes(t: number): readonly number[] {
    const tree = this.#trees[t];
    if (tree === undefined) throw new PcsError('INVALID_INPUT', `no tree ${t}`);
    return tree.logSizes;
  }

  /**
   * Reads a tree commitment: mixes `root` into `channel` and records the tree's columns, whose polynomial
   * (trace) log sizes are `logSizes` — the verifier adds the blowup.
   * @throws PcsError `INVALID_INPUT` for a root that is not 32 bytes or an unsupported log size
   */
  commit(root: Uint8Array, logSizes: readonly number[], channel: Blake2sChannel): void {
    if (!(root instanceof Uint8Array) || root.length !== 32) throw new PcsError('INVALID_INPUT', 'a root must be a 32-byte Uint8Array');
    if (!Array.isArray(logSizes)) throw new PcsError('INVALID_INPUT', 'logSizes must be an array');
    const { logBlowupFactor: B, logLastLayerDegreeBound: last } = this.config.fri;
    const extended = logSizes.map((s: unknown) => {
      if (typeof s !== 'number' || !Number.isInteger(s) || s <= last || s + B > 30) {
        throw new PcsError('INVALID_INPUT', `column log size ${String(s)} must be an integer in [${last + 1}, ${30 - B}]`);
      }
      return s + B;
    });
    channel.mixRoot(root);
    this.#trees.push(Object.freeze({ root: root.slice(), logSizes: Object.freeze(extended) }));
  }

  /**
   * Verifies that the committed columns take the values `proof.sampledValues` at the points `samples`
   * (tree → column → points, the same the prover used).
   * @throws PcsError on any failure (never another exception); `cause` holds a FRI or Merkle error
   */
  verify(samples: readonly (readonly (readonly SecurePoint[])[])[], proof: PcsProof, channel: Blake2sChannel): void {
    try {
      this.#verify(samples, proof, channel);
    } catch (e) {
      if (e instanceof PcsError) throw e;
      if (e instanceof FriError) throw new PcsError('FRI', e.message, { cause: e });
      if (e instanceof MerkleError) throw new PcsError('MERKLE', e.message, { cause: e });
      // Explicit checks cover the inputs we know of; this keeps the contract for anything exotic
      // (getters that throw, proxies, detached buffers).
      throw new PcsError('MALFORMED_PROOF', `malformed proof or arguments (${e instanceof Error ? e.message : String(e)})`, { cause: e });
    }
  }

  #verify(samples: readonly (readonly (readonly SecurePoint[])[])[], proof: PcsProof, channel: Blake2sChannel): void {
    const trees = this.#trees;
    const nTrees = trees.length;
    checkSamplesShape(samples, trees.map((t) => t.logSizes.length), 'INVALID_INPUT');
    if (trees.every((t) => t.logSizes.length === 0)) throw new PcsError('INVALID_INPUT', 'nothing to verify: no column was committed');
    if (proof === null || typeof proof !== 'object') throw new PcsError('MALFORMED_PROOF', 'proof is not an object');

    // Shapes first: every count comes from the statement, none from the proof.
    const values = proof.sampledValues;
    const shapeOk =
      Array.isArray(values) &&
      values.length === nTrees &&
      samples.every(
        (tree, t) =>
          Array.isArray(values[t]) &&
          values[t]!.length === tree.length &&
          tree.every((pts, c) => Array.isArray(values[t]![c]) && values[t]![c]!.length === pts.length),
      );
    if (!shapeOk) throw new PcsError('MALFORMED_PROOF', 'sampledValues must mirror the sample points (tree → column → point)');
    for (const tree of values) for (const col of tree) for (const v of col) checkQM31(v, 'MALFORMED_PROOF');
    if (!Array.isArray(proof.decommitments) || proof.decommitments.length !== nTrees) {
      throw new PcsError('MALFORMED_PROOF', `decommitments must list ${nTrees} trees`);
    }
    if (!Array.isArray(proof.queriedValues) || proof.queriedValues.length !== nTrees || !proof.queriedValues.every((v) => v instanceof Uint32Array)) {
      throw new PcsError('MALFORMED_PROOF', `queriedValues must list ${nTrees} Uint32Array`);
    }
    const nonce = proof.powNonce;
    if (typeof nonce !== 'number' || !Number.isSafeInteger(nonce) || nonce < 0) {
      throw new PcsError('MALFORMED_PROOF', 'powNonce must be a non-negative safe integer');
    }

    // 1. Sampled values, β.
    channel.mixFelts(flattenValues(values));
    const b = channel.drawFelt();
    const beta: QM31 = [b[0]!, b[1]!, b[2]!, b[3]!];

    // 2. FRI commit phase on the quotients' degree bounds (distinct sizes, largest first).
    const B = this.config.fri.logBlowupFactor;
    const groups = groupBySize(
      trees.map((t) => t.logSizes),
      (t, c) => samples[t]![c]!.map((point, k): PointSample => ({ point, value: values[t]![c]![k]! })),
    );
    const fri = FriVerifier.commit(channel, this.config.fri, proof.friProof, groups.map((g) => g.logSize - B));

    // 3. Proof of work.
    channel.mixU64(nonce);
    if (channel.trailingZeros() < this.config.powBits) {
      throw new PcsError('PROOF_OF_WORK', `the nonce gives fewer than ${this.config.powBits} trailing zero bits`);
    }

    // 4. Queries; every tree's opening at the queries folded onto its column sizes.
    const positions = fri.sampleQueryPositions(channel);
    trees.forEach((tree, t) => {
      const own = new Map<number, Uint32Array>();
      for (const s of tree.logSizes) own.set(s, positions.get(s)!);
      verifyMerkle(tree.root, tree.logSizes, own, proof.queriedValues[t]!, proof.decommitments[t] as MerkleDecommitment);
    });

    // 5. DEEP quotients at the queried points, from the opened values. The Merkle checks above consumed
    // every queried value exactly, so the counts below are guaranteed.
    const nAt = (t: number, s: number) => trees[t]!.logSizes.filter((x) => x === s).length;
    const cursors = new Array<number>(nTrees).fill(0);
    const answers = groups.map(({ logSize: s, items }) => {
      const quotientAt = rowQuotients(columnSampleBatches(items), beta);
      const domain = canonicCoset(s).circleDomain;
      const pos = positions.get(s)!;
      const counts = trees.map((_, t) => nAt(t, s));
      const out = new Uint32Array(4 * pos.length);
      const row = new Array<number>(items.length);
      for (let i = 0; i < pos.length; i++) {
        let r = 0;
        for (let t = 0; t < nTrees; t++) {
          const v = proof.queriedValues[t]!;
          for (let k = 0; k < counts[t]!; k++) row[r++] = v[cursors[t]!++]!;
        }
        const q = quotientAt(row, domain.at(bitReverseIndex(pos[i]!, s)));
        out.set(q, 4 * i);
      }
      return out;
    });
    fri.decommit(answers);
  }
}
