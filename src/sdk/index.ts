/**
 * The host SDK: load a guest program, run it, prove the run and verify proofs.
 *
 * ```ts
 * import { loadProgramFile, execute, prove, verify } from 'zkvm/sdk';
 * const program = loadProgramFile('examples/hello.elf');
 * const { publicOutput, exitCode } = execute(program, { publicInput: new Uint8Array([1, 2, 3]) });
 * const { proof } = prove(program, { publicInput: new Uint8Array([1, 2, 3]) });
 * const verified = verify(program, proof, { publicInput: new Uint8Array([1, 2, 3]), expectExit: 0 });
 * ```
 * Long runs are proven in shards transparently (`prove`'s `shardCycles`); the two phases of sharded
 * proving, as serializable jobs for other processes, are `planShardJobs`, `commitShard`, `linkShards`,
 * `proveShard` and `assembleShardedProof` (`shards.ts`, formats in `shard-codec.ts`).
 * @module
 */
export * from '../vm/index.js';
export { InputFileError, readInputFile, loadProgramFile } from './files.js';
export { enableKernelThreads, disableKernelThreads } from './threads.js';
export {
  prove,
  verify,
  loadProgram,
  ProveError,
  DEFAULT_PROVE_CONFIG,
  DEFAULT_PROVE_CONFIG_NO_ZK,
  PROGRESS_PHASES,
  type ProgramSource,
  type ProveErrorCode,
  type ProveProgramOptions,
  type ProveProgress,
  type ProveResult,
  type SingleProveResult,
  type ShardedProveResult,
  type VerifyProgramOptions,
} from './prove.js';
export { ShardJobError, type ShardJobErrorCode } from './errors.js';
export { planShardJobs, commitShard, linkShards, proveShard, assembleShardedProof, type PlanShardOptions, type ShardPlan } from './shards.js';
export {
  encodeShardJob,
  decodeShardJob,
  encodeShardCommitment,
  decodeShardCommitment,
  encodeProofLink,
  decodeProofLink,
  encodeShardProof,
  decodeShardProof,
  SHARD_MESSAGE_MAGIC,
  SHARD_MESSAGE_VERSION,
  MAX_SHARD_MESSAGE_BYTES,
  MAX_JOB_FIELD_BYTES,
  type ShardJobSpec,
  type ShardCommitment,
  type ShardProofResult,
} from './shard-codec.js';
export { proveSharded, verifySharded, type ShardedExecutionProof, type ShardedMachineProof } from '../machine/index.js';
export {
  ProofRejectedError,
  ProofFileError,
  decodeProofFile,
  encodeProofFile,
  looksLikeProofFile,
  MAX_PROOF_FILE_BYTES,
  DEFAULT_SHARD_CYCLES,
  MIN_SHARD_CYCLES,
  MAX_SHARD_CYCLES,
  type ProofRejectedCode,
  type ProofFile,
  type ShardedProofFile,
  type AnyProofFile,
  type ShardEvent,
  type ShardSizes,
  type VerifiedSingleProof,
  type VerifiedShardedProof,
  type ProofFileErrorCode,
  type MachineStatement,
  type VerifiedProof,
} from '../machine/index.js';
export { DEFAULT_STARK_CONFIG, DEFAULT_STARK_CONFIG_NO_ZK, TEST_STARK_CONFIG, type StarkConfig } from '../stark/index.js';
export {
  CONFIG_PRESETS,
  PRESET_NAMES,
  DEFAULT_PRESET,
  configPreset,
  presetName,
  displayBits,
  type ConfigPreset,
  type PresetName,
  type SecurityReport,
  type SecurityTerms,
} from '../stark/index.js';
