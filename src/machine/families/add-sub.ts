/**
 * The AddSub family: ADD, SUB, ADDI and LUI (`docs/machine.md`, "Components"). LUI is ADDI from x0:
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
 *
 * Soundness audit — `add_sub` (`add-sub.ts`) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | why not aliased / supplied elsewhere |
 * |---|---|---|---|
 * | is_real, is_sub, is_addi, is_lui | "… is boolean", "at most one flag is boolean" | {0,1}, ≤ 1 set | op = 28, 29, 19 or 1 (ADD, SUB, ADDI, LUI) enters the PROG tuple: flags = the table's opcode |
 * | pc | STATE use, PROG use | table pc | a.G1 |
 * | ts | STATE use | < 2^29 | a.G1 |
 * | rd, rs1, rs2, imm_l, imm_h | PROG use | table values | one row per pc |
 * | b_l, b_h | rs1 read | canonical (a.G3) | a.G8 |
 * | c_l, c_h | rs2 read (R-type) or "immediate operand: c.l = imm.l", "… c.h = imm.h" | canonical (a.G3 / table) | a.G8; on I-type rows the rs2 access has multiplicity 0 |
 * | rd_prev_l, rd_prev_h | rd access (use) | pinned | a.G8 |
 * | a_l, a_h | U16(a.l), U16(a.h); "low half: b.l ± c.l = a.l + 2^16·k1", "high half: …" | canonical | both sides are integers in (−2^17, 2^18): the equations hold over the integers, k1 is the true carry/borrow, a = b ± c mod 2^32 |
 * | k1, k2 | "k1 ∈ {−1, 0, 1}", "k2 ∈ {−1, 0, 1}" | {−1, 0, 1} | the wrong sign has no U16 solution (ADD: LHS ≥ 0; SUB: LHS < 2^16) |
 * | limbs | access gadget | U16 | — |
 *
 * LUI: rs1 = 0 from the decoder, reads 0 (a.G4). FENCE: the table's `addi x0, x0, 0` (`tableOpcode`).
 * @module
 */
import type { ExprLike } from '../../air/verifier.js';
import { Op } from '../../vm/decoder.js';
import { aluRowInteractions, fillAluOperands, fillAluWrite } from '../gadgets/access.js';
import { U16 } from '../relations.js';
import { defineFamily } from './family.js';

/** Component name. */
export const ADD_SUB = 'add_sub';

const COLUMNS = [
  'is_real', 'pc', 'ts', 'is_sub', 'is_addi', 'is_lui', 'rd', 'rs1', 'rs2', 'imm_l', 'imm_h', 'b_l', 'b_h', 'c_l', 'c_h',
  'rd_prev_l', 'rd_prev_h', 'a_l', 'a_h', 'k1', 'k2', 'rs1.d0', 'rs1.d1', 'rs2.d0', 'rs2.d1', 'rd.d0', 'rd.d1',
] as const;

const P = 0x7fffffff;
const P16 = 2 ** 16;

/** The AddSub family (see the module comment). */
export const addSub = defineFamily({
  name: ADD_SUB,
  sizeKey: 'addSub',
  ops: [Op.ADD, Op.SUB, Op.ADDI, Op.LUI],
  columns: COLUMNS,
  constraints(b, col) {
    const isReal = col('is_real');
    const isSub = col('is_sub');
    const isAddi = col('is_addi');
    const isLui = col('is_lui');
    const [cL, cH, immL, immH] = [col('c_l'), col('c_h'), col('imm_l'), col('imm_h')];
    const [aL, aH, k1, k2] = [col('a_l'), col('a_h'), col('k1'), col('k2')];
    const bool = (x: typeof isReal, what: string) => b.constrain(x.mul(x.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    bool(isSub, 'is_sub');
    bool(isAddi, 'is_addi');
    bool(isLui, 'is_lui');
    bool(isSub.add(isAddi).add(isLui), 'at most one flag');
    const useImm = isAddi.add(isLui);
    b.constrain(useImm.mul(cL.sub(immL)), 'immediate operand: c.l = imm.l');
    b.constrain(useImm.mul(cH.sub(immH)), 'immediate operand: c.h = imm.h');
    const sigma = isSub.mul(-2).add(1);
    b.assertEq(col('b_l').add(sigma.mul(cL)), aL.add(k1.mul(P16)), 'low half: b.l ± c.l = a.l + 2^16·k1');
    b.assertEq(col('b_h').add(sigma.mul(cH)).add(k1), aH.add(k2.mul(P16)), 'high half: b.h ± c.h + k1 = a.h + 2^16·k2');
    b.constrain(k1.mul(k1.square().sub(1)), 'k1 ∈ {−1, 0, 1}');
    b.constrain(k2.mul(k2.square().sub(1)), 'k2 ∈ {−1, 0, 1}');
    const op: ExprLike = isSub
      .mul(Op.SUB - Op.ADD)
      .add(isAddi.mul(Op.ADDI - Op.ADD))
      .add(isLui.mul(Op.LUI - Op.ADD))
      .add(Op.ADD);
    aluRowInteractions(b, col, [immL, immH], op, [aL, aH], useImm);
    b.use(U16, [aL], isReal);
    b.use(U16, [aH], isReal);
  },
  fill(ctx, rows, cy) {
    const r = rows.add();
    const c = rows.cols;
    const op = cy.op;
    const isSub = op === Op.SUB;
    c.is_sub[r] = isSub ? 1 : 0;
    c.is_addi[r] = op === Op.ADDI ? 1 : 0;
    c.is_lui[r] = op === Op.LUI ? 1 : 0;
    const b = cy.rs1;
    const cv = fillAluOperands(ctx, c, r, cy, op === Op.ADDI || op === Op.LUI);
    const a = cy.rd;
    const sigma = isSub ? -1 : 1;
    const k1 = ((b & 0xffff) + sigma * (cv & 0xffff) - (a & 0xffff)) / P16;
    const k2 = ((b >>> 16) + sigma * (cv >>> 16) + k1 - (a >>> 16)) / P16;
    c.a_l[r] = a & 0xffff;
    c.a_h[r] = a >>> 16;
    c.k1[r] = k1 < 0 ? P + k1 : k1;
    c.k2[r] = k2 < 0 ? P + k2 : k2;
    fillAluWrite(ctx, c, r, cy);
  },
});
