/**
 * Work done once per proof and per verification (issue 10): one `prove` validates its configuration
 * once, commits the preprocessed tree once (the prover's own commitment also serves its self-check and
 * the security estimate needs none) and hashes the program once; one `verify` of the file hashes the
 * program once, validates the file's configuration once and commits the preprocessed tree once. Read
 * from the counters of `stark/work-counts.ts`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prove, TEST_STARK_CONFIG, verify } from '../../src/sdk/index.js';
import { resetWorkCounts, workCounts } from '../../src/stark/work-counts.js';
import { program } from '../util/asm.js';

// A program of its own, so that no earlier verification in this process cached its setup.
const image = program(`
  li a0, 5
  li t0, 3
loop:
  addi t0, t0, -1
  bnez t0, loop
  li a7, 93
  ecall
`);

test('one prove: one configuration validation, one preprocessed commitment, one program hash', () => {
  // A configuration object that no one has validated yet (the presets are validated when loaded).
  const config = { pcs: { ...TEST_STARK_CONFIG.pcs }, zeroKnowledge: false };
  resetWorkCounts();
  const made = prove(image, { config });
  assert.deepEqual(workCounts(), { 'config validation': 1, 'preprocessed commitment': 1, 'program id': 1 });
  resetWorkCounts();
  const v = verify(image, made.proof, { config: 'test', minSecurityBits: 0 });
  assert.equal(v.statement.exitCode, 5);
  assert.deepEqual(workCounts(), { 'config validation': 1, 'preprocessed commitment': 1, 'program id': 1 });
  // A second verification of the same program reuses the setup and its preprocessed root.
  resetWorkCounts();
  verify(image, made.proof, { config: 'test', minSecurityBits: 0 });
  assert.deepEqual(workCounts(), { 'config validation': 1, 'preprocessed commitment': 0, 'program id': 1 });
});
