/**
 * Sharded proving as jobs that other processes or machines can run (`docs/continuations.md`): a
 * coordinator plans the run into shard jobs, workers run phase one of each (commit the shard's main
 * trace), the coordinator draws the joint challenges from all commitments (the link), workers run phase
 * two (prove the shard under the link), and the coordinator assembles the shard proofs into one proof
 * file that `verify` accepts. Every piece has a serialized form (`shard-codec.ts`).
 *
 * ```ts
 * const plan = planShardJobs('guest.elf', { publicInput, privateInput, shardCycles: 2 ** 19 });
 * const jobs = plan.jobs.map(encodeShardJob);                      // to the workers (secret: seed, private input)
 * const commitments = jobs.map((j) => encodeShardCommitment(commitShard(decodeShardJob(j))));
 * const link = encodeProofLink(linkShards(plan.statement, commitments.map(decodeShardCommitment)));
 * const proofs = jobs.map((j) => encodeShardProof(proveShard(decodeShardJob(j), decodeProofLink(link))));
 * const file = assembleShardedProof(plan.statement, proofs.map(decodeShardProof));
 * ```
 * A worker replays the run from its start up to its shard (building, not proving, the earlier shards'
 * witnesses), so phase costs grow with the shard's index; both phases of one shard must use the same job
 * (the seed makes phase two commit exactly the trees phase one did).
 * @module
 */
import { commitShardJob, encodeProofFile, planShards, proveShardJob, shardLink } from '../machine/index.js';
import type { MachineStatement, ShardJob } from '../machine/index.js';
import type { StarkConfig } from '../stark/config.js';
import type { ProofLink } from '../stark/link.js';
import { parseElf } from '../vm/elf.js';
import { ShardJobError } from './errors.js';
import { readInputFile } from './files.js';
import { asProveError, resolveConfig, resolveShardCycles } from './prove.js';
import type { ShardCommitment, ShardJobSpec, ShardProofResult } from './shard-codec.js';

/** Options of {@link planShardJobs}. */
export interface PlanShardOptions {
  /** Bytes the guest reads from fd 3; part of the statement. */
  readonly publicInput?: Uint8Array;
  /** Bytes the guest reads from fd 0: in every job, never in the proof. */
  readonly privateInput?: Uint8Array;
  /** Refuse runs longer than this many instructions. */
  readonly maxCycles?: number;
  /** Refuse programs that declare more memory than this many bytes. */
  readonly memoryLimit?: number;
  /** A preset name or a configuration (default the `'default'` preset). */
  readonly config?: StarkConfig | string;
  /** Cycles per shard: a power of two in [2^10, 2^22] (default `DEFAULT_SHARD_CYCLES`). */
  readonly shardCycles?: number;
  /** The secret seed of the zero-knowledge randomness (32 bytes; default fresh random bytes). */
  readonly seed?: Uint8Array;
}

/** A planned sharded run: its statement and one job per shard. */
export interface ShardPlan {
  readonly statement: MachineStatement;
  readonly cycles: number;
  readonly count: number;
  readonly shardCycles: number;
  readonly config: StarkConfig;
  /** The jobs, in run order (they share the program, input and seed arrays). */
  readonly jobs: readonly ShardJobSpec[];
}

/** The machine's job of an SDK job. */
function machineJob(job: ShardJobSpec): ShardJob {
  return {
    run: { image: job.image, config: job.config, shardCycles: job.shardCycles, execute: { publicInput: job.statement.publicInput, privateInput: job.privateInput } },
    statement: job.statement,
    index: job.index,
    count: job.count,
    seed: job.seed,
  };
}

/**
 * Plans a sharded run of `program` (a path to an ELF file or its bytes: the jobs carry the file): one
 * untraced run gives the cycle count, the shard count and the statement.
 * @throws InputFileError / ElfError for a bad program; ProveError for a run that cannot be proven
 */
export function planShardJobs(program: string | Uint8Array, options: PlanShardOptions = {}): ShardPlan {
  const elf = typeof program === 'string' ? readInputFile(program, 'program') : program;
  const image = parseElf(elf);
  const config = resolveConfig(options.config);
  const shardCycles = resolveShardCycles(options.shardCycles);
  const privateInput = options.privateInput ?? new Uint8Array(0);
  let plan;
  try {
    plan = planShards({
      image,
      config,
      shardCycles,
      execute: {
        privateInput,
        ...(options.publicInput === undefined ? {} : { publicInput: options.publicInput }),
        ...(options.maxCycles === undefined ? {} : { maxCycles: options.maxCycles }),
        ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
      },
    });
  } catch (e) {
    throw asProveError(e);
  }
  const seed = options.seed ?? globalThis.crypto.getRandomValues(new Uint8Array(32));
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new ShardJobError('MALFORMED', 'the seed must be 32 bytes');
  const { statement, count, cycles } = plan;
  const jobs = Array.from({ length: count }, (_, i) => Object.freeze({ program: elf, image, statement, privateInput, config, shardCycles, index: i + 1, count, seed }));
  return Object.freeze({ statement, cycles, count, shardCycles, config, jobs: Object.freeze(jobs) });
}

/** Phase one of a job: the shard's main digest and sizes. @throws ProveError */
export function commitShard(job: ShardJobSpec): ShardCommitment {
  try {
    const { digest, sizes } = commitShardJob(machineJob(job));
    return Object.freeze({ index: job.index, count: job.count, digest, sizes });
  } catch (e) {
    throw asProveError(e);
  }
}

/**
 * The joint challenges of a run from every shard's commitment, in run order.
 * @throws ShardJobError `INCONSISTENT` unless there is exactly one commitment per shard, in order
 */
export function linkShards(statement: MachineStatement, commitments: readonly ShardCommitment[]): ProofLink {
  inOrder(commitments, 'commitment');
  return shardLink(statement, commitments.map((c) => c.digest));
}

/** Phase two of a job: the shard's proof under the joint challenges. @throws ProveError */
export function proveShard(job: ShardJobSpec, link: ProofLink): ShardProofResult {
  try {
    const { sizes, proof } = proveShardJob(machineJob(job), link);
    return Object.freeze({ index: job.index, count: job.count, sizes, proof });
  } catch (e) {
    throw asProveError(e);
  }
}

/**
 * The proof file of a run from its shards' proofs in run order (a sharded file, `machine/proof-file.ts`).
 * Nothing here checks the proofs: `verify` does.
 * @throws ShardJobError `INCONSISTENT` unless there is exactly one proof per shard, in order; ProofFileError for contents that would not decode
 */
export function assembleShardedProof(statement: MachineStatement, proofs: readonly ShardProofResult[]): Uint8Array {
  inOrder(proofs, 'shard proof');
  return encodeProofFile({ statement, shards: proofs.map((p) => Object.freeze({ sizes: p.sizes, proof: p.proof })) });
}

/** Fails unless `items` are shards 1 … count of one count. */
function inOrder(items: readonly { index: number; count: number }[], what: string): void {
  if (!Array.isArray(items) || items.length === 0) throw new ShardJobError('INCONSISTENT', `no ${what}s`);
  for (const [i, c] of items.entries()) {
    if (c.count !== items.length) throw new ShardJobError('INCONSISTENT', `${what} ${i + 1} is of a run of ${c.count} shards; ${items.length} ${what}s were given`);
    if (c.index !== i + 1) throw new ShardJobError('INCONSISTENT', `${what} ${i + 1} is for shard ${c.index}: give one per shard, in run order`);
  }
}
