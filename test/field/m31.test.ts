import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FieldError, m31 } from '../../src/field/index.js';
import { m31Arb, mulBig, nonZeroM31Arb, P } from './arbitraries.js';

test('M31 constants', () => {
  assert.equal(m31.P, 2 ** 31 - 1);
  assert.equal(m31.ZERO, 0);
  assert.equal(m31.ONE, 1);
});

test('mul agrees with BigInt on edge values', () => {
  const edges = [0, 1, 2, 3, 2 ** 15, 2 ** 16 - 1, 2 ** 16, 2 ** 30 - 1, 2 ** 30, 2 ** 30 + 1, P - 3, P - 2, P - 1];
  for (const a of edges) for (const b of edges) assert.equal(m31.mul(a, b), mulBig(a, b), `${a}·${b}`);
});

test('mul agrees with BigInt on random values (property)', () => {
  fc.assert(fc.property(m31Arb, m31Arb, (a, b) => m31.mul(a, b) === mulBig(a, b)), { numRuns: 20000 });
});

test('mul agrees with BigInt on a dense sweep near products ≈ k·p + p/2 (rounding boundary)', () => {
  // Products whose quotient estimate is closest to .5 stress the round-to-nearest step.
  for (let i = 0; i < 20000; i++) {
    const a = P - 1 - i;
    const b = (P - 1) / 2 + (i % 7);
    assert.equal(m31.mul(a, b), mulBig(a, b));
  }
});

test('add, sub, neg, double are exact and canonical', () => {
  fc.assert(
    fc.property(m31Arb, m31Arb, (a, b) => {
      assert.equal(m31.add(a, b), (a + b) % P);
      assert.equal(m31.sub(a, b), (a - b + P) % P);
      assert.equal(m31.neg(a), (P - a) % P);
      assert.equal(m31.double(a), (2 * a) % P);
    }),
  );
  assert.equal(m31.neg(0), 0);
  assert.equal(m31.add(P - 1, 1), 0);
  assert.equal(m31.sub(0, 1), P - 1);
});

test('field axioms (property)', () => {
  fc.assert(
    fc.property(m31Arb, m31Arb, m31Arb, (a, b, c) => {
      assert.equal(m31.add(a, b), m31.add(b, a));
      assert.equal(m31.mul(a, b), m31.mul(b, a));
      assert.equal(m31.add(m31.add(a, b), c), m31.add(a, m31.add(b, c)));
      assert.equal(m31.mul(m31.mul(a, b), c), m31.mul(a, m31.mul(b, c)));
      assert.equal(m31.mul(a, m31.add(b, c)), m31.add(m31.mul(a, b), m31.mul(a, c)));
      assert.equal(m31.add(a, m31.neg(a)), 0);
      assert.equal(m31.mul(a, 1), a);
      assert.equal(m31.add(a, 0), a);
    }),
  );
});

test('inv, div, pow', () => {
  fc.assert(
    fc.property(nonZeroM31Arb, m31Arb, (a, b) => {
      assert.equal(m31.mul(a, m31.inv(a)), 1);
      assert.equal(m31.mul(m31.div(b, a), a), b);
    }),
    { numRuns: 500 },
  );
  assert.equal(m31.pow(3, 0), 1);
  assert.equal(m31.pow(3, 5), 243);
  assert.equal(m31.pow(5, P - 1), 1); // Fermat
  assert.equal(m31.pow(2, 31), 1); // 2^31 ≡ 1
  assert.equal(m31.pow(7, 2 ** 40), Number(7n ** (2n ** 40n % (BigInt(P) - 1n)) % BigInt(P)));
  assert.equal(m31.inv(2), 2 ** 30);
  assert.throws(() => m31.inv(0), FieldError);
  assert.throws(() => m31.div(1, 0), FieldError);
  assert.throws(() => m31.pow(2, -1), FieldError);
  assert.throws(() => m31.pow(2, 0.5), FieldError);
});

test('fromU32, reduce, isCanonical', () => {
  for (const x of [0, 1, P - 1, P, P + 1, 2 ** 32 - 1, 2 ** 31, 123456789, 3000000000]) {
    assert.equal(m31.fromU32(x), x % P);
  }
  for (const x of [0, -1, -P, P, 2 * P + 5, -(2 ** 52), 2 ** 53 - 1]) {
    assert.equal(m31.reduce(x), Number(((BigInt(x) % BigInt(P)) + BigInt(P)) % BigInt(P)));
  }
  assert.throws(() => m31.reduce(2 ** 60), FieldError);
  assert.ok(m31.isCanonical(0) && m31.isCanonical(P - 1));
  assert.ok(!m31.isCanonical(P) && !m31.isCanonical(-1) && !m31.isCanonical(1.5));
  assert.throws(() => m31.assertCanonical(P), FieldError);
});

test('batchInverse inverts every element, in place too, and rejects zeros', () => {
  fc.assert(
    fc.property(fc.array(nonZeroM31Arb, { maxLength: 64 }), (xs) => {
      const v = Uint32Array.from(xs);
      const inv = m31.batchInverse(v);
      for (let i = 0; i < xs.length; i++) assert.equal(inv[i], m31.inv(xs[i]!));
      m31.batchInverse(v, v);
      assert.deepEqual(v, inv);
    }),
    { numRuns: 200 },
  );
  assert.throws(() => m31.batchInverse(Uint32Array.from([3, 0, 5])), /element 1 is zero/);
  assert.throws(() => m31.batchInverse(Uint32Array.from([3]), new Uint32Array(2)), FieldError);
  assert.equal(m31.batchInverse(new Uint32Array(0)).length, 0);
});

test('vector ops match scalar ops and check lengths', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(m31Arb, m31Arb), { maxLength: 40 }), m31Arb, (pairs, s) => {
      const a = Uint32Array.from(pairs, (p) => p[0]);
      const b = Uint32Array.from(pairs, (p) => p[1]);
      const o = new Uint32Array(a.length);
      m31.addVec(o, a, b);
      pairs.forEach(([x, y], i) => assert.equal(o[i], m31.add(x, y)));
      m31.subVec(o, a, b);
      pairs.forEach(([x, y], i) => assert.equal(o[i], m31.sub(x, y)));
      m31.mulVec(o, a, b);
      pairs.forEach(([x, y], i) => assert.equal(o[i], m31.mul(x, y)));
      m31.scaleVec(o, a, s);
      pairs.forEach(([x], i) => assert.equal(o[i], m31.mul(x, s)));
      m31.negVec(o, a);
      pairs.forEach(([x], i) => assert.equal(o[i], m31.neg(x)));
    }),
    { numRuns: 200 },
  );
  assert.throws(() => m31.addVec(new Uint32Array(2), new Uint32Array(2), new Uint32Array(3)), FieldError);
});
