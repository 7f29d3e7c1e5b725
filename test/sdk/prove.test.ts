/**
 * The SDK's `prove` and `verify`: a proof verifies against its program and returns the statement; each
 * wrong expectation (public input, output, exit code), another program and too little security is
 * rejected with its own code and a message saying what did not match; flipping any byte of the proof file
 * makes `verify` throw a ProofRejectedError (never accept, crash or hang); runs that cannot be proven get a
 * ProveError naming why; progress is reported phase by phase; the default configuration gives ≥ 100 bits
 * with zero knowledge.
 *
 * Byte flips: by default every byte of the first and last 512 bytes and every 17th byte between (about
 * 3,500 verifications, ~15 s here); `ZKVM_FLIP_EVERY_BYTE=1` flips every byte (~44,000, a few minutes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_PROVE_CONFIG,
  decodeProofFile,
  PROGRESS_PHASES,
  ProofRejectedError,
  prove,
  ProveError,
  TEST_STARK_CONFIG,
  verify,
} from '../../src/sdk/index.js';
import type { ProveProgress } from '../../src/sdk/index.js';
import { starkSecurityBits } from '../../src/stark/index.js';
import { program } from '../util/asm.js';
import { imageToElf } from '../util/elf-writer.js';
import { single } from '../util/kinds.js';
import { LOOSE, loopImage, LOOP_EXIT, otherImage, throwsCode } from './fixture.js';

const image = loopImage();
const PUBLIC_INPUT = new TextEncoder().encode('public');
const progress: ProveProgress[] = [];
const made = prove(image, { config: TEST_STARK_CONFIG, publicInput: PUBLIC_INPUT, privateInput: new TextEncoder().encode('secret'), onProgress: (p) => progress.push(p) });

const rejected = (f: () => unknown, code: string, message: RegExp) => throwsCode(f, ProofRejectedError, code, message);

test('prove → verify: the verified statement is the run\'s (from bytes, an ELF file, a decoded file or the prove result)', () => {
  assert.equal(made.cycles, 24);
  assert.equal(made.statement.exitCode, LOOP_EXIT);
  assert.deepEqual(made.statement.publicInput, PUBLIC_INPUT);
  assert.equal(made.securityBits, 8); // the test configuration: 5 PoW bits + 3 queries at blowup 2
  const expect = { ...LOOSE, publicInput: PUBLIC_INPUT, expectOutput: new Uint8Array(0), expectExit: LOOP_EXIT };
  for (const [what, prog, proof] of [
    ['image + bytes', image, made.proof],
    ['ELF bytes + decoded file', imageToElf(image), decodeProofFile(made.proof)],
    ['image + prove result', image, made],
  ] as const) {
    const v = verify(prog, proof, expect);
    assert.equal(v.statement.programId, made.statement.programId, what);
    assert.equal(v.statement.exitCode, LOOP_EXIT, what);
    assert.deepEqual(v.statement.publicInput, PUBLIC_INPUT, what);
    assert.deepEqual(v.statement.publicOutput, new Uint8Array(0), what);
    assert.equal(v.securityBits, made.securityBits, what);
  }
  // Without expectations the statement comes from the proof; unsigned and signed exit codes agree.
  assert.equal(verify(image, made.proof, LOOSE).statement.exitCode, LOOP_EXIT);
  assert.equal(verify(image, made.proof, { ...LOOSE, expectExit: LOOP_EXIT + 2 ** 32 }).statement.exitCode, LOOP_EXIT);
});

test('the private input is nowhere in the proof file', () => {
  const secret = new TextEncoder().encode('secret');
  const hay = Buffer.from(made.proof);
  assert.equal(hay.indexOf(Buffer.from(secret)), -1);
});

test('each wrong expectation is rejected with its code and a message saying what did not match', () => {
  rejected(() => verify(image, made.proof, { ...LOOSE, publicInput: new TextEncoder().encode('publik') }), 'PUBLIC_INPUT_MISMATCH', /public input mismatch.*first difference at byte 5/);
  rejected(() => verify(image, made.proof, { ...LOOSE, publicInput: new Uint8Array(0) }), 'PUBLIC_INPUT_MISMATCH', /6 bytes proven, 0 bytes given/);
  rejected(() => verify(image, made.proof, { ...LOOSE, expectOutput: new Uint8Array([0x68, 0x69]) }), 'OUTPUT_MISMATCH', /public output mismatch.*0 bytes proven, 2 bytes expected/);
  rejected(() => verify(image, made.proof, { ...LOOSE, expectExit: 0 }), 'EXIT_MISMATCH', /proven exit code is 7, expected 0/);
  rejected(() => verify(image, made.proof, { ...LOOSE, expectExit: -7 }), 'EXIT_MISMATCH', /expected -7/);
  rejected(() => verify(otherImage(), made.proof, LOOSE), 'PROGRAM_MISMATCH', new RegExp(`about program ${made.statement.programId}, not [0-9a-f]{64}`));
  rejected(() => verify(image, made.proof), 'CONFIG_NOT_ACCEPTED', /made with preset test, the verifier accepts default/);
  rejected(() => verify(image, made.proof, { config: 'test-zk' }), 'CONFIG_NOT_ACCEPTED', /made with preset test, the verifier accepts test-zk/);
  rejected(() => verify(image, made.proof, { config: 'no-such-preset' }), 'CONFIG_NOT_ACCEPTED', /unknown configuration preset/);
  rejected(() => verify(image, made.proof, { config: 'test', minSecurityBits: 9 }), 'INSUFFICIENT_SECURITY', /below the required 9/);
});

test('a statement edited in the file (exit code, public input or output) is an invalid proof', () => {
  const f = single(decodeProofFile(made.proof));
  const edits = [
    { ...f.statement, exitCode: 8 },
    { ...f.statement, publicInput: new TextEncoder().encode('public!') },
    { ...f.statement, publicOutput: new Uint8Array([1]) },
  ];
  for (const statement of edits) rejected(() => verify(image, { ...f, statement }, LOOSE), 'INVALID_PROOF', /invalid proof/);
  // Other sizes change the AIR, hence the transcript.
  rejected(() => verify(image, { ...f, sizes: { ...f.sizes, branch: f.sizes.branch + 1 } }, LOOSE), 'INVALID_PROOF', /invalid proof/);
});

test('flipping bytes of the proof file: verify always throws a ProofRejectedError', () => {
  const b = made.proof;
  const all = process.env.ZKVM_FLIP_EVERY_BYTE === '1';
  const positions: number[] = [];
  for (let i = 0; i < b.length; i++) if (all || i < 512 || i >= b.length - 512 || i % 17 === 0) positions.push(i);
  const codes = new Map<string, number>();
  const t0 = performance.now();
  for (const i of positions) {
    const t = b.slice();
    t[i]! ^= 1 << (i % 8);
    try {
      verify(image, t, LOOSE);
    } catch (e) {
      if (!(e instanceof ProofRejectedError)) assert.fail(`byte ${i}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      const inner = (e.cause as { code?: string } | undefined)?.code;
      const k = inner ? `${e.code}/${inner}` : e.code;
      codes.set(k, (codes.get(k) ?? 0) + 1);
      continue;
    }
    assert.fail(`byte ${i} flipped (bit ${i % 8}): the proof was accepted`);
  }
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`${positions.length} of ${b.length} bytes flipped in ${s} s, all rejected: ${[...codes].map(([k, n]) => `${k} ${n}`).join(', ')}`);
});

/** A page of code ending at 2^31: the executor runs it, the program table cannot hold it. */
const HIGH_CODE = 0x7ffff000;

test('runs that cannot be proven get a ProveError that says why', () => {
  const cfg = { config: TEST_STARK_CONFIG };
  // Every instruction the executor completes is provable (fence too, as a no-op); what is left unprovable is
  // a program the machine cannot arithmetize: code reaching 2^31 − 8, where pc + 4 leaves the field.
  throwsCode(() => prove(program('li a7, 93\necall', { textAddr: HIGH_CODE, dataSize: 0 }), cfg), ProveError, 'UNSUPPORTED', /code window \[0x7ffff000, \+4096\) reaches 2\^31/);
  throwsCode(() => prove(program('ebreak'), cfg), ProveError, 'GUEST_FAULT', /ebreak/);
  throwsCode(() => prove(program('loop: j loop'), { ...cfg, maxCycles: 1000 }), ProveError, 'CYCLE_LIMIT', /cycle limit \(1000 cycles\)/);
  throwsCode(() => prove(program('li a7, 93\nlw a0, 0(zero)\necall'), cfg), ProveError, 'GUEST_FAULT', /out-of-bounds/);
  throwsCode(() => prove(image, { config: { ...TEST_STARK_CONFIG, zeroKnowledge: 'yes' } as never }), ProveError, 'INVALID_INPUT', /configuration/);
});

test('progress: every phase once, in order, with its duration', () => {
  assert.deepEqual(
    progress.map((p) => p.phase),
    [...PROGRESS_PHASES],
  );
  progress.forEach((p, i) => {
    assert.equal(p.done, i + 1);
    assert.equal(p.total, PROGRESS_PHASES.length);
    assert.equal(p.next, PROGRESS_PHASES[i + 1]);
    assert.ok(p.ms >= 0);
  });
});

test('the default preset: zero knowledge, 100 query bits, ≈ 99.3 conjectured with every term; its proofs verify by default', () => {
  assert.equal(DEFAULT_PROVE_CONFIG.zeroKnowledge, true);
  assert.ok(starkSecurityBits(DEFAULT_PROVE_CONFIG, 24) >= 100, 'the query-only estimate');
  const r = prove(image);
  assert.equal(r.preset, 'default');
  assert.equal(r.security.terms.conjectured.queries, 100);
  assert.ok(r.securityBits >= 99 && r.securityBits < 100, `${r.securityBits}: the fixed tables' lookups cost under a bit`);
  assert.equal(r.securityBits, r.security.conjectured);
  const v = verify(image, r.proof, { expectExit: LOOP_EXIT });
  assert.equal(v.securityBits, r.securityBits);
  assert.deepEqual(v.security, r.security);
  assert.equal(v.preset, 'default');
  // Proving by preset name gives the same configuration.
  assert.equal(prove(image, { config: 'test' }).preset, 'test');
  throwsCode(() => prove(image, { config: 'strong' }), ProveError, 'INVALID_INPUT', /unknown configuration preset/);
});
