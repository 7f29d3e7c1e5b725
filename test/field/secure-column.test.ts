import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  addColumns,
  batchInverseColumn,
  batchInverseQM31,
  columnLength,
  FieldError,
  fromCoordinates,
  getAt,
  mulColumns,
  mulColumnsM31,
  qm31,
  scaleColumn,
  secureColumn,
  secureColumnFrom,
  subColumns,
  toArray,
} from '../../src/field/index.js';
import { m31Arb, qm31Arb } from './arbitraries.js';

test('secure columns store coordinates columnar', () => {
  const c = secureColumnFrom([
    [1, 2, 3, 4],
    [5, 6, 7, 8],
  ]);
  assert.equal(columnLength(c), 2);
  assert.deepEqual([...c[0]], [1, 5]);
  assert.deepEqual([...c[3]], [4, 8]);
  assert.deepEqual(getAt(c, 1), [5, 6, 7, 8]);
  assert.throws(() => fromCoordinates(new Uint32Array(1), new Uint32Array(1), new Uint32Array(2), new Uint32Array(1)), FieldError);
  assert.throws(() => secureColumn(-1), FieldError);
});

test('column arithmetic matches scalar QM31 arithmetic (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(qm31Arb, qm31Arb, m31Arb), { maxLength: 20 }), qm31Arb, (rows, s) => {
      const a = secureColumnFrom(rows.map((r) => r[0]));
      const b = secureColumnFrom(rows.map((r) => r[1]));
      const m = Uint32Array.from(rows, (r) => r[2]);
      const o = secureColumn(rows.length);
      const check = (f: (i: number) => readonly number[]) => rows.forEach((_, i) => assert.deepEqual(getAt(o, i), f(i)));
      addColumns(o, a, b);
      check((i) => qm31.add(rows[i]![0], rows[i]![1]));
      subColumns(o, a, b);
      check((i) => qm31.sub(rows[i]![0], rows[i]![1]));
      mulColumns(o, a, b);
      check((i) => qm31.mul(rows[i]![0], rows[i]![1]));
      mulColumnsM31(o, a, m);
      check((i) => qm31.mulM31(rows[i]![0], rows[i]![2]));
      scaleColumn(o, a, s);
      check((i) => qm31.mul(rows[i]![0], s));
    }),
    { numRuns: 100 },
  );
  assert.throws(() => addColumns(secureColumn(2), secureColumn(2), secureColumn(3)), FieldError);
});

test('batch inversion of QM31 columns', () => {
  fc.assert(
    fc.property(fc.array(qm31Arb.filter((x) => !qm31.isZero(x)), { maxLength: 30 }), (xs) => {
      const inv = batchInverseQM31(xs);
      xs.forEach((x, i) => assert.deepEqual(inv[i], qm31.inv(x)));
      const col = secureColumnFrom(xs);
      batchInverseColumn(col, col);
      assert.deepEqual(toArray(col), inv);
    }),
    { numRuns: 100 },
  );
  assert.throws(() => batchInverseQM31([[1, 0, 0, 0], [0, 0, 0, 0]]), /element 1 is zero/);
});
