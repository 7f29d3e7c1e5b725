/**
 * Copy rows of the I/O system calls (rv32im note §5 "Copy component"): one row per byte moved between guest
 * memory and a stream. Rows are chained by the COPY relation: a row consumes (mode, t, W, off, pos, rem)
 * and provides (mode, t + 1, W', off', pos + 1, rem − 1), where (W', off') is the next byte address
 * (W' = W + o3, off' = off + 1 − 4·o3). A system-call row provides the head of its chain at its own time
 * range and consumes the tail (rem = 0), so exactly `k` rows run, in order, at distinct rising times.
 *
 * Modes (one flag each, their sum is is_real; the mode enters the tuple):
 * - `is_out` (write fd 1): reads the word at (W, ro) at time t, `byte` = the addressed byte, provides
 *   (OUT, pos, byte); the word is unchanged.
 * - `is_in` (read fd 3): consumes (IN, pos, byte) — only the verifier's tuples can balance it, so byte is
 *   the public input byte at pos — and writes it into the writable word (W, 0).
 * - `is_priv` (read fd 0): writes a free byte (range-checked by AND(byte, byte, byte)) into (W, 0).
 * - `is_drain` (exit): consumes (IN, pos, byte) with no memory access — the public input the guest did not
 *   read, so every verifier tuple is consumed exactly once.
 * Byte selection and replacement use the offset flags o1..o3 and the old word's bytes (p0, p2 columns,
 * p1, p3 linear; AND(p0, p1, ·), AND(p2, p3, ·) make them bytes), as Load and Store do.
 * @module
 */
import { component } from '../air/verifier.js';
import type { Component } from '../air/verifier.js';
import { memoryAccess } from './access.js';
import { addressedByte, withByte, wordBytes } from './address.js';
import { AND, COPY, COPY_DRAIN, COPY_IN, COPY_OUT, COPY_PRIVATE, IN, OUT } from './relations.js';

/** Component name. */
export const IO_BYTE = 'io_byte';

/** The copy-row component of 2^logSize rows. */
export function ioByteComponent(logSize: number): Component {
  return component(IO_BYTE, logSize, (b) => {
    const m = (n: string) => b.main(n);
    const isReal = m('is_real');
    const isOut = m('is_out');
    const isIn = m('is_in');
    const isPriv = m('is_priv');
    const isDrain = m('is_drain');
    const t = m('t');
    const w = m('w');
    const o1 = m('o1');
    const o2 = m('o2');
    const o3 = m('o3');
    const pos = m('pos');
    const rem = m('rem');
    const byte = m('byte');
    const ro = m('ro');
    const pL = m('p_l');
    const pH = m('p_h');
    const nL = m('n_l');
    const nH = m('n_h');
    const p0 = m('p0');
    const p2 = m('p2');
    const bool = (e: typeof isReal, what: string) => b.constrain(e.mul(e.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    for (const [f, nm] of [[isOut, 'is_out'], [isIn, 'is_in'], [isPriv, 'is_priv'], [isDrain, 'is_drain'], [o1, 'o1'], [o2, 'o2'], [o3, 'o3'], [ro, 'ro']] as const) bool(f, nm);
    b.assertEq(isOut.add(isIn).add(isPriv).add(isDrain), isReal, 'exactly one mode on real rows');
    const anyOff = o1.add(o2).add(o3);
    bool(anyOff, 'at most one offset flag');
    const o = [anyOff.neg().add(1), o1, o2, o3] as const;
    const off = o1.add(o2.mul(2)).add(o3.mul(3));
    const isWrite = isIn.add(isPriv);
    b.constrain(isWrite.mul(ro), 'stream reads write writable words');
    const p = wordBytes(pL, pH, p0, p2);
    b.constrain(isOut.mul(byte.sub(addressedByte(o, p))), 'output byte is the addressed byte');
    b.constrain(isOut.mul(nL.sub(pL)), 'output leaves the word: low half');
    b.constrain(isOut.mul(nH.sub(pH)), 'output leaves the word: high half');
    const [wL, wH] = withByte(o, pL, pH, p, byte);
    b.constrain(isWrite.mul(nL.sub(wL)), 'input byte replaces the addressed byte: low half');
    b.constrain(isWrite.mul(nH.sub(wH)), 'input byte replaces the addressed byte: high half');

    const mode = isOut.mul(COPY_OUT).add(isIn.mul(COPY_IN)).add(isPriv.mul(COPY_PRIVATE)).add(isDrain.mul(COPY_DRAIN));
    b.use(COPY, [mode, t, w, off, pos, rem], isReal);
    b.yield(COPY, [mode, t.add(1), w.add(o3), off.add(1).sub(o3.mul(4)), pos.add(1), rem.sub(1)], isReal);
    const touches = isReal.sub(isDrain);
    memoryAccess(b, w, ro, t, [pL, pH], [nL, nH], touches);
    b.use(AND, [p[0], p[1], m('np01')], touches);
    b.use(AND, [p[2], p[3], m('np23')], touches);
    b.use(AND, [byte, byte, byte], isPriv);
    b.use(IN, [pos, byte], isIn.add(isDrain));
    b.yield(OUT, [pos, byte], isOut);
  });
}
