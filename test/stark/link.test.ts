/**
 * Linked proofs (`src/stark/link.ts`): two proofs that share one relation verify together when their shared
 * tuples cancel across them, and the verifier rejects a shared tuple that does not cancel, a proof finished
 * with another link, a link drawn from other digests, and — the point of private challenges — a relation that
 * is *not* shared but balances only across the two proofs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { component, defineAir, relation } from '../../src/air/index.js';
import type { Air } from '../../src/air/index.js';
import { qm31 } from '../../src/field/index.js';
import { commitMain, jointChallenges, mainDigest, TEST_STARK_CONFIG, TEST_ZK_STARK_CONFIG, VerificationError, verifyLinked } from '../../src/stark/index.js';
import type { StarkConfig, StarkProof } from '../../src/stark/index.js';

const SHARED = relation('link_shared', 1);
const LOCAL = relation('link_local', 1);
const LOG = 5;
const N = 2 ** LOG;
const LOOSE = { minSecurityBits: 0 };

/** A provider (yields each v into `rel`) or a consumer (uses each w). */
function air(name: string, rel: typeof SHARED, provide: boolean): Air {
  return defineAir({
    name,
    components: [
      component(name, LOG, (b) => {
        const v = b.main('v');
        if (provide) b.yield(rel, [v], 1);
        else b.use(rel, [v]);
      }),
    ],
  });
}

const values = Uint32Array.from({ length: N }, (_, i) => (i * 7919 + 3) % 65521);
const reversed = values.slice().reverse();

interface Pair {
  airs: [Air, Air];
  proofs: [StarkProof, StarkProof];
}

/** Proves the provider with `a` and the consumer with `b` as linked proofs; `tamper` may change the link used to finish proof 1. */
function provePair(rel: typeof SHARED, a: Uint32Array, b: Uint32Array, cfg: StarkConfig, context = new Uint8Array([1])): Pair {
  const airs: [Air, Air] = [air('provider', rel, true), air('consumer', rel, false)];
  const sessions = [commitMain(airs[0], { components: [[a]] }, {}, cfg, { check: false }), commitMain(airs[1], { components: [[b]] }, {}, cfg, { check: false })];
  const link = jointChallenges([SHARED], context, sessions.map((s) => s.digest));
  return { airs, proofs: [sessions[0]!.finish(link), sessions[1]!.finish(link)] };
}

/** The verifier: digests, joint challenges, each proof linked, and the totals. Returns the total. */
function verifyPair({ airs, proofs }: Pair, cfg: StarkConfig, context = new Uint8Array([1])) {
  const digests = airs.map((a, i) => mainDigest(a, {}, proofs[i]!, cfg));
  const link = jointChallenges([SHARED], context, digests);
  return airs.reduce((t, a, i) => qm31.add(t, verifyLinked(a, {}, proofs[i]!, cfg, link, LOOSE)), qm31.ZERO);
}

for (const [name, cfg] of [['no zk', TEST_STARK_CONFIG], ['zk', TEST_ZK_STARK_CONFIG]] as const) {
  test(`${name}: shared tuples that cancel across two proofs verify; ones that do not are caught by the joint sum`, () => {
    assert.ok(qm31.isZero(verifyPair(provePair(SHARED, values, reversed, cfg), cfg)));
    const bad = reversed.slice();
    bad[3] = (bad[3]! + 1) % 65521;
    assert.ok(!qm31.isZero(verifyPair(provePair(SHARED, values, bad, cfg), cfg)), 'each proof verifies alone, the joint sum does not cancel');
  });

  test(`${name}: a relation that is not shared must balance inside each proof`, () => {
    // The same tuples cancel across the proofs, but their challenges are private to each proof.
    assert.ok(!qm31.isZero(verifyPair(provePair(LOCAL, values, reversed, cfg), cfg)));
  });

  test(`${name}: a proof finished with another link, or checked against other digests, is rejected`, () => {
    const pair = provePair(SHARED, values, reversed, cfg, new Uint8Array([2]));
    assert.throws(() => verifyPair(pair, cfg, new Uint8Array([1])), VerificationError);
    // Proof 1 of one pairing with proof 0 of another (the digests, hence the joint challenges, differ).
    const other = provePair(SHARED, reversed, values, cfg);
    const mixed: Pair = { airs: pair.airs, proofs: [other.proofs[0], pair.proofs[1]] };
    assert.throws(() => verifyPair(mixed, cfg, new Uint8Array([2])), VerificationError);
  });
}

test('a main commitment finishes once', () => {
  const a = air('provider', SHARED, true);
  const s = commitMain(a, { components: [[values]] }, {}, TEST_STARK_CONFIG, { check: false });
  const link = jointChallenges([SHARED], new Uint8Array(0), [s.digest]);
  s.finish(link);
  assert.throws(() => s.finish(link), /already finished/);
});
