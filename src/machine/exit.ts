/**
 * The Exit family: `ecall` with a7 = 93 (rv32im note §5 "exit", §6). The row consumes its state and the
 * program tuple (pc, ECALL, sink, 0, …), reads a7 (slot 0) and a0 (slot 1), requires a7 = 93, and
 * provides (HALT, a0.l, a0.h) instead of a successor state; the verifier consumes exactly one HALT tuple
 * with the statement's exit code. a0 is canonical because it was read through memory checking.
 * The row also reads the stream cursors: HALT carries the public output length (out_cur), so the verifier's
 * OUT tuples are exactly the output; and a drain chain of copy rows consumes the public input bytes from
 * in_cur to in_len that the guest did not read, so every IN tuple is consumed once.
 * @module
 */
import { component } from '../air/verifier.js';
import type { Component } from '../air/verifier.js';
import { Op } from '../vm/decoder.js';
import { Syscall } from '../vm/syscalls.js';
import { registerAccess } from './access.js';
import { COPY, COPY_DRAIN, HALT, IN_CUR, IN_LEN, OUT_CUR, PROG, SINK_REG, SLOT, STATE, TS_ECALL } from './relations.js';

/** Component name. */
export const EXIT = 'exit';
/** Register numbers of a0 and a7. */
export const A0 = 10;
/** a7: the syscall number. */
export const A7 = 17;

/** The Exit component of 2^logSize rows. */
export function exitComponent(logSize: number): Component {
  return component(EXIT, logSize, (b) => {
    const isReal = b.main('is_real');
    const pc = b.main('pc');
    const ts = b.main('ts');
    const a7L = b.main('a7_l');
    const a7H = b.main('a7_h');
    const a0L = b.main('a0_l');
    const a0H = b.main('a0_h');
    b.constrain(isReal.mul(isReal.sub(1)), 'is_real is boolean');
    b.constrain(isReal.mul(a7L.sub(Syscall.EXIT)), 'a7.l = 93 (exit)');
    b.constrain(a7H, 'a7.h = 0');
    b.use(STATE, [pc, ts], isReal);
    b.use(PROG, [pc, Op.ECALL, SINK_REG], isReal);
    registerAccess(b, 'a7', A7, ts.add(SLOT.RS1), [a7L, a7H], [a7L, a7H], isReal);
    registerAccess(b, 'a0', A0, ts.add(SLOT.RS2), [a0L, a0H], [a0L, a0H], isReal);
    const inCur = b.main('in_cur');
    const inLen = b.main('in_len');
    const outCur = b.main('out_cur');
    registerAccess(b, 'in_cur', IN_CUR, ts.add(2), [inCur, 0], [inCur, 0], isReal);
    registerAccess(b, 'in_len', IN_LEN, ts.add(3), [inLen, 0], [inLen, 0], isReal);
    registerAccess(b, 'out_cur', OUT_CUR, ts.add(4), [outCur, 0], [outCur, 0], isReal);
    // Drain: copy rows consume the public input bytes the guest did not read (positions in_cur..in_len).
    b.yield(COPY, [COPY_DRAIN, ts.add(TS_ECALL), 0, 0, inCur, inLen.sub(inCur)], isReal);
    // The tail's time is the head's t + rem (copy rows keep it), so the drain chain is this row's own.
    b.use(COPY, [COPY_DRAIN, ts.add(TS_ECALL).add(inLen).sub(inCur), b.main('w_end'), b.main('off_end'), inLen, 0], isReal);
    b.yield(HALT, [a0L, a0H, outCur], isReal);
  });
}
