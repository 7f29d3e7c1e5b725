/**
 * Every guest of the executor corpus (`guest/corpus`, C, C++ and Rust) that fits one proof (at most
 * MAX_PROVE_CYCLES = 2^21 cycles) proves and verifies, and the verified public output equals what the executor
 * (`zkvm run`, itself checked against qemu in test/corpus.test.ts) printed; the longer ones are refused with
 * a clear TOO_LARGE error (splitting runs is a later issue). Uses the test STARK configuration: the
 * arithmetization is what is under test here; the default configuration's round trip is covered by the SDK
 * and CLI tests.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MachineError, MAX_PROVE_CYCLES, proveExecution, verifyExecution } from '../../src/machine/index.js';
import { execute, parseElf } from '../../src/vm/index.js';
import { CFG, LOOSE } from './helpers.js';

const CORPUS = 'guest/corpus';
const read = (p: string) => (existsSync(p) ? new Uint8Array(readFileSync(p)) : new Uint8Array(0));

const guests = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(CORPUS, d.name, `${d.name}.elf`)))
  .map((d) => d.name)
  .sort();

describe('every corpus guest proves and verifies with the output zkvm run prints', () => {
  it('finds the whole corpus', () => assert.ok(guests.length >= 23, `${guests.length} guests`));
  for (const name of guests) {
    it(name, () => {
      const dir = join(CORPUS, name);
      const image = parseElf(readFileSync(join(dir, `${name}.elf`)));
      const publicInput = read(join(dir, 'public.bin'));
      const privateInput = read(join(dir, 'private.bin'));
      const run = execute(image, { mode: 'fast', publicInput, privateInput });
      if (run.cycles > MAX_PROVE_CYCLES) {
        assert.throws(
          () => proveExecution(image, CFG, { execute: { publicInput, privateInput } }),
          (e: unknown) => e instanceof MachineError && e.code === 'TOO_LARGE' && /more than 2097152 cycles/.test(e.message),
        );
        return;
      }
      const { statement: claim, proof } = proveExecution(image, CFG, { execute: { publicInput, privateInput } });
      assert.deepEqual(claim.publicOutput, run.publicOutput);
      assert.equal(claim.exitCode, run.exitCode);
      verifyExecution(image, claim, proof, CFG, LOOSE);
      // The same proof does not verify another output (a flipped last byte) — the statement is bound.
      if (run.publicOutput.length > 0) {
        const out = Uint8Array.from(run.publicOutput);
        out[out.length - 1] ^= 1;
        assert.throws(() => verifyExecution(image, { ...claim, publicOutput: out }, proof, CFG, LOOSE));
      }
    });
  }
});
