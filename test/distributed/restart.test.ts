/**
 * Restarts during a distributed run, against real Redis servers and worker processes:
 * - the coordinator (`zkvm prove --redis`) killed after a shard proof was accepted: `zkvm prove --resume ID`
 *   finishes the run, and no job is done twice (the jobs that finished while no coordinator ran count);
 * - Redis itself stopped and started again mid-run (append-only file on): the run continues and the
 *   proof verifies.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { proveDistributed, runKeys } from '../../src/distributed/index.js';
import { verify } from '../../src/sdk/index.js';
import { describeProc, zkvm } from '../cli/helpers.js';
import { BIN, dropQueue, ownRedis, SHARD_CYCLES, startWorkerProc, stopWorkers, testQueue, testRedis, until, writeGuest } from './helpers.js';
import type { OwnRedis, WorkerProc } from './helpers.js';

let dir = '';
let elf = '';
let priv = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkvm-dist-restart-'));
  elf = writeGuest(dir);
  priv = join(dir, 'private.bin');
  writeFileSync(priv, Uint8Array.from([7, 0, 0, 0]));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the coordinator restarted', () => {
  let redis: { url: string; dispose(): Promise<void> };
  const queue = testQueue('resume');
  let workers: WorkerProc[] = [];
  before(async () => {
    redis = await testRedis();
    workers = await Promise.all([startWorkerProc(redis.url, queue), startWorkerProc(redis.url, queue)]);
  });
  after(async () => {
    await stopWorkers(workers);
    await dropQueue(redis.url, queue);
    await redis.dispose();
  });

  it('resumes the run by its id without redoing finished shards', async () => {
    const out = join(dir, 'resumed.proof');
    const args = ['prove', elf, '--private-input', priv, '--redis', redis.url, '--queue', queue, '--shard-cycles', String(SHARD_CYCLES), '--test-config', '-o', out];
    const first = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    first.stderr!.on('data', (b: Buffer) => (log += b.toString()));
    await until(() => /prove [12]\/3/.test(log) || first.exitCode !== null, 60_000, 'a shard proof to be accepted');
    const exited = new Promise((r) => first.once('exit', r));
    first.kill('SIGKILL');
    await exited;
    const id = /proving job (r[0-9a-f]{32})/.exec(log)?.[1];
    assert.ok(id, `no run id in the coordinator's log:\n${log}`);
    // The inputs and shard size are the run's, kept in Redis: --resume takes none.
    const resume = ['prove', elf, '--redis', redis.url, '--queue', queue, '--test-config', '-o', out, '--resume', id];
    const r = zkvm(resume, { timeout: 120_000 });
    assert.equal(r.status, 0, describeProc('zkvm prove --resume', r));
    assert.match(r.stderr.toString(), new RegExp(`resuming proving job ${id}`));
    const v = verify(elf, new Uint8Array(readFileSync(out)), { config: 'test' });
    assert.equal(v.statement.exitCode, 5);
    // The workers' logs arrive through pipes this (blocked) process reads only now: wait for them.
    const doneOf = () => workers.flatMap((w) => w.done()).filter((j) => j.startsWith(id));
    await until(() => doneOf().length >= 6, 10_000, 'the workers to log six finished jobs');
    await new Promise((r) => setTimeout(r, 300));
    const done = doneOf();
    assert.equal(done.length, 6, `each of the 6 jobs done once: ${done.join(', ')}`);
    // Resuming a finished (deleted) run is a clear error.
    const again = zkvm([...resume, '--force']);
    assert.equal(again.status, 2, describeProc('resume of a finished run', again));
    assert.match(again.stderr.toString(), /NOT_FOUND.*no proving job/);
  });
});

describe('Redis restarted mid-run', () => {
  let redis: OwnRedis;
  const queue = testQueue('redis-restart');
  let workers: WorkerProc[] = [];
  before(async () => {
    redis = await ownRedis();
    workers = await Promise.all([startWorkerProc(redis.url, queue), startWorkerProc(redis.url, queue)]);
  });
  after(async () => {
    await stopWorkers(workers);
    await dropQueue(redis.url, queue);
    await redis.dispose();
  });

  it('continues from its append-only file, and the proof verifies', async () => {
    let run = '';
    const data = new Redis(redis.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
    data.on('error', () => {});
    let restarted = false;
    const proving = proveDistributed(elf, { config: 'test', shardCycles: SHARD_CYCLES, privateInput: Uint8Array.from([7, 0, 0, 0]), redis: redis.url, queue, pollMs: 50, onProgress: (p) => (run = p.run) });
    const restart = (async () => {
      await until(async () => run !== '' && (await data.exists(runKeys(run).commit(1))) === 1, 60_000, 'the first commitment');
      await redis.stop('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      await redis.start();
      restarted = true;
    })();
    const r = await proving;
    await restart;
    data.disconnect();
    assert.ok(restarted);
    const v = verify(elf, r.proof, { config: 'test' });
    assert.equal(v.statement.exitCode, 5);
  });
});
