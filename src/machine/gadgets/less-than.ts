/**
 * The less-than gadget shared by Branch and Compare (`docs/machine.md`, "Less-than gadget"): the borrow chain of
 * b' − c' without storing the low difference,
 *
 *   d.l = b.l − c.l + 2^16·w1,   d.h = b'.h − c'.h − w1 + 2^16·w2,   w1, w2 boolean,  U16(d.l), U16(d.h)
 *
 * where b'.h = b.h + 2^15 − 2^16·sb when `signed` (b'.h = b.h otherwise), the same for c. The sign bits
 * sb, sc are boolean and U16(b.h + 2^15 − 2^16·sb) forces sb to be b's top bit (on every row, also when
 * unsigned). b' = b + 2^31 mod 2^32 turns the signed order into the unsigned one; since b and c are
 * canonical, the range checks force w1, w2 to the honest borrows, so lt = w2 = [b' < c']. d.h depends on
 * `signed` (degree 2 when signed is a flag expression), so it is a column (R4).
 *
 * Columns, in order: `sb, sc, w1, w2, d_h`. Constraints: four booleans and the d.h equation. Lookups: four
 * U16 uses with multiplicity `m`. *
 * Soundness audit — Less-than gadget (`less-than.ts`; Branch, Compare, and `ecall_io` of the other group) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | why |
 * |---|---|---|---|
 * | sb, sc | "sb is boolean", "sc is boolean"; U16(b.h + 2^15 − 2^16·sb), U16(c.h + 2^15 − 2^16·sc) (mult m, on every row, signed or not) | {0,1} | with b.h canonical exactly one sb keeps the value in [0, 2^16): sb = bit 15 of b.h |
 * | w1 | "w1 is boolean"; U16(b.l − c.l + 2^16·w1) | {0,1} | b.l − c.l ∈ (−2^16, 2^16): w1 = [b.l < c.l], unique |
 * | d_h, w2 | "w2 is boolean"; BORROW_CHAIN `d.h = b.h − c.h − signed·2^16·(sb − sc) − w1 + 2^16·w2`; U16(d.h) | d_h canonical, w2 ∈ {0,1} | b'.h − c'.h − w1 ∈ [−2^16, 2^16): w2 = borrow, unique; the right side is an integer in (−2^17, 2^17 + 2^16), no wrap |
 *
 * Leans on: b and c canonical (a.G3 for registers; table immediates; `ecall_io` passes its own values, the
 * other group's audit), `signed` boolean (flag constraints of the caller).
 * @module
 */
import type { ComponentBuilder, Expr, ExprLike } from '../../air/verifier.js';
import type { ColumnOf, RowColumns } from '../families/columns.js';
import { U16 } from '../relations.js';

/** The columns of the less-than gadget: sign bits, the two borrows (w2 is the result), the high difference. */
export type LessThanColumn = 'sb' | 'sc' | 'w1' | 'w2' | 'd_h';

const P16 = 2 ** 16;

/** Label of the d.h equation (the row checker reports it). */
export const BORROW_CHAIN = "borrow chain: d.h = b'.h − c'.h − w1 + 2^16·w2";

/**
 * Declares the less-than columns and constraints for operands b = (b.l, b.h), c = (c.l, c.h) and returns
 * `lt` (the column w2). `signed` is 1 for a signed comparison and 0 for an unsigned one (an expression of
 * the row's flags, boolean on every allowed row); `m` is the multiplicity of the four U16 uses.
 */
export function lessThan(
  b: ComponentBuilder,
  col: ColumnOf<LessThanColumn>,
  [bL, bH]: readonly [Expr, Expr],
  [cL, cH]: readonly [Expr, Expr],
  signed: Expr,
  m: ExprLike,
): Expr {
  const sb = col('sb');
  const sc = col('sc');
  const w1 = col('w1');
  const w2 = col('w2');
  const dH = col('d_h');
  for (const [x, nm] of [
    [sb, 'sb'],
    [sc, 'sc'],
    [w1, 'w1'],
    [w2, 'w2'],
  ] as const) {
    b.constrain(x.mul(x.sub(1)), `${nm} is boolean`);
  }
  // b'.h − c'.h = b.h − c.h − 2^16·(sb − sc) on signed rows.
  b.assertEq(dH, bH.sub(cH).sub(signed.mul(sb.sub(sc).mul(P16))).sub(w1).add(w2.mul(P16)), BORROW_CHAIN);
  b.use(U16, [bL.sub(cL).add(w1.mul(P16))], m);
  b.use(U16, [dH], m);
  b.use(U16, [bH.add(2 ** 15).sub(sb.mul(P16))], m);
  b.use(U16, [cH.add(2 ** 15).sub(sc.mul(P16))], m);
  return w2;
}

/**
 * Fills the less-than columns of row `r` for b < c (signed or not) and returns the result w2 — the honest
 * gadget values (signed comparisons compare b + 2^31 and c + 2^31 unsigned).
 */
export function fillLessThan(c: RowColumns<LessThanColumn>, r: number, b: number, cv: number, signed: boolean): number {
  const flip = signed ? 0x80000000 : 0;
  const bb = (b ^ flip) >>> 0;
  const cc = (cv ^ flip) >>> 0;
  const w1 = (bb & 0xffff) < (cc & 0xffff) ? 1 : 0;
  const w2 = bb < cc ? 1 : 0;
  c.sb[r] = b >>> 31;
  c.sc[r] = cv >>> 31;
  c.w1[r] = w1;
  c.w2[r] = w2;
  c.d_h[r] = (bb >>> 16) - (cc >>> 16) - w1 + P16 * w2;
  return w2;
}
