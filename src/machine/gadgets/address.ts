/**
 * The effective-address gadget of loads and stores (`docs/machine.md`, "Data memory"): A = rs1 + imm mod
 * 2^32 in halves, its byte offset inside the word and the word index W = A / 4.
 *
 * Columns: `k1`, `k2` (carries, boolean), `addr_w` (A.l / 4), `addr_h` (A.h), one-hot offset flags
 * `o1`, `o2`, `o3` (boolean, sum boolean; offset 0 when none is set, so off = o1 + 2·o2 + 3·o3).
 *
 *   b.l + imm.l      = off + 4·addr_w + 2^16·k1
 *   b.h + imm.h + k1 = addr_h + 2^16·k2
 *   U16(addr_w), U16(off + 4·addr_w), U16(2·addr_h)
 *
 * All terms are small, so the equations hold over the integers. U16(addr_w) makes off + 4·addr_w an
 * integer below 2^18 and U16(off + 4·addr_w) then bounds it by 2^16: it is A.l, k1 is the true carry and
 * addr_w < 2^14. U16(2·addr_h) bounds addr_h by 2^15: data addresses are below 2^31 (the layout requires
 * it, so a higher address faults in the executor and has no witness here). W = addr_w + 2^14·addr_h < 2^29. *
 * Soundness audit — Address gadget (`address.ts`; Load, Store, and `ecall_io`'s buffer) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | why |
 * |---|---|---|---|
 * | k1, k2, o1, o2, o3 | booleans, "at most one offset flag is boolean" | — | off = o1 + 2·o2 + 3·o3 ∈ [0, 3] |
 * | addr_w | U16(addr_w); U16(off + 4·addr_w); "address low half: b.l + imm.l = off + 4·w + 2^16·k1" | addr_w < 2^14 | U16(addr_w) makes off + 4·addr_w an integer < 2^18, U16 of it bounds it by 2^16: it is A.l, both sides of the low equation are integers < 2^18, k1 the true carry, off = A.l mod 4 |
 * | addr_h | U16(2·addr_h); "address high half: b.h + imm.h + k1 = A.h + 2^16·k2" | addr_h < 2^15 | an odd 2·addr_h means addr_h ≥ 2^30, but the high equation makes addr_h an integer in (−2^16, 2^17 + 2) (b.h canonical, a.G3; imm from the table or 0): excluded. So A < 2^31 (all mapped pages are below 2^31; a higher address faults in the executor) |
 * | W (expression) | addr_w + 2^14·addr_h | < 2^29 | canonical, no alias with another word or with sentinel words (≥ 2^30) |
 *
 * The gadget's constraints are not gated by is_real; the all-zero padding row satisfies them and its lookups
 * have multiplicity is_real (Load also forbids offset flags on padding rows, "flags only on real rows").
 * @module
 */
import type { ComponentBuilder, Expr } from '../../air/verifier.js';
import type { ColumnOf, LimbColumns, RowColumns } from '../families/columns.js';
import type { Cycle, WitnessContext } from '../families/family.js';
import { SLOT, U16 } from '../relations.js';

/** The columns of the effective-address gadget: the carries, the word index halves and the offset flags. */
export type AddressColumn = 'k1' | 'k2' | 'addr_w' | 'addr_h' | 'o1' | 'o2' | 'o3';

/** What the gadget gives a row: the word index and the offset flags o0..o3 (o0 = 1 − o1 − o2 − o3). */
export interface Address {
  readonly w: Expr;
  readonly o: readonly [Expr, Expr, Expr, Expr];
}

/** Declares the address columns and constraints of a row reading base `b` (halves) plus `imm` (halves). */
export function effectiveAddress(bld: ComponentBuilder, col: ColumnOf<AddressColumn>, isReal: Expr, b: readonly [Expr, Expr], imm: readonly [Expr, Expr]): Address {
  const k1 = col('k1');
  const k2 = col('k2');
  const aw = col('addr_w');
  const ah = col('addr_h');
  const o1 = col('o1');
  const o2 = col('o2');
  const o3 = col('o3');
  const bool = (x: Expr, what: string) => bld.constrain(x.mul(x.sub(1)), `${what} is boolean`);
  bool(k1, 'k1');
  bool(k2, 'k2');
  bool(o1, 'o1');
  bool(o2, 'o2');
  bool(o3, 'o3');
  const anyOff = o1.add(o2).add(o3);
  bool(anyOff, 'at most one offset flag');
  const off = o1.add(o2.mul(2)).add(o3.mul(3));
  const aL = off.add(aw.mul(4));
  bld.assertEq(b[0].add(imm[0]), aL.add(k1.mul(2 ** 16)), 'address low half: b.l + imm.l = off + 4·w + 2^16·k1');
  bld.assertEq(b[1].add(imm[1]).add(k1), ah.add(k2.mul(2 ** 16)), 'address high half: b.h + imm.h + k1 = A.h + 2^16·k2');
  bld.use(U16, [aw], isReal);
  bld.use(U16, [aL], isReal);
  bld.use(U16, [ah.mul(2)], isReal);
  return { w: aw.add(ah.mul(2 ** 14)), o: [anyOff.neg().add(1), o1, o2, o3] };
}

/** 2^−8 mod p: 2^23, since 2^31 ≡ 1. */
const INV_256 = 2 ** 23;

/**
 * The four bytes of a word given as canonical halves and the columns holding bytes 0 and 2: bytes 1 and 3
 * are the linear expressions (h − x)/2^8. The caller range-checks them (a byte-pair or AND lookup), which
 * makes this the true split.
 */
export function wordBytes(lo: Expr, hi: Expr, b0: Expr, b2: Expr): readonly [Expr, Expr, Expr, Expr] {
  return [b0, lo.sub(b0).mul(INV_256), b2, hi.sub(b2).mul(INV_256)];
}

/** The byte at the offset the one-hot flags `o` select (degree 2). */
export function addressedByte(o: Address['o'], bytes: readonly [Expr, Expr, Expr, Expr]): Expr {
  return o[0].mul(bytes[0]).add(o[1].mul(bytes[1])).add(o[2].mul(bytes[2])).add(o[3].mul(bytes[3]));
}

/**
 * The halves of word `(lo, hi)` (bytes `bytes`) with the byte at the offset `o` selects replaced by `x`
 * (degree 2): lo + o0·(x − b0) + 2^8·o1·(x − b1), and likewise for the high half.
 */
export function withByte(o: Address['o'], lo: Expr, hi: Expr, bytes: readonly [Expr, Expr, Expr, Expr], x: Expr): readonly [Expr, Expr] {
  return [
    lo.add(o[0].mul(x.sub(bytes[0]))).add(o[1].mul(x.sub(bytes[1])).mul(256)),
    hi.add(o[2].mul(x.sub(bytes[2]))).add(o[3].mul(x.sub(bytes[3])).mul(256)),
  ];
}

/** Fills the gadget's columns for base `b` and immediate `imm` (u32 values); returns the address. */
export function fillAddress(F: RowColumns<AddressColumn>, row: number, b: number, imm: number): number {
  const lo = (b & 0xffff) + (imm & 0xffff);
  const k1 = lo >>> 16;
  const hi = (b >>> 16) + (imm >>> 16) + k1;
  const a = ((lo & 0xffff) | ((hi & 0xffff) << 16)) >>> 0;
  F.k1[row] = k1;
  F.k2[row] = hi >>> 16;
  F.addr_w[row] = (a & 0xffff) >>> 2;
  F.addr_h[row] = a >>> 16;
  const off = a & 3;
  if (off) F[`o${off as 1 | 2 | 3}`][row] = 1;
  return a;
}

/** The columns a memory instruction's row shares (loads and stores): its state, rs1 and its read, the immediate, the address. */
export type MemoryRowColumn = AddressColumn | 'is_real' | 'pc' | 'ts' | 'rs1' | 'imm_l' | 'imm_h' | 'b_l' | 'b_h' | LimbColumns<'rs1'>;

/**
 * Fills the {@link MemoryRowColumn}s of a load or store row from the trace (rs1's value) and the program
 * table, records the rs1 read, and returns the effective address.
 */
export function fillMemoryRow(ctx: WitnessContext, c: RowColumns<MemoryRowColumn>, r: number, cy: Cycle): number {
  const rs1 = ctx.prog.rs1[cy.row]!;
  const immL = ctx.prog.immL[cy.row]!;
  const immH = ctx.prog.immH[cy.row]!;
  const b = cy.rs1;
  c.is_real[r] = 1;
  c.pc[r] = cy.pc;
  c.ts[r] = cy.ts;
  c.rs1[r] = rs1;
  c.imm_l[r] = immL;
  c.imm_h[r] = immH;
  c.b_l[r] = b & 0xffff;
  c.b_h[r] = b >>> 16;
  ctx.access(c['rs1.d0'], c['rs1.d1'], r, rs1, cy.ts + SLOT.RS1);
  return fillAddress(c, r, b, (immL | (immH << 16)) >>> 0);
}
