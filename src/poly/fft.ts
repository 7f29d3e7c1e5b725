/**
 * Plain-TypeScript circle FFT over M31, exactly Stwo's layer structure (the reference the SIMD kernels are
 * tested against). Forward: coefficients in the FFT basis → values in bit-reversed order on
 * `CanonicCoset(n)`. Inverse: the reverse, with a single N⁻¹ scaling at the end (no per-layer halving).
 *
 * Layers of a transform of log size n (N = 2^n, H = half coset, t = twiddle):
 * - line layer i (n−1 ≥ i ≥ 1): block h of 2^(i+1) values pairs v[l] with v[l + 2^i], t = π^(i−1)(H[bitrev(h)].x);
 * - circle layer: pairs (v[2h], v[2h+1]), t = H[bitrev_(n−1)(h)].y.
 * Forward runs the line layers top-down, then the circle layer, with (a, b) ← (a + t·b, a − t·b); the
 * inverse runs them bottom-up with (a, b) ← (a + b, (a − b)·t⁻¹).
 * @module
 */
import { canonicCoset, log2Exact } from '../circle/index.js';
import { m31 } from '../field/index.js';
import { PolyError } from './errors.js';
import { getTwiddleTree, lineLayerOffset } from './twiddles.js';
import type { TwiddleTree } from './twiddles.js';

const { add, sub, mul, neg } = m31;

/** log2 of a transform length, checked to be a power of two with 1 ≤ n ≤ 30. */
export function transformLogSize(length: number): number {
  if (length < 2) throw new PolyError(`a circle transform needs at least 2 values, got ${length}`);
  let n: number;
  try {
    n = log2Exact(length);
  } catch {
    throw new PolyError(`transform length ${length} is not a power of two`);
  }
  if (n > 30) throw new PolyError(`transform log size ${n} exceeds 30`);
  return n;
}

/**
 * Circle-layer twiddle y_h (h < N/2) from layer 1's twiddles t1 (n ≥ 3): within each 4 consecutive
 * bit-reversed points, y = [t1[2k+1], −t1[2k+1], −t1[2k], t1[2k]], because P + G_4 = (y, −x). Works for
 * the inverse twiddles too (the inverse of −t is −t⁻¹).
 */
export function circleTwiddle(t1: Uint32Array, off1: number, h: number): number {
  const k = h >>> 2;
  switch (h & 3) {
    case 0:
      return t1[off1 + 2 * k + 1]!;
    case 1:
      return neg(t1[off1 + 2 * k + 1]!);
    case 2:
      return neg(t1[off1 + 2 * k]!);
    default:
      return t1[off1 + 2 * k]!;
  }
}

const smallCache: Array<{ x: number; y: number; xInv: number; yInv: number }> = [];
// Half-coset initial point of CanonicCoset(1) or (2): the only twiddles of those tiny transforms.
function smallTwiddles(n: number): { x: number; y: number; xInv: number; yInv: number } {
  let s = smallCache[n];
  if (!s) {
    const p = canonicCoset(n).halfCoset.initial;
    s = { x: p.x, y: p.y, xInv: p.x === 0 ? 0 : m31.inv(p.x), yInv: m31.inv(p.y) };
    smallCache[n] = s;
  }
  return s;
}

function butterfly(v: Uint32Array, i0: number, i1: number, t: number): void {
  const a = v[i0]!;
  const tb = mul(v[i1]!, t);
  v[i0] = add(a, tb);
  v[i1] = sub(a, tb);
}

function ibutterfly(v: Uint32Array, i0: number, i1: number, t: number): void {
  const a = v[i0]!;
  const b = v[i1]!;
  v[i0] = add(a, b);
  v[i1] = mul(sub(a, b), t);
}

// Layer loops are written out per direction, with the modular arithmetic inline (same formulas as
// m31.add/sub/mul): this reference is also the fallback where WebAssembly SIMD is missing.
const P = m31.P;
const INV_P = 1 / P;

/** One forward line layer i over the whole array. */
function lineLayer(v: Uint32Array, n: number, i: number, tw: Uint32Array, off: number): void {
  const stride = 2 ** i;
  const blocks = 2 ** (n - 1 - i);
  for (let h = 0; h < blocks; h++) {
    const t = tw[off + h]!;
    const base = h * 2 * stride;
    for (let l = base; l < base + stride; l++) {
      const a = v[l]!;
      const b = v[l + stride]!;
      const q = (b * t * INV_P + 0.5) | 0;
      let tb = (Math.imul(b, t) - Math.imul(q, P)) | 0;
      tb += (tb >> 31) & P;
      const s = a + tb - P;
      const d = a - tb;
      v[l] = s + ((s >> 31) & P);
      v[l + stride] = d + ((d >> 31) & P);
    }
  }
}

/** One inverse line layer i over the whole array. */
function ilineLayer(v: Uint32Array, n: number, i: number, tw: Uint32Array, off: number): void {
  const stride = 2 ** i;
  const blocks = 2 ** (n - 1 - i);
  for (let h = 0; h < blocks; h++) {
    const t = tw[off + h]!;
    const base = h * 2 * stride;
    for (let l = base; l < base + stride; l++) {
      const a = v[l]!;
      const b = v[l + stride]!;
      const s = a + b - P;
      let d = a - b;
      d += (d >> 31) & P;
      const q = (d * t * INV_P + 0.5) | 0;
      const r = (Math.imul(d, t) - Math.imul(q, P)) | 0;
      v[l] = s + ((s >> 31) & P);
      v[l + stride] = r + ((r >> 31) & P);
    }
  }
}

/** The circle layer (n ≥ 3), twiddles derived from layer 1 in groups of four (see {@link circleTwiddle}). */
function circleLayer(v: Uint32Array, tw: Uint32Array, off1: number, inverse: boolean): void {
  const bf = inverse ? ibutterfly : butterfly;
  for (let k = 0; k < v.length / 8; k++) {
    const t0 = tw[off1 + 2 * k]!;
    const t1 = tw[off1 + 2 * k + 1]!;
    const o = 8 * k;
    bf(v, o, o + 1, t1);
    bf(v, o + 2, o + 3, neg(t1));
    bf(v, o + 4, o + 5, neg(t0));
    bf(v, o + 6, o + 7, t0);
  }
}

/**
 * Forward circle FFT in place: `values` (2^n coefficients, 1 ≤ n ≤ 30) become the evaluations on
 * `CanonicCoset(n)` in bit-reversed order.
 * @param tree twiddles covering log size n (default: the cached process-wide tree)
 */
export function fft(values: Uint32Array, tree?: TwiddleTree): void {
  const n = transformLogSize(values.length);
  if (n <= 2) return fftSmall(values, n);
  const t = tree ?? getTwiddleTree(n);
  const tw = t.twiddles;
  for (let i = n - 1; i >= 1; i--) lineLayer(values, n, i, tw, lineLayerOffset(t, n, i));
  circleLayer(values, tw, lineLayerOffset(t, n, 1), false);
}

/**
 * Inverse circle FFT in place: bit-reversed evaluations on `CanonicCoset(n)` become the 2^n coefficients.
 * @param tree twiddles covering log size n (default: the cached process-wide tree)
 */
export function ifft(values: Uint32Array, tree?: TwiddleTree): void {
  const n = transformLogSize(values.length);
  if (n <= 2) return ifftSmall(values, n);
  const t = tree ?? getTwiddleTree(n);
  const itw = t.itwiddles;
  circleLayer(values, itw, lineLayerOffset(t, n, 1), true);
  for (let i = 1; i < n; i++) ilineLayer(values, n, i, itw, lineLayerOffset(t, n, i));
  m31.scaleVec(values, values, inversePowerOfTwo(n));
}

/** (2^n)⁻¹ mod p = 2^(31−n), since 2^31 ≡ 1. */
export function inversePowerOfTwo(n: number): number {
  return 2 ** ((31 - (n % 31)) % 31);
}

// Log sizes 1 and 2 have no layer-1 twiddles to derive y from; use the half coset's first point directly.
function fftSmall(v: Uint32Array, n: number): void {
  const { x, y } = smallTwiddles(n);
  if (n === 1) return butterfly(v, 0, 1, y);
  butterfly(v, 0, 2, x);
  butterfly(v, 1, 3, x);
  butterfly(v, 0, 1, y);
  butterfly(v, 2, 3, neg(y));
}

function ifftSmall(v: Uint32Array, n: number): void {
  const { xInv, yInv } = smallTwiddles(n);
  if (n === 1) {
    ibutterfly(v, 0, 1, yInv);
  } else {
    ibutterfly(v, 0, 1, yInv);
    ibutterfly(v, 2, 3, neg(yInv));
    ibutterfly(v, 0, 2, xInv);
    ibutterfly(v, 1, 3, xInv);
  }
  m31.scaleVec(v, v, inversePowerOfTwo(n));
}
