import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AirError,
  checkLookupBound,
  component,
  columnRef,
  constant,
  defineAir,
  hasValidBlinding,
  INTERACTION_TREE,
  logExtensionForDegree,
  logUpBlindedAir,
  MAIN_TREE,
  withLogUpBlinding,
  ZK_BATCH_DEGREE,
  ZK_BLIND_RELATION,
  relation,
  SHIFT_PARAM,
} from '../../src/air/index.js';
import { isFirstColumn, rangeCheckAir, rangeColumn } from '../../src/examples/range-check.js';
import { wideFibonacciComponent } from '../../src/examples/wide-fibonacci.js';

const invalid = (f: () => unknown, re?: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof AirError && e.code === 'INVALID_DESCRIPTION' && (!re || re.test(e.message)));

test('log extension per constraint degree follows the degree budget (docs/stark.md)', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 9, 10, 17].map(logExtensionForDegree),
    [1, 1, 1, 2, 2, 3, 3, 4, 4],
  );
  invalid(() => logExtensionForDegree(18));
});

test('degree, masks and batches are derived from the description', () => {
  const c = wideFibonacciComponent(5, 10);
  assert.equal(c.degree, 2);
  assert.equal(c.logExtension, 1);
  assert.equal(c.evalLogSize, 6);
  assert.equal(c.constraints.length, 8);
  assert.deepEqual(c.mainOffsets, Array(10).fill([0]));
  assert.equal(c.nInteraction, 0);

  const air = rangeCheckAir(6, 4);
  const [table, adder, counter] = air.components;
  // Table: one yield → one batch (single fraction), degree 1 + 1 = 2.
  assert.equal(table!.nInteraction, 1);
  // Adder: three uses → a pair and a single: two interaction columns; the pair's constraint has degree 3.
  assert.equal(adder!.nInteraction, 2);
  assert.equal(adder!.degree, 3);
  assert.deepEqual(adder!.interactionOffsets, [[0], [-1, 0]]);
  // Counter: x read at −1 and 0; is_first a preprocessed column at 0.
  assert.deepEqual(counter!.mainOffsets, [[-1, 0]]);
  assert.deepEqual(counter!.preprocessedIds, ['is_first_4']);
  // Layout: tree-0 columns in first-use order, main and interaction columns laid out component by component.
  assert.deepEqual(air.preprocessed.map((p) => p.id), ['range_6', 'is_first_4']);
  assert.deepEqual(air.layout.map((l) => [l.mainStart, l.interactionStart]), [[0, 0], [1, 4], [4, 12]]);
  assert.deepEqual(air.treeWidths, [2, 5, 16]);
  assert.equal(air.compositionLogSize, 7);
  assert.equal(air.totalLookups, 2 ** 6 + 3 * 2 ** 4 + 2 ** 4);
  assert.ok(checkLookupBound(air));
  assert.deepEqual(air.relations.map((r) => r.name), ['range']);
  // The last batch's constraint reads the shift parameter.
  assert.match(adder!.constraints.at(-1)!.toString(), new RegExp(`\\$${SHIFT_PARAM.replace('.', '\\.')}`));
});

test('malformed descriptions are rejected with a clear error', () => {
  invalid(() => component('bad name!', 4, () => {}), /name/);
  invalid(() => component('c', 0, () => {}), /log size/);
  invalid(() => component('c', 27, () => {}), /log size/);
  invalid(() => component('c', 4, (b) => b.constrain(b.main().at(65))), /offset/);
  invalid(() => component('c', 2, (b) => b.constrain(b.main().at(4))), /does not fit/);
  invalid(() => component('c', 4, (b) => b.constrain(b.preprocessed('p').next)), /offset 0/);
  invalid(() => component('c', 4, (b) => b.constrain(constant(1).add(b.main()).mul(b.main()).at(1))), /only a column/);
  invalid(() => component('c', 4, (b) => b.use(relation('r', 1), [b.main(), b.main()])), /1\.\.1 values/);
  invalid(() => component('c', 4, (b) => b.use(relation('r', 2), [])));
  invalid(() => component('c', 4, (b) => b.constrain(b.main().mul(b.main()).mul(b.main()).mul(b.main()).mul(b.main()).mul(b.main()).square().square())), /degree/);
  invalid(() => constant(1.5));
  invalid(() => relation('1r', 1));
  invalid(() => relation('r', 0));
  // Interaction cells in a user constraint: not a base-field expression.
  invalid(
    () =>
      component('c', 4, (b) => {
        const m = b.main();
        b.use(relation('r', 1), [m]);
        b.constrain(m.mul(columnRef(INTERACTION_TREE, 0, 0)));
      }),
    /base-field/,
  );
  const c1 = component('a', 4, (b) => b.constrain(b.preprocessed('range_5')));
  invalid(() => defineAir({ name: 'x', components: [c1] }), /not defined/);
  invalid(() => defineAir({ name: 'x', components: [c1], preprocessed: [rangeColumn(5)] }), /log size/);
  invalid(() => defineAir({ name: 'x', components: [c1, c1], preprocessed: [rangeColumn(4)] }), /duplicate component/);
  invalid(() => defineAir({ name: 'x', components: [] }));
  const r1 = component('r1', 4, (b) => b.use(relation('t', 1), [b.main()]));
  const r2 = component('r2', 4, (b) => b.yield(relation('t', 2), [b.main()]));
  invalid(() => defineAir({ name: 'x', components: [r1, r2] }), /arities/);
  void isFirstColumn;
});

test('a builder cannot be used after its component was built', () => {
  let saved: Parameters<Parameters<typeof component>[2]>[0] | undefined;
  component('c', 3, (b) => {
    saved = b;
    b.main();
  });
  invalid(() => saved!.main(), /after/);
});

test('logUp blinding: four free main columns yielding the constant tuples (0)…(3) of the reserved relation', () => {
  const air = rangeCheckAir(6, 4);
  const [table, adder] = air.components;
  assert.equal(adder!.nBlinding, 0);
  const b = withLogUpBlinding(adder!);
  assert.equal(withLogUpBlinding(adder!), b, 'cached per component');
  assert.equal(b.nBlinding, 4);
  assert.deepEqual(b.mainNames, ['a', 'b', 'c', 'zk.b0', 'zk.b1', 'zk.b2', 'zk.b3']);
  assert.deepEqual(b.userConstraints, adder!.userConstraints);
  assert.deepEqual(b.relations.map((r) => r.name), ['range', 'zk.blind']);
  // Seven fractions in one batch: a, b, c (linear denominators: degree 1 + 3 = ZK_BATCH_DEGREE) and the four
  // blinding ones (constant denominators add no degree); the shift sits on it, read at [−1, 0].
  assert.equal(b.nInteraction, 1);
  assert.deepEqual(b.interactionOffsets, [[-1, 0]]);
  assert.deepEqual(b.mainOffsets, Array(7).fill([0]));
  assert.equal(adder!.degree, 3);
  assert.equal(b.degree, ZK_BATCH_DEGREE);
  b.lookups.slice(3).forEach((l, j) => {
    assert.equal(l.relation, ZK_BLIND_RELATION);
    assert.equal(l.kind, 'yield');
    assert.equal(l.values[0]!.toString(), String(j));
    assert.ok(l.multiplicity.kind === 'col' && l.multiplicity.tree === MAIN_TREE && l.multiplicity.index === 3 + j);
  });
  assert.ok(hasValidBlinding(b));
  assert.ok(hasValidBlinding(adder!));
  // No lookups: unchanged. Twice: refused.
  const fib = wideFibonacciComponent(5, 4);
  assert.equal(withLogUpBlinding(fib), fib);
  invalid(() => withLogUpBlinding(b), /reserved/);
  // The blinded AIR: same preprocessed columns, blinding outside the multiplicity bound.
  const zk = logUpBlindedAir(air);
  assert.equal(zk.components[0], withLogUpBlinding(table!));
  assert.deepEqual(zk.treeWidths, [2, 5 + 12, 4 * 3]); // one QM31 interaction column per component
  assert.equal(zk.totalLookups, air.totalLookups);
  invalid(() => logUpBlindedAir(zk), /reserved/);
  // Shape checks a verifier relies on: a non-constant tuple, another constant, or a shifted multiplicity.
  const swapEntry = (i: number, f: (l: (typeof b.lookups)[number]) => object) => ({ ...b, lookups: b.lookups.map((l, k) => (k === i ? { ...l, ...f(l) } : l)) });
  assert.ok(!hasValidBlinding(swapEntry(5, () => ({ values: [b.lookups[0]!.values[0]!] }))));
  assert.ok(!hasValidBlinding(swapEntry(5, () => ({ values: [constant(7)] }))));
  assert.ok(!hasValidBlinding(swapEntry(5, (l) => ({ multiplicity: l.multiplicity.next }))));
  assert.ok(!hasValidBlinding(swapEntry(5, () => ({ kind: 'use' }))));
  assert.ok(!hasValidBlinding(swapEntry(0, () => ({ relation: ZK_BLIND_RELATION }))));
  // Users cannot reach the reserved relation: not by name, not by a look-alike object, not by defineAir.
  invalid(() => relation('zk.blind', 1));
  invalid(() => component('c', 4, (bb) => bb.yield({ name: 'zk.blind', arity: 1 }, [0], bb.main())), /reserved/);
  invalid(() => defineAir({ name: 'x', components: [b] }), /reserved/);
});
