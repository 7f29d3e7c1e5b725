import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  antipode,
  CIRCLE_GENERATOR,
  CircleError,
  circlePoint,
  conjugate,
  doubleX,
  IDENTITY,
  indexAdd,
  indexHalf,
  indexLogOrder,
  indexMul,
  indexNeg,
  indexSub,
  indexToPoint,
  isOnCircle,
  logOrder,
  pointAdd,
  pointDouble,
  pointMul,
  pointsEqual,
  pointSub,
  repeatedDouble,
  subgroupGenerator,
  subgroupGenIndex,
} from '../../src/circle/index.js';

const P = 2 ** 31 - 1;
const indexArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

test('the generator (2, 1268011823) lies on the circle and has order 2^31', () => {
  assert.ok(isOnCircle(CIRCLE_GENERATOR));
  assert.equal(logOrder(CIRCLE_GENERATOR), 31);
  assert.ok(!pointsEqual(repeatedDouble(CIRCLE_GENERATOR, 30), IDENTITY));
  assert.ok(pointsEqual(repeatedDouble(CIRCLE_GENERATOR, 31), IDENTITY));
});

test('subgroup generators G_2, G_4, G_8, G_16 have the documented values and orders', () => {
  assert.deepEqual(subgroupGenerator(1), { x: P - 1, y: 0 });
  assert.deepEqual(subgroupGenerator(2), { x: 0, y: P - 1 });
  assert.deepEqual(subgroupGenerator(3), { x: 32768, y: P - 32768 });
  assert.deepEqual(subgroupGenerator(4), { x: 590768354, y: 978592373 });
  for (let n = 0; n <= 31; n++) assert.equal(logOrder(subgroupGenerator(n)), n, `G_2^${n}`);
  assert.equal(subgroupGenIndex(0), 0);
  assert.equal(subgroupGenIndex(31), 1);
  assert.throws(() => subgroupGenIndex(32), CircleError);
});

test('indexToPoint (windowed table) equals double-and-add from the generator', () => {
  const edge = [0, 1, 15, 16, 17, 255, 2 ** 28, 2 ** 30, 2 ** 31 - 1, 0x12345678, 0x7ffffff0];
  for (const k of edge) assert.deepEqual(indexToPoint(k), pointMul(CIRCLE_GENERATOR, k), `k = ${k}`);
  fc.assert(fc.property(indexArb, (k) => assert.deepEqual(indexToPoint(k), pointMul(CIRCLE_GENERATOR, k))), { numRuns: 300 });
});

test('index arithmetic is a homomorphism onto the group (property)', () => {
  fc.assert(
    fc.property(indexArb, indexArb, fc.integer({ min: -1000, max: 1000 }), (a, b, k) => {
      const pa = indexToPoint(a);
      const pb = indexToPoint(b);
      assert.ok(isOnCircle(pa));
      assert.deepEqual(indexToPoint(indexAdd(a, b)), pointAdd(pa, pb));
      assert.deepEqual(indexToPoint(indexSub(a, b)), pointSub(pa, pb));
      assert.deepEqual(indexToPoint(indexNeg(a)), conjugate(pa));
      assert.deepEqual(indexToPoint(indexMul(a, k)), pointMul(pa, k));
      assert.equal(indexLogOrder(a), logOrder(pa));
    }),
    { numRuns: 200 },
  );
});

test('group law: associativity, commutativity, identity, inverses (property)', () => {
  fc.assert(
    fc.property(indexArb, indexArb, indexArb, (a, b, c) => {
      const [p, q, r] = [indexToPoint(a), indexToPoint(b), indexToPoint(c)];
      assert.deepEqual(pointAdd(pointAdd(p, q), r), pointAdd(p, pointAdd(q, r)));
      assert.deepEqual(pointAdd(p, q), pointAdd(q, p));
      assert.deepEqual(pointAdd(p, IDENTITY), p);
      assert.deepEqual(pointAdd(p, conjugate(p)), IDENTITY);
      assert.deepEqual(pointDouble(p), pointAdd(p, p));
      assert.equal(doubleX(p.x), pointDouble(p).x);
      assert.deepEqual(antipode(p), pointAdd(p, subgroupGenerator(1)));
      // P + G_4 = (y, −x)
      assert.deepEqual(pointAdd(p, subgroupGenerator(2)), { x: p.y, y: (P - p.x) % P });
    }),
    { numRuns: 200 },
  );
});

test('point constructors and scalar edge cases', () => {
  assert.deepEqual(circlePoint(0, 1), { x: 0, y: 1 });
  assert.throws(() => circlePoint(2, 2), CircleError);
  assert.throws(() => circlePoint(P, 0), /canonical/);
  assert.deepEqual(pointMul(CIRCLE_GENERATOR, 0), IDENTITY);
  assert.deepEqual(pointMul(CIRCLE_GENERATOR, 2 ** 31), IDENTITY);
  assert.deepEqual(pointMul(CIRCLE_GENERATOR, -3), conjugate(pointMul(CIRCLE_GENERATOR, 3)));
  assert.throws(() => pointMul(CIRCLE_GENERATOR, 0.5), CircleError);
  assert.equal(indexHalf(6), 3);
  assert.throws(() => indexHalf(3), CircleError);
  assert.throws(() => logOrder({ x: 5, y: 5 }), CircleError);
});
