/**
 * Register accesses inside a family row (offline memory checking, rv32im note §4): an access at time
 * t = ts + slot consumes (idx, prev, t_prev) and provides (idx, next, t); a read has next = prev.
 * t_prev is not a column: the row stores d0, d1 with t_prev = t − 1 − d0 − 2^13·d1 and looks both limbs
 * up in U16, so t_prev < t (see {@link TS_LIMB_SHIFT}). Cost: 2 columns and 4 fractions, plus the value
 * columns.
 * @module
 */
import type { ComponentBuilder, Expr, ExprLike, Relation } from '../air/verifier.js';
import { MEM, PROG, REG, SLOT, STATE, TS_LIMB_SHIFT, TS_STEP, U16 } from './relations.js';

/** Names of the two timestamp-difference limbs of access `name`. */
export function tsLimbNames(name: string): [string, string] {
  return [`${name}.d0`, `${name}.d1`];
}

/**
 * Declares the limb columns of one timed access to a cell of `rel` (keyed by `key`) and its four lookups
 * (use of the previous tuple, yield of the new one, two U16 uses), all with multiplicity `m`. `prev` and
 * `next` are the (low, high) halves; pass the same pair for a read.
 */
function timedAccess(
  b: ComponentBuilder,
  rel: Relation,
  name: string,
  key: readonly ExprLike[],
  time: Expr,
  prev: readonly [Expr, Expr],
  next: readonly [Expr, Expr],
  m: ExprLike,
): void {
  const [n0, n1] = tsLimbNames(name);
  const d0 = b.main(n0);
  const d1 = b.main(n1);
  const tPrev = time.sub(1).sub(d0).sub(d1.mul(2 ** TS_LIMB_SHIFT));
  b.use(rel, [...key, prev[0], prev[1], tPrev], m);
  b.yield(rel, [...key, next[0], next[1], time], m);
  b.use(U16, [d0], m);
  b.use(U16, [d1], m);
}

/** One register access: {@link timedAccess} on REG cell `idx`. */
export function registerAccess(
  b: ComponentBuilder,
  name: string,
  idx: ExprLike,
  time: Expr,
  prev: readonly [Expr, Expr],
  next: readonly [Expr, Expr],
  m: ExprLike,
): void {
  timedAccess(b, REG, name, [idx], time, prev, next, m);
}

/**
 * One data-memory access at word index `w` (rv32im note §4 "RAM: word cells"): {@link timedAccess} on
 * MEM cell (w, ro). `ro` is 1 for read-only words (code, read-only data); stores pass 0, so a store
 * into a read-only word finds no cell.
 */
export function memoryAccess(
  b: ComponentBuilder,
  w: Expr,
  ro: ExprLike,
  time: Expr,
  prev: readonly [Expr, Expr],
  next: readonly [Expr, Expr],
  m: ExprLike,
): void {
  timedAccess(b, MEM, 'mem', [w, ro], time, prev, next, m);
}

/** Honest limbs of the difference t − t_prev − 1 (requires t_prev < t ≤ 2^29). */
export function tsLimbs(t: number, tPrev: number): [number, number] {
  const d = t - tPrev - 1;
  return [d & ((1 << TS_LIMB_SHIFT) - 1), d >>> TS_LIMB_SHIFT];
}

/** The columns every ALU-family row has: its state, the program fields it was decoded from, and its operands. */
export interface AluRowColumns {
  readonly isReal: Expr;
  readonly pc: Expr;
  readonly ts: Expr;
  readonly rd: Expr;
  readonly rs1: Expr;
  readonly rs2: Expr;
  readonly immL: Expr;
  readonly immH: Expr;
  /** rs1's value (halves). */
  readonly bL: Expr;
  readonly bH: Expr;
  /** rs2's value, or the immediate (halves). */
  readonly cL: Expr;
  readonly cH: Expr;
  /** rd's value before the write (halves). */
  readonly pL: Expr;
  readonly pH: Expr;
}

/**
 * The lookups every ALU-family row makes (the "adapter" of rv32im note §9): consume its state and provide
 * the next one (pc + 4), fetch (pc, op, rd, rs1, rs2, imm) from the program table, read rs1, read rs2
 * unless the instruction takes an immediate, and write `result` to rd. All multiplicities are multiples
 * of is_real, so padding rows contribute nothing.
 */
export function aluRowInteractions(
  b: ComponentBuilder,
  row: AluRowColumns,
  op: ExprLike,
  result: readonly [Expr, Expr],
  useImm: Expr,
): void {
  const { isReal, pc, ts, rd, rs1, rs2, immL, immH, bL, bH, cL, cH, pL, pH } = row;
  b.use(STATE, [pc, ts], isReal);
  b.yield(STATE, [pc.add(4), ts.add(TS_STEP)], isReal);
  b.use(PROG, [pc, op, rd, rs1, rs2, immL, immH], isReal);
  registerAccess(b, 'rs1', rs1, ts.add(SLOT.RS1), [bL, bH], [bL, bH], isReal);
  registerAccess(b, 'rs2', rs2, ts.add(SLOT.RS2), [cL, cH], [cL, cH], isReal.mul(useImm.neg().add(1)));
  registerAccess(b, 'rd', rd, ts.add(SLOT.RD), [pL, pH], result, isReal);
}
