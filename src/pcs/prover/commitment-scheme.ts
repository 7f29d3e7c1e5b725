/**
 * The prover side of the FRI-based polynomial commitment scheme (Stwo's `CommitmentSchemeProver`).
 *
 * Trees are committed one at a time: each column (given as values on its trace domain, or as
 * coefficients) is interpolated, evaluated on the canonic coset 2^B times larger, and the extended
 * evaluations are Merkle-committed; the root is mixed into the channel. {@link CommitmentSchemeProver.prove}
 * then opens every column at its sample points:
 * 1. evaluate each column at each of its points; mix all values (tree → column → point) in one `mixFelts`;
 * 2. draw β; build one DEEP quotient column per commitment size (largest first, `quotients.ts`);
 * 3. FRI commit on the quotients; grind the proof of work and mix the nonce;
 * 4. draw the queries (FRI decommit) and open every tree at the queries folded onto its column sizes.
 * @module
 */
import type { Blake2sChannel } from '../../channel/blake2s-channel.js';
import { grind } from '../../channel/prover/pow.js';
import { MAX_CIRCLE_DOMAIN_LOG_SIZE } from '../../circle/index.js';
import type { SecurePoint } from '../../circle/index.js';
import { m31 } from '../../field/index.js';
import type { QM31 } from '../../field/index.js';
import { FriError, FriProver, merkleBackendFor } from '../../fri/index.js';
import type { FriProverOptions } from '../../fri/index.js';
import { MerkleTree } from '../../merkle/index.js';
import type { MerkleBackend, MerkleDecommitment } from '../../merkle/index.js';
import type { PolyBackend } from '../../poly/prover/backend.js';
import { defaultBackend, evaluate } from '../../poly/prover/ops.js';
import { pcsConfig } from '../config.js';
import type { PcsConfig } from '../config.js';
import { PcsError } from '../errors.js';
import type { PcsProof } from '../proof.js';
import { computeFriQuotients } from './quotients.js';
import type { QuotientSizeGroup } from './quotients.js';
import { checkSamplePoint } from '../quotients.js';
import type { PointSample } from '../quotients.js';
import { checkQM31, checkSamplesShape, flattenValues, groupBySize } from '../shared.js';

/** Options of {@link CommitmentSchemeProver.prove}. */
export interface PcsProveOptions {
  /** Passed to the FRI prover (`skipDegreeCheck` is a testing aid for cheating-prover tests). */
  readonly fri?: Pick<FriProverOptions, 'skipDegreeCheck'>;
}

const P = m31.P;

/**
 * Most words of backend scratch that out-of-domain sampling holds at once (32 MiB): columns are turned back
 * into coefficients a few at a time (at least one, and enough for the kernel threads to share a batch).
 */
const SAMPLE_SCRATCH_WORDS = 2 ** 23;

/**
 * One committed tree. Only the evaluations are kept (in backend memory), not the coefficients as well:
 * the coefficients would cost another 2^−B of the evaluations' memory for the whole proof, while they are
 * needed only once, for out-of-domain sampling, where an inverse FFT of the evaluations gives them back
 * exactly (the evaluations are the FFT of the coefficients padded with zeros).
 */
interface TreeProver {
  /** Trace (polynomial) log size of each column. */
  readonly logSizes: readonly number[];
  /** Evaluations on CanonicCoset(logSize + B), bit-reversed. */
  readonly evaluations: readonly Uint32Array[];
  readonly merkle: MerkleTree;
}

function checkColumnArray(columns: unknown, what: string): Uint32Array[] {
  if (!Array.isArray(columns)) throw new PcsError('INVALID_INPUT', `${what} must be an array of Uint32Array`);
  for (let i = 0; i < columns.length; i++) {
    const c: unknown = columns[i];
    if (!(c instanceof Uint32Array)) throw new PcsError('INVALID_INPUT', `${what}[${i}] is not a Uint32Array`);
    for (let r = 0; r < c.length; r++) {
      if (c[r]! >= P) throw new PcsError('INVALID_INPUT', `${what}[${i}][${r}] = ${c[r]} is not a canonical M31 value`);
    }
  }
  return columns as Uint32Array[];
}

/** The prover of the commitment scheme. Holds every committed tree until {@link prove}. */
export class CommitmentSchemeProver {
  /** The configuration. */
  readonly config: PcsConfig;
  /** The polynomial backend (FFTs, folds, quotient arithmetic). */
  readonly backend: PolyBackend;
  readonly #merkleBackend: MerkleBackend;
  readonly #trees: TreeProver[] = [];
  /** Arrays allocated from the backend, released by {@link dispose}. */
  readonly #owned: Uint32Array[] = [];

  /**
   * @param config validated with `pcsConfig`
   * @param backend polynomial backend (default: WebAssembly SIMD where available); proofs are identical for every backend
   */
  constructor(config: PcsConfig, backend: PolyBackend = defaultBackend()) {
    this.config = pcsConfig(config);
    this.backend = backend;
    this.#merkleBackend = merkleBackendFor(backend);
  }

  /** Number of committed trees. */
  get nTrees(): number {
    return this.#trees.length;
  }

  #checkLogSize(logSize: unknown, what: string): number {
    const B = this.config.fri.logBlowupFactor;
    const min = this.config.fri.logLastLayerDegreeBound + 1;
    if (typeof logSize !== 'number' || !Number.isInteger(logSize) || logSize < min || logSize + B > MAX_CIRCLE_DOMAIN_LOG_SIZE) {
      throw new PcsError(
        'INVALID_INPUT',
        `${what}: log size ${String(logSize)} must be an integer in [${min}, ${MAX_CIRCLE_DOMAIN_LOG_SIZE - B}] (last-layer bound + 1 … 30 − log blowup)`,
      );
    }
    return logSize;
  }

  /**
   * Commits one tree of columns given as values: `columns[i]` holds 2^logSizes[i] canonical M31 values, the
   * bit-reversed evaluations on `CanonicCoset(logSizes[i])` (placing trace rows there is the caller's job).
   * Interpolates, extends by the blowup, Merkle-commits and mixes the root into `channel`.
   * @returns the tree's index
   * @throws PcsError `INVALID_INPUT`
   */
  commit(columns: readonly Uint32Array[], logSizes: readonly number[], channel: Blake2sChannel): number {
    return this.#commitValues(columns, logSizes, undefined, channel);
  }

  /**
   * Commits one tree of columns given as values (as {@link commit}), each randomized for zero knowledge:
   * column i, 2^s values on its trace domain with coefficients f, is committed as the polynomial of log size
   * s + 1 whose coefficients are f followed by `randomCoeffs[i]` (at most 2^s of them) and zeros — that is
   * f + Z_H·r in the FFT basis (`stark/layout.ts`, item 1). Works in backend memory throughout: no
   * coefficient copy of the tree is made.
   * @returns the tree's index
   * @throws PcsError `INVALID_INPUT`
   */
  commitRandomized(columns: readonly Uint32Array[], logSizes: readonly number[], randomCoeffs: readonly Uint32Array[], channel: Blake2sChannel): number {
    return this.#commitValues(columns, logSizes, checkColumnArray(randomCoeffs, 'randomCoeffs'), channel);
  }

  /** {@link commit} (`extra` undefined) and {@link commitRandomized} (`extra`: the random coefficients per column). */
  #commitValues(columns: readonly Uint32Array[], logSizes: readonly number[], extra: readonly Uint32Array[] | undefined, channel: Blake2sChannel): number {
    const cols = checkColumnArray(columns, 'columns');
    if (!Array.isArray(logSizes) || logSizes.length !== cols.length) {
      throw new PcsError('INVALID_INPUT', 'logSizes must give one log size per column');
    }
    if (extra && extra.length !== cols.length) throw new PcsError('INVALID_INPUT', 'randomCoeffs must give one array per column');
    const sizes = logSizes.map((s, i) => this.#checkLogSize(s, `column ${i}`));
    // With random coefficients the committed polynomial is twice the trace size.
    const grow = extra ? 1 : 0;
    const polySizes = sizes.map((s, i) => this.#checkLogSize(s + grow, `column ${i}`));
    cols.forEach((c, i) => {
      if (c.length !== 2 ** sizes[i]!) throw new PcsError('INVALID_INPUT', `column ${i} has ${c.length} values, expected 2^${sizes[i]}`);
      if (extra && extra[i]!.length > c.length) throw new PcsError('INVALID_INPUT', `column ${i}: more random coefficients than values`);
    });
    this.#prepareTwiddles(polySizes);
    const B = this.config.fri.logBlowupFactor;
    // Columns of one size are transformed as a batch (the backend spreads a batch over kernel threads) in
    // arrays of backend memory, where the evaluations stay: Merkle hashing, DEEP quotients and FRI then
    // read them in place. They are released by dispose().
    const evaluations: Uint32Array[] = new Array(cols.length);
    for (const s of new Set(sizes)) {
      const idx = sizes.flatMap((x, i) => (x === s ? [i] : []));
      const n = 2 ** s;
      const ext = idx.map((i) => {
        const e = this.#own(this.backend.alloc(2 ** (s + grow + B)));
        e.set(cols[i]!);
        return e;
      });
      this.backend.ifftColumns(ext.map((e) => e.subarray(0, n)));
      idx.forEach((i, k) => {
        const e = ext[k]!;
        e.fill(0, n);
        if (extra) e.set(extra[i]!, n);
        evaluations[i] = e;
      });
      this.backend.fftColumns(ext);
    }
    return this.#commitTree(polySizes, evaluations, channel);
  }

  #own(a: Uint32Array): Uint32Array {
    this.#owned.push(a);
    return a;
  }

  /**
   * Releases the backend memory holding the committed evaluations. Call it once the proof is made: the
   * roots stay readable, but evaluations, sampling and proving must not be used afterwards.
   */
  dispose(): void {
    for (const a of this.#owned.splice(0)) this.backend.free(a);
  }

  /**
   * Commits one tree of columns given as coefficients in the FFT basis (e.g. the composition polynomial's
   * four coordinate polynomials): `polys[i]` has 2^n canonical coefficients, n its log size. The arrays are
   * not kept (their evaluations are, in backend memory).
   * @returns the tree's index
   * @throws PcsError `INVALID_INPUT`
   */
  commitCoefficients(polys: readonly Uint32Array[], channel: Blake2sChannel): number {
    const cols = checkColumnArray(polys, 'polys');
    const sizes = cols.map((c, i) => {
      const n = c.length;
      if (n === 0 || (n & (n - 1)) !== 0) throw new PcsError('INVALID_INPUT', `polys[${i}] has ${n} coefficients, not a power of two`);
      return this.#checkLogSize(31 - Math.clz32(n), `polys[${i}]`);
    });
    this.#prepareTwiddles(sizes);
    const B = this.config.fri.logBlowupFactor;
    const evaluations: Uint32Array[] = new Array(cols.length);
    for (const s of new Set(sizes)) {
      const idx = sizes.flatMap((x, i) => (x === s ? [i] : []));
      const ext = idx.map((i) => {
        const e = this.#own(this.backend.alloc(2 ** (s + B)));
        e.set(cols[i]!);
        evaluations[i] = e;
        return e;
      });
      this.backend.fftColumns(ext);
    }
    return this.#commitTree(sizes, evaluations, channel);
  }

  #prepareTwiddles(sizes: readonly number[]): void {
    if (sizes.length > 0) this.backend.precomputeTwiddles(Math.max(...sizes) + this.config.fri.logBlowupFactor);
  }

  #commitTree(logSizes: number[], evaluations: Uint32Array[], channel: Blake2sChannel): number {
    const merkle = MerkleTree.commit(evaluations, { backend: this.#merkleBackend, trustCanonical: true });
    channel.mixRoot(merkle.root);
    this.#trees.push(Object.freeze({ logSizes: Object.freeze(logSizes), evaluations, merkle }));
    return this.#trees.length - 1;
  }

  #tree(t: number): TreeProver {
    const tree = this.#trees[t];
    if (tree === undefined || !Number.isInteger(t)) throw new PcsError('INVALID_INPUT', `no tree ${t}`);
    return tree;
  }

  #column<T>(t: number, c: number, list: readonly T[]): T {
    const v = list[c];
    if (v === undefined || !Number.isInteger(c)) throw new PcsError('INVALID_INPUT', `tree ${t} has no column ${c}`);
    return v;
  }

  /** The Merkle root of tree t (32 bytes). */
  root(t: number): Uint8Array {
    return this.#tree(t).merkle.root;
  }

  /** The roots of all trees, in commitment order. */
  roots(): Uint8Array[] {
    return this.#trees.map((t) => t.merkle.root);
  }

  /** Polynomial log sizes of tree t's columns (before the blowup). */
  columnLogSizes(t: number): readonly number[] {
    return this.#tree(t).logSizes;
  }

  /** Coefficients (FFT basis) of tree t's column c: 2^logSize values, recomputed (inverse FFT) into a new array. */
  coefficients(t: number, c: number): Uint32Array {
    const evaluation = this.evaluation(t, c);
    const n = 2 ** this.#tree(t).logSizes[c]!;
    const scratch = this.backend.alloc(evaluation.length);
    try {
      scratch.set(evaluation);
      this.backend.ifft(scratch);
      return scratch.slice(0, n);
    } finally {
      this.backend.free(scratch);
    }
  }

  /** Tree t's column c on its commitment domain `CanonicCoset(logSize + B)`, bit-reversed. Shared, not copied: do not modify. */
  evaluation(t: number, c: number): Uint32Array {
    return this.#column(t, c, this.#tree(t).evaluations);
  }

  /**
   * Tree t's column c evaluated on `CanonicCoset(logSize)`, bit-reversed, for any logSize from the column's
   * own log size to 30 (e.g. the composition domain). Returns the committed evaluation itself (shared) when
   * logSize is the commitment size, else a new array.
   */
  evaluateOn(t: number, c: number, logSize: number): Uint32Array {
    const evaluation = this.evaluation(t, c);
    const own = this.#tree(t).logSizes[c]!;
    if (!Number.isInteger(logSize) || logSize < own || logSize > MAX_CIRCLE_DOMAIN_LOG_SIZE) {
      throw new PcsError('INVALID_INPUT', `cannot evaluate a column of log size ${own} on log size ${String(logSize)}`);
    }
    if (logSize === own + this.config.fri.logBlowupFactor) return evaluation;
    this.backend.precomputeTwiddles(logSize);
    return evaluate(this.coefficients(t, c), logSize, this.backend);
  }

  /**
   * Every column's value at each of its sample points: `samples[t][c]` lists the points of tree t's column c.
   * @throws PcsError `INVALID_INPUT` for a shape that does not match the trees, `INVALID_SAMPLE_POINT`
   */
  sampleValues(samples: readonly (readonly (readonly SecurePoint[])[])[]): QM31[][][] {
    checkSamplesShape(samples, this.#trees.map((t) => t.logSizes.length), 'INVALID_INPUT');
    const out: QM31[][][] = samples.map((tree) => tree.map(() => []));
    // Per tree and column size, batches of sampled columns go back to coefficients by inverse FFTs in a
    // reused scratch (see TreeProver), then each is evaluated at its points by the O(N) fold.
    const B = this.config.fri.logBlowupFactor;
    this.#trees.forEach((tree, t) => {
      for (const s of new Set(tree.logSizes)) {
        const idx = tree.logSizes.flatMap((x, c) => (x === s && samples[t]![c]!.length > 0 ? [c] : []));
        const len = 2 ** (s + B);
        const per = Math.max(1, Math.min(idx.length, Math.floor(SAMPLE_SCRATCH_WORDS / len)));
        const scratch = Array.from({ length: Math.min(per, idx.length) }, () => this.backend.alloc(len));
        try {
          for (let start = 0; start < idx.length; start += per) {
            const batch = idx.slice(start, start + per);
            const cols = scratch.slice(0, batch.length);
            batch.forEach((c, k) => cols[k]!.set(tree.evaluations[c]!));
            this.backend.ifftColumns(cols);
            batch.forEach((c, k) => {
              const coeffs = cols[k]!.subarray(0, 2 ** s);
              out[t]![c] = samples[t]![c]!.map((p) => this.backend.evalAtSecurePoint(coeffs, p));
            });
          }
        } finally {
          for (const a of scratch) this.backend.free(a);
        }
      }
    });
    return out;
  }

  /** Samples every column at its points and proves the values (see the module note). */
  prove(samples: readonly (readonly (readonly SecurePoint[])[])[], channel: Blake2sChannel, options: PcsProveOptions = {}): PcsProof {
    return this.proveValues(samples, this.sampleValues(samples), channel, options);
  }

  /**
   * {@link prove} with the sampled values supplied (e.g. already computed by the caller). Values that are
   * not the columns' values at the points give a proof the verifier rejects — tests rely on exactly that.
   */
  proveValues(
    samples: readonly (readonly (readonly SecurePoint[])[])[],
    sampledValues: readonly (readonly (readonly QM31[])[])[],
    channel: Blake2sChannel,
    options: PcsProveOptions = {},
  ): PcsProof {
    const nColumns = this.#trees.map((t) => t.logSizes.length);
    checkSamplesShape(samples, nColumns, 'INVALID_INPUT');
    checkValuesShape(sampledValues, samples);
    if (nColumns.every((n) => n === 0)) throw new PcsError('INVALID_INPUT', 'nothing to prove: no column was committed');
    const B = this.config.fri.logBlowupFactor;

    // 1. Sampled values into the transcript.
    channel.mixFelts(flattenValues(sampledValues));
    // 2. DEEP quotients, one per commitment size (largest first).
    const beta = channel.drawFelt();
    const random: QM31 = [beta[0]!, beta[1]!, beta[2]!, beta[3]!];
    const groups: QuotientSizeGroup[] = groupBySize(
      this.#trees.map((t) => t.logSizes.map((s) => s + B)),
      (t, c) => ({
        evaluation: this.#trees[t]!.evaluations[c]!,
        samples: samples[t]![c]!.map((point, k): PointSample => ({ point, value: sampledValues[t]![c]![k]! })),
      }),
    ).map((g) => ({
      logSize: g.logSize,
      evaluations: g.items.map((i) => i.evaluation),
      samples: g.items.map((i) => i.samples),
    }));
    const quotients = computeFriQuotients(groups, random, this.backend);
    // 3. FRI commit, proof of work.
    let fri: FriProver;
    try {
      fri = FriProver.commit(channel, this.config.fri, quotients, { backend: this.backend, skipDegreeCheck: options.fri?.skipDegreeCheck });
    } catch (e) {
      if (e instanceof FriError) throw new PcsError('FRI', `FRI commit failed (a sampled value is wrong?): ${e.message}`, { cause: e });
      throw e;
    }
    const powNonce = grind(channel, this.config.powBits, { backend: this.#merkleBackend === 'js' ? 'js' : 'auto' });
    channel.mixU64(powNonce);
    // 4. Queries, FRI decommitment, tree openings.
    const { proof: friProof, positionsByLogSize } = fri.decommit(channel);
    const decommitments: MerkleDecommitment[] = [];
    const queriedValues: Uint32Array[] = [];
    for (const tree of this.#trees) {
      const own = new Map<number, Uint32Array>();
      for (const s of tree.logSizes) own.set(s + B, positionsByLogSize.get(s + B)!);
      const opening = tree.merkle.decommit(own);
      decommitments.push(opening.decommitment);
      queriedValues.push(opening.queriedValues);
    }
    return Object.freeze({
      sampledValues: Object.freeze(sampledValues.map((t) => Object.freeze(t.map((c) => Object.freeze(c.map((v) => Object.freeze([v[0], v[1], v[2], v[3]] as const))))))),
      decommitments: Object.freeze(decommitments),
      queriedValues: Object.freeze(queriedValues),
      powNonce,
      friProof,
    });
  }
}

function checkValuesShape(values: unknown, samples: readonly (readonly (readonly SecurePoint[])[])[]): void {
  const ok =
    Array.isArray(values) &&
    values.length === samples.length &&
    samples.every(
      (tree, t) =>
        Array.isArray(values[t]) &&
        values[t].length === tree.length &&
        tree.every((pts, c) => Array.isArray(values[t][c]) && values[t][c].length === pts.length),
    );
  if (!ok) throw new PcsError('INVALID_INPUT', 'sampled values must mirror the sample points (tree → column → point)');
  for (const tree of values as QM31[][][]) for (const col of tree) for (const v of col) checkQM31(v, 'INVALID_INPUT');
  for (const tree of samples) for (const col of tree) for (const p of col) checkSamplePoint(p);
}
