/**
 * The Bitwise family: AND, OR, XOR, ANDI, ORI, XORI (rv32im note §2 "AND / OR / XOR (+I)"), over the AND
 * table (`and_table` in `tables.ts`: the 2^16 triples (x, y, x & y) of bytes).
 *
 * Per row: flags `is_or`, `is_xor`, `is_andi`, `is_ori`, `is_xori` (boolean, at most one set; none = AND);
 * the opcode in the program tuple is AND + Σ flag·(OP − AND), six distinct values on the allowed patterns.
 * `use_imm = is_andi + is_ori + is_xori`: the second operand c is the rs2 read (multiplicity
 * is_real·(1 − use_imm)) or, when use_imm, equals the table's immediate.
 *
 * Bytes cost one column per half: b0, b2 are columns and b1 = (b.l − b0)/2^8, b3 = (b.h − b2)/2^8 are
 * linear expressions (the same for c). The lookups AND(b_i, c_i, n_i) (multiplicity is_real) prove that
 * every b_i, c_i is a byte, so (b0, b1) is the true split of the canonical half b.l, and give n_i = b_i & c_i.
 * With f_or = is_or + is_ori and f_xor = is_xor + is_xori (f_and = 1 − f_or − f_xor), each result byte is
 *
 *   r_i = f_and·n_i + f_xor·(b_i + c_i − 2·n_i) + f_or·(b_i + c_i − n_i),
 *
 * using x ⊕ y = x + y − 2(x & y) and x | y = x + y − (x & y); it is a byte by construction. The result
 * halves enter the rd tuple, so they are columns (degree 2, R4): a.l = r0 + 2^8·r1, a.h = r2 + 2^8·r3; they
 * are canonical without a range check. Padding rows are all-zero (the AND lookups have multiplicity
 * is_real, so padding looks nothing up).
 * @module
 */
import { component } from '../air/verifier.js';
import type { Component, Expr } from '../air/verifier.js';
import { m31 } from '../field/index.js';
import { Op } from '../vm/decoder.js';
import { aluRowInteractions } from './access.js';
import { AND } from './relations.js';

/** Component name. */
export const BITWISE = 'bitwise';

/** 1/2^8 in M31: the high byte of a half h with low byte x0 is (h − x0)·2^-8, a linear expression. */
const INV_256 = m31.inv(256);

/** The Bitwise component of 2^logSize rows. */
export function bitwiseComponent(logSize: number): Component {
  return component(BITWISE, logSize, (b) => {
    const isReal = b.main('is_real');
    const pc = b.main('pc');
    const ts = b.main('ts');
    const isOr = b.main('is_or');
    const isXor = b.main('is_xor');
    const isAndi = b.main('is_andi');
    const isOri = b.main('is_ori');
    const isXori = b.main('is_xori');
    const rd = b.main('rd');
    const rs1 = b.main('rs1');
    const rs2 = b.main('rs2');
    const immL = b.main('imm_l');
    const immH = b.main('imm_h');
    const bL = b.main('b_l');
    const bH = b.main('b_h');
    const cL = b.main('c_l');
    const cH = b.main('c_h');
    const b0 = b.main('b0');
    const b2 = b.main('b2');
    const c0 = b.main('c0');
    const c2 = b.main('c2');
    const n = [b.main('n0'), b.main('n1'), b.main('n2'), b.main('n3')];
    const pL = b.main('rd_prev_l');
    const pH = b.main('rd_prev_h');
    const aL = b.main('a_l');
    const aH = b.main('a_h');

    const bool = (x: Expr, what: string) => b.constrain(x.mul(x.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    bool(isOr, 'is_or');
    bool(isXor, 'is_xor');
    bool(isAndi, 'is_andi');
    bool(isOri, 'is_ori');
    bool(isXori, 'is_xori');
    bool(isOr.add(isXor).add(isAndi).add(isOri).add(isXori), 'at most one flag');
    const useImm = isAndi.add(isOri).add(isXori);
    b.constrain(useImm.mul(cL.sub(immL)), 'immediate operand: c.l = imm.l');
    b.constrain(useImm.mul(cH.sub(immH)), 'immediate operand: c.h = imm.h');

    const hi = (half: Expr, lo: Expr) => half.sub(lo).mul(INV_256);
    const bs = [b0, hi(bL, b0), b2, hi(bH, b2)];
    const cs = [c0, hi(cL, c0), c2, hi(cH, c2)];
    const fOr = isOr.add(isOri);
    const fXor = isXor.add(isXori);
    const fAnd = fOr.add(fXor).neg().add(1);
    const r = (i: number) => {
      const s = bs[i]!.add(cs[i]!);
      return fAnd.mul(n[i]!).add(fXor.mul(s.sub(n[i]!.mul(2)))).add(fOr.mul(s.sub(n[i]!)));
    };
    b.assertEq(aL, r(0).add(r(1).mul(256)), 'result low half: a.l = r0 + 2^8·r1');
    b.assertEq(aH, r(2).add(r(3).mul(256)), 'result high half: a.h = r2 + 2^8·r3');

    const op = isOr
      .mul(Op.OR - Op.AND)
      .add(isXor.mul(Op.XOR - Op.AND))
      .add(isAndi.mul(Op.ANDI - Op.AND))
      .add(isOri.mul(Op.ORI - Op.AND))
      .add(isXori.mul(Op.XORI - Op.AND))
      .add(Op.AND);
    aluRowInteractions(b, { isReal, pc, ts, rd, rs1, rs2, immL, immH, bL, bH, cL, cH, pL, pH }, op, [aL, aH], useImm);
    for (let i = 0; i < 4; i++) b.use(AND, [bs[i]!, cs[i]!, n[i]!], isReal);
  });
}
