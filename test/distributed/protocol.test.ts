/**
 * The distributed-proving protocol's validation (`src/distributed/protocol.ts`), and Redis security in
 * practice: a Redis with an ACL user and no default user, where a worker with the wrong password stops at
 * once with one clear line, and workers and a coordinator that log in with the URL prove a run.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRedis, DistributedError, isLoopback, parseTask, proveDistributed, redact, redisConnection, runKeys, taskId } from '../../src/distributed/index.js';
import { ShardJobError, verify } from '../../src/sdk/index.js';
import { describeProc, zkvm } from '../cli/helpers.js';
import { dropQueue, ownRedis, SHARD_CYCLES, startWorkerProc, stopWorkers, testQueue, writeGuest } from './helpers.js';
import type { OwnRedis, WorkerProc } from './helpers.js';

const RUN = 'r' + '0123456789abcdef'.repeat(2);
const GOOD = { v: 1, run: RUN, phase: 'prove', index: 2, round: 1, avoid: ['w1'] };

describe('parseTask', () => {
  it('accepts a well-formed payload and freezes it', () => {
    const t = parseTask(GOOD, 4);
    assert.deepEqual(t, GOOD);
    assert.ok(Object.isFrozen(t) && Object.isFrozen(t.avoid));
    assert.equal(taskId(t), `${RUN}-prove-2-1`);
  });
  const bad: [string, unknown, RegExp][] = [
    ['null', null, /not an object/],
    ['an array', [GOOD], /not an object/],
    ['an unknown field', { ...GOOD, seed: 'x' }, /unknown field "seed"/],
    ['another version', { ...GOOD, v: 0 }, /version 0/],
    ['a run id with a path', { ...GOOD, run: 'r../../x' }, /not a proving job id/],
    ['a run id too long', { ...GOOD, run: RUN + '0' }, /not a proving job id/],
    ['an unknown phase', { ...GOOD, phase: 'assemble' }, /phase must be/],
    ['index 0', { ...GOOD, index: 0 }, /index must be/],
    ['an index past the shard limit', { ...GOOD, index: 5 }, /index must be/],
    ['a fractional index', { ...GOOD, index: 1.5 }, /index must be/],
    ['a string index', { ...GOOD, index: '2' }, /index must be/],
    ['a round past the limit', { ...GOOD, round: 99 }, /round must be/],
    ['too many workers to avoid', { ...GOOD, avoid: ['a', 'b', 'c', 'd', 'e'] }, /avoid must be/],
    ['a worker name that is not a string', { ...GOOD, avoid: [1] }, /avoid must be/],
    ['a huge worker name', { ...GOOD, avoid: ['x'.repeat(10_000)] }, /avoid must be/],
  ];
  for (const [what, data, re] of bad) {
    it(`refuses ${what} with ShardJobError`, () => {
      assert.throws(() => parseTask(data, 4), (e: unknown) => e instanceof ShardJobError && re.test(e.message));
    });
  }
});

describe('keys and URLs', () => {
  it('keeps a run in one hash slot and refuses ids that are not run ids', () => {
    const k = runKeys(RUN);
    assert.equal(k.spec, `zkvm:{${RUN}}:spec`);
    assert.equal(k.proof(3), `zkvm:{${RUN}}:proof:3`);
    assert.throws(() => runKeys('*'), ShardJobError);
  });
  it('accepts redis:// and rediss:// URLs only', () => {
    assert.equal(redisConnection('rediss://u:p@example.com:6380/2').url, 'rediss://u:p@example.com:6380/2');
    for (const u of ['http://127.0.0.1', 'redis//127.0.0.1', '', 'redis://']) assert.throws(() => redisConnection(u), ShardJobError, u);
  });
  it('tells loopback hosts and hides passwords', () => {
    assert.ok(isLoopback('redis://127.0.0.1:1') && isLoopback('redis://localhost') && isLoopback('redis://[::1]:6379'));
    assert.ok(!isLoopback('redis://10.0.0.2') && !isLoopback('redis://127.example.com'));
    assert.equal(redact('redis://alice:secret@h:1'), 'redis://alice:***@h:1');
  });
  it('reports an unreachable Redis at once', async () => {
    await assert.rejects(checkRedis('redis://127.0.0.1:1', 2000), (e: unknown) => e instanceof DistributedError && e.code === 'UNREACHABLE');
  });
});

describe('Redis with an ACL user', () => {
  let redis: OwnRedis;
  let dir = '';
  const queue = testQueue('acl');
  let workers: WorkerProc[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zkvm-dist-acl-'));
    redis = await ownRedis(['--user', 'default', 'off', '--user', 'prover', 'on', '>s3cret', '~*', '&*', '+@all']);
  });
  after(async () => {
    await stopWorkers(workers);
    await dropQueue(redis.url.replace('redis://', 'redis://prover:s3cret@'), queue);
    await redis.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a wrong password stops the worker with one line, not a retry loop', () => {
    const r = zkvm(['worker', '--redis', redis.url.replace('redis://', 'redis://prover:wrong@'), '--queue', queue], { timeout: 20_000 });
    assert.equal(r.status, 2, describeProc('worker with a wrong password', r));
    const err = r.stderr.toString();
    assert.match(err, /^zkvm: cannot use Redis at redis:\/\/prover:\*\*\*@127\.0\.0\.1:\d+\/?: WRONGPASS/);
    assert.doesNotMatch(err, /wrong/, 'the password is not printed');
    const anon = zkvm(['worker', '--redis', redis.url, '--queue', queue], { timeout: 20_000 });
    assert.equal(anon.status, 2, describeProc('worker without a user', anon));
  });

  it('workers and a coordinator with the user in the URL prove a run', async () => {
    const url = redis.url.replace('redis://', 'redis://prover:s3cret@');
    workers = await Promise.all([startWorkerProc(url, queue), startWorkerProc(url, queue)]);
    const elf = writeGuest(dir);
    const r = await proveDistributed(elf, { config: 'test', shardCycles: SHARD_CYCLES, privateInput: Uint8Array.from([7, 0, 0, 0]), redis: url, queue, pollMs: 50 });
    assert.equal(verify(elf, r.proof, { config: 'test' }).statement.exitCode, 5);
    for (const w of workers) assert.ok(!w.lines.join('\n').includes('s3cret'), 'no log shows the password');
  });
});
