/**
 * `zkvm worker --redis URL [--queue NAME] [--concurrency N]`: serves shard jobs of distributed proving
 * (`src/distributed/worker.ts`) until SIGINT or SIGTERM, logging one line per job to stderr. The first
 * signal lets running jobs finish; a second stops at once (the queue hands those jobs to other workers).
 * @module
 */
import { DEFAULT_QUEUE, DEFAULT_REDIS_URL, isLoopback, redact as redactUrl, redisConnection, startWorker } from '../../distributed/index.js';
import type { WorkerEvent } from '../../distributed/index.js';
import { parseCount, UsageError } from '../errors.js';
import { eprintln } from '../output.js';

/** Options of `zkvm worker`. */
export interface WorkerCommandOptions {
  redis?: string;
  queue?: string;
  concurrency?: string;
  name?: string;
  lockMs?: string;
  json?: boolean;
}

/** Warns when plain Redis traffic would leave the machine: it carries private inputs and seeds. */
export function warnIfExposed(url: string): void {
  if (new URL(url).protocol === 'redis:' && !isLoopback(url)) {
    eprintln(`zkvm: warning: ${redactUrl(url)} is not on loopback and not TLS: jobs carry the private input and the proof's secret seed in the clear; use rediss://`);
  }
}

/** Runs the worker; resolves with the exit code once it has stopped. */
export async function workerCommand(opts: WorkerCommandOptions): Promise<number> {
  const redis = opts.redis ?? DEFAULT_REDIS_URL;
  try {
    redisConnection(redis);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const concurrency = opts.concurrency === undefined ? 1 : parseCount(opts.concurrency, '--concurrency');
  if (concurrency < 1 || concurrency > 64) throw new UsageError(`--concurrency expects 1 to 64, got ${opts.concurrency}`);
  const lockMs = opts.lockMs === undefined ? undefined : parseCount(opts.lockMs, '--lock-ms');
  if (lockMs !== undefined && lockMs < 1000) throw new UsageError('--lock-ms expects at least 1000');
  warnIfExposed(redis);
  const queue = opts.queue ?? DEFAULT_QUEUE;
  const log = (e: WorkerEvent & { worker: string }) => {
    if (opts.json) return eprintln(JSON.stringify(e));
    const what = e.phase ? `shard ${e.index} ${e.phase}` : `job ${e.job}`;
    if (e.type === 'start') eprintln(`worker ${e.worker}: ${what} started (job ${e.job})`);
    else if (e.type === 'done') eprintln(`worker ${e.worker}: ${what} done in ${((e.ms ?? 0) / 1000).toFixed(2)} s`);
    else if (e.type === 'deferred') eprintln(`worker ${e.worker}: ${what} left to another worker (a result of this one was refused)`);
    else eprintln(`worker ${e.worker}: ${what} failed: ${e.message}`);
  };
  let name = '';
  const worker = await startWorker({
    redis,
    queue,
    concurrency,
    ...(opts.name === undefined ? {} : { name: opts.name }),
    ...(lockMs === undefined ? {} : { lockMs }),
    onEvent: (e) => log({ ...e, worker: name }),
  });
  name = worker.name;
  eprintln(opts.json ? JSON.stringify({ type: 'ready', worker: name, pid: process.pid, queue, redis: redactUrl(redis) }) : `worker ${name} (pid ${process.pid}) ready: queue ${queue} at ${redactUrl(redis)}, ${concurrency} job(s) at a time`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) process.exit(130);
      stopping = true;
      eprintln(`worker ${name}: stopping after the running jobs (signal again to stop now)`);
      void worker.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
