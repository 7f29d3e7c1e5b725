/**
 * Small programs that prove today (registers, branches, exit) and helpers shared by the SDK proof tests.
 */
import assert from 'node:assert/strict';
import type { ElfImage } from '../../src/vm/elf.js';
import { program } from '../util/asm.js';

/** Exit code of {@link LOOP}. */
export const LOOP_EXIT = 7;

/** A loop of ten iterations, then exit with code 7 (24 cycles). */
export const LOOP = `
  li a0, ${LOOP_EXIT}
  li t0, 10
loop:
  addi t0, t0, -1
  bnez t0, loop
  li a7, 93
  ecall
`;

/** Another program (exits with 8): proofs of {@link LOOP} must not verify against it. */
export const OTHER = `
  li a0, 8
  li a7, 93
  ecall
`;

/** The image of {@link LOOP}. */
export const loopImage = (): ElfImage => program(LOOP);
/** The image of {@link OTHER}. */
export const otherImage = (): ElfImage => program(OTHER);

/** Verifier options for proofs made with the test configuration (about 8 bits): the verifier accepts it only when named. */
export const LOOSE = { config: 'test' } as const;

/** Asserts that `f` throws an error of class `cls` with `code` and a message matching `message`; returns it. */
export function throwsCode<E extends Error & { code: string }>(f: () => unknown, cls: abstract new (...args: never[]) => E, code: string, message?: RegExp): E {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof cls, `expected a ${cls.name}, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected a ${cls.name} ${code}, nothing was thrown`);
}
