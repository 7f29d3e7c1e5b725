/**
 * The prover side of Stwo's mixed-size BLAKE2s Merkle commitment.
 *
 * One tree commits any number of M31 columns whose lengths are powers of two. Columns are stably sorted by
 * length, longest first; layer k has 2^k nodes and node i of layer k hashes its two children (if k is not
 * the leaf layer) followed by row i of every column of length 2^k (node hash: `hash/node.ts`). The root is
 * node 0 of layer 0. A QM31 column is committed as its four coordinate columns.
 * @module
 */

import { HASH_BYTES, HASH_WORDS } from '../../hash/node.js';
import { wordsToBytes } from '../../hash/bytes.js';
import type { Blake2sWasm } from '../../hash/wasm.js';
import { MerkleError } from '../errors.js';
import { buildLayers, type MerkleBackend } from './layers.js';
import { normalizeQueries } from '../queries.js';
import { M31_P, MERKLE_MAX_LOG_SIZE, type MerkleOpening, type QueriesPerLogSize } from '../types.js';

/** Options of {@link MerkleTree.commit}. */
export interface MerkleCommitOptions {
  /** Layer hashing implementation (default `auto`: WebAssembly SIMD when available, else JS). */
  readonly backend?: MerkleBackend;
  /** A specific WebAssembly kernel instance (for example one sharing memory with other kernels). */
  readonly kernel?: Blake2sWasm;
  /** Skip the check that every value is a canonical M31 element (< 2^31 − 1); for trusted inputs. */
  readonly trustCanonical?: boolean;
}

/** A committed Merkle tree over M31 columns; answers decommitment queries. Immutable once built. */
export class MerkleTree {
  /** Log size of every committed column, in the order given to {@link MerkleTree.commit}. */
  readonly columnLogSizes: readonly number[];
  /** Largest column log size (the leaf layer's), or 0 for an empty tree. */
  readonly maxLogSize: number;
  /** `byLayer[k]`: the columns of length 2^k in commitment order. */
  readonly #byLayer: readonly (readonly Uint32Array[])[];
  /** `layers[k]`: 8·2^k hash words of layer k. */
  readonly #layers: readonly Uint32Array[];

  private constructor(columnLogSizes: number[], byLayer: Uint32Array[][], layers: Uint32Array[]) {
    this.columnLogSizes = Object.freeze(columnLogSizes);
    this.maxLogSize = layers.length - 1;
    this.#byLayer = Object.freeze(byLayer.map((c) => Object.freeze(c)));
    this.#layers = Object.freeze(layers);
    Object.freeze(this);
  }

  /**
   * Commits to `columns` (each a `Uint32Array` of canonical M31 values, length a power of two up to 2^31).
   * The columns are kept by reference for later decommitment: do not modify them afterwards.
   * With no columns the tree is a single node whose hash is 32 zero bytes (as in Stwo).
   * @throws MerkleError `INVALID_INPUT` for a non-power-of-two length or a non-canonical value.
   */
  static commit(columns: readonly Uint32Array[], options: MerkleCommitOptions = {}): MerkleTree {
    if (!Array.isArray(columns)) throw new MerkleError('INVALID_INPUT', 'columns must be an array of Uint32Array');
    const logSizes: number[] = [];
    let maxLog = 0;
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j];
      if (!(c instanceof Uint32Array)) throw new MerkleError('INVALID_INPUT', `column ${j} is not a Uint32Array`);
      const n = c.length;
      const log = Math.log2(n);
      if (n === 0 || !Number.isInteger(log) || log > MERKLE_MAX_LOG_SIZE) {
        throw new MerkleError('INVALID_INPUT', `column ${j} has length ${n}, not a power of two ≤ 2^${MERKLE_MAX_LOG_SIZE}`);
      }
      if (options.trustCanonical !== true) {
        for (let i = 0; i < n; i++) {
          if (c[i]! >= M31_P) throw new MerkleError('INVALID_INPUT', `column ${j} row ${i}: ${c[i]} is not a canonical M31 value`);
        }
      }
      logSizes.push(log);
      maxLog = Math.max(maxLog, log);
    }
    // Grouping by size in input order is exactly a stable sort by length, longest first.
    const byLayer: Uint32Array[][] = Array.from({ length: maxLog + 1 }, () => []);
    for (let j = 0; j < columns.length; j++) byLayer[logSizes[j]!]!.push(columns[j]!);
    const layers = buildLayers(byLayer, options.backend ?? 'auto', options.kernel);
    return new MerkleTree(logSizes, byLayer, layers);
  }

  /** The root hash (32 bytes; a fresh copy). */
  get root(): Uint8Array {
    return wordsToBytes(this.#layers[0]!, 0, HASH_WORDS);
  }

  /** Hash of node `index` of layer `logSize` (32 bytes; a fresh copy). For inspection and tests. */
  nodeHash(logSize: number, index: number): Uint8Array {
    const layer = this.#layers[logSize];
    if (layer === undefined || !Number.isInteger(index) || index < 0 || index >= layer.length / HASH_WORDS) {
      throw new MerkleError('INVALID_INPUT', `no node ${index} in layer ${logSize}`);
    }
    return wordsToBytes(layer, HASH_WORDS * index, HASH_WORDS);
  }

  /**
   * Opens the tree at `queries` (log size → strictly ascending positions). Walks the layers from the largest
   * down; at each layer the nodes to recompute are the parents of the previous layer's recomputed nodes
   * together with this layer's queried positions, ascending. For each: every child hash that is not
   * recomputed goes to the hash witness (left, then right); the node's column values go to the queried values
   * if its position was queried at this log size, else to the column witness.
   * @throws MerkleError `INVALID_INPUT` for a malformed query map.
   */
  decommit(queries: QueriesPerLogSize): MerkleOpening {
    const q = normalizeQueries(queries, this.maxLogSize);
    const queried: number[] = [];
    const columnWitness: number[] = [];
    const witnessNodes: number[] = []; // pairs (layer, index) of hash-witness nodes
    let prevNodes: number[] = [];
    for (let k = this.maxLogSize; k >= 0; k--) {
      const cols = this.#byLayer[k]!;
      const layerQueries = q.get(k) ?? [];
      const nodes: number[] = [];
      let p = 0;
      let c = 0;
      while (p < prevNodes.length || c < layerQueries.length) {
        const fromPrev = p < prevNodes.length ? Math.floor(prevNodes[p]! / 2) : Infinity;
        const fromCols = c < layerQueries.length ? layerQueries[c]! : Infinity;
        const node = Math.min(fromPrev, fromCols);
        if (k < this.maxLogSize) {
          if (p < prevNodes.length && prevNodes[p] === 2 * node) p++;
          else witnessNodes.push(k + 1, 2 * node);
          if (p < prevNodes.length && prevNodes[p] === 2 * node + 1) p++;
          else witnessNodes.push(k + 1, 2 * node + 1);
        }
        const sink = fromCols === node ? queried : columnWitness;
        if (fromCols === node) c++;
        for (const col of cols) sink.push(col[node]!);
        nodes.push(node);
      }
      prevNodes = nodes;
    }
    const hashWitness = new Uint8Array(HASH_BYTES * (witnessNodes.length / 2));
    for (let w = 0; w < witnessNodes.length; w += 2) {
      const layer = this.#layers[witnessNodes[w]!]!;
      const at = HASH_WORDS * witnessNodes[w + 1]!;
      hashWitness.set(wordsToBytes(layer, at, HASH_WORDS), (w / 2) * HASH_BYTES);
    }
    return Object.freeze({
      queriedValues: Uint32Array.from(queried),
      decommitment: Object.freeze({ hashWitness, columnWitness: Uint32Array.from(columnWitness) }),
    });
  }
}
