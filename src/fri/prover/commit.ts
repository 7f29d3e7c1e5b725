/**
 * The circle FRI prover (Stwo's `FriProver`, fold step 1).
 *
 * Commit phase, for input columns on canonic circle domains of strictly decreasing log sizes:
 * 1. first layer: one Merkle tree over the four coordinate columns of every input column; mix its root,
 *    draw α₀;
 * 2. fold the largest column circle → line with α₀ into a zero line evaluation;
 * 3. while the line evaluation is longer than the last layer's domain: commit it (Merkle tree of its four
 *    coordinate columns), mix the root, draw α_k, fold it line → line with α_k; then, if the next input
 *    column folds (circle → line) to exactly the new length, fold it in with the same α_k:
 *    g ← g·α_k² + fold(column);
 * 4. last layer: interpolate the final line evaluation, require its coefficients beyond
 *    2^logLastLayerDegreeBound to vanish, and mix the kept ones (bit-reversed `LinePoly` order).
 *
 * Decommit phase: for queries Q on the largest domain, each first-layer column opens the pairs
 * {2⌊q/2⌋, 2⌊q/2⌋+1} of its folded queries Q >> (s_max − s); inner layer k opens the pairs of
 * Q >> (1 + k). Pair members the verifier computes itself are left out of the witness.
 *
 * Folds and FFTs run on a {@link PolyBackend} (WebAssembly SIMD by default); the Merkle hashing follows
 * (JS hashing with the JS backend, else the WebAssembly kernel). Both give identical proofs.
 * @module
 */
import type { Blake2sChannel } from '../../channel/blake2s-channel.js';
import { canonicCoset, lineDomain, MAX_CIRCLE_DOMAIN_LOG_SIZE } from '../../circle/index.js';
import { secureColumn } from '../../field/index.js';
import type { SecureColumn } from '../../field/index.js';
import { MerkleError, MerkleTree } from '../../merkle/index.js';
import type { MerkleBackend } from '../../merkle/index.js';
import type { PolyBackend } from '../../poly/prover/backend.js';
import { linePolyFromOrderedCoefficients, lineInterpolate, orderedCoefficients } from '../../poly/line.js';
import { defaultBackend } from '../../poly/prover/ops.js';
import { friConfig, lastLayerDomainLogSize } from '../config.js';
import type { FriConfig } from '../config.js';
import { FriError } from '../errors.js';
import type { FriLayerProof, FriProof } from '../proof.js';
import { generateQueries, foldQueries, queryPositionsByLogSize } from '../queries.js';
import type { Queries } from '../queries.js';

/** Options of {@link FriProver.commit}. */
export interface FriProverOptions {
  /** Polynomial backend for the folds (default: WebAssembly SIMD where available). */
  readonly backend?: PolyBackend;
  /**
   * Testing aid, never for real proofs: skip the last-layer degree check and send the truncated last
   * layer anyway, as a cheating prover would, so that tests can check that the verifier rejects.
   */
  readonly skipDegreeCheck?: boolean;
}

/** What {@link FriProver.decommit} returns. */
export interface FriDecommitment {
  /** The proof. */
  readonly proof: FriProof;
  /** The queries drawn on the largest first-layer domain. */
  readonly queries: Queries;
  /** The queries folded onto each first-layer column log size (largest first). */
  readonly positionsByLogSize: Map<number, Uint32Array>;
}

interface InnerLayer {
  readonly evaluation: SecureColumn;
  readonly tree: MerkleTree;
}

/** The Merkle hashing that matches a polynomial backend (JS with JS, else the WebAssembly kernel when available). */
export function merkleBackendFor(backend: PolyBackend): MerkleBackend {
  return backend.name === 'js' ? 'js' : 'auto';
}

function log2Column(col: unknown, what: string): number {
  if (!Array.isArray(col) || col.length !== 4 || !col.every((c) => c instanceof Uint32Array)) {
    throw new FriError('INVALID_INPUT', `${what} is not a secure column (four Uint32Array coordinates)`);
  }
  const n = (col[0] as Uint32Array).length;
  if (!col.every((c) => (c as Uint32Array).length === n)) throw new FriError('INVALID_INPUT', `${what}: coordinates differ in length`);
  if (n < 2 || (n & (n - 1)) !== 0 || n > 2 ** MAX_CIRCLE_DOMAIN_LOG_SIZE) {
    throw new FriError('INVALID_INPUT', `${what}: length ${n} is not a power of two in [2, 2^${MAX_CIRCLE_DOMAIN_LOG_SIZE}]`);
  }
  return 31 - Math.clz32(n);
}

/**
 * The pairs {2⌊q/2⌋, 2⌊q/2⌋+1} opened for sorted positions, and the pair members not among the positions
 * (the witness: flat QM31 coordinates) — Stwo's `compute_decommitment_positions_and_witness_evals`.
 */
function pairOpenings(col: SecureColumn, positions: Uint32Array): { opened: number[]; witness: number[] } {
  const opened: number[] = [];
  const witness: number[] = [];
  let i = 0;
  while (i < positions.length) {
    const start = positions[i]! & ~1;
    for (let p = start; p < start + 2; p++) {
      opened.push(p);
      if (i < positions.length && positions[i] === p) {
        i++;
        continue;
      }
      witness.push(col[0][p]!, col[1][p]!, col[2][p]!, col[3][p]!);
    }
  }
  return { opened, witness };
}

/** A committed FRI instance; produces the proof for any query set. */
export class FriProver {
  /** The configuration. */
  readonly config: FriConfig;
  /** Log sizes of the input columns, strictly decreasing. */
  readonly columnLogSizes: readonly number[];
  readonly #columns: readonly SecureColumn[];
  readonly #firstLayer: MerkleTree;
  readonly #innerLayers: readonly InnerLayer[];
  readonly #lastLayerPoly: Uint32Array;

  private constructor(
    config: FriConfig,
    columns: readonly SecureColumn[],
    logSizes: number[],
    firstLayer: MerkleTree,
    innerLayers: InnerLayer[],
    lastLayerPoly: Uint32Array,
  ) {
    this.config = config;
    this.#columns = columns;
    this.columnLogSizes = Object.freeze(logSizes);
    this.#firstLayer = firstLayer;
    this.#innerLayers = Object.freeze(innerLayers);
    this.#lastLayerPoly = lastLayerPoly;
    Object.freeze(this);
  }

  /**
   * Runs the commit phase on `columns`: secure columns holding bit-reversed evaluations on
   * `CanonicCoset(s).circleDomain`, with strictly decreasing log sizes s, each at least
   * logLastLayerDegreeBound + logBlowupFactor + 1, and canonical values. Mixes every root and the last
   * layer into `channel` and draws the folding randomness from it. The columns are kept by reference until
   * decommitment: do not modify them.
   * @throws FriError `INVALID_INPUT` for malformed columns; `DEGREE_TOO_HIGH` when the last layer is not
   *   of low degree (the input was not a low-degree evaluation)
   */
  static commit(
    channel: Blake2sChannel,
    config: FriConfig,
    columns: readonly SecureColumn[],
    options: FriProverOptions = {},
  ): FriProver {
    const cfg = friConfig(config);
    const backend = options.backend ?? defaultBackend();
    const merkle = merkleBackendFor(backend);
    if (!Array.isArray(columns) || columns.length === 0) throw new FriError('INVALID_INPUT', 'FRI needs at least one column');
    const lastLog = lastLayerDomainLogSize(cfg);
    const logSizes = columns.map((c, i) => log2Column(c, `column ${i}`));
    for (let i = 0; i < logSizes.length; i++) {
      if (i > 0 && logSizes[i]! >= logSizes[i - 1]!) {
        throw new FriError('INVALID_INPUT', 'column log sizes must be strictly decreasing');
      }
      if (logSizes[i]! <= lastLog) {
        throw new FriError('INVALID_INPUT', `column ${i} has log size ${logSizes[i]}; FRI needs more than ${lastLog} (last layer + 1)`);
      }
    }

    // 1. First layer.
    let firstLayer: MerkleTree;
    try {
      firstLayer = MerkleTree.commit(columns.flatMap((c) => [...c]), { backend: merkle });
    } catch (e) {
      if (e instanceof MerkleError) throw new FriError('INVALID_INPUT', `first layer: ${e.message}`, { cause: e });
      throw e;
    }
    channel.mixRoot(firstLayer.root);

    // 2. Fold the largest column into a zero line evaluation with α₀.
    let alpha = channel.drawFelt();
    let layer = secureColumn(2 ** (logSizes[0]! - 1));
    backend.foldCircleIntoLine(layer, columns[0]!, [alpha[0]!, alpha[1]!, alpha[2]!, alpha[3]!]);
    let next = 1;

    // 3. Inner layers.
    const inner: InnerLayer[] = [];
    for (let layerLog = logSizes[0]! - 1; layerLog > lastLog; layerLog--) {
      const tree = MerkleTree.commit([...layer], { backend: merkle, trustCanonical: true });
      channel.mixRoot(tree.root);
      inner.push({ evaluation: layer, tree });
      alpha = channel.drawFelt();
      const a = [alpha[0]!, alpha[1]!, alpha[2]!, alpha[3]!] as const;
      layer = backend.foldLine(layer, a);
      if (next < columns.length && logSizes[next]! - 1 === layerLog - 1) {
        backend.foldCircleIntoLine(layer, columns[next]!, a);
        next++;
      }
    }
    // Sizes strictly decrease and all exceed the last layer's, so every column has been folded in.
    if (next !== columns.length) throw new FriError('INVALID_INPUT', 'not every column was folded (internal)');

    // 4. Last layer.
    const lastPoly = commitLastLayer(layer, cfg, options.skipDegreeCheck === true);
    channel.mixFelts(lastPoly);
    return new FriProver(cfg, columns, logSizes, firstLayer, inner, lastPoly);
  }

  /** Log size of the largest first-layer domain (where queries are drawn). */
  get maxColumnLogSize(): number {
    return this.columnLogSizes[0]!;
  }

  /** Draws the queries from `channel` (after the proof of work) and opens every layer at them. */
  decommit(channel: Blake2sChannel): FriDecommitment {
    const queries = generateQueries(channel, this.maxColumnLogSize, this.config.nQueries);
    return Object.freeze({
      proof: this.decommitOnQueries(queries),
      queries,
      positionsByLogSize: queryPositionsByLogSize(queries, this.columnLogSizes),
    });
  }

  /**
   * The proof for an explicit query set on the largest first-layer domain.
   * @throws FriError `INVALID_INPUT` for queries on another domain size or not strictly ascending
   */
  decommitOnQueries(queries: Queries): FriProof {
    if (queries.logDomainSize !== this.maxColumnLogSize) {
      throw new FriError('INVALID_INPUT', `queries on log size ${queries.logDomainSize}, expected ${this.maxColumnLogSize}`);
    }
    for (let i = 0; i < queries.positions.length; i++) {
      const q = queries.positions[i]!;
      if (q >= 2 ** queries.logDomainSize || (i > 0 && q <= queries.positions[i - 1]!)) {
        throw new FriError('INVALID_INPUT', 'query positions must be strictly ascending and inside the domain');
      }
    }
    // First layer: every column at its folded queries.
    const witness: number[] = [];
    const openings = new Map<number, number[]>();
    this.#columns.forEach((col, i) => {
      const s = this.columnLogSizes[i]!;
      const { opened, witness: w } = pairOpenings(col, foldQueries(queries, queries.logDomainSize - s).positions);
      openings.set(s, opened);
      for (const v of w) witness.push(v);
    });
    const firstLayer = layerProof(this.#firstLayer, openings, witness);

    // Inner layers: queries folded once more per layer.
    let layerQueries = foldQueries(queries, 1);
    const innerLayers: FriLayerProof[] = [];
    for (const { evaluation, tree } of this.#innerLayers) {
      const { opened, witness: w } = pairOpenings(evaluation, layerQueries.positions);
      innerLayers.push(layerProof(tree, new Map([[layerQueries.logDomainSize, opened]]), w));
      layerQueries = foldQueries(layerQueries, 1);
    }
    return Object.freeze({
      firstLayer,
      innerLayers: Object.freeze(innerLayers),
      lastLayerPoly: this.#lastLayerPoly.slice(),
    });
  }
}

function layerProof(tree: MerkleTree, openings: Map<number, number[]>, witness: number[]): FriLayerProof {
  const { decommitment } = tree.decommit(openings);
  return Object.freeze({ friWitness: Uint32Array.from(witness), decommitment, commitment: tree.root });
}

/**
 * Interpolates the last line evaluation and returns its 2^logLast coefficients in `LinePoly` storage
 * order (bit-reversed), flat QM31 coordinates.
 */
function commitLastLayer(evaluation: SecureColumn, config: FriConfig, skipCheck: boolean): Uint32Array {
  const log = lastLayerDomainLogSize(config);
  const domain = lineDomain(canonicCoset(log + 1).halfCoset);
  const ordered = orderedCoefficients(lineInterpolate(evaluation, domain));
  const bound = 2 ** config.logLastLayerDegreeBound;
  if (!skipCheck) {
    for (const coord of ordered) {
      for (let i = bound; i < coord.length; i++) {
        if (coord[i] !== 0) throw new FriError('DEGREE_TOO_HIGH', 'the last FRI layer is not of low degree: the input columns are not low-degree evaluations');
      }
    }
  }
  const kept = ordered.map((c) => c.slice(0, bound)) as unknown as SecureColumn;
  const poly = linePolyFromOrderedCoefficients(kept).coeffs;
  const flat = new Uint32Array(4 * bound);
  for (let i = 0; i < bound; i++) for (let k = 0; k < 4; k++) flat[4 * i + k] = poly[k]![i]!;
  return flat;
}

/** {@link FriProver.commit} as a function. */
export function friCommit(
  channel: Blake2sChannel,
  config: FriConfig,
  columns: readonly SecureColumn[],
  options?: FriProverOptions,
): FriProver {
  return FriProver.commit(channel, config, columns, options);
}

/** {@link FriProver.decommitOnQueries} as a function. */
export function friDecommit(prover: FriProver, queries: Queries): FriProof {
  return prover.decommitOnQueries(queries);
}
