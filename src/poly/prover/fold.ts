/**
 * FRI fold primitives (Stwo's, with no division by 2: each fold doubles the "paper" value) over secure
 * columns, plain TypeScript. Domains are the canonic ones FRI uses:
 * - a circle evaluation of log size n lives on `CanonicCoset(n).circleDomain`, bit-reversed;
 * - a line evaluation of log size k lives on the x-coordinates of the half coset of `CanonicCoset(k + 1)`,
 *   bit-reversed (the circle→line fold of a log-n column lands on log size n − 1, and folding a line
 *   domain doubles it into the next one).
 * @module
 */
import { bitReverseIndex, canonicCoset } from '../../circle/index.js';
import { checkColumns, columnLength, m31, qm31, secureColumn } from '../../field/index.js';
import type { QM31, SecureColumn } from '../../field/index.js';
import { PolyError } from '../errors.js';
import { circleTwiddle } from '../fft.js';
import { getTwiddleTree, lineLayerOffset } from '../twiddles.js';

function logOf(n: number, what: string): number {
  if (n < 2 || (n & (n - 1)) !== 0 || n > 2 ** 30) throw new PolyError(`${what}: length ${n} is not a power of two ≥ 2`);
  return 31 - Math.clz32(n);
}

/**
 * Inverse twiddles t_i⁻¹ of the pairs (2i, 2i+1) of a bit-reversed circle evaluation of log size n: the
 * inverse of p.y for p = domain.at(bitrev_n(2i)).
 */
export function circleFoldInverseTwiddles(n: number): Uint32Array {
  const out = new Uint32Array(2 ** (n - 1));
  if (n >= 3) {
    const tree = getTwiddleTree(n);
    const off1 = lineLayerOffset(tree, n, 1);
    for (let i = 0; i < out.length; i++) out[i] = circleTwiddle(tree.itwiddles, off1, i);
  } else {
    const d = canonicCoset(n).circleDomain;
    for (let i = 0; i < out.length; i++) out[i] = m31.inv(d.at(bitReverseIndex(2 * i, n)).y);
  }
  return out;
}

/**
 * Inverse twiddles of the pairs (2i, 2i+1) of a bit-reversed line evaluation of log size k: x⁻¹ for
 * x = the line domain's element at bitrev_k(2i) — layer 1 of the circle domain of log size k + 1.
 */
export function lineFoldInverseTwiddles(k: number): Uint32Array {
  const tree = getTwiddleTree(k + 1);
  const off = lineLayerOffset(tree, k + 1, 1);
  return tree.itwiddles.slice(off, off + 2 ** (k - 1));
}

// Shared loop: g_i = f0 + α·f1, f0 = a + b, f1 = (a − b)·t_i⁻¹, over pairs (2i, 2i+1) of src; then
// dst_i = g_i (line fold) or dst_i·α² + g_i (circle fold, accumulating).
function foldPairs(dst: SecureColumn, src: SecureColumn, itw: Uint32Array, alpha: QM31, accumulate: boolean): void {
  const [s0, s1, s2, s3] = src;
  const [d0, d1, d2, d3] = dst;
  const [al0, al1, al2, al3] = alpha;
  const sq = qm31.sqr(alpha);
  const t = new Uint32Array(4);
  for (let i = 0; i < itw.length; i++) {
    const e = 2 * i;
    const o = e + 1;
    const inv = itw[i]!;
    const f1a = m31.mul(m31.sub(s0[e]!, s0[o]!), inv);
    const f1b = m31.mul(m31.sub(s1[e]!, s1[o]!), inv);
    const f1c = m31.mul(m31.sub(s2[e]!, s2[o]!), inv);
    const f1d = m31.mul(m31.sub(s3[e]!, s3[o]!), inv);
    qm31.mulInto(t, 0, f1a, f1b, f1c, f1d, al0, al1, al2, al3);
    let g0 = m31.add(m31.add(s0[e]!, s0[o]!), t[0]!);
    let g1 = m31.add(m31.add(s1[e]!, s1[o]!), t[1]!);
    let g2 = m31.add(m31.add(s2[e]!, s2[o]!), t[2]!);
    let g3 = m31.add(m31.add(s3[e]!, s3[o]!), t[3]!);
    if (accumulate) {
      qm31.mulInto(t, 0, d0[i]!, d1[i]!, d2[i]!, d3[i]!, sq[0], sq[1], sq[2], sq[3]);
      g0 = m31.add(g0, t[0]!);
      g1 = m31.add(g1, t[1]!);
      g2 = m31.add(g2, t[2]!);
      g3 = m31.add(g3, t[3]!);
    }
    d0[i] = g0;
    d1[i] = g1;
    d2[i] = g2;
    d3[i] = g3;
  }
}

/**
 * Line fold (Stwo's `fold_line`): from a bit-reversed line evaluation of log size k ≥ 1, pairs
 * (f(x), f(−x)) at (2i, 2i+1) give f0 = f(x) + f(−x), f1 = (f(x) − f(−x))/x and the result
 * g[i] = f0 + α·f1, of log size k − 1 on the doubled domain.
 * @param dst destination of half the length (allocated when omitted)
 */
export function foldLine(src: SecureColumn, alpha: QM31, dst?: SecureColumn): SecureColumn {
  const n = columnLength(src);
  const k = logOf(n, 'foldLine');
  checkColumns('foldLine', n, src);
  const out = dst ?? secureColumn(n / 2);
  checkColumns('foldLine (destination)', n / 2, out);
  foldPairs(out, src, lineFoldInverseTwiddles(k), alpha, false);
  return out;
}

/**
 * Circle-to-line fold accumulated into `dst` (Stwo's `fold_circle_into_line`): from a bit-reversed circle
 * evaluation of log size n ≥ 1, pairs (f(p), f(p̄)) at (2i, 2i+1) give f0 = f(p) + f(p̄),
 * f1 = (f(p) − f(p̄))/p.y, and dst[i] ← dst[i]·α² + f0 + α·f1 (dst has log size n − 1).
 */
export function foldCircleIntoLine(dst: SecureColumn, src: SecureColumn, alpha: QM31): void {
  const n = columnLength(src);
  const log = logOf(n, 'foldCircleIntoLine');
  checkColumns('foldCircleIntoLine', n, src);
  checkColumns('foldCircleIntoLine (destination)', n / 2, dst);
  foldPairs(dst, src, circleFoldInverseTwiddles(log), alpha, true);
}
