import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proofLayout, starkConfig, TEST_STARK_CONFIG, TEST_ZK_STARK_CONFIG, ZK_SLACK, LayoutError } from '../../src/stark/index.js';
import { DEFAULT_CONFIG } from '../../src/pcs/index.js';
import { wideFibonacciAir } from '../../src/examples/wide-fibonacci.js';
import { rangeCheckAir } from '../../src/examples/range-check.js';

test('layout without zero knowledge: trace sizes as declared, composition at max(n + L)', () => {
  const air = rangeCheckAir(6, 5);
  const l = proofLayout(air, TEST_STARK_CONFIG);
  assert.deepEqual(l.treeLogSizes[0], [6, 5]);
  assert.deepEqual(l.treeLogSizes[1], [6, 5, 5, 5, 5]);
  assert.deepEqual(l.treeLogSizes[2], [...Array(4).fill(6), ...Array(8).fill(5), ...Array(4).fill(5)]);
  assert.deepEqual(l.evalLogSizes, [7, 6, 6]);
  assert.equal(l.compositionLogSize, 7);
  assert.deepEqual(l.treeLogSizes[3], [7, 7, 7, 7]);
  assert.deepEqual(l.maskLogSizes, []);
  assert.equal(l.maxCommitLogSize, 8);
});

test('layout with zero knowledge: blinding counts, n + 1 trace polynomials, degree budget, FRI masks', () => {
  // Wide Fibonacci: degree 2, one mask offset: h = 4 + q·2 + slack; L stays 1.
  const fib = proofLayout(wideFibonacciAir(8, 10), TEST_ZK_STARK_CONFIG);
  assert.deepEqual(fib.blinding, [4 + 3 * 2 + ZK_SLACK]);
  assert.deepEqual(fib.committedLogSizes, [9]);
  assert.deepEqual(fib.evalLogSizes, [9]);
  assert.deepEqual(fib.treeLogSizes[3], [9, 9, 9, 9, 9]); // composition, then one mask for the single size 9
  assert.deepEqual(fib.maskLogSizes, [9]);
  // Range check: every component reads an interaction column at [−1, 0]; the adder has degree 3, so its L grows to 2.
  const rc = proofLayout(rangeCheckAir(7, 6), TEST_ZK_STARK_CONFIG);
  assert.deepEqual(rc.committedLogSizes, [8, 7, 7]);
  // table: degree 2, L = 1; adder: its three lookups and the blinding batched at degree 4 (ZK_BATCH_DEGREE),
  // and its 2^6 rows are few for h = 25 (> N/4), so L = 3; counter: degree 2, L = 1.
  assert.deepEqual(rc.evalLogSizes, [8, 9, 7]);
  assert.deepEqual(rc.blinding, [4 * 2 + 3 * 3 + ZK_SLACK, 4 * 2 + 3 * 3 + ZK_SLACK, 4 * 2 + 3 * 3 + ZK_SLACK]);
  assert.deepEqual(rc.maskLogSizes, [9, 8, 7, 6]); // every distinct size: 9 (composition), 8 (table), 7 (table pre, others), 6 (is_first)
  // Production queries need larger traces: 2^7 rows are too few for 40 queries at two offsets.
  const prod = starkConfig({ pcs: DEFAULT_CONFIG, zeroKnowledge: true });
  assert.throws(() => proofLayout(rangeCheckAir(7, 7), prod), LayoutError);
  assert.doesNotThrow(() => proofLayout(rangeCheckAir(8, 8), prod));
});
