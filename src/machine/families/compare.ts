/**
 * The Compare family: SLT, SLTU, SLTI, SLTIU (`docs/machine.md`, "`compare`").
 *
 * Per row: flags `is_sltu`, `is_slti`, `is_sltiu` (boolean, at most one set; none = SLT); the opcode in the
 * program tuple is SLT + is_sltu·(SLTU − SLT) + is_slti·(SLTI − SLT) + is_sltiu·(SLTIU − SLT), four distinct
 * values on the allowed patterns. `use_imm = is_slti + is_sltiu`: the second operand c is the rs2 read
 * (multiplicity is_real·(1 − use_imm)) or, when use_imm, is constrained to equal the table's immediate (the
 * sign-extended word, so SLTIU compares with it unsigned as RISC-V requires).
 *
 * The comparison is the borrow-chain gadget of `gadgets/less-than.ts` (columns sb, sc, w1, w2, d_h), signed when
 * 1 − is_sltu − is_sltiu = 1; rd is written (w2, 0), canonical because w2 is boolean, so no result range
 * check is needed. Padding rows are all-zero; every multiplicity carries is_real. *
 * Soundness audit — `compare` (`compare.ts`) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | why |
 * |---|---|---|---|
 * | flags | booleans, "at most one flag" | — | op SLT, SLTU, SLTI, SLTIU in PROG; signed = 1 − is_sltu − is_sltiu ∈ {0,1} |
 * | pc, ts, rd, rs1, rs2, imm | STATE, PROG | table | — |
 * | b | rs1 read | canonical (a.G3) | a.G8 |
 * | c | rs2 read (mult is_real·(1 − use_imm)) or "immediate operand: c.l = imm.l / c.h = imm.h" | canonical | table imm is the sign-extended word (SLTIU compares it unsigned) |
 * | sb, sc, w1, w2, d_h | less-than gadget | — | rd is written (w2, 0): canonical, no extra range check |
 * | rd_prev | rd access | pinned | a.G8 |
 * @module
 */
import { constant } from '../../air/verifier.js';
import { Op } from '../../vm/decoder.js';
import { aluRowInteractions, fillAluOperands, fillAluWrite } from '../gadgets/access.js';
import { fillLessThan, lessThan } from '../gadgets/less-than.js';
import { defineFamily } from './family.js';


/** Component name. */
export const COMPARE = 'compare';

const COLUMNS = [
  'is_real', 'pc', 'ts', 'is_sltu', 'is_slti', 'is_sltiu', 'rd', 'rs1', 'rs2', 'imm_l', 'imm_h', 'b_l', 'b_h', 'c_l',
  'c_h', 'rd_prev_l', 'rd_prev_h', 'sb', 'sc', 'w1', 'w2', 'd_h', 'rs1.d0', 'rs1.d1', 'rs2.d0', 'rs2.d1', 'rd.d0',
  'rd.d1',
] as const;

/** The Compare family (see the module comment). */
export const compare = defineFamily({
  name: COMPARE,
  sizeKey: 'compare',
  ops: [Op.SLT, Op.SLTU, Op.SLTI, Op.SLTIU],
  columns: COLUMNS,
  constraints(b, col) {
    const isReal = col('is_real');
    const isSltu = col('is_sltu');
    const isSlti = col('is_slti');
    const isSltiu = col('is_sltiu');
    const immL = col('imm_l');
    const immH = col('imm_h');
    const bL = col('b_l');
    const bH = col('b_h');
    const cL = col('c_l');
    const cH = col('c_h');
    const signed = isSltu.add(isSltiu).neg().add(1);
    const lt = lessThan(b, col, [bL, bH], [cL, cH], signed, isReal);

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
    aluRowInteractions(b, col, [immL, immH], op, [lt, constant(0)], useImm);
  },
  fill(ctx, rows, cy) {
    const r = rows.add();
    const c = rows.cols;
    const op = cy.op;
    c.is_sltu[r] = op === Op.SLTU ? 1 : 0;
    c.is_slti[r] = op === Op.SLTI ? 1 : 0;
    c.is_sltiu[r] = op === Op.SLTIU ? 1 : 0;
    const b = cy.rs1;
    const cv = fillAluOperands(ctx, c, r, cy, op === Op.SLTI || op === Op.SLTIU);
    fillLessThan(c, r, b, cv, op === Op.SLT || op === Op.SLTI);
    fillAluWrite(ctx, c, r, cy);
  },
});
