// Shared helpers for polynomial tests: random data, naive definitions.
import { bitReverseIndex, canonicCoset, lineDomain } from '../../src/circle/index.js';
import { m31, qm31, secureColumn, setAt } from '../../src/field/index.js';
import type { QM31, SecureColumn } from '../../src/field/index.js';
import { rng } from '../util/rng.js';

export { rng };

export const P = m31.P;


/** n canonical values; every 16th is an edge value (0 or p − 1). */
export function randomM31(n: number, seed: number): Uint32Array {
  const r = rng(seed);
  return Uint32Array.from({ length: n }, (_, i) => (i % 16 === 5 ? 0 : i % 16 === 11 ? P - 1 : r() % P));
}

export function randomSecure(n: number, seed: number): SecureColumn {
  return [randomM31(n, seed), randomM31(n, seed + 1), randomM31(n, seed + 2), randomM31(n, seed + 3)];
}

export function randomQM31(seed: number): QM31 {
  const r = rng(seed);
  return [r() % P, r() % P, r() % P, r() % P];
}

/** Naive circle-to-line fold from the definition with domain points and field inverses. */
export function naiveFoldCircle(dst: SecureColumn, src: SecureColumn, alpha: QM31): SecureColumn {
  const n = Math.log2(src[0].length);
  const d = canonicCoset(n).circleDomain;
  const out = secureColumn(src[0].length / 2);
  for (let i = 0; i < src[0].length / 2; i++) {
    const p = d.at(bitReverseIndex(2 * i, n));
    const a: QM31 = [src[0][2 * i]!, src[1][2 * i]!, src[2][2 * i]!, src[3][2 * i]!];
    const b: QM31 = [src[0][2 * i + 1]!, src[1][2 * i + 1]!, src[2][2 * i + 1]!, src[3][2 * i + 1]!];
    const f0 = qm31.add(a, b);
    const f1 = qm31.mulM31(qm31.sub(a, b), m31.inv(p.y));
    const prev: QM31 = [dst[0][i]!, dst[1][i]!, dst[2][i]!, dst[3][i]!];
    setAt(out, i, qm31.add(qm31.mul(prev, qm31.sqr(alpha)), qm31.add(f0, qm31.mul(alpha, f1))));
  }
  return out;
}

/** Naive line fold on the line domain of log size k (half coset of CanonicCoset(k + 1)). */
export function naiveFoldLine(src: SecureColumn, alpha: QM31): SecureColumn {
  const k = Math.log2(src[0].length);
  const d = lineDomain(canonicCoset(k + 1).halfCoset);
  const out = secureColumn(src[0].length / 2);
  for (let i = 0; i < src[0].length / 2; i++) {
    const x = d.at(bitReverseIndex(2 * i, k));
    const a: QM31 = [src[0][2 * i]!, src[1][2 * i]!, src[2][2 * i]!, src[3][2 * i]!];
    const b: QM31 = [src[0][2 * i + 1]!, src[1][2 * i + 1]!, src[2][2 * i + 1]!, src[3][2 * i + 1]!];
    const f0 = qm31.add(a, b);
    const f1 = qm31.mulM31(qm31.sub(a, b), m31.inv(x));
    setAt(out, i, qm31.add(f0, qm31.mul(alpha, f1)));
  }
  return out;
}
