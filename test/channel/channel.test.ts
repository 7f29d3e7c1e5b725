import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { blake2s as nobleBlake2s } from '@noble/hashes/blake2.js';
import { Blake2sChannel, ChannelError, grind, checkPow, trailingZeros128 } from '../../src/channel/index.js';
import { bytesToWords, toHex, wordsToBytes } from '../../src/hash/bytes.js';
import { refCompress } from '../hash/reference.js';

const P = 0x7fffffff;

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
const counterBytes = (n: number) => {
  const b = new Uint8Array(32);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
};
const rejectsChannel = (fn: () => unknown) => assert.throws(fn, ChannelError);

test("derived vector: a fresh channel's first drawFelt", () => {
  const c = new Blake2sChannel();
  assert.deepEqual(Array.from(c.drawFelt()), [2094729646, 876761046, 906620817, 1981437117]);
  // = the first four words of BLAKE2s-256(64 zero bytes), each below 2p, reduced mod p
  const w = bytesToWords(nobleBlake2s(new Uint8Array(64)));
  assert.deepEqual(Array.from(w.subarray(0, 4), (x) => x % P), [2094729646, 876761046, 906620817, 1981437117]);
});

test('drawRandomBytes hashes digest ‖ 32-byte LE counter; the counter advances, the digest stays', () => {
  const c = new Blake2sChannel();
  c.mixRoot(new Uint8Array(32).fill(7));
  const d = c.digest;
  for (let n = 0; n < 5; n++) {
    assert.equal(c.nSent, n);
    assert.equal(toHex(c.drawRandomBytes()), toHex(nobleBlake2s(concat(d, counterBytes(n)))));
    assert.equal(toHex(c.digest), toHex(d));
  }
  c.mixU64(1);
  assert.equal(c.nSent, 0, 'every mix resets the counter');
});

test('mixRoot and mixFelts are standard BLAKE2s-256 over digest ‖ data', () => {
  const c = new Blake2sChannel();
  const root = Uint8Array.from({ length: 32 }, (_, i) => i * 3);
  const d0 = c.digest;
  c.mixRoot(root);
  assert.equal(toHex(c.digest), toHex(nobleBlake2s(concat(d0, root))));
  const felts = [[1, 2, 3, 4], [P - 1, 0, 5, 6]];
  const d1 = c.digest;
  const a = c.clone();
  a.mixFelts(felts);
  assert.equal(toHex(a.digest), toHex(nobleBlake2s(concat(d1, wordsToBytes(Uint32Array.from(felts.flat()))))));
  const b = c.clone();
  b.mixFelts(Uint32Array.from(felts.flat()));
  assert.equal(toHex(b.digest), toHex(a.digest), 'flat and tuple forms agree');
  const e = c.clone();
  e.mixFelts([]);
  assert.equal(toHex(e.digest), toHex(nobleBlake2s(d1)));
});

test('mixU64 is one raw compression of the digest words with [lo, hi, 0 × 14]', () => {
  const c = new Blake2sChannel();
  c.mixRoot(new Uint8Array(32).fill(1));
  const before = c.digestWords();
  const m = new Array(16).fill(0);
  m[0] = 0x33334444;
  m[1] = 0x11112222;
  const want = refCompress(before, m, 0, 0, 0, 0);
  const n = c.clone();
  n.mixU64(0x1111222233334444n);
  assert.deepEqual(Array.from(n.digestWords()), want);
  const small = c.clone();
  small.mixU64(5);
  const big = c.clone();
  big.mixU64(5n);
  assert.equal(toHex(small.digest), toHex(big.digest));
  const safe = c.clone();
  safe.mixU64(2 ** 53 - 1);
  const safeBig = c.clone();
  safeBig.mixU64(2n ** 53n - 1n);
  assert.equal(toHex(safe.digest), toHex(safeBig.digest));
  for (const bad of [-1, 1.5, 2 ** 53, NaN, -1n, 2n ** 64n, '1'] as unknown[]) rejectsChannel(() => c.clone().mixU64(bad as number));
  c.clone().mixU64(2n ** 64n - 1n);
});

test('drawBaseFelts reduces words below 2p; drawFelt keeps four; drawFelts uses all eight per draw', () => {
  const c = new Blake2sChannel();
  c.mixBytes(new TextEncoder().encode('statement'));
  const probe = c.clone();
  const raw = bytesToWords(probe.drawRandomBytes());
  if (raw.every((x) => x < 2 * P)) {
    assert.deepEqual(Array.from(c.clone().drawBaseFelts()), Array.from(raw, (x) => x % P));
  }
  const f = c.clone();
  const all = f.drawBaseFelts();
  assert.ok(all.every((x) => x < P));
  const felts = c.clone().drawFelts(3);
  assert.deepEqual(Array.from(felts[0]!), Array.from(all.subarray(0, 4)));
  assert.deepEqual(Array.from(felts[1]!), Array.from(all.subarray(4, 8)));
  const s = c.clone();
  s.drawRandomBytes();
  s.drawFelts(9);
  assert.equal(s.nSent, 6, "Stwo's test_channel_time: 1 + ceil(9 / 2) draws");
  assert.deepEqual(new Blake2sChannel().drawFelts(0), []);
  rejectsChannel(() => c.drawFelts(-1));
});

test('drawBaseFelts redraws when any of the eight words is ≥ 2p', () => {
  // Found by an offline search (~2^29.4 hashes): with digest words [720243421, 0 × 7] the first draw's
  // word 0 is 0xffffffff ≥ 2p, an event of probability about 2^-28 per draw.
  const digest = wordsToBytes(Uint32Array.of(720243421, 0, 0, 0, 0, 0, 0, 0));
  const first = bytesToWords(nobleBlake2s(concat(digest, counterBytes(0))));
  assert.ok(first.some((x) => x >= 2 * P), 'the fixture draw must contain a rejected word');
  const second = bytesToWords(nobleBlake2s(concat(digest, counterBytes(1))));
  assert.ok(second.every((x) => x < 2 * P));
  const c = new Blake2sChannel(digest);
  assert.deepEqual(Array.from(c.drawBaseFelts()), Array.from(second, (x) => x % P));
  assert.equal(c.nSent, 2);
});

test('drawQueries: masked u32 words, 8 per draw, deduplicated and sorted', () => {
  const c = new Blake2sChannel();
  c.mixU64(42);
  const probe = c.clone();
  const words = [...bytesToWords(probe.drawRandomBytes()), ...bytesToWords(probe.drawRandomBytes())];
  const want = [...new Set(words.slice(0, 13).map((w) => w & 0x3ff))].sort((a, b) => a - b);
  const q = c.clone();
  assert.deepEqual(Array.from(q.drawQueries(13, 10)), want);
  assert.equal(q.nSent, 2);
  const few = c.clone().drawQueries(40, 2);
  assert.ok(few.length <= 4 && few.every((x, i) => x < 4 && (i === 0 || x > few[i - 1]!)));
  const wide = c.clone().drawQueries(8, 31);
  assert.deepEqual(Array.from(wide), [...words.slice(0, 8).map((w) => w & 0x7fffffff)].sort((a, b) => a - b));
  for (const [n, s] of [[0, 5], [1.5, 5], [3, 32], [3, -1], [2 ** 21, 5]]) rejectsChannel(() => c.clone().drawQueries(n!, s!));
});

test('mixBytes and mixU32s: pinned encoding (digest ‖ tag ‖ 0 ‖ u64 length ‖ data)', () => {
  const c = new Blake2sChannel();
  const data = Uint8Array.of(1, 2, 3, 4, 5);
  const header = (tag: number, n: number) => wordsToBytes(Uint32Array.of(tag, 0, n, 0));
  const b = c.clone();
  b.mixBytes(data);
  assert.equal(toHex(b.digest), toHex(nobleBlake2s(concat(new Uint8Array(32), header(0xb2c50001, 5), data))));
  const u = c.clone();
  u.mixU32s([0x04030201, 0xffffffff]);
  assert.equal(
    toHex(u.digest),
    toHex(nobleBlake2s(concat(new Uint8Array(32), header(0xb2c50002, 2), Uint8Array.of(1, 2, 3, 4, 255, 255, 255, 255)))),
  );
  rejectsChannel(() => c.clone().mixU32s([2 ** 32]));
  rejectsChannel(() => c.clone().mixU32s([-1]));
  rejectsChannel(() => c.clone().mixBytes([1] as unknown as Uint8Array));
});

test('distinct absorbed sequences give distinct digests (bytes vs words vs felts included)', () => {
  const digestAfter = (f: (c: Blake2sChannel) => void) => {
    const c = new Blake2sChannel();
    f(c);
    return toHex(c.digest);
  };
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (x, y) => {
      fc.pre(toHex(x) !== toHex(y));
      assert.notEqual(digestAfter((c) => c.mixBytes(x)), digestAfter((c) => c.mixBytes(y)));
    }),
    { numRuns: 100 },
  );
  // same bytes through different methods
  assert.notEqual(digestAfter((c) => c.mixBytes(Uint8Array.of(1, 2, 3, 4))), digestAfter((c) => c.mixU32s([0x04030201])));
  const felt = [[16, 0, 0, 0]];
  assert.notEqual(digestAfter((c) => c.mixFelts(felt)), digestAfter((c) => c.mixU32s([16, 0, 0, 0])));
  assert.notEqual(digestAfter((c) => c.mixBytes(new Uint8Array(0))), digestAfter((c) => c.mixU32s([])));
});

test('mixFelts rejects non-canonical or malformed elements', () => {
  const c = new Blake2sChannel();
  rejectsChannel(() => c.mixFelts([[P, 0, 0, 0]]));
  rejectsChannel(() => c.mixFelts([[1, 2, 3]]));
  rejectsChannel(() => c.mixFelts([[1, 2, 3, 2 ** 32 + 1]]));
  rejectsChannel(() => c.mixFelts(Uint32Array.of(1, 2, 3)));
  rejectsChannel(() => c.mixFelts(Uint32Array.of(1, 2, 3, P)));
  rejectsChannel(() => c.mixFelts('abcd' as unknown as number[][]));
  rejectsChannel(() => c.mixRoot(new Uint8Array(31)));
  rejectsChannel(() => new Blake2sChannel(new Uint8Array(5)));
  assert.equal(toHex(c.digest), '00'.repeat(32), 'rejected mixes leave the channel untouched');
});

test('trailingZeros reads the first 16 digest bytes as a little-endian u128', () => {
  assert.equal(trailingZeros128(Uint32Array.of(0, 0, 0, 0)), 128);
  assert.equal(trailingZeros128(Uint32Array.of(1, 0, 0, 0)), 0);
  assert.equal(trailingZeros128(Uint32Array.of(0x80000000, 0, 0, 0)), 31);
  assert.equal(trailingZeros128(Uint32Array.of(0, 8, 0, 0)), 35);
  assert.equal(trailingZeros128(Uint32Array.of(0, 0, 0, 0x80000000)), 127);
  assert.equal(new Blake2sChannel().trailingZeros(), 128);
});

test('grind returns the least valid nonce, identically for the JS and WASM backends', () => {
  for (let seed = 0; seed < 6; seed++) {
    const c = new Blake2sChannel();
    c.mixU64(seed);
    for (const bits of [0, 1, 4, 8, 12]) {
      const js = grind(c, bits, { backend: 'js' });
      const wasm = grind(c, bits, { backend: 'wasm' });
      assert.equal(wasm, js, `seed ${seed}, ${bits} bits`);
      assert.ok(checkPow(c, bits, js));
      for (let n = 0; n < js; n++) assert.ok(!checkPow(c, bits, n), `nonce ${n} < ${js} must fail`);
      const after = c.clone();
      after.mixU64(js);
      assert.ok(after.trailingZeros() >= bits);
    }
    // resuming past the first solution finds the next one
    const first = grind(c, 6);
    const next = grind(c, 6, { start: first + 1 });
    assert.ok(next > first && checkPow(c, 6, next));
    assert.equal(grind(c, 6, { backend: 'js', start: first + 1 }), next);
    // a start that is not chunk-aligned and near a 2^32 boundary (the WASM path must not carry into hi)
    const s = 2 ** 32 - 3;
    assert.equal(grind(c, 5, { start: s }), grind(c, 5, { backend: 'js', start: s }));
  }
  assert.equal(grind(new Blake2sChannel(), 0), 0);
});

test('grind and checkPow do not modify the channel, and reject bad parameters', () => {
  const c = new Blake2sChannel();
  c.mixU64(9);
  const d = toHex(c.digest);
  grind(c, 5);
  checkPow(c, 5, 3);
  assert.equal(toHex(c.digest), d);
  rejectsChannel(() => grind(c, 41));
  rejectsChannel(() => grind(c, -1));
  rejectsChannel(() => grind(c, 1.5));
  rejectsChannel(() => grind(c, 1, { start: -1 }));
  rejectsChannel(() => checkPow(c, 129, 0));
  rejectsChannel(() => checkPow(c, 5, -1));
  assert.equal(checkPow(c, 0, 12345), true);
  assert.equal(checkPow(c, 128, 0), false);
});
