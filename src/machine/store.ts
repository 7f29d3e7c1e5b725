/**
 * The Store family: SB, SH, SW (rv32im note §2 "Loads / stores", §4).
 *
 * Per row: flags `is_sh`, `is_sw` (boolean, at most one, only on real rows; none = SB), the opcode
 * SB + Σ flag·(OP − SB) in the program tuple (pc, op, sink, rs1, rs2, imm); the effective address
 * (`address.ts`); rs1 and rs2 reads; one memory access at W (slot 2) that consumes the old word p and
 * provides the new word n, always on the writable cell (W, ro = 0), so stores into code or read-only data
 * find no cell and are unprovable (the executor's W^X rule).
 * - Alignment as for loads: `is_sw·(o1 + o2 + o3) = 0`, `is_sh·(o1 + o3) = 0`.
 * - SW: `is_sw·(n − c) = 0` per half.
 * - SH: `is_sh·(n.l − c.l − o2·(p.l − c.l)) = 0`, `is_sh·(n.h − p.h − o2·(c.l − p.h)) = 0`.
 * - SB: bytes `p0`, `p2` and `c0` are columns (p1, p3, c1 linear expressions), range-checked by
 *   AND(p0, p1, ·), AND(p2, p3, ·), AND(c0, c1, ·); with o0 = 1 − o1 − o2 − o3,
 *   `is_sb·(n.l − p.l − o0·(c0 − p0) − 2^8·o1·(c0 − p1)) = 0` and
 *   `is_sb·(n.h − p.h − o2·(c0 − p2) − 2^8·o3·(c0 − p3)) = 0`: exactly the addressed byte becomes c's low
 *   byte (the binding between the stored bytes and rs2 that Nexus issue #404 lacked, note §8).
 * The new halves are canonical in every case (halves of c and p, or bytes).
 * @module
 */
import { component } from '../air/verifier.js';
import type { Component } from '../air/verifier.js';
import { Op } from '../vm/decoder.js';
import { memoryAccess, registerAccess } from './access.js';
import { effectiveAddress, withByte, wordBytes } from './address.js';
import { AND, PROG, SINK_REG, SLOT, STATE, TS_STEP } from './relations.js';

/** Component name. */
export const STORE = 'store';

/** The Store component of 2^logSize rows. */
export function storeComponent(logSize: number): Component {
  return component(STORE, logSize, (b) => {
    const m = (n: string) => b.main(n);
    const isReal = m('is_real');
    const pc = m('pc');
    const ts = m('ts');
    const isSh = m('is_sh');
    const isSw = m('is_sw');
    const rs1 = m('rs1');
    const rs2 = m('rs2');
    const immL = m('imm_l');
    const immH = m('imm_h');
    const bL = m('b_l');
    const bH = m('b_h');
    const cL = m('c_l');
    const cH = m('c_h');
    const pL = m('p_l');
    const pH = m('p_h');
    const nL = m('n_l');
    const nH = m('n_h');
    const p0 = m('p0');
    const p2 = m('p2');
    const c0 = m('c0');
    const bool = (e: typeof isReal, what: string) => b.constrain(e.mul(e.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    bool(isSh, 'is_sh');
    bool(isSw, 'is_sw');
    const anyFlag = isSh.add(isSw);
    bool(anyFlag, 'at most one flag');
    b.constrain(anyFlag.mul(isReal.neg().add(1)), 'flags only on real rows');
    const { w, o } = effectiveAddress(b, isReal, [bL, bH], [immL, immH]);
    const [, o1, o2, o3] = o;
    const isSb = isReal.sub(anyFlag);
    b.constrain(isSw.mul(o1.add(o2).add(o3)), 'SW is word-aligned');
    b.constrain(isSh.mul(o1.add(o3)), 'SH is half-aligned');
    b.constrain(isSw.mul(nL.sub(cL)), 'SW: n.l = c.l');
    b.constrain(isSw.mul(nH.sub(cH)), 'SW: n.h = c.h');
    b.constrain(isSh.mul(nL.sub(cL).sub(o2.mul(pL.sub(cL)))), 'SH: low half');
    b.constrain(isSh.mul(nH.sub(pH).sub(o2.mul(cL.sub(pH)))), 'SH: high half');
    const p = wordBytes(pL, pH, p0, p2);
    const c1 = wordBytes(cL, cH, c0, c0)[1]; // rs2's byte 1 (only the low half's split is needed)
    const [sbL, sbH] = withByte(o, pL, pH, p, c0);
    b.constrain(isSb.mul(nL.sub(sbL)), 'SB: low half');
    b.constrain(isSb.mul(nH.sub(sbH)), 'SB: high half');

    const op = isSh.mul(Op.SH - Op.SB).add(isSw.mul(Op.SW - Op.SB)).add(Op.SB);
    b.use(STATE, [pc, ts], isReal);
    b.yield(STATE, [pc.add(4), ts.add(TS_STEP)], isReal);
    b.use(PROG, [pc, op, SINK_REG, rs1, rs2, immL, immH], isReal);
    registerAccess(b, 'rs1', rs1, ts.add(SLOT.RS1), [bL, bH], [bL, bH], isReal);
    registerAccess(b, 'rs2', rs2, ts.add(SLOT.RS2), [cL, cH], [cL, cH], isReal);
    memoryAccess(b, w, 0, ts.add(SLOT.MEM), [pL, pH], [nL, nH], isReal);
    b.use(AND, [p[0], p[1], m('np01')], isReal);
    b.use(AND, [p[2], p[3], m('np23')], isReal);
    b.use(AND, [c0, c1, m('nc')], isReal);
  });
}

/** Fills the value columns of a store row: old word `p`, stored value `c`; returns the new word. */
export function fillStoreValue(F: Record<string, Uint32Array>, row: number, op: number, addr: number, p: number, c: number): number {
  F.p_l![row] = p & 0xffff;
  F.p_h![row] = p >>> 16;
  F.p0![row] = p & 0xff;
  F.p2![row] = (p >>> 16) & 0xff;
  F.c0![row] = c & 0xff;
  F.np01![row] = p & (p >>> 8) & 0xff;
  F.np23![row] = (p >>> 16) & (p >>> 24) & 0xff;
  F.nc![row] = c & (c >>> 8) & 0xff;
  const sh = 8 * (addr & 3);
  let n: number;
  if (op === Op.SW) n = c;
  else if (op === Op.SH) n = (p & ~(0xffff << sh)) | ((c & 0xffff) << sh);
  else n = (p & ~(0xff << sh)) | ((c & 0xff) << sh);
  n >>>= 0;
  F.n_l![row] = n & 0xffff;
  F.n_h![row] = n >>> 16;
  return n;
}
