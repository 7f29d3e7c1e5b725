/**
 * Distributed proving against a real Redis, with workers as separate processes (`zkvm worker`):
 * - two workers prove a three-shard guest; the proof verifies, its statement equals the in-process
 *   proof's, and the run leaves nothing in Redis;
 * - poisoned jobs (unknown fields, another version, a run that does not exist, a run whose spec is
 *   garbage) fail alone with a reason naming the problem, and the worker goes on proving;
 * - a worker killed (SIGKILL, by its pid) in the middle of a shard: the job goes to the other worker and
 *   the proof completes and verifies;
 * - a worker that returns a proof that does not verify, and one that returns a commitment with a wrong
 *   digest: the coordinator refuses the result, the shard is redone by another worker, and the bad
 *   result never reaches the proof, which verifies.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DelayedError, Queue, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { deleteDistributedRun, proveDistributed, runKeys } from '../../src/distributed/index.js';
import type { DistributedProveResult, ShardTask } from '../../src/distributed/index.js';
import { runPhase } from '../../src/distributed/phase-thread.js';
import { decodeShardCommitment, encodeShardCommitment, prove, verify } from '../../src/sdk/index.js';
import { dropQueue, killAtFirstProof, SHARD_CYCLES, startWorkerProc, stopWorkers, testQueue, testRedis, until, writeGuest } from './helpers.js';
import type { WorkerProc } from './helpers.js';

const PRIVATE = Uint8Array.from([7, 0, 0, 0]);
let dir = '';
let elf = '';
let redis: { url: string; dispose(): Promise<void> };
let data: Redis;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zkvm-dist-'));
  elf = writeGuest(dir);
  redis = await testRedis();
  data = new Redis(redis.url, { maxRetriesPerRequest: null });
});
after(async () => {
  data.disconnect();
  await redis.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const OPTIONS = { config: 'test', shardCycles: SHARD_CYCLES, privateInput: PRIVATE, pollMs: 50 } as const;

function assertVerifies(r: DistributedProveResult): void {
  const v = verify(elf, r.proof, { config: 'test' });
  assert.equal(v.statement.exitCode, 5);
  // 7 + 3 × 500 = 1507, written as a little-endian word.
  assert.deepEqual([...v.statement.publicOutput], [1507 & 255, 1507 >> 8, 0, 0]);
}

describe('two workers', () => {
  const queue = testQueue('two');
  let workers: WorkerProc[] = [];
  before(async () => {
    workers = await Promise.all([startWorkerProc(redis.url, queue), startWorkerProc(redis.url, queue)]);
  });
  after(async () => (await stopWorkers(workers), await dropQueue(redis.url, queue)));

  it('fail poisoned jobs alone, with the reason', async () => {
    const q = new Queue(queue, { connection: { url: redis.url } });
    try {
      const missing = 'r' + '0'.repeat(32);
      const garbage = 'r' + 'f'.repeat(32);
      await data.set(runKeys(garbage).spec, Buffer.from('not a shard job'));
      const cases: [unknown, RegExp][] = [
        [{ v: 1, run: missing, phase: 'commit', index: 1, round: 0, avoid: [], extra: 1 }, /unknown field "extra"/],
        [{ v: 2, run: missing, phase: 'commit', index: 1, round: 0, avoid: [] }, /version 2/],
        [{ v: 1, run: '../etc', phase: 'commit', index: 1, round: 0, avoid: [] }, /not a proving job id/],
        [{ v: 1, run: missing, phase: 'commit', index: 1e9, round: 0, avoid: [] }, /index must be an integer/],
        [{ v: 1, run: missing, phase: 'commit', index: 1, round: 0, avoid: [] }, /has no data in Redis/],
        [{ v: 1, run: garbage, phase: 'commit', index: 1, round: 0, avoid: [] }, /ShardJobError (BAD_MAGIC|TRUNCATED)/],
        ['a string', /not an object/],
      ];
      const jobs = await Promise.all(cases.map(([d], i) => q.add(`poison ${i}`, d, { attempts: 3 })));
      for (const [i, job] of jobs.entries()) {
        await until(async () => (await job.getState()) === 'failed', 20_000, `poisoned job ${i} to fail`);
        const failed = (await q.getJob(job.id!))!;
        assert.match(failed.failedReason, cases[i]![1], `job ${i}`);
        // Refused outright: a malformed job is not retried.
        assert.equal(failed.attemptsMade, 1, `job ${i} attempts`);
      }
      for (const w of workers) assert.equal(w.child.exitCode, null, 'the worker survives poisoned jobs');
      await data.del(runKeys(garbage).spec);
    } finally {
      await q.close();
    }
  });

  it('prove a three-shard run whose statement equals the in-process proof', async () => {
    const r = await proveDistributed(elf, { ...OPTIONS, redis: redis.url, queue });
    assert.equal(r.shards, 3);
    assert.equal(r.refused, 0);
    assertVerifies(r);
    const local = prove(elf, { config: 'test', shardCycles: SHARD_CYCLES, privateInput: PRIVATE });
    assert.deepEqual(r.statement, local.statement);
    assert.equal(r.cycles, local.cycles);
    // Six jobs (three commits, three proofs), each done once, by the two workers together.
    const done = workers.flatMap((w) => w.done()).filter((j) => j.startsWith(r.run));
    assert.equal(done.length, 6, done.join(', '));
    assert.equal(new Set(done).size, 6);
    // The run's data is gone once the proof is returned.
    assert.deepEqual(await data.keys(`zkvm:{${r.run}}:*`), []);
  });
});

describe('a worker killed mid-shard', () => {
  const queue = testQueue('kill');
  let workers: WorkerProc[] = [];
  before(async () => {
    workers = await Promise.all([startWorkerProc(redis.url, queue), startWorkerProc(redis.url, queue)]);
  });
  after(async () => (await stopWorkers(workers), await dropQueue(redis.url, queue)));

  it('has its job taken by the other worker, and the proof completes', async () => {
    const [a, b] = workers as [WorkerProc, WorkerProc];
    const watch = killAtFirstProof(a);
    try {
      const r = await proveDistributed(elf, { ...OPTIONS, redis: redis.url, queue });
      assertVerifies(r);
    } finally {
      watch.stop();
    }
    const killed = watch.killed()?.job;
    assert.ok(killed, 'worker A never started a proof job');
    assert.notEqual(a.child.signalCode, null, 'worker A was killed');
    assert.ok(b.done().includes(killed), `the killed job ${killed} was finished by worker B`);
    assert.ok(b.events().some((e) => e.type === 'start' && e.job === killed), 'worker B started the killed job');
    assert.ok(performance.now() - watch.killed()!.at < 60_000);
  });
});

/**
 * A worker in this process that does one bad deed to the first job of `phase` it gets (and defers every
 * other job to the honest workers), then stops.
 */
function rogue(url: string, queue: string, phase: 'commit' | 'prove', deed: (task: ShardTask, spec: Uint8Array, digests: Uint8Array | undefined) => Uint8Array) {
  let done = false;
  const w: Worker = new Worker(
    queue,
    async (job: Job, token?: string) => {
      const task = job.data as ShardTask;
      if (done || task.phase !== phase || task.round !== 0) {
        await job.moveToDelayed(Date.now() + 100, token);
        throw new DelayedError();
      }
      done = true;
      const keys = runKeys(task.run);
      const spec = (await data.getBuffer(keys.spec))!;
      const digests = phase === 'prove' ? (await data.getBuffer(keys.digests))! : undefined;
      const bytes = deed(task, spec, digests);
      await data.set(keys.result(String(job.id)), Buffer.from(bytes));
      void w.close();
      return { worker: 'rogue', bytes: bytes.length, ms: 0 };
    },
    { connection: { url, maxRetriesPerRequest: null }, name: 'rogue', concurrency: 1 },
  );
  return { worker: w, did: () => done };
}

describe('a worker that returns garbage', () => {
  const queue = testQueue('rogue');
  let workers: WorkerProc[] = [];
  before(async () => {
    // One honest worker that holds one job at a time: of three jobs at once, the rogue gets one.
    workers = [await startWorkerProc(redis.url, queue)];
  });
  after(async () => (await stopWorkers(workers), await dropQueue(redis.url, queue)));

  it('a proof that does not verify: refused, redone elsewhere, the proof verifies', async () => {
    const bad = rogue(redis.url, queue, 'prove', (task, spec, digests) => {
      const bytes = runPhase({ id: 0, run: task.run, phase: 'prove', spec, index: task.index, ...(digests ? { digests } : {}) });
      bytes[bytes.length - 200]! ^= 1; // inside the queries' openings: the proof decodes and fails
      return bytes;
    });
    const r = await proveDistributed(elf, { ...OPTIONS, redis: redis.url, queue, keep: true });
    await bad.worker.close();
    assert.ok(bad.did(), 'the rogue took no job');
    assert.equal(r.refused, 1);
    assertVerifies(r);
    const meta = await data.hgetall(runKeys(r.run).meta);
    for (let k = 1; k <= 3; k++) assert.notEqual(meta[`prove:${k}:by`], 'rogue', `shard ${k}'s accepted proof`);
    const refusedShard = [1, 2, 3].find((k) => meta[`prove:${k}:round`] === '1');
    assert.ok(refusedShard, 'one shard needed a second round');
    assert.deepEqual(JSON.parse(meta[`prove:${refusedShard}:avoid`]!), ['rogue']);
    await deleteDistributedRun(r.run, { redis: redis.url, queue });
    assert.deepEqual(await data.keys(`zkvm:{${r.run}}:*`), []);
  });

  it('a commitment with a wrong digest: detected by the proof, recommitted, relinked, the proof verifies', async () => {
    const bad = rogue(redis.url, queue, 'commit', (task, spec) => {
      const c = decodeShardCommitment(runPhase({ id: 0, run: task.run, phase: 'commit', spec, index: task.index }));
      const digest = Uint8Array.from(c.digest);
      digest[0]! ^= 1;
      return encodeShardCommitment({ ...c, digest });
    });
    const r = await proveDistributed(elf, { ...OPTIONS, redis: redis.url, queue, keep: true });
    await bad.worker.close();
    assert.ok(bad.did(), 'the rogue took no job');
    assert.ok(r.refused >= 1);
    assertVerifies(r);
    const meta = await data.hgetall(runKeys(r.run).meta);
    const recommitted = [1, 2, 3].filter((k) => meta[`commit:${k}:round`] === '1');
    assert.equal(recommitted.length, 1, 'one shard was committed again');
    assert.notEqual(meta[`commit:${recommitted[0]}:by`], 'rogue');
    // The new digest changed the link: every shard was proven again under it.
    for (let k = 1; k <= 3; k++) assert.equal(meta[`prove:${k}:round`], '1', `shard ${k} proven again`);
    await deleteDistributedRun(r.run, { redis: redis.url, queue });
  });
});
