import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deserializeProof,
  preprocessedRoot,
  prove,
  proveUnchecked,
  serializeProof,
  StarkError,
  starkConfig,
  TEST_STARK_CONFIG,
  TEST_ZK_STARK_CONFIG,
  verify,
  verifyProofBytes,
  VerificationError,
} from '../../src/stark/index.js';
import type { StarkConfig, StarkProof, VerificationErrorCode, VerifyOptions } from '../../src/stark/index.js';
import type { Air, Statement, Witness } from '../../src/air/index.js';
import { m31 } from '../../src/field/index.js';
import { jsBackend } from '../../src/poly/index.js';
import { wideFibonacciAir, wideFibonacciWitness } from '../../src/examples/wide-fibonacci.js';
import { rangeCheckAir, rangeCheckWitness } from '../../src/examples/range-check.js';

const LOOSE: VerifyOptions = { minSecurityBits: 0 };

/** Asserts that `f` throws a VerificationError (optionally with one of `codes`). */
function rejects(f: () => void, codes?: VerificationErrorCode[], what = ''): VerificationError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof VerificationError, `${what}: expected a VerificationError, got ${String(e)}`);
    if (codes) assert.ok(codes.includes(e.code), `${what}: code ${e.code} not in ${codes.join(', ')} (${e.message})`);
    return e;
  }
  assert.fail(`${what}: the proof was accepted`);
}

/** A seeded u32 generator (xorshift) for reproducible zero-knowledge proofs. */
function seeded(seed: number): (out: Uint32Array) => void {
  let s = seed >>> 0 || 1;
  return (out) => {
    for (let i = 0; i < out.length; i++) {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      out[i] = s;
    }
  };
}

const FIB_LOG = 6;
const FIB_COLS = 16;
const fibAir = wideFibonacciAir(FIB_LOG, FIB_COLS);
const fibWitness = wideFibonacciWitness(FIB_LOG, FIB_COLS, 5);
const statement: Statement = { words: [1, 2, 3], bytes: new TextEncoder().encode('wide fibonacci') };

function rangeSetup(k = 6, n = 5, publicUses = false) {
  const air = rangeCheckAir(k, n, { publicUses });
  const pairs = Array.from({ length: 2 ** n }, (_, i) => [i % 13, (7 * i) % 19] as const);
  return { air, pairs, k, n };
}

test('wide Fibonacci proves and verifies (test config, with and without zero knowledge); the proof survives serialization', () => {
  for (const cfg of [TEST_STARK_CONFIG, TEST_ZK_STARK_CONFIG]) {
    const proof = prove(fibAir, fibWitness, statement, cfg);
    verify(fibAir, statement, proof, cfg, LOOSE);
    const bytes = serializeProof(proof);
    verifyProofBytes(fibAir, statement, bytes, cfg, LOOSE);
    assert.deepEqual(serializeProof(deserializeProof(bytes)), bytes);
  }
});

test('proofs do not depend on the polynomial backend (JS and WebAssembly give identical bytes)', () => {
  const a = serializeProof(prove(fibAir, fibWitness, statement, TEST_STARK_CONFIG));
  const b = serializeProof(prove(fibAir, fibWitness, statement, TEST_STARK_CONFIG, { backend: jsBackend }));
  assert.deepEqual(a, b);
});

test('zero knowledge: proofs are randomized, reproducible from the randomness, and all verify', () => {
  const p1 = serializeProof(prove(fibAir, fibWitness, statement, TEST_ZK_STARK_CONFIG, { random: seeded(1) }));
  const p2 = serializeProof(prove(fibAir, fibWitness, statement, TEST_ZK_STARK_CONFIG, { random: seeded(1) }));
  const p3 = serializeProof(prove(fibAir, fibWitness, statement, TEST_ZK_STARK_CONFIG, { random: seeded(2) }));
  assert.deepEqual(p1, p2);
  assert.notDeepEqual(p1, p3);
  verifyProofBytes(fibAir, statement, p3, TEST_ZK_STARK_CONFIG, LOOSE);
  // The trace commitment (first root after the header's claimed sums) differs between the two randomizations.
  const d1 = deserializeProof(p1);
  const d3 = deserializeProof(p3);
  assert.notDeepEqual(d1.commitments[0], d3.commitments[0]);
  // A component too small to hide its witness is refused.
  const tiny = wideFibonacciAir(3, 4);
  assert.throws(() => prove(tiny, wideFibonacciWitness(3, 4), {}, TEST_ZK_STARK_CONFIG), (e: unknown) => e instanceof StarkError && e.code === 'INVALID_INPUT');
});

test('a trace breaking one constraint on one row: the prover refuses, and a forced proof is rejected', () => {
  for (const cfg of [TEST_STARK_CONFIG, TEST_ZK_STARK_CONFIG]) {
    const cols = fibWitness.components[0]!.map((c) => c.slice());
    cols[9]![17] = m31.add(cols[9]![17]!, 1); // storage order: some row's c9
    const bad: Witness = { components: [cols], order: 'storage' };
    assert.throws(
      () => prove(fibAir, bad, statement, cfg),
      (e: unknown) => e instanceof StarkError && e.code === 'UNSATISFIED' && /c9 = c8² \+ c7²/.test(e.message) && /row \d+/.test(e.message),
    );
    const forced = proveUnchecked(fibAir, bad, statement, cfg);
    rejects(() => verify(fibAir, statement, forced, cfg, LOOSE), ['CONSTRAINTS', 'FRI'], 'broken row');
  }
});

test('range-check logUp example proves and verifies; an out-of-table value is rejected', () => {
  const { air, pairs, k, n } = rangeSetup();
  for (const cfg of [TEST_STARK_CONFIG, TEST_ZK_STARK_CONFIG]) {
    const root = preprocessedRoot(air, cfg);
    const proof = prove(air, rangeCheckWitness(k, n, pairs), {}, cfg);
    verify(air, {}, proof, cfg, { ...LOOSE, preprocessedRoot: root });
    // The preprocessed root is required, and must be the right one.
    rejects(() => verify(air, {}, proof, cfg, LOOSE), ['INVALID_INPUT']);
    rejects(() => verify(air, {}, proof, cfg, { ...LOOSE, preprocessedRoot: new Uint8Array(32) }), ['MERKLE', 'FRI', 'CONSTRAINTS']);
    // 70 is not in [0, 64): every constraint holds row by row, but the lookups do not balance.
    const bad = pairs.map((p, i) => (i === 3 ? ([70, 1] as const) : p));
    const w = rangeCheckWitness(k, n, bad);
    assert.throws(() => prove(air, w, {}, cfg), (e: unknown) => e instanceof StarkError && e.code === 'UNSATISFIED' && /logUp/.test(e.message));
    const forced = proveUnchecked(air, w, {}, cfg);
    rejects(() => verify(air, {}, forced, cfg, { ...LOOSE, preprocessedRoot: root }), ['LOGUP_SUM'], 'unbalanced lookup');
    // Editing the claimed sums so that they cancel again breaks the interaction constraints instead.
    const sums = forced.claimedSums.map((s) => [...s] as [number, number, number, number]);
    const total = sums.reduce((acc, s) => acc.map((x, j) => m31.add(x, s[j]!)) as [number, number, number, number], [0, 0, 0, 0]);
    sums[0] = sums[0]!.map((x, j) => m31.sub(x, total[j]!)) as [number, number, number, number];
    const edited: StarkProof = { ...forced, claimedSums: sums };
    rejects(() => verify(air, {}, edited, cfg, { ...LOOSE, preprocessedRoot: root }), ['CONSTRAINTS', 'FRI'], 'edited claimed sums');
  }
});

test('public logUp terms: a statement word ≥ p is refused, not reduced (2^31 + 5 is not proven by a witness about 6)', () => {
  const { air, pairs, k, n } = rangeSetup(6, 5, true);
  const cfg = TEST_STARK_CONFIG;
  const root = preprocessedRoot(air, cfg);
  // 2^31 + 5 ≡ 6 (mod p): the forger's table counts the value 6, which does lie in [0, 2^6), for the claim
  // "2^31 + 5 lies in [0, 2^6)". Reduced modulo p the public term would balance the table exactly.
  const claimed = 2 ** 31 + 5;
  const forgedWitness = rangeCheckWitness(k, n, pairs, [6]);
  const forced = proveUnchecked(air, forgedWitness, { words: [6] }, cfg);
  const e = rejects(() => verify(air, { words: [claimed] }, forced, cfg, { ...LOOSE, preprocessedRoot: root }), ['INVALID_INPUT'], 'non-canonical statement word');
  assert.match(e.message, /not an integer in \[0, 2\^31 − 1\)/);
  // The same words through the honest prover's checker: refused too, before any proof is made.
  assert.throws(() => prove(air, forgedWitness, { words: [claimed] }, cfg));
  // Control: the canonical statement about 6 is fine.
  verify(air, { words: [6] }, forced, cfg, { ...LOOSE, preprocessedRoot: root });
});

test('public logUp terms: values fixed by the statement balance the table; other values are rejected', () => {
  const { air, pairs, k, n } = rangeSetup(6, 5, true);
  const cfg = TEST_STARK_CONFIG;
  const root = preprocessedRoot(air, cfg);
  const st: Statement = { words: [5, 9, 9] };
  const proof = prove(air, rangeCheckWitness(k, n, pairs, [5, 9, 9]), st, cfg);
  verify(air, st, proof, cfg, { ...LOOSE, preprocessedRoot: root });
  rejects(() => verify(air, { words: [5, 9, 10] }, proof, cfg, { ...LOOSE, preprocessedRoot: root }));
  // A witness whose table does not count the public uses is refused by the prover.
  assert.throws(() => prove(air, rangeCheckWitness(k, n, pairs), st, cfg), (e: unknown) => e instanceof StarkError && e.code === 'UNSATISFIED');
});

test('a changed statement, configuration or component size is rejected', () => {
  const cfg = TEST_STARK_CONFIG;
  const proof = prove(fibAir, fibWitness, statement, cfg);
  rejects(() => verify(fibAir, { ...statement, words: [1, 2, 4] }, proof, cfg, LOOSE), undefined, 'statement words');
  rejects(() => verify(fibAir, { words: statement.words }, proof, cfg, LOOSE), undefined, 'statement bytes');
  rejects(() => verify(wideFibonacciAir(FIB_LOG + 1, FIB_COLS), statement, proof, cfg, LOOSE), undefined, 'component size');
  rejects(() => verify(wideFibonacciAir(FIB_LOG, FIB_COLS + 1), statement, proof, cfg, LOOSE), undefined, 'column count');
  const other: StarkConfig = starkConfig({ ...cfg, pcs: { ...cfg.pcs, fri: { ...cfg.pcs.fri, nQueries: 4 } } });
  rejects(() => verify(fibAir, statement, proof, other, LOOSE), ['CONFIG_MISMATCH']);
  rejects(() => verify(fibAir, statement, { ...proof, config: other }, other, LOOSE), undefined, 'config swapped in the proof');
  // The verifier's security floor: the test configuration is refused unless explicitly allowed.
  rejects(() => verify(fibAir, statement, proof, cfg), ['INSUFFICIENT_SECURITY']);
});

test('every header byte and a few hundred other byte positions, flipped, give a VerificationError', () => {
  const cfg = TEST_STARK_CONFIG;
  const { air, pairs, k, n } = rangeSetup();
  const root = preprocessedRoot(air, cfg);
  const bytes = serializeProof(prove(air, rangeCheckWitness(k, n, pairs), statement, cfg));
  verifyProofBytes(air, statement, bytes, cfg, { ...LOOSE, preprocessedRoot: root });
  const positions = new Set<number>();
  for (let i = 0; i < 32 + 4 + 3 * 32 + 4 + 64; i++) positions.add(i); // header, roots, claimed sums
  let s = 12345;
  while (positions.size < 32 + 200 + 300) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    positions.add(s % bytes.length);
  }
  const codes = new Map<string, number>();
  for (const pos of positions) {
    for (const mask of [0x01, 0x80]) {
      const t = bytes.slice();
      t[pos]! ^= mask;
      const e = rejects(() => verifyProofBytes(air, statement, t, cfg, { ...LOOSE, preprocessedRoot: root }), undefined, `byte ${pos} ^ ${mask}`);
      codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
    }
  }
  // No flip was treated as an internal failure: each was understood.
  assert.equal(codes.get('INTERNAL'), undefined, JSON.stringify([...codes]));
  if (process.env.SHOW_CODES) console.log([...codes]);
  // Truncations and trailing bytes.
  for (const len of [0, 7, 8, 31, 32, 100, bytes.length - 1]) rejects(() => verifyProofBytes(air, statement, bytes.subarray(0, len), cfg, LOOSE), ['MALFORMED_PROOF', 'UNSUPPORTED_VERSION']);
  const longer = new Uint8Array(bytes.length + 1);
  longer.set(bytes);
  rejects(() => verifyProofBytes(air, statement, longer, cfg, { ...LOOSE, preprocessedRoot: root }), ['MALFORMED_PROOF']);
});

test('hostile lengths and shapes are rejected without large allocations or other exceptions', () => {
  const cfg = TEST_STARK_CONFIG;
  const bytes = serializeProof(prove(fibAir, fibWitness, statement, cfg));
  // The commitment count sits right after the 32-byte header; claim 2^32 − 1 commitments.
  const t = bytes.slice();
  new DataView(t.buffer).setUint32(32, 0xffffffff, true);
  rejects(() => verifyProofBytes(fibAir, statement, t, cfg, LOOSE), ['MALFORMED_PROOF']);
  // Structurally odd proof objects.
  const proof = deserializeProof(bytes);
  const odd: unknown[] = [
    null,
    {},
    { ...proof, commitments: [] },
    { ...proof, claimedSums: [[0, 0, 0, 2 ** 31]] },
    { ...proof, pcs: { ...proof.pcs, sampledValues: [] } },
    { ...proof, pcs: { ...proof.pcs, powNonce: -1 } },
    { ...proof, pcs: { ...proof.pcs, friProof: { ...proof.pcs.friProof, innerLayers: null } } },
    { ...proof, pcs: null },
    { ...proof, config: { pcs: null, zeroKnowledge: false } },
  ];
  for (const o of odd) rejects(() => verify(fibAir, statement, o as StarkProof, cfg, LOOSE), undefined, JSON.stringify(o)?.slice(0, 60));
  rejects(() => verifyProofBytes(fibAir, statement, 'not bytes' as unknown as Uint8Array, cfg, LOOSE), ['MALFORMED_PROOF']);
});

test('tampered sampled values, openings and FRI data are rejected', () => {
  const cfg = TEST_STARK_CONFIG;
  const proof = prove(fibAir, fibWitness, statement, cfg);
  const sv = proof.pcs.sampledValues.map((t) => t.map((c) => c.map((v) => [...v] as [number, number, number, number])));
  sv[1]![3]![0]![2] = m31.add(sv[1]![3]![0]![2]!, 1);
  rejects(() => verify(fibAir, statement, { ...proof, pcs: { ...proof.pcs, sampledValues: sv } }, cfg, LOOSE), ['CONSTRAINTS']);
  // A consistent-looking composition value that FRI must catch: change a composition sample.
  const sv2 = proof.pcs.sampledValues.map((t) => t.map((c) => c.map((v) => [...v] as [number, number, number, number])));
  sv2[3]![0]![0]![0] = m31.add(sv2[3]![0]![0]![0]!, 1);
  rejects(() => verify(fibAir, statement, { ...proof, pcs: { ...proof.pcs, sampledValues: sv2 } }, cfg, LOOSE), ['CONSTRAINTS']);
  const qv = proof.pcs.queriedValues.map((v) => v.slice());
  qv[1]![0] = m31.add(qv[1]![0]!, 1);
  rejects(() => verify(fibAir, statement, { ...proof, pcs: { ...proof.pcs, queriedValues: qv } }, cfg, LOOSE), ['MERKLE']);
  const nonce = proof.pcs.powNonce + 1;
  rejects(() => verify(fibAir, statement, { ...proof, pcs: { ...proof.pcs, powNonce: nonce } }, cfg, LOOSE));
  const roots = proof.commitments.map((r) => r.slice());
  roots[0]![0]! ^= 1;
  rejects(() => verify(fibAir, statement, { ...proof, commitments: roots }, cfg, LOOSE));
});

/** Verifying must not depend on anything but its arguments: the same proof verifies twice, and with fresh AIR objects. */
test('verification is repeatable and independent of AIR object identity', () => {
  const cfg = TEST_STARK_CONFIG;
  const proof = prove(fibAir, fibWitness, statement, cfg);
  verify(fibAir, statement, proof, cfg, LOOSE);
  verify(wideFibonacciAir(FIB_LOG, FIB_COLS) as Air, statement, proof, cfg, LOOSE);
});
