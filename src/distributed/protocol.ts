/**
 * What the coordinator and the workers of distributed proving agree on (`docs/distributed.md`): the Redis
 * keys of a proving job, the BullMQ job payloads and their strict validation, and the connection options
 * built from a Redis URL.
 *
 * A proving job (a "run") has an id `r` + 32 hex digits and keeps its data under `zkvm:{ID}:` (the braces
 * are a Redis Cluster hash tag, so one run's keys live on one node):
 *
 * ```
 * zkvm:{ID}:spec            the shard job of shard 1 (`sdk/shard-codec.ts`): program, inputs, seed, config,
 *                           statement, shard size and count; every shard's job is it with another index
 * zkvm:{ID}:meta            hash: version, queue, count, cycles, state, and per shard and phase its round
 *                           and the worker whose result was accepted
 * zkvm:{ID}:commit:K        accepted phase-one result of shard K (a commitment message)
 * zkvm:{ID}:digests         the K main digests, 32 bytes each, in order: the link is drawn from them
 * zkvm:{ID}:proof:K         accepted phase-two result of shard K (a shard proof message)
 * zkvm:{ID}:result:JOBID    what a worker reported for one queue job, until the coordinator judges it
 * ```
 * A queue job carries only `{ v, run, phase, index, round, avoid }` (under 1 KiB): the worker reads the
 * spec once per run and replays the run to its shard. Queue job ids are `ID-PHASE-K-ROUND`, so adding a
 * job twice (a coordinator that resumes) is a no-op, and a result the coordinator refused gets a new round.
 *
 * The spec holds the private input and the secret seed: Redis must be trusted as the workers are
 * (loopback by default; passwords, ACL users and TLS through the URL).
 * @module
 */
import { Redis } from 'ioredis';
import { ShardJobError } from '../sdk/errors.js';
import { DistributedError } from './errors.js';

/** Version of the payloads and key layout; a worker refuses any other. */
export const PROTOCOL_VERSION = 1;
/** Default BullMQ queue of shard jobs. */
export const DEFAULT_QUEUE = 'zkvm-shards';
/** Default Redis URL: the loopback interface, so nothing is exposed unless the user says so. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** The two phases of sharded proving (`sdk/shards.ts`). */
export const PHASES = Object.freeze(['commit', 'prove'] as const);
export type Phase = (typeof PHASES)[number];
/** Rounds per shard and phase: a shard whose results are refused this many times fails the run. */
export const MAX_ROUNDS = 4;
/** Workers a job may ask to avoid (those whose results for it were refused). */
export const MAX_AVOID = MAX_ROUNDS;
/** Longest worker name accepted in a payload. */
const MAX_NAME = 200;

const RUN_ID = /^r[0-9a-f]{32}$/;

/** A fresh run id: `r` and 128 random bits in hex. */
export function newRunId(): string {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return 'r' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** @throws ShardJobError `MALFORMED` unless `id` is a run id */
export function checkRunId(id: unknown): string {
  if (typeof id !== 'string' || !RUN_ID.test(id)) throw new ShardJobError('MALFORMED', `not a proving job id: ${JSON.stringify(String(id).slice(0, 80))} (expected r and 32 hex digits)`);
  return id;
}

/** The Redis keys of run `id` (see the module comment). */
export function runKeys(id: string) {
  const base = `zkvm:{${checkRunId(id)}}:`;
  return Object.freeze({
    spec: base + 'spec',
    meta: base + 'meta',
    digests: base + 'digests',
    commit: (k: number) => `${base}commit:${k}`,
    proof: (k: number) => `${base}proof:${k}`,
    result: (jobId: string) => `${base}result:${jobId}`,
    /** Every key of the run, for deletion: the per-shard keys and results by pattern. */
    pattern: base + '*',
  });
}

/** The payload of one queue job. */
export interface ShardTask {
  readonly v: number;
  readonly run: string;
  readonly phase: Phase;
  /** 1-based shard index. */
  readonly index: number;
  /** 0 first, then one more each time the coordinator refused a result. */
  readonly round: number;
  /** Names of workers that should leave the job to others (their earlier results were refused). */
  readonly avoid: readonly string[];
}

/** The queue job id of a task: deterministic, so re-adding is idempotent. */
export function taskId(t: Pick<ShardTask, 'run' | 'phase' | 'index' | 'round'>): string {
  return `${t.run}-${t.phase}-${t.index}-${t.round}`;
}

/**
 * Validates a queue job's payload field by field: a hostile or stale payload is refused with a message
 * naming the field, before any Redis read or allocation sized by it.
 * @throws ShardJobError `MALFORMED` (or `UNSUPPORTED_VERSION` for another protocol version)
 */
export function parseTask(data: unknown, maxShards: number): ShardTask {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new ShardJobError('MALFORMED', 'the job payload is not an object');
  const d = data as Record<string, unknown>;
  const known = new Set(['v', 'run', 'phase', 'index', 'round', 'avoid']);
  for (const k of Object.keys(d)) if (!known.has(k)) throw new ShardJobError('MALFORMED', `the job payload has an unknown field ${JSON.stringify(k.slice(0, 40))}`);
  if (d.v !== PROTOCOL_VERSION) throw new ShardJobError('UNSUPPORTED_VERSION', `job payload version ${JSON.stringify(d.v)}; this worker speaks ${PROTOCOL_VERSION}`);
  const run = checkRunId(d.run);
  if (typeof d.phase !== 'string' || !(PHASES as readonly string[]).includes(d.phase)) throw new ShardJobError('MALFORMED', `job phase must be commit or prove`);
  const int = (v: unknown, lo: number, hi: number, name: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new ShardJobError('MALFORMED', `job ${name} must be an integer in [${lo}, ${hi}]`);
    return v;
  };
  const index = int(d.index, 1, maxShards, 'index');
  const round = int(d.round, 0, MAX_ROUNDS, 'round');
  const avoid = d.avoid;
  if (!Array.isArray(avoid) || avoid.length > MAX_AVOID || !avoid.every((a) => typeof a === 'string' && a.length <= MAX_NAME)) {
    throw new ShardJobError('MALFORMED', `job avoid must be at most ${MAX_AVOID} worker names`);
  }
  return Object.freeze({ v: PROTOCOL_VERSION, run, phase: d.phase as Phase, index, round, avoid: Object.freeze([...avoid] as string[]) });
}

/** What a worker returns to BullMQ for a job (its result bytes are at `result:JOBID`). */
export interface TaskReport {
  readonly worker: string;
  readonly bytes: number;
  readonly ms: number;
}

/** ioredis options from a URL, for BullMQ and for the data connection. */
export interface RedisConnection {
  readonly url: string;
  /** BullMQ's workers need commands to wait for a reconnection rather than fail. */
  readonly maxRetriesPerRequest: null;
  readonly retryStrategy: (times: number) => number;
}

/**
 * Checks a Redis URL (`redis://` or `rediss://` for TLS; user, password and database number through the
 * URL as ioredis reads them) and returns connection options that reconnect for ever, backing off to 2 s:
 * a Redis restart pauses the run instead of failing it.
 * @throws ShardJobError `MALFORMED` for anything else
 */
export function redisConnection(url: string = DEFAULT_REDIS_URL): RedisConnection {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ShardJobError('MALFORMED', `not a Redis URL: ${JSON.stringify(url)} (expected redis://HOST:PORT or rediss://…)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new ShardJobError('MALFORMED', `a Redis URL starts with redis:// or rediss://, not ${u.protocol}//`);
  if (u.hostname === '') throw new ShardJobError('MALFORMED', `the Redis URL names no host: ${JSON.stringify(url)}`);
  return Object.freeze({ url, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(100 * times, 2000) });
}

/** True for a loopback host: the only place plain (non-TLS) Redis traffic stays private. */
export function isLoopback(url: string): boolean {
  const h = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Connects once, without retrying, and sends PING: a wrong address, password or TLS setting becomes one
 * clear error at start-up instead of a process that retries for ever (the long-lived connections do retry,
 * so that a Redis restart only pauses a run).
 * @throws DistributedError `UNREACHABLE`
 */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<void> {
  const client = new Redis(redisConnection(url).url, { maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs, lazyConnect: true, enableOfflineQueue: false });
  let last: Error | undefined;
  client.on('error', (e: Error) => (last = e));
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const why = (last ?? (e as Error)).message;
    throw new DistributedError('UNREACHABLE', `cannot use Redis at ${redact(url)}: ${why}`, { cause: e });
  } finally {
    client.disconnect();
  }
}

/** A Redis URL without its password, for messages and logs. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
