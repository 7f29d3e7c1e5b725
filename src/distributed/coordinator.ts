/**
 * The coordinator of distributed proving (`zkvm prove --redis`, `docs/distributed.md`): it runs the guest
 * once to plan the shards, stores the run in Redis (`protocol.ts`), and drives the two phases of sharded
 * proving (`sdk/shards.ts`) through a BullMQ queue: every shard's commit, then the link (the joint
 * challenges from all digests), every shard's proof, then the assembly and verification of the proof file.
 *
 * The coordinator trusts no worker. Every result is judged as it arrives: a commitment must decode and be
 * for its shard; a shard proof must decode and verify under the run's challenges (`shardChecker`). A
 * refused result is discarded and the shard's job is enqueued again in a new round that asks the worker
 * that made it to stand aside. A proof whose main commitment is not the digest phase one reported means one
 * of the two workers was wrong: the shard is committed again elsewhere; if the digest changes, the link
 * changes and every shard is proven again. Last, the joint logUp sum over all accepted shards completes the
 * verification of the assembled proof (`shardChecker`: per-shard checks plus the join are `verifySharded`),
 * so a proof that does not verify is never returned.
 *
 * All of the coordinator's state is in Redis, and queue job ids are deterministic: a coordinator that was
 * stopped resumes a run by its id ({@link resumeDistributed}) and takes the results of jobs that finished
 * meanwhile, without proving any shard again. The run's data stays until the proof is returned (or
 * {@link deleteDistributedRun}).
 * @module
 */
import { Queue } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { MAX_SHARDS, shardChecker } from '../machine/index.js';
import type { QM31 } from '../field/index.js';
import type { MachineStatement } from '../machine/index.js';
import { VerificationError } from '../stark/errors.js';
import { ProveError, ShardJobError } from '../sdk/errors.js';
import { shardedProveResult } from '../sdk/prove.js';
import type { ShardedProveResult } from '../sdk/prove.js';
import { decodeShardCommitment, decodeShardJob, decodeShardProof, encodeShardJob, MAX_SHARD_MESSAGE_BYTES } from '../sdk/shard-codec.js';
import type { ShardCommitment, ShardJobSpec, ShardProofResult } from '../sdk/shard-codec.js';
import { planShardJobs } from '../sdk/shards.js';
import { MAX_PROOF_BYTES } from '../stark/serialize.js';
import type { PlanShardOptions } from '../sdk/shards.js';
import { DistributedError } from './errors.js';
import { checkRedis, DEFAULT_QUEUE, DEFAULT_REDIS_URL, MAX_ROUNDS, newRunId, PROTOCOL_VERSION, redisConnection, runKeys, taskId } from './protocol.js';
import type { Phase, ShardTask, TaskReport } from './protocol.js';

/** Where the coordinator finds Redis and the queue, and how it reports. */
export interface CoordinatorOptions {
  /** Redis URL (default `DEFAULT_REDIS_URL`, loopback). */
  readonly redis?: string;
  /** BullMQ queue name (default `DEFAULT_QUEUE`): the workers must serve the same one. */
  readonly queue?: string;
  readonly onProgress?: (p: DistributedProgress) => void;
  /** How often job states are read (ms, default 100). */
  readonly pollMs?: number;
  /** Stops waiting (the run stays in Redis and can be resumed). */
  readonly signal?: AbortSignal;
  /** Keep the run's data in Redis after the proof is returned (default: delete it). */
  readonly keep?: boolean;
}

/** Options of {@link proveDistributed}: the run's (as `planShardJobs`) and the coordinator's. */
export type DistributedProveOptions = PlanShardOptions & CoordinatorOptions;

/** A progress report. */
export interface DistributedProgress {
  readonly run: string;
  readonly phase: Phase | 'verify' | 'done';
  /** Shards whose result for the phase is accepted. */
  readonly done: number;
  readonly count: number;
  /** Shards being worked on, by whom. */
  readonly running: readonly { readonly index: number; readonly worker: string }[];
  /** Results refused so far (all phases). */
  readonly refused: number;
  /** Workers connected to the queue (undefined where Redis does not tell: `CLIENT LIST` refused). */
  readonly workers: number | undefined;
  /** A line for a log, when something happened (a refused result, a new round). */
  readonly note?: string;
}

/** A proof made by workers: the SDK's sharded result, and what moved through Redis. */
export interface DistributedProveResult extends ShardedProveResult {
  readonly run: string;
  /** Bytes of the run spec (stored once, read by every job), and of the results the workers sent back. */
  readonly bytes: { readonly spec: number; readonly results: number };
  /** Results the coordinator refused. */
  readonly refused: number;
}

/** Attempts BullMQ makes at one job before it fails (a phase thread that died, a lost connection). */
const JOB_ATTEMPTS = 3;

interface Run {
  readonly id: string;
  readonly keys: ReturnType<typeof runKeys>;
  readonly spec: ShardJobSpec;
  readonly specBytes: number;
  readonly queue: Queue;
  readonly data: Redis;
  readonly options: CoordinatorOptions;
  readonly checker: ReturnType<typeof shardChecker>;
  readonly t0: number;
  refused: number;
  resultBytes: number;
  /** Each accepted proof's logUp total under the current digests (`shardChecker`), by shard. */
  readonly totals: Map<number, QM31>;
  workers: number | undefined;
  workersAt: number;
}

function connect(options: CoordinatorOptions): { queue: Queue; data: Redis } {
  const connection = redisConnection(options.redis ?? DEFAULT_REDIS_URL);
  const queue = new Queue(options.queue ?? DEFAULT_QUEUE, { connection });
  queue.on('error', () => {}); // connection trouble: ioredis reconnects, and the commands wait for it
  const data = new Redis(connection.url, { maxRetriesPerRequest: null, retryStrategy: connection.retryStrategy });
  data.on('error', () => {});
  return { queue, data };
}

async function disconnect(q: { queue: Queue; data: Redis }): Promise<void> {
  await q.queue.close();
  q.data.disconnect();
}

/**
 * Proves a run of `program` (an ELF path or bytes) on the workers of the queue and returns its verified
 * proof file. The run id is in the first progress report; pass it to {@link resumeDistributed} after a stop.
 * @throws InputFileError / ElfError / ProveError as `planShardJobs`; DistributedError when a shard cannot
 *   be proven or the assembled proof does not verify; ShardJobError `MALFORMED` for a bad Redis URL
 */
export async function proveDistributed(program: string | Uint8Array, options: DistributedProveOptions = {}): Promise<DistributedProveResult> {
  const t0 = performance.now();
  await checkRedis(options.redis ?? DEFAULT_REDIS_URL);
  const plan = planShardJobs(program, options);
  const specBytes = encodeShardJob(plan.jobs[0]!);
  const id = newRunId();
  const keys = runKeys(id);
  const conn = connect(options);
  try {
    await conn.data
      .multi()
      .set(keys.spec, Buffer.from(specBytes.buffer, specBytes.byteOffset, specBytes.byteLength))
      .hset(keys.meta, { v: PROTOCOL_VERSION, count: plan.count, cycles: plan.cycles, queue: options.queue ?? DEFAULT_QUEUE, created: new Date().toISOString(), state: 'commit' })
      .exec();
    return await drive(openRun(id, keys, plan.jobs[0]!, specBytes.length, conn, options, t0), plan.cycles);
  } finally {
    await disconnect(conn);
  }
}

/**
 * Resumes run `id` where it stands in Redis: accepted results are kept, finished jobs' results taken,
 * and only the missing shards' jobs enqueued.
 * `options.programId`, when given, must be the run's program.
 * @throws DistributedError `NOT_FOUND` for a run Redis does not hold (or of another program); otherwise as {@link proveDistributed}
 */
export async function resumeDistributed(id: string, options: CoordinatorOptions & { readonly programId?: string } = {}): Promise<DistributedProveResult> {
  const t0 = performance.now();
  const keys = runKeys(id);
  await checkRedis(options.redis ?? DEFAULT_REDIS_URL);
  const conn = connect(options);
  try {
    const meta = await conn.data.hgetall(keys.meta);
    if (meta.v === undefined) throw new DistributedError('NOT_FOUND', `Redis holds no proving job ${id} (finished and deleted, or Redis lost its data)`);
    if (Number(meta.v) !== PROTOCOL_VERSION) throw new DistributedError('NOT_FOUND', `proving job ${id} was stored by protocol version ${meta.v}, not ${PROTOCOL_VERSION}`);
    const n = await conn.data.strlen(keys.spec);
    if (n === 0 || n > MAX_SHARD_MESSAGE_BYTES) throw new DistributedError('NOT_FOUND', `proving job ${id} has no valid spec in Redis`);
    const spec = decodeShardJob((await conn.data.getBuffer(keys.spec))!);
    if (options.programId !== undefined && spec.statement.programId !== options.programId) {
      throw new DistributedError('NOT_FOUND', `proving job ${id} is about program ${spec.statement.programId}, not ${options.programId}`);
    }
    const cycles = Number(meta.cycles);
    return await drive(openRun(id, keys, spec, n, conn, options, t0), cycles);
  } finally {
    await disconnect(conn);
  }
}

/** Deletes run `id`'s data and queue jobs from Redis. */
export async function deleteDistributedRun(id: string, options: Pick<CoordinatorOptions, 'redis' | 'queue'> = {}): Promise<void> {
  await checkRedis(options.redis ?? DEFAULT_REDIS_URL);
  const conn = connect(options);
  try {
    await deleteRun(conn.data, conn.queue, id);
  } finally {
    await disconnect(conn);
  }
}

async function deleteRun(data: Redis, queue: Queue, id: string): Promise<void> {
  const keys = runKeys(id);
  const meta = await data.hgetall(keys.meta);
  const count = Math.min(Number(meta.count) || 0, MAX_SHARDS);
  for (let k = 1; k <= count; k++) {
    for (const phase of ['commit', 'prove'] as const) {
      const last = Number(meta[`${phase}:${k}:round`] ?? 0);
      for (let round = 0; round <= Math.min(last, MAX_ROUNDS); round++) await queue.remove(taskId({ run: id, phase, index: k, round })).catch(() => 0);
    }
  }
  let cursor = '0';
  do {
    const [next, found] = await data.scan(cursor, 'MATCH', keys.pattern, 'COUNT', 500);
    if (found.length > 0) await data.del(...found);
    cursor = next;
  } while (cursor !== '0');
}

function openRun(id: string, keys: Run['keys'], spec: ShardJobSpec, specBytes: number, conn: { queue: Queue; data: Redis }, options: CoordinatorOptions, t0: number): Run {
  return { id, keys, spec, specBytes, ...conn, options, checker: shardChecker(spec.image, spec.statement, spec.config, { minSecurityBits: 0 }), t0, refused: 0, resultBytes: 0, totals: new Map(), workers: undefined, workersAt: 0 };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

/** The shard's state in the run's meta hash. */
async function shardState(run: Run, phase: Phase, k: number): Promise<{ round: number; avoid: string[] }> {
  const [round, avoid] = await run.data.hmget(run.keys.meta, `${phase}:${k}:round`, `${phase}:${k}:avoid`);
  return { round: Number(round ?? 0), avoid: avoid ? (JSON.parse(avoid) as string[]) : [] };
}

/** Opens a new round for a shard's phase, asking `worker` (if any) to stand aside. @throws DistributedError after MAX_ROUNDS */
async function newRound(run: Run, phase: Phase, k: number, worker: string | undefined, why: string): Promise<void> {
  const s = await shardState(run, phase, k);
  if (s.round + 1 > MAX_ROUNDS) throw new DistributedError('SHARD_FAILED', `shard ${k} (${phase}): ${MAX_ROUNDS + 1} results refused, the last: ${why}`);
  const avoid = worker && !s.avoid.includes(worker) ? [...s.avoid, worker].slice(-MAX_ROUNDS) : s.avoid;
  await run.data.hset(run.keys.meta, { [`${phase}:${k}:round`]: s.round + 1, [`${phase}:${k}:avoid`]: JSON.stringify(avoid) });
}

async function enqueue(run: Run, phase: Phase, k: number): Promise<string> {
  const { round, avoid } = await shardState(run, phase, k);
  const task: ShardTask = { v: PROTOCOL_VERSION, run: run.id, phase, index: k, round, avoid };
  const jobId = taskId(task);
  // Same id, same job: adding it again (a resumed coordinator) does nothing.
  await run.queue.add(`${phase} ${k}`, task, { jobId, attempts: JOB_ATTEMPTS, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: false, removeOnFail: false });
  return jobId;
}

type Verdict = { kind: 'accept' } | { kind: 'refuse'; why: string } | { kind: 'mismatch' };

function judge(run: Run, phase: Phase, k: number, bytes: Uint8Array, digests: readonly Uint8Array[]): Verdict {
  const count = run.spec.count;
  try {
    if (phase === 'commit') {
      const c = decodeShardCommitment(bytes);
      if (c.index !== k || c.count !== count) return { kind: 'refuse', why: `a commitment for shard ${c.index} of ${c.count}` };
      return { kind: 'accept' };
    }
    const p = decodeShardProof(bytes);
    if (p.index !== k || p.count !== count) return { kind: 'refuse', why: `a proof of shard ${p.index} of ${p.count}` };
    run.totals.set(k, run.checker.check(p, k, digests));
    return { kind: 'accept' };
  } catch (e) {
    if (e instanceof VerificationError && e.code === 'MERKLE') return { kind: 'mismatch' };
    if (e instanceof ShardJobError || e instanceof VerificationError) return { kind: 'refuse', why: `${e.code}: ${e.message}` };
    throw e;
  }
}

/** Largest result read back: a commitment is a few hundred bytes, a shard proof at most a STARK proof and its sizes. */
const MAX_RESULT_BYTES = { commit: 64 * 1024, prove: MAX_PROOF_BYTES + 64 * 1024 } as const;

async function readResult(run: Run, key: string, phase: Phase): Promise<Buffer | undefined> {
  const n = await run.data.strlen(key);
  if (n === 0 || n > MAX_RESULT_BYTES[phase]) return undefined;
  return (await run.data.getBuffer(key)) ?? undefined;
}

function report(run: Run, phase: DistributedProgress['phase'], done: number, running: DistributedProgress['running'], note?: string): void {
  run.options.onProgress?.(Object.freeze({ run: run.id, phase, done, count: run.spec.count, running, refused: run.refused, workers: run.workers, ...(note ? { note } : {}) }));
}

async function countWorkers(run: Run): Promise<void> {
  if (performance.now() - run.workersAt < 2000) return;
  run.workersAt = performance.now();
  run.workers = await run.queue.getWorkersCount().catch(() => undefined);
}

/**
 * Collects one accepted result per shard for `phase`, enqueuing what is missing. Returns the shards whose
 * proof commits to another digest than the one reported (prove phase only); those have no accepted proof.
 */
async function collect(run: Run, phase: Phase, digests: readonly Uint8Array[]): Promise<Set<number>> {
  const count = run.spec.count;
  const accepted = (k: number) => (phase === 'commit' ? run.keys.commit(k) : run.keys.proof(k));
  const pending = new Map<number, string>();
  const mismatched = new Set<number>();
  for (let k = 1; k <= count; k++) if ((await run.data.exists(accepted(k))) === 0) pending.set(k, await enqueue(run, phase, k));
  let lastNote: string | undefined;
  while (pending.size > 0) {
    const running: { index: number; worker: string }[] = [];
    for (const [k, jobId] of [...pending]) {
      const job: Job | undefined = await run.queue.getJob(jobId);
      if (!job) {
        // Redis lost the job (restarted without persistence, or someone removed it): enqueue it again.
        pending.set(k, await enqueue(run, phase, k));
        continue;
      }
      const state = await job.getState();
      if (state === 'failed') throw new DistributedError('SHARD_FAILED', `shard ${k} (${phase}) failed on the workers: ${job.failedReason}`);
      if (state === 'active') running.push({ index: k, worker: String((job.progress as { worker?: unknown } | undefined)?.worker ?? job.processedBy ?? '?') });
      if (state !== 'completed') continue;
      const key = run.keys.result(jobId);
      const bytes = await readResult(run, key, phase);
      const worker = (job.returnvalue as TaskReport | undefined)?.worker ?? job.processedBy;
      const verdict: Verdict = bytes ? judge(run, phase, k, bytes, digests) : { kind: 'refuse', why: 'no result in Redis, or one too long' };
      if (bytes) run.resultBytes += bytes.length;
      if (verdict.kind === 'accept') {
        await run.data.multi().set(accepted(k), bytes!).hset(run.keys.meta, `${phase}:${k}:by`, String(worker ?? '?')).del(key).exec();
        pending.delete(k);
      } else if (verdict.kind === 'mismatch') {
        await run.data.multi().hset(run.keys.meta, `prove:${k}:by`, String(worker ?? '?')).del(key).exec();
        mismatched.add(k);
        pending.delete(k);
      } else {
        run.refused++;
        lastNote = `shard ${k} (${phase}): refused the result of ${worker ?? 'a worker'} (${verdict.why}); enqueued again`;
        await run.data.del(key);
        await newRound(run, phase, k, worker, verdict.why);
        pending.set(k, await enqueue(run, phase, k));
      }
    }
    await countWorkers(run);
    report(run, phase, count - pending.size - mismatched.size, running, lastNote);
    lastNote = undefined;
    if (pending.size > 0) await sleep(run.options.pollMs ?? 100, run.options.signal);
  }
  return mismatched;
}

async function readAccepted<T>(run: Run, key: (k: number) => string, decode: (b: Uint8Array) => T): Promise<T[]> {
  const out: T[] = [];
  for (let k = 1; k <= run.spec.count; k++) out.push(decode((await run.data.getBuffer(key(k)))!));
  return out;
}

function concat(rows: readonly Uint8Array[]): Buffer {
  return Buffer.concat(rows.map((r) => Buffer.from(r)));
}

async function drive(run: Run, cycles: number): Promise<DistributedProveResult> {
  const { count } = run.spec;
  report(run, 'commit', 0, [], `proving job ${run.id}: ${count} shards of ${run.spec.shardCycles} cycles on queue ${run.options.queue ?? DEFAULT_QUEUE}`);
  for (;;) {
    await run.data.hset(run.keys.meta, 'state', 'commit');
    await collect(run, 'commit', []);
    const commitments: ShardCommitment[] = await readAccepted(run, run.keys.commit, decodeShardCommitment);
    const digests = commitments.map((c) => c.digest);
    const linked = concat(digests);
    const stored = await run.data.getBuffer(run.keys.digests);
    if (!stored || !stored.equals(linked)) await run.data.set(run.keys.digests, linked);
    await run.data.hset(run.keys.meta, 'state', 'prove');
    const mismatched = await collect(run, 'prove', digests);
    if (mismatched.size === 0) break;
    // A proof commits to another digest than phase one reported for its shard: commit it again elsewhere.
    for (const k of mismatched) {
      const by = await run.data.hget(run.keys.meta, `commit:${k}:by`);
      await newRound(run, 'commit', k, by ?? undefined, 'its proof commits to another digest');
      await run.data.del(run.keys.commit(k));
    }
    await collect(run, 'commit', []);
    const again = await readAccepted(run, run.keys.commit, decodeShardCommitment);
    const changed = [...mismatched].filter((k) => !Buffer.from(again[k - 1]!.digest).equals(Buffer.from(digests[k - 1]!)));
    run.refused += mismatched.size;
    const proverOf = async (k: number) => (await run.data.hget(run.keys.meta, `prove:${k}:by`)) ?? undefined;
    if (changed.length > 0) report(run, 'commit', count, [], `shards ${changed.join(', ')}: the first commitment was wrong; proving every shard again under the new link`);
    for (let k = 1; k <= count; k++) {
      // A new link (some digest changed) needs every shard proven again; otherwise only the mismatched
      // shards, whose provers were wrong, by other workers.
      const blame = mismatched.has(k) && !changed.includes(k);
      if (changed.length === 0 && !blame) continue;
      await newRound(run, 'prove', k, blame ? await proverOf(k) : undefined, blame ? 'its proof commits to another digest' : 'the link changed');
      await run.data.del(run.keys.proof(k));
      run.totals.delete(k);
    }
  }
  report(run, 'verify', count, []);
  await run.data.hset(run.keys.meta, 'state', 'verify');
  const proofs: ShardProofResult[] = await readAccepted(run, run.keys.proof, decodeShardProof);
  const { image, config, statement, shardCycles } = run.spec;
  const shards = proofs.map((p) => Object.freeze({ sizes: p.sizes, proof: p.proof }));
  const digests = (await readAccepted(run, run.keys.commit, decodeShardCommitment)).map((c) => c.digest);
  try {
    // Every shard was checked as it arrived, under these digests (a resumed run checks the ones accepted
    // before it); with the joint sum that is the whole of `verifySharded`, so nothing is verified twice.
    for (const [i, shard] of shards.entries()) if (!run.totals.has(i + 1)) run.totals.set(i + 1, run.checker.check(shard, i + 1, digests));
    run.checker.join(shards.map((_, i) => run.totals.get(i + 1)!), digests);
  } catch (e) {
    if (e instanceof VerificationError) {
      await run.data.hset(run.keys.meta, 'state', 'failed');
      throw new DistributedError('INVALID_PROOF', `the shards the workers proved do not verify together (${e.code}: ${e.message}); the run's data stays in Redis under ${run.id}`, { cause: e });
    }
    throw e;
  }
  let result: ShardedProveResult;
  try {
    result = shardedProveResult(image, config, { statement: statement as MachineStatement, proof: { shards }, cycles, shardCycles }, run.t0);
  } catch (e) {
    throw e instanceof ProveError ? e : new ProveError('INTERNAL', (e as Error).message, { cause: e });
  }
  await run.data.hset(run.keys.meta, 'state', 'done');
  if (!run.options.keep) await deleteRun(run.data, run.queue, run.id);
  report(run, 'done', count, []);
  return Object.freeze({ ...result, run: run.id, bytes: Object.freeze({ spec: run.specBytes, results: run.resultBytes }), refused: run.refused });
}
