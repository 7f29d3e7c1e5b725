/**
 * The AddSub family: ADD, SUB, ADDI and LUI (rv32im note §2 "ADD / SUB / ADDI", §9). LUI is ADDI from x0:
 * the decoder gives it rs1 = 0 and the shifted immediate, and a read of x0 always returns 0.
 *
 * Per row: flags `is_sub`, `is_addi`, `is_lui` (boolean, at most one set); the opcode in the program
 * tuple is ADD + is_sub·(SUB − ADD) + is_addi·(ADDI − ADD) + is_lui·(LUI − ADD), which takes four distinct
 * values on the allowed flag patterns. `use_imm = is_addi + is_lui`. The second operand c is the rs2 read
 * (multiplicity is_real·(1 − use_imm)) or, when use_imm, is constrained to equal the immediate.
 * With σ = 1 − 2·is_sub:
 *
 *   b.l + σ·c.l      = a.l + 2^16·k1
 *   b.h + σ·c.h + k1 = a.h + 2^16·k2,   k·(k² − 1) = 0,   U16(a.l), U16(a.h)
 *
 * b and c are canonical (register reads inherit canonicity; immediates come from the table), so over the
 * integers k1 ∈ {0, 1} for ADD and {−1, 0} for SUB, and a = b ± c mod 2^32 with canonical halves.
 * Padding rows are all-zero, which satisfies every constraint; every multiplicity carries is_real.
 * @module
 */
import { component } from '../air/verifier.js';
import type { Component } from '../air/verifier.js';
import { Op } from '../vm/decoder.js';
import { aluRowInteractions } from './access.js';
import { U16 } from './relations.js';

/** Component name. */
export const ADD_SUB = 'add_sub';

/** The AddSub component of 2^logSize rows. */
export function addSubComponent(logSize: number): Component {
  return component(ADD_SUB, logSize, (b) => {
    const isReal = b.main('is_real');
    const pc = b.main('pc');
    const ts = b.main('ts');
    const isSub = b.main('is_sub');
    const isAddi = b.main('is_addi');
    const isLui = b.main('is_lui');
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
    const aL = b.main('a_l');
    const aH = b.main('a_h');
    const k1 = b.main('k1');
    const k2 = b.main('k2');

    const bool = (x: typeof isReal, what: string) => b.constrain(x.mul(x.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    bool(isSub, 'is_sub');
    bool(isAddi, 'is_addi');
    bool(isLui, 'is_lui');
    const anyFlag = isSub.add(isAddi).add(isLui);
    bool(anyFlag, 'at most one flag');
    const useImm = isAddi.add(isLui);
    b.constrain(useImm.mul(cL.sub(immL)), 'immediate operand: c.l = imm.l');
    b.constrain(useImm.mul(cH.sub(immH)), 'immediate operand: c.h = imm.h');
    const sigma = isSub.mul(-2).add(1);
    const P16 = 2 ** 16;
    b.assertEq(bL.add(sigma.mul(cL)), aL.add(k1.mul(P16)), 'low half: b.l ± c.l = a.l + 2^16·k1');
    b.assertEq(bH.add(sigma.mul(cH)).add(k1), aH.add(k2.mul(P16)), 'high half: b.h ± c.h + k1 = a.h + 2^16·k2');
    b.constrain(k1.mul(k1.square().sub(1)), 'k1 ∈ {−1, 0, 1}');
    b.constrain(k2.mul(k2.square().sub(1)), 'k2 ∈ {−1, 0, 1}');

    const op = isSub
      .mul(Op.SUB - Op.ADD)
      .add(isAddi.mul(Op.ADDI - Op.ADD))
      .add(isLui.mul(Op.LUI - Op.ADD))
      .add(Op.ADD);
    aluRowInteractions(b, { isReal, pc, ts, rd, rs1, rs2, immL, immH, bL, bH, cL, cH, pL, pH }, op, [aL, aH], useImm);
    b.use(U16, [aL], isReal);
    b.use(U16, [aH], isReal);
  });
}
