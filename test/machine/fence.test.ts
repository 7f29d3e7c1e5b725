/**
 * FENCE is proven as `addi x0, x0, 0` (docs/machine.md, "Relations"; `tableOpcode`): the program table gives
 * every FENCE word (any predecessor/successor sets, fence.tso, reserved rd/rs1 fields) the row of that no-op,
 * so the AddSub family proves it with its own constraints. An honest run with several fence encodings
 * between register and memory traffic proves and verifies; a fence row that moves to another pc, writes a
 * value, writes another register, reads x0 as non-zero or claims another opcode is rejected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VerificationError } from '../../src/stark/index.js';
import {
  ADD_SUB,
  machineProgram,
  proveExecution,
  PROGRAM_COLUMNS,
  recountTables,
  REG_FINAL,
  SINK_REG,
  tableOpcode,
  traceColumn,
  verifyExecution,
} from '../../src/machine/index.js';
import { traceFromPcs } from '../util/replay.js';
import type { MachineTrace } from '../../src/machine/index.js';
import { decode, execute, Op } from '../../src/vm/index.js';
import { addressOf, program, DATA_BASE, TEXT_BASE } from '../util/asm.js';
import { build, CFG, claimOf, LOOSE, rejected } from './helpers.js';

/** FENCE encodings (funct3 = 0), each a no-op for the executor. */
const FENCES = {
  'fence iorw, iorw (GNU default)': 0x0ff0000f,
  'fence rw, rw': 0x0330000f,
  'fence.tso': 0x8330000f,
  'fence r, rw': 0x0230000f,
  'fence i, o': 0x0810000f,
  'fence with empty sets': 0x0000000f,
  'fence with rd = a0, rs1 = a1 (reserved fields)': 0x0ff5850f,
} as const;
const WORDS = Object.values(FENCES);

// Register and memory values live across every fence; the reserved-field fence names a0 and a1, which hold
// values the exit code depends on.
const SRC = `
  li t0, 0x12345678
  f0: .word ${WORDS[0]}
  addi t1, t0, 1
  f1: .word ${WORDS[1]}
  li t2, ${DATA_BASE}
  f2: .word ${WORDS[2]}
  sw t1, 0(t2)
  f3: .word ${WORDS[3]}
  lw t3, 0(t2)
  f4: .word ${WORDS[4]}
  li a0, 5
  li a1, 6
  f5: .word ${WORDS[5]}
  f6: .word ${WORDS[6]}
  add a0, a0, t3
  add a0, a0, a1
  li a7, 93
  ecall`;
const EXIT_CODE = (5 + 0x12345679 + 6) | 0;
const fencePc = (k: number) => addressOf(SRC, `f${k}`);

/** The AddSub row that executed the instruction at `pc` (the first time). */
function addSubRowAt(t: MachineTrace, pc: number): number {
  const r = traceColumn(t, ADD_SUB, 'pc').indexOf(pc);
  assert.ok(r >= 0, `no AddSub row at 0x${pc.toString(16)}`);
  return r;
}

test('every fence encoding has the program-table row of addi x0, x0, 0; fence.i keeps opcode 0', () => {
  const table = machineProgram(program(SRC)).table;
  const nop = machineProgram(program('addi x0, x0, 0\nli a7, 93\necall')).table;
  const rowAt = (tb: typeof table, pc: number) => PROGRAM_COLUMNS.map((_, j) => tb.columns[j]![tb.rowOf(pc)]!);
  const nopRow = rowAt(nop, TEXT_BASE);
  assert.deepEqual(nopRow.slice(1), [Op.ADDI, SINK_REG, 0, 0, 0, 0, 0, 0, 0]);
  WORDS.forEach((w, k) => {
    assert.equal(decode(w).op, Op.FENCE, `word ${k} decodes as FENCE`);
    assert.deepEqual(rowAt(table, fencePc(k)).slice(1), nopRow.slice(1), Object.keys(FENCES)[k]);
  });
  assert.equal(tableOpcode(Op.FENCE), Op.ADDI);
  for (let op = 0; op < 49; op++) if (op !== Op.FENCE) assert.equal(tableOpcode(op), op);
  const fenceI = machineProgram(program('.word 0x0000100f\nli a7, 93\necall')).table;
  assert.equal(fenceI.columns[1]![0], Op.ILLEGAL, 'fence.i (Zifencei) stays unprovable');
});

test('a run through every fence encoding proves and verifies exactly its exit code', () => {
  const image = program(SRC);
  const run = execute(image, { mode: 'traced' });
  assert.equal(run.exitCode, EXIT_CODE);
  const pcs = Array.from(run.trace!.pc);
  WORDS.forEach((_, k) => assert.ok(pcs.includes(fencePc(k)), `fence ${k} is executed`));
  const { statement: claim, proof } = proveExecution(image, CFG);
  assert.equal(claim.exitCode, EXIT_CODE);
  verifyExecution(image, claim, proof, CFG, LOOSE);
  assert.throws(() => verifyExecution(image, claimOf(EXIT_CODE + 1), proof, CFG, LOOSE), VerificationError);
});

test('a fence that moves to another pc than pc + 4 is rejected (the state chain)', () => {
  const { image, pcs } = build(SRC);
  const at = pcs.indexOf(fencePc(0));
  // Skip the instruction after the fence, and separately run the fence twice (a fence that jumps to
  // itself). traceFromPcs keeps every row locally honest, so only the state chain breaks.
  const skipped = [...pcs.slice(0, at + 1), ...pcs.slice(at + 2)];
  rejected(image, traceFromPcs(image, skipped));
  const again = [...pcs.slice(0, at + 1), ...pcs.slice(at)];
  rejected(image, traceFromPcs(image, again));
});

test('a fence row that writes a value, writes another register, reads x0 as non-zero or claims ADD is rejected', () => {
  const last = fencePc(WORDS.length - 1); // the last sink write of the run: the final sink value can follow it
  {
    // Writes 1 to the sink (RegFinal follows): only the AddSub low-half equation fails.
    const { image, trace } = build(SRC);
    const r = addSubRowAt(trace, last);
    traceColumn(trace, ADD_SUB, 'a_l')[r] = 1;
    traceColumn(trace, REG_FINAL, 'v_l')[SINK_REG] = 1;
    recountTables(trace);
    rejected(image, trace, ['low half: b.l ± c.l = a.l + 2^16·k1']);
  }
  {
    // Reads x0 as 7 and writes 7 (the equation holds): the x0 cell never held 7 (logUp).
    const { image, trace } = build(SRC);
    const r = addSubRowAt(trace, last);
    traceColumn(trace, ADD_SUB, 'b_l')[r] = 7;
    traceColumn(trace, ADD_SUB, 'a_l')[r] = 7;
    traceColumn(trace, REG_FINAL, 'v_l')[SINK_REG] = 7;
    recountTables(trace);
    rejected(image, trace);
  }
  {
    // Names a1 as its rd instead of the sink: the program table says rd = 32, and a1's access chain does
    // not hold the tuples this write consumes and provides (logUp).
    const { image, trace } = build(SRC);
    const r = addSubRowAt(trace, last);
    traceColumn(trace, ADD_SUB, 'rd')[r] = 11;
    recountTables(trace);
    rejected(image, trace);
  }
  {
    // Claims ADD (x0 + x0, so rs2 = x0 is read too): every constraint holds, but the table says ADDI and
    // the extra x0 read breaks x0's access chain (logUp).
    const { image, trace } = build(SRC);
    const r = addSubRowAt(trace, fencePc(0));
    traceColumn(trace, ADD_SUB, 'is_addi')[r] = 0;
    recountTables(trace);
    rejected(image, trace);
  }
});
