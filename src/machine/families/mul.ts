/**
 * The Mul family: MUL, MULH, MULHSU, MULHU (`docs/machine.md`, "`mul`"), over the byte-product chain of
 * `gadgets/product-chain.ts`.
 *
 * Per row: flags `is_mulh`, `is_mulhsu`, `is_mulhu` (boolean, at most one set; none = MUL); the opcode in
 * the program tuple is MUL + is_mulh + 2·is_mulhsu + 3·is_mulhu (the four are consecutive). All four are
 * R-type: rs1 and rs2 are read (the program's immediate is 0), rd is written.
 *
 * Operands b = rs1, c = rs2 as bytes: b0, b2 are columns and b1 = (b.l − b0)/2^8, b3 = (b.h − b2)/2^8 are
 * linear expressions (the same for c); BYTE_PAIR(b0, b1), BYTE_PAIR(b2, b3) (and for c) make them bytes,
 * so the split of the canonical halves is the true one. Sign bits sb, sc are boolean and
 * BYTE_PAIR(2·b3 − 2^8·sb, 2·c3 − 2^8·sc) forces them on every row (b3 a byte, so 2·b3 − 2^8·sb is in
 * [0, 256) exactly when sb = b3 >> 7). The extension bits are `eb = (is_mulh + is_mulhsu)·sb` and
 * `ec = is_mulh·sc` (expressions of degree 2): MULH extends both operands with their signs, MULHSU only b,
 * MULHU and MUL neither (MUL's low word does not depend on it).
 *
 * The product: the chain proves B·C ≡ L (mod 2^64) for the sign-extended operands, L given by four halves.
 * Its low word is the MUL result and its high word the MULH* result. The written word `a` (a_l, a_h,
 * entering the rd tuple, R4) and the other word `x` (x_l, x_h) are columns; with is_mul = 1 − Σ flags,
 * L = is_mul·(a, x) + (1 − is_mul)·(x, a) (degree 2, only inside the chain equations, degree 3). All four
 * halves are looked up in U16, so both words are canonical — including the low word MULH* does not write
 * (R1, R2: without it the chain would let the high word move).
 *
 * Padding rows are all-zero (every lookup has multiplicity is_real; the chain holds on zeros). *
 * Soundness audit — `mul` (`mul.ts`): MUL, MULH, MULHSU, MULHU (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | cannot alias / be supplied by another row |
 * |---|---|---|---|
 * | `is_mulh`, `is_mulhsu`, `is_mulhu` | booleans, `at most one flag is boolean`, op = MUL + is_mulh + 2·is_mulhsu + 3·is_mulhu (41..44) | | R-type: PROG imm is the constant 0, rs2 always read |
 * | adapter columns | adapter (use_imm = 0) | | |
 * | `b0`, `b2`, `c0`, `c2` | BYTE_PAIR(b0, b1), (b2, b3), (c0, c1), (c2, c3) | bytes, so b and c are canonical locally | |
 * | `sb`, `sc` | `sb is boolean`, `sc is boolean`, BYTE_PAIR(2·b3 − 2^8·sb, 2·c3 − 2^8·sc) | the top bits (2·b3 − 256·sb ∈ [0, 256) iff sb = b3 >> 7) | extension bits eb = (is_mulh + is_mulhsu)·sb, ec = is_mulh·sc ∈ {0, 1} |
 * | `a_l`, `a_h`, `x_l`, `x_h` | U16 on all four; the chain's O = is_mul·(a, x) + (1 − is_mul)·(x, a) | canonical. The chain fixes the 64-bit O mod 2^64, and four canonical halves represent it uniquely, so the unwritten word x cannot move the written one | row-local |
 * | `k0..k3`, `kl0..kl3` | product chain (below) | | |
 * @module
 */
import { constant } from '../../air/verifier.js';
import type { Expr } from '../../air/verifier.js';
import { m31 } from '../../field/index.js';
import { mulhu } from '../../vm/alu.js';
import { Op } from '../../vm/decoder.js';
import { aluRowInteractions, fillAluOperands, fillAluWrite } from '../gadgets/access.js';
import { chainCarries, fillChainCarries, productChain } from '../gadgets/product-chain.js';
import { BYTE_PAIR, U16 } from '../relations.js';
import { defineFamily } from './family.js';
import type { RowColumns } from './columns.js';

/** Component name. */
export const MUL_FAMILY = 'mul';

/** 1/2^8 in M31: the high byte of a half h with low byte x0 is (h − x0)·2^-8, a linear expression. */
const INV_256 = m31.inv(256);

const COLUMNS = [
  'is_real', 'pc', 'ts', 'is_mulh', 'is_mulhsu', 'is_mulhu', 'rd', 'rs1', 'rs2', 'b_l', 'b_h', 'c_l', 'c_h', 'b0',
  'b2', 'c0', 'c2', 'sb', 'sc', 'a_l', 'a_h', 'x_l', 'x_h', 'rd_prev_l', 'rd_prev_h', 'k0', 'k1', 'k2', 'k3', 'kl0',
  'kl1', 'kl2', 'kl3', 'rs1.d0', 'rs1.d1', 'rs2.d0', 'rs2.d1', 'rd.d0', 'rd.d1',
] as const;

/** The Mul family (see the module comment). */
export const mul = defineFamily({
  name: MUL_FAMILY,
  sizeKey: 'mul',
  ops: [Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU],
  columns: COLUMNS,
  constraints(b, col) {
    const isReal = col('is_real');
    const isMulh = col('is_mulh');
    const isMulhsu = col('is_mulhsu');
    const isMulhu = col('is_mulhu');
    const bL = col('b_l');
    const bH = col('b_h');
    const cL = col('c_l');
    const cH = col('c_h');
    const b0 = col('b0');
    const b2 = col('b2');
    const c0 = col('c0');
    const c2 = col('c2');
    const sb = col('sb');
    const sc = col('sc');
    const aL = col('a_l');
    const aH = col('a_h');
    const xL = col('x_l');
    const xH = col('x_h');

    const bool = (e: Expr, what: string) => b.constrain(e.mul(e.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    bool(isMulh, 'is_mulh');
    bool(isMulhsu, 'is_mulhsu');
    bool(isMulhu, 'is_mulhu');
    const flags = isMulh.add(isMulhsu).add(isMulhu);
    bool(flags, 'at most one flag');
    bool(sb, 'sb');
    bool(sc, 'sc');

    const hi = (half: Expr, lo: Expr) => half.sub(lo).mul(INV_256);
    const bs = [b0, hi(bL, b0), b2, hi(bH, b2)];
    const cs = [c0, hi(cL, c0), c2, hi(cH, c2)];
    const eb = isMulh.add(isMulhsu).mul(sb);
    const ec = isMulh.mul(sc);
    const isMul = flags.neg().add(1);
    const sel = (u: Expr, v: Expr) => isMul.mul(u).add(flags.mul(v));
    productChain(b, col, bs, cs, eb, ec, [0, 0, 0, 0].map(() => constant(0)), [sel(aL, xL), sel(aH, xH), sel(xL, aL), sel(xH, aH)], isReal);

    const op = isMulh.add(isMulhsu.mul(2)).add(isMulhu.mul(3)).add(Op.MUL);
    const zero = constant(0);
    aluRowInteractions(b, col, [0, 0], op, [aL, aH], zero);
    for (const h of [aL, aH, xL, xH]) b.use(U16, [h], isReal);
    b.use(BYTE_PAIR, [bs[0]!, bs[1]!], isReal);
    b.use(BYTE_PAIR, [bs[2]!, bs[3]!], isReal);
    b.use(BYTE_PAIR, [cs[0]!, cs[1]!], isReal);
    b.use(BYTE_PAIR, [cs[2]!, cs[3]!], isReal);
    b.use(BYTE_PAIR, [bs[3]!.mul(2).sub(sb.mul(256)), cs[3]!.mul(2).sub(sc.mul(256))], isReal);
  },
  fill(ctx, rows, cy) {
    const r = rows.add();
    const c = rows.cols;
    const b = cy.rs1;
    const cv = fillAluOperands(ctx, c, r, cy, false);
    fillMulRow(c, r, cy.op, b, cv, cy.rd);
    fillAluWrite(ctx, c, r, cy);
  },
});

/** The four bytes of a word, low first. */
export function wordBytes(w: number): number[] {
  return [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24];
}

/** The four halves of the 64-bit value lo + 2^32·hi, low first. */
function halves64(lo: number, hi: number): number[] {
  return [lo & 0xffff, lo >>> 16, hi & 0xffff, hi >>> 16];
}

/**
 * Fills the Mul-specific columns of row `row` (flags, bytes, sign bits, both product words, carries) for
 * opcode `op`, operands b = rs1, c = rs2 and the traced result `a` (unsigned 32-bit). The other word of the
 * 64-bit product, which no register receives, is an auxiliary column computed here. The columns the ALU
 * families share (operands, register accesses) are the caller's.
 */
export function fillMulRow(F: RowColumns<(typeof COLUMNS)[number]>, row: number, op: number, b: number, c: number, a: number): void {
  F.is_mulh[row] = op === Op.MULH ? 1 : 0;
  F.is_mulhsu[row] = op === Op.MULHSU ? 1 : 0;
  F.is_mulhu[row] = op === Op.MULHU ? 1 : 0;
  F.b0[row] = b & 0xff;
  F.b2[row] = (b >>> 16) & 0xff;
  F.c0[row] = c & 0xff;
  F.c2[row] = (c >>> 16) & 0xff;
  const sb = b >>> 31;
  const sc = c >>> 31;
  F.sb[row] = sb;
  F.sc[row] = sc;
  const eb = op === Op.MULH || op === Op.MULHSU ? sb : 0;
  const ec = op === Op.MULH ? sc : 0;
  // MUL's chain extends neither operand, so its high word is the unsigned one; MULH*'s low word is MUL's.
  const lo = op === Op.MUL ? a : Math.imul(b, c) >>> 0;
  const hiWord = op === Op.MUL ? mulhu(b | 0, c | 0) >>> 0 : a;
  const x = op === Op.MUL ? hiWord : lo;
  F.a_l[row] = a & 0xffff;
  F.a_h[row] = a >>> 16;
  F.x_l[row] = x & 0xffff;
  F.x_h[row] = x >>> 16;
  fillChainCarries(F, row, chainCarries(wordBytes(b), wordBytes(c), eb, ec, [0, 0, 0, 0], halves64(lo, hiWord)));
}
