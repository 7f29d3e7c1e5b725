/**
 * Control flow in the machine AIR (JumpUpper: JAL, JALR, AUIPC; Branch: the six branches): honest runs with
 * loops, calls and returns, and every branch condition taken and not taken at signed and unsigned extremes
 * prove and verify; for each opcode, a witness whose only flaw is a changed next pc, taken bit, link or
 * result value, or JALR low bit is refused by the row-wise checker (naming exactly the broken constraint,
 * or leaving only the logUp sum off), by the prover's check, and — forced — by the verifier. Also: forged
 * comparison bits (BEQ with e = 1 on unequal operands, BLTU with a flipped borrow, BLT with a wrong sign
 * bit), a branch row left honest while the run is redirected (only logUp), a JALR target with bit 0 kept
 * (no row consumes the odd pc: logUp), and a jump target that wraps modulo p, which the program table stores
 * as `NO_TARGET` so that it cannot alias a pc.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWitness } from '../../src/air/index.js';
import { m31, qm31 } from '../../src/field/index.js';
import { BRANCH, JUMP_UPPER, starkStatement, statementOf, NO_TARGET, programTable, proveExecution, recountTables, REG_FINAL, toWitness, traceColumn, verifyExecution } from '../../src/machine/index.js';
import { traceFromPcs } from '../util/replay.js';
import type { MachineTrace } from '../../src/machine/index.js';
import { VerificationError } from '../../src/stark/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { program, TEXT_BASE } from '../util/asm.js';
import { build, CFG, LOOSE, rejected, claimOf } from './helpers.js';

const B = TEXT_BASE;
const T2 = 7;
const A1 = 11;

/** Loops (bnez, blt backward), calls and returns (jal/ret), AUIPC, a JALR with an odd sum and a plain jump. */
const CALLS = `
  li a0, 0
  li t0, 5
loop:
  jal ra, add3
  addi t0, t0, -1
  bnez t0, loop
  li t3, -3
count:
  addi t3, t3, 1
  blt t3, zero, count
  auipc t1, 0
  jalr t2, 13(t1)
  addi a0, a0, 100
  j done
  addi a0, a0, 1000
done:
  auipc a1, 0x80000
  li a7, 93
  ecall
add3:
  addi a0, a0, 3
  ret
`;

const BRANCHES = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'] as const;
/** Operand pairs: equal, unequal in one half only, signed and unsigned extremes. */
const PAIRS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 2],
  [2, 1],
  [-1, 0],
  [0, -1],
  [-1, -1],
  [0x80000000, 0x7fffffff],
  [0x7fffffff, 0x80000000],
  [0x80000000, 0x80000000],
  [0x12340001, 0x12350001],
  [0x00010005, 0x00010004],
];
const taken = (op: string, a: number, b: number): boolean => {
  const [sa, sb, ua, ub] = [a | 0, b | 0, a >>> 0, b >>> 0];
  return { beq: ua === ub, bne: ua !== ub, blt: sa < sb, bge: sa >= sb, bltu: ua < ub, bgeu: ua >= ub }[op]!;
};

test('honest runs with loops, calls, returns, AUIPC and JALR prove and verify', () => {
  const image = program(CALLS);
  const { statement: claim, proof } = proveExecution(image, CFG);
  assert.equal(claim.exitCode, 15); // the JALR skips the addi of 100 and `j done` the addi of 1000
  verifyExecution(image, claim, proof, CFG, LOOSE);
  assert.throws(() => verifyExecution(image, claimOf(115), proof, CFG, LOOSE), VerificationError);
  // The JALR sum t1 + 13 is odd: the row splits off bit 0.
  const { trace } = build(CALLS);
  const jalr = traceColumn(trace, JUMP_UPPER, 'is_jalr');
  const bit0 = traceColumn(trace, JUMP_UPPER, 'bit0');
  const rows = [...jalr.keys()].filter((r) => jalr[r] === 1);
  assert.ok(rows.some((r) => bit0[r] === 1) && rows.some((r) => bit0[r] === 0));
});

test('every branch kind, taken and not taken, at signed and unsigned extremes, proves and verifies', () => {
  let src = 'li a0, 0\n';
  let notTaken = 0;
  for (const op of BRANCHES) {
    for (const [a, b] of PAIRS) {
      src += `li t0, ${a}\nli t1, ${b}\n${op} t0, t1, .+8\naddi a0, a0, 1\n`;
      if (!taken(op, a, b)) notTaken++;
    }
  }
  src += 'li a7, 93\necall\n';
  const { trace } = build(src);
  assert.equal(trace.exitCode, notTaken);
  // Both outcomes occur for each kind (the witness builder already checked each next pc against the executor).
  const t = traceColumn(trace, BRANCH, 'taken');
  const flags = ['is_bne', 'is_blt', 'is_bge', 'is_bltu', 'is_bgeu'].map((f) => traceColumn(trace, BRANCH, f));
  const real = traceColumn(trace, BRANCH, 'is_real');
  for (let k = 0; k < 6; k++) {
    const rows = [...real.keys()].filter((r) => real[r] === 1 && (k === 0 ? flags.every((f) => f[r] === 0) : flags[k - 1]![r] === 1));
    assert.equal(rows.length, PAIRS.length);
    assert.ok(rows.some((r) => t[r] === 1) && rows.some((r) => t[r] === 0), BRANCHES[k]);
  }
  const image = program(src);
  const { statement: claim, proof } = proveExecution(image, CFG);
  assert.equal(claim.exitCode, notTaken);
  verifyExecution(image, claim, proof, CFG, LOOSE);
});

test('a jump target that wraps modulo p is stored as a value no row has', () => {
  // jal at 0x10000 with offset −0x10004 targets 2^32 − 4, which is 3 modulo p; the table holds p − 1 instead.
  const t = programTable(program('jal zero, .-0x10004\nli a7, 93\necall'));
  assert.equal(t.columns[9]![0], NO_TARGET);
  assert.equal(t.rowOf(NO_TARGET), -1);
});

/** The witness of the run along `pcs` (each row locally honest), with `edit` applied and the tables recounted. */
function mutated(image: ElfImage, pcs: number[], edit: (col: (comp: string, name: string) => Uint32Array) => void): MachineTrace {
  const t = traceFromPcs(image, pcs);
  edit((comp, name) => traceColumn(t, comp, name));
  recountTables(t);
  return t;
}

const BRANCH_SRC = (op: string, a: number, b: number) => `li t0, ${a}\nli t1, ${b}\n${op} t0, t1, skip\naddi a0, a0, 1\nskip:\nli a7, 93\necall`;
/** The branch is at B + 8 (each li here is one instruction), the skipped addi at B + 12, `skip` at B + 16. */
const BR = B + 8;

test('each branch kind: a flipped taken bit and a changed next pc are rejected', () => {
  for (const op of BRANCHES) {
    // Honest witnesses for three pairs (equal, signed order ≠ unsigned order both ways) pass the row checker.
    for (const [a, b] of [
      [5, 5],
      [-7, 9],
      [9, -7],
    ] as const) {
      const { image, trace } = build(BRANCH_SRC(op, a, b));
      assert.equal(traceColumn(trace, BRANCH, 'taken')[0], taken(op, a, b) ? 1 : 0);
      const r = checkWitness(trace.air, toWitness(trace), { statement: starkStatement(statementOf(image, claimOf(trace.exitCode))) });
      assert.deepEqual(r.failures, []);
      assert.ok(qm31.isZero(r.logUpTotal));
    }
    const { image } = build(BRANCH_SRC(op, -7, 9));
    const honestTaken = taken(op, -7, 9);
    // The other path: run the addi if the branch skipped it, skip it if it ran.
    const other = honestTaken ? [B, B + 4, BR, BR + 4, BR + 8, BR + 12] : [B, B + 4, BR, BR + 8, BR + 12];
    // (1) taken flipped, pc' following it: only the selection of taken fails.
    const flipped = mutated(image, other, (col) => {
      col(BRANCH, 'taken')[0] = honestTaken ? 0 : 1;
      col(BRANCH, 'pc_next')[0] = other[3]!;
    });
    rejected(image, flipped, ['taken = e, 1 − e, lt or 1 − lt by kind']);
    // (2) taken kept, pc' changed to the other path: only the next-pc constraint fails.
    const redirected = mutated(image, other, (col) => {
      col(BRANCH, 'pc_next')[0] = other[3]!;
    });
    rejected(image, redirected, ["pc' = pc + 4 + taken·(next − pc − 4)"]);
  }
  // (3) The run redirected with the branch row honest: only the state chain (logUp) breaks.
  const { image } = build(BRANCH_SRC('beq', 1, 2));
  rejected(image, mutated(image, [B, B + 4, BR, BR + 8, BR + 12], () => {}));
});

test('forged comparison bits: BEQ with e = 1 on unequal operands, BLTU with a flipped borrow, BLT with a wrong sign', () => {
  {
    // beq 5, 6 is not taken; claim e = 1 (inv = 0 keeps the other equality constraint) and take it.
    const { image } = build(BRANCH_SRC('beq', 5, 6));
    const t = mutated(image, [B, B + 4, BR, BR + 8, BR + 12], (col) => {
      col(BRANCH, 'e')[0] = 1;
      col(BRANCH, 'inv')[0] = 0;
      col(BRANCH, 'taken')[0] = 1;
      col(BRANCH, 'pc_next')[0] = BR + 8;
    });
    rejected(image, t, ['equality: e·s = 0']);
  }
  {
    // bltu 9, 7 is not taken; claim borrow w2 = 1 (d.h adjusted to keep the chain: d.h + 2^16) and take it.
    const { image } = build(BRANCH_SRC('bltu', 9, 7));
    const t = mutated(image, [B, B + 4, BR, BR + 8, BR + 12], (col) => {
      col(BRANCH, 'w2')[0] = 1;
      col(BRANCH, 'd_h')[0] = m31.add(col(BRANCH, 'd_h')[0]!, 65536);
      col(BRANCH, 'taken')[0] = 1;
      col(BRANCH, 'pc_next')[0] = BR + 8;
    });
    rejected(image, t); // d.h = 2^16 is outside U16
  }
  {
    // blt −1, 1 is taken; claim sb = 0 (b read as 2^32 − 1 > 1), so no borrow: only U16(b.h + 2^15 − 2^16·sb) fails.
    const { image } = build(BRANCH_SRC('blt', -1, 1));
    const t = mutated(image, [B, B + 4, BR, BR + 4, BR + 8, BR + 12], (col) => {
      col(BRANCH, 'sb')[0] = 0;
      col(BRANCH, 'w2')[0] = 0;
      // d.h = b'.h − c'.h − w1: with sb = 0, b'.h − c'.h = 0xffff − 0 (c ≥ 0 has sc = 0).
      col(BRANCH, 'd_h')[0] = 0xffff - 0 - col(BRANCH, 'w1')[0]!;
      col(BRANCH, 'taken')[0] = 0;
      col(BRANCH, 'pc_next')[0] = BR + 4;
    });
    rejected(image, t);
  }
});

// JAL at B + 4 links into t2 (never read again, so only RegFinal sees the link), jumping over the addi.
const JAL_SRC = `li a0, 0\njal t2, over\naddi a0, a0, 1\nover:\nli a7, 93\necall`;
// AUIPC at B into a1 (read by nothing but RegFinal), then the addi at B + 4.
const AUIPC_SRC = `auipc a1, 0x12345\naddi a0, a0, 1\nli a7, 93\necall`;
// auipc t1, 0 at B; jalr at B + 4 to (B + 13) & ~1 = B + 12, linking into t2; the addi at B + 8 is skipped.
const JALR_SRC = `auipc t1, 0\njalr t2, 13(t1)\naddi a0, a0, 1\nli a7, 93\necall`;

test('JAL: a changed next pc and a changed link value are rejected', () => {
  const { image, pcs } = build(JAL_SRC);
  assert.deepEqual(pcs, [B, B + 4, B + 12, B + 16]);
  const other = [B, B + 4, B + 8, B + 12, B + 16];
  rejected(image, mutated(image, other, (col) => (col(JUMP_UPPER, 'pc_next')[0] = B + 8)), ["JAL, AUIPC: pc' = next (program constant)"]);
  // pc' and the row's copy of the table's target both changed: the program lookup fails.
  rejected(
    image,
    mutated(image, other, (col) => {
      col(JUMP_UPPER, 'pc_next')[0] = B + 8;
      col(JUMP_UPPER, 'next')[0] = B + 8;
    }),
  );
  const link = mutated(image, pcs, (col) => {
    col(JUMP_UPPER, 'val_l')[0] = (B + 12) & 0xffff;
    col(REG_FINAL, 'v_l')[T2] = (B + 12) & 0xffff;
  });
  rejected(image, link);
});

test('AUIPC: a changed result and a changed next pc are rejected', () => {
  const { image, trace, pcs } = build(AUIPC_SRC);
  assert.equal(traceColumn(trace, REG_FINAL, 'v_h')[A1], 0x1235); // 0x12345000 + pc 0x10000
  // The result without the pc added.
  const result = mutated(image, pcs, (col) => {
    col(JUMP_UPPER, 'val_h')[0] = 0x1234;
    col(REG_FINAL, 'v_h')[A1] = 0x1234;
  });
  rejected(image, result);
  const skip = [B, B + 8, B + 12];
  rejected(image, mutated(image, skip, (col) => (col(JUMP_UPPER, 'pc_next')[0] = B + 8)), ["JAL, AUIPC: pc' = next (program constant)"]);
});

test('JALR: a changed next pc, link value or low bit is rejected', () => {
  const { image, trace, pcs } = build(JALR_SRC);
  assert.deepEqual(pcs, [B, B + 4, B + 12, B + 16]);
  const J = 1; // the JALR is row 1 of JumpUpper (row 0 is the auipc)
  assert.equal(traceColumn(trace, JUMP_UPPER, 'bit0')[J], 1);
  const other = [B, B + 4, B + 8, B + 12, B + 16];
  rejected(image, mutated(image, other, (col) => (col(JUMP_UPPER, 'pc_next')[J] = B + 8)), ["JALR: pc' = 2·h + 2^16·t.h"]);
  const link = mutated(image, pcs, (col) => {
    col(JUMP_UPPER, 'val_l')[J] = (B + 12) & 0xffff;
    col(REG_FINAL, 'v_l')[T2] = (B + 12) & 0xffff;
  });
  rejected(image, link);
  // Bit 0 not cleared, pc' kept: the low-half equation fails.
  rejected(image, mutated(image, pcs, (col) => (col(JUMP_UPPER, 'bit0')[J] = 0)), ['JALR low half: b.l + imm.l = 2·h + bit0 + 2^16·k1']);
  // Bit 0 not cleared and kept in pc' (h = t.l / 2 in the field, so U16(2·h) still holds): every constraint
  // holds, but U16(h) fails (h ≈ 2^30) and pc' = B + 13 is odd, so no row consumes it.
  const odd = mutated(image, pcs, (col) => {
    col(JUMP_UPPER, 'bit0')[J] = 0;
    col(JUMP_UPPER, 'h')[J] = m31.div((B + 13) & 0xffff, 2);
    col(JUMP_UPPER, 'pc_next')[J] = B + 13;
  });
  rejected(image, odd);
});
