/**
 * The workload of the continuations benchmark (`bench/shards.ts`): a loop whose cycle count is set
 * exactly, and which keeps registers and a 16 KiB table of memory busy (loads, stores of words and
 * bytes, a multiply, shifts, compares), so that every shard's register and memory boundaries carry real
 * state rather than one counter. It writes 8 public bytes and exits with a checksum, so the statement
 * has an output to bind.
 * @module
 */
import type { ElfImage } from '../src/sdk/index.js';
import { execute } from '../src/vm/index.js';
import { DATA_BASE, program } from '../test/util/asm.js';

/** Bytes of the table the loop walks (4,096 words; the stride below is odd in words, so it visits them all). */
const TABLE_BYTES = 0x4000;

function source(rounds: number): string {
  return `
    li s0, ${DATA_BASE}
    li s1, ${rounds}
    li s2, ${TABLE_BYTES - 4}
    li s3, 0x9e3779b1
    li s4, 0
    li t0, 0
    li t1, 0x2545f491
  loop:
    and t3, t0, s2
    add t4, s0, t3
    lw t2, 0(t4)
    add t2, t2, t1
    mul t5, t2, s3
    srli t6, t5, 13
    xor t1, t1, t6
    sw t2, 0(t4)
    sb t1, 2(t4)
    sltu t6, t2, t1
    add s4, s4, t6
    addi t0, t0, 28
    addi s1, s1, -1
    bnez s1, loop
    sw t1, 0(s0)
    sw s4, 4(s0)
    li a0, 1
    mv a1, s0
    li a2, 8
    li a7, 64
    ecall
    andi a0, t1, 255
    li a7, 93
    ecall`;
}

function image(rounds: number): ElfImage {
  return program(source(rounds), { dataSize: TABLE_BYTES });
}

/** Cycles of a run of `rounds` iterations, from the executor (so the sizing below never drifts from the code). */
function cyclesOf(rounds: number): number {
  return execute(image(rounds), { mode: 'fast' }).cycles;
}

/**
 * The workload sized to the largest run of at most `cycles` cycles (within one loop iteration of it).
 * @returns the image and its exact cycle count (from running it)
 * @throws RangeError if `cycles` is below one iteration's run
 */
export function memoryLoop(cycles: number): { readonly image: ElfImage; readonly cycles: number } {
  const one = cyclesOf(1);
  if (!(cycles >= one)) throw new RangeError(`the workload needs at least ${one} cycles, not ${cycles}`);
  const perRound = cyclesOf(3) - cyclesOf(2);
  // The estimate can be off by the prologue's length, which grows once `li` of the count needs two instructions.
  let rounds = 1 + Math.floor((cycles - one) / perRound);
  let exact = cyclesOf(rounds);
  while (exact > cycles && rounds > 1) exact = cyclesOf(--rounds);
  return Object.freeze({ image: image(rounds), cycles: exact });
}
