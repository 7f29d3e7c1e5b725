/**
 * The phase thread's streams (`src/distributed/phase-thread.ts`), run in this thread with scripted
 * requests: a stream that serves shards 1, 2, 3 in order gives byte for byte what three fresh runs give;
 * out-of-order requests, a request for the same shard twice, another run or another link start a new
 * stream and still give the same bytes; a bad request fails alone; and the proofs served by streams
 * assemble into a proof file that verifies.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPhase, serveRequests } from '../../src/distributed/phase-thread.js';
import type { PhaseReply, PhaseRequest } from '../../src/distributed/phase-thread.js';
import { assembleShardedProof, decodeShardCommitment, decodeShardProof, encodeShardJob, loadProgramFile, planShardJobs, verify } from '../../src/sdk/index.js';
import { shardChecker } from '../../src/machine/index.js';
import { TEST_STARK_CONFIG, VerificationError } from '../../src/stark/index.js';
import { SHARD_CYCLES, writeGuest } from './helpers.js';

let dir = '';
let elf = '';
let spec: Uint8Array;
let statement: ReturnType<typeof planShardJobs>['statement'];
const RUN = 'r' + 'a'.repeat(32);
const OTHER = 'r' + 'b'.repeat(32);
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkvm-phase-'));
  elf = writeGuest(dir);
  const plan = planShardJobs(elf, { config: 'test', shardCycles: SHARD_CYCLES, privateInput: Uint8Array.from([7, 0, 0, 0]), seed: new Uint8Array(32).fill(9) });
  assert.equal(plan.count, 3);
  spec = encodeShardJob(plan.jobs[0]!);
  statement = plan.statement;
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Serves `reqs` in order on streams; returns the replies by request id. */
function serveAll(reqs: PhaseRequest[]): Map<number, PhaseReply> {
  const out = new Map<number, PhaseReply>();
  const queue = [...reqs];
  serveRequests(() => queue.shift(), (r) => out.set(r.id, r));
  assert.equal(out.size, reqs.length, 'one reply per request');
  return out;
}
const bytesOf = (r: PhaseReply | undefined) => {
  assert.ok(r?.ok, r && !r.ok ? r.error.message : 'no reply');
  return Buffer.from(r.bytes);
};
let id = 0;
const req = (index: number, phase: 'commit' | 'prove' = 'commit', extra: Partial<PhaseRequest> = {}): PhaseRequest => ({ id: ++id, run: RUN, phase, spec, index, ...extra });

describe('streams', () => {
  let fresh: Buffer[] = [];
  let digests: Uint8Array;
  before(() => {
    fresh = [1, 2, 3].map((k) => Buffer.from(runPhase(req(k))));
    digests = Buffer.concat(fresh.map((b) => Buffer.from(decodeShardCommitment(b).digest)));
  });

  it('serve shards in order as fresh runs would', () => {
    const rs = [req(1), req(2), req(3)];
    const out = serveAll(rs);
    rs.forEach((r, k) => assert.ok(bytesOf(out.get(r.id)).equals(fresh[k]!), `shard ${k + 1}`));
  });

  it('restart for out-of-order, repeated, skipping and other-run requests', () => {
    const rs = [req(3), req(1), req(1), req(3), req(2, 'commit', { run: OTHER }), req(2)];
    const out = serveAll(rs);
    rs.forEach((r) => assert.ok(bytesOf(out.get(r.id)).equals(fresh[r.index - 1]!), `request ${r.id} (shard ${r.index})`));
  });

  it('fail a bad request alone', () => {
    const rs = [req(1), req(9), { ...req(2), spec: Uint8Array.of(1, 2, 3) }, req(2), req(3, 'prove', { digests: new Uint8Array(5) }), req(3)];
    const out = serveAll(rs);
    assert.ok(bytesOf(out.get(rs[0]!.id)).equals(fresh[0]!));
    const e1 = out.get(rs[1]!.id)!;
    assert.ok(!e1.ok && /shard 9 of a run of 3/.test(e1.error.message), JSON.stringify(e1));
    const e2 = out.get(rs[2]!.id)!;
    assert.ok(!e2.ok && e2.error.name === 'ShardJobError');
    assert.ok(bytesOf(out.get(rs[3]!.id)).equals(fresh[1]!));
    const e4 = out.get(rs[4]!.id)!;
    assert.ok(!e4.ok && /digests must be 3 × 32 bytes/.test(e4.error.message));
    assert.ok(bytesOf(out.get(rs[5]!.id)).equals(fresh[2]!));
  });

  it('prove under one link on a stream, restart on another link, and the proofs verify together', () => {
    const wrong = Uint8Array.from(digests);
    wrong[0]! ^= 1;
    const rs = [req(1, 'prove', { digests }), req(2, 'prove', { digests: wrong }), req(2, 'prove', { digests }), req(3, 'prove', { digests })];
    const out = serveAll(rs);
    const alone = Buffer.from(runPhase(req(2, 'prove', { digests })));
    assert.ok(bytesOf(out.get(rs[2]!.id)).equals(alone), 'a streamed proof equals a fresh one');
    // Under a link drawn from a wrong digest the proof is still made (its own check reports nothing but a
    // digest mismatch, which the coordinator judges), and it differs.
    assert.ok(!bytesOf(out.get(rs[1]!.id)).equals(alone));
    const proofs = [rs[0]!, rs[2]!, rs[3]!].map((r) => decodeShardProof(bytesOf(out.get(r.id))));
    const file = assembleShardedProof(statement, proofs);
    assert.equal(verify(elf, file, { config: 'test' }).statement.exitCode, 5);
    // The coordinator's split verification: check each shard, then join their totals.
    const checker = shardChecker(loadProgramFile(elf), statement, TEST_STARK_CONFIG, { minSecurityBits: 0 });
    const rows = Array.from({ length: 3 }, (_, k) => digests.slice(32 * k, 32 * k + 32));
    const totals = proofs.map((p, k) => checker.check(p, k + 1, rows));
    checker.join(totals, rows);
    const isCode = (code: string) => (e: unknown) => e instanceof VerificationError && e.code === code;
    assert.throws(() => checker.join([totals[0]!, totals[0]!, totals[2]!], rows), isCode('LOGUP_SUM'));
    assert.throws(() => checker.join(totals.slice(1), rows), isCode('INVALID_INPUT'));
    assert.throws(() => checker.check(proofs[1]!, 1, rows), (e: unknown) => e instanceof VerificationError);
    const other = rows.map((r) => Uint8Array.from(r));
    other[1]![0]! ^= 1;
    assert.throws(() => checker.check(proofs[1]!, 2, other), isCode('MERKLE'));
  });
});
