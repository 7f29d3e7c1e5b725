/**
 * Proving a run in shards (`docs/continuations.md`): the run is split into shards of `shardCycles` cycles,
 * each proven by the shard AIR (`shardAir`), all linked by challenges drawn after every shard's main trace
 * is committed (`stark/link.ts`). Memory stays bounded by one shard: the run is executed (traced, streaming)
 * once per phase and each shard's witness is rebuilt when it is needed, never kept.
 *
 * 1. a fast run gives the cycle count (so the shard count) and the statement;
 * 2. phase one streams the traced run, builds each shard's witness and commits its main trace
 *    ({@link commitShards}): one digest per shard;
 * 3. the joint challenges from the statement and all digests;
 * 4. phase two streams the run again and proves each shard with the link ({@link proveShardWithLink}).
 *
 * The zero-knowledge randomness of shard k is a PRF of a secret seed and k, so phase two commits exactly the
 * trees phase one did. A job API for other processes: {@link ShardJob} with {@link commitShardJob} and
 * {@link proveShardJob}; each replays the run up to its shard (building, not proving, the earlier shards'
 * witnesses), which costs the earlier shards' witness time.
 * @module
 */
import { blake2s64 } from '../../hash/blake2s.js';
import { commitMain, commitMainDigest, prove } from '../../stark/prover/prove.js';
import type { MainCommitment } from '../../stark/prover/prove.js';
import type { ProveOptions } from '../../stark/prover/prove.js';
import type { StarkConfig } from '../../stark/config.js';
import { jointChallenges } from '../../stark/link.js';
import type { ProofLink } from '../../stark/link.js';
import type { StarkProof } from '../../stark/proof.js';
import { VerificationError } from '../../stark/errors.js';
import type { ElfImage } from '../../vm/elf.js';
import { execute } from '../../vm/executor.js';
import type { ExecuteOptions } from '../../vm/executor.js';
import { programIdHex } from '../../vm/program-id.js';
import type { TraceChunk } from '../../vm/trace.js';
import { machineMinLogSize, machineProgram } from '../air.js';
import type { ShardSizes } from '../air.js';
import { MachineError } from '../errors.js';
import type { MachineProgram } from '../program.js';
import { MAX_SHARDS, MAX_TS, SHARED_RELATIONS, TS_ECALL } from '../relations.js';
import { machineStatement, shardStatement, statementDigest } from '../statement.js';
import type { MachineStatement } from '../statement.js';
import { shardRootCache, verifySharded } from '../verify-shards.js';
import type { ShardedMachineProof, ShardProof } from '../verify-shards.js';
import { runState, shardWitness, toWitness } from './witness.js';
import type { MachineTrace } from './witness.js';

/** Smallest and largest shard (cycles): small shards for tests, and local timestamps far below 2^29. */
export const MIN_SHARD_CYCLES = 2 ** 10;
export const MAX_SHARD_CYCLES = 2 ** 22;
/** Default shard size: measured peak memory about 3 GiB at the default configuration (`bench/results/shards.md`). */
export const DEFAULT_SHARD_CYCLES = 2 ** 19;

/** The run a sharded proof is about (what a job carries to another process). */
export interface ShardedRun {
  readonly image: ElfImage;
  readonly config: StarkConfig;
  readonly shardCycles: number;
  readonly execute?: Omit<ExecuteOptions, 'mode' | 'trace' | 'onTraceChunk'>;
}

/** A shard-proving event (progress). */
export interface ShardEvent {
  readonly phase: 'commit' | 'prove';
  /** 1-based shard index and the shard count. */
  readonly index: number;
  readonly count: number;
  readonly cycles: number;
  readonly ms: number;
}

/** Options of {@link proveSharded}. */
export interface ProveShardedOptions {
  readonly shardCycles?: number;
  readonly execute?: ShardedRun['execute'];
  /** STARK prover options (backend, phases); the randomness comes from `seed`. */
  readonly prove?: Omit<ProveOptions, 'link' | 'random' | 'check'>;
  /** Secret seed of the zero-knowledge randomness (32 bytes; default fresh random bytes). Never share it. */
  readonly seed?: Uint8Array;
  readonly onShard?: (event: ShardEvent) => void;
}

/** What {@link proveSharded} returns. */
export interface ShardedExecutionProof {
  readonly statement: MachineStatement;
  readonly proof: ShardedMachineProof;
  readonly cycles: number;
  readonly shardCycles: number;
}

/** @throws MachineError `INVALID_INPUT` unless a power of two in [MIN_SHARD_CYCLES, MAX_SHARD_CYCLES] */
export function checkShardCycles(n: number): number {
  if (!Number.isInteger(n) || n < MIN_SHARD_CYCLES || n > MAX_SHARD_CYCLES || (n & (n - 1)) !== 0) {
    throw new MachineError('INVALID_INPUT', `shard cycles must be a power of two in [2^10, 2^22]: ${String(n)}`);
  }
  // The witness builder refuses shards whose timestamps could reach 2^29; a shard of n cycles stays below.
  if (1 + TS_ECALL * n >= MAX_TS) throw new MachineError('INVALID_INPUT', `shards of ${n} cycles exceed the timestamp bound`);
  return n;
}

/** A 32-word-per-call PRF stream: BLAKE2s(seed ‖ shard ‖ counter), the randomness of one shard's proof. */
export function seededRandom(seed: Uint8Array, shard: number): (out: Uint32Array) => void {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new MachineError('INVALID_INPUT', 'the seed must be 32 bytes');
  const m = new Uint32Array(16);
  new Uint8Array(m.buffer).set(seed);
  m[8] = shard;
  const block = new Uint32Array(8);
  let counter = 0;
  let have = 0;
  return (out) => {
    for (let i = 0; i < out.length; i++) {
      if (have === 0) {
        m[9] = counter++;
        m[10] = Math.floor(counter / 2 ** 32);
        blake2s64(m, 0, block, 0);
        have = 8;
      }
      out[i] = block[8 - have--]!;
    }
  };
}

function freshSeed(): Uint8Array {
  const seed = new Uint8Array(32);
  globalThis.crypto.getRandomValues(seed);
  return seed;
}

/** Stops the streaming run once the wanted shards are built. */
class StopRun extends Error {}

/**
 * Runs the program traced and hands each shard's witness to `visit` in order (1-based index), up to shard
 * `until`. The witness builder carries the machine state from shard to shard.
 * @throws MachineError if the run does not have `count` shards; VmError from the executor
 */
export function forEachShard(run: ShardedRun, program: MachineProgram, count: number, visit: (t: MachineTrace, index: number, cycles: number) => void, until = count): void {
  const n = run.shardCycles;
  const state = runState(run.image, { publicInput: run.execute?.publicInput, privateInput: run.execute?.privateInput });
  const lastShard = new Uint16Array(state.words.length);
  const cols = { pc: new Uint32Array(n), rs1: new Uint32Array(n), rs2: new Uint32Array(n), rd: new Uint32Array(n), mem: new Uint32Array(n) };
  let fill = 0;
  let index = 1;
  const flush = (pcOut: number) => {
    if (index > count) throw new MachineError('INTERNAL', `the traced run has more than the ${count} shards the fast run had`);
    const trace: TraceChunk = { length: fill, pc: cols.pc.subarray(0, fill), rs1: cols.rs1.subarray(0, fill), rs2: cols.rs2.subarray(0, fill), rd: cols.rd.subarray(0, fill), mem: cols.mem.subarray(0, fill) };
    const t = shardWitness(state, trace, program, { index, count }, lastShard, pcOut);
    visit(t, index, fill);
    fill = 0;
    if (++index > until) throw new StopRun();
  };
  const onTraceChunk = (chunk: TraceChunk) => {
    for (let off = 0; off < chunk.length; ) {
      if (fill === n) flush(chunk.pc[off]!);
      const take = Math.min(n - fill, chunk.length - off);
      for (const k of ['pc', 'rs1', 'rs2', 'rd', 'mem'] as const) cols[k].set(chunk[k].subarray(off, off + take), fill);
      fill += take;
      off += take;
    }
  };
  try {
    execute(run.image, { ...run.execute, mode: 'traced', onTraceChunk });
    flush(0);
  } catch (e) {
    if (e instanceof StopRun) return;
    throw e;
  }
  if (index !== count + 1) throw new MachineError('INTERNAL', `the traced run has ${index - 1} shards, the fast run ${count}`);
}

/** The shard count and statement of a run (a fast, untraced execution). @throws VmError, MachineError `TOO_LARGE` */
export function planShards(run: ShardedRun): { count: number; cycles: number; statement: MachineStatement } {
  checkShardCycles(run.shardCycles);
  const result = execute(run.image, { ...run.execute, mode: 'fast' });
  const count = Math.ceil(result.cycles / run.shardCycles);
  if (count > MAX_SHARDS) throw new MachineError('TOO_LARGE', `${result.cycles} cycles need ${count} shards of ${run.shardCycles}, more than ${MAX_SHARDS}`);
  const statement = machineStatement({
    programId: programIdHex(run.image),
    exitCode: result.exitCode,
    publicInput: Uint8Array.from(run.execute?.publicInput ?? []),
    publicOutput: Uint8Array.from(result.publicOutput),
  });
  return { count, cycles: result.cycles, statement };
}

/** A serializable unit of sharded proving: the run, the shard, and the seed its randomness comes from. */
export interface ShardJob {
  readonly run: ShardedRun;
  readonly statement: MachineStatement;
  readonly index: number;
  readonly count: number;
  readonly seed: Uint8Array;
}

/** Phase one of one shard: its main digest and sizes (replays the run up to the shard). */
export function commitShardJob(job: ShardJob, prove: ShardedProveStarkOptions = {}): { digest: Uint8Array; sizes: ShardSizes } {
  let out: { digest: Uint8Array; sizes: ShardSizes } | undefined;
  const program = machineProgram(job.run.image, machineMinLogSize(job.run.config));
  forEachShard(job.run, program, job.count, (t, i) => {
    if (i === job.index) out = { digest: commitShardTrace(t, job, prove), sizes: t.sizes as unknown as ShardSizes };
  }, job.index);
  return out!;
}

/** Phase two of one shard: its proof under the joint challenges (replays the run up to the shard). */
export function proveShardJob(job: ShardJob, link: ProofLink, prove: ShardedProveStarkOptions = {}): ShardProof {
  let out: ShardProof | undefined;
  const program = machineProgram(job.run.image, machineMinLogSize(job.run.config));
  forEachShard(job.run, program, job.count, (t, i) => {
    if (i === job.index) out = proveShardWithLink(t, job, link, prove);
  }, job.index);
  return out!;
}

type ShardedProveStarkOptions = Omit<ProveOptions, 'link' | 'random' | 'check'>;

/**
 * Phase one of one shard's witness: its main digest (with the randomness of `seededRandom(job.seed, job.index)`).
 * `preprocessedRoot`, when given, is the shard AIR's (`shardRootCache`), saving its commitment.
 */
export function commitShardTrace(t: MachineTrace, job: Pick<ShardJob, 'run' | 'statement' | 'index' | 'count' | 'seed'>, options: ShardedProveStarkOptions & { readonly preprocessedRoot?: Uint8Array }): Uint8Array {
  const st = shardStatement(statementDigest(job.statement), job.index, job.count);
  return commitMainDigest(t.air, toWitness(t), st, job.run.config, { ...options, random: seededRandom(job.seed, job.index) });
}

/** Proves one shard's witness with the link (the same randomness as its phase-one commitment). */
export function proveShardWithLink(t: MachineTrace, job: Pick<ShardJob, 'run' | 'statement' | 'index' | 'count' | 'seed'>, link: ProofLink, options: ShardedProveStarkOptions = {}): ShardProof {
  const st = shardStatement(statementDigest(job.statement), job.index, job.count);
  const proof: StarkProof = prove(t.air, toWitness(t), st, job.run.config, { ...options, check: false, random: seededRandom(job.seed, job.index), link });
  return Object.freeze({ sizes: t.sizes as unknown as ShardSizes, proof });
}

/** The joint challenges of a run from its statement and the shards' main digests, in order. */
export function shardLink(statement: MachineStatement, digests: readonly Uint8Array[]): ProofLink {
  return jointChallenges(SHARED_RELATIONS, statementDigest(statement), digests);
}

/**
 * Proves a run of `image` in shards (see the module comment) and verifies the result before returning it.
 * Phase one keeps the last shard's prover state and phase two finishes that shard first, so the last
 * shard's witness and main commitment are made once.
 * @throws VmError for a faulting guest; MachineError `INVALID_INPUT` for a bad shard size, `TOO_LARGE` for
 *   more than MAX_SHARDS shards, `INTERNAL` if the proof does not verify
 */
export function proveSharded(image: ElfImage, config: StarkConfig, options: ProveShardedOptions = {}): ShardedExecutionProof {
  const run: ShardedRun = { image, config, shardCycles: options.shardCycles ?? DEFAULT_SHARD_CYCLES, ...(options.execute ? { execute: options.execute } : {}) };
  const { count, cycles, statement } = planShards(run);
  const seed = options.seed ?? freshSeed();
  const program = machineProgram(image, machineMinLogSize(config));
  const digest = statementDigest(statement);
  const starkOptions = options.prove ?? {};
  const rootOf = shardRootCache(config);
  const digests: Uint8Array[] = [];
  let last: { session: MainCommitment; sizes: ShardSizes; cycles: number } | undefined;
  let t0 = performance.now();
  const event = (phase: ShardEvent['phase'], index: number, n: number) => {
    options.onShard?.({ phase, index, count, cycles: n, ms: performance.now() - t0 });
    t0 = performance.now();
  };
  forEachShard(run, program, count, (t, index, n) => {
    const st = shardStatement(digest, index, count);
    const base = { ...starkOptions, check: false, random: seededRandom(seed, index) };
    if (index < count) {
      digests.push(commitMainDigest(t.air, toWitness(t), st, config, { ...base, preprocessedRoot: rootOf(t.air) }));
    } else {
      const session = commitMain(t.air, toWitness(t), st, config, base);
      digests.push(session.digest);
      last = { session, sizes: t.sizes as unknown as ShardSizes, cycles: n };
    }
    event('commit', index, n);
  });
  const link = shardLink(statement, digests);
  const shards: ShardProof[] = new Array(count);
  shards[count - 1] = Object.freeze({ sizes: last!.sizes, proof: last!.session.finish(link) });
  event('prove', count, last!.cycles);
  if (count > 1) {
    forEachShard(run, program, count, (t, index, n) => {
      shards[index - 1] = proveShardWithLink(t, { run, statement, index, count, seed }, link, starkOptions);
      event('prove', index, n);
    }, count - 1);
  }
  const proof: ShardedMachineProof = Object.freeze({ shards: Object.freeze(shards) });
  try {
    verifySharded(image, statement, proof, config, { minSecurityBits: 0 });
  } catch (e) {
    if (e instanceof VerificationError) throw new MachineError('INTERNAL', `the sharded proof just made does not verify (${e.code}: ${e.message})`, { cause: e });
    throw e;
  }
  return Object.freeze({ statement, proof, cycles, shardCycles: run.shardCycles });
}
