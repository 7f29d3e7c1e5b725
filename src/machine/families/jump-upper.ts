/**
 * The JumpUpper family: JAL, JALR and AUIPC (`docs/machine.md`, "Relations", control-flow constants).
 *
 * Per row: flags `is_jal`, `is_jalr` (boolean, at most one set; neither = AUIPC); the opcode in the program
 * tuple is AUIPC + is_jal·(JAL − AUIPC) + is_jalr·(JALR − AUIPC), three distinct values on the allowed
 * patterns. The value written to rd (`val`: the link pc + 4, or AUIPC's pc + imm) and the next pc of JAL
 * and AUIPC (`next`) are program-table constants bound through the `prog` tuple, so they need no
 * arithmetic and are canonical by construction. Every row reads rs1 (the decoder gives JAL and AUIPC
 * rs1 = x0, which reads 0) and writes rd.
 *
 * JALR computes t = rs1 + imm mod 2^32 in halves, with bit 0 split off the low half:
 *
 *   b.l + imm.l      = 2·h + bit0 + 2^16·k1
 *   b.h + imm.h + k1 = t.h + 2^16·k2,        k1, k2, bit0 boolean,   U16(h), U16(2·h), U16(2·t.h)
 *   pc' = 2·h + 2^16·t.h
 *
 * U16(h) makes h an integer below 2^16, so 2·h is an even integer below 2^17, and U16(2·h) bounds it by
 * 2^16: h < 2^15 (U16(2·h) alone would let 2·h be any 16-bit integer, odd ones included, as h = v/2 in the
 * field). Then 2·h + bit0 < 2^16 and both sides of each equation are integers of absolute value below 2^18,
 * so they hold over the integers: k1 is the true carry, (h, bit0) the honest split of t.l. U16(2·t.h)
 * bounds t.h below 2^15: an odd 2·t.h would make t.h ≥ 2^30, which the high equation excludes. So pc' is
 * the true target with bit 0 cleared, an even integer at most 2^31 − 2 = p − 1 (canonical, no aliasing),
 * and a target that is not a multiple of 4 (or not in the code) has no program row: misaligned jumps are
 * unprovable, as the executor faults on them. On JAL and AUIPC rows the JALR columns are zero.
 * Padding rows are all-zero, which satisfies every constraint; every multiplicity carries is_real. *
 * Soundness audit — `jump_upper` (`jump-upper.ts`) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | why |
 * |---|---|---|---|
 * | is_real, is_jal, is_jalr | booleans, "at most one flag" | — | op 2, 3, 4 (AUIPC, JAL, JALR) in PROG |
 * | pc, ts, rd, rs1, imm_l, imm_h | STATE, PROG (rs2 entry 0) | table | — |
 * | val_l, val_h | PROG (table constant), rd write | canonical | link pc + 4 or AUIPC's pc + imm mod 2^32, precomputed |
 * | next | PROG | < p − 1 or p − 1 | table target, `NO_TARGET` never a pc |
 * | pc_next | "JAL, AUIPC: pc' = next (program constant)"; "JALR: pc' = 2·h + 2^16·t.h"; STATE yield | JALR: even, ≤ p − 1 | see below |
 * | b_l, b_h | rs1 read | canonical (a.G3) | a.G8 |
 * | h | U16(h), U16(2·h); "JALR low half: b.l + imm.l = 2·h + bit0 + 2^16·k1" | h < 2^15 | **fixed**: U16(h) makes 2h an even integer < 2^17, U16(2h) bounds it by 2^16; then 2h + bit0 < 2^16 and the low equation holds over the integers: k1 is the true carry, (h, bit0) the true split |
 * | bit0, k1, k2 | booleans | {0,1} | above |
 * | t_h | U16(2·t.h); "JALR high half: b.h + imm.h + k1 = t.h + 2^16·k2" | t.h < 2^15 | an odd 2·t.h means t.h ≥ 2^30; the high equation makes t.h an integer in (−2^16, 2^17 + 2) (b.h canonical, a.G3) — excluded. pc' = 2h + 2^16·t.h ≤ 2^31 − 2 |
 * | rd_prev_l, rd_prev_h | rd access | pinned | a.G8 |
 *
 * On JAL/AUIPC rows the JALR equations are off (times is_jalr); h, t.h, bit0, k1, k2 are then free but
 * booleans / in U16, and read by nothing else (the cell sweep's allow-list). A target ≥ 2^31 has no witness
 * (t.h < 2^15); a target ≢ 0 mod 4 after clearing bit 0 has no program row.
 * @module
 */
import { Op } from '../../vm/decoder.js';
import { fillAluWrite, fillRegisterAccess, registerAccess } from '../gadgets/access.js';
import { PROG, SLOT, STATE, TS_STEP, U16 } from '../relations.js';
import { defineFamily } from './family.js';
import { MachineError } from '../errors.js';

/** Component name. */
export const JUMP_UPPER = 'jump_upper';

const COLUMNS = [
  'is_real', 'pc', 'ts', 'is_jal', 'is_jalr', 'rd', 'rs1', 'imm_l', 'imm_h', 'val_l', 'val_h', 'next', 'pc_next',
  'b_l', 'b_h', 'h', 'bit0', 't_h', 'k1', 'k2', 'rd_prev_l', 'rd_prev_h', 'rs1.d0', 'rs1.d1', 'rd.d0', 'rd.d1',
] as const;

/** The JumpUpper family (see the module comment). */
export const jumpUpper = defineFamily({
  name: JUMP_UPPER,
  sizeKey: 'jumpUpper',
  ops: [Op.JAL, Op.JALR, Op.AUIPC],
  columns: COLUMNS,
  constraints(b, col) {
    const isReal = col('is_real');
    const pc = col('pc');
    const ts = col('ts');
    const isJal = col('is_jal');
    const isJalr = col('is_jalr');
    const rd = col('rd');
    const rs1 = col('rs1');
    const immL = col('imm_l');
    const immH = col('imm_h');
    const valL = col('val_l');
    const valH = col('val_h');
    const next = col('next');
    const pcNext = col('pc_next');
    const bL = col('b_l');
    const bH = col('b_h');
    const h = col('h');
    const bit0 = col('bit0');
    const tH = col('t_h');
    const k1 = col('k1');
    const k2 = col('k2');
    const pL = col('rd_prev_l');
    const pH = col('rd_prev_h');

    const bool = (x: typeof isReal, what: string) => b.constrain(x.mul(x.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    bool(isJal, 'is_jal');
    bool(isJalr, 'is_jalr');
    bool(isJal.add(isJalr), 'at most one flag');
    bool(bit0, 'bit0');
    bool(k1, 'k1');
    bool(k2, 'k2');
    const P16 = 2 ** 16;
    // The JALR sum is only required on JALR rows (on JAL rows imm is the JAL offset, whose target is `next`).
    b.constrain(isJalr.mul(bL.add(immL).sub(h.mul(2)).sub(bit0).sub(k1.mul(P16))), 'JALR low half: b.l + imm.l = 2·h + bit0 + 2^16·k1');
    b.constrain(isJalr.mul(bH.add(immH).add(k1).sub(tH).sub(k2.mul(P16))), 'JALR high half: b.h + imm.h + k1 = t.h + 2^16·k2');
    b.constrain(isJalr.mul(pcNext.sub(h.mul(2)).sub(tH.mul(P16))), "JALR: pc' = 2·h + 2^16·t.h");
    b.constrain(isJalr.neg().add(1).mul(pcNext.sub(next)), "JAL, AUIPC: pc' = next (program constant)");

    const op = isJal
      .mul(Op.JAL - Op.AUIPC)
      .add(isJalr.mul(Op.JALR - Op.AUIPC))
      .add(Op.AUIPC);
    b.use(STATE, [pc, ts], isReal);
    b.yield(STATE, [pcNext, ts.add(TS_STEP)], isReal);
    b.use(PROG, [pc, op, rd, rs1, 0, immL, immH, valL, valH, next], isReal);
    registerAccess(b, col, 'rs1', rs1, ts.add(SLOT.RS1), [bL, bH], [bL, bH], isReal);
    registerAccess(b, col, 'rd', rd, ts.add(SLOT.RD), [pL, pH], [valL, valH], isReal);
    b.use(U16, [h.mul(2)], isReal);
    // U16(h) as well: with U16(2·h) alone, 2·h could be an odd integer (h = v/2 in the field), and pc' = 0xffff
    // + 2^16·0x7fff = p would alias pc 0 (test/machine/forgery-a.test.ts).
    b.use(U16, [h], isReal);
    b.use(U16, [tH.mul(2)], isReal);
  },
  fill(ctx, rows, cy) {
    const r = rows.add();
    const c = rows.cols;
    const { op, row } = cy;
    const p = ctx.prog;
    const rd = p.rd[row]!;
    const rs1 = p.rs1[row]!;
    const immL = p.immL[row]!;
    const immH = p.immH[row]!;
    const b = cy.rs1;
    c.is_real[r] = 1;
    c.pc[r] = cy.pc;
    c.ts[r] = cy.ts;
    c.is_jal[r] = op === Op.JAL ? 1 : 0;
    c.is_jalr[r] = op === Op.JALR ? 1 : 0;
    c.rd[r] = rd;
    c.rs1[r] = rs1;
    c.imm_l[r] = immL;
    c.imm_h[r] = immH;
    c.val_l[r] = p.valL[row]!;
    c.val_h[r] = p.valH[row]!;
    c.next[r] = p.next[row]!;
    c.b_l[r] = b & 0xffff;
    c.b_h[r] = b >>> 16;
    fillRegisterAccess(ctx, c, 'rs1', r, rs1, cy.ts + SLOT.RS1);
    // pc' from the row's own data: the table's `next`, or JALR's computed target.
    let pcNext = p.next[row]!;
    if (op === Op.JALR) {
      const lo = (b & 0xffff) + immL;
      const k1 = lo >>> 16;
      const hi = (b >>> 16) + immH + k1;
      const t = ((lo & 0xffff) | ((hi & 0xffff) << 16)) >>> 0;
      // The AIR bounds t.h below 2^15, so no witness exists for such a target (the executor faults first).
      if (t >= 2 ** 31) throw new MachineError('INVALID_INPUT', `cycle ${cy.i}: JALR target 0x${t.toString(16)} is not below 2^31`);
      c.h[r] = (t & 0xffff) >>> 1;
      c.bit0[r] = t & 1;
      c.t_h[r] = t >>> 16;
      c.k1[r] = k1;
      c.k2[r] = hi >>> 16;
      pcNext = t - (t & 1);
    }
    c.pc_next[r] = pcNext;
    fillAluWrite(ctx, c, r, cy);
  },
});
