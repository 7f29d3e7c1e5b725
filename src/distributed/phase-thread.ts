/**
 * The thread a worker runs shard phases on (`worker.ts`). Two reasons for a thread:
 *
 * - Proving is seconds to minutes of CPU; on the worker's main thread it would stop BullMQ from renewing
 *   the job's lock, and the queue would declare a healthy worker's job stalled and hand it to another.
 * - **Streams.** A shard's witness continues the machine state of the shards before it, so a job for
 *   shard k must first build the witnesses of shards 1 … k − 1 (`machine/prover/shards.ts`
 *   `forEachShard`): from scratch, a run of K shards would cost K²/2 witness builds per phase. A worker
 *   takes a run's jobs in increasing shard order (the queue is FIFO and the coordinator enqueues in
 *   order), so this thread keeps the run's stream open between jobs: after serving shard k it waits —
 *   blocked inside the stream's callback, on `Atomics.wait` and `receiveMessageOnPort` — for the next
 *   request, and if that is the same run, phase and link at a later shard, it streams on from where it
 *   stopped. Anything else ends the stream and starts a new one. Each worker then builds each witness of a
 *   phase at most once, as the in-process prover does.
 *
 * Requests arrive on the `port` of `workerData` (the parent bumps `signal[0]` and notifies after each);
 * replies go to `parentPort`: `{ id, ok: true, bytes }` with the encoded commitment or shard proof, or
 * `{ id, ok: false, error: { name, code, message } }`.
 * @module
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { commitShardTrace, forEachShard, machineMinLogSize, machineProgram, proveShardWithLink, shardChecker, shardLink, shardRootCache } from '../machine/index.js';
import type { MachineTrace, ShardedRun, ShardSizes } from '../machine/index.js';
import { VerificationError } from '../stark/errors.js';
import { asProveError } from '../sdk/prove.js';
import { decodeShardJob, encodeShardCommitment, encodeShardProof } from '../sdk/shard-codec.js';
import type { ShardJobSpec } from '../sdk/shard-codec.js';
import { ShardJobError } from '../sdk/errors.js';
import { enableKernelThreads } from '../sdk/threads.js';
import type { Phase } from './protocol.js';

/** A phase to run. */
export interface PhaseRequest {
  readonly id: number;
  /** The run's id: with the phase (and the digests), what a stream continues. */
  readonly run: string;
  readonly phase: Phase;
  readonly spec: Uint8Array;
  readonly index: number;
  /** Prove phase: every shard's main digest, 32 bytes each, in order. */
  readonly digests?: Uint8Array;
}

/** A phase's outcome. */
export type PhaseReply = { readonly id: number; readonly ok: true; readonly bytes: Uint8Array } | { readonly id: number; readonly ok: false; readonly error: { name: string; code?: string; message: string } };

/** What one stream serves: a run's phase, under one link. */
interface Stream {
  readonly run: string;
  readonly phase: Phase;
  readonly spec: ShardJobSpec;
  readonly digests: readonly Uint8Array[] | undefined;
  readonly digestBytes: Uint8Array | undefined;
  /** Phase one: the preprocessed roots, one per distinct shard AIR. */
  readonly rootOf: ReturnType<typeof shardRootCache>;
  readonly checker: ReturnType<typeof shardChecker> | undefined;
  readonly link: ReturnType<typeof shardLink> | undefined;
}

function openStream(req: PhaseRequest): Stream {
  const spec = decodeShardJob(req.spec);
  if (req.index > spec.count) throw new ShardJobError('MALFORMED', `shard ${req.index} of a run of ${spec.count} shards`);
  let digests: Uint8Array[] | undefined;
  if (req.phase === 'prove') {
    const rows = req.digests;
    if (!(rows instanceof Uint8Array) || rows.length !== 32 * spec.count) throw new ShardJobError('MALFORMED', `the run's digests must be ${spec.count} × 32 bytes`);
    digests = Array.from({ length: spec.count }, (_, k) => rows.slice(32 * k, 32 * k + 32));
  }
  return {
    run: req.run,
    phase: req.phase,
    spec,
    digests,
    digestBytes: req.digests,
    rootOf: shardRootCache(spec.config),
    checker: digests ? shardChecker(spec.image, spec.statement, spec.config, { minSecurityBits: 0 }) : undefined,
    link: digests ? shardLink(spec.statement, digests) : undefined,
  };
}

/** True when `req` is for the same run, phase and link as `s` (so the stream can serve it if it is ahead). */
function sameStream(s: Stream, req: PhaseRequest): boolean {
  if (req.run !== s.run || req.phase !== s.phase) return false;
  if (s.phase === 'commit') return true;
  const a = s.digestBytes!;
  const b = req.digests;
  return b instanceof Uint8Array && b.length === a.length && b.every((x, i) => x === a[i]);
}

/** Serves one request with its shard's witness. */
function serve(s: Stream, req: PhaseRequest, t: MachineTrace): Uint8Array {
  const job = { run: runOf(s.spec), statement: s.spec.statement, index: req.index, count: s.spec.count, seed: s.spec.seed };
  const sizes = t.sizes as unknown as ShardSizes;
  if (s.phase === 'commit') {
    const digest = commitShardTrace(t, job, { preprocessedRoot: s.rootOf(t.air) });
    return encodeShardCommitment({ index: req.index, count: s.spec.count, digest, sizes });
  }
  const { proof } = proveShardWithLink(t, job, s.link!);
  const result = { index: req.index, count: s.spec.count, sizes, proof };
  // The worker's own check before it reports: the proof verifies under the run's challenges. A main digest
  // other than the reported one means phase one's result for this shard was wrong (this proof is honest):
  // the coordinator sorts that out, so it is reported, not thrown.
  try {
    s.checker!.check(result, req.index, s.digests!);
  } catch (e) {
    if (!(e instanceof VerificationError && e.code === 'MERKLE')) throw new Error(`the shard proof just made does not verify: ${(e as Error).message}`, { cause: e });
  }
  return encodeShardProof(result);
}

function runOf(spec: ShardJobSpec): ShardedRun {
  return { image: spec.image, config: spec.config, shardCycles: spec.shardCycles, execute: { publicInput: spec.statement.publicInput, privateInput: spec.privateInput } };
}

function errorReply(id: number, e: unknown): PhaseReply {
  const err = asProveError(e) as { name?: string; code?: string; message?: string };
  return { id, ok: false, error: { name: String(err?.name ?? 'Error'), ...(typeof err?.code === 'string' ? { code: err.code } : {}), message: String(err?.message ?? e) } };
}

/** Ends a stream so that another request can start its own. */
class SwitchStream extends Error {}

/**
 * Serves requests for ever: `next` blocks until one arrives, `reply` sends an outcome. Exported for the
 * tests, which run it with a scripted `next`; the thread runs it on its port.
 */
export function serveRequests(next: () => PhaseRequest | undefined, reply: (r: PhaseReply) => void): void {
  let waiting: PhaseRequest | undefined;
  for (;;) {
    const first = waiting ?? next();
    waiting = undefined;
    if (first === undefined) return;
    let stream: Stream;
    try {
      stream = openStream(first);
    } catch (e) {
      reply(errorReply(first.id, e));
      continue;
    }
    // The request the stream works towards, and whether the witness at hand was used for one already.
    let current: PhaseRequest | undefined = first;
    try {
      const program = machineProgram(stream.spec.image, machineMinLogSize(stream.spec.config));
      forEachShard(runOf(stream.spec), program, stream.spec.count, (t, i) => {
        let used = false;
        for (;;) {
          if (current === undefined) {
            const req = next();
            if (req === undefined || !sameStream(stream, req) || req.index < i || (req.index === i && used) || req.index > stream.spec.count) {
              waiting = req;
              throw new SwitchStream();
            }
            current = req;
          }
          if (current.index > i) return; // build on towards it
          const req: PhaseRequest = current;
          current = undefined;
          used = true;
          try {
            reply({ id: req.id, ok: true, bytes: serve(stream, req, t) });
          } catch (e) {
            reply(errorReply(req.id, e));
          }
        }
      });
      // The run ended with a request still ahead of it (cannot happen for an index within the count).
      if (current !== undefined) reply(errorReply(current.id, new ShardJobError('MALFORMED', `the run has no shard ${current.index}`)));
    } catch (e) {
      if (e instanceof SwitchStream) {
        if (waiting === undefined) return;
        continue;
      }
      // The stream failed (the guest faults, a witness cannot be built): the request it served fails.
      if (current !== undefined) reply(errorReply(current.id, e));
    }
  }
}

/** Runs one request on a stream of its own and returns its bytes (the tests' way to act as a worker). @throws Error with the reply's message */
export function runPhase(req: PhaseRequest): Uint8Array {
  const queue = [req];
  let out: PhaseReply | undefined;
  serveRequests(() => queue.shift(), (r) => (out = r));
  if (!out?.ok) throw new Error(out ? `${out.error.name}: ${out.error.message}` : 'no reply');
  return out.bytes;
}

if (parentPort) {
  const data = workerData as { kernelThreads?: number; port: MessagePort; signal: Int32Array };
  enableKernelThreads(data.kernelThreads);
  const out = parentPort;
  let seen = Atomics.load(data.signal, 0);
  const next = (): PhaseRequest => {
    for (;;) {
      const m = receiveMessageOnPort(data.port);
      if (m) return m.message as PhaseRequest;
      Atomics.wait(data.signal, 0, seen, 1000);
      seen = Atomics.load(data.signal, 0);
    }
  };
  serveRequests(next, (r) => out.postMessage(r));
}
