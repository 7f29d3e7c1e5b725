import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bitReverseIndex, canonicCoset, indexToPoint, securePointFromM31, securePointFromT } from '../../src/circle/index.js';
import { m31, qm31 } from '../../src/field/index.js';
import {
  buildTwiddleTree,
  evaluateAtPoint,
  evaluateAtSecurePoint,
  evaluateSecureAtSecurePoint,
  extendCoefficients,
  fft,
  getTwiddleTree,
  ifft,
  inversePowerOfTwo,
  lineLayerOffset,
  PolyError,
} from '../../src/poly/index.js';
import { P, randomM31, randomSecure } from './helpers.js';

test('small vectors: [1,2,3,4] on CanonicCoset(2) and [1..8] on CanonicCoset(3)', () => {
  const v = Uint32Array.from([1, 2, 3, 4]);
  fft(v);
  assert.deepEqual([...v], [32767, 163843, 2147450878, 2147319810]);
  const w = Uint32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  fft(w);
  assert.deepEqual(
    [...w],
    [885347334, 2092305986, 1262332919, 55636419, 714723476, 1109642644, 1432563561, 1037382257],
  );
});

test("FFT basis: coefficients [1, 3, 2, 4] mean 1 + 3y + 2x + 4xy (Stwo's test_eval_at_point_with_4_coeffs)", () => {
  for (const i of [1, 12345, 2 ** 30 + 7]) {
    const { x, y } = indexToPoint(i);
    const expected = m31.add(m31.add(1, m31.mul(3, y)), m31.add(m31.mul(2, x), m31.mul(4, m31.mul(x, y))));
    assert.equal(evaluateAtPoint(Uint32Array.from([1, 3, 2, 4]), { x, y }), expected);
  }
  // Coefficient 4 (bit 2) multiplies π(x); coefficient 7 multiplies y·x·π(x).
  const p = indexToPoint(987654);
  const pi = m31.sub(m31.double(m31.sqr(p.x)), 1);
  const e4 = new Uint32Array(8);
  e4[4] = 1;
  assert.equal(evaluateAtPoint(e4, p), pi);
  const e7 = new Uint32Array(8);
  e7[7] = 1;
  assert.equal(evaluateAtPoint(e7, p), m31.mul(p.y, m31.mul(p.x, pi)));
});

test('evaluateAtSecurePoint agrees with M31 evaluation on embedded points; secure coefficients recombine', () => {
  const c = randomM31(64, 5);
  for (const i of [3, 1000, 2 ** 29 + 1]) {
    const p = indexToPoint(i);
    assert.deepEqual(evaluateAtSecurePoint(c, securePointFromM31(p)), qm31.fromM31(evaluateAtPoint(c, p)));
  }
  const ood = securePointFromT([9, 8, 7, 6]);
  const sc = randomSecure(32, 11);
  const parts = sc.map((col) => evaluateAtSecurePoint(col, ood));
  const expected = qm31.add(
    qm31.add(parts[0]!, qm31.mul(parts[1]!, qm31.I)),
    qm31.add(qm31.mul(parts[2]!, qm31.U), qm31.mul(parts[3]!, qm31.mul(qm31.I, qm31.U))),
  );
  assert.deepEqual(evaluateSecureAtSecurePoint(sc, ood), expected);
  assert.deepEqual(evaluateAtSecurePoint(Uint32Array.from([42]), ood), [42, 0, 0, 0]);
  assert.equal(evaluateAtPoint(Uint32Array.from([42]), indexToPoint(5)), 42);
  assert.throws(() => evaluateAtPoint(new Uint32Array(3), indexToPoint(1)), PolyError);
});

test('reference FFT equals naive evaluation at every domain point (n = 1..8) and IFFT inverts it', () => {
  for (let n = 1; n <= 8; n++) {
    const c = randomM31(2 ** n, 100 + n);
    const v = c.slice();
    fft(v);
    const d = canonicCoset(n).circleDomain;
    for (let r = 0; r < 2 ** n; r++) assert.equal(v[r], evaluateAtPoint(c, d.at(bitReverseIndex(r, n))), `n=${n} r=${r}`);
    ifft(v);
    assert.deepEqual(v, c);
  }
});

test('twiddle tree layout: levels are bit-reversed x-coordinates of the doubled half coset', () => {
  const m = 7;
  const tree = buildTwiddleTree(m);
  assert.equal(tree.twiddles.length, 2 ** (m - 1));
  assert.equal(tree.twiddles[tree.twiddles.length - 1], 1);
  let c = canonicCoset(m).halfCoset;
  let off = 0;
  for (let j = 0; j < m - 1; j++) {
    const len = c.size / 2;
    for (let h = 0; h < len; h++) assert.equal(tree.twiddles[off + h], c.at(bitReverseIndex(h, Math.log2(len))).x);
    off += len;
    if (c.logSize > 1) c = c.double();
  }
  for (let i = 0; i < tree.twiddles.length; i++) assert.equal(m31.mul(tree.twiddles[i]!, tree.itwiddles[i]!), 1);
  // Smaller canonic domains reuse the tail: the tree for log 4 is the last 8 entries of the tree for log 7.
  assert.deepEqual(buildTwiddleTree(4).twiddles, tree.twiddles.subarray(tree.twiddles.length - 8));
  assert.equal(lineLayerOffset(tree, 7, 1), 0);
  assert.equal(lineLayerOffset(tree, 4, 1), 56);
  assert.throws(() => lineLayerOffset(buildTwiddleTree(3), 4, 1), PolyError);
  assert.throws(() => buildTwiddleTree(0), PolyError);
  assert.throws(() => buildTwiddleTree(31), PolyError);
});

test('the twiddle cache reuses a larger tree for smaller domains and grows on demand', () => {
  const a = getTwiddleTree(9);
  assert.ok(a.logSize >= 9);
  assert.equal(getTwiddleTree(5), a);
  const b = getTwiddleTree(a.logSize + 1);
  assert.equal(b.logSize, a.logSize + 1);
  assert.equal(getTwiddleTree(3), b);
  // A transform with an explicit (smaller-than-cache) tree gives the same result.
  const c = randomM31(16, 3);
  const x = c.slice();
  const y = c.slice();
  fft(x, buildTwiddleTree(4));
  fft(y);
  assert.deepEqual(x, y);
});

test('misc: inversePowerOfTwo, extendCoefficients, bad lengths', () => {
  for (let n = 0; n <= 30; n++) assert.equal(m31.mul(inversePowerOfTwo(n), 2 ** n % P), 1);
  assert.deepEqual([...extendCoefficients(Uint32Array.from([1, 2]), 2)], [1, 2, 0, 0]);
  assert.throws(() => extendCoefficients(new Uint32Array(8), 2), PolyError);
  assert.throws(() => fft(new Uint32Array(6)), PolyError);
  assert.throws(() => fft(new Uint32Array(1)), PolyError);
  assert.throws(() => ifft(new Uint32Array(0)), PolyError);
});
