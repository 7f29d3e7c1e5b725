/**
 * The child-process side of the continuations benchmarks (`bench/shards.ts`, `bench/corpus-shards.ts`):
 * one sharded proof or one single proof, timed, with the process's peak memory, the proof's size and its
 * verification. Each call is meant to run in a fresh process (`util.ts` `forkCase`), after {@link warmUp}.
 * @module
 */
import { availableParallelism } from 'node:os';
import { proveExecution, proveSharded, verifyExecution, verifySharded } from '../src/machine/index.js';
import type { ExecutionClaim, ShardedMachineProof } from '../src/machine/index.js';
import type { ElfImage, ExecuteOptions, StarkConfig } from '../src/sdk/index.js';
import { serializeProof } from '../src/stark/index.js';
import { enableKernelThreads } from '../src/sdk/threads.js';
import { memoryLoop } from './shard-workload.js';

/** The run a measurement proves: the inputs `zkvm run` would take. */
export type RunInputs = Pick<ExecuteOptions, 'publicInput' | 'privateInput'>;

/** What one sharded measurement reports (plain data: it crosses the IPC channel). */
export interface ShardedMeasurement {
  readonly cycles: number;
  readonly shards: number;
  readonly shardCycles: number;
  /** Wall time of `proveSharded`: planning run, both phases and its own final verification. */
  readonly proveMs: number;
  /** Wall time of the two phases (commit every shard; prove every shard), summed over the shards. */
  readonly commitMs: number;
  readonly proveShardsMs: number;
  /** Kernel high-water mark of this process's resident memory, MiB. */
  readonly maxRssMiB: number;
  /** Bytes of the shards' serialized STARK proofs plus 4 per size entry (no container format yet). */
  readonly proofBytes: number;
  /** `verifySharded` in this process: the first call (commits the preprocessed roots) and a second one. */
  readonly verifyColdMs: number;
  readonly verifyWarmMs: number;
  readonly exitCode: number;
  readonly publicOutput: readonly number[];
}

/** What one single-proof measurement reports. */
export interface SingleMeasurement {
  readonly cycles: number;
  /** Wall time of `proveExecution` (execution, witness, proof and its own verification). */
  readonly proveMs: number;
  readonly maxRssMiB: number;
  readonly verifyColdMs: number;
}

/** Starts the kernel threads (one per core) and proves a tiny run once: kernel compilation, JIT tiers. */
export async function warmUp(config: StarkConfig): Promise<void> {
  enableKernelThreads(availableParallelism());
  await new Promise((r) => setTimeout(r, 300)); // workers take work once they have started
  proveSharded(memoryLoop(3000).image, config, { shardCycles: 1024 });
}

function maxRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function proofBytes(proof: ShardedMachineProof): number {
  return proof.shards.reduce((n, s) => n + serializeProof(s.proof).length + 4 * Object.keys(s.sizes).length, 0);
}

/**
 * Proves `image` on `inputs` in shards of `shardCycles`, then verifies the proof twice against `claim`
 * (default: the statement the prover found) with `minSecurityBits` (default: the presets' floor).
 */
export function measureSharded(image: ElfImage, config: StarkConfig, shardCycles: number, inputs: RunInputs = {}, claim?: ExecutionClaim, minSecurityBits?: number): ShardedMeasurement {
  let commitMs = 0;
  let proveShardsMs = 0;
  const t0 = performance.now();
  const p = proveSharded(image, config, {
    shardCycles,
    execute: inputs,
    onShard: (e) => {
      if (e.phase === 'commit') commitMs += e.ms;
      else proveShardsMs += e.ms;
    },
  });
  const proveMs = performance.now() - t0;
  const rss = maxRssMiB();
  const options = minSecurityBits === undefined ? {} : { minSecurityBits };
  const timeVerify = () => {
    const t = performance.now();
    verifySharded(image, claim ?? p.statement, p.proof, config, options);
    return performance.now() - t;
  };
  const verifyColdMs = timeVerify();
  const verifyWarmMs = timeVerify();
  return {
    cycles: p.cycles,
    shards: p.proof.shards.length,
    shardCycles,
    proveMs,
    commitMs,
    proveShardsMs,
    maxRssMiB: rss,
    proofBytes: proofBytes(p.proof),
    verifyColdMs,
    verifyWarmMs,
    exitCode: p.statement.exitCode,
    publicOutput: Array.from(p.statement.publicOutput),
  };
}

/** Proves `image` in one proof (`proveExecution`) and verifies it once. */
export function measureSingle(image: ElfImage, config: StarkConfig, minSecurityBits?: number): SingleMeasurement {
  const t0 = performance.now();
  const r = proveExecution(image, config);
  const proveMs = performance.now() - t0;
  const rss = maxRssMiB();
  const t = performance.now();
  verifyExecution(image, r.statement, r.proof, config, minSecurityBits === undefined ? {} : { minSecurityBits });
  return { cycles: r.cycles, proveMs, maxRssMiB: rss, verifyColdMs: performance.now() - t };
}
