/**
 * Coordinated forgeries against the components of audit group a (`docs/soundness.md`, part a): witnesses a
 * cheating prover writes (several rows changed together), forced through `proveUnchecked`; the verifier
 * must reject each. Every test here failed (the verifier accepted) before the fix it names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { m31 } from '../../src/field/index.js';
import { JUMP_UPPER, recountTables, traceColumn } from '../../src/machine/index.js';
import { traceFromPcs } from '../util/replay.js';
import { execute } from '../../src/vm/index.js';
import { assembleWithSymbols, program } from '../util/asm.js';
import { forcedRejected, onlyFails } from './helpers.js';

/**
 * JALR to rs1 + imm = 0x7fffffff with bit 0 "kept" (bit0 = 0, 2·h = 0xffff odd, t.h = 0x7fff): pc' =
 * 2·h + 2^16·t.h = 2^31 − 1 = p, i.e. the state (0, ts + 4). With code at address 0 the forged run goes on at
 * pc 0, where the executor faults (the true target 0x7ffffffe is not mapped). Before the fix (U16(h) next
 * to U16(2·h), so 2·h is an even integer and pc' ≤ p − 1) every constraint held and logUp balanced.
 */
const ALIAS_SRC = `
  addi a0, a0, 1
  li t1, 2
  beq a0, t1, done
  li t0, 0x7fffffff
jump:
  jalr zero, 0(t0)
done:
  li a7, 93
  ecall
`;

test('JALR: a target of 2^31 − 1 does not alias pc 0 (p ≡ 0)', () => {
  const image = program(ALIAS_SRC, { textAddr: 0 });
  // The honest run faults at the jump (fetch at 0x7ffffffe): there is no true statement about its exit.
  assert.throws(() => execute(image));
  const { words, symbols } = assembleWithSymbols(ALIAS_SRC, 0);
  const jump = symbols.get('jump')!;
  const done = symbols.get('done')!;
  assert.equal(words.length * 4, done + 8);
  // Claimed path: 0 … jump, back to 0 (the alias), then to done with a0 = 2, exit code 2.
  const first = Array.from({ length: jump / 4 + 1 }, (_, i) => 4 * i);
  const pcs = [...first, 0, 4, 8, done, done + 4];
  const t = traceFromPcs(image, pcs);
  assert.equal(t.exitCode, 2);
  const col = (name: string) => traceColumn(t, JUMP_UPPER, name);
  const isJalr = col('is_jalr');
  const J = [...isJalr.keys()].find((r) => isJalr[r] === 1)!;
  assert.equal(col('b_l')[J], 0xffff);
  assert.equal(col('b_h')[J], 0x7fff);
  col('bit0')[J] = 0;
  col('h')[J] = m31.div(0xffff, 2);
  col('k1')[J] = 0;
  col('t_h')[J] = 0x7fff;
  col('k2')[J] = 0;
  col('pc_next')[J] = 0; // 0xffff + 2^16·0x7fff = p
  recountTables(t);
  forcedRejected(image, t, 2, ['LOGUP_SUM']);
  onlyFails(image, t, 2, []);
});
