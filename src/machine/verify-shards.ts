/**
 * The verifier of sharded runs (`docs/continuations.md`): K linked STARK proofs, one per shard, joined by
 * the register and memory chains and the public I/O under challenges all shards share (`stark/link.ts`).
 * Imports no prover code.
 *
 * Order of the checks, all before any work sized by a proof beyond its own checked shape: the
 * configuration, the shard count, each shard's sizes (read once, bounded), its AIR, its proof's
 * configuration, security and shape; then the two preprocessed roots (middle shards share one, the last
 * has the image tables too), the main digests, the joint challenges, every shard's STARK verification,
 * and last the joint logUp sum.
 * @module
 */
import type { Air } from '../air/verifier.js';
import { qm31 } from '../field/index.js';
import type { QM31 } from '../field/index.js';
import { configsEqual, starkConfig } from '../stark/config.js';
import type { StarkConfig } from '../stark/config.js';
import { VerificationError } from '../stark/errors.js';
import { proofLayout } from '../stark/layout.js';
import { jointChallenges } from '../stark/link.js';
import type { ProofLink } from '../stark/link.js';
import { preprocessedRoot } from '../stark/preprocessed.js';
import { PRESET_MIN_CONJECTURED_BITS } from '../stark/presets.js';
import type { StarkProof } from '../stark/proof.js';
import { checkProofShape, proofShape } from '../stark/shape.js';
import { mainDigest, verifierSecurity, verifyLinked } from '../stark/verifier.js';
import type { ElfImage } from '../vm/elf.js';
import { programIdHex } from '../vm/program-id.js';
import { jointTerms, MAX_FAMILY_LOG_SIZE, machineMinLogSize, machineProgram, shardAir } from './air.js';
import type { ShardSizes } from './air.js';
import { MachineError } from './errors.js';
import { asInvalidInput } from './verify.js';
import { shardRegistry } from './families/registry.js';
import { PAGE_WORDS } from './memory-layout.js';
import { logSizeFor } from './program-table.js';
import type { MachineProgram } from './program.js';
import { MAX_SHARDS, SHARED_RELATIONS } from './relations.js';
import { machineStatement, shardStatement, starkStatement, statementDigest } from './statement.js';
import type { ExecutionClaim, MachineStatement } from './statement.js';

/** One shard's proof: its component sizes (keys of its registry) and its STARK proof. */
export interface ShardProof {
  readonly sizes: ShardSizes;
  readonly proof: StarkProof;
}

/** A proof of a sharded run: the shards' proofs in order. */
export interface ShardedMachineProof {
  readonly shards: readonly ShardProof[];
}

/** Options of {@link verifySharded}. */
export interface VerifyShardedOptions {
  /** Minimum conjectured security in bits of every shard's proof (default: the presets' floor). */
  readonly minSecurityBits?: number;
}

/**
 * A frozen copy of one shard's sizes, each key of its registry read once from own data properties, then
 * the machine's bounds (`checkSizes`, inside `shardAir`) and the program's: a shard touches at most every
 * word of the program's memory window.
 */
function shardSizes(sizes: unknown, keys: readonly string[], program: MachineProgram): ShardSizes {
  if (sizes === null || typeof sizes !== 'object' || Array.isArray(sizes)) throw new MachineError('INVALID_INPUT', 'shard sizes must be a plain object');
  const out: Record<string, number> = {};
  for (const k of keys) {
    const d = Object.getOwnPropertyDescriptor(sizes, k);
    if (d === undefined || !('value' in d) || typeof d.value !== 'number') throw new MachineError('INVALID_INPUT', `shard sizes.${k} must be an own number property`);
    out[k] = d.value as number;
  }
  const windowWords = program.layout.image.rows + program.layout.zeroPageCount * PAGE_WORDS;
  const maxTouched = Math.min(MAX_FAMILY_LOG_SIZE, logSizeFor(windowWords, program.minLog));
  if (out.memShard! > maxTouched) throw new MachineError('INVALID_INPUT', `mem_shard claims 2^${out.memShard} rows, above the 2^${maxTouched} words the program can touch`);
  if (out.memZero !== undefined && out.memZero > logSizeFor(program.layout.zeroPageCount * PAGE_WORDS, program.minLog)) {
    throw new MachineError('INVALID_INPUT', `mem_zero claims 2^${out.memZero} rows, more than the program's zero-page words`);
  }
  return Object.freeze(out);
}

/**
 * The preprocessed roots of a run's shard AIRs, each computed once: the middle shards share one tree, the last
 * adds the image tables. Used by the verifier and by the prover's phase one.
 */
export function shardRootCache(config: StarkConfig): (air: Air) => Uint8Array {
  const roots = new Map<string, Uint8Array>();
  return (air) => {
    const key = air.preprocessed.map((c) => `${c.id}:${c.logSize}`).join(',');
    let r = roots.get(key);
    if (!r) roots.set(key, (r = asInvalidInput(() => preprocessedRoot(air, config))));
    return r;
  };
}

/**
 * Verifies that `image`, run to its exit on `claim.publicInput`, wrote `claim.publicOutput` and exited
 * with `claim.exitCode`, from the proofs of its shards (see the module comment).
 * @throws VerificationError on any failure (`INVALID_INPUT` for a malformed claim, count or sizes)
 */
export function verifySharded(image: ElfImage, claim: ExecutionClaim, proof: ShardedMachineProof, configIn: StarkConfig, options: VerifyShardedOptions = {}): void {
  const { config, statement, shards, program } = asInvalidInput(() => {
    const config = starkConfig(configIn);
    if (proof === null || typeof proof !== 'object') throw new MachineError('INVALID_INPUT', 'proof must be an object');
    const list: unknown = proof.shards;
    if (!Array.isArray(list) || list.length < 1 || list.length > MAX_SHARDS) throw new MachineError('INVALID_INPUT', `a sharded proof holds 1 to ${MAX_SHARDS} shards`);
    if (claim === null || typeof claim !== 'object') throw new MachineError('INVALID_INPUT', 'the claim must be an object');
    const id = programIdHex(image);
    const statement = machineStatement({ ...claim, programId: claim.programId ?? id });
    if (statement.programId !== id) throw new MachineError('INVALID_INPUT', `the claim is about program ${statement.programId}, not ${id}`);
    const program = machineProgram(image, machineMinLogSize(config));
    const count = list.length;
    const shards = (list as unknown[]).map((s, i) => {
      if (s === null || typeof s !== 'object') throw new MachineError('INVALID_INPUT', `shard ${i + 1} is not an object`);
      const { sizes, proof: starkProof } = s as ShardProof;
      const position = { index: i + 1, count };
      const air = shardAir(program, shardSizes(sizes, shardRegistry(position).sizeKeys, program), position);
      return { air, starkProof };
    });
    return { config, statement, shards, program };
  });
  verifyShardProofs(config, statement, program, shards, options);
}

/** Minimum bits and public fractions of a run's shards (the same for every shard of a statement). */
function runTerms(statement: MachineStatement, options: VerifyShardedOptions) {
  // Public fractions: the chain's initial cells and the halt (< 64) and the public bytes, all in the joint sum.
  return { minBits: options.minSecurityBits ?? PRESET_MIN_CONJECTURED_BITS, publicLogUpFractions: 64 + statement.publicInput.length + statement.publicOutput.length };
}

/** The checks of one shard's proof before any work sized by it: its configuration, security and shape. */
function checkShardHeader(config: StarkConfig, i: number, air: Air, starkProof: StarkProof, terms: ReturnType<typeof runTerms>): void {
  if (starkProof === null || typeof starkProof !== 'object') throw new VerificationError('MALFORMED_PROOF', `shard ${i + 1}: proof is not an object`);
  let proofConfig: StarkConfig;
  try {
    proofConfig = starkConfig(starkProof.config);
  } catch (e) {
    throw new VerificationError('MALFORMED_PROOF', `shard ${i + 1}: the proof's configuration is invalid: ${(e as Error).message}`, { cause: e });
  }
  if (!configsEqual(proofConfig, config)) throw new VerificationError('CONFIG_MISMATCH', `shard ${i + 1} was made with another configuration`);
  const bits = verifierSecurity(air, config, { publicLogUpFractions: terms.publicLogUpFractions }).conjectured;
  if (!(bits >= terms.minBits)) throw new VerificationError('INSUFFICIENT_SECURITY', `shard ${i + 1}: ${bits.toFixed(1)} conjectured bits, below the minimum ${terms.minBits}`);
  checkProofShape(starkProof, proofShape(air, config, proofLayout(air, config)));
}

/** {@link verifyLinked} of shard `i`, its error prefixed with the shard. */
function verifyShardLinked(config: StarkConfig, i: number, air: Air, statement: ReturnType<typeof shardStatement>, starkProof: StarkProof, link: ProofLink, preprocessed: Uint8Array, terms: ReturnType<typeof runTerms>): QM31 {
  try {
    return verifyLinked(air, statement, starkProof, config, link, { preprocessedRoot: preprocessed, minSecurityBits: terms.minBits, publicLogUpFractions: terms.publicLogUpFractions });
  } catch (e) {
    if (e instanceof VerificationError) throw new VerificationError(e.code, `shard ${i + 1}: ${e.message}`, { cause: e });
    throw e;
  }
}

function verifyShardProofs(config: StarkConfig, statement: MachineStatement, program: MachineProgram, shards: readonly { air: Air; starkProof: StarkProof }[], options: VerifyShardedOptions): void {
  const count = shards.length;
  const digest = statementDigest(statement);
  const terms = runTerms(statement, options);
  const statements = shards.map((_, i) => shardStatement(digest, i + 1, count));
  for (const [i, { air, starkProof }] of shards.entries()) checkShardHeader(config, i, air, starkProof, terms);
  const rootOf = shardRootCache(config);
  const digests = shards.map(({ air, starkProof }, i) => mainDigest(air, statements[i]!, starkProof, config, { preprocessedRoot: rootOf(air) }));
  const link = jointChallenges(SHARED_RELATIONS, digest, digests);
  const totals = shards.map(({ air, starkProof }, i) => verifyShardLinked(config, i, air, statements[i]!, starkProof, link, rootOf(air), terms));
  checkJoint(program, statement, link, totals);
}

/** The joint logUp check: the verifier's public terms plus every shard's total must be zero. */
function checkJoint(program: MachineProgram, statement: MachineStatement, link: ProofLink, totals: readonly QM31[]): void {
  let total: QM31 = asInvalidInput(() => jointTerms(program.table.entry, starkStatement(statement), link.shared));
  for (const t of totals) total = qm31.add(total, t);
  if (!qm31.isZero(total)) throw new VerificationError('LOGUP_SUM', 'the shards do not join: the chains of registers, memory and public I/O do not cancel across the shards');
}

/** What {@link shardChecker} returns. */
export interface ShardChecker {
  /**
   * Verifies shard `index` of `digests.length` against the main digests every shard reported in phase
   * one; returns its logUp total for {@link ShardChecker.join}.
   */
  check(shard: ShardProof, index: number, digests: readonly Uint8Array[]): QM31;
  /** The joint logUp check over every shard's total (from `check` under these same digests), in order. */
  join(totals: readonly QM31[], digests: readonly Uint8Array[]): void;
}

/**
 * A checker of single shards of one run, for a coordinator that collects shard proofs from workers
 * (`src/distributed`) and must refuse a bad one as it arrives, before the others exist. `check` verifies a
 * shard's proof: it must commit to exactly the main digest reported for its shard (else the challenges it
 * was proven under are not the run's) and pass {@link verifyLinked} under the challenges drawn from all
 * digests. The joint logUp sum needs every shard: `join` adds the totals `check` returned and the
 * verifier's public terms and requires zero. `check` of every shard under one digest list and then `join`
 * is exactly {@link verifySharded} of the assembled proof (the same checks in the same order, split), so a
 * coordinator need not verify twice. A shard that passes `check` can still fail `join` only if its prover
 * forged a witness that its own constraints accept but its neighbours' boundaries do not, which needs the
 * run's secret inputs and seed.
 * @throws VerificationError (`INVALID_INPUT` for bad sizes or position, `MERKLE` for a proof whose main
 *   commitment is not the one reported for its shard, `LOGUP_SUM` from `join`)
 */
export function shardChecker(image: ElfImage, statementIn: MachineStatement, configIn: StarkConfig, options: VerifyShardedOptions = {}): ShardChecker {
  const { config, statement, program } = asInvalidInput(() => {
    const config = starkConfig(configIn);
    const statement = machineStatement(statementIn);
    if (statement.programId !== programIdHex(image)) throw new MachineError('INVALID_INPUT', `the statement is about program ${statement.programId}, not this image`);
    return { config, statement, program: machineProgram(image, machineMinLogSize(config)) };
  });
  const digest = statementDigest(statement);
  const terms = runTerms(statement, options);
  const rootOf = shardRootCache(config);
  return Object.freeze({
    check(shard: ShardProof, index: number, digests: readonly Uint8Array[]): QM31 {
      const count = Array.isArray(digests) ? digests.length : 0;
      const { air, starkProof } = asInvalidInput(() => {
        if (count < 1 || count > MAX_SHARDS || !Number.isInteger(index) || index < 1 || index > count) throw new MachineError('INVALID_INPUT', `shard ${index} of ${count} digests`);
        if (shard === null || typeof shard !== 'object') throw new MachineError('INVALID_INPUT', `shard ${index} is not an object`);
        const position = { index, count };
        return { air: shardAir(program, shardSizes(shard.sizes, shardRegistry(position).sizeKeys, program), position), starkProof: shard.proof };
      });
      checkShardHeader(config, index - 1, air, starkProof, terms);
      const st = shardStatement(digest, index, count);
      const own = mainDigest(air, st, starkProof, config, { preprocessedRoot: rootOf(air) });
      const reported = digests[index - 1];
      if (!(reported instanceof Uint8Array) || reported.length !== own.length || !own.every((b, i) => b === reported[i])) {
        throw new VerificationError('MERKLE', `shard ${index}: the proof's main commitment is not the one reported for the shard in phase one`);
      }
      const link = asInvalidInput(() => jointChallenges(SHARED_RELATIONS, digest, digests));
      return verifyShardLinked(config, index - 1, air, st, starkProof, link, rootOf(air), terms);
    },
    join(totals: readonly QM31[], digests: readonly Uint8Array[]): void {
      if (!Array.isArray(totals) || !Array.isArray(digests) || totals.length !== digests.length || totals.length < 1) {
        throw new VerificationError('INVALID_INPUT', 'one total per shard digest is needed');
      }
      checkJoint(program, statement, asInvalidInput(() => jointChallenges(SHARED_RELATIONS, digest, digests)), totals);
    },
  });
}
