/**
 * The Load family: LB, LH, LW, LBU, LHU (`docs/machine.md`, "Data memory").
 *
 * Per row: flags `is_lh`, `is_lw`, `is_lbu`, `is_lhu` (boolean, at most one; none = LB), the opcode
 * LB + Σ flag·(OP − LB) in the program tuple (pc, op, rd, rs1, 0, imm); the effective address
 * (`gadgets/address.ts`); one read of the memory word v at W (slot 2), with a boolean `ro` column naming the cell
 * (read-only words are cells (W, 1), so loads from code and read-only data work); and the rd write.
 * - Alignment: `is_lw·(o1 + o2 + o3) = 0`, `(is_lh + is_lhu)·(o1 + o3) = 0`; misaligned loads are
 *   unprovable (the executor faults).
 * - Bytes of v: `v0`, `v2` columns, v1 = (v.l − v0)/2^8, v3 = (v.h − v2)/2^8; AND(v0, v1, n01) and
 *   AND(v2, v3, n23) make all four bytes (so the split is the true one).
 * - The loaded unit `x`: `(is_lb + is_lbu)·(x − Σ o_i·v_i) = 0`, `(is_lh + is_lhu)·(x − v.l − o2·(v.h − v.l)) = 0`.
 * - Its sign `s` (boolean, 0 unless LB/LH): LB U16(2^8·x + 2^15 − 2^16·s), LH U16(x + 2^15 − 2^16·s), which
 *   force s to be the top bit of the byte or half.
 * - Result: `a.l = is_lw·v.l + (1 − is_lw)·x + 0xff00·s·(1 − is_lh)`, `a.h = is_lw·v.h + 0xffff·s` —
 *   canonical because v's halves are (memory inherits canonical values) and x is a byte or a half.
 * Lookups: state use and yield (pc + 4), prog use, rs1 read, memory read, rd write, three address U16,
 * two AND, two sign U16. Every multiplicity carries is_real or a flag expression that is 0 on padding. *
 * Soundness audit — `load` (`load.ts`): LB, LH, LW, LBU, LHU (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | cannot alias / be supplied by another row |
 * |---|---|---|---|
 * | `is_lh`, `is_lw`, `is_lbu`, `is_lhu` | `is_lh is boolean` …, `at most one flag is boolean`, `flags only on real rows`; op = LB + Σ flag·(OP − LB) in PROG | {0, 1}, Σ ∈ {0, 1}, all 0 on padding | LB's selector `is_real − Σ flags` is a lookup multiplicity. Without `flags only on real rows` a padding row gets −1 there and *provides* a U16 tuple of its choice. Forgery built: `forgery-b.test.ts` (rejected only by this constraint) |
 * | `pc`, `ts`, `rd`, `rs1`, `imm_l/h`, `b_l/h`, `rd_prev_*`, limbs | as the adapter. PROG (pc, op, rd, rs1, 0, imm): rs2 = 0 | as the adapter | as the adapter |
 * | `k1`, `k2`, `addr_w`, `addr_h`, `o1..o3` | `gadgets/address.ts`: `address low half: …`, `address high half: …`, U16(addr_w), U16(off + 4·addr_w), U16(2·addr_h), booleans, `at most one offset flag is boolean` | A.l < 2^16, addr_w < 2^14, addr_h < 2^15, W = addr_w + 2^14·addr_h < 2^29 | equations over the integers. An odd 2·addr_h would mean addr_h ≥ 2^30, which the high equation excludes *because b.h is canonical* (b.G6; other group's gadget). W < p, so two words never alias |
 * | — | `LW is word-aligned`, `LH/LHU are half-aligned` | | misaligned loads have no witness |
 * | `ro` | `ro is boolean`; part of the MEM cell key (W, ro) | {0, 1} | read-only image words are cells (W, 1), all others (W, 0) (memory boundary, other group). A wrong ro finds no initial tuple |
 * | `v_l`, `v_h` | MEM read at ts + 2 (prev = next) | canonical *locally*: v.l = v0 + 2^8·v1 with both bytes | memory checking (b.G5) |
 * | `v0`, `v2` (v1, v3 = (v.h − v2)·2^−8 linear) | AND(v0, v1, n01), AND(v2, v3, n23), multiplicity is_real | bytes, so (v0, v1) is the true split | row-local |
 * | `n01`, `n23` | AND result | x & y | used nowhere else |
 * | `x` | `LB/LBU: x is the addressed byte`, `LH/LHU: x is the addressed half` | byte / canonical half | free on LW: its coefficient (1 − is_lw) is 0 and both sign lookups have multiplicity 0 (cell-sweep allow-list) |
 * | `s` | `s is boolean`, `only LB and LH have a sign`, U16(2^8·x + 2^15 − 2^16·s) (mult. is_real − Σ flags), U16(x + 2^15 − 2^16·s) (mult. is_lh) | the top bit of the byte / half | with x < 2^8 (or < 2^16) the argument lies in [−2^16, 2^16 + 2^15). It is in range iff s is the bit; otherwise it is ≥ 2^16 or "negative" (≥ p − 2^16) |
 * | `a_l`, `a_h` | `result low half`, `result high half` | LB: x + 0xff00·s < 2^16; LH/LBU/LHU: x; LW: v; high: v.h or 0xffff·s | row-local |
 * @module
 */
import { Op } from '../../vm/decoder.js';
import { fillAluWrite, memoryAccess, registerAccess } from '../gadgets/access.js';
import { addressedByte, effectiveAddress, fillMemoryRow, wordBytes } from '../gadgets/address.js';
import { AND, PROG, SLOT, STATE, TS_STEP, U16 } from '../relations.js';
import { defineFamily } from './family.js';
import type { RowColumns } from './columns.js';

/** Component name. */
export const LOAD = 'load';

const COLUMNS = [
  'is_real', 'pc', 'ts', 'is_lh', 'is_lw', 'is_lbu', 'is_lhu', 'rd', 'rs1', 'imm_l', 'imm_h', 'b_l', 'b_h', 'ro',
  'v_l', 'v_h', 'v0', 'v2', 'n01', 'n23', 'x', 's', 'rd_prev_l', 'rd_prev_h', 'a_l', 'a_h', 'k1', 'k2', 'addr_w',
  'addr_h', 'o1', 'o2', 'o3', 'rs1.d0', 'rs1.d1', 'mem.d0', 'mem.d1', 'rd.d0', 'rd.d1',
] as const;

/** The Load family (see the module comment). */
export const load = defineFamily({
  name: LOAD,
  sizeKey: 'load',
  ops: [Op.LB, Op.LH, Op.LW, Op.LBU, Op.LHU],
  columns: COLUMNS,
  constraints(b, col) {
    const isReal = col('is_real');
    const pc = col('pc');
    const ts = col('ts');
    const isLh = col('is_lh');
    const isLw = col('is_lw');
    const isLbu = col('is_lbu');
    const isLhu = col('is_lhu');
    const rd = col('rd');
    const rs1 = col('rs1');
    const immL = col('imm_l');
    const immH = col('imm_h');
    const bL = col('b_l');
    const bH = col('b_h');
    const ro = col('ro');
    const vL = col('v_l');
    const vH = col('v_h');
    const v0 = col('v0');
    const v2 = col('v2');
    const n01 = col('n01');
    const n23 = col('n23');
    const x = col('x');
    const s = col('s');
    const pL = col('rd_prev_l');
    const pH = col('rd_prev_h');
    const aL = col('a_l');
    const aH = col('a_h');
    const bool = (e: typeof isReal, what: string) => b.constrain(e.mul(e.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    bool(isLh, 'is_lh');
    bool(isLw, 'is_lw');
    bool(isLbu, 'is_lbu');
    bool(isLhu, 'is_lhu');
    const anyFlag = isLh.add(isLw).add(isLbu).add(isLhu);
    bool(anyFlag, 'at most one flag');
    // LB's selector is_real − Σ flags is a multiplicity: it must not be −1 on a padding row.
    b.constrain(anyFlag.mul(isReal.neg().add(1)), 'flags only on real rows');
    bool(ro, 'ro');
    bool(s, 's');
    const { w, o } = effectiveAddress(b, col, isReal, [bL, bH], [immL, immH]);
    const [, o1, o2, o3] = o;
    const isLb = isReal.sub(anyFlag);
    const isHalf = isLh.add(isLhu);
    const isByte = isLb.add(isLbu);
    b.constrain(isLw.mul(o1.add(o2).add(o3)), 'LW is word-aligned');
    b.constrain(isHalf.mul(o1.add(o3)), 'LH/LHU are half-aligned');
    const v = wordBytes(vL, vH, v0, v2);
    b.constrain(isByte.mul(x.sub(addressedByte(o, v))), 'LB/LBU: x is the addressed byte');
    b.constrain(isHalf.mul(x.sub(vL).sub(o2.mul(vH.sub(vL)))), 'LH/LHU: x is the addressed half');
    b.constrain(isLw.add(isLbu).add(isLhu).mul(s), 'only LB and LH have a sign');
    const notLw = isLw.neg().add(1);
    b.assertEq(aL, isLw.mul(vL).add(notLw.mul(x)).add(s.mul(isLh.neg().add(1)).mul(0xff00)), 'result low half');
    b.assertEq(aH, isLw.mul(vH).add(s.mul(0xffff)), 'result high half');

    const op = isLh
      .mul(Op.LH - Op.LB)
      .add(isLw.mul(Op.LW - Op.LB))
      .add(isLbu.mul(Op.LBU - Op.LB))
      .add(isLhu.mul(Op.LHU - Op.LB))
      .add(Op.LB);
    b.use(STATE, [pc, ts], isReal);
    b.yield(STATE, [pc.add(4), ts.add(TS_STEP)], isReal);
    b.use(PROG, [pc, op, rd, rs1, 0, immL, immH], isReal);
    registerAccess(b, col, 'rs1', rs1, ts.add(SLOT.RS1), [bL, bH], [bL, bH], isReal);
    memoryAccess(b, col, w, ro, ts.add(SLOT.MEM), [vL, vH], [vL, vH], isReal);
    registerAccess(b, col, 'rd', rd, ts.add(SLOT.RD), [pL, pH], [aL, aH], isReal);
    b.use(AND, [v[0], v[1], n01], isReal);
    b.use(AND, [v[2], v[3], n23], isReal);
    b.use(U16, [x.mul(256).add(2 ** 15).sub(s.mul(2 ** 16))], isLb);
    b.use(U16, [x.add(2 ** 15).sub(s.mul(2 ** 16))], isLh);
  },
  fill(ctx, rows, cy) {
    const r = rows.add();
    const c = rows.cols;
    const op = cy.op;
    const rd = ctx.prog.rd[cy.row]!;
    const addr = fillMemoryRow(ctx, c, r, cy);
    const wi = ctx.wordIndex(cy.i, addr, op === Op.LW ? 4 : op === Op.LH || op === Op.LHU ? 2 : 1, false);
    c.is_lh[r] = op === Op.LH ? 1 : 0;
    c.is_lw[r] = op === Op.LW ? 1 : 0;
    c.is_lbu[r] = op === Op.LBU ? 1 : 0;
    c.is_lhu[r] = op === Op.LHU ? 1 : 0;
    c.rd[r] = rd;
    c.ro[r] = ctx.readOnly(wi);
    ctx.memAccess(c['mem.d0'], c['mem.d1'], r, wi, cy.ts + SLOT.MEM);
    fillLoadValue(c, r, op, ctx.words[wi]!, cy.rd);
    fillAluWrite(ctx, c, r, cy);
  },
});

/**
 * Fills the value columns of a load row (after the address): the word `v` read and, from the traced result
 * `a`, the loaded unit x (the low byte or half of a) and its sign bit s (a's top bit for LB and LH).
 */
export function fillLoadValue(F: RowColumns<(typeof COLUMNS)[number]>, row: number, op: number, v: number, a: number): void {
  F.v_l[row] = v & 0xffff;
  F.v_h[row] = v >>> 16;
  F.v0[row] = v & 0xff;
  F.v2[row] = (v >>> 16) & 0xff;
  F.n01[row] = v & (v >>> 8) & 0xff;
  F.n23[row] = (v >>> 16) & (v >>> 24) & 0xff;
  F.x[row] = op === Op.LB || op === Op.LBU ? a & 0xff : op === Op.LH || op === Op.LHU ? a & 0xffff : 0;
  F.s[row] = op === Op.LB || op === Op.LH ? a >>> 31 : 0;
  F.a_l[row] = a & 0xffff;
  F.a_h[row] = a >>> 16;
}
