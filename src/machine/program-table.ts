/**
 * The preprocessed, pre-decoded program table (`docs/machine.md`, "Relations"). One row per word of the executable
 * window: pc, the opcode number of `vm/decoder.ts`, rd (x0 rewritten to the sink register), rs1, rs2 and
 * the sign-extended immediate as two 16-bit halves, and the per-instruction constants of control flow
 * (`docs/machine.md`, "Relations"): `val` (two halves) is the value JAL/JALR write (the link
 * pc + 4) or AUIPC writes (pc + imm mod 2^32); `next` is the next pc of AUIPC (pc + 4) and the target of
 * JAL and of a taken branch (pc + imm mod 2^32). Both are 0 for every other opcode (JALR's target depends on
 * rs1 and is computed in its row). A target ≥ p − 1 is stored as {@link NO_TARGET} = p − 1, which is never
 * a pc, so a target that would wrap modulo p cannot alias a real instruction. Words that are not RV32IM (or
 * not executable) get opcode 0 (`ILLEGAL`), which no family consumes, so executing them is unprovable.
 * FENCE (any predecessor/successor set, `fence.tso`) gets the row of `addi x0, x0, 0` — opcode ADDI, rd the
 * sink, rs1 = rs2 = 0, immediate 0 — see {@link tableOpcode}: on one hart with no devices a fence orders
 * nothing, and the executor runs it as exactly that no-op (pc + 4, no register changed).
 * Padding rows are all-zero (opcode 0 too). The component `program` yields each row's tuple with a free
 * multiplicity column, the row's execution count.
 * @module
 */
import type { PreprocessedColumn } from '../air/verifier.js';
import type { ElfImage } from '../vm/elf.js';
import { Op } from '../vm/decoder.js';
import { loadProgram, OP_NOEXEC } from '../vm/program.js';
import { MachineError } from './errors.js';
import { SINK_REG } from './relations.js';

/** Smallest component log size the machine uses (16 rows). */
export const MIN_LOG_SIZE = 4;

/** Ids of the program table's preprocessed columns, in tuple order. */
export const PROGRAM_COLUMNS = Object.freeze([
  'prog.pc',
  'prog.op',
  'prog.rd',
  'prog.rs1',
  'prog.rs2',
  'prog.imm_l',
  'prog.imm_h',
  'prog.val_l',
  'prog.val_h',
  'prog.next',
] as const);

/**
 * The `next` entry of a jump or branch whose target (pc + imm mod 2^32) is not below p − 1: p − 1 itself.
 * Every pc in the table is below 2^31 − 8 (and padding rows have opcode 0), so no row consumes this state.
 */
export const NO_TARGET = 0x7ffffffe;

/**
 * The opcode the table stores for the decoded opcode `op`. FENCE becomes ADDI: the decoder gives FENCE
 * rd = rs1 = rs2 = 0 and immediate 0 whatever the word's fields, so its row is the row of `addi x0, x0, 0`
 * and the AddSub family proves it as that instruction (it reads x0, writes 0 to the sink register 32 and
 * moves to pc + 4, ts + 4) — the executor's no-op, with no column or component added. Every other opcode
 * is stored as decoded.
 */
export function tableOpcode(op: number): number {
  return op === Op.FENCE ? Op.ADDI : op;
}

/** The decoded program as columns (row order), plus a pc → row index. */
export interface ProgramTable {
  readonly entry: number;
  readonly logSize: number;
  /** Number of real rows (words of the executable window). */
  readonly rows: number;
  /** Columns in {@link PROGRAM_COLUMNS} order, each 2^logSize long. */
  readonly columns: readonly Uint32Array[];
  /** Row of the instruction at `pc`, or −1. */
  rowOf(pc: number): number;
}

/** Smallest log size ≥ `min` (default {@link MIN_LOG_SIZE}) holding `n` rows. */
export function logSizeFor(n: number, min = MIN_LOG_SIZE): number {
  let k = min;
  while (2 ** k < n) k++;
  return k;
}

/**
 * Builds the program table of `image`.
 * @throws MachineError `INVALID_PROGRAM` when the code reaches 2^31 − 8 (pc and pc + 4 must be M31 values)
 */
export function programTable(image: ElfImage, minLog = MIN_LOG_SIZE): ProgramTable {
  const text = loadProgram(image).text;
  // pc + 4 enters the state tuple as a field element, so every pc + 4 must stay below p = 2^31 − 1.
  if (text.codeBase + 4 * text.count + 4 > 0x7fffffff) {
    throw new MachineError('INVALID_PROGRAM', `code window [0x${text.codeBase.toString(16)}, +${4 * text.count}) reaches 2^31; the prover needs code below 2^31 − 8`);
  }
  const logSize = logSizeFor(text.count, minLog);
  const n = 2 ** logSize;
  const cols = PROGRAM_COLUMNS.map(() => new Uint32Array(n));
  const [pc, op, rd, rs1, rs2, immL, immH, valL, valH, next] = cols as Uint32Array[] as [
    Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array,
  ];
  // A target as a field element: the address itself when it is a canonical value below p − 1, else NO_TARGET.
  const target = (t: number) => (t < NO_TARGET ? t : NO_TARGET);
  for (let i = 0; i < text.count; i++) {
    const p = text.codeBase + 4 * i;
    pc[i] = p;
    const decoded = text.op[i]!;
    if (decoded === OP_NOEXEC || decoded === Op.ILLEGAL) continue; // opcode 0: nothing consumes it
    const o = tableOpcode(decoded);
    op[i] = o;
    rd[i] = text.rd[i] === 0 ? SINK_REG : text.rd[i]!;
    rs1[i] = text.rs1[i]!;
    rs2[i] = text.rs2[i]!;
    const imm = text.imm[i]! >>> 0;
    immL[i] = imm & 0xffff;
    immH[i] = imm >>> 16;
    let val = 0;
    if (o === Op.AUIPC) {
      val = (p + imm) >>> 0;
      next[i] = p + 4;
    } else if (o === Op.JAL || o === Op.JALR) {
      val = p + 4;
      if (o === Op.JAL) next[i] = target((p + imm) >>> 0);
    } else if (o >= Op.BEQ && o <= Op.BGEU) {
      next[i] = target((p + imm) >>> 0);
    }
    valL[i] = val & 0xffff;
    valH[i] = val >>> 16;
  }
  const base = text.codeBase;
  const count = text.count;
  return Object.freeze({
    entry: image.entry,
    logSize,
    rows: count,
    columns: Object.freeze(cols),
    rowOf: (p: number) => {
      const d = p - base;
      return d >= 0 && d % 4 === 0 && d / 4 < count ? d / 4 : -1;
    },
  });
}

/** The preprocessed column definitions of a program table. */
export function programPreprocessed(t: ProgramTable): PreprocessedColumn[] {
  return PROGRAM_COLUMNS.map((id, j) => Object.freeze({ id, logSize: t.logSize, values: () => t.columns[j]!.slice() }));
}
