/**
 * The read and write system calls (rv32im note §5): `ecall` with a7 = 63 (read fd 0 or 3) or 64 (write
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
 *  * @module
 */
import { component, constant } from '../air/verifier.js';
import type { Component } from '../air/verifier.js';
import { Op } from '../vm/decoder.js';
import { Syscall } from '../vm/syscalls.js';
import { registerAccess } from './access.js';
import { A0, A7 } from './exit.js';
import { effectiveAddress } from './address.js';
import { lessThan } from './less-than.js';
import { u16Below } from './range.js';
import { COPY, COPY_IN, COPY_OUT, COPY_PRIVATE, IN_CUR, IN_LEN, OUT_CUR, PROG, SINK_REG, STATE, TS_ECALL } from './relations.js';

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

/** The read/write system-call component of 2^logSize rows. */
export function ecallIoComponent(logSize: number): Component {
  return component(ECALL_IO, logSize, (b) => {
    const m = (n: string) => b.main(n);
    const isReal = m('is_real');
    const pc = m('pc');
    const ts = m('ts');
    const fWr1 = m('f_wr1');
    const fWr2 = m('f_wr2');
    const fRd3 = m('f_rd3');
    const fRd0 = m('f_rd0');
    const bufL = m('buf_l');
    const bufH = m('buf_h');
    const cntL = m('cnt_l');
    const cntH = m('cnt_h');
    const cur = m('cur');
    const inLen = m('in_len');
    const kL = m('k_l');
    const kH = m('k_h');
    const cL = m('c_l');
    const cH = m('c_h');
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
    const lt = lessThan(b, [cntL, cntH], [cL, cH], constant(0), isReal);
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

    const { w, o } = effectiveAddress(b, isReal, [bufL, bufH], [constant(0), constant(0)]);
    const off = o[1].add(o[2].mul(2)).add(o[3].mul(3));
    const mode = fWr1.mul(COPY_OUT).add(fRd3.mul(COPY_IN)).add(fRd0.mul(COPY_PRIVATE));
    const chained = fWr1.add(fRd3).add(fRd0);
    b.yield(COPY, [mode, ts.add(TS_ECALL), w, off, cur, k], chained);
    const tEnd = ts.add(TS_ECALL).add(k);
    b.use(COPY, [mode, tEnd, m('w_end'), m('off_end'), cur.add(k), 0], chained);

    b.use(STATE, [pc, ts], isReal);
    b.yield(STATE, [pc.add(4), tEnd], isReal);
    b.use(PROG, [pc, Op.ECALL, SINK_REG], isReal);
    registerAccess(b, 'a7', A7, ts, [a7, 0], [a7, 0], isReal);
    // a0: the descriptor in, the result out (k, or the count for fd 2).
    registerAccess(b, 'a0', A0, ts.add(1), [fd, 0], [kL.add(fWr2.mul(cntL)), kH.add(fWr2.mul(cntH))], isReal);
    registerAccess(b, 'a1', A1, ts.add(2), [bufL, bufH], [bufL, bufH], isReal);
    registerAccess(b, 'a2', A2, ts.add(3), [cntL, cntH], [cntL, cntH], isReal);
    const cursor = fRd3.mul(IN_CUR).add(fWr1.mul(OUT_CUR));
    registerAccess(b, 'cur', cursor, ts.add(4), [cur, 0], [cur.add(k), 0], fRd3.add(fWr1));
    registerAccess(b, 'len', IN_LEN, ts.add(5), [inLen, 0], [inLen, 0], fRd3);
  });
}
