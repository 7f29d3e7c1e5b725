/**
 * The STARK prover (`docs/stark.md`, "The protocol, step by step"):
 *
 * 1. fresh channel; absorb the preamble (`transcript.ts`: domain separator, version, config, AIR shape, statement);
 * 2. tree 0: preprocessed columns; tree 1: main trace (each column interpolated from its rows in storage
 *    order, extended by the blowup, Merkle-committed, root mixed);
 * 3. draw the logUp challenges; build the interaction trace and claimed sums; mix the claimed sums; tree 2;
 * 4. draw α; evaluate Σ α^(M−1−g)·C_g/Z_H per component with the compiled kernels, interpolate, sum the
 *    coefficient vectors; commit the four coordinate polynomials (plus, with zero knowledge, the FRI
 *    masks) as tree 3;
 * 5. draw the out-of-domain point; open every column at its mask points through the PCS (DEEP quotients,
 *    FRI, proof of work, queries).
 *
 * With zero knowledge (`layout.ts` describes the construction) the prover proves the AIR's
 * {@link provingAir}: every component with lookups gets four random logUp blinding columns (all of them
 * summing to zero per column index, see {@link logUpBlindingColumns}), and the witness polynomials get
 * random high coefficients before they are committed.
 *
 * Before spending the work, the prover checks the witness (every constraint on every row, with random
 * weights, and the logUp balance) and throws {@link StarkError} `UNSATISFIED` naming the first failure.
 * {@link proveUnchecked} skips that check: it exists for soundness tests, which need proofs of false
 * statements to show that the verifier rejects them.
 * @module
 */
import { Blake2sChannel, ChannelError } from '../../channel/index.js';
import { securePointFromT } from '../../circle/index.js';
import type { SecurePoint } from '../../circle/index.js';
import { m31, qm31 } from '../../field/index.js';
import type { QM31, SecureColumn } from '../../field/index.js';
import {
  accumulateComposition,
  AirError,
  checkLookupBound,
  componentParams,
  constraintWeights,
  drawRelationElements,
  firstViolatedRow,
  generateInteraction,
  interpretAll,
  preprocessedToStorage,
  rowToStorageTable,
  samplePoints,
  witnessToStorage,
} from '../../air/index.js';
import type { Air, Component, Statement, Witness } from '../../air/index.js';
import { CommitmentSchemeProver, PcsError } from '../../pcs/index.js';
import type { PolyBackend } from '../../poly/prover/backend.js';
import { defaultBackend } from '../../poly/prover/ops.js';
import { starkConfig } from '../config.js';
import type { StarkConfig } from '../config.js';
import { StarkError } from '../errors.js';
import { LayoutError, proofLayout, provingAir } from '../layout.js';
import type { ProofLayout } from '../layout.js';
import type { StarkProof } from '../proof.js';
import { linkedElements } from '../link.js';
import type { ProofLink } from '../link.js';
import { mixPreamble } from '../transcript.js';
import { countWork } from '../work-counts.js';

/** Options of {@link prove}. */
export interface ProveOptions {
  /** Check the witness first (default true); see {@link proveUnchecked}. */
  readonly check?: boolean;
  /** Polynomial backend (default: WebAssembly SIMD where available). Proofs do not depend on it. */
  readonly backend?: PolyBackend;
  /**
   * Source of randomness for zero knowledge: fills the array with uniformly random u32 words. Default
   * `crypto.getRandomValues`. (Tests pass a seeded generator for reproducible proofs.)
   */
  readonly random?: (out: Uint32Array) => void;
  /** Called after each phase (see {@link PROVE_PHASES}) with its name and duration in milliseconds (profiling, progress). */
  readonly onPhase?: (phase: string, ms: number) => void;
  /**
   * Called with the root of the preprocessed tree (tree 0) once it is committed: what the verifier's
   * `preprocessedRoot` computes, so a caller that verifies its own proof need not commit the tree again.
   */
  readonly onPreprocessedRoot?: (root: Uint8Array) => void;
  /**
   * Makes a linked proof (`../link.ts`): the link digest is absorbed after the main commitment, the shared
   * relations take the link's elements, and the logUp sums need not cancel in this proof alone (the
   * witness check then checks only the constraints).
   */
  readonly link?: ProofLink;
}

/** Options of {@link proveUnchecked}: {@link ProveOptions} plus a hook for soundness tests. */
export interface UncheckedProveOptions extends ProveOptions {
  /**
   * Called with the logUp blinding columns (zero knowledge only; per component with lookups, in AIR order,
   * its four columns b_0 … b_3 in storage order) right after they are drawn and before they are committed;
   * it may read or change them. Soundness tests use it to make a prover whose blinding does not cancel.
   */
  readonly onLogUpBlinding?: (columns: readonly (readonly Uint32Array[])[]) => void;
}

const P = 0x7fffffff;

function defaultRandom(out: Uint32Array): void {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (!c?.getRandomValues) throw new StarkError('INVALID_INPUT', 'zero knowledge needs crypto.getRandomValues (or options.random)');
  // getRandomValues fills at most 65536 bytes per call.
  for (let i = 0; i < out.length; i += 16384) c.getRandomValues(out.subarray(i, Math.min(out.length, i + 16384)));
}

/** `count` uniformly random canonical M31 values (rejection of the one non-canonical 31-bit value). */
function randomM31(count: number, random: (out: Uint32Array) => void): Uint32Array {
  const out = new Uint32Array(count);
  random(out);
  for (let i = 0; i < count; i++) {
    let v = out[i]! & P;
    while (v === P) {
      const one = new Uint32Array(1);
      random(one);
      v = one[0]! & P;
    }
    out[i] = v;
  }
  return out;
}

/** Proves that `witness` satisfies `air` for `statement`. */
export function prove(air: Air, witness: Witness, statement: Statement, config: StarkConfig, options: ProveOptions = {}): StarkProof {
  return proveCatching(air, witness, statement, config, { ...options, onLogUpBlinding: undefined });
}

/** A proof stopped right after its main commitment (`../link.ts`, item 1). */
export interface MainCommitment {
  /** The channel digest after the main commitment (the verifier's `mainDigest`). */
  readonly digest: Uint8Array;
  /** Finishes the proof, with `link` for a linked proof (once; frees the prover's memory). */
  finish(link?: ProofLink): StarkProof;
  /** Frees the prover's memory without finishing. */
  dispose(): void;
}

/**
 * Runs the prover up to its main commitment and returns the digest there, with the rest of the proof on
 * demand ({@link MainCommitment}). `options.link` is ignored (the link is given to `finish`). A caller that
 * only needs the digest and already knows the preprocessed root passes it as `preprocessedRoot`: the tree is
 * then not built (and `finish` is unavailable).
 */
export function commitMain(air: Air, witness: Witness, statement: Statement, config: StarkConfig, options: Omit<ProveOptions, 'link'> & { readonly preprocessedRoot?: Uint8Array } = {}): MainCommitment {
  return mapProverErrors(() => startProof(air, witness, statement, config, { ...options, onLogUpBlinding: undefined }, options.preprocessedRoot));
}

/**
 * The digest of {@link commitMain} alone (the prover's memory is freed at once). With the same witness and
 * the same randomness (`options.random` a seeded generator) a later {@link prove} with a link commits the
 * same trees.
 */
export function commitMainDigest(air: Air, witness: Witness, statement: Statement, config: StarkConfig, options: Omit<ProveOptions, 'link'> & { readonly preprocessedRoot?: Uint8Array } = {}): Uint8Array {
  const m = commitMain(air, witness, statement, config, options);
  m.dispose();
  return m.digest;
}

function proveCatching(air: Air, witness: Witness, statement: Statement, config: StarkConfig, options: UncheckedProveOptions): StarkProof {
  const session = mapProverErrors(() => startProof(air, witness, statement, config, options, undefined));
  return mapProverErrors(() => session.finish(options.link));
}

function mapProverErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AirError) {
      const code = e.code === 'EVALUATION_FAILED' ? 'UNLUCKY' : 'INVALID_INPUT';
      throw new StarkError(code, e.message, { cause: e });
    }
    if (e instanceof LayoutError || e instanceof PcsError || e instanceof ChannelError) throw new StarkError('INVALID_INPUT', e.message, { cause: e });
    throw e;
  }
}

/**
 * {@link prove} without the witness check (unless `options.check` is set): emits a proof even for a witness
 * that does not satisfy the AIR (the verifier must then reject it), and lets tests see or alter the logUp
 * blinding ({@link UncheckedProveOptions}). For soundness tests only.
 */
export function proveUnchecked(air: Air, witness: Witness, statement: Statement, config: StarkConfig, options: UncheckedProveOptions = {}): StarkProof {
  return proveCatching(air, witness, statement, config, { check: false, ...options });
}

/**
 * Random logUp blinding columns for the components of `air` (a {@link provingAir}) that have them
 * (`nBlinding` > 0; an empty array for the others): uniform M31 values, except that for each j the last
 * row of the last such component's b_j is set so that Σ over all components and rows of b_j = 0. So the
 * per-component sums B_{c,j} are uniform subject to Σ_c B_{c,j} = 0 (`layout.ts`, item 5). Row order is
 * irrelevant (the values are i.i.d.); the columns serve as storage-order columns.
 */
export function logUpBlindingColumns(air: Air, random: (out: Uint32Array) => void): Uint32Array[][] {
  const out = air.components.map((c) => Array.from({ length: c.nBlinding }, () => randomM31(2 ** c.logSize, random)));
  let last = out.length - 1;
  while (last >= 0 && out[last]!.length === 0) last--;
  if (last < 0) return out;
  const nb = out[last]!.length;
  for (let j = 0; j < nb; j++) {
    let total = 0;
    for (const cols of out) {
      const col = cols[j];
      if (!col) continue;
      for (let i = 0; i < col.length; i++) total = m31.add(total, col[i]!);
    }
    const col = out[last]![j]!;
    const end = col.length - 1;
    col[end] = m31.sub(col[end]!, total);
  }
  return out;
}

/** The phases {@link ProveOptions.onPhase} reports, in order (each once per proof). */
export const PROVE_PHASES = Object.freeze([
  'commit preprocessed',
  'witness',
  'commit main',
  'interaction trace',
  'witness check',
  'commit interaction',
  'composition',
  'commit composition',
  'open (PCS)',
] as const);

class Phases {
  #t = performance.now();
  constructor(readonly cb: ((phase: string, ms: number) => void) | undefined) {}
  done(phase: string): void {
    if (!this.cb) return;
    const now = performance.now();
    this.cb(phase, now - this.#t);
    this.#t = now;
  }
}

function startProof(userAir: Air, witness: Witness, statement: Statement, config: StarkConfig, options: UncheckedProveOptions, knownPreRoot: Uint8Array | undefined): MainCommitment {
  const cfg = starkConfig(config);
  if (statement === null || typeof statement !== 'object') throw new StarkError('INVALID_INPUT', 'statement must be an object ({ bytes?, words? })');
  // From here on `air` is what is proven: with zero knowledge, the AIR with logUp blinding columns.
  const air = provingAir(userAir, cfg);
  const layout = proofLayout(userAir, cfg);
  if (!checkLookupBound(air)) throw new StarkError('INVALID_INPUT', `too many lookups for a sound logUp argument: ${air.totalLookups} ≥ p`);
  const backend = options.backend ?? defaultBackend();
  const random = options.random ?? defaultRandom;
  const check = options.check ?? true;
  const phases = new Phases(options.onPhase);
  const B = cfg.pcs.fri.logBlowupFactor;

  const channel = new Blake2sChannel();
  mixPreamble(channel, air, statement, cfg);
  const pcs = new CommitmentSchemeProver(cfg.pcs, backend);
  backend.precomputeTwiddles(layout.maxCommitLogSize);

  // Tree 0: preprocessed columns (only the root when the caller knows it and wants the digest alone).
  const pre = knownPreRoot ? [] : preprocessedToStorage(air);
  if (knownPreRoot) {
    if (!(knownPreRoot instanceof Uint8Array) || knownPreRoot.length !== 32) throw new StarkError('INVALID_INPUT', 'preprocessedRoot must be 32 bytes');
    channel.mixRoot(knownPreRoot);
  } else {
    pcs.commit(pre, layout.treeLogSizes[0] as number[], channel);
    countWork('preprocessed commitment');
    options.onPreprocessedRoot?.(pcs.root(0));
  }
  phases.done('commit preprocessed');

  // Tree 1: main trace.
  // `main` and the interaction columns are dropped (the variables reassigned) once committed and checked:
  // the PCS keeps their evaluations, and the storage-order copies would otherwise stay alive to the end.
  let main: Uint32Array[][] = witnessToStorage(userAir, witness);
  if (air !== userAir) {
    const blinding = logUpBlindingColumns(air, random);
    options.onLogUpBlinding?.(blinding);
    blinding.forEach((cols, ci) => main[ci]!.push(...cols));
  }
  phases.done('witness');
  commitWitnessTree(pcs, air, layout, main, channel, random);
  phases.done('commit main');
  const digest = channel.digest;
  let open = true;
  const close = () => {
    if (open) pcs.dispose(); // frees the committed evaluations (backend memory)
    open = false;
    main = [];
  };
  const finish = (link: ProofLink | undefined): StarkProof => {
    if (!open || knownPreRoot) throw new StarkError('INVALID_INPUT', 'this proof was already finished or disposed, or started for its digest alone');
    try {
      return finishProof(link);
    } finally {
      close();
    }
  };
  return Object.freeze({ digest, finish, dispose: close });

  function finishProof(link: ProofLink | undefined): StarkProof {
    // logUp: challenges, interaction trace, claimed sums, tree 2.
    if (link) channel.mixRoot(link.digest);
    const elements = link ? linkedElements(air.relations, channel, link) : drawRelationElements(air.relations, channel);
    let interaction: { columns: Uint32Array[]; claimedSum: QM31 }[] = air.components.map((c, ci) =>
      generateInteraction(c, air.layout[ci]!.preprocessed.map((g) => pre[g]!), main[ci]!, componentParams(c, elements, qm31.ZERO)),
    );
    const claimedSums = air.components.flatMap((c, ci) => (c.nInteraction > 0 ? [interaction[ci]!.claimedSum] : []));
    channel.mixFelts(claimedSums);
    phases.done('interaction trace');
    if (check) checkWitness(air, statement, elements, pre, main, interaction, channel, !link);
    phases.done('witness check');
    commitWitnessTree(
      pcs,
      air,
      layout,
      interaction.map((t) => t.columns),
      channel,
      random,
    );
    main = [];
    interaction = interaction.map((t) => ({ columns: [], claimedSum: t.claimedSum }));
    phases.done('commit interaction');

    // Composition.
    const a = channel.drawFelt();
    const weights = constraintWeights(air, [a[0]!, a[1]!, a[2]!, a[3]!]);
    const composition = compositionCoefficients(air, layout, pcs, elements, interaction, weights, backend, B);
    phases.done('composition');
    const masks = layout.maskLogSizes.map((s) => randomM31(2 ** s, random));
    pcs.commitCoefficients([...composition, ...masks], channel);
    phases.done('commit composition');

    // Out-of-domain point and openings.
    const t = channel.drawFelt();
    let point: SecurePoint;
    try {
      point = securePointFromT([t[0]!, t[1]!, t[2]!, t[3]!]);
    } catch (e) {
      throw new StarkError('UNLUCKY', 'degenerate out-of-domain point', { cause: e });
    }
    const samples = samplePoints(air, point);
    for (let i = 0; i < masks.length; i++) samples[3]!.push([point]);
    const proof = pcs.prove(samples, channel);
    const commitments = Object.freeze([pcs.root(1), pcs.root(2), pcs.root(3)]);
    phases.done('open (PCS)');
    return Object.freeze({ config: cfg, commitments, claimedSums: Object.freeze(claimedSums), pcs: proof });
  }
}

/**
 * Commits per-component columns (storage order on each component's trace domain) as one tree. Without
 * zero knowledge the PCS interpolates them; with it, each column's coefficients get `blinding` random
 * coefficients at N … N + h − 1 (f + Z_H·r, see `layout.ts`): `commitRandomized`.
 */
function commitWitnessTree(
  pcs: CommitmentSchemeProver,
  air: Air,
  layout: ProofLayout,
  columns: readonly (readonly Uint32Array[])[],
  channel: Blake2sChannel,
  random: (out: Uint32Array) => void,
): void {
  const zk = layout.blinding.some((h) => h > 0);
  const cols: Uint32Array[] = [];
  const sizes: number[] = [];
  const extra: Uint32Array[] = [];
  air.components.forEach((c, ci) => {
    for (const col of columns[ci]!) {
      cols.push(col as Uint32Array);
      sizes.push(c.logSize);
      if (zk) extra.push(randomM31(layout.blinding[ci]!, random));
    }
  });
  if (zk) pcs.commitRandomized(cols, sizes, extra, channel);
  else pcs.commit(cols, sizes, channel);
}

/** The four coordinate coefficient vectors (log size `layout.compositionLogSize`) of the composition polynomial. */
function compositionCoefficients(
  air: Air,
  layout: ProofLayout,
  pcs: CommitmentSchemeProver,
  elements: ReturnType<typeof drawRelationElements>,
  interaction: readonly { columns: Uint32Array[]; claimedSum: QM31 }[],
  weights: readonly Uint32Array[],
  backend: PolyBackend,
  B: number,
): Uint32Array[] {
  // Where to evaluate a component's constraints: on its committed domain when that is its evaluation
  // domain or twice as large (no new FFTs; the quotient's coefficients beyond the evaluation size then
  // vanish), else on n + L with fresh evaluations. Measured for wide Fibonacci: a kernel row costs about as
  // much as one FFT butterfly per column, so a domain 2× too large is a wash and 4× (zero knowledge at
  // blowup 4) loses.
  const kernelLog = air.components.map((_, ci) => {
    const shared = layout.committedLogSizes[ci]! + B;
    const own = layout.evalLogSizes[ci]!;
    return shared >= own && shared <= own + 1 ? shared : own;
  });
  const groups = [...new Set(kernelLog)].sort((x, y) => y - x);
  const compLog = layout.compositionLogSize;
  const total = [0, 1, 2, 3].map(() => new Uint32Array(2 ** compLog));
  for (const s of groups) {
    const acc: SecureColumn = [new Uint32Array(2 ** s), new Uint32Array(2 ** s), new Uint32Array(2 ** s), new Uint32Array(2 ** s)];
    let keep = 0;
    air.components.forEach((c, ci) => {
      if (kernelLog[ci] !== s) return;
      keep = Math.max(keep, layout.evalLogSizes[ci]!);
      const lay = air.layout[ci]!;
      const cols = {
        pre: lay.preprocessed.map((g) => pcs.evaluateOn(0, g, s)),
        main: c.mainNames.map((_, j) => pcs.evaluateOn(1, lay.mainStart + j, s)),
        inter: Array.from({ length: 4 * c.nInteraction }, (_, j) => pcs.evaluateOn(2, lay.interactionStart + j, s)),
      };
      const params = componentParams(c, elements, interaction[ci]!.claimedSum);
      accumulateComposition(c, cols, params, weights[ci]!, acc, s);
    });
    for (let k = 0; k < 4; k++) {
      const col = acc[k]!;
      backend.ifft(col);
      const t = total[k]!;
      const len = 2 ** keep;
      for (let i = 0; i < len; i++) t[i] = m31.add(t[i]!, col[i]!);
    }
  }
  return total;
}

/** The prover's witness check: logUp balance, then every constraint on every row (compiled kernels). */
function checkWitness(
  air: Air,
  statement: Statement,
  elements: ReturnType<typeof drawRelationElements>,
  pre: readonly Uint32Array[],
  main: readonly (readonly Uint32Array[])[],
  interaction: readonly { columns: Uint32Array[]; claimedSum: QM31 }[],
  channel: Blake2sChannel,
  balance: boolean,
): void {
  let total: QM31 = qm31.ZERO;
  for (const t of interaction) total = qm31.add(total, t.claimedSum);
  if (air.publicLogUpSum) total = qm31.add(total, air.publicLogUpSum(statement, elements));
  if (balance && !qm31.isZero(total)) {
    throw new StarkError('UNSATISFIED', 'the logUp sums do not cancel: some tuple is used but not provided (or the multiplicities are wrong)');
  }
  // Random weights from a fork of the transcript (the fork does not change the proof).
  const fork = channel.clone();
  fork.mixBytes(new TextEncoder().encode('witness check'));
  const a = fork.drawFelt();
  const weights = constraintWeights(air, [a[0]!, a[1]!, a[2]!, a[3]!]);
  air.components.forEach((c, ci) => {
    const cPre = air.layout[ci]!.preprocessed.map((g) => pre[g]!);
    const params = componentParams(c, elements, interaction[ci]!.claimedSum);
    const cols = { pre: cPre, main: main[ci]!, inter: interaction[ci]!.columns };
    const r = firstViolatedRow(c, cols, params, weights[ci]!);
    if (r < 0) return;
    const row = storageToRow(c, r);
    throw new StarkError('UNSATISFIED', `component ${c.name}: ${describeFailure(c, cols, params, r)} on row ${row}`);
  });
}

function storageToRow(c: Component, r: number): number {
  const t = rowToStorageTable(c.logSize);
  return t.indexOf(r);
}

/** Which constraints fail at storage row r (interpreted, one row). */
function describeFailure(
  c: Component,
  cols: { pre: readonly Uint32Array[]; main: readonly Uint32Array[]; inter: readonly Uint32Array[] },
  params: ReadonlyMap<string, QM31>,
  r: number,
): string {
  const t = rowToStorageTable(c.logSize);
  const n = t.length;
  const row = t.indexOf(r);
  const at = (o: number) => t[(((row + o) % n) + n) % n]!;
  const vals = interpretAll(
    c.constraints,
    (tree, index, offset) => {
      const s = at(offset);
      if (tree === 0) return qm31.fromM31(cols.pre[index]![s]!);
      if (tree === 1) return qm31.fromM31(cols.main[index]![s]!);
      const b = 4 * index;
      return [cols.inter[b]![s]!, cols.inter[b + 1]![s]!, cols.inter[b + 2]![s]!, cols.inter[b + 3]![s]!];
    },
    params,
  );
  const failing = vals.flatMap((v, g) => (qm31.isZero(v) ? [] : [`"${c.labels[g]}"`]));
  return `constraint ${failing.join(', ') || '(unknown)'} fails`;
}
