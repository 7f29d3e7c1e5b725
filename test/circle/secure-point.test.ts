import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  CircleError,
  indexToPoint,
  isOnSecureCircle,
  pointAdd,
  SECURE_CIRCLE_GENERATOR,
  SECURE_IDENTITY,
  securePointAdd,
  securePointAddM31,
  securePointAntipode,
  securePointComplexConjugate,
  securePointConjugate,
  securePointDouble,
  securePointFromM31,
  securePointFromT,
  securePointMul,
  securePointsEqual,
} from '../../src/circle/index.js';
import { qm31 } from '../../src/field/index.js';
import { qm31Arb } from '../field/arbitraries.js';

const P = 2n ** 31n - 1n;

test("Stwo's QM31 circle generator has order exactly p⁴ − 1", () => {
  const order = P ** 4n - 1n;
  const factors = [2n, 3n, 5n, 7n, 11n, 31n, 151n, 331n, 733n, 1709n, 368140581013n];
  const exps = [33n, 2n, 1n, 1n, 1n, 1n, 1n, 1n, 1n, 1n, 1n];
  assert.equal(
    factors.reduce((acc, f, i) => acc * f ** exps[i]!, 1n),
    order,
  );
  assert.ok(isOnSecureCircle(SECURE_CIRCLE_GENERATOR));
  assert.ok(securePointsEqual(securePointMul(SECURE_CIRCLE_GENERATOR, order), SECURE_IDENTITY));
  for (const f of factors) {
    assert.ok(!securePointsEqual(securePointMul(SECURE_CIRCLE_GENERATOR, order / f), SECURE_IDENTITY));
  }
});

test('stereographic map lands on the circle and rejects 1 + t² = 0', () => {
  fc.assert(
    fc.property(qm31Arb, (t) => {
      if (qm31.isZero(qm31.add(qm31.sqr(t), qm31.ONE))) return;
      const p = securePointFromT(t);
      assert.ok(isOnSecureCircle(p));
      // y/(1 + x) = t recovers the parameter.
      assert.deepEqual(qm31.div(p.y, qm31.add(p.x, qm31.ONE)), t);
    }),
    { numRuns: 300 },
  );
  assert.throws(() => securePointFromT(qm31.I), CircleError);
  assert.throws(() => securePointFromT(qm31.neg(qm31.I)), CircleError);
  assert.deepEqual(securePointFromT(qm31.ZERO), SECURE_IDENTITY);
});

test('secure point operations agree with M31 ones on embedded points and with each other', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), qm31Arb, (a, b, t) => {
      const [pa, pb] = [indexToPoint(a), indexToPoint(b)];
      const sa = securePointFromM31(pa);
      assert.deepEqual(securePointAdd(sa, securePointFromM31(pb)), securePointFromM31(pointAdd(pa, pb)));
      if (qm31.isZero(qm31.add(qm31.sqr(t), qm31.ONE))) return;
      const q = securePointFromT(t);
      assert.deepEqual(securePointAddM31(q, pb), securePointAdd(q, securePointFromM31(pb)));
      assert.deepEqual(securePointDouble(q), securePointAdd(q, q));
      assert.deepEqual(securePointAdd(q, securePointConjugate(q)), SECURE_IDENTITY);
      assert.deepEqual(securePointAntipode(q), securePointAdd(q, securePointFromM31({ x: 2 ** 31 - 2, y: 0 })));
      assert.deepEqual(securePointMul(q, 5), securePointAdd(securePointDouble(securePointDouble(q)), q));
      const c = securePointComplexConjugate(q);
      assert.ok(isOnSecureCircle(c));
      assert.deepEqual(c.x, qm31.conj(q.x));
    }),
    { numRuns: 100 },
  );
  assert.throws(() => securePointMul(SECURE_IDENTITY, -1), CircleError);
  assert.throws(() => securePointMul(SECURE_IDENTITY, -1n), CircleError);
});
