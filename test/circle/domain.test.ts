import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  bitReverse,
  bitReverseIndex,
  canonicCoset,
  circleDomain,
  circleDomainIndexToCosetIndex,
  circleDomainOrderToCosetOrder,
  CircleError,
  conjugate,
  coset,
  cosetIndexToCircleDomainIndex,
  cosetIndexToStorageIndex,
  cosetOrderToCircleDomainOrder,
  halfOddsCoset,
  indexAdd,
  indexToPoint,
  lineDomain,
  log2Exact,
  logOrder,
  oddsCoset,
  offsetBitReversedCircleDomainIndex,
  pointAdd,
  pointMul,
  subgroupCoset,
  subgroupGenIndex,
} from '../../src/circle/index.js';
import type { CirclePoint } from '../../src/circle/index.js';

const P = 2 ** 31 - 1;
const key = (p: CirclePoint) => `${p.x},${p.y}`;

test("coset iteration (Stwo's test_iterator)", () => {
  const c = coset(1, 3);
  for (let j = 0; j < 8; j++) {
    assert.equal(c.indexAt(j), indexAdd(1, j * subgroupGenIndex(3)));
    assert.deepEqual(c.at(j), indexToPoint(c.indexAt(j)));
  }
  assert.deepEqual(c.points(), [0, 1, 2, 3, 4, 5, 6, 7].map((j) => c.at(j)));
  assert.equal(c.size, 8);
  assert.ok(c.double().isDoublingOf(c));
  assert.ok(c.repeatedDouble(3).isDoublingOf(c));
  assert.ok(!c.isDoublingOf(c.double()));
  assert.deepEqual(c.double().at(1), pointAdd(c.at(1), c.at(1)));
  assert.deepEqual(c.shift(5).at(2), indexToPoint(indexAdd(c.indexAt(2), 5)));
  assert.deepEqual(c.conjugate().at(3), conjugate(c.at(3)));
  assert.throws(() => coset(0, 0).double(), CircleError);
  assert.throws(() => coset(0, 32), CircleError);
});

test('odds, half_odds and subgroup cosets have the documented indices', () => {
  // For size 8 (log 3, index unit 2^28): odds = [1,3,5,…,15], half_odds = [1,5,9,…,29] in units of 2^(31−5).
  const u4 = 2 ** 27;
  assert.deepEqual([...Array(8).keys()].map((j) => oddsCoset(3).indexAt(j) / u4), [1, 3, 5, 7, 9, 11, 13, 15]);
  const u5 = 2 ** 26;
  assert.deepEqual([...Array(8).keys()].map((j) => halfOddsCoset(3).indexAt(j) / u5), [1, 5, 9, 13, 17, 21, 25, 29]);
  assert.deepEqual(subgroupCoset(2).points(), [
    { x: 1, y: 0 },
    { x: 0, y: P - 1 },
    { x: P - 1, y: 0 },
    { x: 0, y: 1 },
  ]);
});

test('a canonic coset is its half coset plus the conjugate, and its points have order 2N', () => {
  for (const n of [1, 2, 3, 8]) {
    const cc = canonicCoset(n);
    const all = new Set(cc.coset.points().map(key));
    const half = cc.halfCoset.points().map(key);
    const conj = cc.halfCoset.conjugate().points().map(key);
    assert.equal(all.size, 2 ** n);
    assert.ok(half.every((k) => !conj.includes(k)));
    assert.deepEqual(new Set([...half, ...conj]), all);
    for (const p of cc.coset.points()) assert.equal(logOrder(p), n + 1);
    assert.ok(cc.circleDomain.isCanonic());
    assert.deepEqual(new Set(cc.circleDomain.points().map(key)), all);
    assert.equal(cc.circleDomain.size, 2 ** n);
  }
  assert.ok(!circleDomain(coset(1, 2)).isCanonic());
  assert.throws(() => canonicCoset(0), CircleError);
  assert.throws(() => canonicCoset(31), CircleError);
});

test('circle domain natural order: half coset, then its conjugates', () => {
  const d = circleDomain(coset(1, 2));
  for (let i = 0; i < 4; i++) {
    assert.deepEqual(d.at(i), indexToPoint(indexAdd(1, i * subgroupGenIndex(2))));
    assert.deepEqual(d.at(i + 4), conjugate(d.at(i)));
  }
  assert.deepEqual(d.shift(3).at(0), indexToPoint(4));
});

test('canonic cosets of different sizes are disjoint', () => {
  const sets = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => new Set(canonicCoset(n).coset.points().map(key)));
  for (let a = 0; a < sets.length; a++) {
    for (let b = a + 1; b < sets.length; b++) {
      for (const k of sets[a]!) assert.ok(!sets[b]!.has(k), `sizes ${a + 1} and ${b + 1} share ${k}`);
    }
  }
});

test('CanonicCoset(2) in bit-reversed order', () => {
  const d = canonicCoset(2).circleDomain;
  const pts = [0, 1, 2, 3].map((r) => d.at(bitReverseIndex(r, 2)));
  assert.deepEqual(pts, [
    { x: 32768, y: P - 32768 },
    { x: 32768, y: 32768 },
    { x: P - 32768, y: 32768 },
    { x: P - 32768, y: P - 32768 },
  ]);
});

test('bit-reversed storage: conjugate pairs, and quadruples (x,y),(x,−y),(−x,−y),(−x,y)', () => {
  for (const n of [2, 3, 5, 7]) {
    const d = canonicCoset(n).circleDomain;
    const at = (r: number) => d.at(bitReverseIndex(r, n));
    for (let i = 0; i < 2 ** n; i += 4) {
      const p = at(i);
      assert.deepEqual(at(i + 1), conjugate(p));
      assert.deepEqual(at(i + 2), { x: (P - p.x) % P, y: (P - p.y) % P });
      assert.deepEqual(at(i + 3), { x: (P - p.x) % P, y: p.y });
    }
  }
});

test('bit reversal helpers', () => {
  assert.equal(bitReverseIndex(1, 3), 4);
  assert.equal(bitReverseIndex(6, 3), 3);
  assert.equal(bitReverseIndex(5, 0), 5);
  assert.equal(bitReverseIndex(1, 31), 2 ** 30);
  assert.equal(bitReverseIndex(1, 32), 2 ** 31);
  assert.deepEqual([...bitReverse(Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7]))], [0, 4, 2, 6, 1, 5, 3, 7]);
  assert.deepEqual(bitReverse(['a', 'b']), ['a', 'b']);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10 }), (log) => {
      const v = Uint32Array.from({ length: 2 ** log }, (_, i) => i * 7);
      assert.deepEqual(bitReverse(bitReverse(v.slice())), v);
    }),
  );
  assert.throws(() => bitReverse(new Uint32Array(3)), CircleError);
  assert.equal(log2Exact(1024), 10);
  assert.throws(() => log2Exact(0), CircleError);
});

test('trace rows map to storage through c2d then bitrev, and "next row" is the shift by G_N', () => {
  for (const n of [1, 2, 3, 6]) {
    const cc = canonicCoset(n);
    const d = cc.circleDomain;
    const N = 2 ** n;
    const seen = new Set<number>();
    for (let i = 0; i < N; i++) {
      const c2d = cosetIndexToCircleDomainIndex(i, n);
      assert.equal(circleDomainIndexToCosetIndex(c2d, n), i);
      assert.deepEqual(d.at(c2d), cc.at(i));
      const r = cosetIndexToStorageIndex(i, n);
      seen.add(r);
      assert.deepEqual(d.at(bitReverseIndex(r, n)), cc.at(i));
      assert.deepEqual(cc.at((i + 1) % N), pointAdd(cc.at(i), cc.step));
    }
    assert.equal(seen.size, N);
    const values = Uint32Array.from({ length: N }, (_, i) => i + 100);
    const dom = cosetOrderToCircleDomainOrder(values);
    for (let i = 0; i < N; i++) assert.equal(dom[cosetIndexToCircleDomainIndex(i, n)], values[i]);
    assert.deepEqual(circleDomainOrderToCosetOrder(dom), values);
  }
});

test("offsetBitReversedCircleDomainIndex moves by offset·G_N of the trace domain (and Stwo's vector)", () => {
  const prev = (i: number) => offsetBitReversedCircleDomainIndex(i, 3, 6, -1);
  assert.equal(offsetBitReversedCircleDomainIndex(5, 3, 6, -2), prev(prev(5)));
  for (const [dLog, eLog] of [
    [3, 4],
    [3, 6],
    [5, 7],
  ] as const) {
    const evalDomain = canonicCoset(eLog).circleDomain;
    const step = canonicCoset(dLog).step;
    for (const offset of [-2, -1, 0, 1, 3]) {
      for (let i = 0; i < 2 ** eLog; i++) {
        const j = offsetBitReversedCircleDomainIndex(i, dLog, eLog, offset);
        const p = evalDomain.at(bitReverseIndex(i, eLog));
        assert.deepEqual(evalDomain.at(bitReverseIndex(j, eLog)), pointAdd(p, pointMul(step, offset)));
      }
    }
  }
  assert.throws(() => offsetBitReversedCircleDomainIndex(0, 4, 4, 1), CircleError);
});

test('line domains require distinct x-coordinates', () => {
  assert.throws(() => lineDomain(oddsCoset(2)), CircleError);
  assert.throws(() => lineDomain(coset(subgroupGenIndex(2), 1)), CircleError); // {(0,−1), (0,1)}
  assert.equal(lineDomain(subgroupCoset(1)).size, 2);
  assert.equal(lineDomain(subgroupCoset(0)).size, 1);
  const ld = lineDomain(halfOddsCoset(5));
  assert.equal(ld.logSize, 5);
  assert.equal(new Set(ld.values()).size, 32);
  assert.equal(ld.double().logSize, 4);
  assert.equal(ld.double().at(3), pointAdd(ld.coset.at(3), ld.coset.at(3)).x);
  assert.deepEqual([...ld.values()], ld.coset.points().map((p) => p.x));
});
