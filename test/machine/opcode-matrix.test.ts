/**
 * The opcode × mutation matrix: for every opcode the machine proves (and each read/write/exit system call),
 * a tiny honest program executes it once with non-trivial operands, and each mutation kind is applied to
 * that instruction's row in its family component:
 *
 * 1. **result** — the value written to rd (a half XOR-ed with a bit); rd's final value (RegFinal, and the
 *    exit row and the claimed exit code when rd is a0) follows, so the row itself is the only thing wrong.
 * 2. **register read** — the value read from rs1 / rs2 with bit 0 flipped (bit 2 for load/store bases, so
 *    the address stays aligned), and the whole row re-derived from it: the row is spliced from a run of the
 *    same program where the register held that value (a `li` constant changed; same layout), with rd's
 *    final value and the data memory's final values following that run (and, where the forged read flips
 *    BEQ's outcome, the rest of the run following the forged path). The spliced row is an honest row of
 *    another run, so only the register argument can object. Where the operand is x0 (LUI, JAL, AUIPC read
 *    x0) or a system-call register (a1, a2; a0, a7 for exit), the read column is edited in place.
 * 3. **memory value** — loads: the word read; stores: the previous word (both spliced from a run whose
 *    initial data differs in one bit, so again only the memory argument objects) and the stored word (edited,
 *    the final memory following); I/O copy rows: the word read or written, the byte moved, the drained byte.
 * 4. **next pc** — the run continues at the other of pc + 4 and pc + 8 (every target is followed by a
 *    `nop` and a landing label), replayed by `traceFromPcs` so every other row is locally honest. Jumps and
 *    branches also get the forged pc' in their `pc_next` column (their pc' constraint fails); other rows
 *    yield (pc + 4, ts + 4) as an expression of their pc and ts columns (no column holds pc'), so there the
 *    successor consumes a state no row yields.
 *
 * Kinds that do not apply (branches and stores write no register; exit has no successor; most families
 * touch no memory) are listed in the table as not applicable, with the reason. After each edit the table
 * multiplicities are recounted (`recountTables`), as a cheating prover would.
 *
 * What is checked how: every applicable (opcode, mutation) — 189 of them — gets a proof forced through
 * `proveUnchecked`, and the verifier must reject it with the check the table names: `CONSTRAINTS` (the
 * verifier checks the logUp sum first, so the sum balanced and the row's own constraint caught the
 * mutation) or `LOGUP_SUM` (a lookup argument: register, memory, state, program or I/O). The honest witness
 * of each program, through the same path, must be accepted, so the rejections come from the mutations. The
 * row checker (`onlyFails`) is not used: here it costs more than a forced proof (it interprets the 2^16-row
 * tables), and the per-family tests already name the failing constraint of most of these mutations. A
 * separate test derives the opcode list from the decoder and fails if an opcode a family can be fed has no
 * row here, and checks that the opcodes left out (`ebreak` and everything that decodes as illegal, e.g. CSR
 * instructions, on which the executor faults) are refused by the witness builder. `fence` has a row: the
 * program table stores it as `addi x0, x0, 0`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { m31 } from '../../src/field/index.js';
import {
  A0,
  ADD_SUB,
  BITWISE,
  BRANCH,
  COMPARE,
  DIV_REM,
  ECALL_IO,
  ecallIo,
  EXIT,
  IO_BYTE,
  JUMP_UPPER,
  LOAD,
  MachineError,
  starkStatement, statementOf,
  MEM_IMAGE,
  MEM_ZERO,
  MUL_FAMILY,
  recountTables,
  REG_FINAL,
  SHIFT_FAMILY,
  STORE,
  toWitness,
  traceColumn,
  traceFromExecution,
  verifyExecution,
} from '../../src/machine/index.js';
import { traceFromPcs } from '../util/replay.js';
import type { MachineTrace, WitnessInputs } from '../../src/machine/index.js';
import { proveUnchecked } from '../../src/stark/index.js';
import { decode, execute, Op } from '../../src/vm/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { assembleWithSymbols, DATA_BASE, program, TEXT_BASE } from '../util/asm.js';
import { CFG, claimFor, forcedRejected, LOOSE } from './helpers.js';

type Kind = 'result' | 'register read' | 'memory value' | 'next pc';
const KINDS: readonly Kind[] = ['result', 'register read', 'memory value', 'next pc'];

/** What a column edit may touch: the target row `r` of the family component and the trace around it. */
interface Edit {
  /** Column `name` of the family component. */
  col(name: string): Uint32Array;
  readonly r: number;
  /** Column `name` of component `comp`. */
  of(comp: string, name: string): Uint32Array;
  /** The copy rows of the target: a read/write call's own rows, or exit's drain rows (in time order). */
  copyRows(): number[];
  /** The final value of the word row `row` of `comp` writes follows its new word (n_l, n_h). */
  followMem(comp: string, row: number): void;
  /** The statement claims exit code `exitCode`. */
  claimExit(exitCode: number): void;
  /** The statement claims output byte `byte` at position `pos`. */
  claimOutput(pos: number, byte: number): void;
}

/** How a mutation is built. */
type Forge =
  /** Columns edited in place (rd's final value follows automatically). */
  | { readonly by: 'edit'; readonly edit: (e: Edit) => void }
  /** The row (and rd's and memory's final values) spliced from a run where operand b (rs1) or c (rs2) was `^ xor`. */
  | { readonly by: 'operand'; readonly operand: 'b' | 'c'; readonly xor: number }
  /** The row spliced from a run whose initial data has bit 0 of byte `byte(ea)` flipped (ea: the row's address). */
  | { readonly by: 'data'; readonly byte: (ea: number) => number }
  /** The run continues at the other of pc + 4 and pc + 8 (and a `pc_next` column, if any, says so). */
  | { readonly by: 'redirect' };

/**
 * The verifier's check that must reject: `CONSTRAINTS` (the logUp sum balances — it is checked first — so
 * a constraint of the row caught it) or `LOGUP_SUM` (an argument: register, memory, state, program or I/O).
 */
type Rejects = 'CONSTRAINTS' | 'LOGUP_SUM';
interface Applicable {
  readonly kind: Kind;
  readonly columns: readonly string[];
  readonly how: string;
  readonly forge: Forge;
  readonly rejects: Rejects;
}
interface NotApplicable {
  readonly kind: Kind;
  readonly na: string;
}
type Mutation = Applicable | NotApplicable;

/** One opcode (or system call) of the matrix. */
interface Case {
  readonly opcode: keyof typeof Op;
  /** ECALL only: the call kind, named by its ecall_io flag, or 'exit'. */
  readonly call?: string;
  readonly family: string;
  /** Programs are built per key from their cases' snippets in table order (then exit, unless a case is it). */
  readonly program: string;
  /**
   * The snippet: `{L}` labels the target; `{rd}`, `{rs1}`, `{rs2}` are registers of the case, `{b}`, `{c}`
   * the values loaded into rs1, rs2. `nop` and the label `{L}_to` follow it.
   */
  readonly asm: string;
  readonly b?: number;
  readonly c?: number;
  readonly mutations: readonly Mutation[];
}

// ---- mutation constructors (the table below lists one per kind for every case) ----

const NA = (kind: Kind, na: string): NotApplicable => ({ kind, na });
const edit = (kind: Kind, columns: string[], how: string, rejects: Rejects, f: (e: Edit) => void): Applicable => ({ kind, columns, how, rejects, forge: { by: 'edit', edit: f } });
const hex = (x: number) => `0x${x.toString(16)}`;
/** The value written to rd: column `col` ^= `bits` (caught by the row's equation unless it is a program constant). */
const result = (col: string, bits: number, rejects: Rejects = 'CONSTRAINTS'): Applicable =>
  edit('result', [col], `${col} ^= ${hex(bits)}, rd's final value follows`, rejects, (e) => void (e.col(col)[e.r]! ^= bits));
const RS1: Applicable = { kind: 'register read', columns: ['b_l', 'b_h'], how: 'rs1 ^ 1, row re-derived', forge: { by: 'operand', operand: 'b', xor: 1 }, rejects: 'LOGUP_SUM' };
const RS2: Applicable = { kind: 'register read', columns: ['c_l', 'c_h'], how: 'rs2 ^ 1, row re-derived', forge: { by: 'operand', operand: 'c', xor: 1 }, rejects: 'LOGUP_SUM' };
/** Load/store base: bit 2, so the address stays aligned (the row then reads or writes the next word). */
const BASE: Applicable = { kind: 'register read', columns: ['b_l', 'b_h'], how: 'rs1 ^ 4 (next word), row and memory re-derived', forge: { by: 'operand', operand: 'b', xor: 4 }, rejects: 'LOGUP_SUM' };
/** The x0 read of JAL and AUIPC (the decoder gives them rs1 = 0), whose value they do not use. */
const X0_UNUSED = edit('register read', ['b_l'], 'the x0 read claims 1', 'LOGUP_SUM', (e) => void (e.col('b_l')[e.r] = 1));
const NEXT: Applicable = { kind: 'next pc', columns: [], how: 'run continues at pc + 8 (the row yields pc + 4 from its pc column)', forge: { by: 'redirect' }, rejects: 'LOGUP_SUM' };
const NEXT_COL: Applicable = { kind: 'next pc', columns: ['pc_next'], how: "pc' = the other of pc + 4, pc + 8, the run following it", forge: { by: 'redirect' }, rejects: 'CONSTRAINTS' };
const NO_MEM = NA('memory value', 'touches no data memory');
const NO_RD_BRANCH = NA('result', 'a branch writes no register');
const NO_RD_STORE = NA('result', 'a store writes no register');
/** Loads: the word read, spliced from a run whose initial data differs in bit 0 of the addressed byte. */
const LOADED_WORD: Applicable = { kind: 'memory value', columns: ['v_l', 'v_h'], how: 'word read with the addressed byte ^ 1, row re-derived', forge: { by: 'data', byte: (ea) => ea }, rejects: 'LOGUP_SUM' };
/** Stores: the previous word, differing in a byte the store keeps (SB, SH) or overwrites (SW). */
const PREVIOUS_WORD: Applicable = {
  kind: 'memory value',
  columns: ['p_l', 'p_h'],
  how: 'previous word with byte (off ^ 2) ^ 1, row and final memory re-derived',
  forge: { by: 'data', byte: (ea) => (ea & ~3) | ((ea & 3) ^ 2) },
  rejects: 'LOGUP_SUM',
};
const STORED_WORD = edit('memory value', ['n_h'], 'stored word n_h ^= 0x100, final memory follows', 'CONSTRAINTS', (e) => {
  e.col('n_h')[e.r]! ^= 0x100;
  e.followMem(STORE, e.r);
});
/**
 * System calls: the count a0 returns (k; for fds with copy rows the chain no longer closes either, so the
 * logUp sum is off too), the count and buffer read from a2 and a1.
 */
const callResult = (rejects: Rejects) => edit('result', ['k_l'], 'k ^= 1 (a0 = k), a0 and the exit code follow', rejects, (e) => void (e.col('k_l')[e.r]! ^= 1));
const READ_A2 = edit('register read', ['cnt_l'], 'a2 (count) read ^ 1', 'LOGUP_SUM', (e) => void (e.col('cnt_l')[e.r]! ^= 1));
const READ_A1 = edit('register read', ['buf_l'], 'a1 (buffer) read + 4', 'LOGUP_SUM', (e) => void (e.col('buf_l')[e.r]! += 4));
/** The last copy row of a call (its byte at offset 0 of a word no other row touches): byte 1 of its word. */
const COPY_WORD = edit('memory value', ['io_byte: p_l, n_l, np01'], "last copy row's word, byte 1 ^ 1 (old and new), final memory follows", 'LOGUP_SUM', (e) => {
  const r = e.copyRows().at(-1)!;
  const io = (n: string) => e.of(IO_BYTE, n);
  assert.equal(io('o1')[r]! + io('o2')[r]! + io('o3')[r]!, 0, 'the last byte sits at offset 0');
  io('p_l')[r]! ^= 0x100;
  io('n_l')[r]! ^= 0x100;
  io('np01')[r] = io('p0')[r]! & (io('p_l')[r]! >>> 8);
  e.followMem(IO_BYTE, r);
});

/** Programs: the families are grouped so that each group's cases get registers of their own. */
const P1 = 'add_sub+jump_upper+compare';
const P2 = 'bitwise+store';
const P3 = 'branch+load';
const P4 = 'mul+div_rem';
const P5 = 'shift';
const POOL = ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'ra', 'gp', 'tp'];
const R = (op: string) => `li {rs1}, {b}; li {rs2}, {c}; {L}: ${op} {rd}, {rs1}, {rs2}`;
const I = (op: string, imm: number) => `li {rs1}, {b}; {L}: ${op} {rd}, {rs1}, ${imm}`;
const B = (op: string) => `li {rs1}, {b}; li {rs2}, {c}; {L}: ${op} {rs1}, {rs2}, {L}_to`;
const LD = (op: string, imm: number) => `li {rs1}, {b}; {L}: ${op} {rd}, ${imm}({rs1})`;
const ST = (op: string, imm: number) => `li {rs1}, {b}; li {rs2}, {c}; {L}: ${op} {rs2}, ${imm}({rs1})`;
/** A system call: a0 = fd, a1 = buffer, a2 = count, a7 = number. */
const SYS = (num: number, fd: number, buf: number, count: number) => `li a0, ${fd}; li a1, ${buf}; li a2, ${count}; li a7, ${num}; {L}: ecall`;
const ALU = [NO_MEM, NEXT] as const;
const BUF_IN = DATA_BASE + 0x200; // zero-initialised part of the data page
const BUF_OUT = DATA_BASE + 0x20;

/**
 * The matrix. Load/store bases are DATA_BASE + 0x81 + 8j (bit 2 clear), each case on its own word, and the
 * word after it (the BASE mutation's) is used by no other case.
 */
const CASES: readonly Case[] = [
  // AddSub: carries and borrows across the halves; LUI reads x0.
  { opcode: 'ADD', family: ADD_SUB, program: P1, asm: R('add'), b: 0x1234f678, c: 0x0fedc987, mutations: [result('a_l', 1), RS1, RS2, ...ALU] },
  { opcode: 'SUB', family: ADD_SUB, program: P1, asm: R('sub'), b: 0x12340005, c: 0x5678abcd, mutations: [result('a_h', 0x8000), RS1, RS2, ...ALU] },
  { opcode: 'ADDI', family: ADD_SUB, program: P1, asm: I('addi', -1234), b: 0x7ffffc01, mutations: [result('a_h', 1), RS1, ...ALU] },
  {
    opcode: 'LUI',
    family: ADD_SUB,
    program: P1,
    asm: '{L}: lui {rd}, 0xfedcb',
    mutations: [
      result('a_l', 0x10),
      edit('register read', ['b_l', 'a_l'], 'the x0 read claims 1, a = b + imm follows', 'LOGUP_SUM', (e) => {
        e.col('b_l')[e.r] = 1;
        e.col('a_l')[e.r]! += 1;
      }),
      ...ALU,
    ],
  },
  // FENCE: the table stores it as `addi x0, x0, 0` (a write of 0 to the sink register), proven by AddSub. The
  // `nop` after it writes the sink again and reads the forged value as the sink's previous one, so the
  // register argument objects before the row's equation (which fence.test.ts shows failing on its own).
  {
    opcode: 'FENCE',
    family: ADD_SUB,
    program: P1,
    asm: '{L}: fence',
    mutations: [
      result('a_l', 1, 'LOGUP_SUM'),
      edit('register read', ['b_l', 'a_l'], 'the x0 read claims 1, a = b + imm follows', 'LOGUP_SUM', (e) => {
        e.col('b_l')[e.r] = 1;
        e.col('a_l')[e.r]! += 1;
      }),
      ...ALU,
    ],
  },
  // JumpUpper: the link and AUIPC values are program constants (val), JAL's and AUIPC's pc' is `next`.
  { opcode: 'JAL', family: JUMP_UPPER, program: P1, asm: '{L}: jal {rd}, {L}_to', mutations: [result('val_l', 4, 'LOGUP_SUM'), X0_UNUSED, NO_MEM, NEXT_COL] },
  {
    opcode: 'JALR',
    family: JUMP_UPPER,
    program: P1,
    // rs1 = P + b (P the auipc's pc); the target P + b + 12 with bit 0 cleared is the landing label P + 16,
    // for b = 4 and for b = 5 (the RS1 mutation's value).
    asm: 'auipc {rs1}, 0; addi {rs1}, {rs1}, {b}; {L}: jalr {rd}, 12({rs1})',
    b: 4,
    mutations: [result('val_h', 1, 'LOGUP_SUM'), RS1, NO_MEM, NEXT_COL],
  },
  { opcode: 'AUIPC', family: JUMP_UPPER, program: P1, asm: '{L}: auipc {rd}, 0x12345', mutations: [result('val_h', 0x100, 'LOGUP_SUM'), X0_UNUSED, NO_MEM, NEXT_COL] },
  // Branch: taken and not taken; the RS1/RS2 variants flip BEQ's outcome (the run follows the forged path).
  { opcode: 'BEQ', family: BRANCH, program: P3, asm: B('beq'), b: 0x80001235, c: 0x80001235, mutations: [NO_RD_BRANCH, RS1, RS2, NO_MEM, NEXT_COL] },
  { opcode: 'BNE', family: BRANCH, program: P3, asm: B('bne'), b: 0x12345678, c: 0x12355678, mutations: [NO_RD_BRANCH, RS1, RS2, NO_MEM, NEXT_COL] },
  { opcode: 'BLT', family: BRANCH, program: P3, asm: B('blt'), b: -5, c: 3, mutations: [NO_RD_BRANCH, RS1, RS2, NO_MEM, NEXT_COL] },
  { opcode: 'BGE', family: BRANCH, program: P3, asm: B('bge'), b: 0x80000123, c: 0x7fffff23, mutations: [NO_RD_BRANCH, RS1, RS2, NO_MEM, NEXT_COL] },
  { opcode: 'BLTU', family: BRANCH, program: P3, asm: B('bltu'), b: -16, c: 0x10, mutations: [NO_RD_BRANCH, RS1, RS2, NO_MEM, NEXT_COL] },
  { opcode: 'BGEU', family: BRANCH, program: P3, asm: B('bgeu'), b: -16, c: 0x10, mutations: [NO_RD_BRANCH, RS1, RS2, NO_MEM, NEXT_COL] },
  // Compare: signed and unsigned orders disagree; the result is (w2, 0).
  { opcode: 'SLT', family: COMPARE, program: P1, asm: R('slt'), b: -5, c: 3, mutations: [result('w2', 1), RS1, RS2, ...ALU] },
  { opcode: 'SLTU', family: COMPARE, program: P1, asm: R('sltu'), b: -5, c: 3, mutations: [result('w2', 1), RS1, RS2, ...ALU] },
  { opcode: 'SLTI', family: COMPARE, program: P1, asm: I('slti', -100), b: -0x12345, mutations: [result('w2', 1), RS1, ...ALU] },
  { opcode: 'SLTIU', family: COMPARE, program: P1, asm: I('sltiu', -1), b: 0x123, mutations: [result('w2', 1), RS1, ...ALU] },
  // Bitwise: mixed bytes in both halves.
  { opcode: 'AND', family: BITWISE, program: P2, asm: R('and'), b: 0x0f0f55aa, c: 0x33cc0ff3, mutations: [result('a_l', 0x100), RS1, RS2, ...ALU] },
  { opcode: 'OR', family: BITWISE, program: P2, asm: R('or'), b: 0x80000123, c: 0x7fff0ff0, mutations: [result('a_h', 1), RS1, RS2, ...ALU] },
  { opcode: 'XOR', family: BITWISE, program: P2, asm: R('xor'), b: -1, c: 0x12345678, mutations: [result('a_l', 0x8000), RS1, RS2, ...ALU] },
  { opcode: 'ANDI', family: BITWISE, program: P2, asm: I('andi', -1), b: 0x12345678, mutations: [result('a_h', 0x10), RS1, ...ALU] },
  { opcode: 'ORI', family: BITWISE, program: P2, asm: I('ori', 0x70f), b: 0x00ff00f0, mutations: [result('a_l', 2), RS1, ...ALU] },
  { opcode: 'XORI', family: BITWISE, program: P2, asm: I('xori', -2048), b: -1, mutations: [result('a_h', 0x4000), RS1, ...ALU] },
  // Shift: amounts within a byte and across bytes, the sign fill; rs2's bit 0 moves the amount.
  { opcode: 'SLL', family: SHIFT_FAMILY, program: P5, asm: R('sll'), b: 0x12345678, c: 13, mutations: [result('a_h', 0x100), RS1, RS2, ...ALU] },
  { opcode: 'SRL', family: SHIFT_FAMILY, program: P5, asm: R('srl'), b: 0x87654321, c: 7, mutations: [result('a_l', 1), RS1, RS2, ...ALU] },
  { opcode: 'SRA', family: SHIFT_FAMILY, program: P5, asm: R('sra'), b: 0x87654321, c: 20, mutations: [result('a_h', 0x8000), RS1, RS2, ...ALU] },
  { opcode: 'SLLI', family: SHIFT_FAMILY, program: P5, asm: I('slli', 9), b: 0x00ff0f0f, mutations: [result('a_l', 0x200), RS1, ...ALU] },
  { opcode: 'SRLI', family: SHIFT_FAMILY, program: P5, asm: I('srli', 31), b: 0x80000123, mutations: [result('a_l', 1), RS1, ...ALU] },
  { opcode: 'SRAI', family: SHIFT_FAMILY, program: P5, asm: I('srai', 4), b: 0x80000123, mutations: [result('a_h', 1), RS1, ...ALU] },
  // Mul: every signedness, full-width operands.
  { opcode: 'MUL', family: MUL_FAMILY, program: P4, asm: R('mul'), b: 0x12345678, c: 0x9abcdef1, mutations: [result('a_l', 1), RS1, RS2, ...ALU] },
  { opcode: 'MULH', family: MUL_FAMILY, program: P4, asm: R('mulh'), b: -0x1234567, c: 0x7654321, mutations: [result('a_h', 0x100), RS1, RS2, ...ALU] },
  { opcode: 'MULHSU', family: MUL_FAMILY, program: P4, asm: R('mulhsu'), b: -0x1234567, c: 0xfedcba98, mutations: [result('a_l', 0x8000), RS1, RS2, ...ALU] },
  { opcode: 'MULHU', family: MUL_FAMILY, program: P4, asm: R('mulhu'), b: 0xfedcba98, c: 0x89abcdef, mutations: [result('a_h', 1), RS1, RS2, ...ALU] },
  // DivRem: signed and unsigned, nonzero remainders.
  { opcode: 'DIV', family: DIV_REM, program: P4, asm: R('div'), b: -0x12345677, c: 0x1235, mutations: [result('a_l', 1), RS1, RS2, ...ALU] },
  { opcode: 'DIVU', family: DIV_REM, program: P4, asm: R('divu'), b: 0xfedcba98, c: 0x10003, mutations: [result('a_h', 0x100), RS1, RS2, ...ALU] },
  { opcode: 'REM', family: DIV_REM, program: P4, asm: R('rem'), b: -1000003, c: 77, mutations: [result('a_l', 4), RS1, RS2, ...ALU] },
  { opcode: 'REMU', family: DIV_REM, program: P4, asm: R('remu'), b: 0x89abcdef, c: 0x12345, mutations: [result('a_h', 1), RS1, RS2, ...ALU] },
  // Load: every width, sign extension (LB 0xf0, LH 0xcea9), zero extension (LBU 0xf9, LHU 0x906b).
  { opcode: 'LB', family: LOAD, program: P3, asm: LD('lb', 3 - 0x81), b: DATA_BASE + 0x81, mutations: [result('a_h', 0x8000), BASE, LOADED_WORD, NEXT] },
  { opcode: 'LH', family: LOAD, program: P3, asm: LD('lh', -0x81), b: DATA_BASE + 0x89, mutations: [result('a_l', 1), BASE, LOADED_WORD, NEXT] },
  { opcode: 'LW', family: LOAD, program: P3, asm: LD('lw', -0x81), b: DATA_BASE + 0x91, mutations: [result('a_h', 0x10), BASE, LOADED_WORD, NEXT] },
  { opcode: 'LBU', family: LOAD, program: P3, asm: LD('lbu', -0x81), b: DATA_BASE + 0x99, mutations: [result('a_l', 0x100), BASE, LOADED_WORD, NEXT] },
  { opcode: 'LHU', family: LOAD, program: P3, asm: LD('lhu', 2 - 0x81), b: DATA_BASE + 0xa1, mutations: [result('a_h', 1), BASE, LOADED_WORD, NEXT] },
  // Store: SB at offset 1, SH at offset 2, SW into initialised words.
  { opcode: 'SB', family: STORE, program: P2, asm: ST('sb', 1 - 0x81), b: DATA_BASE + 0xa9, c: 0x123456ab, mutations: [NO_RD_STORE, BASE, RS2, PREVIOUS_WORD, STORED_WORD, NEXT] },
  { opcode: 'SH', family: STORE, program: P2, asm: ST('sh', 2 - 0x81), b: DATA_BASE + 0xb1, c: 0xcafe8765, mutations: [NO_RD_STORE, BASE, RS2, PREVIOUS_WORD, STORED_WORD, NEXT] },
  { opcode: 'SW', family: STORE, program: P2, asm: ST('sw', -0x81), b: DATA_BASE + 0xb9, c: 0x89abcdef, mutations: [NO_RD_STORE, BASE, RS2, PREVIOUS_WORD, STORED_WORD, NEXT] },
  // System calls: 5 bytes each (the last at offset 0 of its own word), a0 = k is the exit code.
  {
    opcode: 'ECALL',
    call: 'f_rd3',
    family: ECALL_IO,
    program: 'read3',
    asm: SYS(63, 3, BUF_IN, 5),
    mutations: [
      callResult('LOGUP_SUM'),
      READ_A2,
      READ_A1,
      COPY_WORD,
      edit('memory value', ['io_byte: byte, n_l'], "last copy row's input byte ^ 1, the word and final memory follow (the claim keeps the input)", 'LOGUP_SUM', (e) => {
        const r = e.copyRows().at(-1)!;
        e.of(IO_BYTE, 'byte')[r]! ^= 1;
        e.of(IO_BYTE, 'n_l')[r]! ^= 1;
        e.followMem(IO_BYTE, r);
      }),
      NEXT,
    ],
  },
  {
    opcode: 'ECALL',
    call: 'exit',
    family: EXIT,
    program: 'read3',
    asm: 'li a7, 93; {L}: ecall',
    mutations: [
      NA('result', 'exit writes no register (its output HALT(a0) is the a0 read)'),
      edit('register read', ['a0_l'], 'a0 read ^ 1, the claimed exit code follows', 'LOGUP_SUM', (e) => {
        e.col('a0_l')[e.r]! ^= 1;
        e.claimExit(e.col('a0_l')[e.r]! | (e.col('a0_h')[e.r]! << 16));
      }),
      edit('register read', ['a7_l'], 'a7 read ^ 1', 'LOGUP_SUM', (e) => void (e.col('a7_l')[e.r]! ^= 1)),
      edit('memory value', ['io_byte: byte'], 'first drained input byte ^ 1 (the claim keeps the input)', 'LOGUP_SUM', (e) => void (e.of(IO_BYTE, 'byte')[e.copyRows()[0]!]! ^= 1)),
      NA('next pc', 'exit yields HALT, no successor state'),
    ],
  },
  {
    opcode: 'ECALL',
    call: 'f_rd0',
    family: ECALL_IO,
    program: 'read0',
    asm: SYS(63, 0, BUF_IN, 5),
    mutations: [
      // A smaller k is a legal short read: claim one byte more than the count.
      edit('result', ['k_l'], 'k + 1 > count, a0 and the exit code follow', 'LOGUP_SUM', (e) => void (e.col('k_l')[e.r]! += 1)),
      READ_A2,
      READ_A1,
      COPY_WORD,
      // Another byte in range is another private input (legal): a non-byte is not.
      edit('memory value', ['io_byte: byte, n_l'], "last copy row's private byte + 0x100, the word and final memory follow", 'LOGUP_SUM', (e) => {
        const r = e.copyRows().at(-1)!;
        e.of(IO_BYTE, 'byte')[r]! += 0x100;
        e.of(IO_BYTE, 'n_l')[r]! += 0x100;
        e.followMem(IO_BYTE, r);
      }),
      NEXT,
    ],
  },
  {
    opcode: 'ECALL',
    call: 'f_wr1',
    family: ECALL_IO,
    program: 'write1',
    asm: SYS(64, 1, BUF_OUT, 5),
    mutations: [
      callResult('LOGUP_SUM'),
      READ_A2,
      READ_A1,
      COPY_WORD,
      edit('memory value', ['io_byte: byte'], "last copy row's output byte ^ 1, the claimed output follows", 'CONSTRAINTS', (e) => {
        const r = e.copyRows().at(-1)!;
        const byte = e.of(IO_BYTE, 'byte');
        byte[r]! ^= 1;
        e.claimOutput(e.of(IO_BYTE, 'pos')[r]!, byte[r]!);
      }),
      NEXT,
    ],
  },
  {
    opcode: 'ECALL',
    call: 'f_wr2',
    family: ECALL_IO,
    program: 'write2',
    asm: SYS(64, 2, BUF_OUT, 3),
    mutations: [callResult('LOGUP_SUM'), READ_A2, READ_A1, NA('memory value', 'fd 2 moves no bytes (the log is not part of the statement)'), NEXT],
  },
];

/** Initial data (an image page, so loads and stores see these bytes), public and private input per program. */
const DATA = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 0x81) & 0xff);
const INPUTS: Readonly<Record<string, WitnessInputs>> = {
  read3: { publicInput: Uint8Array.from([0x5a, 0xa5, 0x01, 0xfe, 0x80, 0x7f, 0x33, 0xcc]) }, // 3 bytes left for the drain
  read0: { privateInput: Uint8Array.from([0x11, 0xfe, 0x80, 0x7f, 0x00, 0x42, 0x99]) },
};

/** The rd value a family row writes, from its columns (families that write no register have none). */
const WRITES: Readonly<Record<string, (c: (name: string) => number) => [number, number]>> = {
  [ADD_SUB]: (c) => [c('a_l'), c('a_h')],
  [JUMP_UPPER]: (c) => [c('val_l'), c('val_h')],
  [COMPARE]: (c) => [c('w2'), 0],
  [BITWISE]: (c) => [c('a_l'), c('a_h')],
  [SHIFT_FAMILY]: (c) => [c('a_l'), c('a_h')],
  [MUL_FAMILY]: (c) => [c('a_l'), c('a_h')],
  [DIV_REM]: (c) => [c('a_l'), c('a_h')],
  [LOAD]: (c) => [c('a_l'), c('a_h')],
  // a0 = k, or the count for fd 2.
  [ECALL_IO]: (c) => [m31.add(c('k_l'), m31.mul(c('f_wr2'), c('cnt_l'))), m31.add(c('k_h'), m31.mul(c('f_wr2'), c('cnt_h')))],
};

const PROGRAMS = [...new Set(CASES.map((c) => c.program))];
const casesOf = (prog: string) => CASES.filter((c) => c.program === prog);
const labelOf = (prog: string, cs: Case) => `L${casesOf(prog).indexOf(cs)}`;

/** The source of program `prog`, with case `over`'s operand replaced by `value`. */
function source(prog: string, over?: { cs: Case; operand: 'b' | 'c'; value: number }): string {
  const cases = casesOf(prog);
  let next = 0;
  const lines = cases.map((cs) => {
    const v = (k: 'b' | 'c') => (over?.cs === cs && over.operand === k ? over.value : cs[k]);
    const num = (k: 'b' | 'c') => hex(v(k)! >>> 0);
    let asm = `${cs.asm}; nop; {L}_to:`.replaceAll('{L}', labelOf(prog, cs));
    // Registers of its own for each case: nothing but RegFinal reads rd after the target.
    for (const r of ['{rd}', '{rs1}', '{rs2}']) {
      if (!asm.includes(r)) continue;
      assert.ok(next < POOL.length, `registers for ${prog}`);
      asm = asm.replaceAll(r, POOL[next++]!);
    }
    return asm.replaceAll('{b}', () => num('b')).replaceAll('{c}', () => num('c'));
  });
  if (!cases.some((c) => c.family === EXIT)) lines.push('li a7, 93; ecall');
  return lines.join('\n');
}

/** A traced run of `src` and its (cross-checked) witness. */
interface Run {
  readonly image: ElfImage;
  readonly trace: MachineTrace;
  readonly pcs: number[];
  readonly inputs: WitnessInputs;
  readonly labels: ReadonlyMap<string, number>;
}

function run(prog: string, src: string, data = DATA): Run {
  const image = program(src, { data });
  const inputs = INPUTS[prog] ?? {};
  const r = execute(image, { mode: 'traced', ...inputs });
  const trace = traceFromExecution(image, r, undefined, inputs);
  return { image, trace, pcs: Array.from(r.trace!.pc), inputs, labels: assembleWithSymbols(src).symbols };
}

/** The one real row of `family` at `pc`. */
function rowAt(t: MachineTrace, family: string, pc: number): number {
  const pcs = traceColumn(t, family, 'pc');
  const real = traceColumn(t, family, 'is_real');
  const rows = [...pcs.keys()].filter((r) => real[r] === 1 && pcs[r] === pc);
  assert.equal(rows.length, 1, `one ${family} row at pc ${hex(pc)}`);
  return rows[0]!;
}

/** A writable copy of `t` (same AIR object, so its compiled kernels are reused). */
function clone(t: MachineTrace): MachineTrace {
  return { ...t, columns: t.columns.map((cs) => cs.map((c) => c.slice())) };
}

/** The run of `h`'s program along `pcs` (rows locally honest), on `h`'s AIR when the sizes agree. */
function alongPcs(h: Run, pcs: number[]): MachineTrace {
  const t = traceFromPcs(h.image, pcs, undefined, h.inputs);
  return sameSizes(t, h.trace) ? { ...t, air: h.trace.air } : t;
}

function sameSizes(a: MachineTrace, b: MachineTrace): boolean {
  return JSON.stringify(a.sizes) === JSON.stringify(b.sizes);
}

/** Copies every main column of component `comp` (all rows) or of one row from `from` into `to`. */
function copyColumns(to: MachineTrace, from: MachineTrace, comp: string, rows?: readonly [number, number]): void {
  const names = to.air.components.find((c) => c.name === comp)!.mainNames;
  for (const n of names) {
    const dst = traceColumn(to, comp, n);
    const src = traceColumn(from, comp, n);
    if (rows) dst[rows[0]] = src[rows[1]]!;
    else dst.set(src);
  }
}

/** rd's final value (and, for a0, the exit row's read and the exit code) follows what row `r` of `family` writes. */
function followRd(t: MachineTrace, family: string, r: number, exitCode: number): number {
  const w = WRITES[family];
  if (!w) return exitCode;
  const [lo, hi] = w((n) => traceColumn(t, family, n)[r]!);
  const rd = family === ECALL_IO ? A0 : traceColumn(t, family, 'rd')[r]!;
  traceColumn(t, REG_FINAL, 'v_l')[rd] = lo;
  traceColumn(t, REG_FINAL, 'v_h')[rd] = hi;
  if (rd !== A0) return exitCode;
  traceColumn(t, EXIT, 'a0_l')[0] = lo;
  traceColumn(t, EXIT, 'a0_h')[0] = hi;
  return (lo | (hi << 16)) >>> 0;
}

/** Byte address of the access of load/store row `r`. */
function addressOf(t: MachineTrace, family: string, r: number): number {
  const c = (n: string) => traceColumn(t, family, n)[r]!;
  return 4 * (c('addr_w') + 2 ** 14 * c('addr_h')) + c('o1') + 2 * c('o2') + 3 * c('o3');
}

/** The forged witness of mutation `m` on case `cs` (target at `pc`, row `row` of its family in `h`). */
function forge(h: Run, prog: string, cs: Case, pc: number, row: number, m: Applicable): { t: MachineTrace; exitCode: number } {
  const f = m.forge;
  let exitCode = h.trace.exitCode;
  if (f.by === 'redirect') {
    const i = h.pcs.indexOf(pc);
    assert.equal(h.pcs.lastIndexOf(pc), i, 'the target runs once');
    const next = h.pcs[i + 1]!;
    assert.ok(next === pc + 4 || next === pc + 8, 'the honest successor is the nop or the landing label');
    const forged = next === pc + 4 ? [...h.pcs.slice(0, i + 1), ...h.pcs.slice(i + 2)] : [...h.pcs.slice(0, i + 1), pc + 4, ...h.pcs.slice(i + 1)];
    const t = alongPcs(h, forged);
    const names = t.air.components.find((c) => c.name === cs.family)!.mainNames;
    if (names.includes('pc_next')) traceColumn(t, cs.family, 'pc_next')[rowAt(t, cs.family, pc)] = next === pc + 4 ? pc + 8 : pc + 4;
    return { t, exitCode: t.exitCode };
  }
  if (f.by === 'edit') {
    let t = clone(h.trace);
    const copyRows = () => {
      const io = (n: string) => traceColumn(t, IO_BYTE, n);
      const real = io('is_real');
      const drain = io('is_drain');
      const time = io('t');
      const c = (n: string) => traceColumn(t, cs.family, n)[row]!;
      const rows = [...real.keys()].filter((k) =>
        real[k] === 1 && (cs.family === EXIT ? drain[k] === 1 : drain[k] === 0 && time[k]! >= c('ts') + 8 && time[k]! < c('ts') + 8 + c('k_l') + 65536 * c('k_h')),
      );
      assert.ok(rows.length > 0, 'the target has copy rows');
      return rows.sort((a, b) => time[a]! - time[b]!);
    };
    let output: Uint8Array | undefined;
    f.edit({
      col: (n) => traceColumn(t, cs.family, n),
      r: row,
      of: (comp, n) => traceColumn(t, comp, n),
      copyRows,
      followMem: (comp, r) => {
        const c = (n: string) => traceColumn(t, comp, n)[r]!;
        const w = comp === IO_BYTE ? c('w') : c('addr_w') + 2 ** 14 * c('addr_h');
        const k = t.program.layout.image.w.indexOf(w);
        assert.ok(k >= 0, 'the written word is an image word');
        traceColumn(t, MEM_IMAGE, 'fin_l')[k] = c('n_l');
        traceColumn(t, MEM_IMAGE, 'fin_h')[k] = c('n_h');
      },
      claimExit: (code) => void (exitCode = code >>> 0),
      claimOutput: (pos, byte) => {
        output = Uint8Array.from(output ?? t.publicOutput);
        output[pos] = byte;
      },
    });
    exitCode = followRd(t, cs.family, row, exitCode);
    if (output) t = { ...t, publicOutput: output };
    return { t, exitCode };
  }
  // Splices: the same program with another operand value, or with other initial data.
  let variant: Run;
  if (f.by === 'operand') {
    const value = (cs[f.operand]! ^ f.xor) >>> 0;
    variant = run(prog, source(prog, { cs, operand: f.operand, value }));
  } else {
    const data = Uint8Array.from(DATA);
    const at = f.byte(addressOf(h.trace, cs.family, row)) - DATA_BASE;
    assert.ok(at >= 0 && at < DATA.length, 'the flipped byte is initialised data');
    data[at]! ^= 1;
    variant = run(prog, source(prog), data);
  }
  assert.equal(variant.labels.get(labelOf(prog, cs)), pc, 'the variant has the same layout');
  // Same path: the honest witness; another path (a branch outcome flipped by the forged read): the honest
  // program replayed along the variant's path.
  const same = variant.pcs.length === h.pcs.length && variant.pcs.every((p, k) => p === h.pcs[k]);
  const t = same ? clone(h.trace) : alongPcs(h, variant.pcs);
  const r = rowAt(t, cs.family, pc);
  copyColumns(t, variant.trace, cs.family, [r, rowAt(variant.trace, cs.family, pc)]);
  if (cs.family === LOAD || cs.family === STORE) {
    assert.equal(variant.trace.sizes.memZero, t.sizes.memZero);
    copyColumns(t, variant.trace, MEM_IMAGE);
    copyColumns(t, variant.trace, MEM_ZERO);
  }
  exitCode = followRd(t, cs.family, r, same ? exitCode : t.exitCode);
  return { t, exitCode };
}

/** Verifies a proof of `t` forced through `proveUnchecked`: the honest baseline of each program. */
function forcedAccepted(image: ElfImage, t: MachineTrace): void {
  const proof = proveUnchecked(t.air, toWitness(t), starkStatement(statementOf(image, claimFor(t))), CFG);
  verifyExecution(image, claimFor(t), { sizes: t.sizes, proof }, CFG, LOOSE);
}

/** Opcodes no family is fed: the executor faults on them and the witness builder refuses them (ILLEGAL also stands for CSR instructions). */
const UNSUPPORTED: Readonly<Record<string, string>> = { EBREAK: 'ebreak', ILLEGAL: 'unimp' };

test('the matrix has a row for every opcode a family can be fed, and every mutation kind for each', () => {
  const expected = Object.keys(Op).filter((n) => !(n in UNSUPPORTED)).sort();
  const covered = [...new Set(CASES.map((c) => c.opcode))].sort();
  assert.deepEqual(covered, expected);
  // Every call kind of ecall_io (one flag each) and exit.
  const calls = ecallIo.columns.filter((n) => /^f_/.test(n));
  assert.deepEqual(CASES.filter((c) => c.family === ECALL_IO).map((c) => c.call).sort(), [...calls].sort());
  assert.equal(CASES.filter((c) => c.family === EXIT).length, 1);
  for (const cs of CASES) {
    const name = `${cs.opcode}${cs.call ? ` ${cs.call}` : ''}`;
    for (const k of KINDS) assert.ok(cs.mutations.some((m) => m.kind === k), `${name} lists ${k} (applicable or not)`);
    for (const k of KINDS) {
      const ms = cs.mutations.filter((m) => m.kind === k);
      assert.ok(ms.every((m) => !('na' in m)) || ms.length === 1, `${name}: ${k} is either applicable or listed once as not applicable`);
    }
    assert.ok(cs.mutations.some((m) => !('na' in m)), name);
  }
  // The opcodes left out are refused by the prover (so one that becomes provable must get a row here).
  for (const [name, mnemonic] of Object.entries(UNSUPPORTED)) {
    const image = program(`${mnemonic}\nli a7, 93\necall`);
    assert.throws(
      () => traceFromPcs(image, [TEXT_BASE, TEXT_BASE + 4, TEXT_BASE + 8]),
      (e: unknown) => e instanceof MachineError && e.code === 'INVALID_INPUT' && /which no run executes/.test(e.message),
      name,
    );
  }
  // CSR instructions decode as ILLEGAL (csrrw x1, mstatus, x2 and csrrs x3, cycle, x0).
  assert.equal(decode(0x300110f3).op, Op.ILLEGAL);
  assert.equal(decode(0xc00021f3).op, Op.ILLEGAL);
});

for (const prog of PROGRAMS) {
  test(`opcode matrix: ${prog} — every mutation is rejected by the verifier`, async (t) => {
    const h = run(prog, source(prog));
    // The honest witness, through the same forced path, is accepted.
    forcedAccepted(h.image, h.trace);
    for (const cs of casesOf(prog)) {
      const pc = h.labels.get(labelOf(prog, cs))!;
      const row = rowAt(h.trace, cs.family, pc);
      // Every column a mutation names exists in the family.
      const names = h.trace.air.components.find((c) => c.name === cs.family)!.mainNames;
      for (const m of cs.mutations) if ('columns' in m) for (const c of m.columns) if (!c.includes(':')) assert.ok(names.includes(c), `${cs.family} has column ${c}`);
      for (const m of cs.mutations) {
        const name = `${cs.opcode}${cs.call ? ` ${cs.call}` : ''} (${cs.family}) ${m.kind}: ${'na' in m ? `not applicable — ${m.na}` : m.how}`;
        if ('na' in m) {
          t.diagnostic(name);
          continue;
        }
        await t.test(name, () => {
          const { t: forged, exitCode } = forge(h, prog, cs, pc, row, m);
          recountTables(forged);
          const e = forcedRejected(h.image, forged, exitCode, [m.rejects]);
          t.diagnostic(`${name} → ${e.code}`);
        });
      }
    }
  });
}
