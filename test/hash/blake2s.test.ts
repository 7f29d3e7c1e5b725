import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { blake2s as nobleBlake2s } from '@noble/hashes/blake2.js';
import { blake2s, blake2s64, Blake2sHasher, compress } from '../../src/hash/blake2s.js';
import { hashNode, hashLayerJs } from '../../src/hash/node.js';
import { bytesToWords, fromHex, toHex, wordsToBytes } from '../../src/hash/bytes.js';
import { refCompress, refNode, rng, randomWords } from './reference.js';

const enc = (s: string) => new TextEncoder().encode(s);

test('RFC 7693 Appendix B: BLAKE2s-256("abc")', () => {
  assert.equal(toHex(blake2s(enc('abc'))), '508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982');
});

test('BLAKE2s-256 of the empty string', () => {
  assert.equal(toHex(blake2s(new Uint8Array(0))), '69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9');
});

test('the reference compression reproduces the RFC vector (one final block, t = 3)', () => {
  const h = [0x6a09e667 ^ 0x01010020, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const m = new Array(16).fill(0);
  m[0] = 0x00636261; // "abc" little-endian
  const out = refCompress(h, m, 3, 0, 0xffffffff, 0);
  assert.equal(toHex(wordsToBytes(Uint32Array.from(out))), '508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982');
});

test('unrolled compress equals the reference on random inputs, counters and flags', () => {
  const next = rng(7);
  for (let iter = 0; iter < 300; iter++) {
    const h = randomWords(next, 8);
    const m = randomWords(next, 16);
    const [t0, t1, f0, f1] = iter % 3 === 0 ? [0, 0, 0, 0] : [next(), next(), next(), next()];
    const want = refCompress(h, m, t0, t1, f0, f1);
    // at offsets inside larger arrays, to exercise hOff/mOff
    const H = new Uint32Array(13);
    H.set(h, 5);
    const M = new Uint32Array(19);
    M.set(m, 3);
    compress(H, 5, M, 3, t0!, t1!, f0!, f1!);
    assert.deepEqual(Array.from(H.subarray(5)), want);
  }
});

test('blake2s matches @noble/hashes on random lengths (one-shot and split updates)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 700 }), fc.array(fc.nat(700), { maxLength: 5 }), (data, cuts) => {
      const want = toHex(nobleBlake2s(data));
      assert.equal(toHex(blake2s(data)), want);
      const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
      const hasher = new Blake2sHasher();
      let prev = 0;
      for (const p of [...points, data.length]) {
        hasher.update(data.subarray(prev, p));
        prev = p;
      }
      assert.equal(toHex(hasher.digest()), want);
    }),
    { numRuns: 300 },
  );
});

test('blake2s on block boundaries (63, 64, 65, 128, 129 bytes) matches @noble/hashes', () => {
  for (const n of [1, 63, 64, 65, 127, 128, 129, 192, 1000]) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 0xff);
    assert.equal(toHex(blake2s(data)), toHex(nobleBlake2s(data)), `length ${n}`);
  }
});

test('blake2s64 equals BLAKE2s-256 of the 64 bytes', () => {
  const next = rng(11);
  for (let iter = 0; iter < 50; iter++) {
    const m = randomWords(next, 16);
    const out = new Uint32Array(8);
    blake2s64(m, 0, out, 0);
    assert.equal(toHex(wordsToBytes(out)), toHex(nobleBlake2s(wordsToBytes(m))));
  }
});

test('a finished hasher refuses reuse', () => {
  const h = new Blake2sHasher();
  h.digest();
  assert.throws(() => h.update(new Uint8Array(1)), /update after digest/);
  assert.throws(() => h.digest(), /digest called twice/);
});

test('byte/word helpers are little-endian and round-trip', () => {
  assert.deepEqual(Array.from(bytesToWords(Uint8Array.of(1, 2, 3, 4, 0xff, 0, 0, 0x80))), [0x04030201, 0x800000ff]);
  assert.equal(toHex(wordsToBytes(Uint32Array.of(0x04030201))), '01020304');
  assert.deepEqual(fromHex('00ff10'), Uint8Array.of(0, 255, 16));
  assert.throws(() => fromHex('abc'), RangeError);
  assert.throws(() => bytesToWords(new Uint8Array(3)), RangeError);
});

test('node hash: empty node is zero, children block then zero-padded value blocks', () => {
  const out = new Uint32Array(8).fill(9);
  hashNode(null, 0, [], out, 0);
  assert.deepEqual(Array.from(out), [0, 0, 0, 0, 0, 0, 0, 0]);

  const next = rng(3);
  for (const nValues of [0, 1, 15, 16, 17, 33]) {
    for (const withChildren of [false, true]) {
      const children = withChildren ? randomWords(next, 16) : null;
      const values = Array.from(randomWords(next, nValues), (x) => x & 0x7fffffff);
      hashNode(children, 0, values, out, 0);
      assert.deepEqual(Array.from(out), refNode(children, values), `${nValues} values, children ${withChildren}`);
    }
  }
});

test('node hash by hand: one value with no children is F(0, [v, 0 × 15])', () => {
  const out = new Uint32Array(8);
  hashNode(null, 0, [5], out, 0);
  const m = new Uint32Array(16);
  m[0] = 5;
  const h = new Uint32Array(8);
  compress(h, 0, m, 0, 0, 0, 0, 0);
  assert.deepEqual(out, h);
  // zero padding is implicit: explicit trailing zeros up to the block boundary give the same hash
  const out2 = new Uint32Array(8);
  hashNode(null, 0, [5, 0, 0, 0], out2, 0);
  assert.deepEqual(out2, out);
});

test('hashLayerJs equals per-node hashNode at offsets', () => {
  const next = rng(5);
  for (const nCols of [0, 1, 3, 16, 20]) {
    const count = 7;
    const prev = randomWords(next, 16 * count + 16);
    const cols = Array.from({ length: nCols }, () => randomWords(next, count + 2));
    const out = new Uint32Array(8 * count + 8);
    hashLayerJs(out, 8, prev, 16, cols, 2, count);
    for (let i = 0; i < count; i++) {
      const want = refNode(prev.subarray(16 + 16 * i, 32 + 16 * i), cols.map((c) => c[2 + i]!));
      assert.deepEqual(Array.from(out.subarray(8 + 8 * i, 16 + 8 * i)), want);
    }
    hashLayerJs(out, 0, null, 0, cols, 0, count);
    for (let i = 0; i < count; i++) {
      assert.deepEqual(Array.from(out.subarray(8 * i, 8 * i + 8)), refNode(null, cols.map((c) => c[i]!)));
    }
  }
});
