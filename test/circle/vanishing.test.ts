import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  canonicCoset,
  canonicVanishing,
  canonicVanishingInverseSecure,
  canonicVanishingSecure,
  CircleError,
  coset,
  cosetVanishing,
  cosetVanishingSecure,
  halfOddsCoset,
  indexToPoint,
  oddsCoset,
  securePointFromM31,
  securePointFromT,
  subgroupCoset,
} from '../../src/circle/index.js';
import { qm31 } from '../../src/field/index.js';

test('Z of a canonic coset vanishes exactly on that coset', () => {
  for (let n = 1; n <= 8; n++) {
    const own = canonicCoset(n).coset.points();
    for (const p of own) assert.equal(canonicVanishing(n, p), 0);
    // Every point of order dividing 2^(n+3) outside the coset is a non-root.
    const inside = new Set(own.map((p) => `${p.x},${p.y}`));
    for (const p of subgroupCoset(n + 3).points()) {
      if (!inside.has(`${p.x},${p.y}`)) assert.notEqual(canonicVanishing(n, p), 0, `n=${n}`);
    }
  }
  assert.throws(() => canonicVanishing(0, indexToPoint(1)), CircleError);
});

test("coset vanishing polynomials (Stwo's test_coset_vanishing)", () => {
  const cosets = [halfOddsCoset(5), oddsCoset(5), coset(0, 5), halfOddsCoset(5).conjugate()];
  for (const c0 of cosets) {
    for (const p of c0.points()) {
      assert.equal(cosetVanishing(c0, p), 0);
      for (const c1 of cosets) if (!c1.equals(c0)) assert.notEqual(cosetVanishing(c1, p), 0);
    }
  }
  // For the canonic coset the shift vanishes: Z_D = π^(n−1)(x).
  for (const i of [3, 77, 123456]) assert.equal(cosetVanishing(oddsCoset(6), indexToPoint(i)), canonicVanishing(6, indexToPoint(i)));
});

test('secure versions agree with M31 ones and reject points on the coset', () => {
  for (const i of [1, 5, 99, 2 ** 20 + 3]) {
    const p = indexToPoint(i);
    const sp = securePointFromM31(p);
    assert.deepEqual(canonicVanishingSecure(7, sp), qm31.fromM31(canonicVanishing(7, p)));
    assert.deepEqual(cosetVanishingSecure(halfOddsCoset(4), sp), qm31.fromM31(cosetVanishing(halfOddsCoset(4), p)));
  }
  const ood = securePointFromT([1, 2, 3, 4]);
  const inv = canonicVanishingInverseSecure(5, ood);
  assert.deepEqual(qm31.mul(inv, canonicVanishingSecure(5, ood)), qm31.ONE);
  assert.throws(() => canonicVanishingInverseSecure(3, securePointFromM31(canonicCoset(3).at(2))), CircleError);
});
