/**
 * The Branch family: BEQ, BNE, BLT, BGE, BLTU, BGEU (`docs/machine.md`, "`branch`").
 *
 * Per row: kind flags `is_bne`, `is_blt`, `is_bge`, `is_bltu`, `is_bgeu` (boolean, at most one set; none =
 * BEQ); the opcode in the program tuple is BEQ + is_bne + 2·is_blt + 3·is_bge + 4·is_bltu + 5·is_bgeu (the
 * six opcodes are consecutive), six distinct values on the allowed patterns. The row reads rs1 (b) and
 * rs2 (c), writes nothing (the table's rd is the sink, never accessed), and yields (pc', ts + 4).
 *
 * Less-than: the shared borrow-chain gadget of `gadgets/less-than.ts` (columns sb, sc, w1, w2, d_h; lt = w2),
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
 * branch to it is unprovable. Every multiplicity carries is_real. *
 * Soundness audit — `branch` (`branch.ts`) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | why |
 * |---|---|---|---|
 * | flags | booleans, "at most one flag" | — | op = BEQ + 0..5 in PROG |
 * | pc, ts, rs1, rs2, imm_l, imm_h, next | STATE, PROG (rd entry `SINK_REG`, val = 0) | table | imm only enters PROG (the target is `next`) |
 * | b, c | rs1 read (slot 0), rs2 read (slot 1) | canonical (a.G3) | a.G8; nothing is written |
 * | sb, sc, w1, w2, d_h | less-than gadget (below), signed = is_blt + is_bge | — | lt = w2 = [b' < c'] |
 * | e, inv | "equality: e·s = 0", "equality: is_real·(1 − e) = s·inv", s = (b.l − c.l)² + (b.h − c.h)² | e ∈ {0,1} on real rows | |b.l − c.l|, |b.h − c.h| < 2^16 < p and p ≡ 3 mod 4: s ≡ 0 iff both are 0 (x² + y² ≡ 0 mod p forces p | x, y). s ≠ 0 ⇒ e = 0; s = 0 ⇒ e = 1. inv free when e = 1 (harmless) |
 * | taken | "taken = e, 1 − e, lt or 1 − lt by kind" | {0,1} | expression of constrained values |
 * | pc_next | "pc' = pc + 4 + taken·(next − pc − 4)" (times is_real); STATE yield | pc + 4 or next | both canonical, next = p − 1 unconsumable |
 * | limbs | access gadget | U16 | — |
 * @module
 */
import { Op } from '../../vm/decoder.js';
import { fillRegisterAccess, registerAccess } from '../gadgets/access.js';
import { fillLessThan, lessThan } from '../gadgets/less-than.js';
import { PROG, SINK_REG, SLOT, STATE, TS_STEP } from '../relations.js';
import { defineFamily } from './family.js';
import { m31 } from '../../field/index.js';

/** Component name. */
export const BRANCH = 'branch';

const COLUMNS = [
  'is_real', 'pc', 'ts', 'is_bne', 'is_blt', 'is_bge', 'is_bltu', 'is_bgeu', 'rs1', 'rs2', 'imm_l', 'imm_h', 'next',
  'b_l', 'b_h', 'c_l', 'c_h', 'sb', 'sc', 'w1', 'w2', 'd_h', 'e', 'inv', 'taken', 'pc_next', 'rs1.d0', 'rs1.d1',
  'rs2.d0', 'rs2.d1',
] as const;

/** The Branch family (see the module comment). */
export const branch = defineFamily({
  name: BRANCH,
  sizeKey: 'branch',
  ops: [Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU],
  columns: COLUMNS,
  constraints(b, col) {
    const isReal = col('is_real');
    const pc = col('pc');
    const ts = col('ts');
    const isBne = col('is_bne');
    const isBlt = col('is_blt');
    const isBge = col('is_bge');
    const isBltu = col('is_bltu');
    const isBgeu = col('is_bgeu');
    const rs1 = col('rs1');
    const rs2 = col('rs2');
    const immL = col('imm_l');
    const immH = col('imm_h');
    const next = col('next');
    const bL = col('b_l');
    const bH = col('b_h');
    const cL = col('c_l');
    const cH = col('c_h');
    const signed = isBlt.add(isBge);
    const lt = lessThan(b, col, [bL, bH], [cL, cH], signed, isReal);
    const e = col('e');
    const inv = col('inv');
    const taken = col('taken');
    const pcNext = col('pc_next');

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
    registerAccess(b, col, 'rs1', rs1, ts.add(SLOT.RS1), [bL, bH], [bL, bH], isReal);
    registerAccess(b, col, 'rs2', rs2, ts.add(SLOT.RS2), [cL, cH], [cL, cH], isReal);
  },
  fill(ctx, rows, cy) {
    const r = rows.add();
    const c = rows.cols;
    const { op, row } = cy;
    const p = ctx.prog;
    const rs1 = p.rs1[row]!;
    const rs2 = p.rs2[row]!;
    const b = cy.rs1;
    const v = cy.rs2;
    c.is_real[r] = 1;
    c.pc[r] = cy.pc;
    c.ts[r] = cy.ts;
    c.is_bne[r] = op === Op.BNE ? 1 : 0;
    c.is_blt[r] = op === Op.BLT ? 1 : 0;
    c.is_bge[r] = op === Op.BGE ? 1 : 0;
    c.is_bltu[r] = op === Op.BLTU ? 1 : 0;
    c.is_bgeu[r] = op === Op.BGEU ? 1 : 0;
    c.rs1[r] = rs1;
    c.rs2[r] = rs2;
    c.imm_l[r] = p.immL[row]!;
    c.imm_h[r] = p.immH[row]!;
    c.next[r] = p.next[row]!;
    c.b_l[r] = b & 0xffff;
    c.b_h[r] = b >>> 16;
    c.c_l[r] = v & 0xffff;
    c.c_h[r] = v >>> 16;
    fillRegisterAccess(ctx, c, 'rs1', r, rs1, cy.ts + SLOT.RS1);
    fillRegisterAccess(ctx, c, 'rs2', r, rs2, cy.ts + SLOT.RS2);
    // The comparison columns are auxiliary (the gadget's borrows); `taken` is the function of them the
    // constraint names, and pc' follows from it (the next cycle's pc when the trace is the executor's; a
    // replay along other pcs keeps this row honest and breaks only the state chain).
    const lt = fillLessThan(c, r, b, v, op === Op.BLT || op === Op.BGE);
    const eq = b === v ? 1 : 0;
    c.e[r] = eq;
    c.inv[r] = eq ? 0 : m31.inv(m31.add(m31.sqr(m31.sub(b & 0xffff, v & 0xffff)), m31.sqr(m31.sub(b >>> 16, v >>> 16))));
    c.taken[r] = op === Op.BEQ ? eq : op === Op.BNE ? 1 - eq : op === Op.BLT || op === Op.BLTU ? lt : 1 - lt;
    c.pc_next[r] = c.taken[r] ? p.next[row]! : cy.pc + 4;
  },
});
