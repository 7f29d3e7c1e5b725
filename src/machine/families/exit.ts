/**
 * The Exit family: `ecall` with a7 = 93 (`docs/machine.md`, "Input and output", "`exit`"). The row consumes its state and the
 * program tuple (pc, ECALL, sink, 0, …), reads a7 (slot 0) and a0 (slot 1), requires a7 = 93, and
 * provides (HALT, a0.l, a0.h) instead of a successor state; the verifier consumes exactly one HALT tuple
 * with the statement's exit code. a0 is canonical because it was read through memory checking.
 * The row also reads the stream cursors: HALT carries the public output length (out_cur), so the verifier's
 * OUT tuples are exactly the output; and a drain chain of copy rows consumes the public input bytes from
 * in_cur to in_len that the guest did not read, so every IN tuple is consumed once. *
 * Soundness audit — `exit` (`exit.ts`) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | cannot alias / be supplied by another row |
 * |---|---|---|---|
 * | `is_real` | boolean | | exactly one real row (b.G2) |
 * | `pc`, `ts` | STATE use; PROG (pc, ECALL, 32) | | no successor: the end of the state path (b.G4) |
 * | `a7_l`, `a7_h` | REG read of a7 at ts + 0; `a7.l = 93 (exit)`, `a7.h = 0` | exact | |
 * | `a0_l`, `a0_h` | REG read of a0 at ts + 1; HALT yield (a0.l, a0.h, out_cur) | canonical by b.G6 | must equal the verifier's (code & 0xffff, code >>> 16) as field elements, so a0 = code as u32 |
 * | `in_cur`, `in_len`, `out_cur` | REG reads of 33, 35, 34 at ts + 2, 3, 4 (high half 0) | field counters ≤ 2^24 (in_cur ≤ nIn: reads consume only existing IN tuples; out_cur counts io_byte rows) | out_cur enters HALT = nOut. The drain head is (DRAIN, ts + 8, 0, 0, in_cur, in_len − in_cur) |
 * | `w_end`, `off_end` | DRAIN tail use (DRAIN, ts + 8 + in_len − in_cur, w_end, off_end, in_len, 0) | whatever the drain chain's last row yields | the tail time is the row's own expression; with exactly one exit row there is one DRAIN head and one DRAIN tail |
 * | limbs | as the adapter | | |
 * @module
 */
import { Op } from '../../vm/decoder.js';
import { Syscall } from '../../vm/syscalls.js';
import { fillRegisterAccess, registerAccess } from '../gadgets/access.js';
import { COPY, COPY_DRAIN, HALT, IN_CUR, IN_LEN, OUT_CUR, PROG, SINK_REG, SLOT, STATE, TS_ECALL } from '../relations.js';
import { defineFamily } from './family.js';
import { copyRow } from './io-byte.js';

/** Component name. */
export const EXIT = 'exit';
/** Register numbers of a0 and a7. */
export const A0 = 10;
/** a7: the syscall number. */
export const A7 = 17;

const COLUMNS = [
  'is_real', 'pc', 'ts', 'a7_l', 'a7_h', 'a0_l', 'a0_h', 'a7.d0', 'a7.d1', 'a0.d0', 'a0.d1', 'in_cur', 'in_len',
  'out_cur', 'in_cur.d0', 'in_cur.d1', 'in_len.d0', 'in_len.d1', 'out_cur.d0', 'out_cur.d1', 'w_end', 'off_end',
] as const;

/** The Exit family (see the module comment). */
export const exit = defineFamily({
  name: EXIT,
  sizeKey: 'exit',
  ops: [Op.ECALL],
  syscalls: [Syscall.EXIT],
  columns: COLUMNS,
  constraints(b, col) {
    const isReal = col('is_real');
    const pc = col('pc');
    const ts = col('ts');
    const a7L = col('a7_l');
    const a7H = col('a7_h');
    const a0L = col('a0_l');
    const a0H = col('a0_h');
    b.constrain(isReal.mul(isReal.sub(1)), 'is_real is boolean');
    b.constrain(isReal.mul(a7L.sub(Syscall.EXIT)), 'a7.l = 93 (exit)');
    b.constrain(a7H, 'a7.h = 0');
    b.use(STATE, [pc, ts], isReal);
    b.use(PROG, [pc, Op.ECALL, SINK_REG], isReal);
    registerAccess(b, col, 'a7', A7, ts.add(SLOT.RS1), [a7L, a7H], [a7L, a7H], isReal);
    registerAccess(b, col, 'a0', A0, ts.add(SLOT.RS2), [a0L, a0H], [a0L, a0H], isReal);
    const inCur = col('in_cur');
    const inLen = col('in_len');
    const outCur = col('out_cur');
    registerAccess(b, col, 'in_cur', IN_CUR, ts.add(2), [inCur, 0], [inCur, 0], isReal);
    registerAccess(b, col, 'in_len', IN_LEN, ts.add(3), [inLen, 0], [inLen, 0], isReal);
    registerAccess(b, col, 'out_cur', OUT_CUR, ts.add(4), [outCur, 0], [outCur, 0], isReal);
    // Drain: copy rows consume the public input bytes the guest did not read (positions in_cur..in_len).
    b.yield(COPY, [COPY_DRAIN, ts.add(TS_ECALL), 0, 0, inCur, inLen.sub(inCur)], isReal);
    // The tail's time is the head's t + rem (copy rows keep it), so the drain chain is this row's own.
    b.use(COPY, [COPY_DRAIN, ts.add(TS_ECALL).add(inLen).sub(inCur), col('w_end'), col('off_end'), inLen, 0], isReal);
    b.yield(HALT, [a0L, a0H, outCur], isReal);
  },
  fill(ctx, rows, cy) {
    const r = rows.add();
    const c = rows.cols;
    const { ts } = cy;
    const a7 = cy.rs2;
    const a0 = cy.rs1;
    c.is_real[r] = 1;
    c.pc[r] = cy.pc;
    c.ts[r] = ts;
    c.a7_l[r] = a7 & 0xffff;
    c.a7_h[r] = a7 >>> 16;
    c.a0_l[r] = a0 & 0xffff;
    c.a0_h[r] = a0 >>> 16;
    fillRegisterAccess(ctx, c, 'a7', r, A7, ts + SLOT.RS1);
    fillRegisterAccess(ctx, c, 'a0', r, A0, ts + SLOT.RS2);
    const inCur = ctx.regs[IN_CUR]!;
    const inLen = ctx.publicInput.length;
    c.in_cur[r] = inCur;
    c.in_len[r] = inLen;
    c.out_cur[r] = ctx.regs[OUT_CUR]!;
    fillRegisterAccess(ctx, c, 'in_cur', r, IN_CUR, ts + 2);
    fillRegisterAccess(ctx, c, 'in_len', r, IN_LEN, ts + 3);
    fillRegisterAccess(ctx, c, 'out_cur', r, OUT_CUR, ts + 4);
    // Drain the public input the guest did not read.
    const left = inLen - inCur;
    for (let j = 0; j < left; j++) copyRow(ctx, cy.i, 'is_drain', ts + TS_ECALL + j, j, inCur + j, left - j, ctx.publicInput[inCur + j]!);
    c.w_end[r] = left >>> 2;
    c.off_end[r] = left & 3;
    ctx.exitCode = a0;
  },
});
