/**
 * Zero knowledge of the logUp claimed sums (`src/stark/layout.ts`, item 5): the blinding columns, their
 * zero sum, the hiding of the per-component claimed sums, and the verifier's rejection of dishonest blinding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  logUpBlindingColumns,
  mixPreamble,
  preprocessedRoot,
  prove,
  proveUnchecked,
  provingAir,
  proofLayout,
  StarkError,
  TEST_STARK_CONFIG,
  TEST_ZK_STARK_CONFIG,
  verify,
  VerificationError,
} from '../../src/stark/index.js';
import type { StarkProof, VerificationErrorCode, VerifyOptions } from '../../src/stark/index.js';
import {
  AirError,
  BLINDING_COLUMN_NAMES,
  defineAir,
  drawRelationElements,
  generateInteraction,
  preprocessedToStorage,
  relationParams,
  witnessToStorage,
  withLogUpBlinding,
  ZK_BATCH_DEGREE,
  ZK_BLIND_RELATION,
  ZK_BLIND_TUPLES,
} from '../../src/air/index.js';
import type { Air, Component, Statement, Witness } from '../../src/air/index.js';
import { Blake2sChannel } from '../../src/channel/index.js';
import { CommitmentSchemeVerifier } from '../../src/pcs/verifier.js';
import { m31, qm31 } from '../../src/field/index.js';
import type { QM31 } from '../../src/field/index.js';
import { rangeCheckAir, rangeCheckWitness } from '../../src/examples/range-check.js';
import { wideFibonacciAir, wideFibonacciWitness } from '../../src/examples/wide-fibonacci.js';

const LOOSE: VerifyOptions = { minSecurityBits: 0 };
const ZK = TEST_ZK_STARK_CONFIG;

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

function rejects(f: () => void, codes: VerificationErrorCode[], what: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof VerificationError, `${what}: expected a VerificationError, got ${String(e)}`);
    assert.ok(codes.includes(e.code), `${what}: code ${e.code} not in ${codes.join(', ')} (${e.message})`);
    return true;
  });
}

const K = 6;
const N = 5;
const air = rangeCheckAir(K, N);
const pairs = Array.from({ length: 2 ** N }, (_, i) => [i % 13, (7 * i) % 19] as const);
const witness = rangeCheckWitness(K, N, pairs);
const statement: Statement = { words: [7] };
const root = preprocessedRoot(air, ZK);
const opts: VerifyOptions = { ...LOOSE, preprocessedRoot: root };

const sumCol = (col: Uint32Array): number => col.reduce((acc, v) => m31.add(acc, v), 0);
const total = (sums: readonly QM31[]): QM31 => sums.reduce((acc, s) => qm31.add(acc, s), qm31.ZERO);

test('the proving AIR: blinding columns and entries only with zero knowledge and only for components with lookups', () => {
  assert.equal(provingAir(air, TEST_STARK_CONFIG), air);
  const fib = wideFibonacciAir(6, 8);
  assert.equal(provingAir(fib, ZK), fib); // no lookups: nothing to hide
  const p = provingAir(air, ZK);
  assert.equal(provingAir(air, ZK), p, 'cached: prover and verifier share compiled kernels');
  assert.equal(p.name, air.name);
  assert.deepEqual(p.preprocessed, air.preprocessed);
  assert.deepEqual(
    p.relations.map((r) => r.name),
    ['range', ZK_BLIND_RELATION.name],
  );
  assert.equal(p.totalLookups, air.totalLookups, 'blinding entries are outside the multiplicity bound');
  p.components.forEach((c, ci) => {
    const u = air.components[ci]!;
    assert.equal(c.nBlinding, 4);
    assert.deepEqual(c.mainNames, [...u.mainNames, ...BLINDING_COLUMN_NAMES]);
    assert.equal(c.lookups.length, u.lookups.length + 4);
    // Batched up to degree ZK_BATCH_DEGREE: the table's and the counter's single degree-1 fraction takes
    // the four constant-denominator blinding fractions along (degree 2 stays 2); the adder's three linear
    // fractions and the blinding ones become one batch of degree 4 instead of two pairs.
    assert.equal(c.nInteraction, 1);
    assert.equal(u.nInteraction, ci === 1 ? 2 : 1);
    assert.equal(c.degree, ci === 1 ? ZK_BATCH_DEGREE : u.degree);
    assert.ok(c.logExtension >= u.logExtension);
  });
  // The layout is that of the proving AIR: four more main columns per component with lookups.
  const l = proofLayout(air, ZK);
  assert.deepEqual(l.treeLogSizes[1], [...Array(5).fill(K + 1), ...Array(7).fill(N + 1), ...Array(5).fill(N + 1)]);
  assert.deepEqual(l.treeLogSizes[2], [...Array(4).fill(K + 1), ...Array(4).fill(N + 1), ...Array(4).fill(N + 1)]);
});

test('blinding columns: uniform-looking per component, zero in total for each j', () => {
  const p = provingAir(air, ZK);
  const cols = logUpBlindingColumns(p, seeded(9));
  assert.equal(cols.length, 3);
  for (let j = 0; j < ZK_BLIND_TUPLES.length; j++) {
    const perComponent = cols.map((c) => sumCol(c[j]!));
    assert.equal(perComponent.reduce((a, b) => m31.add(a, b), 0), 0, `Σ b_${j} over all components and rows`);
    assert.ok(perComponent.every((v) => v !== 0), 'each component gets a nonzero share');
    for (const c of cols) assert.ok(c[j]!.every((v) => v < 0x7fffffff));
  }
  // With a single component with lookups its share is forced to zero: its claimed sum is fixed anyway.
  const single = defineAir({ name: 'single', components: [air.components[0]!], preprocessed: air.preprocessed });
  const one = logUpBlindingColumns(provingAir(single, ZK), seeded(3));
  for (const c of one[0]!) assert.equal(sumCol(c), 0);
  // No component with blinding: no columns.
  assert.deepEqual(logUpBlindingColumns(air, seeded(1)), [[], [], []]);
});

/** The logUp challenges of a proof, by replaying its transcript up to them. */
function challenges(a: Air, proof: StarkProof) {
  const p = provingAir(a, ZK);
  const layout = proofLayout(a, ZK);
  const channel = new Blake2sChannel();
  mixPreamble(channel, p, statement, ZK);
  const pcs = new CommitmentSchemeVerifier(ZK.pcs);
  pcs.commit(root, layout.treeLogSizes[0] as number[], channel);
  pcs.commit(proof.commitments[0]!, layout.treeLogSizes[1] as number[], channel);
  return drawRelationElements(p.relations, channel);
}

test('zero knowledge: claimed sums are the real sums plus Σ_j B_j/(j − z), random per proof, and every proof verifies', () => {
  const seen: Uint32Array[][][] = [];
  const proofs = [1, 2].map((seed) =>
    proveUnchecked(air, witness, statement, ZK, { random: seeded(seed), check: true, onLogUpBlinding: (c) => seen.push(c.map((x) => x.map((y) => y.slice()))) }),
  );
  // proveUnchecked with the hook is the honest prover here: the same proof as prove() for the same randomness.
  assert.deepEqual(prove(air, witness, statement, ZK, { random: seeded(1) }).claimedSums, proofs[0]!.claimedSums);
  for (const proof of proofs) {
    verify(air, statement, proof, ZK, opts);
    assert.deepEqual(total(proof.claimedSums), qm31.ZERO);
  }
  for (let ci = 0; ci < 3; ci++) assert.notDeepEqual(proofs[0]!.claimedSums[ci], proofs[1]!.claimedSums[ci], `component ${ci}`);

  // Recompute the real (unblinded) sums under each proof's challenges and check the blinding formula.
  const pre = preprocessedToStorage(air);
  const main = witnessToStorage(air, witness);
  proofs.forEach((proof, pi) => {
    const elements = challenges(air, proof);
    const zb = elements.get(ZK_BLIND_RELATION.name)!.z;
    air.components.forEach((c: Component, ci) => {
      const real = generateInteraction(c, air.layout[ci]!.preprocessed.map((g) => pre[g]!), main[ci]!, relationParams(c.relations, elements)).claimedSum;
      let blind: QM31 = qm31.ZERO;
      ZK_BLIND_TUPLES.forEach((j, k) => {
        const B = sumCol(seen[pi]![ci]![k]!);
        blind = qm31.add(blind, qm31.mulM31(qm31.inv(qm31.sub(qm31.fromM31(j), zb)), B));
      });
      assert.deepEqual(proof.claimedSums[ci], qm31.add(real, blind), `proof ${pi}, component ${c.name}`);
      assert.notDeepEqual(proof.claimedSums[ci], real, 'the real sum is not sent');
    });
    for (let k = 0; k < 4; k++) assert.equal(seen[pi]!.reduce((acc, cols) => m31.add(acc, sumCol(cols[k]!)), 0), 0);
  });
});

test('zero knowledge with public logUp terms: blinded claimed sums still cancel the statement', () => {
  const pub = rangeCheckAir(K, N, { publicUses: true });
  const st: Statement = { words: [5, 9, 9] };
  const proof = prove(pub, rangeCheckWitness(K, N, pairs, [5, 9, 9]), st, ZK, { random: seeded(4) });
  const r = preprocessedRoot(pub, ZK);
  verify(pub, st, proof, ZK, { ...LOOSE, preprocessedRoot: r });
  rejects(() => verify(pub, { words: [5, 9, 10] }, proof, ZK, { ...LOOSE, preprocessedRoot: r }), ['LOGUP_SUM'], 'other public values');
});

test('a prover whose blinding columns do not sum to zero is refused by itself and rejected by the verifier', () => {
  const cheat = (cols: readonly (readonly Uint32Array[])[]) => {
    cols[1]![2]![5] = m31.add(cols[1]![2]![5]!, 1); // Σ b_2 = 1
  };
  assert.throws(
    () => proveUnchecked(air, witness, statement, ZK, { check: true, onLogUpBlinding: cheat }),
    (e: unknown) => e instanceof StarkError && e.code === 'UNSATISFIED' && /logUp/.test(e.message),
  );
  const forced = proveUnchecked(air, witness, statement, ZK, { onLogUpBlinding: cheat });
  rejects(() => verify(air, statement, forced, ZK, opts), ['LOGUP_SUM'], 'unbalanced blinding');
  // Balanced across j but not per j (b_0 + 1, b_1 − 1): the poles are distinct, so still rejected.
  const swap = proveUnchecked(air, witness, statement, ZK, {
    onLogUpBlinding: (cols) => {
      cols[0]![0]![0] = m31.add(cols[0]![0]![0]!, 1);
      cols[2]![1]![0] = m31.sub(cols[2]![1]![0]!, 1);
    },
  });
  rejects(() => verify(air, statement, swap, ZK, opts), ['LOGUP_SUM'], 'blinding moved between tuples');
  // Moving blinding between components (per-j totals still zero) is just another honest choice.
  const moved = proveUnchecked(air, witness, statement, ZK, {
    onLogUpBlinding: (cols) => {
      cols[0]![3]![1] = m31.add(cols[0]![3]![1]!, 5);
      cols[2]![3]![7] = m31.sub(cols[2]![3]![7]!, 5);
    },
  });
  verify(air, statement, moved, ZK, opts);
});

test('an unbalanced real lookup with honest blinding is rejected', () => {
  const bad = rangeCheckWitness(K, N, pairs.map((p, i) => (i === 3 ? ([70, 1] as const) : p)));
  let honest = false;
  const forced = proveUnchecked(air, bad, statement, ZK, {
    onLogUpBlinding: (cols) => {
      honest = [0, 1, 2, 3].every((j) => cols.reduce((acc, c) => m31.add(acc, sumCol(c[j]!)), 0) === 0);
    },
  });
  assert.ok(honest);
  rejects(() => verify(air, statement, forced, ZK, opts), ['LOGUP_SUM'], 'unbalanced lookup');
});

test('without zero knowledge there is no blinding: the hook is not called and claimed sums are deterministic', () => {
  let called = false;
  const a = proveUnchecked(air, witness, statement, TEST_STARK_CONFIG, { check: true, onLogUpBlinding: () => (called = true) });
  const b = prove(air, witness, statement, TEST_STARK_CONFIG);
  assert.equal(called, false);
  assert.deepEqual(a.claimedSums, b.claimedSums);
  assert.equal(a.claimedSums.length, 3);
  // Wide Fibonacci (no lookups) with zero knowledge: no blinding either.
  proveUnchecked(wideFibonacciAir(6, 8), wideFibonacciWitness(6, 8, 5), {}, ZK, { onLogUpBlinding: () => (called = true) });
  assert.equal(called, false);
});

test('AIRs that use the reserved blinding relation themselves are refused by prover and verifier', () => {
  const proof = prove(air, witness, statement, ZK, { random: seeded(5) });
  // The proving AIR passed as if it were the user's AIR (its blinding columns would then be the prover's to choose).
  const p = provingAir(air, ZK);
  rejects(() => verify(p, statement, proof, ZK, opts), ['INVALID_INPUT'], 'pre-blinded AIR');
  for (const cfg of [ZK, TEST_STARK_CONFIG]) {
    const w: Witness = { components: witness.components.map((cols, ci) => [...cols, ...Array.from({ length: 4 }, () => new Uint32Array(2 ** p.components[ci]!.logSize))]) };
    assert.throws(() => prove(p, w, statement, cfg), (e: unknown) => e instanceof StarkError && e.code === 'INVALID_INPUT');
  }
  // A hand-built component whose zk.blind entry has a non-constant tuple (the value of column a).
  const adder = withLogUpBlinding(air.components[1]!);
  const tampered: Component = {
    ...adder,
    lookups: adder.lookups.map((l, i) => (i === adder.lookups.length - 1 ? { ...l, values: [adder.lookups[0]!.values[0]!] } : l)),
  };
  const handBuilt: Air = { ...air, components: [air.components[0]!, tampered, air.components[2]!] };
  rejects(() => verify(handBuilt, statement, proof, ZK, opts), ['INVALID_INPUT'], 'non-constant blinding tuple');
  // Even without the blinding columns flag: any zk.blind entry in a user component is refused.
  const sneaky: Component = { ...air.components[1]!, lookups: [...air.components[1]!.lookups, { ...adder.lookups[3]!, values: adder.lookups[0]!.values }] };
  rejects(() => verify({ ...air, components: [air.components[0]!, sneaky, air.components[2]!] }, statement, proof, ZK, opts), ['INVALID_INPUT'], 'zk.blind in a user component');
  assert.throws(() => defineAir({ name: 'x', components: [adder], preprocessed: air.preprocessed }), AirError);
});
