/**
 * The read and write system calls (`docs/machine.md`, "Input and output"): `ecall` with a7 = 63 (read fd 0 or 3) or 64 (write
 * fd 1 or 2). One row per call; the bytes move in copy rows (`io-byte.ts`).
 *
 * Flags `f_wr1`, `f_wr2`, `f_rd3`, `f_rd0` (boolean, sum = is_real) are tied to the registers the row
 * reads: a7 = (63·is_real + f_wr1 + f_wr2, 0) and a0 = (f_wr1 + 2·f_wr2 + 3·f_rd3, 0), so any other call
 * number or descriptor has no row. The row reads a7 (slot 0), reads a0 and writes the result to it (slot 1),
 * reads a1 = buf (2) and a2 = count (3); for fd 1 and fd 3 it reads and advances the stream cursor (virtual
 * register 34 or 33, slot 4), for fd 3 it reads the input length (virtual register 35, slot 5). For fd 0
 * and fd 2 the cursor column is 0 (no stream position).
 *
 * The number of bytes k has halves `k_l` < 2^16 and `k_h` < 2^9 (`u16Below`), so k < 2^25 < p is an
 * integer and (k_l, k_h) are the canonical halves of the result written to a0:
 * - write fd 1: k = count, half by half; write fd 2: k = 0 (both halves; the log is not part of the
 *   statement) and a0 = count;
 * - read fd 3: k = min(count, in_len − in_cur) — `lt = [count < rem]` from the unsigned less-than gadget
 *   with c = rem (halves `c_l` < 2^16, `c_h` < 2^9, so c < 2^25 is an integer; rem = in_len − in_cur lies in
 *   [0, 2^24] because in_len ≤ MAX_IO_BYTES is the verifier's and in_cur only ever grows by k ≤ rem, so
 *   c = rem over the integers), k = lt·count + (1 − lt)·rem;
 * - read fd 0: the prover's choice k ≤ count (`lt(count, k) = 0` with c = k; short reads are legal).
 *
 * The copy chain runs from time ts + 8: the row provides the head (COPY, mode, ts + 8, W, off, cur, k)
 * (W, off from the address gadget on buf) and consumes the tail (COPY, mode, ts + 8 + k, w_end, off_end,
 * cur + k, 0); its successor state is (pc + 4, ts + 8 + k). Why the tail is this call's own chain and not
 * another call's (the time-travel forgery of a free end time, `docs/soundness.md`): copy rows keep
 * t + rem fixed, so a chain ending at rem = 0 ends at the time its head's t + rem names; here that is the
 * call's successor time, and no two rows of the single state path share one. `w_end` and `off_end` are
 * then whatever the k-th copy row of this chain yields.
 * 
 * Soundness audit — `ecall_io` (`ecall-io.ts`) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | cannot alias / be supplied by another row |
 * |---|---|---|---|
 * | `is_real`, `f_wr1`, `f_wr2`, `f_rd3`, `f_rd0` | booleans, `exactly one call kind on real rows`; tied to a7 = 63·is_real + f_wr1 + f_wr2 and fd = f_wr1 + 2·f_wr2 + 3·f_rd3 through the a7, a0 reads | | other calls have no row. The multiplicities `chained` = f_wr1 + f_rd3 + f_rd0 and `f_rd3 + f_wr1` are 0/1 and 0 on padding |
 * | `pc`, `ts` | STATE use; PROG (pc, ECALL, 32) | | |
 * | (successor time) | not a column: the STATE yield (pc + 4, ts + 8 + k) and the COPY tail time ts + 8 + k are expressions of the row (fd 2: k = 0) | Δ = 8 + k with k the chain length (b.G3) | pinned by the row. Before v6 it was a column `t_end` bound only by the COPY tail, so two calls could take each other's tails (bug 1) |
 * | `k_l`, `k_h` | `u16Below`: U16(k.l); U16(k.h), U16(k.h + 2^16 − 2^9); `write fd 1: k.l = count.l`, `… k.h = count.h`; `write fd 2: k.l = 0`, `… k.h = 0`; fd 0: c = k per limb and `read fd 0: k ≤ count`; fd 3: `read fd 3: k = min(count, in_len − in_cur)` | k.l < 2^16, k.h < 2^9: k < 2^25 < p, canonical halves | (k.l, k.h) is written to a0 as two canonical halves (b.G6) |
 * | `cnt_l`, `cnt_h`, `buf_l`, `buf_h` | REG reads of a2, a1 | canonical (b.G6) | |
 * | `cur`, `in_len` | REG reads of 33/34 and 35 (multiplicity f_rd3 + f_wr1, f_rd3); `fd 0 and fd 2: no stream position` (cur = 0) | counters ≤ 2^24 | in_len is free on the kinds that do not read it (cell-sweep allow-list): its only use is multiplied by f_rd3 |
 * | `c_l`, `c_h`, `sb`, `sc`, `w1`, `w2`, `d_h` | less-than gadget (other group), `u16Below` on c.l (16 bits) and c.h (9 bits), `read fd 3: c = in_len − in_cur`, `read fd 0: c.l = k.l`, `c.h = k.h`, `writes: c.l = 0`, `c.h = 0` | c < 2^25; rem ∈ [0, 2^24] (in_len ≤ 2^24 is the verifier's, in_cur ≤ in_len by induction), so c = rem over the integers | |
 * | address columns, `w_end`, `off_end` | address gadget on buf (head W, off); tail (mode, t_end, w_end, off_end, cur + k, 0) | | w_end, off_end are free but only match the chain's own end. With t_end pinned, the tail is this call's (b.G3) |
 * @module
 */
import { constant } from '../../air/verifier.js';
import { Op } from '../../vm/decoder.js';
import { Syscall } from '../../vm/syscalls.js';
import { fillRegisterAccess, registerAccess } from '../gadgets/access.js';
import { A0, A7 } from './exit.js';
import { effectiveAddress, fillAddress } from '../gadgets/address.js';
import { fillLessThan, lessThan } from '../gadgets/less-than.js';
import { u16Below } from '../gadgets/range.js';
import { COPY, COPY_IN, COPY_OUT, COPY_PRIVATE, IN_CUR, IN_LEN, MAX_IO_BYTES, OUT_CUR, PROG, SINK_REG, STATE, TS_ECALL } from '../relations.js';
import { defineFamily } from './family.js';
import { Fd } from '../../vm/syscalls.js';
import { MachineError } from '../errors.js';
import { copyRow } from './io-byte.js';
import type { CopyFlag } from './io-byte.js';

/** Component name. */
export const ECALL_IO = 'ecall_io';

/** Register numbers of a1 (the buffer) and a2 (the count); a0 and a7 are exit.ts's. */
export const A1 = 11;
/** a2: the byte count. */
export const A2 = 12;

/**
 * Bits of the high half of the byte count (and of the less-than operand c): k < 2^25, above the most bytes
 * one call can move (`MAX_IO_BYTES` = 2^24) and far below p.
 */
export const K_HIGH_BITS = 9;

const COLUMNS = [
  'is_real', 'pc', 'ts', 'f_wr1', 'f_wr2', 'f_rd3', 'f_rd0', 'buf_l', 'buf_h', 'cnt_l', 'cnt_h', 'cur', 'in_len',
  'k_l', 'k_h', 'c_l', 'c_h', 'sb', 'sc', 'w1', 'w2', 'd_h', 'k1', 'k2', 'addr_w', 'addr_h', 'o1', 'o2', 'o3',
  'w_end', 'off_end', 'a7.d0', 'a7.d1', 'a0.d0', 'a0.d1', 'a1.d0', 'a1.d1', 'a2.d0', 'a2.d1', 'cur.d0', 'cur.d1',
  'len.d0', 'len.d1',
] as const;

/** The four calls this family proves: the flag column of each, its (a7, fd) and the copy mode of its rows. */
const CALL_KINDS: readonly { readonly flag: 'f_wr1' | 'f_wr2' | 'f_rd3' | 'f_rd0'; readonly a7: number; readonly fd: number; readonly copy: CopyFlag }[] = Object.freeze([
  { flag: 'f_wr1', a7: Syscall.WRITE, fd: Fd.PUBLIC_OUTPUT, copy: 'is_out' },
  { flag: 'f_wr2', a7: Syscall.WRITE, fd: Fd.DEBUG_LOG, copy: 'is_out' },
  { flag: 'f_rd3', a7: Syscall.READ, fd: Fd.PUBLIC_INPUT, copy: 'is_in' },
  { flag: 'f_rd0', a7: Syscall.READ, fd: Fd.PRIVATE_INPUT, copy: 'is_priv' },
] as const);

/** The read/write system-call family (see the module comment). */
export const ecallIo = defineFamily({
  name: ECALL_IO,
  sizeKey: 'ecallIo',
  ops: [Op.ECALL],
  syscalls: [Syscall.READ, Syscall.WRITE],
  columns: COLUMNS,
  constraints(b, col) {
    const isReal = col('is_real');
    const pc = col('pc');
    const ts = col('ts');
    const fWr1 = col('f_wr1');
    const fWr2 = col('f_wr2');
    const fRd3 = col('f_rd3');
    const fRd0 = col('f_rd0');
    const bufL = col('buf_l');
    const bufH = col('buf_h');
    const cntL = col('cnt_l');
    const cntH = col('cnt_h');
    const cur = col('cur');
    const inLen = col('in_len');
    const kL = col('k_l');
    const kH = col('k_h');
    const cL = col('c_l');
    const cH = col('c_h');
    const bool = (e: typeof isReal, what: string) => b.constrain(e.mul(e.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    for (const [f, nm] of [[fWr1, 'f_wr1'], [fWr2, 'f_wr2'], [fRd3, 'f_rd3'], [fRd0, 'f_rd0']] as const) bool(f, nm);
    b.assertEq(fWr1.add(fWr2).add(fRd3).add(fRd0), isReal, 'exactly one call kind on real rows');
    const a7 = isReal.mul(Syscall.READ).add(fWr1).add(fWr2);
    const fd = fWr1.add(fWr2.mul(2)).add(fRd3.mul(3));
    const P16 = 2 ** 16;
    const cnt = cntL.add(cntH.mul(P16));
    const k = kL.add(kH.mul(P16));
    const rem = inLen.sub(cur);
    // The less-than gadget compares count with c: rem for fd 3, k for fd 0 (zero elsewhere).
    b.constrain(fRd3.mul(cL.add(cH.mul(P16)).sub(rem)), 'read fd 3: c = in_len − in_cur');
    b.constrain(fRd0.mul(cL.sub(kL)), 'read fd 0: c.l = k.l');
    b.constrain(fRd0.mul(cH.sub(kH)), 'read fd 0: c.h = k.h');
    b.constrain(fWr1.add(fWr2).mul(cL), 'writes: c.l = 0');
    b.constrain(fWr1.add(fWr2).mul(cH), 'writes: c.h = 0');
    const lt = lessThan(b, col, [cntL, cntH], [cL, cH], constant(0), isReal);
    b.constrain(fRd0.mul(lt), 'read fd 0: k ≤ count');
    b.constrain(fRd3.mul(k.sub(lt.mul(cnt)).sub(lt.neg().add(1).mul(rem))), 'read fd 3: k = min(count, in_len − in_cur)');
    b.constrain(fWr1.mul(kL.sub(cntL)), 'write fd 1: k.l = count.l');
    b.constrain(fWr1.mul(kH.sub(cntH)), 'write fd 1: k.h = count.h');
    b.constrain(fWr2.mul(kL), 'write fd 2: k.l = 0');
    b.constrain(fWr2.mul(kH), 'write fd 2: k.h = 0');
    b.constrain(fRd0.add(fWr2).mul(cur), 'fd 0 and fd 2: no stream position');
    u16Below(b, kL, 16, isReal);
    u16Below(b, kH, K_HIGH_BITS, isReal);
    u16Below(b, cL, 16, isReal);
    u16Below(b, cH, K_HIGH_BITS, isReal);

    const { w, o } = effectiveAddress(b, col, isReal, [bufL, bufH], [constant(0), constant(0)]);
    const off = o[1].add(o[2].mul(2)).add(o[3].mul(3));
    const mode = fWr1.mul(COPY_OUT).add(fRd3.mul(COPY_IN)).add(fRd0.mul(COPY_PRIVATE));
    const chained = fWr1.add(fRd3).add(fRd0);
    b.yield(COPY, [mode, ts.add(TS_ECALL), w, off, cur, k], chained);
    const tEnd = ts.add(TS_ECALL).add(k);
    b.use(COPY, [mode, tEnd, col('w_end'), col('off_end'), cur.add(k), 0], chained);

    b.use(STATE, [pc, ts], isReal);
    b.yield(STATE, [pc.add(4), tEnd], isReal);
    b.use(PROG, [pc, Op.ECALL, SINK_REG], isReal);
    registerAccess(b, col, 'a7', A7, ts, [a7, 0], [a7, 0], isReal);
    // a0: the descriptor in, the result out (k, or the count for fd 2).
    registerAccess(b, col, 'a0', A0, ts.add(1), [fd, 0], [kL.add(fWr2.mul(cntL)), kH.add(fWr2.mul(cntH))], isReal);
    registerAccess(b, col, 'a1', A1, ts.add(2), [bufL, bufH], [bufL, bufH], isReal);
    registerAccess(b, col, 'a2', A2, ts.add(3), [cntL, cntH], [cntL, cntH], isReal);
    const cursor = fRd3.mul(IN_CUR).add(fWr1.mul(OUT_CUR));
    registerAccess(b, col, 'cur', cursor, ts.add(4), [cur, 0], [cur.add(k), 0], fRd3.add(fWr1));
    registerAccess(b, col, 'len', IN_LEN, ts.add(5), [inLen, 0], [inLen, 0], fRd3);
  },
  fill(ctx, rows, cy) {
    const a7 = cy.rs2;
    const fd = cy.rs1;
    const kind = CALL_KINDS.find((k) => k.a7 === a7 && k.fd === fd);
    if (!kind) throw new MachineError('INVALID_INPUT', `cycle ${cy.i}: system call ${a7} on fd ${fd} has no proof (only read fd 0/3, write fd 1/2 and exit)`);
    const r = rows.add();
    const c = rows.cols;
    const { ts } = cy;
    const buf = cy.addr;
    const cnt = ctx.regs[A2]!;
    c.is_real[r] = 1;
    c.pc[r] = cy.pc;
    c.ts[r] = ts;
    c[kind.flag][r] = 1;
    c.buf_l[r] = buf & 0xffff;
    c.buf_h[r] = buf >>> 16;
    c.cnt_l[r] = cnt & 0xffff;
    c.cnt_h[r] = cnt >>> 16;
    const cursorReg = kind.flag === 'f_rd3' ? IN_CUR : kind.flag === 'f_wr1' ? OUT_CUR : -1;
    const cur = cursorReg < 0 ? 0 : ctx.regs[cursorReg]!;
    // k: the bytes moved, which the call returned in a0 (fd 2 returns the count but copies nothing).
    const k = kind.flag === 'f_wr2' ? 0 : cy.rd;
    if (k > MAX_IO_BYTES) throw new MachineError('TOO_LARGE', `cycle ${cy.i}: a system call moving ${k} bytes`);
    const rest = kind.flag === 'f_rd3' ? ctx.publicInput.length - cur : kind.flag === 'f_rd0' ? k : 0;
    c.c_l[r] = rest & 0xffff;
    c.c_h[r] = rest >>> 16;
    fillLessThan(c, r, cnt, rest, false);
    c.k_l[r] = k & 0xffff;
    c.k_h[r] = k >>> 16;
    c.cur[r] = cur;
    c.in_len[r] = kind.flag === 'f_rd3' ? ctx.publicInput.length : 0;
    fillAddress(c, r, buf, 0);
    fillRegisterAccess(ctx, c, 'a7', r, A7, ts);
    fillRegisterAccess(ctx, c, 'a0', r, A0, ts + 1);
    ctx.regs[A0] = cy.rd;
    fillRegisterAccess(ctx, c, 'a1', r, A1, ts + 2);
    fillRegisterAccess(ctx, c, 'a2', r, A2, ts + 3);
    if (cursorReg >= 0) {
      fillRegisterAccess(ctx, c, 'cur', r, cursorReg, ts + 4);
      ctx.regs[cursorReg] = cur + k;
    }
    if (kind.flag === 'f_rd3') fillRegisterAccess(ctx, c, 'len', r, IN_LEN, ts + 5);
    for (let j = 0; j < k; j++) {
      const byte = kind.flag === 'f_rd3' ? ctx.publicInput[cur + j]! : kind.flag === 'f_rd0' ? ctx.privateInput[ctx.privatePos + j]! : 0;
      const out = copyRow(ctx, cy.i, kind.copy, ts + TS_ECALL + j, (buf + j) >>> 0, cur + j, k - j, byte);
      if (kind.flag === 'f_wr1') ctx.output.push(out);
    }
    if (kind.flag === 'f_rd0') ctx.privatePos += k;
    const end = (buf + k) >>> 0;
    c.w_end[r] = end >>> 2;
    c.off_end[r] = end & 3;
    ctx.nextTs = ts + TS_ECALL + k;
  },
});
