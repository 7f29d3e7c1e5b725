/**
 * The Mul family: MUL, MULH, MULHSU, MULHU (rv32im note §2 "MUL / MULH…"), over the byte-product chain of
 * `product-chain.ts`.
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
 * Padding rows are all-zero (every lookup has multiplicity is_real; the chain holds on zeros).
 * @module
 */
import { component, constant } from '../air/verifier.js';
import type { Component, Expr } from '../air/verifier.js';
import { m31 } from '../field/index.js';
import { mulh, mulhsu, mulhu } from '../vm/alu.js';
import { Op } from '../vm/decoder.js';
import { aluRowInteractions } from './access.js';
import { chainCarries, fillChainCarries, productChain } from './product-chain.js';
import { BYTE_PAIR, U16 } from './relations.js';

/** Component name. */
export const MUL_FAMILY = 'mul';

/** 1/2^8 in M31: the high byte of a half h with low byte x0 is (h − x0)·2^-8, a linear expression. */
const INV_256 = m31.inv(256);

/** The Mul component of 2^logSize rows. */
export function mulComponent(logSize: number): Component {
  return component(MUL_FAMILY, logSize, (b) => {
    const isReal = b.main('is_real');
    const pc = b.main('pc');
    const ts = b.main('ts');
    const isMulh = b.main('is_mulh');
    const isMulhsu = b.main('is_mulhsu');
    const isMulhu = b.main('is_mulhu');
    const rd = b.main('rd');
    const rs1 = b.main('rs1');
    const rs2 = b.main('rs2');
    const bL = b.main('b_l');
    const bH = b.main('b_h');
    const cL = b.main('c_l');
    const cH = b.main('c_h');
    const b0 = b.main('b0');
    const b2 = b.main('b2');
    const c0 = b.main('c0');
    const c2 = b.main('c2');
    const sb = b.main('sb');
    const sc = b.main('sc');
    const aL = b.main('a_l');
    const aH = b.main('a_h');
    const xL = b.main('x_l');
    const xH = b.main('x_h');
    const pL = b.main('rd_prev_l');
    const pH = b.main('rd_prev_h');

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
    productChain(b, bs, cs, eb, ec, [0, 0, 0, 0].map(() => constant(0)), [sel(aL, xL), sel(aH, xH), sel(xL, aL), sel(xH, aH)], isReal);

    const op = isMulh.add(isMulhsu.mul(2)).add(isMulhu.mul(3)).add(Op.MUL);
    const zero = constant(0);
    aluRowInteractions(b, { isReal, pc, ts, rd, rs1, rs2, immL: zero, immH: zero, bL, bH, cL, cH, pL, pH }, op, [aL, aH], zero);
    for (const h of [aL, aH, xL, xH]) b.use(U16, [h], isReal);
    b.use(BYTE_PAIR, [bs[0]!, bs[1]!], isReal);
    b.use(BYTE_PAIR, [bs[2]!, bs[3]!], isReal);
    b.use(BYTE_PAIR, [cs[0]!, cs[1]!], isReal);
    b.use(BYTE_PAIR, [cs[2]!, cs[3]!], isReal);
    b.use(BYTE_PAIR, [bs[3]!.mul(2).sub(sb.mul(256)), cs[3]!.mul(2).sub(sc.mul(256))], isReal);
  });
}

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
 * opcode `op` and operands b = rs1, c = rs2 (unsigned 32-bit), and returns the written value. The columns
 * the ALU families share (operands, register accesses) are the caller's.
 */
export function fillMulRow(F: Record<string, Uint32Array>, row: number, op: number, b: number, c: number): number {
  F.is_mulh![row] = op === Op.MULH ? 1 : 0;
  F.is_mulhsu![row] = op === Op.MULHSU ? 1 : 0;
  F.is_mulhu![row] = op === Op.MULHU ? 1 : 0;
  F.b0![row] = b & 0xff;
  F.b2![row] = (b >>> 16) & 0xff;
  F.c0![row] = c & 0xff;
  F.c2![row] = (c >>> 16) & 0xff;
  const sb = b >>> 31;
  const sc = c >>> 31;
  F.sb![row] = sb;
  F.sc![row] = sc;
  const eb = op === Op.MULH || op === Op.MULHSU ? sb : 0;
  const ec = op === Op.MULH ? sc : 0;
  const lo = Math.imul(b, c) >>> 0;
  // MUL's chain extends neither operand, so its high word is the unsigned one.
  const [sb32, sc32] = [b | 0, c | 0];
  const hiWord = (op === Op.MULH ? mulh(sb32, sc32) : op === Op.MULHSU ? mulhsu(sb32, sc32) : mulhu(sb32, sc32)) >>> 0;
  const [a, x] = op === Op.MUL ? [lo, hiWord] : [hiWord, lo];
  F.a_l![row] = a & 0xffff;
  F.a_h![row] = a >>> 16;
  F.x_l![row] = x & 0xffff;
  F.x_h![row] = x >>> 16;
  fillChainCarries(F, row, chainCarries(wordBytes(b), wordBytes(c), eb, ec, [0, 0, 0, 0], halves64(lo, hiWord)));
  return a;
}
