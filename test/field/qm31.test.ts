import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cm31, FieldError, qm31 } from '../../src/field/index.js';
import type { QM31 } from '../../src/field/index.js';
import { m31Arb, P, qm31Arb, qm31MulBig } from './arbitraries.js';

test("QM31 vectors from Stwo's tests", () => {
  assert.deepEqual(qm31.mul([1, 2, 3, 4], [4, 5, 6, 7]), [P - 71, 93, P - 16, 50]);
  assert.deepEqual(qm31.conj([1, 2, 3, 4]), [1, 2, P - 3, P - 4]);
});

test('u² = 2 + i, i² = −1', () => {
  assert.deepEqual(qm31.mul(qm31.U, qm31.U), [2, 1, 0, 0]);
  assert.deepEqual(qm31.mul(qm31.I, qm31.I), [P - 1, 0, 0, 0]);
});

test('fused QM31 product matches the definition computed with BigInt (property, edges included)', () => {
  fc.assert(fc.property(qm31Arb, qm31Arb, (x, y) => assert.deepEqual(qm31.mul(x, y), qm31MulBig(x, y))), {
    numRuns: 20000,
  });
  const e: QM31 = [P - 1, P - 1, P - 1, P - 1];
  assert.deepEqual(qm31.mul(e, e), qm31MulBig(e, e));
  const out = new Uint32Array(6);
  qm31.mulInto(out, 2, P - 1, 0, P - 1, 1, P - 2, P - 1, 0, P - 1);
  assert.deepEqual([...out.subarray(2)], qm31MulBig([P - 1, 0, P - 1, 1], [P - 2, P - 1, 0, P - 1]));
});

test('QM31 field axioms and inverses (property)', () => {
  fc.assert(
    fc.property(qm31Arb, qm31Arb, qm31Arb, (a, b, c) => {
      assert.deepEqual(qm31.add(a, b), qm31.add(b, a));
      assert.deepEqual(qm31.mul(a, b), qm31.mul(b, a));
      assert.deepEqual(qm31.mul(qm31.mul(a, b), c), qm31.mul(a, qm31.mul(b, c)));
      assert.deepEqual(qm31.add(qm31.add(a, b), c), qm31.add(a, qm31.add(b, c)));
      assert.deepEqual(qm31.mul(a, qm31.add(b, c)), qm31.add(qm31.mul(a, b), qm31.mul(a, c)));
      assert.deepEqual(qm31.sub(qm31.add(a, b), b), a);
      assert.deepEqual(qm31.add(a, qm31.neg(a)), qm31.ZERO);
      assert.deepEqual(qm31.mul(a, qm31.ONE), a);
      if (!qm31.isZero(a)) {
        assert.deepEqual(qm31.mul(a, qm31.inv(a)), qm31.ONE);
        assert.deepEqual(qm31.mul(qm31.div(b, a), a), b);
      }
    }),
    { numRuns: 1000 },
  );
});

test('conj is the automorphism x ↦ x^(p²): multiplicative, fixes CM31, an involution', () => {
  const p2 = BigInt(P) ** 2n;
  fc.assert(
    fc.property(qm31Arb, qm31Arb, (a, b) => {
      assert.deepEqual(qm31.conj(qm31.mul(a, b)), qm31.mul(qm31.conj(a), qm31.conj(b)));
      assert.deepEqual(qm31.conj(qm31.conj(a)), a);
      assert.deepEqual(qm31.conj([a[0], a[1], 0, 0]), [a[0], a[1], 0, 0]);
    }),
    { numRuns: 300 },
  );
  const x: QM31 = [5, 7, 11, 13];
  assert.deepEqual(qm31.pow(x, p2), qm31.conj(x));
});

test('the multiplicative group has order p⁴ − 1', () => {
  const x: QM31 = [3, 1, 4, 1];
  assert.deepEqual(qm31.pow(x, BigInt(P) ** 4n - 1n), qm31.ONE);
  assert.deepEqual(qm31.pow(x, 0), qm31.ONE);
  assert.deepEqual(qm31.pow(x, 3), qm31.mul(x, qm31.mul(x, x)));
  assert.deepEqual(qm31.pow(x, 3n), qm31.pow(x, 3));
});

test('mixed operations and constructors', () => {
  fc.assert(
    fc.property(qm31Arb, m31Arb, (a, s) => {
      assert.deepEqual(qm31.mulM31(a, s), qm31.mul(a, qm31.fromM31(s)));
      assert.deepEqual(qm31.addM31(a, s), qm31.add(a, qm31.fromM31(s)));
      assert.deepEqual(qm31.mulCM31(a, [s, 3]), qm31.mul(a, [s, 3, 0, 0]));
      const out = new Uint32Array(4);
      qm31.mulM31Into(out, 0, a[0], a[1], a[2], a[3], s);
      assert.deepEqual([...out], qm31.mulM31(a, s));
      qm31.addInto(out, 0, a[0], a[1], a[2], a[3], s, s, s, s);
      assert.deepEqual([...out], qm31.add(a, [s, s, s, s]));
      qm31.subInto(out, 0, a[0], a[1], a[2], a[3], s, s, s, s);
      assert.deepEqual([...out], qm31.sub(a, [s, s, s, s]));
    }),
    { numRuns: 300 },
  );
  assert.deepEqual(qm31.fromCM31([1, 2], [3, 4]), [1, 2, 3, 4]);
  // v0 + v1·i + v2·u + v3·iu with v_k ∈ M31 embedded gives the coordinates directly.
  assert.deepEqual(qm31.fromPartialEvals([1, 0, 0, 0], [2, 0, 0, 0], [3, 0, 0, 0], [4, 0, 0, 0]), [1, 2, 3, 4]);
  assert.deepEqual(cm31.mul(qm31.R, [1, 0]), [2, 1]);
  assert.throws(() => qm31.inv(qm31.ZERO), FieldError);
  assert.throws(() => qm31.of(0, 0, 0, P), FieldError);
  assert.throws(() => qm31.pow([1, 0, 0, 0], -1), FieldError);
  assert.equal(qm31.toString([1, 2, 3, 4]), '[1, 2, 3, 4]');
});
