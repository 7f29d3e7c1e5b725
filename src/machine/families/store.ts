/**
 * The Store family: SB, SH, SW (`docs/machine.md`, "Data memory").
 *
 * Per row: flags `is_sh`, `is_sw` (boolean, at most one, only on real rows; none = SB), the opcode
 * SB + Σ flag·(OP − SB) in the program tuple (pc, op, sink, rs1, rs2, imm); the effective address
 * (`gadgets/address.ts`); rs1 and rs2 reads; one memory access at W (slot 2) that consumes the old word p and
 * provides the new word n, always on the writable cell (W, ro = 0), so stores into code or read-only data
 * find no cell and are unprovable (the executor's W^X rule).
 * - Alignment as for loads: `is_sw·(o1 + o2 + o3) = 0`, `is_sh·(o1 + o3) = 0`.
 * - SW: `is_sw·(n − c) = 0` per half.
 * - SH: `is_sh·(n.l − c.l − o2·(p.l − c.l)) = 0`, `is_sh·(n.h − p.h − o2·(c.l − p.h)) = 0`.
 * - SB: bytes `p0`, `p2` and `c0` are columns (p1, p3, c1 linear expressions), range-checked by
 *   AND(p0, p1, ·), AND(p2, p3, ·), AND(c0, c1, ·); with o0 = 1 − o1 − o2 − o3,
 *   `is_sb·(n.l − p.l − o0·(c0 − p0) − 2^8·o1·(c0 − p1)) = 0` and
 *   `is_sb·(n.h − p.h − o2·(c0 − p2) − 2^8·o3·(c0 − p3)) = 0`: exactly the addressed byte becomes c's low
 *   byte (the binding between the stored bytes and rs2 that Nexus issue #404 lacked, `docs/soundness.md` "`store`").
 * The new halves are canonical in every case (halves of c and p, or bytes). *
 * Soundness audit — `store` (`store.ts`): SB, SH, SW (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | cannot alias / be supplied by another row |
 * |---|---|---|---|
 * | `is_sh`, `is_sw` | booleans, `at most one flag is boolean`, `flags only on real rows`; op = SB + Σ flag·(OP − SB) | {0, 1} | every lookup has multiplicity is_real (`is_sb = is_real − Σ` appears only in constraints) |
 * | `pc`, `ts`, `rs1`, `rs2`, `imm_l/h`, `b_l/h`, limbs | as the adapter; PROG (pc, op, 32, rs1, rs2, imm): rd is the sink constant | | |
 * | `c_l`, `c_h` | REG read of rs2 at ts + 1 (always) | c.l canonical locally (c0 + 2^8·c1, AND); c.h canonical by b.G6 | SW's `n.h = c.h` leans on b.G6 for c.h |
 * | address columns | as Load | W < 2^29 | the cell is always (W, 0): a store into read-only memory finds no cell |
 * | `p_l`, `p_h` | MEM use (W, 0, p, t_prev) at ts + 2 | canonical locally (p0..p3 bytes) | memory checking |
 * | `n_l`, `n_h` | MEM yield (W, 0, n, ts + 2); `SW: n.l = c.l`, `SW: n.h = c.h`, `SH: low half`, `SH: high half`, `SB: low half`, `SB: high half` (`withByte`) | canonical: halves of c or p, or p with the addressed byte replaced by the byte c0 | row-local (offset flags one-hot, alignment enforced) |
 * | `p0`, `p2`, `c0` | AND(p0, p1, np01), AND(p2, p3, np23), AND(c0, c1, nc) | bytes, so they are the true splits | |
 * | `np01`, `np23`, `nc` | AND results | | used nowhere else |
 * @module
 */
import { Op } from '../../vm/decoder.js';
import { fillRegisterAccess, memoryAccess, registerAccess } from '../gadgets/access.js';
import { effectiveAddress, fillMemoryRow, withByte, wordBytes } from '../gadgets/address.js';
import { AND, PROG, SINK_REG, SLOT, STATE, TS_STEP } from '../relations.js';
import { defineFamily } from './family.js';
import type { RowColumns } from './columns.js';

/** Component name. */
export const STORE = 'store';

const COLUMNS = [
  'is_real', 'pc', 'ts', 'is_sh', 'is_sw', 'rs1', 'rs2', 'imm_l', 'imm_h', 'b_l', 'b_h', 'c_l', 'c_h', 'p_l', 'p_h',
  'n_l', 'n_h', 'p0', 'p2', 'c0', 'k1', 'k2', 'addr_w', 'addr_h', 'o1', 'o2', 'o3', 'rs1.d0', 'rs1.d1', 'rs2.d0',
  'rs2.d1', 'mem.d0', 'mem.d1', 'np01', 'np23', 'nc',
] as const;

/** The Store family (see the module comment). */
export const store = defineFamily({
  name: STORE,
  sizeKey: 'store',
  ops: [Op.SB, Op.SH, Op.SW],
  columns: COLUMNS,
  constraints(b, col) {
    const isReal = col('is_real');
    const pc = col('pc');
    const ts = col('ts');
    const isSh = col('is_sh');
    const isSw = col('is_sw');
    const rs1 = col('rs1');
    const rs2 = col('rs2');
    const immL = col('imm_l');
    const immH = col('imm_h');
    const bL = col('b_l');
    const bH = col('b_h');
    const cL = col('c_l');
    const cH = col('c_h');
    const pL = col('p_l');
    const pH = col('p_h');
    const nL = col('n_l');
    const nH = col('n_h');
    const p0 = col('p0');
    const p2 = col('p2');
    const c0 = col('c0');
    const bool = (e: typeof isReal, what: string) => b.constrain(e.mul(e.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    bool(isSh, 'is_sh');
    bool(isSw, 'is_sw');
    const anyFlag = isSh.add(isSw);
    bool(anyFlag, 'at most one flag');
    b.constrain(anyFlag.mul(isReal.neg().add(1)), 'flags only on real rows');
    const { w, o } = effectiveAddress(b, col, isReal, [bL, bH], [immL, immH]);
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
    registerAccess(b, col, 'rs1', rs1, ts.add(SLOT.RS1), [bL, bH], [bL, bH], isReal);
    registerAccess(b, col, 'rs2', rs2, ts.add(SLOT.RS2), [cL, cH], [cL, cH], isReal);
    memoryAccess(b, col, w, 0, ts.add(SLOT.MEM), [pL, pH], [nL, nH], isReal);
    b.use(AND, [p[0], p[1], col('np01')], isReal);
    b.use(AND, [p[2], p[3], col('np23')], isReal);
    b.use(AND, [c0, c1, col('nc')], isReal);
  },
  fill(ctx, rows, cy) {
    const r = rows.add();
    const c = rows.cols;
    const op = cy.op;
    const rs2 = ctx.prog.rs2[cy.row]!;
    const v = cy.rs2;
    const addr = fillMemoryRow(ctx, c, r, cy);
    const wi = ctx.wordIndex(cy.i, addr, op === Op.SW ? 4 : op === Op.SH ? 2 : 1, true);
    c.is_sh[r] = op === Op.SH ? 1 : 0;
    c.is_sw[r] = op === Op.SW ? 1 : 0;
    c.rs2[r] = rs2;
    c.c_l[r] = v & 0xffff;
    c.c_h[r] = v >>> 16;
    fillRegisterAccess(ctx, c, 'rs2', r, rs2, cy.ts + SLOT.RS2);
    ctx.memAccess(c['mem.d0'], c['mem.d1'], r, wi, cy.ts + SLOT.MEM);
    ctx.words[wi] = fillStoreValue(c, r, op, addr, ctx.words[wi]!, v);
  },
});

/** Fills the value columns of a store row: old word `p`, stored value `c`; returns the new word. */
export function fillStoreValue(F: RowColumns<(typeof COLUMNS)[number]>, row: number, op: number, addr: number, p: number, c: number): number {
  F.p_l[row] = p & 0xffff;
  F.p_h[row] = p >>> 16;
  F.p0[row] = p & 0xff;
  F.p2[row] = (p >>> 16) & 0xff;
  F.c0[row] = c & 0xff;
  F.np01[row] = p & (p >>> 8) & 0xff;
  F.np23[row] = (p >>> 16) & (p >>> 24) & 0xff;
  F.nc[row] = c & (c >>> 8) & 0xff;
  const sh = 8 * (addr & 3);
  let n: number;
  if (op === Op.SW) n = c;
  else if (op === Op.SH) n = (p & ~(0xffff << sh)) | ((c & 0xffff) << sh);
  else n = (p & ~(0xff << sh)) | ((c & 0xff) << sh);
  n >>>= 0;
  F.n_l[row] = n & 0xffff;
  F.n_h[row] = n >>> 16;
  return n;
}
