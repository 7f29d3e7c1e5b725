/**
 * The Compare family: SLT, SLTU, SLTI, SLTIU (rv32im note §2 "SLTU / SLT (+I)").
 *
 * Per row: flags `is_sltu`, `is_slti`, `is_sltiu` (boolean, at most one set; none = SLT); the opcode in the
 * program tuple is SLT + is_sltu·(SLTU − SLT) + is_slti·(SLTI − SLT) + is_sltiu·(SLTIU − SLT), four distinct
 * values on the allowed patterns. `use_imm = is_slti + is_sltiu`: the second operand c is the rs2 read
 * (multiplicity is_real·(1 − use_imm)) or, when use_imm, is constrained to equal the table's immediate (the
 * sign-extended word, so SLTIU compares with it unsigned as RISC-V requires).
 *
 * The comparison is the borrow-chain gadget of `less-than.ts` (columns sb, sc, w1, w2, d_h), signed when
 * 1 − is_sltu − is_sltiu = 1; rd is written (w2, 0), canonical because w2 is boolean, so no result range
 * check is needed. Padding rows are all-zero; every multiplicity carries is_real.
 * @module
 */
import { component, constant } from '../air/verifier.js';
import type { Component } from '../air/verifier.js';
import { Op } from '../vm/decoder.js';
import { aluRowInteractions } from './access.js';
import { lessThan } from './less-than.js';

/** Component name. */
export const COMPARE = 'compare';

/** The Compare component of 2^logSize rows. */
export function compareComponent(logSize: number): Component {
  return component(COMPARE, logSize, (b) => {
    const isReal = b.main('is_real');
    const pc = b.main('pc');
    const ts = b.main('ts');
    const isSltu = b.main('is_sltu');
    const isSlti = b.main('is_slti');
    const isSltiu = b.main('is_sltiu');
    const rd = b.main('rd');
    const rs1 = b.main('rs1');
    const rs2 = b.main('rs2');
    const immL = b.main('imm_l');
    const immH = b.main('imm_h');
    const bL = b.main('b_l');
    const bH = b.main('b_h');
    const cL = b.main('c_l');
    const cH = b.main('c_h');
    const pL = b.main('rd_prev_l');
    const pH = b.main('rd_prev_h');
    const signed = isSltu.add(isSltiu).neg().add(1);
    const lt = lessThan(b, [bL, bH], [cL, cH], signed, isReal);

    const bool = (x: typeof isReal, what: string) => b.constrain(x.mul(x.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    bool(isSltu, 'is_sltu');
    bool(isSlti, 'is_slti');
    bool(isSltiu, 'is_sltiu');
    bool(isSltu.add(isSlti).add(isSltiu), 'at most one flag');
    const useImm = isSlti.add(isSltiu);
    b.constrain(useImm.mul(cL.sub(immL)), 'immediate operand: c.l = imm.l');
    b.constrain(useImm.mul(cH.sub(immH)), 'immediate operand: c.h = imm.h');

    const op = isSltu
      .mul(Op.SLTU - Op.SLT)
      .add(isSlti.mul(Op.SLTI - Op.SLT))
      .add(isSltiu.mul(Op.SLTIU - Op.SLT))
      .add(Op.SLT);
    aluRowInteractions(b, { isReal, pc, ts, rd, rs1, rs2, immL, immH, bL, bH, cL, cH, pL, pH }, op, [lt, constant(0)], useImm);
  });
}
