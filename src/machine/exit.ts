/**
 * The Exit family: `ecall` with a7 = 93 (rv32im note §5 "exit", §6). The row consumes its state and the
 * program tuple (pc, ECALL, sink, 0, …), reads a7 (slot 0) and a0 (slot 1), requires a7 = 93, and
 * provides (HALT, a0.l, a0.h) instead of a successor state; the verifier consumes exactly one HALT tuple
 * with the statement's exit code. a0 is canonical because it was read through memory checking.
 * Output streams are not modelled yet, so HALT has no output-length entry (next: `(HALT, code, out_cur)`).
 * @module
 */
import { component } from '../air/verifier.js';
import type { Component } from '../air/verifier.js';
import { Op } from '../vm/decoder.js';
import { Syscall } from '../vm/syscalls.js';
import { registerAccess } from './access.js';
import { HALT, PROG, SINK_REG, SLOT, STATE } from './relations.js';

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
    b.yield(HALT, [a0L, a0H], isReal);
  });
}
