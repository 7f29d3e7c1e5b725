/**
 * The `program` component: the preprocessed program table (`../program-table.ts`) yields each row's tuple
 * (pc, op, rd, rs1, rs2, imm.l, imm.h, val.l, val.h, next) with a free multiplicity column, which the
 * witness's recount sets to the row's execution count. An instruction row consumes the tuple of its pc, so
 * a row can claim only the decoding the program has there.
 * @module
 */
import { PROGRAM_COLUMNS, programPreprocessed } from '../program-table.js';
import { PROG } from '../relations.js';
import { defineFamily } from './family.js';

/** Component name. */
export const PROGRAM = 'program';

/** The program table component (see the module comment). */
export const program = defineFamily({
  name: PROGRAM,
  columns: ['mult'] as const,
  fixedLogSize: (p) => p.table.logSize,
  preprocessed: (p) => programPreprocessed(p.table),
  constraints(b, col) {
    b.yield(PROG, PROGRAM_COLUMNS.map((id) => b.preprocessed(id)), col('mult'));
  },
});
