/**
 * The circle FRI verifier (Stwo's `FriVerifier`, fold step 1). Imports no prover code and no
 * WebAssembly; browser-safe.
 *
 * Use: {@link FriVerifier.commit} (mixes the proof's roots into the channel and draws the folding
 * randomness exactly as the prover did, checks the layer count and the last layer's size), then — after
 * the proof of work — {@link FriVerifier.sampleQueryPositions}, then {@link FriVerifier.decommit} with the
 * first-layer values at those positions (in a PCS, the DEEP quotients recomputed from opened trace values).
 *
 * Every length in the proof is checked against what the degree bounds and the query set require; any
 * failure is a {@link FriError}, never another exception.
 * @module
 */
import type { Blake2sChannel } from '../channel/blake2s-channel.js';
import { bitReverseIndex, canonicCoset, lineDomain } from '../circle/index.js';
import type { LineDomain } from '../circle/index.js';
import { m31, qm31 } from '../field/index.js';
import type { QM31 } from '../field/index.js';
import { MerkleError } from '../merkle/errors.js';
import { verifyMerkle } from '../merkle/verifier.js';
import { lineEvalAtPoint, linePoly } from '../poly/line.js';
import { friConfig, lastLayerDomainLogSize } from './config.js';
import type { FriConfig } from './config.js';
import { FriError } from './errors.js';
import type { FriErrorCode } from './errors.js';
import type { FriLayerProof, FriProof } from './proof.js';
import { foldQueries, generateQueries, queryPositionsByLogSize } from './queries.js';
import type { Queries } from './queries.js';

const P = m31.P;

/** Values at the pairs of one layer: for each opened pair, its start position and its two values. */
interface SparseEvaluation {
  readonly starts: number[];
  readonly values: QM31[]; // two per pair
}

function checkCanonicalWords(a: Uint32Array, what: string): void {
  for (let i = 0; i < a.length; i++) if (a[i]! >= P) throw new FriError('MALFORMED_PROOF', `${what}[${i}] is not a canonical M31 value`);
}

function checkLayerProof(layer: unknown, what: string): FriLayerProof {
  if (layer === null || typeof layer !== 'object') throw new FriError('MALFORMED_PROOF', `${what} is not an object`);
  const l = layer as FriLayerProof;
  if (!(l.commitment instanceof Uint8Array) || l.commitment.length !== 32) {
    throw new FriError('MALFORMED_PROOF', `${what}.commitment must be a 32-byte Uint8Array`);
  }
  if (!(l.friWitness instanceof Uint32Array) || l.friWitness.length % 4 !== 0) {
    throw new FriError('MALFORMED_PROOF', `${what}.friWitness must be a Uint32Array of QM31 coordinates`);
  }
  checkCanonicalWords(l.friWitness, `${what}.friWitness`);
  const d = l.decommitment;
  if (d === null || typeof d !== 'object' || !(d.hashWitness instanceof Uint8Array) || !(d.columnWitness instanceof Uint32Array)) {
    throw new FriError('MALFORMED_PROOF', `${what}.decommitment must hold a hashWitness Uint8Array and a columnWitness Uint32Array`);
  }
  return l;
}

/**
 * Rebuilds the pairs around sorted `positions` from the known values (one per position, in order) and
 * the witness, returning the opened positions (for the Merkle check), their M31 coordinates in Merkle
 * order, and the pairs. Stwo's `compute_decommitment_positions_and_rebuild_evals`.
 */
function rebuildPairs(
  positions: Uint32Array,
  known: readonly QM31[],
  witness: Uint32Array,
  witnessPos: { at: number },
  code: FriErrorCode,
  what: string,
): { opened: number[]; coords: number[]; sparse: SparseEvaluation } {
  const opened: number[] = [];
  const coords: number[] = [];
  const starts: number[] = [];
  const values: QM31[] = [];
  let i = 0;
  while (i < positions.length) {
    const start = positions[i]! & ~1;
    starts.push(start);
    for (let p = start; p < start + 2; p++) {
      opened.push(p);
      let v: QM31;
      if (i < positions.length && positions[i] === p) {
        v = known[i++]!;
      } else {
        if (witnessPos.at + 4 > witness.length) throw new FriError(code, `${what}: witness exhausted`);
        const w = witnessPos.at;
        v = [witness[w]!, witness[w + 1]!, witness[w + 2]!, witness[w + 3]!];
        witnessPos.at += 4;
      }
      values.push(v);
      coords.push(v[0], v[1], v[2], v[3]);
    }
  }
  return { opened, coords, sparse: { starts, values } };
}

/** f0 + α·f1 with f0 = a + b, f1 = (a − b)·t⁻¹: one fold of the pair (a, b) whose twiddle is t. */
function foldPair(a: QM31, b: QM31, t: number, alpha: QM31): QM31 {
  const f0 = qm31.add(a, b);
  const f1 = qm31.mulM31(qm31.sub(a, b), m31.inv(t));
  return qm31.add(f0, qm31.mul(alpha, f1));
}

/** A FRI verifier in its commit state; see the module note for the call sequence. */
export class FriVerifier {
  /** The configuration. */
  readonly config: FriConfig;
  /** Degree bounds (log of the coefficient count) of the first-layer columns, strictly decreasing. */
  readonly columnBounds: readonly number[];
  /** Commitment-domain log sizes of the first-layer columns (bound + logBlowupFactor). */
  readonly columnLogSizes: readonly number[];
  readonly #proof: FriProof;
  readonly #firstAlpha: QM31;
  readonly #innerAlphas: readonly QM31[];
  #queries: Queries | undefined;

  private constructor(config: FriConfig, bounds: number[], proof: FriProof, firstAlpha: QM31, innerAlphas: QM31[]) {
    this.config = config;
    this.columnBounds = Object.freeze(bounds);
    this.columnLogSizes = Object.freeze(bounds.map((b) => b + config.logBlowupFactor));
    this.#proof = proof;
    this.#firstAlpha = firstAlpha;
    this.#innerAlphas = Object.freeze(innerAlphas);
  }

  /**
   * The commit phase: checks the proof's shape against `columnBounds` (the log degree bounds of the
   * committed columns, strictly decreasing, each above logLastLayerDegreeBound), mixes the first-layer
   * root and draws α₀, mixes each inner root and draws its α, and mixes the last-layer polynomial.
   * @throws FriError `INVALID_CONFIG` / `INVALID_INPUT` for bad arguments, `MALFORMED_PROOF`,
   *   `INVALID_NUM_LAYERS`, `LAST_LAYER_DEGREE_INVALID`
   */
  static commit(channel: Blake2sChannel, config: FriConfig, proof: FriProof, columnBounds: readonly number[]): FriVerifier {
    try {
      return FriVerifier.#commit(channel, config, proof, columnBounds);
    } catch (e) {
      throw asFriError(e);
    }
  }

  static #commit(channel: Blake2sChannel, config: FriConfig, proof: FriProof, columnBounds: readonly number[]): FriVerifier {
    const cfg = friConfig(config);
    const bounds = checkBounds(columnBounds, cfg);
    if (proof === null || typeof proof !== 'object') throw new FriError('MALFORMED_PROOF', 'proof is not an object');
    const first = checkLayerProof(proof.firstLayer, 'firstLayer');
    if (!Array.isArray(proof.innerLayers)) throw new FriError('MALFORMED_PROOF', 'innerLayers is not an array');
    // The largest column folds to a line polynomial of bound b₀ − 1; each inner layer halves it, down to the last layer's bound.
    const expectedLayers = bounds[0]! - 1 - cfg.logLastLayerDegreeBound;
    if (proof.innerLayers.length !== expectedLayers) {
      throw new FriError('INVALID_NUM_LAYERS', `proof has ${proof.innerLayers.length} inner layers, expected ${expectedLayers}`);
    }
    const inner = proof.innerLayers.map((l, k) => checkLayerProof(l, `innerLayers[${k}]`));
    const last = proof.lastLayerPoly;
    if (!(last instanceof Uint32Array) || last.length !== 4 * 2 ** cfg.logLastLayerDegreeBound) {
      throw new FriError('LAST_LAYER_DEGREE_INVALID', `the last layer must have exactly ${2 ** cfg.logLastLayerDegreeBound} QM31 coefficients`);
    }
    checkCanonicalWords(last, 'lastLayerPoly');

    channel.mixRoot(first.commitment);
    const firstAlpha = toQM31(channel.drawFelt());
    const innerAlphas: QM31[] = [];
    for (const l of inner) {
      channel.mixRoot(l.commitment);
      innerAlphas.push(toQM31(channel.drawFelt()));
    }
    channel.mixFelts(last);
    // Keep a private snapshot of what was checked and mixed, so later changes to the caller's object
    // cannot make decommit read something else.
    const snapshot: FriProof = {
      firstLayer: copyLayer(first),
      innerLayers: inner.map(copyLayer),
      lastLayerPoly: last.slice(),
    };
    return new FriVerifier(cfg, bounds, snapshot, firstAlpha, innerAlphas);
  }

  /**
   * Draws the queries on the largest first-layer domain (after the proof of work has been mixed) and
   * returns them folded onto each column's commitment log size, largest first.
   */
  sampleQueryPositions(channel: Blake2sChannel): Map<number, Uint32Array> {
    try {
      const queries = generateQueries(channel, this.columnLogSizes[0]!, this.config.nQueries);
      this.#queries = queries;
      return queryPositionsByLogSize(queries, this.columnLogSizes);
    } catch (e) {
      throw asFriError(e);
    }
  }

  /**
   * The decommitment phase. `firstLayerQueryEvals[i]` holds column i's values (flat QM31 coordinates, four
   * words per value) at the positions {@link sampleQueryPositions} returned for its log size, ascending.
   * Can be called once per sampled query set.
   * @throws FriError on any inconsistency
   */
  decommit(firstLayerQueryEvals: readonly Uint32Array[]): void {
    try {
      this.#decommit(firstLayerQueryEvals);
    } catch (e) {
      throw asFriError(e);
    }
  }

  #decommit(firstLayerQueryEvals: readonly Uint32Array[]): void {
    const queries = this.#queries;
    if (queries === undefined) throw new FriError('QUERIES_NOT_SAMPLED', 'call sampleQueryPositions first');
    this.#queries = undefined;
    const nCols = this.columnBounds.length;
    if (!Array.isArray(firstLayerQueryEvals) || firstLayerQueryEvals.length !== nCols) {
      throw new FriError('INVALID_INPUT', `expected query evaluations for ${nCols} columns`);
    }
    const proof = this.#proof;

    // First layer: rebuild each column's pairs, check the one Merkle opening of all columns.
    const witnessAt = { at: 0 };
    const openings = new Map<number, number[]>();
    const coords: number[] = [];
    const sparse: SparseEvaluation[] = [];
    for (let c = 0; c < nCols; c++) {
      const s = this.columnLogSizes[c]!;
      const positions = foldQueries(queries, queries.logDomainSize - s).positions;
      const evals = firstLayerQueryEvals[c];
      if (!(evals instanceof Uint32Array) || evals.length !== 4 * positions.length) {
        throw new FriError('INVALID_INPUT', `column ${c}: expected ${positions.length} QM31 values (${4 * positions.length} words)`);
      }
      for (let i = 0; i < evals.length; i++) if (evals[i]! >= P) throw new FriError('INVALID_INPUT', `column ${c}: value ${i >> 2} is not canonical`);
      const known = Array.from({ length: positions.length }, (_, i) => toQM31(evals.subarray(4 * i, 4 * i + 4)));
      const r = rebuildPairs(positions, known, proof.firstLayer.friWitness, witnessAt, 'FIRST_LAYER_EVALUATIONS_INVALID', 'first layer');
      openings.set(s, r.opened);
      for (const v of r.coords) coords.push(v);
      sparse.push(r.sparse);
    }
    if (witnessAt.at !== proof.firstLayer.friWitness.length) {
      throw new FriError('FIRST_LAYER_EVALUATIONS_INVALID', 'first layer: witness values left over');
    }
    verifyLayer(
      proof.firstLayer,
      this.columnLogSizes.flatMap((s) => [s, s, s, s]),
      openings,
      coords,
      'FIRST_LAYER_COMMITMENT_INVALID',
      'first layer',
    );

    // Inner layers: fold in the first-layer columns of this layer's bound, verify, fold.
    let layerQueries = foldQueries(queries, 1);
    let layerEvals: QM31[] = Array.from(layerQueries.positions, () => qm31.ZERO);
    let col = 0;
    let prevAlpha = this.#firstAlpha;
    const foldColumnsInto = (lineBound: number) => {
      while (col < nCols && this.columnBounds[col]! - 1 === lineBound) {
        const folded = foldCircleSparse(sparse[col]!, this.columnLogSizes[col]!, prevAlpha);
        if (folded.length !== layerEvals.length) throw new FriError('INVALID_INPUT', 'column queries do not match the layer (internal)');
        const sq = qm31.sqr(prevAlpha);
        layerEvals = layerEvals.map((v, i) => qm31.add(qm31.mul(v, sq), folded[i]!));
        col++;
      }
    };
    const B = this.config.logBlowupFactor;
    for (let k = 0; k < proof.innerLayers.length; k++) {
      const layerBound = this.columnBounds[0]! - 1 - k;
      foldColumnsInto(layerBound);
      const layer = proof.innerLayers[k]!;
      const logSize = layerBound + B;
      const at = { at: 0 };
      const what = `inner layer ${k}`;
      const r = rebuildPairs(layerQueries.positions, layerEvals, layer.friWitness, at, 'INNER_LAYER_EVALUATIONS_INVALID', what);
      if (at.at !== layer.friWitness.length) throw new FriError('INNER_LAYER_EVALUATIONS_INVALID', `${what}: witness values left over`);
      verifyLayer(layer, [logSize, logSize, logSize, logSize], new Map([[logSize, r.opened]]), r.coords, 'INNER_LAYER_COMMITMENT_INVALID', what);
      const alpha = this.#innerAlphas[k]!;
      layerEvals = foldLineSparse(r.sparse, lineDomainOfLogSize(logSize), alpha);
      layerQueries = foldQueries(layerQueries, 1);
      prevAlpha = alpha;
    }
    // Columns whose fold lands on the last layer itself (Stwo's prover folds them in after the last
    // line fold; its verifier does not expect them — this handles that case the same way as the prover).
    foldColumnsInto(this.config.logLastLayerDegreeBound);
    if (col !== nCols) throw new FriError('INVALID_INPUT', 'not every column was folded (internal)');

    // Last layer: every remaining value must be the last-layer polynomial at its point.
    const lastLog = lastLayerDomainLogSize(this.config);
    const domain = lineDomainOfLogSize(lastLog);
    const n = 2 ** this.config.logLastLayerDegreeBound;
    const flat = proof.lastLayerPoly;
    const poly = linePoly([0, 1, 2, 3].map((k) => Uint32Array.from({ length: n }, (_, i) => flat[4 * i + k]!)) as unknown as [
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
    ]);
    for (let i = 0; i < layerQueries.positions.length; i++) {
      const x = domain.at(bitReverseIndex(layerQueries.positions[i]!, lastLog));
      if (!qm31.eq(layerEvals[i]!, lineEvalAtPoint(poly, qm31.fromM31(x)))) {
        throw new FriError('LAST_LAYER_EVALUATIONS_INVALID', `query ${layerQueries.positions[i]} disagrees with the last-layer polynomial`);
      }
    }
  }
}

/** The line domain a line evaluation of log size k lives on: the x-coordinates of CanonicCoset(k + 1)'s half coset. */
function lineDomainOfLogSize(k: number): LineDomain {
  return lineDomain(canonicCoset(k + 1).halfCoset);
}

/** Circle → line fold of every opened pair of a column of log size s: twiddle p.y of the pair's first point. */
function foldCircleSparse(ev: SparseEvaluation, s: number, alpha: QM31): QM31[] {
  const domain = canonicCoset(s).circleDomain;
  return ev.starts.map((start, j) => foldPair(ev.values[2 * j]!, ev.values[2 * j + 1]!, domain.at(bitReverseIndex(start, s)).y, alpha));
}

/** Line fold of every opened pair on a line domain: twiddle x of the pair's first point. */
function foldLineSparse(ev: SparseEvaluation, domain: LineDomain, alpha: QM31): QM31[] {
  return ev.starts.map((start, j) =>
    foldPair(ev.values[2 * j]!, ev.values[2 * j + 1]!, domain.at(bitReverseIndex(start, domain.logSize)), alpha),
  );
}

function verifyLayer(
  layer: FriLayerProof,
  logSizes: number[],
  openings: Map<number, number[]>,
  coords: number[],
  code: FriErrorCode,
  what: string,
): void {
  try {
    verifyMerkle(layer.commitment, logSizes, openings, coords, layer.decommitment);
  } catch (e) {
    if (e instanceof MerkleError) throw new FriError(code, `${what}: ${e.message}`, { cause: e });
    throw e;
  }
}

function checkBounds(columnBounds: readonly number[], cfg: FriConfig): number[] {
  if (!Array.isArray(columnBounds) || columnBounds.length === 0) throw new FriError('INVALID_INPUT', 'FRI needs at least one column bound');
  const out: number[] = [];
  for (const b of columnBounds as unknown[]) {
    if (typeof b !== 'number' || !Number.isInteger(b) || b <= cfg.logLastLayerDegreeBound || b + cfg.logBlowupFactor > 30) {
      throw new FriError('INVALID_INPUT', `column bound ${String(b)} must be an integer above ${cfg.logLastLayerDegreeBound} with bound + logBlowupFactor ≤ 30`);
    }
    if (out.length > 0 && b >= out[out.length - 1]!) throw new FriError('INVALID_INPUT', 'column bounds must be strictly decreasing');
    out.push(b);
  }
  return out;
}

function copyLayer(l: FriLayerProof): FriLayerProof {
  return {
    friWitness: l.friWitness.slice(),
    commitment: l.commitment.slice(),
    decommitment: { hashWitness: l.decommitment.hashWitness.slice(), columnWitness: l.decommitment.columnWitness.slice() },
  };
}

function toQM31(v: ArrayLike<number>): QM31 {
  return [v[0]!, v[1]!, v[2]!, v[3]!];
}

/** Keeps FriErrors, wraps anything else (a getter that throws, a revoked buffer) so the contract holds. */
function asFriError(e: unknown): FriError {
  if (e instanceof FriError) return e;
  return new FriError('MALFORMED_PROOF', `malformed input (${e instanceof Error ? e.message : String(e)})`, { cause: e });
}
