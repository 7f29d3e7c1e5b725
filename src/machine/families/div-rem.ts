/**
 * The DivRem family: DIV, DIVU, REM, REMU (`docs/machine.md`, "`div_rem`"). One row type for all
 * four: each row proves both the quotient q and the remainder r of n = rs1 by d = rs2, and rd gets one of
 * them. (Splitting DIV from REM would save two columns per row but double the padding and the audit.)
 *
 * Per row: flags `is_divu`, `is_rem`, `is_remu` (boolean, at most one set; none = DIV); the opcode in the
 * program tuple is DIV + is_divu + 2·is_rem + 3·is_remu. `signed = 1 − is_divu − is_remu`,
 * `f_rem = is_rem + is_remu`. The prover supplies q (halves q_l, q_h and bytes) and r (halves r_l, r_h).
 * The written word `a = q + f_rem·(r − q)` is a column pair (it enters the rd tuple, R4).
 *
 * Canonical values and sign bits:
 * - q, d as bytes (q0, q2, d0 = c0, d2 = c2 columns, the odd bytes linear as in Bitwise), BYTE_PAIR per
 *   half; r_l, r_h in U16. So q, r and a are canonical (R1).
 * - Sign bits sb (n), sc (d), sq, sr, boolean, forced on every row: U16(n.h + 2^15 − 2^16·sb),
 *   U16(r.h + 2^15 − 2^16·sr) as in `gadgets/less-than.ts`, BYTE_PAIR(2·d3 − 2^8·sc, 2·q3 − 2^8·sq). The
 *   "negative" bits are signed·s (degree 2, never columns).
 *
 * The identity (`gadgets/product-chain.ts`): Q·D + R + o·(2^64 − 2^32) ≡ N (mod 2^64) for the 64-bit
 * sign extensions (ext bits signed·sq, signed·sc; R's and N's high halves 0xffff·signed·sr, 0xffff·signed·sb).
 *
 * Division by zero, `z` (boolean): `z·d.l = z·d.h = 0` (z = 1 only if d = 0) and `z·(q.l − 0xffff) =
 * z·(q.h − 0xffff) = 0` (then q = all ones and the identity gives r = n, as RISC-V requires). The
 * converse needs no is-zero gadget: with z = 0 the remainder bound below demands |r| < |d| = 0, which has
 * no witness, so d = 0 forces z = 1.
 *
 * Signed overflow, `o` (boolean): o = 1 only on INT_MIN / −1 (`o·n.l = 0`, `o·(n.h − 0x8000) = 0`,
 * `o·(d.l − 0xffff) = o·(d.h − 0xffff) = 0`, `o·(is_divu + is_remu) = 0`); o adds 0xffff to the two high
 * halves of the left side, i.e. checks only the low word. Then |r| < 1 gives r = 0 and −q ≡ 2^31 (mod 2^64)
 * gives q = INT_MIN. Conversely, on INT_MIN / −1 with o = 0 the exact identity would need q = 2^31, which no
 * canonical q is, so o is forced without an is-zero test. Without the flag conditions o would admit false
 * rows (e.g. 0 = 4·2^30 − 2^32, or DIVU 0x80000000 / 0xffffffff = 1 rem 0x80000001), hence all five.
 *
 * Remainder bound (when z = 0): |r| < |d|. With nr = signed·sr, nd = signed·sc and R' = r + nr·(~r − r)
 * (halves r.l + nr·(0xffff − 2·r.l), …), |r| = R' + nr; the same for d. Then
 * Δ = |r| − |d| + 2^32·(1 − z) must lie in [0, 2^32): as halves
 *
 *   e_l = R'.l − D'.l + nr − nd + 2^16·w1,    e_h = R'.h − D'.h − w1 + 2^16·(is_real − z),
 *
 * `w1·(w1² − 1) = 0` (the low sum lies in [−2^16, 2^16], so the borrow is −1, 0 or 1), U16(e_l), U16(e_h).
 * e_l, e_h are columns (degree 3, R4); is_real instead of 1 keeps the all-zero padding row satisfied.
 * With z = 1 (d = 0), Δ = |r| ≤ 2^31 is in range, so the check costs nothing there.
 *
 * Sign of r (signed only): `signed·(sb − sr)·r.l = signed·(sb − sr)·r.h = 0`: r ≠ 0 has n's sign.
 *
 * Soundness: all constraints hold over the integers. Given the bound and the sign rule, q·d + r = n
 * (exactly, or + 2^32 under overflow) has one solution: the truncating quotient (signed) or the floor
 * (unsigned), with the RISC-V results for d = 0 and INT_MIN / −1. For unsigned rows the 64-bit identity is
 * exact because r < d gives q·d + r < 2^64.
 *
 * Padding rows are all-zero (every lookup has multiplicity is_real; every constraint vanishes on zeros). *
 * Soundness audit — `div_rem` (`div-rem.ts`): DIV, DIVU, REM, REMU (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | cannot alias / be supplied by another row |
 * |---|---|---|---|
 * | `is_divu`, `is_rem`, `is_remu` | booleans, `at most one flag is boolean`, op = DIV + is_divu + 2·is_rem + 3·is_remu (45..48) | signed = 1 − is_divu − is_remu, f_rem ∈ {0, 1} | R-type as Mul |
 * | `b_l`, `b_h` (n) | rs1 read; U16(n.h + 2^15 − 2^16·sb) | canonical by b.G6 only. The sign U16 alone would allow n.h ∈ [p − 2^15, p) ∪ [2^16, 3·2^15) | leans on b.G6: the chain's O_0, O_1 must be < 2^16. Every writer of registers 0..32 writes canonical halves (b.G6) |
 * | `c_l`, `c_h` (d), `c0`, `c2` | BYTE_PAIR(d0, d1), (d2, d3) | canonical locally | |
 * | `q_l`, `q_h`, `q0`, `q2` | BYTE_PAIR(q0, q1), (q2, q3) | canonical | |
 * | `r_l`, `r_h` | U16(r.l), U16(r.h) | canonical | |
 * | `a_l`, `a_h` | `written low half: a.l = q.l + f_rem·(r.l − q.l)`, `written high half: …` | q or r, canonical | row-local |
 * | `sb`, `sc`, `sq`, `sr` | booleans; U16(n.h + 2^15 − 2^16·sb), U16(r.h + 2^15 − 2^16·sr), BYTE_PAIR(2·d3 − 2^8·sc, 2·q3 − 2^8·sq) | the top bits (n.h canonical by b.G6) | nn, nd, nq, nr = signed·s |
 * | `z` | `z is boolean`, `division by zero: z·d.l = 0`, `z·d.h = 0`, `z·(q.l − 0xffff) = 0`, `z·(q.h − 0xffff) = 0` | z = 1 ⇒ d = 0, q = −1 | d = 0 with z = 0 needs |r| < 0 from the bound: no witness, so z is forced |
 * | `o` | `o is boolean`, `overflow: o·n.l = 0`, `o·(n.h − 0x8000) = 0`, `o·(d.l − 0xffff) = 0`, `o·(d.h − 0xffff) = 0`, `o·(is_divu + is_remu) = 0` | o = 1 ⇒ signed INT_MIN / −1 (exact limb equalities) | with o = 0 on INT_MIN / −1 the identity needs q = 2^31, which no canonical q is, so o is forced |
 * | `w1` | `w1 ∈ {−1, 0, 1}` | | the low difference lies in [−2^16, 2^16] |
 * | `e_l`, `e_h` | `remainder bound: e_l = R'.l − D'.l + nr − nd + 2^16·w1`, `remainder bound: e_h = R'.h − D'.h − w1 + 2^16·(is_real − z)`, U16(e_l), U16(e_h) | each right side has absolute value < 2^17 + 2, so the equations are integer equations; e_l + 2^16·e_h = \|r\| − \|d\| + 2^32·(1 − z) ∈ [0, 2^32) | z = 0 ⇒ \|r\| < \|d\| (R' = ~r when nr, \|r\| = R' + nr) |
 * | — | `sign of r: signed·(sb − sr)·r.l = 0`, `… r.h = 0` | r ≠ 0 has n's sign (signed rows) | |
 * | `k0..k3`, `kl0..kl3` | the chain with X = q (ext signed·sq), Y = d (ext nd), A = (r.l, r.h, 0xffff·(nr + o) twice), O = (n.l, n.h, 0xffff·nn twice) | Q·D + R − o·2^32 ≡ N (mod 2^64) | unsigned: r < d ⇒ q·d + r < 2^64, exact. Signed, o = 0: \|q·d + r − n\| < 2^63, exact. Then n = q·d + r with \|r\| < \|d\| and the sign rule has one solution: truncation. d = 0: r ≡ n, so r = n. o = 1: r = 0 and −q ≡ 2^31, so q = INT_MIN. These are the RISC-V results |
 * @module
 */
import { constant } from '../../air/verifier.js';
import type { Expr } from '../../air/verifier.js';
import { m31 } from '../../field/index.js';
import { div, divu, rem, remu } from '../../vm/alu.js';
import { Op } from '../../vm/decoder.js';
import { aluRowInteractions, fillAluOperands, fillAluWrite } from '../gadgets/access.js';
import { wordBytes } from './mul.js';
import { chainCarries, fillChainCarries, productChain } from '../gadgets/product-chain.js';
import { BYTE_PAIR, U16 } from '../relations.js';
import { defineFamily } from './family.js';
import type { RowColumns } from './columns.js';

/** Component name. */
export const DIV_REM = 'div_rem';

/** Labels the row checker reports (exported for the soundness tests). */
export const DIV_REM_LABELS = Object.freeze({
  WRITTEN_L: 'written low half: a.l = q.l + f_rem·(r.l − q.l)',
  WRITTEN_H: 'written high half: a.h = q.h + f_rem·(r.h − q.h)',
  ZERO_Q_L: 'division by zero: z·(q.l − 0xffff) = 0',
  ZERO_Q_H: 'division by zero: z·(q.h − 0xffff) = 0',
  BOUND_L: "remainder bound: e_l = R'.l − D'.l + nr − nd + 2^16·w1",
  BOUND_H: "remainder bound: e_h = R'.h − D'.h − w1 + 2^16·(is_real − z)",
  SIGN_L: 'sign of r: signed·(sb − sr)·r.l = 0',
  SIGN_H: 'sign of r: signed·(sb − sr)·r.h = 0',
} as const);

const INV_256 = m31.inv(256);
const P16 = 2 ** 16;

const COLUMNS = [
  'is_real', 'pc', 'ts', 'is_divu', 'is_rem', 'is_remu', 'rd', 'rs1', 'rs2', 'b_l', 'b_h', 'c_l', 'c_h', 'q_l',
  'q_h', 'r_l', 'r_h', 'a_l', 'a_h', 'c0', 'c2', 'q0', 'q2', 'sb', 'sc', 'sq', 'sr', 'z', 'o', 'w1', 'e_l', 'e_h',
  'rd_prev_l', 'rd_prev_h', 'k0', 'k1', 'k2', 'k3', 'kl0', 'kl1', 'kl2', 'kl3', 'rs1.d0', 'rs1.d1', 'rs2.d0',
  'rs2.d1', 'rd.d0', 'rd.d1',
] as const;

/** The DivRem family (see the module comment). */
export const divRem = defineFamily({
  name: DIV_REM,
  sizeKey: 'divRem',
  ops: [Op.DIV, Op.DIVU, Op.REM, Op.REMU],
  columns: COLUMNS,
  constraints(b, col) {
    const isReal = col('is_real');
    const isDivu = col('is_divu');
    const isRem = col('is_rem');
    const isRemu = col('is_remu');
    const bL = col('b_l');
    const bH = col('b_h');
    const cL = col('c_l');
    const cH = col('c_h');
    const qL = col('q_l');
    const qH = col('q_h');
    const rL = col('r_l');
    const rH = col('r_h');
    const aL = col('a_l');
    const aH = col('a_h');
    const c0 = col('c0');
    const c2 = col('c2');
    const q0 = col('q0');
    const q2 = col('q2');
    const sb = col('sb');
    const sc = col('sc');
    const sq = col('sq');
    const sr = col('sr');
    const z = col('z');
    const o = col('o');
    const w1 = col('w1');
    const eL = col('e_l');
    const eH = col('e_h');
    const L = DIV_REM_LABELS;

    const bool = (e: Expr, what: string) => b.constrain(e.mul(e.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    bool(isDivu, 'is_divu');
    bool(isRem, 'is_rem');
    bool(isRemu, 'is_remu');
    bool(isDivu.add(isRem).add(isRemu), 'at most one flag');
    for (const [e, nm] of [
      [sb, 'sb'],
      [sc, 'sc'],
      [sq, 'sq'],
      [sr, 'sr'],
      [z, 'z'],
      [o, 'o'],
    ] as const) {
      bool(e, nm);
    }
    const unsigned = isDivu.add(isRemu);
    const signed = unsigned.neg().add(1);
    const fRem = isRem.add(isRemu);
    b.assertEq(aL, qL.add(fRem.mul(rL.sub(qL))), L.WRITTEN_L);
    b.assertEq(aH, qH.add(fRem.mul(rH.sub(qH))), L.WRITTEN_H);

    b.constrain(z.mul(cL), 'division by zero: z·d.l = 0');
    b.constrain(z.mul(cH), 'division by zero: z·d.h = 0');
    b.constrain(z.mul(qL.sub(0xffff)), L.ZERO_Q_L);
    b.constrain(z.mul(qH.sub(0xffff)), L.ZERO_Q_H);
    b.constrain(o.mul(bL), 'overflow: o·n.l = 0');
    b.constrain(o.mul(bH.sub(0x8000)), 'overflow: o·(n.h − 0x8000) = 0');
    b.constrain(o.mul(cL.sub(0xffff)), 'overflow: o·(d.l − 0xffff) = 0');
    b.constrain(o.mul(cH.sub(0xffff)), 'overflow: o·(d.h − 0xffff) = 0');
    b.constrain(o.mul(unsigned), 'overflow: o·(is_divu + is_remu) = 0');

    const nr = signed.mul(sr);
    const nd = signed.mul(sc);
    const nn = signed.mul(sb);
    b.constrain(signed.mul(sb.sub(sr)).mul(rL), L.SIGN_L);
    b.constrain(signed.mul(sb.sub(sr)).mul(rH), L.SIGN_H);

    // R' = nr ? ~r : r per half (canonical by construction); |r| = R' + nr. The same for d.
    const flip = (h: Expr, neg: Expr) => h.add(neg.mul(h.mul(-2).add(0xffff)));
    b.assertEq(eL, flip(rL, nr).sub(flip(cL, nd)).add(nr).sub(nd).add(w1.mul(P16)), L.BOUND_L);
    b.assertEq(eH, flip(rH, nr).sub(flip(cH, nd)).sub(w1).add(isReal.sub(z).mul(P16)), L.BOUND_H);
    b.constrain(w1.mul(w1.mul(w1).sub(1)), 'w1 ∈ {−1, 0, 1}');

    const hi = (half: Expr, lo: Expr) => half.sub(lo).mul(INV_256);
    const ds = [c0, hi(cL, c0), c2, hi(cH, c2)];
    const qs = [q0, hi(qL, q0), q2, hi(qH, q2)];
    const top = nr.add(o).mul(0xffff);
    productChain(b, col, qs, ds, signed.mul(sq), nd, [rL, rH, top, top], [bL, bH, nn.mul(0xffff), nn.mul(0xffff)], isReal);

    const op = isDivu.add(isRem.mul(2)).add(isRemu.mul(3)).add(Op.DIV);
    const zero = constant(0);
    aluRowInteractions(b, col, [0, 0], op, [aL, aH], zero);
    b.use(U16, [rL], isReal);
    b.use(U16, [rH], isReal);
    b.use(U16, [bH.add(2 ** 15).sub(sb.mul(P16))], isReal);
    b.use(U16, [rH.add(2 ** 15).sub(sr.mul(P16))], isReal);
    b.use(U16, [eL], isReal);
    b.use(U16, [eH], isReal);
    b.use(BYTE_PAIR, [ds[0]!, ds[1]!], isReal);
    b.use(BYTE_PAIR, [ds[2]!, ds[3]!], isReal);
    b.use(BYTE_PAIR, [qs[0]!, qs[1]!], isReal);
    b.use(BYTE_PAIR, [qs[2]!, qs[3]!], isReal);
    b.use(BYTE_PAIR, [ds[3]!.mul(2).sub(sc.mul(256)), qs[3]!.mul(2).sub(sq.mul(256))], isReal);
  },
  fill(ctx, rows, cy) {
    const r = rows.add();
    const c = rows.cols;
    const b = cy.rs1;
    const d = fillAluOperands(ctx, c, r, cy, false);
    // The traced result is one of q, r; the other is an auxiliary column.
    const isRem = cy.op === Op.REM || cy.op === Op.REMU;
    const other = divRemResults(cy.op, b, d);
    fillDivRemRow(c, r, cy.op, b, d, isRem ? other.q : cy.rd, isRem ? cy.rd : other.r);
    fillAluWrite(ctx, c, r, cy);
  },
});

/** Field encoding of a small signed integer. */
const fe = (v: number): number => (v < 0 ? m31.P + v : v);

/** The RISC-V quotient and remainder (unsigned 32-bit) of n by d for opcode `op` (DIV/REM or DIVU/REMU). */
export function divRemResults(op: number, n: number, d: number): { q: number; r: number } {
  const signed = op === Op.DIV || op === Op.REM;
  const q = (signed ? div(n | 0, d | 0) : divu(n | 0, d | 0)) >>> 0;
  const r = (signed ? rem(n | 0, d | 0) : remu(n | 0, d | 0)) >>> 0;
  return { q, r };
}

/**
 * Fills the remainder-bound columns (w1, e_l, e_h) of row `row` for remainder r, divisor d (unsigned
 * 32-bit), whether they count as negative (nr, nd) and z, as the AIR computes them. Exported so that tests
 * can re-solve them for forged q, r.
 */
export function fillRemainderBound(F: RowColumns<'w1' | 'e_l' | 'e_h'>, row: number, r: number, d: number, nr: number, nd: number, z: number): void {
  const flip = (h: number, neg: number) => (neg ? 0xffff - h : h);
  const v = flip(r & 0xffff, nr) - flip(d & 0xffff, nd) + nr - nd;
  const w1 = v < 0 ? 1 : v >= P16 ? -1 : 0;
  F.w1[row] = fe(w1);
  F.e_l[row] = v + P16 * w1;
  F.e_h[row] = fe(flip(r >>> 16, nr) - flip(d >>> 16, nd) - w1 + P16 * (1 - z));
}

/**
 * Fills the DivRem-specific columns of row `row` for opcode `op` and given quotient q and remainder r of
 * n = rs1 by d = rs2 (all unsigned 32-bit; honest ones from {@link divRemResults}): flags, q, r, the written
 * word, bytes, sign bits, z, o, the remainder bound and the carries. Returns the written value. Tests pass
 * forged q, r to get a row that is consistent except where q, r are wrong.
 */
export function fillDivRemRow(F: RowColumns<(typeof COLUMNS)[number]>, row: number, op: number, n: number, d: number, q: number, r: number): number {
  const signed = op === Op.DIV || op === Op.REM ? 1 : 0;
  const isRem = op === Op.REM || op === Op.REMU;
  F.is_divu[row] = op === Op.DIVU ? 1 : 0;
  F.is_rem[row] = op === Op.REM ? 1 : 0;
  F.is_remu[row] = op === Op.REMU ? 1 : 0;
  F.q_l[row] = q & 0xffff;
  F.q_h[row] = q >>> 16;
  F.r_l[row] = r & 0xffff;
  F.r_h[row] = r >>> 16;
  const a = isRem ? r : q;
  F.a_l[row] = a & 0xffff;
  F.a_h[row] = a >>> 16;
  F.c0[row] = d & 0xff;
  F.c2[row] = (d >>> 16) & 0xff;
  F.q0[row] = q & 0xff;
  F.q2[row] = (q >>> 16) & 0xff;
  const [sb, sc, sq, sr] = [n >>> 31, d >>> 31, q >>> 31, r >>> 31];
  F.sb[row] = sb;
  F.sc[row] = sc;
  F.sq[row] = sq;
  F.sr[row] = sr;
  const z = d === 0 ? 1 : 0;
  const o = signed && n === 0x80000000 && d === 0xffffffff ? 1 : 0;
  F.z[row] = z;
  F.o[row] = o;
  const [nn, nd, nq, nr] = [signed * sb, signed * sc, signed * sq, signed * sr];
  fillRemainderBound(F, row, r, d, nr, nd, z);
  const top = 0xffff * (nr + o);
  const carries = chainCarries(wordBytes(q), wordBytes(d), nq, nd, [r & 0xffff, r >>> 16, top, top], [n & 0xffff, n >>> 16, 0xffff * nn, 0xffff * nn]);
  fillChainCarries(F, row, carries);
  return a;
}
