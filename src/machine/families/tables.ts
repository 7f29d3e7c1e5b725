/**
 * Fixed tables: U16 (the 2^16 values with a multiplicity column), AND (the 2^16 byte triples (x, y, x & y),
 * row x + 2^8·y, with a multiplicity column; it also yields the byte pairs (x, y) with a
 * second multiplicity column), SHIFT (the 2^12 tuples (x, k, dir, u, v), row
 * x + 2^8·k + 2^11·dir, with a multiplicity column; see `shift.ts`) and RegFinal (one row per register cell,
 * consuming its final (idx, v.l, v.h, ts) from prover columns; `docs/machine.md`, "Timestamps"). *
 * Soundness audit — `u16_table`, `and_table`, `shift_table` (`tables.ts`) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | why |
 * |---|---|---|---|
 * | `u16.value` / `and.x, and.y, and.z` / `shift.x, k, dir, u, v` | verifier-committed | 0..2^16−1 / bytes, z = x & y / x byte, k < 8, dir ∈ {0,1}, (u, v) per `SHIFT` in `relations.ts` | checked here: every row of the three tables equals its formula (script over all 2^16 + 2^12 rows) |
 * | `mult`, `pair_mult` | yields U16 / AND, BYTE_PAIR / SHIFT | free | a.G5 |
 *
 * Soundness audit — `reg_final` (`tables.ts`) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | why |
 * |---|---|---|---|
 * | preprocessed `reg.idx`, `reg.real` | verifier-committed | idx = i, real = 1 for i < `N_REGS` = 36; 0 else | one final use per cell; matches the 36 initial tuples of `publicTerms` |
 * | `v_l, v_h, ts` | use REG(idx, v_l, v_h, ts), multiplicity real | free; pinned | a.G8: must equal the unique last yield of the cell |
 * @module
 */
import type { PreprocessedColumn } from '../../air/verifier.js';
import type { MachineProgram } from '../program.js';
import { AND, BYTE_PAIR, N_REGS, REG, SHIFT, U16 } from '../relations.js';
import { defineFamily } from './family.js';
import { shiftBytes } from './shift.js';

/** Component names. */
export const U16_TABLE = 'u16_table';
/** AND table component name. */
export const AND_TABLE = 'and_table';
/** SHIFT table component name. */
export const SHIFT_TABLE = 'shift_table';
/** log2 of the SHIFT table rows: byte x (8 bits), k < 8 (3 bits), dir (1 bit). */
export const SHIFT_TABLE_LOG_SIZE = 12;
/** RegFinal component name. */
export const REG_FINAL = 'reg_final';
/** log2 of the RegFinal rows (64 ≥ 33 cells). */
export const REG_FINAL_LOG_SIZE = 6;

const column = (id: string, logSize: number, f: (i: number) => number): PreprocessedColumn =>
  Object.freeze({ id, logSize, values: () => Uint32Array.from({ length: 2 ** logSize }, (_, i) => f(i)) });

/** Row i of the SHIFT table: x = i & 255, k = (i >> 8) & 7, dir = i >> 11; returns (u, v). */
const shiftRow = (i: number): [number, number] => shiftBytes(i & 0xff, (i >>> 8) & 7, i >>> 11 === 1);

/**
 * Preprocessed columns of the fixed tables: `u16.value`, `and.x`, `and.y`, `and.z`, `shift.x`, `shift.k`,
 * `shift.dir`, `shift.u`, `shift.v`, `reg.idx`, `reg.real`.
 */
export function tablePreprocessed(regFinalLogSize = REG_FINAL_LOG_SIZE): PreprocessedColumn[] {
  return [
    column('u16.value', 16, (i) => i),
    column('and.x', 16, (i) => i & 0xff),
    column('and.y', 16, (i) => i >>> 8),
    column('and.z', 16, (i) => i & (i >>> 8) & 0xff),
    column('shift.x', SHIFT_TABLE_LOG_SIZE, (i) => i & 0xff),
    column('shift.k', SHIFT_TABLE_LOG_SIZE, (i) => (i >>> 8) & 7),
    column('shift.dir', SHIFT_TABLE_LOG_SIZE, (i) => i >>> 11),
    column('shift.u', SHIFT_TABLE_LOG_SIZE, (i) => shiftRow(i)[0]),
    column('shift.v', SHIFT_TABLE_LOG_SIZE, (i) => shiftRow(i)[1]),
    column('reg.idx', regFinalLogSize, (i) => (i < N_REGS ? i : 0)),
    column('reg.real', regFinalLogSize, (i) => (i < N_REGS ? 1 : 0)),
  ];
}

/** Log size of RegFinal (and of the shards' register boundary) for a program: 2^6 ≥ 36 cells, or the smallest component size. */
export const regFinalLogSize = (program: MachineProgram) => Math.max(REG_FINAL_LOG_SIZE, program.minLog);

/** The U16 table: yields (v) for v < 2^16 with multiplicity `mult`. It also carries the fixed tables' preprocessed columns. */
export const u16Table = defineFamily({
  name: U16_TABLE,
  columns: ['mult'] as const,
  fixedLogSize: () => 16,
  preprocessed: (program) => tablePreprocessed(regFinalLogSize(program)),
  constraints(b, col) {
    b.yield(U16, [b.preprocessed('u16.value')], col('mult'));
  },
});

/**
 * The AND table: yields (x, y, x & y) for bytes x, y (row x + 2^8·y) with multiplicity `mult`, and the
 * byte pair (x, y) with multiplicity `pair_mult`. The second yield reuses the preprocessed x, y columns and
 * shares the interaction column of the first (fractions are batched in pairs), so a byte-pair range check
 * costs this table one main column instead of a table of its own.
 */
export const andTable = defineFamily({
  name: AND_TABLE,
  columns: ['mult', 'pair_mult'] as const,
  fixedLogSize: () => 16,
  constraints(b, col) {
    const x = b.preprocessed('and.x');
    const y = b.preprocessed('and.y');
    b.yield(AND, [x, y, b.preprocessed('and.z')], col('mult'));
    b.yield(BYTE_PAIR, [x, y], col('pair_mult'));
  },
});

/** The SHIFT table: yields (x, k, dir, u, v) (row x + 2^8·k + 2^11·dir) with multiplicity `mult`. */
export const shiftTable = defineFamily({
  name: SHIFT_TABLE,
  columns: ['mult'] as const,
  fixedLogSize: () => SHIFT_TABLE_LOG_SIZE,
  constraints(b, col) {
    const p = (n: string) => b.preprocessed(`shift.${n}`);
    b.yield(SHIFT, [p('x'), p('k'), p('dir'), p('u'), p('v')], col('mult'));
  },
});

/**
 * RegFinal: consumes (i, v.l, v.h, ts) once per register cell i < N_REGS = 36 (x0..x31, the sink, the three
 * virtual registers; preprocessed index and flag): the final values and last access times.
 */
export const regFinal = defineFamily({
  name: REG_FINAL,
  columns: ['v_l', 'v_h', 'ts'] as const,
  fixedLogSize: regFinalLogSize,
  constraints(b, col) {
    const idx = b.preprocessed('reg.idx');
    const real = b.preprocessed('reg.real');
    b.use(REG, [idx, col('v_l'), col('v_h'), col('ts')], real);
  },
  finish(ctx, rows) {
    rows.n = N_REGS;
    const c = rows.cols;
    for (let i = 0; i < N_REGS; i++) {
      c.v_l[i] = ctx.regs[i]! & 0xffff;
      c.v_h[i] = ctx.regs[i]! >>> 16;
      c.ts[i] = ctx.regTimes[i]!;
    }
  },
});
