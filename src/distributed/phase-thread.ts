/**
 * The thread a worker runs one shard phase on (`worker.ts`). Proving is seconds to minutes of CPU; on the
 * worker's main thread it would stop BullMQ from renewing the job's lock, and the queue would declare a
 * healthy worker's job stalled and hand it to another. Here the main thread stays free for Redis and the
 * CPU work runs beside it, with its own kernel threads.
 *
 * Message in: `{ id, phase, spec, index, digests? }` (the spec as encoded by `sdk/shard-codec.ts`, the
 * digests as 32-byte rows); message out: `{ id, ok: true, bytes }` with the encoded commitment or shard
 * proof, or `{ id, ok: false, error: { name, code, message } }`.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { shardChecker, shardLink } from '../machine/index.js';
import { VerificationError } from '../stark/errors.js';
import { commitShard, proveShard } from '../sdk/shards.js';
import { decodeShardJob, encodeShardCommitment, encodeShardProof } from '../sdk/shard-codec.js';
import { ShardJobError } from '../sdk/errors.js';
import { enableKernelThreads } from '../sdk/threads.js';
import type { Phase } from './protocol.js';

/** A phase to run. */
export interface PhaseRequest {
  readonly id: number;
  readonly phase: Phase;
  readonly spec: Uint8Array;
  readonly index: number;
  /** Prove phase: every shard's main digest, 32 bytes each, in order. */
  readonly digests?: Uint8Array;
}

/** A phase's outcome. */
export type PhaseReply = { readonly id: number; readonly ok: true; readonly bytes: Uint8Array } | { readonly id: number; readonly ok: false; readonly error: { name: string; code?: string; message: string } };

/** Runs one phase (exported for the tests; the thread calls it per message). */
export function runPhase(req: PhaseRequest): Uint8Array {
  const spec = decodeShardJob(req.spec);
  if (req.index > spec.count) throw new ShardJobError('MALFORMED', `shard ${req.index} of a run of ${spec.count} shards`);
  const job = { ...spec, index: req.index };
  if (req.phase === 'commit') return encodeShardCommitment(commitShard(job));
  const rows = req.digests;
  if (!(rows instanceof Uint8Array) || rows.length !== 32 * spec.count) throw new ShardJobError('MALFORMED', `the run's digests must be ${spec.count} × 32 bytes`);
  const digests = Array.from({ length: spec.count }, (_, k) => rows.slice(32 * k, 32 * k + 32));
  const result = proveShard(job, shardLink(spec.statement, digests));
  // The worker's own check before it reports: the proof verifies under the run's challenges. A main digest
  // other than the reported one means phase one's result for this shard was wrong (this proof is honest):
  // the coordinator sorts that out, so it is reported, not thrown.
  try {
    shardChecker(spec.image, spec.statement, spec.config, { minSecurityBits: 0 }).check(result, req.index, digests);
  } catch (e) {
    if (!(e instanceof VerificationError && e.code === 'MERKLE')) throw new Error(`the shard proof just made does not verify: ${(e as Error).message}`, { cause: e });
  }
  return encodeShardProof(result);
}

if (parentPort) {
  const port = parentPort;
  enableKernelThreads((workerData as { kernelThreads?: number } | undefined)?.kernelThreads);
  port.on('message', (req: PhaseRequest) => {
    let reply: PhaseReply;
    try {
      const bytes = runPhase(req);
      reply = { id: req.id, ok: true, bytes };
    } catch (e) {
      const err = e as { name?: string; code?: string; message?: string };
      reply = { id: req.id, ok: false, error: { name: String(err?.name ?? 'Error'), ...(typeof err?.code === 'string' ? { code: err.code } : {}), message: String(err?.message ?? e) } };
    }
    port.postMessage(reply);
  });
}
