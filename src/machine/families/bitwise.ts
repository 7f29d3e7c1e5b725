/**
 * The Bitwise family: AND, OR, XOR, ANDI, ORI, XORI (`docs/machine.md`, "`bitwise`"), over the AND
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
 * is_real, so padding looks nothing up). *
 * Soundness audit — `bitwise` (`bitwise.ts`): AND, OR, XOR, ANDI, ORI, XORI (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | cannot alias / be supplied by another row |
 * |---|---|---|---|
 * | flags `is_or` … `is_xori` | booleans, `at most one flag is boolean`, op in PROG | | six distinct op values |
 * | adapter columns | adapter. `immediate operand: c.l = imm.l`, `c.h = imm.h` when use_imm | | |
 * | `b0`, `b2`, `c0`, `c2` (odd bytes linear) | AND(b_i, c_i, n_i), i = 0..3, multiplicity is_real | bytes, so b and c are canonical *locally* and these are the true splits | |
 * | `n0..n3` | AND results | n_i = b_i & c_i | table-pinned |
 * | `a_l`, `a_h` | `result low half: a.l = r0 + 2^8·r1`, `result high half: …` | r_i = f_and·n + f_xor·(b + c − 2n) + f_or·(b + c − n) is the byte AND/XOR/OR (the f are 0/1 and sum to 1), so a < 2^16 | row-local |
 * @module
 */
import type { Expr } from '../../air/verifier.js';
import { m31 } from '../../field/index.js';
import { Op } from '../../vm/decoder.js';
import { aluRowInteractions, fillAluOperands, fillAluWrite } from '../gadgets/access.js';
import { AND } from '../relations.js';
import { defineFamily } from './family.js';


/** Component name. */
export const BITWISE = 'bitwise';

/** 1/2^8 in M31: the high byte of a half h with low byte x0 is (h − x0)·2^-8, a linear expression. */
const INV_256 = m31.inv(256);

const COLUMNS = [
  'is_real', 'pc', 'ts', 'is_or', 'is_xor', 'is_andi', 'is_ori', 'is_xori', 'rd', 'rs1', 'rs2', 'imm_l', 'imm_h',
  'b_l', 'b_h', 'c_l', 'c_h', 'b0', 'b2', 'c0', 'c2', 'n0', 'n1', 'n2', 'n3', 'rd_prev_l', 'rd_prev_h', 'a_l', 'a_h',
  'rs1.d0', 'rs1.d1', 'rs2.d0', 'rs2.d1', 'rd.d0', 'rd.d1',
] as const;

/** The Bitwise family (see the module comment). */
export const bitwise = defineFamily({
  name: BITWISE,
  sizeKey: 'bitwise',
  ops: [Op.AND, Op.OR, Op.XOR, Op.ANDI, Op.ORI, Op.XORI],
  columns: COLUMNS,
  constraints(b, col) {
    const isReal = col('is_real');
    const isOr = col('is_or');
    const isXor = col('is_xor');
    const isAndi = col('is_andi');
    const isOri = col('is_ori');
    const isXori = col('is_xori');
    const immL = col('imm_l');
    const immH = col('imm_h');
    const bL = col('b_l');
    const bH = col('b_h');
    const cL = col('c_l');
    const cH = col('c_h');
    const b0 = col('b0');
    const b2 = col('b2');
    const c0 = col('c0');
    const c2 = col('c2');
    const n = [col('n0'), col('n1'), col('n2'), col('n3')];
    const aL = col('a_l');
    const aH = col('a_h');

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
    aluRowInteractions(b, col, [immL, immH], op, [aL, aH], useImm);
    for (let i = 0; i < 4; i++) b.use(AND, [bs[i]!, cs[i]!, n[i]!], isReal);
  },
  fill(ctx, rows, cy) {
    const r = rows.add();
    const c = rows.cols;
    const op = cy.op;
    c.is_or[r] = op === Op.OR ? 1 : 0;
    c.is_xor[r] = op === Op.XOR ? 1 : 0;
    c.is_andi[r] = op === Op.ANDI ? 1 : 0;
    c.is_ori[r] = op === Op.ORI ? 1 : 0;
    c.is_xori[r] = op === Op.XORI ? 1 : 0;
    const b = cy.rs1;
    const cv = fillAluOperands(ctx, c, r, cy, op === Op.ANDI || op === Op.ORI || op === Op.XORI);
    c.b0[r] = b & 0xff;
    c.b2[r] = (b >>> 16) & 0xff;
    c.c0[r] = cv & 0xff;
    c.c2[r] = (cv >>> 16) & 0xff;
    const and = b & cv;
    c.n0[r] = and & 0xff;
    c.n1[r] = (and >>> 8) & 0xff;
    c.n2[r] = (and >>> 16) & 0xff;
    c.n3[r] = (and >>> 24) & 0xff;
    const a = cy.rd;
    c.a_l[r] = a & 0xffff;
    c.a_h[r] = a >>> 16;
    fillAluWrite(ctx, c, r, cy);
  },
});
