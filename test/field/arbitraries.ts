// Shared fast-check arbitraries and BigInt oracles for field tests (BigInt appears only in tests).
import fc from 'fast-check';
import type { CM31, QM31 } from '../../src/field/index.js';

export const P = 0x7fffffff;
export const PB = BigInt(P);

/** Canonical M31 values, biased towards the edges 0, 1, p − 1. */
export const m31Arb = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 2, P - 1, P - 2, 2 ** 16, 2 ** 30) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: P - 1 }) },
);
export const nonZeroM31Arb = m31Arb.filter((x) => x !== 0);
export const cm31Arb: fc.Arbitrary<CM31> = fc.tuple(m31Arb, m31Arb);
export const qm31Arb: fc.Arbitrary<QM31> = fc.tuple(m31Arb, m31Arb, m31Arb, m31Arb);

/** (a·b) mod p with BigInt. */
export function mulBig(a: number, b: number): number {
  return Number((BigInt(a) * BigInt(b)) % PB);
}

/** QM31 product computed with BigInt from the definition (A + Bu)(C + Du) = (AC + R·BD) + (AD + BC)u, R = 2 + i. */
export function qm31MulBig(x: QM31, y: QM31): QM31 {
  const [a0, a1, a2, a3] = x.map(BigInt) as [bigint, bigint, bigint, bigint];
  const [b0, b1, b2, b3] = y.map(BigInt) as [bigint, bigint, bigint, bigint];
  const cm = (p0: bigint, p1: bigint, q0: bigint, q1: bigint): [bigint, bigint] => [p0 * q0 - p1 * q1, p0 * q1 + p1 * q0];
  const ac = cm(a0, a1, b0, b1);
  const bd = cm(a2, a3, b2, b3);
  const rbd = cm(2n, 1n, bd[0], bd[1]);
  const ad = cm(a0, a1, b2, b3);
  const bc = cm(a2, a3, b0, b1);
  const red = (v: bigint): number => Number(((v % PB) + PB) % PB);
  return [red(ac[0] + rbd[0]), red(ac[1] + rbd[1]), red(ad[0] + bc[0]), red(ad[1] + bc[1])];
}
