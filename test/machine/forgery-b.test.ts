/**
 * Coordinated forgeries against the components of audit group b (`docs/soundness.md`, part b): witnesses in
 * which several rows are changed together so that every lookup balances, forced through `proveUnchecked`
 * and shown to be rejected by the verifier. Each test also checks, with the row-wise checker, which
 * constraint is the one that catches the forgery, so that a test keeps meaning what it says when the
 * components change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXIT, LOAD, REG_FINAL, recountTables, traceColumn } from '../../src/machine/index.js';
import { traceFromPcs } from '../util/replay.js';
import type { MachineTrace } from '../../src/machine/index.js';
import { execute } from '../../src/vm/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { DATA_BASE, program } from '../util/asm.js';
import { forcedRejected, onlyFails } from './helpers.js';

/** Register a0. */
const A0 = 10;
/** The byte LB reads: ≥ 0x80, so LB sign-extends it and LBU does not. */
const BYTE = 0x81;

/** `lb a0, 0(DATA_BASE)` of the byte {@link BYTE}, then exit with a0: the honest exit code is 0xffffff81. */
function loadByteRun(): { image: ElfImage; t: MachineTrace } {
  const image = program(`li s1, ${DATA_BASE}\nlb a0, 0(s1)\nli a7, 93\necall`, { data: Uint8Array.of(BYTE, 0, 0, 0) });
  const r = execute(image, { mode: 'traced' });
  assert.equal(r.exitCode >>> 0, 0xffffff81);
  return { image, t: traceFromPcs(image, Array.from(r.trace!.pc)) };
}

/**
 * LB treated as LBU: the real Load row keeps the byte 0x81 but claims sign bit s = 0, so it writes
 * 0x00000081 to a0 and the run exits with 0x81 (the exit row and a0's final value follow). Its sign lookup
 * U16(2^8·x + 2^15 − 2^16·s) = U16(65792) is outside the table.
 */
function forgeUnsignedLb(t: MachineTrace): void {
  const col = (c: string, n: string) => traceColumn(t, c, n);
  assert.equal(col(LOAD, 'is_real')[0], 1);
  assert.equal(col(LOAD, 'x')[0], BYTE);
  assert.equal(col(LOAD, 's')[0], 1);
  col(LOAD, 's')[0] = 0;
  col(LOAD, 'a_l')[0] = BYTE;
  col(LOAD, 'a_h')[0] = 0;
  col(EXIT, 'a0_l')[0] = BYTE;
  col(EXIT, 'a0_h')[0] = 0;
  col(REG_FINAL, 'v_l')[A0] = BYTE;
  col(REG_FINAL, 'v_h')[A0] = 0;
}

test('forgery b: a wrong LB sign bit alone leaves its sign tuple unbalanced', () => {
  const { image, t } = loadByteRun();
  forgeUnsignedLb(t);
  recountTables(t);
  onlyFails(image, t, BYTE);
  forcedRejected(image, t, BYTE, ['LOGUP_SUM']);
});

test('forgery b: a padding Load row with a flag cannot cancel the wrong sign tuple (flags only on real rows)', () => {
  // Coordinated with a padding row (is_real = 0) that sets is_lh = 1: LB's selector is_real − Σ flags, the
  // multiplicity of the LB sign lookup, becomes −1 there, so that row *provides* U16(2^8·x + 2^15 − 2^16·s)
  // for its own x, s. With x = 0x81, s = 0 that is exactly the real row's missing tuple (65792); the padding
  // row's LH sign lookup (multiplicity is_lh = 1) asks for U16(0x81 + 2^15), which the table has. Its value
  // columns are set so that every other constraint of the row holds (v = x = a = 0x81). The logUp sum then
  // balances and the only failing constraint on any row is `flags only on real rows`: it is what makes a
  // padding row inert, and the verifier rejects the proof on the constraint check.
  const { image, t } = loadByteRun();
  forgeUnsignedLb(t);
  const col = (n: string) => traceColumn(t, LOAD, n);
  const pad = 1;
  assert.equal(col('is_real')[pad], 0);
  col('is_lh')[pad] = 1;
  col('x')[pad] = BYTE;
  col('v_l')[pad] = BYTE;
  col('v0')[pad] = BYTE;
  col('a_l')[pad] = BYTE;
  recountTables(t);
  onlyFails(image, t, BYTE, ['flags only on real rows']);
  forcedRejected(image, t, BYTE, ['CONSTRAINTS']);
});
