/**
 * A distributed-proving worker (`zkvm worker`): takes shard jobs from a BullMQ queue, runs each phase on a
 * thread of its own (`phase-thread.ts`), checks a shard proof before it reports it, and writes its result
 * to Redis for the coordinator to judge (`coordinator.ts`).
 *
 * Faults it is built for: a payload that is not a valid task, or names a run whose data is missing or
 * malformed, fails that job alone (BullMQ's `UnrecoverableError`: no retry, the worker goes on); a guest
 * that cannot be proven fails its job the same way, since every worker would fail it; a phase thread that
 * dies is replaced and its job retried; a worker that dies holding a job stops renewing the job's lock, and
 * BullMQ's stalled-job check gives the job to another worker after about `lockMs` + 2 × `stalledMs`.
 * @module
 */
import { availableParallelism, hostname } from 'node:os';
import { MessageChannel, Worker as Thread } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { MAX_SHARDS } from '../machine/index.js';
import { MAX_SHARD_MESSAGE_BYTES } from '../sdk/shard-codec.js';
import type { PhaseReply, PhaseRequest } from './phase-thread.js';
import { checkRedis, DEFAULT_QUEUE, DEFAULT_REDIS_URL, parseTask, redisConnection, runKeys } from './protocol.js';
import type { ShardTask, TaskReport } from './protocol.js';

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  /** Redis URL (default `DEFAULT_REDIS_URL`, loopback). */
  readonly redis?: string;
  /** BullMQ queue name (default `DEFAULT_QUEUE`). */
  readonly queue?: string;
  /** Jobs run at once, each on its own thread (default 1). The cores are shared among them. */
  readonly concurrency?: number;
  /** The worker's name in progress and in the queue (default host/pid/n). */
  readonly name?: string;
  /**
   * How long a job's lock lasts without renewal (ms; default 10 000). The main thread renews it every
   * `lockMs / 2` and never runs a phase itself, so a short lock is safe, and it bounds how long a dead
   * worker's job waits: about `lockMs` + 2 × `stalledMs` (measured in `bench/results/distributed.md`).
   */
  readonly lockMs?: number;
  /** How often this worker looks for stalled jobs (ms; default `lockMs / 2`). */
  readonly stalledMs?: number;
  /** Events for a log: a job started, finished or failed. */
  readonly onEvent?: (e: WorkerEvent) => void;
}

/** A worker's log event. */
export interface WorkerEvent {
  readonly type: 'start' | 'done' | 'failed' | 'deferred';
  readonly job: string;
  readonly phase?: string;
  readonly index?: number;
  readonly ms?: number;
  readonly message?: string;
}

/** A running worker. */
export interface DistributedWorker {
  readonly name: string;
  /** Stops taking jobs, waits for the running ones, and closes the connections and threads. */
  close(): Promise<void>;
}

/** A job that avoids this worker is left to others for this long after it was added; then anyone takes it. */
const AVOID_MS = 30_000;
let workersInProcess = 0;

/**
 * Threads running phases; one request per thread at a time (BullMQ's concurrency bounds the requests). A
 * request goes preferably to the thread whose open stream can continue to it (`phase-thread.ts`).
 */
class PhasePool {
  private readonly threads: { thread: Thread; port: MessagePort; signal: Int32Array; busy: boolean; last?: { run: string; phase: string; index: number } }[] = [];
  private readonly pending = new Map<number, { resolve: (r: PhaseReply) => void; reject: (e: Error) => void; thread: Thread }>();
  private nextId = 1;
  constructor(private readonly kernelThreads: number) {}

  private spawn() {
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const thread = new Thread(new URL('./phase-thread.js', import.meta.url), { execArgv: [], workerData: { kernelThreads: this.kernelThreads, port: port2, signal }, transferList: [port2] });
    const slot: (typeof this.threads)[number] = { thread, port: port1, signal, busy: false };
    this.threads.push(slot);
    thread.on('message', (r: PhaseReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      slot.busy = false;
      p.resolve(r);
    });
    const lost = (why: string) => {
      const i = this.threads.indexOf(slot);
      if (i >= 0) this.threads.splice(i, 1);
      port1.close();
      for (const [id, p] of this.pending) {
        if (p.thread !== thread) continue;
        this.pending.delete(id);
        p.reject(new Error(`the phase thread died: ${why}`));
      }
    };
    thread.on('error', (e) => lost(e.message));
    thread.on('exit', (code) => lost(`exit code ${code}`));
    return slot;
  }

  run(req: Omit<PhaseRequest, 'id'>): Promise<PhaseReply> {
    const idle = this.threads.filter((t) => !t.busy);
    const slot = idle.find((t) => t.last?.run === req.run && t.last.phase === req.phase && t.last.index < req.index) ?? idle[0] ?? this.spawn();
    slot.busy = true;
    slot.last = { run: req.run, phase: req.phase, index: req.index };
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, thread: slot.thread });
      slot.port.postMessage({ ...req, id });
      Atomics.add(slot.signal, 0, 1);
      Atomics.notify(slot.signal, 0);
    });
  }

  /** Starts `n` threads now, so that their start-up (WebAssembly, kernel threads) is not the first job's. */
  warm(n: number): void {
    while (this.threads.length < n) this.spawn();
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.thread.terminate()));
  }
}

/** Reads a binary key of at most `max` bytes; `undefined` when it is missing. @throws UnrecoverableError when too long */
async function readBounded(data: Redis, key: string, max: number, what: string): Promise<Buffer | undefined> {
  const n = await data.strlen(key);
  if (n === 0) return undefined;
  if (n > max) throw new UnrecoverableError(`${what} is ${n} bytes, more than the ${max} allowed`);
  return (await data.getBuffer(key)) ?? undefined;
}

/**
 * Starts a worker on the queue; resolves once it is connected.
 * @throws ShardJobError `MALFORMED` for a bad Redis URL; DistributedError `UNREACHABLE` when Redis cannot be used
 */
export async function startWorker(options: WorkerOptions = {}): Promise<DistributedWorker> {
  const connection = redisConnection(options.redis ?? DEFAULT_REDIS_URL);
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new RangeError('concurrency must be an integer in [1, 64]');
  const lockMs = options.lockMs ?? 10_000;
  const stalledMs = options.stalledMs ?? Math.ceil(lockMs / 2);
  const name = options.name ?? `${hostname()}/${process.pid}/${++workersInProcess}`;
  const emit = options.onEvent ?? (() => {});
  await checkRedis(connection.url);
  const data = new Redis(connection.url, { maxRetriesPerRequest: null, retryStrategy: connection.retryStrategy });
  data.on('error', () => {}); // reconnects by itself; the commands wait
  const pool = new PhasePool(Math.max(1, Math.floor(availableParallelism() / concurrency)));
  pool.warm(concurrency);

  async function handle(job: Job, token?: string): Promise<TaskReport> {
    let task: ShardTask;
    try {
      task = parseTask(job.data, MAX_SHARDS);
    } catch (e) {
      emit({ type: 'failed', job: String(job.id), message: (e as Error).message });
      throw new UnrecoverableError(`malformed job: ${(e as Error).message}`);
    }
    if (task.avoid.includes(name) && Date.now() - job.timestamp < AVOID_MS) {
      // This worker's earlier result for the shard was refused: leave the job to another for a while.
      emit({ type: 'deferred', job: String(job.id), phase: task.phase, index: task.index });
      await job.moveToDelayed(Date.now() + 250, token);
      throw new DelayedError();
    }
    const keys = runKeys(task.run);
    const t0 = performance.now();
    emit({ type: 'start', job: String(job.id), phase: task.phase, index: task.index });
    try {
      const spec = await readBounded(data, keys.spec, MAX_SHARD_MESSAGE_BYTES, 'the run spec');
      if (!spec) throw new UnrecoverableError(`proving job ${task.run} has no data in Redis (deleted, or Redis lost it)`);
      const digests = task.phase === 'prove' ? await readBounded(data, keys.digests, 32 * MAX_SHARDS, "the run's digests") : undefined;
      if (task.phase === 'prove' && !digests) throw new UnrecoverableError(`proving job ${task.run} has no digests yet: a prove job before its link`);
      await job.updateProgress({ worker: name, state: 'running' });
      const reply = await pool.run({ run: task.run, phase: task.phase, spec, index: task.index, ...(digests ? { digests } : {}) });
      if (!reply.ok) {
        const { name: kind, code, message } = reply.error;
        const text = `${kind}${code ? ` ${code}` : ''}: ${message}`;
        // Decoding and proving are deterministic: what fails here fails on every worker.
        if (kind === 'ShardJobError' || kind === 'ProveError') throw new UnrecoverableError(text);
        throw new Error(text);
      }
      await data.set(keys.result(String(job.id)), Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
      const ms = performance.now() - t0;
      emit({ type: 'done', job: String(job.id), phase: task.phase, index: task.index, ms });
      return { worker: name, bytes: reply.bytes.length, ms: Math.round(ms) };
    } catch (e) {
      emit({ type: 'failed', job: String(job.id), phase: task.phase, index: task.index, message: (e as Error).message });
      throw e;
    }
  }

  const worker = new Worker(options.queue ?? DEFAULT_QUEUE, handle, {
    connection,
    concurrency,
    name,
    lockDuration: lockMs,
    stalledInterval: stalledMs,
    // A job whose worker died is handed on up to this many times before it fails.
    maxStalledCount: 3,
  });
  // BullMQ reports connection trouble as events; without a listener Node would treat them as fatal.
  worker.on('error', () => {});
  await worker.waitUntilReady();
  return Object.freeze({
    name,
    async close() {
      await worker.close();
      await pool.close();
      data.disconnect();
    },
  });
}
