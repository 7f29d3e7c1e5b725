// Prover/verifier consistency of the AIR layer without the PCS: the composition polynomial the prover
// interpolates from its kernels must equal, at a random out-of-domain point, what the verifier computes
// from the trace polynomials' values at the mask points — exactly when the witness satisfies the AIR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accumulateComposition,
  checkWitness,
  componentParams,
  constraintSumAt,
  constraintWeights,
  drawRelationElements,
  evalOffsetTable,
  generateInteraction,
  maskPoint,
  preprocessedToStorage,
  sampledCellReader,
  traceOffsetTable,
  vanishingAt,
  vanishingInverseTable,
  witnessToStorage,
} from '../../src/air/index.js';
import type { Air, Witness } from '../../src/air/index.js';
import { Blake2sChannel } from '../../src/channel/index.js';
import {
  bitReverseIndex,
  canonicCoset,
  canonicVanishing,
  pointAdd,
  pointMul,
  pointsEqual,
  securePointFromT,
} from '../../src/circle/index.js';
import { m31, qm31, secureColumn } from '../../src/field/index.js';
import type { QM31 } from '../../src/field/index.js';
import { evaluate, evaluateAtPoint, evaluateAtSecurePoint, extendCoefficients, interpolate } from '../../src/poly/index.js';
import { rangeCheckAir, rangeCheckWitness } from '../../src/examples/range-check.js';
import { wideFibonacciAir, wideFibonacciWitness } from '../../src/examples/wide-fibonacci.js';

test('evaluation-domain neighbour table matches the group shift P + k·G_N', () => {
  for (const [n, L] of [
    [3, 1],
    [3, 2],
    [4, 1],
  ] as const) {
    const m = n + L;
    const coeffs = Uint32Array.from({ length: 2 ** n }, (_, i) => (i * 2654435761) % 0x7fffffff);
    const vals = evaluate(coeffs, m);
    const dom = canonicCoset(m).circleDomain;
    const step = canonicCoset(n).step;
    for (const k of [-2, -1, 1, 2]) {
      const t = evalOffsetTable(n, m, k);
      for (let r = 0; r < 2 ** m; r++) {
        const q = pointAdd(dom.at(bitReverseIndex(r, m)), pointMul(step, k));
        assert.equal(vals[t[r]!], evaluateAtPoint(coeffs, q), `n=${n} L=${L} k=${k} r=${r}`);
        assert.ok(pointsEqual(dom.at(bitReverseIndex(t[r]!, m)), q));
      }
    }
  }
});

test('trace-domain neighbour table follows rows (row i+k of the row at r)', () => {
  const n = 4;
  const dom = canonicCoset(n).circleDomain;
  const step = canonicCoset(n).step;
  for (const k of [-1, 1, 3]) {
    const t = traceOffsetTable(n, k);
    for (let r = 0; r < 2 ** n; r++) {
      assert.ok(pointsEqual(dom.at(bitReverseIndex(t[r]!, n)), pointAdd(dom.at(bitReverseIndex(r, n)), pointMul(step, k))));
    }
  }
});

test('vanishing inverse table equals 1/Z_H at every evaluation point', () => {
  for (const [n, L] of [
    [3, 1],
    [3, 3],
    [5, 2],
  ] as const) {
    const m = n + L;
    const dom = canonicCoset(m).circleDomain;
    const t = vanishingInverseTable(n, m);
    for (let r = 0; r < 2 ** m; r++) {
      assert.equal(t[r >>> n], m31.inv(canonicVanishing(n, dom.at(bitReverseIndex(r, m)))));
    }
  }
});

/** Composition value at P computed the prover's way and the verifier's way. */
function compositionBothWays(air: Air, witness: Witness): { prover: QM31; verifier: QM31 } {
  const ch = new Blake2sChannel();
  ch.mixBytes(new TextEncoder().encode('composition test'));
  const elements = drawRelationElements(air.relations, ch);
  const alpha = [...ch.drawFelt()] as unknown as QM31;
  const p = securePointFromT([...ch.drawFelt()] as unknown as QM31);
  const pre = preprocessedToStorage(air);
  const main = witnessToStorage(air, witness);
  const weights = constraintWeights(air, alpha);
  const compLog = air.compositionLogSize;
  const total = [0, 1, 2, 3].map(() => new Uint32Array(2 ** compLog));
  let verifier: QM31 = qm31.ZERO;
  air.components.forEach((c, ci) => {
    const lay = air.layout[ci]!;
    const cPre = lay.preprocessed.map((g) => pre[g]!);
    const inter = generateInteraction(c, cPre, main[ci]!, componentParams(c, elements, qm31.ZERO));
    const params = componentParams(c, elements, inter.claimedSum);
    const coeffs = { pre: cPre.map((x) => interpolate(x)), main: main[ci]!.map((x) => interpolate(x)), inter: inter.columns.map((x) => interpolate(x)) };
    const ext = (cs: Uint32Array[]) => cs.map((x) => evaluate(x, c.evalLogSize));
    const out = secureColumn(2 ** c.evalLogSize);
    const w = weights[ci]!;
    accumulateComposition(c, { pre: ext(coeffs.pre), main: ext(coeffs.main), inter: ext(coeffs.inter) }, params, w, out);
    for (let k = 0; k < 4; k++) {
      const cf = extendCoefficients(interpolate(out[k]), compLog);
      for (let i = 0; i < cf.length; i++) total[k]![i] = m31.add(total[k]![i]!, cf[i]!);
    }
    // Verifier side: sampled values of this component's columns at its mask points.
    const sampled: QM31[][][] = [[], [], []];
    lay.preprocessed.forEach((g, j) => (sampled[0]![g] = [evaluateAtSecurePoint(coeffs.pre[j]!, p)]));
    c.mainOffsets.forEach((offs, j) => (sampled[1]![lay.mainStart + j] = offs.map((o) => evaluateAtSecurePoint(coeffs.main[j]!, maskPoint(p, c.logSize, o)))));
    c.interactionOffsets.forEach((offs, j) => {
      for (let k = 0; k < 4; k++) {
        sampled[2]![lay.interactionStart + 4 * j + k] = offs.map((o) => evaluateAtSecurePoint(coeffs.inter[4 * j + k]!, maskPoint(p, c.logSize, o)));
      }
    });
    const wq: QM31[] = [];
    for (let g = 0; g < c.constraints.length; g++) wq.push([w[4 * g]!, w[4 * g + 1]!, w[4 * g + 2]!, w[4 * g + 3]!]);
    const s = constraintSumAt(c, sampledCellReader(air, ci, sampled), params, wq);
    verifier = qm31.add(verifier, qm31.div(s, vanishingAt(c, p)));
  });
  const q = total.map((cf) => evaluateAtSecurePoint(cf, p));
  return { prover: qm31.fromPartialEvals(q[0]!, q[1]!, q[2]!, q[3]!), verifier };
}

test('wide Fibonacci: composition at the OOD point agrees between prover and verifier', () => {
  const air = wideFibonacciAir(5, 12);
  const w = wideFibonacciWitness(5, 12, 3);
  assert.ok(checkWitness(air, w).ok);
  const { prover, verifier } = compositionBothWays(air, w);
  assert.deepEqual(prover, verifier);
  // One broken cell: the checker names it, and the two sides no longer agree.
  const bad = w.components[0]!.map((c) => c.slice());
  bad[7]![9] = m31.add(bad[7]![9]!, 1);
  const broken: Witness = { components: [bad], order: 'storage' };
  const res = checkWitness(air, broken);
  assert.equal(res.ok, false);
  assert.ok(res.failures.length >= 1 && res.failures.every((f) => f.constraint === 5 || f.constraint === 6 || f.constraint === 7));
  const again = compositionBothWays(air, broken);
  assert.notDeepEqual(again.prover, again.verifier);
});

test('range check (preprocessed columns, offset −1, logUp in pairs, mixed sizes): prover and verifier agree', () => {
  const k = 5;
  const n = 3;
  const air = rangeCheckAir(k, n);
  const pairs = Array.from({ length: 2 ** n }, (_, i) => [i % 7, (3 * i) % 11] as const);
  const w = rangeCheckWitness(k, n, pairs);
  const res = checkWitness(air, w);
  assert.deepEqual(res.failures, []);
  assert.ok(qm31.isZero(res.logUpTotal));
  const { prover, verifier } = compositionBothWays(air, w);
  assert.deepEqual(prover, verifier);
});

test('checker: an out-of-table value unbalances logUp; a broken transition is reported on its row', () => {
  const k = 4;
  const n = 3;
  const air = rangeCheckAir(k, n);
  const pairs = Array.from({ length: 2 ** n }, (_, i) => [i, 1] as const);
  const bad = pairs.map((p, i) => (i === 5 ? ([20, 1] as const) : p)); // 20 and 21 are not in [0, 16)
  const res = checkWitness(air, rangeCheckWitness(k, n, bad));
  assert.deepEqual(res.failures, []); // every constraint holds row by row …
  assert.ok(!qm31.isZero(res.logUpTotal)); // … but the sums do not cancel
  assert.equal(res.ok, false);
  const w = rangeCheckWitness(k, n, pairs);
  const x = (w.components[2] as Uint32Array[])[0]!;
  x[4] = 9; // counter rows 4 and 5 now violate x = x[−1] + 1 (the multiplicities are left as they were)
  const res2 = checkWitness(air, w);
  const trans = res2.failures.filter((f) => f.component === 'counter' && f.label === 'x = x[-1] + 1');
  assert.deepEqual(
    trans.map((f) => f.row),
    [4, 5],
  );
});
