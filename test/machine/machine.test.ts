/**
 * The AddSub family, the exit row and the state and register arguments of the machine AIR. Honest runs (x0
 * writes, negative values, SUB borrows, carries across halves, wrap-around, rd = rs1 = rs2, LUI) prove and
 * verify. Each cheating witness differs from an honest one in exactly the targeted flaw, and is refused by the
 * prover's check (naming the broken constraint or the logUp imbalance) and, forced through `proveUnchecked`,
 * rejected by the verifier: a changed ADD result; a changed register read with a consistent result; a
 * non-canonical limb (a.l + 2^16, a.h − 1) that satisfies every constraint but the U16 lookup; a read of a
 * later write (the timestamp check); a redirected next pc and a skipped instruction (the state chain); a
 * changed exit code, in the statement and as another a0 read by the exit row; a proof checked against another
 * program. Words the machine has no row for (`ebreak`, `unimp`, `fence.i`) never reach the prover.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prove, VerificationError } from '../../src/stark/index.js';
import { build, CFG, forcedRejected, LOOSE, onlyFails, proverRefuses, claimOf } from './helpers.js';
import {
  ADD_SUB,
  EXIT,
  MachineError,
  starkStatement, statementOf,
  proveExecution,
  recountTables,
  REG_FINAL,
  toWitness,
  traceColumn,
  verifyExecution,
} from '../../src/machine/index.js';
import { traceFromPcs } from '../util/replay.js';
import { program, TEXT_BASE } from '../util/asm.js';
import { VmError } from '../../src/vm/index.js';


const exit = (code: string) => `li a0, ${code}\nli a7, 93\necall`;

/** Programs using only ADD, SUB, ADDI, LUI and exit. */
const PROGRAMS: Record<string, { src: string; exitCode: number }> = {
  'small sums': { src: `addi t0, zero, 5\naddi t1, zero, 7\nadd a0, t0, t1\nli a7, 93\necall`, exitCode: 12 },
  'x0 writes are discarded': { src: `addi zero, zero, 9\nadd zero, zero, zero\nlui zero, 0x12345\nadd a0, zero, zero\nli a7, 93\necall`, exitCode: 0 },
  'negative numbers and SUB borrows': {
    src: `addi t0, zero, -1\naddi t1, zero, 3\nsub t2, t1, t0\nsub t3, t0, t1\naddi t4, zero, -2048\nsub a0, t4, t3\nli a7, 93\necall`,
    exitCode: -2048 - -4,
  },
  'carries across the halves and wrap-around': {
    src: `li t0, 0x0000ffff\nli t1, 0x00000001\nadd t2, t0, t1\nli t3, 0xffffffff\nadd t4, t3, t1\nli t5, 0x7fffffff\nadd t6, t5, t1\nsub a1, t1, t3\nadd a0, t2, t6\nadd a0, a0, t4\nadd a0, a0, a1\nli a7, 93\necall`,
    exitCode: (0x10000 + 0x80000000 + 0 + 2) | 0,
  },
  'register reuse (rd = rs1 = rs2) and LUI': {
    src: `lui a0, 0x80001\naddi a0, a0, 1\nadd a0, a0, a0\nadd a0, a0, a0\nsub a0, a0, a0\naddi a0, a0, 0x7ff\nadd a0, a0, a0\nli a7, 93\necall`,
    exitCode: 0xffe,
  },
};

/** Row of the AddSub component holding cycle `cycle` (rows follow execution order). */
const row = (cycle: number) => cycle;

test('honest runs of AddSub-only programs prove and verify', () => {
  for (const [name, { src, exitCode }] of Object.entries(PROGRAMS)) {
    const image = program(src);
    const { statement: claim, proof } = proveExecution(image, CFG);
    assert.equal(claim.exitCode, exitCode, name);
    verifyExecution(image, claim, proof, CFG, LOOSE);
    // The same proof does not verify a different exit code.
    assert.throws(() => verifyExecution(image, claimOf(exitCode + 1), proof, CFG, LOOSE), VerificationError, name);
  }
});

test('instructions without a component (ebreak, illegal words) never reach the prover: the executor faults, traceFromPcs refuses', () => {
  // Every instruction the executor completes has a component (fence is proven as addi x0, x0, 0, see
  // fence.test.ts); ebreak and illegal words (here unimp and fence.i) make the executor fault, and a pc
  // sequence through them, which no run produces, is refused by the witness builder before any row is filled.
  for (const [name, src] of [['ebreak', 'ebreak'], ['unimp', 'unimp'], ['fence.i', '.word 0x0000100f']] as const) {
    const image = program(`addi t0, zero, 3\n${src}\n${exit('0')}`);
    assert.throws(() => proveExecution(image, CFG), (e: unknown) => e instanceof VmError && (e.code === 'ebreak' || e.code === 'illegal-instruction') && e.pc === TEXT_BASE + 4, name);
    const B = TEXT_BASE;
    assert.throws(
      () => traceFromPcs(image, [B, B + 4, B + 8, B + 12, B + 16]),
      (e: unknown) => e instanceof MachineError && e.code === 'INVALID_INPUT' && /cycle 1: pc 0x10004 holds .*, which no run executes/.test(e.message),
      name,
    );
  }
});

const SUMS = PROGRAMS['small sums']!.src; // rows: 0 addi t0=5, 1 addi t1=7, 2 add a0=t0+t1, 3 li a7, then exit
const T0 = 5;
const A0 = 10;

test('a changed ADD result is rejected (the low-half constraint)', () => {
  const { image, trace } = build(SUMS);
  // add a0, t0, t1 claims 13; the exit row, the final registers and the claim agree, so only the ALU breaks.
  traceColumn(trace, ADD_SUB, 'a_l')[row(2)] = 13;
  traceColumn(trace, EXIT, 'a0_l')[0] = 13;
  traceColumn(trace, REG_FINAL, 'v_l')[A0] = 13;
  recountTables(trace);
  onlyFails(image, trace, 13, ['low half: b.l ± c.l = a.l + 2^16·k1']);
  proverRefuses(image, trace, /low half/, 13);
  forcedRejected(image, trace, 13);
});

test('a changed register read value is rejected, even with a consistent result (logUp)', () => {
  const { image, trace } = build(SUMS);
  // add a0, t0, t1 reads t0 = 6 instead of 5 and computes 13; everything downstream agrees with 13.
  traceColumn(trace, ADD_SUB, 'b_l')[row(2)] = 6;
  traceColumn(trace, ADD_SUB, 'a_l')[row(2)] = 13;
  traceColumn(trace, EXIT, 'a0_l')[0] = 13;
  traceColumn(trace, REG_FINAL, 'v_l')[T0] = 6;
  traceColumn(trace, REG_FINAL, 'v_l')[A0] = 13;
  recountTables(trace);
  onlyFails(image, trace, 13);
  proverRefuses(image, trace, /logUp/, 13);
  forcedRejected(image, trace, 13, ['LOGUP_SUM']);
});

test('a changed next pc and a skipped instruction are rejected (state chain)', () => {
  const image = program(SUMS);
  const B = TEXT_BASE;
  // Skipping `addi t1, zero, 7`: t1 stays 0 and the run exits with 5; every row is locally honest.
  const skipped = traceFromPcs(image, [B, B + 8, B + 12, B + 16]);
  assert.equal(skipped.exitCode, 5);
  onlyFails(image, skipped, 5);
  proverRefuses(image, skipped, /logUp/, 5);
  forcedRejected(image, skipped, 5, ['LOGUP_SUM']);
  // After the first instruction, jump to the third one twice (pc + 4 replaced by another pc).
  const jumped = traceFromPcs(image, [B, B + 8, B + 8, B + 12, B + 16]);
  assert.equal(jumped.exitCode, 5);
  onlyFails(image, jumped, 5);
  proverRefuses(image, jumped, /logUp/, 5);
  forcedRejected(image, jumped, 5, ['LOGUP_SUM']);
  // The honest pc sequence through the same builder is accepted by the prover's check.
  const honest = traceFromPcs(image, [B, B + 4, B + 8, B + 12, B + 16]);
  assert.equal(honest.exitCode, 12);
  prove(honest.air, toWitness(honest), starkStatement(statementOf(image, claimOf(12))), CFG);
});

test('a changed exit code is rejected: in the statement, and as a different a0 read by the exit row', () => {
  const { image, trace } = build(SUMS);
  forcedRejected(image, trace, 13, ['LOGUP_SUM']);
  forcedRejected(image, trace, -12, ['LOGUP_SUM']);
  traceColumn(trace, EXIT, 'a0_l')[0] = 13;
  recountTables(trace);
  onlyFails(image, trace, 13);
  proverRefuses(image, trace, /logUp/, 13);
  forcedRejected(image, trace, 13, ['LOGUP_SUM']);
});

test('a non-canonical limb (a.l + 2^16, a.h − 1, carries adjusted) satisfies every constraint but not the U16 lookup', () => {
  const { image, trace } = build(SUMS);
  const col = (n: string) => traceColumn(trace, ADD_SUB, n);
  const P = 0x7fffffff;
  // Row 0 (addi t0, zero, 5) writes 2^32 + 5 as (65541, 65535): k1 = −1, k2 = −1.
  col('a_l')[row(0)] = 65541;
  col('a_h')[row(0)] = 65535;
  col('k1')[row(0)] = P - 1;
  col('k2')[row(0)] = P - 1;
  // Row 2 (add a0, t0, t1) reads it and still computes 12: k1 = 1, k2 = 1.
  col('b_l')[row(2)] = 65541;
  col('b_h')[row(2)] = 65535;
  col('k1')[row(2)] = 1;
  col('k2')[row(2)] = 1;
  traceColumn(trace, REG_FINAL, 'v_l')[T0] = 65541;
  traceColumn(trace, REG_FINAL, 'v_h')[T0] = 65535;
  recountTables(trace);
  onlyFails(image, trace, 12);
  proverRefuses(image, trace, /logUp/);
  forcedRejected(image, trace, 12, ['LOGUP_SUM']);
});

test('a read of a later write (a value other than the last write) is rejected by the timestamp check alone', () => {
  // Rows: 0 t0 = 1; 1 t1 = t0 + x0; 2 t0 = 7; 3 a0 = t1 + x0; 4 li a7; exit. Honest exit code 1.
  const src = `addi t0, zero, 1\nadd t1, t0, zero\naddi t0, zero, 7\nadd a0, t1, zero\nli a7, 93\necall`;
  const { image, trace } = build(src);
  assert.equal(trace.exitCode, 1);
  const col = (n: string) => traceColumn(trace, ADD_SUB, n);
  const P = 0x7fffffff;
  // Row 1 reads t0 = 7 "from" row 2's write (time 12) at its own time 5: d = 5 − 12 − 1 = −8.
  col('b_l')[row(1)] = 7;
  col('rs1.d0')[row(1)] = P - 8;
  col('rs1.d1')[row(1)] = 0;
  col('a_l')[row(1)] = 7;
  // Row 2's write consumes what row 1's read provided, (t0, 7, 5), and provides (t0, 7, 12): a cycle.
  col('rd_prev_l')[row(2)] = 7;
  // Row 0's (t0, 1, 4) is left for RegFinal; t1 and a0 become 7.
  col('b_l')[row(3)] = 7;
  col('a_l')[row(3)] = 7;
  traceColumn(trace, EXIT, 'a0_l')[0] = 7;
  const fv = traceColumn(trace, REG_FINAL, 'v_l');
  const ft = traceColumn(trace, REG_FINAL, 'ts');
  fv[T0] = 1;
  ft[T0] = 4;
  fv[6] = 7;
  fv[A0] = 7;
  recountTables(trace);
  onlyFails(image, trace, 7);
  proverRefuses(image, trace, /logUp/, 7);
  forcedRejected(image, trace, 7, ['LOGUP_SUM']);
});

test('a proof is rejected for another program (different program table and id)', () => {
  const a = program(SUMS);
  const b = program(SUMS.replace('addi t1, zero, 7', 'addi t1, zero, 8'));
  const { statement: claim, proof } = proveExecution(a, CFG);
  verifyExecution(a, claim, proof, CFG, LOOSE);
  assert.throws(() => verifyExecution(b, claim, proof, CFG, LOOSE), VerificationError);
  assert.throws(() => verifyExecution(b, claimOf(13), proof, CFG, LOOSE), VerificationError);
  // Malformed sizes are a VerificationError too.
  assert.throws(
    () => verifyExecution(a, claim, { ...proof, sizes: { ...proof.sizes, addSub: 40 } }, CFG, LOOSE),
    (e: unknown) => e instanceof VerificationError && e.code === 'INVALID_INPUT',
  );
  assert.throws(() => verifyExecution(a, claim, { ...proof, sizes: { ...proof.sizes, addSub: proof.sizes.addSub + 1 } }, CFG, LOOSE), VerificationError);
});
