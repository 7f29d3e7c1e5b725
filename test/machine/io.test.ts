/**
 * The read and write system calls in the machine AIR: a run that reads its public input in chunks (with a
 * short read and an end-of-file read), reads private input, writes public output and the debug log, and
 * leaves public input unread (drained at exit) proves and verifies exactly its statement, and the proof is
 * rejected for a flipped input byte (read or drained), a flipped output byte, a shorter or longer output, a
 * shorter or empty input and another exit code. Witnesses with a forged output byte and a matching claim
 * (the byte-selection constraint), a short public read (the min constraint) and a private byte out of
 * range (the byte check) are rejected. The verifier's one-fraction sum of the public logUp terms is checked
 * against one inverse per public tuple.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ECALL_IO, FIRST_TS, HALT, IN, IN_LEN, INITIAL_TS, IO_BYTE, starkStatement, statementOf, N_REGS, OUT, publicTerms, REG, STATE, proveExecution, toWitness, recountTables, traceColumn, traceFromExecution, verifyExecution, ZERO_END } from '../../src/machine/index.js';
import { traceFromPcs } from '../util/replay.js';
import type { ExecutionClaim, MachineTrace } from '../../src/machine/index.js';
import { VerificationError } from '../../src/stark/index.js';
import { execute } from '../../src/vm/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { DATA_BASE, program } from '../util/asm.js';
import { CFG, claimFor, forcedRejected, LOOSE, proverRefuses, rejected } from './helpers.js';
import { checkWitness, combine } from '../../src/air/index.js';
import { qm31 } from '../../src/field/index.js';

const PUBLIC = Uint8Array.from({ length: 23 }, (_, i) => (i * 53 + 7) & 0xff);
const PRIVATE = Uint8Array.from([0x11, 0xfe, 0x80, 0x7f, 0x00, 0x42]);

/** A syscall: read/write(fd, buf, count). */
const sys = (num: number, fd: number, buf: number, count: number) => `li a0, ${fd}\nli a1, ${buf}\nli a2, ${count}\nli a7, ${num}\necall\n`;

/**
 * Reads 10 public bytes at an odd address, then 4 more, writes them back to fd 1 (the first 10 from the
 * odd address), writes a string to fd 2, reads private input (asks for 8, gets 6), writes its sum as one
 * byte to fd 1, and exits with the byte count of the second public read, leaving 9 public bytes unread.
 */
const SRC =
  sys(63, 3, DATA_BASE + 1, 10) +
  sys(63, 3, DATA_BASE + 16, 4) +
  sys(64, 1, DATA_BASE + 1, 10) +
  sys(64, 1, DATA_BASE + 16, 4) +
  sys(64, 2, DATA_BASE + 16, 3) +
  sys(63, 0, DATA_BASE + 32, 8) +
  `li t0, ${DATA_BASE + 32}\nli t1, 0\nli t2, 0\nloop: lbu t3, 0(t0)\nadd t2, t2, t3\naddi t0, t0, 1\naddi t1, t1, 1\nli t4, 6\nblt t1, t4, loop\n` +
  `li t0, ${DATA_BASE + 48}\nsb t2, 0(t0)\n` +
  sys(64, 1, DATA_BASE + 48, 1) +
  'li a7, 93\nli a0, 4\necall\n';

function run(src: string, publicInput = PUBLIC, privateInput = PRIVATE): { image: ElfImage; trace: MachineTrace; pcs: number[]; output: Uint8Array } {
  const image = program(src);
  const r = execute(image, { mode: 'traced', publicInput, privateInput });
  const trace = traceFromExecution(image, r, undefined, { publicInput, privateInput });
  return { image, trace, pcs: Array.from(r.trace!.pc), output: r.publicOutput };
}

test('machine I/O: reads, writes and the drain prove and verify exactly the statement', () => {
  const { image, output } = run(SRC);
  const sum = PRIVATE.reduce((a, b) => a + b, 0) & 0xff;
  assert.deepEqual(output, Uint8Array.from([...PUBLIC.subarray(0, 14), sum]));
  const { statement: claim, proof } = proveExecution(image, CFG, { execute: { publicInput: PUBLIC, privateInput: PRIVATE } });
  assert.deepEqual(claim.publicOutput, output);
  assert.deepEqual(claim.publicInput, PUBLIC);
  verifyExecution(image, claim, proof, CFG, LOOSE);
  const bad = (c: Partial<ExecutionClaim>) => assert.throws(() => verifyExecution(image, { ...claim, ...c }, proof, CFG, LOOSE), VerificationError);
  const flip = (b: Uint8Array, i: number) => Uint8Array.from(b, (x, j) => (j === i ? x ^ 1 : x));
  bad({ publicOutput: flip(output, 0) });
  bad({ publicOutput: flip(output, 14) });
  bad({ publicOutput: output.subarray(0, 14) });
  bad({ publicOutput: Uint8Array.from([...output, 0]) });
  bad({ publicInput: flip(PUBLIC, 3) });
  bad({ publicInput: flip(PUBLIC, 22) }); // an unread (drained) byte
  bad({ publicInput: PUBLIC.subarray(0, 22) });
  bad({ publicInput: new Uint8Array(0) });
  bad({ exitCode: 5 });
});

test('machine I/O: an end-of-file read returns 0 and proves', () => {
  const src = sys(63, 3, DATA_BASE, 100) + sys(63, 3, DATA_BASE, 100) + 'mv s0, a0\n' + sys(64, 1, DATA_BASE, 5) + 'mv a0, s0\nli a7, 93\necall\n';
  const { image } = run(src, PUBLIC.subarray(0, 5));
  const { statement: claim, proof } = proveExecution(image, CFG, { execute: { publicInput: PUBLIC.subarray(0, 5) } });
  assert.equal(claim.exitCode, 0);
  verifyExecution(image, claim, proof, CFG, LOOSE);
});

/** The honest witness of SRC re-traced with `edit` applied and the tables recounted. */
function mutated(edit: (col: (comp: string, name: string) => Uint32Array, t: MachineTrace) => MachineTrace | void): { image: ElfImage; t: MachineTrace } {
  const { image, pcs } = run(SRC);
  let t = traceFromPcs(image, pcs, undefined, { publicInput: PUBLIC, privateInput: PRIVATE });
  t = edit((comp, name) => traceColumn(t, comp, name), t) ?? t;
  recountTables(t);
  return { image, t };
}

test('machine I/O: a forged output byte is rejected even when the claim matches it', () => {
  const { image, t } = mutated((col, t) => {
    // Copy row 14 is the first byte written to fd 1 (after 10 + 4 input rows); claim the forged byte too.
    const byte = col(IO_BYTE, 'byte');
    assert.equal(col(IO_BYTE, 'is_out')[14], 1);
    byte[14] ^= 1;
    const out = Uint8Array.from(t.publicOutput);
    out[0] ^= 1;
    return { ...t, publicOutput: out };
  });
  rejected(image, t, ['output byte is the addressed byte']);
});

test('machine I/O: a short public read is rejected', () => {
  // The first read (k = 10) claims k = 9: the min equation fails (and its copy chain no longer closes).
  const { image, t } = mutated((col) => {
    col(ECALL_IO, 'k_l')[0] = 9;
  });
  const r = checkWitness(t.air, toWitness(t), { statement: starkStatement(statementOf(image, claimFor(t))) });
  assert.deepEqual([...new Set(r.failures.map((f) => f.label))], ['read fd 3: k = min(count, in_len − in_cur)']);
  proverRefuses(image, t, /k = min|logUp/);
  forcedRejected(image, t);
});

test('machine I/O: a private input byte out of range is rejected', () => {
  // The private read's first copy row writes 0x111 instead of 0x11, with the word it writes following:
  // every constraint holds; the byte check (AND table) and the later reads of that word do not balance.
  const { image, t } = mutated((col) => {
    const priv = col(IO_BYTE, 'is_priv');
    const r = priv.indexOf(1);
    col(IO_BYTE, 'byte')[r] += 0x100;
    col(IO_BYTE, 'n_l')[r] += 0x100;
  });
  rejected(image, t);
});

test('the public logUp terms equal the sum of one inverse per public tuple (cross-check of the one-fraction sum)', () => {
  let seed = 12345;
  const r = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 0x7fffffff;
  const felt = (): readonly [number, number, number, number] => [r(), r(), r(), r()];
  const elements = new Map([STATE, HALT, REG, IN, OUT, ZERO_END].map((rel) => [rel.name, { z: felt(), alpha: felt() }]));
  const image = program('li a7, 93\necall');
  const claim = { exitCode: -7, publicInput: Uint8Array.from({ length: 300 }, (_, i) => (i * 31) & 0xff), publicOutput: Uint8Array.from([0, 255, 9]) };
  const statement = starkStatement(statementOf(image, claim));
  const term = (rel: typeof STATE, vals: number[]) => qm31.inv(combine(rel, elements.get(rel.name)!, vals.map(qm31.fromM31)));
  const code = claim.exitCode >>> 0;
  let expected = qm31.sub(term(STATE, [0x1234, FIRST_TS]), term(HALT, [code & 0xffff, code >>> 16, claim.publicOutput.length]));
  expected = qm31.sub(expected, term(ZERO_END, [0]));
  for (let i = 0; i < N_REGS; i++) expected = qm31.add(expected, term(REG, [i, i === IN_LEN ? claim.publicInput.length : 0, 0, INITIAL_TS]));
  claim.publicInput.forEach((b, i) => (expected = qm31.add(expected, term(IN, [i, b]))));
  claim.publicOutput.forEach((b, i) => (expected = qm31.sub(expected, term(OUT, [i, b]))));
  assert.deepEqual(publicTerms(0x1234, statement, elements), expected);
});
