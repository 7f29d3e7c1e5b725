/**
 * Register accesses inside a family row (offline memory checking, `docs/machine.md`, "Timestamps"): an access at time
 * t = ts + slot consumes (idx, prev, t_prev) and provides (idx, next, t); a read has next = prev.
 * t_prev is not a column: the row stores d0, d1 with t_prev = t − 1 − d0 − 2^13·d1 and looks both limbs
 * up in U16, so t_prev < t (see {@link TS_LIMB_SHIFT}). Cost: 2 columns and 4 fractions, plus the value
 * columns. *
 * Soundness audit — Timed access gadget (`access.ts`) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | why |
 * |---|---|---|---|
 * | `<acc>.d0`, `<acc>.d1` | U16 each, same multiplicity as the access | [0, 2^16) | give t_prev < t (a.G8); a read of a later write is refused (`test/machine/machine.test.ts`) |
 * | time | expression ts + slot (not a column) | < 2^29 (a.G1) | unique (a.G2) |
 * | key (idx or W, ro), prev, next | passed by the family | — | per family below |
 *
 * `aluRowInteractions`: STATE use (pc, ts), yield (pc + 4, ts + 4), PROG use (pc, op, rd, rs1, rs2, imm),
 * rs1 read (slot 0), rs2 read (slot 1, multiplicity is_real·(1 − use_imm)), rd write (slot 3).
 *
 * Soundness audit — Adapter columns (shared by Bitwise, Shift, Mul, DivRem; Load and Store have the same pattern) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | cannot alias / be supplied by another row |
 * |---|---|---|---|
 * | `is_real` | `is_real is boolean` | {0, 1} | every multiplicity of the row is `is_real` or `is_real·(1 − use_imm)` with `use_imm` ∈ {0, 1} (sum of at most one flag): padding rows are inert (b.G1) |
 * | `pc`, `ts` | STATE use (pc, ts); STATE yield (pc + 4, ts + 4) | pc a program-table pc (< 2^31 − 1, `programTable`); ts < 2^29 (b.G4) | the consumed tuple is matched exactly once (b.G0, b.G4). The successor is a function of the row's own pc, ts: nothing is left for another row to supply |
 * | `rd`, `rs1`, `rs2`, `imm_l`, `imm_h`, op (expression) | PROG use (pc, op, rd, rs1, rs2, imm.l, imm.h) (val = next = 0) | table constants: register fields ≤ 32 (rd = 0 stored as the sink 32), imm canonical halves | one table row per pc. The flags' op expression takes distinct values on the allowed flag patterns (at most one flag: op = base + Σ flag·(OP − base)), so op in the table pins the flags |
 * | `b_l`, `b_h` | REG read of rs1 at ts + 0 (prev = next) | canonical by b.G6 | memory checking (b.G5): the value written last before ts |
 * | `c_l`, `c_h` | REG read of rs2 at ts + 1 with multiplicity `is_real·(1 − use_imm)`, or `immediate operand: c.l = imm.l` / `c.h = imm.h` | canonical (b.G6 or the table's immediate) | as b. On immediate forms the rs2 tuple has multiplicity 0 and c is the table's immediate |
 * | `rd_prev_l`, `rd_prev_h` | REG use (rd, prev, t_prev) at ts + 3 | whatever the cell held | enters no output. Memory checking fixes it |
 * | `a_l`, `a_h` | REG yield (rd, a, ts + 3), pinned by the family's result equations | canonical (per family below) | row-local |
 * | `*.d0`, `*.d1` | U16(d0), U16(d1); t_prev = t − 1 − d0 − 2^13·d1 (`access.ts`) | t − t_prev − 1 ∈ [0, 2^16 + 2^29) | the split is not unique (the limbs overlap), but only the consumed time matters. A wrapped t_prev is ≥ p − 2^30 > 2^29, which no yield has (b.G4, b.G5) |
 * @module
 */
import { toExpr } from '../../air/verifier.js';
import type { ComponentBuilder, Expr, ExprLike, Relation } from '../../air/verifier.js';
import type { ColumnOf, LimbColumns, RowColumns } from '../families/columns.js';
import type { Cycle, WitnessContext } from '../families/family.js';
import { MEM, PROG, REG, SLOT, STATE, TS_LIMB_SHIFT, TS_STEP, U16 } from '../relations.js';

/** Names of the two timestamp-difference limbs of access `name`. */
export function tsLimbNames<A extends string>(name: A): [`${A}.d0`, `${A}.d1`] {
  return [`${name}.d0`, `${name}.d1`];
}

/**
 * The four lookups of one timed access to a cell of `rel` (keyed by `key`): use of the previous tuple,
 * yield of the new one, two U16 uses of the limbs, all with multiplicity `m`. `prev` and `next` are the
 * (low, high) halves; pass the same pair for a read.
 */
function timedAccess<A extends string>(
  b: ComponentBuilder,
  col: ColumnOf<LimbColumns<A>>,
  rel: Relation,
  name: A,
  key: readonly ExprLike[],
  time: Expr,
  prev: readonly [ExprLike, ExprLike],
  next: readonly [ExprLike, ExprLike],
  m: ExprLike,
): void {
  const [n0, n1] = tsLimbNames(name);
  const d0 = col(n0);
  const d1 = col(n1);
  const tPrev = time.sub(1).sub(d0).sub(d1.mul(2 ** TS_LIMB_SHIFT));
  b.use(rel, [...key, prev[0], prev[1], tPrev], m);
  b.yield(rel, [...key, next[0], next[1], time], m);
  b.use(U16, [d0], m);
  b.use(U16, [d1], m);
}

/** One register access: {@link timedAccess} on REG cell `idx`, limbs `name.d0`, `name.d1`. */
export function registerAccess<A extends string>(
  b: ComponentBuilder,
  col: ColumnOf<LimbColumns<A>>,
  name: A,
  idx: ExprLike,
  time: Expr,
  prev: readonly [ExprLike, ExprLike],
  next: readonly [ExprLike, ExprLike],
  m: ExprLike,
): void {
  timedAccess(b, col, REG, name, [idx], time, prev, next, m);
}

/**
 * One data-memory access at word index `w` (`docs/machine.md`, "Data memory"): {@link timedAccess} on
 * MEM cell (w, ro), limbs `mem.d0`, `mem.d1`. `ro` is 1 for read-only words (code, read-only data); stores
 * pass 0, so a store into a read-only word finds no cell.
 */
export function memoryAccess(
  b: ComponentBuilder,
  col: ColumnOf<LimbColumns<'mem'>>,
  w: Expr,
  ro: ExprLike,
  time: Expr,
  prev: readonly [ExprLike, ExprLike],
  next: readonly [ExprLike, ExprLike],
  m: ExprLike,
): void {
  timedAccess(b, col, MEM, 'mem', [w, ro], time, prev, next, m);
}

/** Honest limbs of the difference t − t_prev − 1 (requires t_prev < t ≤ 2^29). */
export function tsLimbs(t: number, tPrev: number): [number, number] {
  const d = t - tPrev - 1;
  return [d & ((1 << TS_LIMB_SHIFT) - 1), d >>> TS_LIMB_SHIFT];
}

/** Fills the limbs of access `name` at `row`: register `reg` accessed at `time`. */
export function fillRegisterAccess<A extends string>(ctx: WitnessContext, c: RowColumns<LimbColumns<A>>, name: A, row: number, reg: number, time: number): void {
  const [n0, n1] = tsLimbNames(name);
  ctx.access(c[n0], c[n1], row, reg, time);
}

/**
 * The columns every ALU-family row has: its state, the program fields it was decoded from, its operands
 * b (rs1's value) and c (rs2's value or the immediate), rd's value before the write, and the limbs of its
 * three register accesses.
 */
export type AluColumn =
  | 'is_real' | 'pc' | 'ts' | 'rd' | 'rs1' | 'rs2' | 'b_l' | 'b_h' | 'c_l' | 'c_h' | 'rd_prev_l' | 'rd_prev_h'
  | LimbColumns<'rs1' | 'rs2' | 'rd'>;

/**
 * The lookups every ALU-family row makes (the row's "adapter", `docs/machine.md`): consume its state and
 * provide the next one (pc + 4), fetch (pc, op, rd, rs1, rs2, imm) from the program table, read rs1, read
 * rs2 unless the instruction takes an immediate, and write `result` to rd. All multiplicities are
 * multiples of is_real, so padding rows contribute nothing. `imm` is the row's immediate halves (0 for
 * R-type-only families).
 */
export function aluRowInteractions(
  b: ComponentBuilder,
  col: ColumnOf<AluColumn>,
  imm: readonly [ExprLike, ExprLike],
  op: ExprLike,
  result: readonly [ExprLike, ExprLike],
  useImm: ExprLike,
): void {
  const isReal = col('is_real');
  const pc = col('pc');
  const ts = col('ts');
  const bv = [col('b_l'), col('b_h')] as const;
  const cv = [col('c_l'), col('c_h')] as const;
  b.use(STATE, [pc, ts], isReal);
  b.yield(STATE, [pc.add(4), ts.add(TS_STEP)], isReal);
  b.use(PROG, [pc, op, col('rd'), col('rs1'), col('rs2'), imm[0], imm[1]], isReal);
  registerAccess(b, col, 'rs1', col('rs1'), ts.add(SLOT.RS1), bv, bv, isReal);
  registerAccess(b, col, 'rs2', col('rs2'), ts.add(SLOT.RS2), cv, cv, isReal.mul(toExpr(useImm).neg().add(1)));
  registerAccess(b, col, 'rd', col('rd'), ts.add(SLOT.RD), [col('rd_prev_l'), col('rd_prev_h')], result, isReal);
}

/**
 * Fills the columns {@link aluRowInteractions} reads except rd's (see {@link fillAluWrite}), from the
 * program table and the traced operand values; records the operand reads. Writes the immediate columns
 * when the family has them. Returns c (rs2's value or the immediate); b is the trace's `cy.rs1`.
 */
export function fillAluOperands(
  ctx: WitnessContext,
  c: RowColumns<AluColumn> & Partial<RowColumns<'imm_l' | 'imm_h'>>,
  r: number,
  cy: Cycle,
  useImm: boolean,
): number {
  const p = ctx.prog;
  const rd = p.rd[cy.row]!;
  const rs1 = p.rs1[cy.row]!;
  const rs2 = p.rs2[cy.row]!;
  const immL = p.immL[cy.row]!;
  const immH = p.immH[cy.row]!;
  c.is_real[r] = 1;
  c.pc[r] = cy.pc;
  c.ts[r] = cy.ts;
  c.rd[r] = rd;
  c.rs1[r] = rs1;
  c.rs2[r] = rs2;
  if (c.imm_l && c.imm_h) {
    c.imm_l[r] = immL;
    c.imm_h[r] = immH;
  }
  const bv = cy.rs1;
  ctx.access(c['rs1.d0'], c['rs1.d1'], r, rs1, cy.ts + SLOT.RS1);
  let cv = (immL | (immH << 16)) >>> 0;
  if (!useImm) {
    cv = cy.rs2;
    ctx.access(c['rs2.d0'], c['rs2.d1'], r, rs2, cy.ts + SLOT.RS2);
  }
  c.b_l[r] = bv & 0xffff;
  c.b_h[r] = bv >>> 16;
  c.c_l[r] = cv & 0xffff;
  c.c_h[r] = cv >>> 16;
  return cv;
}

/**
 * Records the rd write of a row at `cy.ts + SLOT.RD`: rd from the program table (x0 as the sink), its previous
 * value, the limbs, and the traced result `cy.rd` as the new value.
 */
export function fillAluWrite(ctx: WitnessContext, c: RowColumns<'rd_prev_l' | 'rd_prev_h' | LimbColumns<'rd'>>, r: number, cy: Cycle): void {
  const rd = ctx.prog.rd[cy.row]!;
  const prev = ctx.regs[rd]!;
  c.rd_prev_l[r] = prev & 0xffff;
  c.rd_prev_h[r] = prev >>> 16;
  ctx.access(c['rd.d0'], c['rd.d1'], r, rd, cy.ts + SLOT.RD);
  ctx.regs[rd] = cy.rd;
}
