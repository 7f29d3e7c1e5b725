/**
 * Test-only reference BLAKE2s compression written the textbook way (loop over SIGMA, G as a function), so
 * the unrolled production code and the WebAssembly kernel are checked against an independent formulation.
 */
import { BLAKE2S_IV, BLAKE2S_SIGMA } from '../../src/hash/compress.js';
import { rng } from '../util/rng.js';

export { rng };

const rotr = (x: number, n: number) => ((x >>> n) | (x << (32 - n))) >>> 0;

/** Returns F(h, m, t, f) as a new array of 8 words. */
export function refCompress(h: ArrayLike<number>, m: ArrayLike<number>, t0 = 0, t1 = 0, f0 = 0, f1 = 0): number[] {
  const v = [...Array.from(h), ...BLAKE2S_IV].map((x) => x >>> 0);
  v[12] = (v[12]! ^ t0) >>> 0;
  v[13] = (v[13]! ^ t1) >>> 0;
  v[14] = (v[14]! ^ f0) >>> 0;
  v[15] = (v[15]! ^ f1) >>> 0;
  const g = (a: number, b: number, c: number, d: number, x: number, y: number) => {
    v[a] = (v[a]! + v[b]! + x) >>> 0;
    v[d] = rotr(v[d]! ^ v[a]!, 16);
    v[c] = (v[c]! + v[d]!) >>> 0;
    v[b] = rotr(v[b]! ^ v[c]!, 12);
    v[a] = (v[a]! + v[b]! + y) >>> 0;
    v[d] = rotr(v[d]! ^ v[a]!, 8);
    v[c] = (v[c]! + v[d]!) >>> 0;
    v[b] = rotr(v[b]! ^ v[c]!, 7);
  };
  for (let r = 0; r < 10; r++) {
    const s = BLAKE2S_SIGMA[r]!;
    const w = (i: number) => m[s[i]!]! >>> 0;
    g(0, 4, 8, 12, w(0), w(1));
    g(1, 5, 9, 13, w(2), w(3));
    g(2, 6, 10, 14, w(4), w(5));
    g(3, 7, 11, 15, w(6), w(7));
    g(0, 5, 10, 15, w(8), w(9));
    g(1, 6, 11, 12, w(10), w(11));
    g(2, 7, 8, 13, w(12), w(13));
    g(3, 4, 9, 14, w(14), w(15));
  }
  return Array.from({ length: 8 }, (_, i) => (h[i]! ^ v[i]! ^ v[i + 8]!) >>> 0);
}

/** Stwo's node hash, straight from its definition, on plain arrays. */
export function refNode(children: ArrayLike<number> | null, values: ArrayLike<number>): number[] {
  let h = [0, 0, 0, 0, 0, 0, 0, 0];
  if (children) h = refCompress(h, children);
  const padded = Array.from(values);
  while (padded.length % 16 !== 0) padded.push(0);
  for (let b = 0; b < padded.length; b += 16) h = refCompress(h, padded.slice(b, b + 16));
  return h;
}


/** `n` random words from `next`. */
export function randomWords(next: () => number, n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = next();
  return out;
}
