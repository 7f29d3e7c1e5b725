/**
 * Distributed proving on BullMQ and Redis (`docs/distributed.md`): {@link startWorker} serves shard jobs,
 * {@link proveDistributed} coordinates a run and {@link resumeDistributed} picks one up again by its id.
 *
 * ```ts
 * import { startWorker, proveDistributed } from 'zkvm/distributed';
 * const worker = await startWorker({ redis: 'redis://127.0.0.1:6379' });   // on each machine
 * const { proof, run } = await proveDistributed('guest.elf', { redis: 'redis://127.0.0.1:6379', shardCycles: 2 ** 19 });
 * ```
 * @module
 */
export { startWorker, type WorkerOptions, type WorkerEvent, type DistributedWorker } from './worker.js';
export {
  proveDistributed,
  resumeDistributed,
  deleteDistributedRun,
  type CoordinatorOptions,
  type DistributedProveOptions,
  type DistributedProgress,
  type DistributedProveResult,
} from './coordinator.js';
export { DistributedError, type DistributedErrorCode } from './errors.js';
export {
  DEFAULT_QUEUE,
  DEFAULT_REDIS_URL,
  MAX_ROUNDS,
  PROTOCOL_VERSION,
  checkRedis,
  checkRunId,
  redact,
  isLoopback,
  parseTask,
  redisConnection,
  runKeys,
  taskId,
  type ShardTask,
  type TaskReport,
} from './protocol.js';
