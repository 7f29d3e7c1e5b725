/**
 * The `program` component: the preprocessed program table (`../program-table.ts`) yields each row's tuple
 * (pc, op, rd, rs1, rs2, imm.l, imm.h, val.l, val.h, next) with a free multiplicity column, which the
 * witness's recount sets to the row's execution count. An instruction row consumes the tuple of its pc, so
 * a row can claim only the decoding the program has there. *
 * Soundness audit — `program` (`program-table.ts`) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | why not supplied elsewhere |
 * |---|---|---|---|
 * | preprocessed pc, op, rd, rs1, rs2, imm_l, imm_h, val_l, val_h, next | verifier's own commitment (`preprocessedRoot`), from `programTable(image)` | pc < 2^31 − 8 (`INVALID_PROGRAM` otherwise), halves < 2^16, op < 41, rd/rs1/rs2 ≤ 32, next < p − 1 or `NO_TARGET` = p − 1 | one row per pc; padding and non-executable rows have op 0, which no family's op expression takes (all flag patterns give op ≥ 1) |
 * | `mult` | yield PROG with multiplicity mult | free field element | only PROG yield; a.G5: a consumed tuple must be a table row |
 *
 * A target ≥ p − 1 is stored as p − 1 (not a pc: ≡ 2 mod 4 and beyond the code bound), so `next` never aliases
 * a pc modulo p (`test/machine/control-flow.test.ts`, wrapping JAL).
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
