/**
 * Every guest of the executor corpus (`guest/corpus`, C, C++ and Rust) proves and verifies, and the verified
 * public output equals what the executor (`zkvm run`, itself checked against qemu in test/corpus.test.ts)
 * printed:
 * - a run of at most MAX_PROVE_CYCLES (2^21) cycles in one proof (`proveExecution`);
 * - a longer run of at most CI_SHARDED_CYCLES in shards of DEFAULT_SHARD_CYCLES (`proveSharded`), verified
 *   against the claim `execute` gives;
 * - the longest runs (12 to 15 million cycles: minutes each, too long for CI) are proven and verified by the
 *   benchmark `bench/corpus-shards.ts` (`bench/results/corpus-shards.md`); here their runs are planned: the
 *   shard count is within MAX_SHARDS and the planned statement is `execute`'s.
 * Uses the test STARK configuration: the arithmetization is what is under test here; the default
 * configuration's round trip is covered by the SDK and CLI tests and by the benchmark.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SHARD_CYCLES, MAX_PROVE_CYCLES, MAX_SHARDS, planShards, proveExecution, proveSharded, verifyExecution, verifySharded } from '../../src/machine/index.js';
import type { ExecutionClaim } from '../../src/machine/index.js';
import { VerificationError } from '../../src/stark/index.js';
import { execute, parseElf } from '../../src/vm/index.js';
import { CFG, LOOSE } from './helpers.js';

const CORPUS = 'guest/corpus';
/**
 * Longest run proven in shards here: the three guests below it (2.1 to 2.8 million cycles) took 45 to 53 s
 * each with the test configuration at shards of 2^19, on 2 cores under load
 * (`bench/results/corpus-shards-test.md`); hashmap and sieve (4.0 and 4.2 million) and the four of 12 to 15
 * million are planned here and proven by `npm run bench:corpus-shards`, to keep CI within its time.
 */
const CI_SHARDED_CYCLES = 3_000_000;
const read = (p: string) => (existsSync(p) ? new Uint8Array(readFileSync(p)) : new Uint8Array(0));

const guests = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(CORPUS, d.name, `${d.name}.elf`)))
  .map((d) => d.name)
  .sort();

/** The claim with its public output's last byte flipped (a false statement about the same run). */
function flippedOutput(claim: ExecutionClaim): ExecutionClaim {
  const out = Uint8Array.from(claim.publicOutput);
  out[out.length - 1] ^= 1;
  return { ...claim, publicOutput: out };
}

describe('every corpus guest proves and verifies with the output zkvm run prints', () => {
  it('finds the whole corpus', () => assert.ok(guests.length >= 23, `${guests.length} guests`));
  for (const name of guests) {
    it(name, () => {
      const dir = join(CORPUS, name);
      const image = parseElf(readFileSync(join(dir, `${name}.elf`)));
      const publicInput = read(join(dir, 'public.bin'));
      const privateInput = read(join(dir, 'private.bin'));
      const inputs = { publicInput, privateInput };
      const run = execute(image, { mode: 'fast', ...inputs });
      const claim: ExecutionClaim = { exitCode: run.exitCode, publicInput, publicOutput: run.publicOutput };
      if (run.cycles > CI_SHARDED_CYCLES) {
        const plan = planShards({ image, config: CFG, shardCycles: DEFAULT_SHARD_CYCLES, execute: inputs });
        assert.equal(plan.cycles, run.cycles);
        assert.equal(plan.count, Math.ceil(run.cycles / DEFAULT_SHARD_CYCLES));
        assert.ok(plan.count <= MAX_SHARDS, `${plan.count} shards`);
        assert.deepEqual(plan.statement.publicOutput, run.publicOutput);
        assert.equal(plan.statement.exitCode, run.exitCode);
        return;
      }
      if (run.cycles > MAX_PROVE_CYCLES) {
        const p = proveSharded(image, CFG, { execute: inputs });
        assert.equal(p.cycles, run.cycles);
        assert.equal(p.proof.shards.length, Math.ceil(run.cycles / DEFAULT_SHARD_CYCLES));
        verifySharded(image, claim, p.proof, CFG, LOOSE);
        if (run.publicOutput.length > 0) assert.throws(() => verifySharded(image, flippedOutput(claim), p.proof, CFG, LOOSE), VerificationError);
        return;
      }
      const { statement, proof } = proveExecution(image, CFG, { execute: inputs });
      assert.deepEqual(statement.publicOutput, run.publicOutput);
      assert.equal(statement.exitCode, run.exitCode);
      verifyExecution(image, claim, proof, CFG, LOOSE);
      // The same proof does not verify another output (a flipped last byte) — the statement is bound.
      if (run.publicOutput.length > 0) assert.throws(() => verifyExecution(image, flippedOutput(claim), proof, CFG, LOOSE), VerificationError);
    });
  }
});
