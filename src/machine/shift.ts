/**
 * The Shift family: SLL, SRL, SRA, SLLI, SRLI, SRAI (rv32im note §2 "SLL / SRL / SRA (+I)"), over the
 * SHIFT table (`shift_table` in `tables.ts`: the 2^12 tuples (x, k, dir, u, v) of a byte x, a bit shift
 * k < 8 and a direction; left: u = (x << k) & 255, v = x >> (8 − k); right: u = x >> k,
 * v = (x << (8 − k)) & 255; v = 0 when k = 0).
 *
 * Design (chosen over multiplying by 2^s, which needs a range check whose width depends on s): the amount
 * s = c mod 32 is k + 8m, a bit shift k inside bytes and a byte shift m.
 *
 * Per row: flags `is_srl`, `is_sra`, `is_slli`, `is_srli`, `is_srai` (boolean, at most one set; none =
 * SLL); the opcode in the program tuple is SLL + Σ flag·(OP − SLL), six distinct values on the allowed
 * patterns. `use_imm = is_slli + is_srli + is_srai`: c is the rs2 read (multiplicity is_real·(1 − use_imm))
 * or, when use_imm, c.l equals the table's immediate (the shamt, < 32). c.h is never used: only the low
 * 5 bits of c count.
 *
 * Amount: `c.l = k + 8·(f1 + 2·f2 + 3·f3) + 32·q` with one-hot f0..f3 (boolean, Σ f = is_real), U16(q)
 * and k < 8 from the SHIFT lookups. Every term is below 2^22, so the equation holds over the integers and,
 * c.l being canonical (a register half or the table's immediate), k + 8m = c.l mod 32 = s: the decomposition
 * is the true one.
 *
 * Bytes: b0, b2 are columns, b1 = (b.l − b0)/2^8, b3 = (b.h − b2)/2^8 linear expressions. Five lookups
 * SHIFT(b_i, k, dir, u_i, v_i) (multiplicity is_real), with dir = is_srl + is_sra + is_srli + is_srai and
 * b4 = 255·fill, prove every b_i a byte (so the split of the canonical halves is the true one), k < 8 and
 * u_i, v_i the table's values. `fill` is the sign fill: `fill = (is_sra + is_srai)·sb` (a column: it enters
 * a tuple, R4), where sb is boolean and U16(b.h + 2^15 − 2^16·sb) forces it to b's top bit (as in
 * `less-than.ts`).
 *
 * Result bytes (left = 1 − dir; t ranges over the one-hot byte shift):
 *
 *   left:  R_j = Σ_{t ≤ j} f_t·(u_{j−t} + v_{j−t−1})        (v_{−1} = 0)
 *   right: R_j = Σ_t f_t·r_{j+t},  r_i = u_i + v_{i+1} (i ≤ 3),  r_i = 255·fill (i ≥ 4)
 *
 * `a.l = R0 + 2^8·R1`, `a.h = R2 + 2^8·R3` (columns, degree 3, R4). Each r is the OR of two bit ranges
 * that do not overlap (left: the low k bits of u are 0 and v < 2^k; right: u < 2^(8−k) and the low 8 − k
 * bits of v are 0), so every R_j is a byte and the result is canonical without a range check. For SRA,
 * v_4 = (255·fill << (8 − k)) & 255 is exactly the sign bits entering byte 3. Padding rows are all-zero
 * (every lookup has multiplicity is_real; Σ f = is_real = 0).
 * @module
 */
import { component } from '../air/verifier.js';
import type { Component, Expr } from '../air/verifier.js';
import { m31 } from '../field/index.js';
import { Op } from '../vm/decoder.js';
import { aluRowInteractions } from './access.js';
import { SHIFT, U16 } from './relations.js';

/** Component name. */
export const SHIFT_FAMILY = 'shift';

/** Label of the shift-amount equation (the row checker reports it). */
export const SHIFT_AMOUNT = 'shift amount: c.l = k + 8·m + 32·q';

/** 1/2^8 in M31: the high byte of a half h with low byte x0 is (h − x0)·2^-8. */
const INV_256 = m31.inv(256);

/** The Shift component of 2^logSize rows. */
export function shiftComponent(logSize: number): Component {
  return component(SHIFT_FAMILY, logSize, (b) => {
    const isReal = b.main('is_real');
    const pc = b.main('pc');
    const ts = b.main('ts');
    const isSrl = b.main('is_srl');
    const isSra = b.main('is_sra');
    const isSlli = b.main('is_slli');
    const isSrli = b.main('is_srli');
    const isSrai = b.main('is_srai');
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
    const sb = b.main('sb');
    const fill = b.main('fill');
    const k = b.main('k');
    const q = b.main('q');
    const f = [0, 1, 2, 3].map((t) => b.main(`f${t}`));
    const u = [0, 1, 2, 3, 4].map((i) => b.main(`u${i}`));
    const v = [0, 1, 2, 3, 4].map((i) => b.main(`v${i}`));
    const pL = b.main('rd_prev_l');
    const pH = b.main('rd_prev_h');
    const aL = b.main('a_l');
    const aH = b.main('a_h');

    const bool = (x: Expr, what: string) => b.constrain(x.mul(x.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    bool(isSrl, 'is_srl');
    bool(isSra, 'is_sra');
    bool(isSlli, 'is_slli');
    bool(isSrli, 'is_srli');
    bool(isSrai, 'is_srai');
    bool(isSrl.add(isSra).add(isSlli).add(isSrli).add(isSrai), 'at most one flag');
    const useImm = isSlli.add(isSrli).add(isSrai);
    b.constrain(useImm.mul(cL.sub(immL)), 'immediate operand: c.l = imm.l');

    for (let t = 0; t < 4; t++) bool(f[t]!, `f${t}`);
    b.assertEq(f[0]!.add(f[1]!).add(f[2]!).add(f[3]!), isReal, 'byte shift one-hot: Σ f = is_real');
    const m = f[1]!.add(f[2]!.mul(2)).add(f[3]!.mul(3));
    b.assertEq(cL, k.add(m.mul(8)).add(q.mul(32)), SHIFT_AMOUNT);
    bool(sb, 'sb');
    b.assertEq(fill, isSra.add(isSrai).mul(sb), 'sign fill: fill = f_sra·sb');

    const hi = (half: Expr, lo: Expr) => half.sub(lo).mul(INV_256);
    const bs = [b0, hi(bL, b0), b2, hi(bH, b2), fill.mul(255)];
    const dir = isSrl.add(isSra).add(isSrli).add(isSrai);
    const left = dir.neg().add(1);
    const res = (j: number): Expr => {
      let l: Expr | undefined;
      let r: Expr | undefined;
      for (let t = 0; t < 4; t++) {
        if (t <= j) {
          const i = j - t;
          const x = i > 0 ? u[i]!.add(v[i - 1]!) : u[i]!;
          const term = f[t]!.mul(x);
          l = l ? l.add(term) : term;
        }
        const i = j + t;
        const y = i <= 3 ? u[i]!.add(v[i + 1]!) : fill.mul(255);
        const term = f[t]!.mul(y);
        r = r ? r.add(term) : term;
      }
      return left.mul(l!).add(dir.mul(r!));
    };
    b.assertEq(aL, res(0).add(res(1).mul(256)), 'result low half: a.l = R0 + 2^8·R1');
    b.assertEq(aH, res(2).add(res(3).mul(256)), 'result high half: a.h = R2 + 2^8·R3');

    const op = isSrl
      .mul(Op.SRL - Op.SLL)
      .add(isSra.mul(Op.SRA - Op.SLL))
      .add(isSlli.mul(Op.SLLI - Op.SLL))
      .add(isSrli.mul(Op.SRLI - Op.SLL))
      .add(isSrai.mul(Op.SRAI - Op.SLL))
      .add(Op.SLL);
    aluRowInteractions(b, { isReal, pc, ts, rd, rs1, rs2, immL, immH, bL, bH, cL, cH, pL, pH }, op, [aL, aH], useImm);
    b.use(U16, [q], isReal);
    b.use(U16, [bH.add(2 ** 15).sub(sb.mul(2 ** 16))], isReal);
    for (let i = 0; i < 5; i++) b.use(SHIFT, [bs[i]!, k, dir, u[i]!, v[i]!], isReal);
  });
}

/** The SHIFT table's (u, v) for byte x, bit shift k < 8 and direction `right`. */
export function shiftBytes(x: number, k: number, right: boolean): [number, number] {
  if (right) return [x >>> k, k ? (x << (8 - k)) & 255 : 0];
  return [(x << k) & 255, k ? x >>> (8 - k) : 0];
}
