/**
 * Shared helpers of the machine soundness tests: build an honest witness, and check that a mutated one is
 * refused by the row-wise checker (exactly the targeted constraint, or only the logUp sum), by the
 * prover's check, and — forced through `proveUnchecked` — by the verifier.
 */
import assert from 'node:assert/strict';
import { checkWitness } from '../../src/air/index.js';
import { qm31 } from '../../src/field/index.js';
import { starkStatement, statementOf, toWitness, traceFromExecution, verifyExecution } from '../../src/machine/index.js';
import type { ExecutionClaim, MachineTrace } from '../../src/machine/index.js';
import { prove, proveUnchecked, StarkError, TEST_STARK_CONFIG, VerificationError } from '../../src/stark/index.js';
import type { VerificationErrorCode } from '../../src/stark/index.js';
import { execute } from '../../src/vm/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { program } from '../util/asm.js';

/** The STARK configuration of the tests. */
export const CFG = TEST_STARK_CONFIG;
/** Verifier options of the tests (the test configuration has few queries). */
export const LOOSE = { minSecurityBits: 0 };

/** Assembles `src`, runs it traced and builds the (honest) witness. */
export function build(src: string): { image: ElfImage; trace: MachineTrace; pcs: number[] } {
  const image = program(src);
  const result = execute(image, { mode: 'traced' });
  const trace = traceFromExecution(image, result);
  return { image, trace, pcs: Array.from(result.trace!.pc) };
}

/** Asserts that verifying a forced proof of `t` (for `exitCode`) fails, and returns the error. */
export function forcedRejected(image: ElfImage, t: MachineTrace, exitCode = t.exitCode, codes?: VerificationErrorCode[]): VerificationError {
  const proof = proveUnchecked(t.air, toWitness(t), starkStatement(statementOf(image, claimFor(t, exitCode))), CFG);
  try {
    verifyExecution(image, claimFor(t, exitCode), { sizes: t.sizes, proof }, CFG, LOOSE);
  } catch (e) {
    assert.ok(e instanceof VerificationError, `expected a VerificationError, got ${String(e)}`);
    if (codes) assert.ok(codes.includes(e.code), `code ${e.code} not in ${codes.join(', ')}: ${e.message}`);
    return e;
  }
  assert.fail('the verifier accepted a proof of a false statement');
}

/** Asserts that the prover's witness check refuses `t`, with a message matching `why`. */
export function proverRefuses(image: ElfImage, t: MachineTrace, why: RegExp, exitCode = t.exitCode): void {
  assert.throws(
    () => prove(t.air, toWitness(t), starkStatement(statementOf(image, claimFor(t, exitCode))), CFG),
    (e: unknown) => e instanceof StarkError && e.code === 'UNSATISFIED' && why.test(e.message),
  );
}

/**
 * The row-wise checker's verdict on `t`: with `labels` empty, every constraint holds on every row and only
 * the logUp sum is off; otherwise exactly those constraints fail and the lookups balance.
 */
export function onlyFails(image: ElfImage, t: MachineTrace, exitCode: number, labels: string[] = []): void {
  const r = checkWitness(t.air, toWitness(t), { statement: starkStatement(statementOf(image, claimFor(t, exitCode))) });
  assert.deepEqual([...new Set(r.failures.map((f) => f.label))], labels);
  assert.equal(qm31.isZero(r.logUpTotal), labels.length > 0, 'logUp balance');
}

/** All three checks: exactly `labels` fail (or, with none, only the logUp sum), the prover refuses, the verifier rejects. */
export function rejected(image: ElfImage, t: MachineTrace, labels: string[] = [], exitCode = t.exitCode): void {
  onlyFails(image, t, exitCode, labels);
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  proverRefuses(image, t, labels.length ? new RegExp(esc(labels[0]!)) : /logUp/, exitCode);
  forcedRejected(image, t, exitCode, labels.length ? undefined : ['LOGUP_SUM']);
}

/** The claim of trace `t` (its public input and output) with exit code `exitCode`. */
export function claimFor(t: MachineTrace, exitCode = t.exitCode): ExecutionClaim {
  return { exitCode, publicInput: t.publicInput, publicOutput: t.publicOutput };
}

/** A claim with empty public input and output. */
export function claimOf(exitCode: number): ExecutionClaim {
  return { exitCode, publicInput: new Uint8Array(0), publicOutput: new Uint8Array(0) };
}
