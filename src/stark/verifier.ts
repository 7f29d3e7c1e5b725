/**
 * The STARK verifier. Imports no prover code (no compiled kernels, FFTs or Merkle tree building; checked
 * by a test) and is browser-safe.
 *
 * Everything below is about the AIR's {@link provingAir} under the accepted configuration: with zero
 * knowledge, the AIR with logUp blinding columns (`layout.ts`, item 5), derived here from the AIR and the
 * configuration — never from the proof. An AIR that uses the reserved blinding relation itself is refused.
 *
 * Replays the transcript (`docs/stark.md`, "The protocol, step by step"): preamble; tree 0 with the known preprocessed root; tree 1; the logUp
 * challenges; the claimed sums and tree 2; α and tree 3; the out-of-domain point P. Then checks
 * - the claimed sums plus the AIR's public logUp terms add to zero, and the total lookup count is < p;
 * - the composition value at P (recombined from the four sampled coordinate values) equals
 *   Σ_c Σ_g α^(M−1−g)·C_g(sampled mask values)/Z_c(P);
 * - the PCS opening (DEEP quotients, FRI, proof of work, Merkle paths) of every sampled value.
 *
 * Every failure, of any kind and on any input, is a {@link VerificationError} with a reason code.
 * @module
 */
import { Blake2sChannel } from '../channel/blake2s-channel.js';
import { securePointFromT } from '../circle/index.js';
import type { SecurePoint } from '../circle/index.js';
import { m31, qm31 } from '../field/index.js';
import type { QM31 } from '../field/index.js';
import {
  AirError,
  checkLookupBound,
  constraintSumAt,
  drawRelationElements,
  relationParams,
  sampledCellReader,
  samplePoints,
  SHIFT_PARAM,
  vanishingAt,
} from '../air/verifier.js';
import type { Air, Statement } from '../air/verifier.js';
import { PcsError } from '../pcs/errors.js';
import { CommitmentSchemeVerifier } from '../pcs/verifier.js';
import { configsEqual, DEFAULT_MIN_SECURITY_BITS, starkConfig } from './config.js';
import type { StarkConfig } from './config.js';
import { VerificationError } from './errors.js';
import type { VerificationErrorCode } from './errors.js';
import { LayoutError, proofLayout, provingAir } from './layout.js';
import type { StarkProof } from './proof.js';
import { airSecurity, airSecurityShape, conjecturedBits } from './security.js';
import type { AirSecurityOptions, SecurityReport } from './security.js';
import { deserializeProof, readProofHeader } from './serialize.js';
import { checkProofShape, proofShape } from './shape.js';
import type { ProofShape } from './shape.js';
import { linkedElements } from './link.js';
import type { ProofLink } from './link.js';
import { mixPreamble } from './transcript.js';

/** Options of {@link verify}. */
export interface VerifyOptions {
  /**
   * Merkle root of the AIR's preprocessed tree under this configuration (from `preprocessedRoot`, computed
   * once). Required when the AIR has preprocessed columns; otherwise the empty tree's root (32 zero bytes).
   */
  readonly preprocessedRoot?: Uint8Array;
  /**
   * Minimum conjectured security in bits (default {@link DEFAULT_MIN_SECURITY_BITS}), checked on the
   * figure with every term (`security.ts`: queries and the logUp, constraint, DEEP and FRI terms of this
   * AIR's shape); test configurations need a lower one.
   */
  readonly minSecurityBits?: number;
  /** Number of public logUp fractions the statement adds (counted in the logUp term); default 0. */
  readonly publicLogUpFractions?: number;
}

/**
 * The security report the verifier enforces for proofs of `air` under `config` (see `security.ts`).
 * @throws VerificationError `INVALID_INPUT` when the configuration is invalid or the AIR does not fit it
 */
export function verifierSecurity(air: Air, config: StarkConfig, options: Pick<VerifyOptions, 'publicLogUpFractions'> = {}): SecurityReport {
  return asVerifierInput(() => airSecurity(air, starkConfig(config), securityOptions(options)));
}

/**
 * The conjectured figure of {@link verifierSecurity} alone (the one enforced), without the search that
 * the provable figures need: cheap enough to check before a proof is read.
 * @throws VerificationError `INVALID_INPUT` as verifierSecurity
 */
export function verifierSecurityBits(air: Air, config: StarkConfig, options: Pick<VerifyOptions, 'publicLogUpFractions'> = {}): number {
  return asVerifierInput(() => {
    const cfg = starkConfig(config);
    return conjecturedBits(cfg, airSecurityShape(air, cfg, securityOptions(options)));
  });
}

function securityOptions(options: Pick<VerifyOptions, 'publicLogUpFractions'>): AirSecurityOptions {
  return options.publicLogUpFractions === undefined ? {} : { publicLogUpFractions: options.publicLogUpFractions };
}

function asVerifierInput<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof VerificationError) throw e;
    throw new VerificationError('INVALID_INPUT', (e as Error).message, { cause: e });
  }
}

const fail = (code: VerificationErrorCode, message: string, cause?: unknown): never => {
  throw new VerificationError(code, message, cause === undefined ? undefined : { cause });
};

/**
 * Verifies `proof` for `air` and `statement`, accepting only proofs made with exactly `config`.
 * Returns normally when the proof is valid.
 * @throws VerificationError on any failure (and nothing else)
 */
export function verify(air: Air, statement: Statement, proof: StarkProof, config: StarkConfig, options: VerifyOptions = {}): void {
  guarded(() => verifyInner(air, statement, proof, config, options, undefined));
}

/**
 * Verifies one linked proof (`link.ts`): as {@link verify}, but with the link's digest and shared elements,
 * and returning the proof's claimed sums plus its public logUp terms instead of requiring them to be zero —
 * the caller adds the totals of all linked proofs and its joint terms and checks that they cancel.
 * @throws VerificationError on any failure (and nothing else)
 */
export function verifyLinked(air: Air, statement: Statement, proof: StarkProof, config: StarkConfig, link: ProofLink, options: VerifyOptions = {}): QM31 {
  if (link === null || typeof link !== 'object' || !isRoot(link.digest) || !(link.shared instanceof Map)) fail('INVALID_INPUT', 'link must hold a 32-byte digest and a map of shared elements');
  return guarded(() => verifyInner(air, statement, proof, config, options, link))!;
}

/**
 * The digest a linked proof's transcript reaches after its main commitment (`link.ts`, item 1), from the
 * proof's first root; the same value `commitMainDigest` returns to the prover.
 * @throws VerificationError `MALFORMED_PROOF` when the proof has no valid main root, `INVALID_INPUT` for a bad configuration or statement
 */
export function mainDigest(air: Air, statement: Statement, proof: StarkProof, config: StarkConfig, options: Pick<VerifyOptions, 'preprocessedRoot'> = {}): Uint8Array {
  return guarded(() => {
    const cfg = starkConfig(config);
    const roots = proof?.commitments;
    if (!Array.isArray(roots) || roots.length !== 3 || !isRoot(roots[0])) return fail('MALFORMED_PROOF', 'commitments must be three 32-byte roots');
    const pAir = provingAir(air, cfg);
    const layout = proofLayout(air, cfg);
    const preRoot = pAir.preprocessed.length === 0 ? new Uint8Array(32) : options.preprocessedRoot;
    if (!isRoot(preRoot)) return fail('INVALID_INPUT', 'the AIR has preprocessed columns: options.preprocessedRoot (32 bytes) is required');
    const channel = new Blake2sChannel();
    mixPreamble(channel, pAir, statement, cfg);
    const pcs = new CommitmentSchemeVerifier(cfg.pcs);
    pcs.commit(preRoot, layout.treeLogSizes[0] as number[], channel);
    pcs.commit(roots[0], layout.treeLogSizes[1] as number[], channel);
    return channel.digest;
  })!;
}

function guarded<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof VerificationError) throw e;
    if (e instanceof PcsError) {
      const code: VerificationErrorCode =
        e.code === 'PROOF_OF_WORK' ? 'PROOF_OF_WORK' : e.code === 'MERKLE' ? 'MERKLE' : e.code === 'FRI' ? 'FRI' : e.code === 'INVALID_SAMPLE_POINT' ? 'BAD_OOD_POINT' : 'MALFORMED_PROOF';
      fail(code, e.message, e);
    }
    // Explicit checks cover every input we know of; this keeps the contract for anything exotic
    // (a proof object with throwing getters, a malformed AIR object, …).
    fail('INTERNAL', `verification failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

/**
 * {@link verify} for a serialized proof: decodes it (`deserializeProof`, with the shape the AIR and
 * `config` imply, so every count is checked against the layout before it is read), then verifies.
 * Throws only {@link VerificationError}.
 */
export function verifyProofBytes(air: Air, statement: Statement, bytes: Uint8Array, config: StarkConfig, options: VerifyOptions = {}): void {
  let shape: ProofShape | undefined;
  try {
    const cfg = starkConfig(config);
    // Another configuration in the header is verify's CONFIG_MISMATCH, not a shape error.
    if (configsEqual(readProofHeader(bytes).config, cfg)) shape = proofShape(air, cfg);
  } catch {
    shape = undefined; // a malformed header, AIR or configuration: reported below, by the reader or by verify
  }
  verify(air, statement, deserializeProof(bytes, shape ? { shape } : {}), config, options);
}

function isRoot(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array && x.length === 32;
}

function isQM31(x: unknown): x is QM31 {
  return Array.isArray(x) && x.length === 4 && x.every((v) => m31.isCanonical(v as number));
}

function verifyInner(userAir: Air, statement: Statement, proof: StarkProof, config: StarkConfig, options: VerifyOptions, link: ProofLink | undefined): QM31 {
  // Configuration and security.
  let cfg: StarkConfig;
  try {
    cfg = starkConfig(config);
  } catch (e) {
    return fail('INVALID_INPUT', `the accepted configuration is invalid: ${(e as Error).message}`, e);
  }
  if (proof === null || typeof proof !== 'object') return fail('MALFORMED_PROOF', 'proof is not an object');
  let proofCfg: StarkConfig;
  try {
    proofCfg = starkConfig(proof.config);
  } catch (e) {
    return fail('MALFORMED_PROOF', `the proof's configuration is invalid: ${(e as Error).message}`, e);
  }
  if (!configsEqual(cfg, proofCfg)) return fail('CONFIG_MISMATCH', 'the proof was made with another configuration');
  let air: Air;
  let layout;
  try {
    air = provingAir(userAir, cfg);
    layout = proofLayout(userAir, cfg);
  } catch (e) {
    if (e instanceof LayoutError || e instanceof AirError) return fail('INVALID_INPUT', e.message, e);
    throw e;
  }
  const minBits = options.minSecurityBits ?? DEFAULT_MIN_SECURITY_BITS;
  const pub = options.publicLogUpFractions ?? 0;
  if (!Number.isSafeInteger(pub) || pub < 0) return fail('INVALID_INPUT', 'options.publicLogUpFractions must be a non-negative integer');
  const bits = conjecturedBits(cfg, airSecurityShape(userAir, cfg, { publicLogUpFractions: pub }));
  if (!(bits >= minBits)) return fail('INSUFFICIENT_SECURITY', `the configuration gives ${bits.toFixed(1)} conjectured bits on this AIR, below the minimum ${minBits}`);
  // Every count and length against the layout before any work sized by the proof (`shape.ts`).
  checkProofShape(proof, proofShape(userAir, cfg, layout));
  if (!checkLookupBound(air)) return fail('INVALID_INPUT', `too many lookups for a sound logUp argument: ${air.totalLookups} ≥ p`);
  let preRoot: Uint8Array;
  if (air.preprocessed.length === 0) preRoot = new Uint8Array(32);
  else if (isRoot(options.preprocessedRoot)) preRoot = options.preprocessedRoot;
  else return fail('INVALID_INPUT', 'the AIR has preprocessed columns: options.preprocessedRoot (32 bytes) is required');

  // Proof shape (the PCS checks its own part).
  const commitments = proof.commitments;
  if (!Array.isArray(commitments) || commitments.length !== 3 || !commitments.every(isRoot)) {
    return fail('MALFORMED_PROOF', 'commitments must be three 32-byte roots');
  }
  const withLookups = air.components.filter((c) => c.nInteraction > 0).length;
  const claimed = proof.claimedSums;
  if (!Array.isArray(claimed) || claimed.length !== withLookups || !claimed.every(isQM31)) {
    return fail('MALFORMED_PROOF', `claimedSums must hold ${withLookups} QM31 values`);
  }
  if (proof.pcs === null || typeof proof.pcs !== 'object') return fail('MALFORMED_PROOF', 'pcs proof missing');

  // Transcript.
  const channel = new Blake2sChannel();
  try {
    mixPreamble(channel, air, statement, cfg);
  } catch (e) {
    return fail('INVALID_INPUT', `malformed statement: ${(e as Error).message}`, e);
  }
  const pcs = new CommitmentSchemeVerifier(cfg.pcs);
  pcs.commit(preRoot, layout.treeLogSizes[0] as number[], channel);
  pcs.commit(commitments[0]!, layout.treeLogSizes[1] as number[], channel);
  if (link) channel.mixRoot(link.digest);
  const elements = link ? linkedElements(air.relations, channel, link) : drawRelationElements(air.relations, channel);
  channel.mixFelts(claimed as QM31[]);
  pcs.commit(commitments[1]!, layout.treeLogSizes[2] as number[], channel);
  const a = channel.drawFelt();
  const alpha: QM31 = [a[0]!, a[1]!, a[2]!, a[3]!];
  pcs.commit(commitments[2]!, layout.treeLogSizes[3] as number[], channel);
  const t = channel.drawFelt();
  let point: SecurePoint;
  try {
    point = securePointFromT([t[0]!, t[1]!, t[2]!, t[3]!]);
  } catch (e) {
    return fail('BAD_OOD_POINT', 'degenerate out-of-domain point', e);
  }
  const samples = samplePoints(air, point);
  for (let i = 0; i < layout.maskLogSizes.length; i++) samples[3]!.push([point]);

  // logUp balance.
  let total: QM31 = qm31.ZERO;
  for (const s of claimed) total = qm31.add(total, s);
  if (air.publicLogUpSum) {
    let pub: QM31;
    try {
      pub = air.publicLogUpSum(statement, elements);
    } catch (e) {
      return fail('INVALID_INPUT', `public logUp terms: ${(e as Error).message}`, e);
    }
    if (!isQM31(pub)) return fail('INVALID_INPUT', 'public logUp terms are not a QM31 value');
    total = qm31.add(total, pub);
  }
  if (!link && !qm31.isZero(total)) return fail('LOGUP_SUM', 'the logUp claimed sums and public terms do not add to zero');

  // Composition at the OOD point.
  const sampled = proof.pcs.sampledValues;
  const shapeOk =
    Array.isArray(sampled) &&
    sampled.length === 4 &&
    samples.every(
      (tree, ti) =>
        Array.isArray(sampled[ti]) &&
        sampled[ti]!.length === tree.length &&
        tree.every((pts, c) => Array.isArray(sampled[ti]![c]) && sampled[ti]![c]!.length === pts.length && sampled[ti]![c]!.every(isQM31)),
    );
  if (!shapeOk) return fail('MALFORMED_PROOF', 'sampled values do not match the sample points');
  let expected: QM31 = qm31.ZERO;
  let g = 0;
  let li = 0;
  const m = air.nConstraints;
  const pows: QM31[] = [];
  let pw: QM31 = qm31.ONE;
  for (let i = 0; i < m; i++) {
    pows.push(pw);
    pw = qm31.mul(pw, alpha);
  }
  for (let ci = 0; ci < air.components.length; ci++) {
    const c = air.components[ci]!;
    const params = relationParams(c.relations, elements);
    if (c.nInteraction > 0) params.set(SHIFT_PARAM, qm31.mulM31(claimed[li++]!, m31.inv(2 ** c.logSize)));
    const weights = c.constraints.map(() => pows[m - 1 - g++]!);
    let z: QM31;
    try {
      z = vanishingAt(c, point);
    } catch (e) {
      if (e instanceof AirError) return fail('BAD_OOD_POINT', e.message, e);
      throw e;
    }
    const sum = constraintSumAt(c, sampledCellReader(air, ci, sampled), params, weights);
    expected = qm31.add(expected, qm31.div(sum, z));
  }
  const q = sampled[3]!;
  const actual = qm31.fromPartialEvals(q[0]![0]!, q[1]![0]!, q[2]![0]!, q[3]![0]!);
  if (!qm31.eq(actual, expected)) return fail('CONSTRAINTS', 'the composition polynomial does not match the constraints at the out-of-domain point');

  // Openings.
  pcs.verify(samples, proof.pcs, channel);
  return total;
}
