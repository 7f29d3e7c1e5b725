import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bitReverseIndex, canonicCoset, halfOddsCoset, lineDomain, secureDoubleX } from '../../src/circle/index.js';
import { getAt, qm31, secureColumn, setAt } from '../../src/field/index.js';
import type { QM31 } from '../../src/field/index.js';
import {
  lineDomainPointAt,
  lineEvalAtPoint,
  lineEvaluate,
  lineFft,
  lineIfft,
  lineInterpolate,
  linePoly,
  linePolyFromOrderedCoefficients,
  orderedCoefficients,
  PolyError,
} from '../../src/poly/index.js';
import { randomM31, randomSecure } from './helpers.js';

test('line basis: natural coefficient c multiplies x^(c₀)·π(x)^(c₁)·π²(x)^(c₂)…, stored bit-reversed', () => {
  const x: QM31 = [12, 34, 56, 78];
  const px = secureDoubleX(x);
  const ppx = secureDoubleX(px);
  const basis = (c: number) => {
    const col = secureColumn(8);
    setAt(col, c, qm31.ONE);
    return lineEvalAtPoint(linePolyFromOrderedCoefficients(col), x);
  };
  assert.deepEqual(basis(0), qm31.ONE);
  assert.deepEqual(basis(1), x);
  assert.deepEqual(basis(2), px);
  assert.deepEqual(basis(3), qm31.mul(x, px));
  assert.deepEqual(basis(4), ppx);
  assert.deepEqual(basis(7), qm31.mul(x, qm31.mul(px, ppx)));
  // Stored order is bit-reversed: storage index 4 (MSB) holds natural coefficient 1 (x).
  const stored = secureColumn(8);
  setAt(stored, 4, qm31.ONE);
  assert.deepEqual(lineEvalAtPoint(linePoly(stored), x), x);
});

test('line interpolation and evaluation are inverse, and agree with evaluation at domain points', () => {
  for (let k = 0; k <= 7; k++) {
    const domain = lineDomain(canonicCoset(k + 1).halfCoset);
    const values = randomSecure(2 ** k, 40 + k);
    const poly = lineInterpolate(values, domain);
    assert.equal(poly.logSize, k);
    for (let i = 0; i < 2 ** k; i++) {
      const x = lineDomainPointAt(domain, i);
      assert.deepEqual(lineEvalAtPoint(poly, [x, 0, 0, 0]), getAt(values, i), `k=${k} i=${i}`);
    }
    assert.deepEqual(lineEvaluate(poly, domain), values);
    assert.deepEqual(linePolyFromOrderedCoefficients(orderedCoefficients(poly)).coeffs, poly.coeffs);
  }
  // A non-canonic line domain works too.
  const d = lineDomain(halfOddsCoset(4).shift(2 ** 20));
  const v = randomSecure(16, 1);
  const p = lineInterpolate(v, d);
  for (let i = 0; i < 16; i++) assert.deepEqual(lineEvalAtPoint(p, [d.at(bitReverseIndex(i, 4)), 0, 0, 0]), getAt(v, i));
});

test('line FFT/IFFT on one coordinate, and evaluation on a larger domain', () => {
  const domain = lineDomain(canonicCoset(6).halfCoset);
  const c = randomM31(32, 8);
  const v = c.slice();
  lineFft(v, domain);
  lineIfft(v, domain);
  // Unnormalised: the round trip multiplies by the length.
  c.forEach((x, i) => assert.equal(v[i], Number((BigInt(x) * 32n) % (2n ** 31n - 1n))));
  const small = lineInterpolate(randomSecure(4, 3), lineDomain(canonicCoset(3).halfCoset));
  const big = lineDomain(canonicCoset(6).halfCoset);
  const ev = lineEvaluate(small, big);
  for (let i = 0; i < 32; i++) assert.deepEqual(getAt(ev, i), lineEvalAtPoint(small, [lineDomainPointAt(big, i), 0, 0, 0]));
  assert.throws(() => lineFft(new Uint32Array(8), domain), PolyError);
  assert.throws(() => lineEvaluate(linePoly(randomSecure(64, 1)), domain), PolyError);
  assert.throws(() => linePoly(secureColumn(3)), PolyError);
});
