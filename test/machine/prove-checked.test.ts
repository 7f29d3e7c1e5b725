/**
 * proveChecked / proveExecution hand out only proofs that verify: an honest witness proves (without the
 * prover's row-by-row check) and verifies; a witness that breaks a constraint, or only the logUp balance,
 * gets MachineError `INTERNAL` from the self-verification, and StarkError `UNSATISFIED` when the full
 * check is asked for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADD_SUB, starkStatement, statementOf, MachineError, REG_FINAL, toWitness, traceColumn, verifyExecution } from '../../src/machine/index.js';
import type { MachineTrace } from '../../src/machine/index.js';
import { proveChecked } from '../../src/machine/prover/prove.js';
import { StarkError } from '../../src/stark/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { build, CFG, claimFor, LOOSE } from './helpers.js';

const SRC = 'addi t0, zero, 5\naddi t1, zero, 7\nadd a0, t0, t1\nli a7, 93\necall\n';

function refused(image: ElfImage, t: MachineTrace): void {
  const statement = starkStatement(statementOf(image, claimFor(t)));
  assert.throws(() => proveChecked(t.air, toWitness(t), statement, CFG), (e: unknown) => e instanceof MachineError && e.code === 'INTERNAL' && /does not verify/.test(e.message));
  assert.throws(() => proveChecked(t.air, toWitness(t), statement, CFG, { check: true }), (e: unknown) => e instanceof StarkError && e.code === 'UNSATISFIED');
}

test('proveChecked: an honest witness proves without the row check, and the proof verifies', () => {
  const { image, trace } = build(SRC);
  const proof = proveChecked(trace.air, toWitness(trace), starkStatement(statementOf(image, claimFor(trace))), CFG);
  verifyExecution(image, claimFor(trace), { sizes: trace.sizes, proof }, CFG, LOOSE);
});

test('proveChecked: a broken constraint is refused with INTERNAL (and UNSATISFIED under the full check)', () => {
  const { image, trace } = build(SRC);
  traceColumn(trace, ADD_SUB, 'a_l')[2] = 13; // 5 + 7 ≠ 13: the low-half constraint
  refused(image, trace);
});

test('proveChecked: an unbalanced logUp sum alone is refused with INTERNAL', () => {
  const { image, trace } = build(SRC);
  traceColumn(trace, REG_FINAL, 'v_l')[10] = 99; // the final a0 no register access provides
  refused(image, trace);
});
