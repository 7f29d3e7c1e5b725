/**
 * The Load family: LB, LH, LW, LBU, LHU (rv32im note §2 "Loads / stores", §4 "RAM: word cells").
 *
 * Per row: flags `is_lh`, `is_lw`, `is_lbu`, `is_lhu` (boolean, at most one; none = LB), the opcode
 * LB + Σ flag·(OP − LB) in the program tuple (pc, op, rd, rs1, 0, imm); the effective address
 * (`address.ts`); one read of the memory word v at W (slot 2), with a boolean `ro` column naming the cell
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
 * two AND, two sign U16. Every multiplicity carries is_real or a flag expression that is 0 on padding.
 * @module
 */
import { component } from '../air/verifier.js';
import type { Component } from '../air/verifier.js';
import { Op } from '../vm/decoder.js';
import { memoryAccess, registerAccess } from './access.js';
import { addressedByte, effectiveAddress, wordBytes } from './address.js';
import { AND, PROG, SLOT, STATE, TS_STEP, U16 } from './relations.js';

/** Component name. */
export const LOAD = 'load';

/** The Load component of 2^logSize rows. */
export function loadComponent(logSize: number): Component {
  return component(LOAD, logSize, (b) => {
    const m = (n: string) => b.main(n);
    const isReal = m('is_real');
    const pc = m('pc');
    const ts = m('ts');
    const isLh = m('is_lh');
    const isLw = m('is_lw');
    const isLbu = m('is_lbu');
    const isLhu = m('is_lhu');
    const rd = m('rd');
    const rs1 = m('rs1');
    const immL = m('imm_l');
    const immH = m('imm_h');
    const bL = m('b_l');
    const bH = m('b_h');
    const ro = m('ro');
    const vL = m('v_l');
    const vH = m('v_h');
    const v0 = m('v0');
    const v2 = m('v2');
    const n01 = m('n01');
    const n23 = m('n23');
    const x = m('x');
    const s = m('s');
    const pL = m('rd_prev_l');
    const pH = m('rd_prev_h');
    const aL = m('a_l');
    const aH = m('a_h');
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
    const { w, o } = effectiveAddress(b, isReal, [bL, bH], [immL, immH]);
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
    registerAccess(b, 'rs1', rs1, ts.add(SLOT.RS1), [bL, bH], [bL, bH], isReal);
    memoryAccess(b, w, ro, ts.add(SLOT.MEM), [vL, vH], [vL, vH], isReal);
    registerAccess(b, 'rd', rd, ts.add(SLOT.RD), [pL, pH], [aL, aH], isReal);
    b.use(AND, [v[0], v[1], n01], isReal);
    b.use(AND, [v[2], v[3], n23], isReal);
    b.use(U16, [x.mul(256).add(2 ** 15).sub(s.mul(2 ** 16))], isLb);
    b.use(U16, [x.add(2 ** 15).sub(s.mul(2 ** 16))], isLh);
  });
}

/**
 * Fills the value columns of a load row (after the address): the word `v` read, the unit, its sign and
 * the result. Returns the value written to rd.
 */
export function fillLoadValue(F: Record<string, Uint32Array>, row: number, op: number, addr: number, v: number): number {
  F.v_l![row] = v & 0xffff;
  F.v_h![row] = v >>> 16;
  F.v0![row] = v & 0xff;
  F.v2![row] = (v >>> 16) & 0xff;
  F.n01![row] = v & (v >>> 8) & 0xff;
  F.n23![row] = (v >>> 16) & (v >>> 24) & 0xff;
  const sh = 8 * (addr & 3);
  let x = 0;
  let a = v;
  if (op === Op.LB || op === Op.LBU) x = (v >>> sh) & 0xff;
  else if (op === Op.LH || op === Op.LHU) x = (v >>> sh) & 0xffff;
  if (op === Op.LB) a = (x << 24) >> 24;
  else if (op === Op.LH) a = (x << 16) >> 16;
  else if (op !== Op.LW) a = x;
  F.x![row] = op === Op.LW ? 0 : x;
  F.s![row] = op === Op.LB ? x >>> 7 : op === Op.LH ? x >>> 15 : 0;
  a >>>= 0;
  F.a_l![row] = a & 0xffff;
  F.a_h![row] = a >>> 16;
  return a;
}
