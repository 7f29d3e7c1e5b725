/**
 * The Shift family: SLL, SRL, SRA, SLLI, SRLI, SRAI (`docs/machine.md`, "`shift`"), over the
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
 * `gadgets/less-than.ts`).
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
 * (every lookup has multiplicity is_real; Σ f = is_real = 0). *
 * Soundness audit — `shift` (`shift.ts`): SLL, SRL, SRA, SLLI, SRLI, SRAI (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | cannot alias / be supplied by another row |
 * |---|---|---|---|
 * | flags, adapter columns | as Bitwise; only `immediate operand: c.l = imm.l` | | c.h is unused (only c mod 32 counts): free on immediate forms, harmless |
 * | `c_l` | rs2 read or imm.l | canonical by b.G6 / table, *not re-checked locally* | leans on b.G6. A non-canonical c.l would change nothing by itself, but the amount equation needs c.l < p − 2^22 to be an integer equation |
 * | `k` | the five SHIFT tuples share it | k < 8 (table) | |
 * | `f0..f3` | `f0 is boolean` …, `byte shift one-hot: Σ f = is_real` | one-hot on real rows, 0 on padding | |
 * | `q` | U16(q); `shift amount: c.l = k + 8·m + 32·q` | right side < 2^21 + 32 < p; with c.l < 2^16 the equation holds over the integers: k + 8m = c.l mod 32 | the decomposition is unique (k < 8, m ≤ 3) |
 * | `b0`, `b2` (b1, b3 linear), b4 = 255·fill | SHIFT(b_i, k, dir, u_i, v_i) | bytes, so b is canonical locally and these are the true splits | |
 * | `sb` | `sb is boolean`, U16(b.h + 2^15 − 2^16·sb) | b's top bit (b.h < 2^16 from its bytes) | |
 * | `fill` | `sign fill: fill = f_sra·sb` | {0, 1} | |
 * | `u0..u4`, `v0..v4` | SHIFT tuples (dir = Σ right flags ∈ {0, 1}) | table values | pinned by (b_i, k, dir) |
 * | `a_l`, `a_h` | `result low half: a.l = R0 + 2^8·R1`, `result high half: …` | each R_j is the OR of two disjoint bit ranges (u, v of the table), so it is a byte | row-local |
 * @module
 */
import type { Expr } from '../../air/verifier.js';
import { m31 } from '../../field/index.js';
import { Op } from '../../vm/decoder.js';
import { aluRowInteractions, fillAluOperands, fillAluWrite } from '../gadgets/access.js';
import { SHIFT, U16 } from '../relations.js';
import { defineFamily } from './family.js';
import type { RowColumns } from './columns.js';

/** Component name. */
export const SHIFT_FAMILY = 'shift';

/** Label of the shift-amount equation (the row checker reports it). */
export const SHIFT_AMOUNT = 'shift amount: c.l = k + 8·m + 32·q';

/** 1/2^8 in M31: the high byte of a half h with low byte x0 is (h − x0)·2^-8. */
const INV_256 = m31.inv(256);

const COLUMNS = [
  'is_real', 'pc', 'ts', 'is_srl', 'is_sra', 'is_slli', 'is_srli', 'is_srai', 'rd', 'rs1', 'rs2', 'imm_l', 'imm_h',
  'b_l', 'b_h', 'c_l', 'c_h', 'b0', 'b2', 'sb', 'fill', 'k', 'q', 'f0', 'f1', 'f2', 'f3', 'u0', 'u1', 'u2', 'u3',
  'u4', 'v0', 'v1', 'v2', 'v3', 'v4', 'rd_prev_l', 'rd_prev_h', 'a_l', 'a_h', 'rs1.d0', 'rs1.d1', 'rs2.d0', 'rs2.d1',
  'rd.d0', 'rd.d1',
] as const;

type Col = RowColumns<(typeof COLUMNS)[number]>;
/** Readers of the indexed column groups (one-hot byte shift f_t, the SHIFT table outputs u_i, v_i). */
const FLAGS = [(c: Col) => c.f0, (c: Col) => c.f1, (c: Col) => c.f2, (c: Col) => c.f3] as const;
const U = [(c: Col) => c.u0, (c: Col) => c.u1, (c: Col) => c.u2, (c: Col) => c.u3, (c: Col) => c.u4] as const;
const V = [(c: Col) => c.v0, (c: Col) => c.v1, (c: Col) => c.v2, (c: Col) => c.v3, (c: Col) => c.v4] as const;

/** The Shift family (see the module comment). */
export const shift = defineFamily({
  name: SHIFT_FAMILY,
  sizeKey: 'shift',
  ops: [Op.SLL, Op.SRL, Op.SRA, Op.SLLI, Op.SRLI, Op.SRAI],
  columns: COLUMNS,
  constraints(b, col) {
    const isReal = col('is_real');
    const isSrl = col('is_srl');
    const isSra = col('is_sra');
    const isSlli = col('is_slli');
    const isSrli = col('is_srli');
    const isSrai = col('is_srai');
    const immL = col('imm_l');
    const immH = col('imm_h');
    const bL = col('b_l');
    const bH = col('b_h');
    const cL = col('c_l');
    const b0 = col('b0');
    const b2 = col('b2');
    const sb = col('sb');
    const fill = col('fill');
    const k = col('k');
    const q = col('q');
    const f = ([0, 1, 2, 3] as const).map((t) => col(`f${t}`));
    const u = ([0, 1, 2, 3, 4] as const).map((i) => col(`u${i}`));
    const v = ([0, 1, 2, 3, 4] as const).map((i) => col(`v${i}`));
    const aL = col('a_l');
    const aH = col('a_h');

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
    aluRowInteractions(b, col, [immL, immH], op, [aL, aH], useImm);
    b.use(U16, [q], isReal);
    b.use(U16, [bH.add(2 ** 15).sub(sb.mul(2 ** 16))], isReal);
    for (let i = 0; i < 5; i++) b.use(SHIFT, [bs[i]!, k, dir, u[i]!, v[i]!], isReal);
  },
  fill(ctx, rows, cy) {
    const r = rows.add();
    const c = rows.cols;
    const op = cy.op;
    const right = op !== Op.SLL && op !== Op.SLLI;
    c.is_srl[r] = op === Op.SRL ? 1 : 0;
    c.is_sra[r] = op === Op.SRA ? 1 : 0;
    c.is_slli[r] = op === Op.SLLI ? 1 : 0;
    c.is_srli[r] = op === Op.SRLI ? 1 : 0;
    c.is_srai[r] = op === Op.SRAI ? 1 : 0;
    const b = cy.rs1;
    const cv = fillAluOperands(ctx, c, r, cy, op === Op.SLLI || op === Op.SRLI || op === Op.SRAI);
    const sh = cv & 31;
    const k = sh & 7;
    c.k[r] = k;
    c.q[r] = (cv & 0xffff) >>> 5;
    FLAGS[sh >>> 3]!(c)[r] = 1;
    c.b0[r] = b & 0xff;
    c.b2[r] = (b >>> 16) & 0xff;
    const sb = b >>> 31;
    c.sb[r] = sb;
    const fill = op === Op.SRA || op === Op.SRAI ? sb : 0;
    c.fill[r] = fill;
    for (let i = 0; i < 5; i++) {
      const [u, v] = shiftBytes(i < 4 ? (b >>> (8 * i)) & 0xff : 255 * fill, k, right);
      U[i]!(c)[r] = u;
      V[i]!(c)[r] = v;
    }
    const a = cy.rd;
    c.a_l[r] = a & 0xffff;
    c.a_h[r] = a >>> 16;
    fillAluWrite(ctx, c, r, cy);
  },
});

/** The SHIFT table's (u, v) for byte x, bit shift k < 8 and direction `right`. */
export function shiftBytes(x: number, k: number, right: boolean): [number, number] {
  if (right) return [x >>> k, k ? (x << (8 - k)) & 255 : 0];
  return [(x << k) & 255, k ? x >>> (8 - k) : 0];
}
