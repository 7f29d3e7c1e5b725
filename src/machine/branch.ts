/**
 * The Branch family: BEQ, BNE, BLT, BGE, BLTU, BGEU (rv32im note §2 "Branches").
 *
 * Per row: kind flags `is_bne`, `is_blt`, `is_bge`, `is_bltu`, `is_bgeu` (boolean, at most one set; none =
 * BEQ); the opcode in the program tuple is BEQ + is_bne + 2·is_blt + 3·is_bge + 4·is_bltu + 5·is_bgeu (the
 * six opcodes are consecutive), six distinct values on the allowed patterns. The row reads rs1 (b) and
 * rs2 (c), writes nothing (the table's rd is the sink, never accessed), and yields (pc', ts + 4).
 *
 * Less-than: the shared borrow-chain gadget of `less-than.ts` (columns sb, sc, w1, w2, d_h; lt = w2),
 * signed for BLT and BGE.
 *
 * Equality, by the sum of squares s = (b.l − c.l)² + (b.h − c.h)² with a witness `inv`:
 *
 *   e·s = 0,   is_real·(1 − e) = s·inv
 *
 * Sound because p ≡ 3 (mod 4): −1 is not a square, so s = 0 only when both differences vanish (they are
 * below 2^16 in absolute value). On a real row the two force e = [b = c] (booleanness follows); on an
 * all-zero padding row both hold.
 *
 * `taken` is e, 1 − e, lt or 1 − lt by kind, and is_real·(pc' − pc − 4 − taken·(next − pc − 4)) = 0, with `next` the
 * program table's target constant (never a pc when the target would wrap modulo p). Both `taken` and pc'
 * are columns (pc' enters the state tuple, R4). A misaligned target has no program row, so a taken
 * branch to it is unprovable. Every multiplicity carries is_real.
 * @module
 */
import { component } from '../air/verifier.js';
import type { Component } from '../air/verifier.js';
import { Op } from '../vm/decoder.js';
import { registerAccess } from './access.js';
import { lessThan } from './less-than.js';
import { PROG, SINK_REG, SLOT, STATE, TS_STEP } from './relations.js';

/** Component name. */
export const BRANCH = 'branch';

/** The Branch component of 2^logSize rows. */
export function branchComponent(logSize: number): Component {
  return component(BRANCH, logSize, (b) => {
    const isReal = b.main('is_real');
    const pc = b.main('pc');
    const ts = b.main('ts');
    const isBne = b.main('is_bne');
    const isBlt = b.main('is_blt');
    const isBge = b.main('is_bge');
    const isBltu = b.main('is_bltu');
    const isBgeu = b.main('is_bgeu');
    const rs1 = b.main('rs1');
    const rs2 = b.main('rs2');
    const immL = b.main('imm_l');
    const immH = b.main('imm_h');
    const next = b.main('next');
    const bL = b.main('b_l');
    const bH = b.main('b_h');
    const cL = b.main('c_l');
    const cH = b.main('c_h');
    const signed = isBlt.add(isBge);
    const lt = lessThan(b, [bL, bH], [cL, cH], signed, isReal);
    const e = b.main('e');
    const inv = b.main('inv');
    const taken = b.main('taken');
    const pcNext = b.main('pc_next');

    const bool = (x: typeof isReal, what: string) => b.constrain(x.mul(x.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    bool(isBne, 'is_bne');
    bool(isBlt, 'is_blt');
    bool(isBge, 'is_bge');
    bool(isBltu, 'is_bltu');
    bool(isBgeu, 'is_bgeu');
    bool(isBne.add(isBlt).add(isBge).add(isBltu).add(isBgeu), 'at most one flag');
    const s = bL.sub(cL).square().add(bH.sub(cH).square());
    b.constrain(e.mul(s), 'equality: e·s = 0');
    b.assertEq(isReal.mul(e.neg().add(1)), s.mul(inv), 'equality: is_real·(1 − e) = s·inv');
    const isBeq = isBne.add(isBlt).add(isBge).add(isBltu).add(isBgeu).neg().add(1);
    b.assertEq(
      taken,
      isBeq
        .mul(e)
        .add(isBne.mul(e.neg().add(1)))
        .add(isBlt.add(isBltu).mul(lt))
        .add(isBge.add(isBgeu).mul(lt.neg().add(1))),
      'taken = e, 1 − e, lt or 1 − lt by kind',
    );
    // Times is_real: the right side is 4 on an all-zero padding row.
    b.constrain(isReal.mul(pcNext.sub(pc).sub(4).sub(taken.mul(next.sub(pc).sub(4)))), "pc' = pc + 4 + taken·(next − pc − 4)");

    const op = isBne
      .add(isBlt.mul(Op.BLT - Op.BEQ))
      .add(isBge.mul(Op.BGE - Op.BEQ))
      .add(isBltu.mul(Op.BLTU - Op.BEQ))
      .add(isBgeu.mul(Op.BGEU - Op.BEQ))
      .add(Op.BEQ);
    b.use(STATE, [pc, ts], isReal);
    b.yield(STATE, [pcNext, ts.add(TS_STEP)], isReal);
    b.use(PROG, [pc, op, SINK_REG, rs1, rs2, immL, immH, 0, 0, next], isReal);
    registerAccess(b, 'rs1', rs1, ts.add(SLOT.RS1), [bL, bH], [bL, bH], isReal);
    registerAccess(b, 'rs2', rs2, ts.add(SLOT.RS2), [cL, cH], [cL, cH], isReal);
  });
}
