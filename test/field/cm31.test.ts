import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cm31, FieldError } from '../../src/field/index.js';
import { cm31Arb, m31Arb, P } from './arbitraries.js';

test("CM31 vector from Stwo's tests: (1 + 2i)(4 + 5i) = −6 + 13i", () => {
  assert.deepEqual(cm31.mul([1, 2], [4, 5]), [P - 6, 13]);
});

test('i² = −1 and conjugation', () => {
  assert.deepEqual(cm31.mul(cm31.I, cm31.I), [P - 1, 0]);
  assert.deepEqual(cm31.conj([3, 4]), [3, P - 4]);
  assert.equal(cm31.norm([3, 4]), 25);
});

test('CM31 product matches the definition computed with BigInt (property)', () => {
  fc.assert(
    fc.property(cm31Arb, cm31Arb, (x, y) => {
      const [a, b] = x.map(BigInt) as [bigint, bigint];
      const [c, d] = y.map(BigInt) as [bigint, bigint];
      const red = (v: bigint) => Number(((v % BigInt(P)) + BigInt(P)) % BigInt(P));
      assert.deepEqual(cm31.mul(x, y), [red(a * c - b * d), red(a * d + b * c)]);
      const out = new Uint32Array(3);
      cm31.mulInto(out, 1, x[0], x[1], y[0], y[1]);
      assert.deepEqual([out[1], out[2]], [red(a * c - b * d), red(a * d + b * c)]);
    }),
    { numRuns: 5000 },
  );
});

test('CM31 field axioms and inverses (property)', () => {
  fc.assert(
    fc.property(cm31Arb, cm31Arb, cm31Arb, (a, b, c) => {
      assert.deepEqual(cm31.add(a, b), cm31.add(b, a));
      assert.deepEqual(cm31.mul(a, b), cm31.mul(b, a));
      assert.deepEqual(cm31.mul(cm31.mul(a, b), c), cm31.mul(a, cm31.mul(b, c)));
      assert.deepEqual(cm31.add(cm31.add(a, b), c), cm31.add(a, cm31.add(b, c)));
      assert.deepEqual(cm31.mul(a, cm31.add(b, c)), cm31.add(cm31.mul(a, b), cm31.mul(a, c)));
      assert.deepEqual(cm31.sub(cm31.add(a, b), b), a);
      assert.deepEqual(cm31.add(a, cm31.neg(a)), cm31.ZERO);
      assert.deepEqual(cm31.mul(a, cm31.ONE), a);
      if (!cm31.isZero(a)) {
        assert.deepEqual(cm31.mul(a, cm31.inv(a)), cm31.ONE);
        assert.deepEqual(cm31.mul(cm31.div(b, a), a), b);
      }
    }),
    { numRuns: 1000 },
  );
});

test('mulM31, fromM31, of, errors', () => {
  fc.assert(fc.property(cm31Arb, m31Arb, (a, s) => cm31.eq(cm31.mulM31(a, s), cm31.mul(a, cm31.fromM31(s)))));
  assert.throws(() => cm31.inv(cm31.ZERO), FieldError);
  assert.throws(() => cm31.of(P, 0), FieldError);
  assert.deepEqual(cm31.of(1, 2), [1, 2]);
  assert.equal(cm31.toString([1, 2]), '1 + 2i');
});
