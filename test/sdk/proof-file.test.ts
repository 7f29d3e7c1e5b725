/**
 * The proof file format (`machine/proof-file.ts`): a round trip keeps every field and re-encodes to the
 * same bytes; strict decoding turns every prefix, trailing bytes, garbage, a wrong magic, version or AIR,
 * absurd lengths and sizes, an invalid or inconsistent configuration and a malformed STARK proof into a
 * ProofFileError with the right code and a message naming the field — never another exception, and fast.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeProofFile,
  encodeProofFile,
  looksLikeProofFile,
  MACHINE_AIR_NAME,
  ProofFileError,
  PROOF_FILE_VERSION,
  SHARDED_PROOF_FILE_VERSION,
  SIZE_KEYS,
} from '../../src/machine/index.js';
import type { ProofFileErrorCode } from '../../src/machine/index.js';
import { prove, TEST_STARK_CONFIG } from '../../src/sdk/index.js';
import { PROOF_HEADER_BYTES, serializeProof } from '../../src/stark/index.js';
import { single } from '../util/kinds.js';
import { rng } from '../util/rng.js';
import { loopImage, LOOP_EXIT, throwsCode } from './fixture.js';

const PUBLIC_INPUT = new Uint8Array([1, 2, 3, 4, 5]);
// The loop program ignores its public input; the statement still carries it.
const made = single(prove(loopImage(), { config: TEST_STARK_CONFIG, publicInput: PUBLIC_INPUT }));
const bytes = made.proof;

/** Offsets of the fields (see the module note of proof-file.ts). */
const NAME_AT = 12;
const CONFIG_AT = NAME_AT + 4 + new TextEncoder().encode(MACHINE_AIR_NAME).length;
const SIZES_AT = CONFIG_AT + 20;
const ID_AT = SIZES_AT + 4 + 4 * SIZE_KEYS.length;
const EXIT_AT = ID_AT + 32;
const INPUT_AT = EXIT_AT + 4;
const OUTPUT_AT = INPUT_AT + 4 + PUBLIC_INPUT.length;
/** The STARK proof's body: the rest of the file (no header of its own). */
const BODY_AT = OUTPUT_AT + 4;

const u32At = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint32(at, true);
function withU32(at: number, v: number, from = bytes): Uint8Array {
  const b = from.slice();
  new DataView(b.buffer).setUint32(at, v >>> 0, true);
  return b;
}
const rejects = (b: Uint8Array, code: ProofFileErrorCode, message?: RegExp) => throwsCode(() => decodeProofFile(b), ProofFileError, code, message);

test('a proof file round-trips: every field decodes as written and re-encodes to the same bytes', () => {
  const f = single(decodeProofFile(bytes));
  assert.equal(f.version, PROOF_FILE_VERSION);
  assert.equal(f.airName, MACHINE_AIR_NAME);
  assert.deepEqual(f.config, TEST_STARK_CONFIG);
  assert.deepEqual(f.sizes, made.sizes);
  assert.equal(f.statement.programId, made.statement.programId);
  assert.equal(f.statement.exitCode, LOOP_EXIT);
  assert.deepEqual(f.statement.publicInput, PUBLIC_INPUT);
  assert.deepEqual(f.statement.publicOutput, new Uint8Array(0));
  assert.deepEqual(encodeProofFile(f), bytes);
  assert.ok(looksLikeProofFile(bytes));
  // The layout the offsets above assume.
  assert.equal(u32At(bytes, EXIT_AT), LOOP_EXIT);
  assert.equal(u32At(bytes, INPUT_AT), PUBLIC_INPUT.length);
  assert.equal(u32At(bytes, BODY_AT), 3, 'the body starts with the count of commitments');
});

test('negative exit codes are stored as two\'s complement and decode signed', () => {
  const f = single(decodeProofFile(bytes));
  const g = decodeProofFile(encodeProofFile({ ...f, statement: { ...f.statement, exitCode: -1 } }));
  assert.equal(g.statement.exitCode, -1);
});

test('every proper prefix of a proof file is TRUNCATED (the empty file too); bytes after it are TRAILING_BYTES', () => {
  const t0 = performance.now();
  rejects(new Uint8Array(0), 'TRUNCATED', /empty/);
  for (let n = 1; n < bytes.length; n++) {
    try {
      decodeProofFile(bytes.subarray(0, n));
      assert.fail(`a prefix of ${n} bytes decoded`);
    } catch (e) {
      assert.ok(e instanceof ProofFileError, `prefix ${n}: ${String(e)}`);
      assert.equal(e.code, 'TRUNCATED', `prefix ${n}: ${e.message}`);
    }
  }
  assert.ok(performance.now() - t0 < 20_000, 'decoding prefixes must be cheap');
  for (const extra of [1, 3, 1000]) {
    const b = new Uint8Array(bytes.length + extra);
    b.set(bytes);
    rejects(b, 'TRAILING_BYTES', new RegExp(`${extra} bytes follow`));
  }
});

test('garbage, a wrong magic or version, and another AIR are refused by name', () => {
  const r = rng(7);
  for (const n of [1, 7, 8, 64, 5000]) {
    const g = Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
    rejects(g, 'BAD_MAGIC', /not a zkvm proof file/);
    // Garbage after a correct magic: some typed error, never a crash.
    const h = new Uint8Array(8 + n);
    h.set(bytes.subarray(0, 8));
    h.set(g, 8);
    assert.throws(() => decodeProofFile(h), ProofFileError);
  }
  const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0, 0, 0, 0, 0]);
  rejects(elf, 'BAD_MAGIC');
  rejects(withU32(8, SHARDED_PROOF_FILE_VERSION + 1), 'UNSUPPORTED_VERSION', new RegExp(`version ${SHARDED_PROOF_FILE_VERSION + 1}, made by a newer`));
  rejects(withU32(8, 1), 'UNSUPPORTED_VERSION', /version 1, made by an older version of zkvm/);
  const other = bytes.slice();
  other[NAME_AT + 4 + 5] ^= 0x01; // 'zkvm/rv32im…' → 'zkvm/sv32im…': another AIR, not another version of this one
  rejects(other, 'UNSUPPORTED_AIR', /this zkvm verifies/);
  const older = bytes.slice();
  older[CONFIG_AT - 1] -= 1; // the AIR's version number, one less (test/machine/hostile-file.test.ts has the rest)
  rejects(older, 'UNSUPPORTED_VERSION', /made by an older version of zkvm/);
  const notUtf8 = bytes.slice();
  notUtf8[NAME_AT + 4] = 0xff;
  rejects(notUtf8, 'MALFORMED', /UTF-8/);
  assert.throws(() => decodeProofFile('not bytes' as unknown as Uint8Array), ProofFileError);
});

test('absurd lengths and sizes are refused before anything is allocated', () => {
  rejects(withU32(NAME_AT, 0xffffffff), 'MALFORMED', /AIR name: length 4294967295 exceeds/);
  rejects(withU32(INPUT_AT, 0xffffffff), 'MALFORMED', /public input: length 4294967295 exceeds/);
  rejects(withU32(INPUT_AT, 1 << 20), 'TRUNCATED', /public input has length 1048576/);
  rejects(withU32(BODY_AT, 4), 'MALFORMED', /STARK proof: commitments: count 4/);
  rejects(withU32(BODY_AT + 4 + 96, 0xffffffff), 'MALFORMED', /STARK proof: claimed sums: count 4294967295 at offset \d+ exceeds the limit/);
  rejects(withU32(SIZES_AT, SIZE_KEYS.length + 1), 'MALFORMED', /component sizes/);
  rejects(withU32(SIZES_AT, 0xffffffff), 'MALFORMED', /component sizes/);
  rejects(withU32(SIZES_AT + 4, 31), 'MALFORMED', new RegExp(`log size of ${SIZE_KEYS[0]}`));
  rejects(withU32(SIZES_AT + 4, 0), 'MALFORMED', new RegExp(`log size of ${SIZE_KEYS[0]}`));
  // Sizes that are each allowed but together exceed the machine's timestamp bound.
  let big = bytes;
  for (let i = 0; i < SIZE_KEYS.length; i++) big = withU32(SIZES_AT + 4 + 4 * i, 24, big);
  rejects(big, 'MALFORMED', /timestamp bound/);
});

test('an invalid configuration, or one the STARK proof does not share, is MALFORMED', () => {
  rejects(withU32(CONFIG_AT + 16, 2), 'MALFORMED', /flags/);
  rejects(withU32(CONFIG_AT + 12, 0), 'MALFORMED', /invalid configuration/);
  // One header: the configuration is stated once, and the STARK proof's body follows the statement.
  const f = single(decodeProofFile(bytes));
  assert.deepEqual(bytes.subarray(BODY_AT), serializeProof(f.proof).subarray(PROOF_HEADER_BYTES));
  assert.deepEqual(bytes.subarray(CONFIG_AT, CONFIG_AT + 20), serializeProof(f.proof).subarray(12, PROOF_HEADER_BYTES));
  const bad = bytes.slice();
  bad[BODY_AT + 4] ^= 0xff; // a commitment byte: still well-formed (the verifier rejects it), not a format error
  assert.equal(single(decodeProofFile(bad)).proof.commitments[0]![0], f.proof.commitments[0]![0]! ^ 0xff);
});

test('encodeProofFile refuses contents that would not decode', () => {
  const f = single(decodeProofFile(bytes));
  const bad = (over: object, why: RegExp) => throwsCode(() => encodeProofFile({ ...f, ...over }), ProofFileError, 'MALFORMED', why);
  bad({ sizes: { ...f.sizes, addSub: 99 } }, /log size/);
  bad({ statement: { ...f.statement, programId: new Uint8Array(31) } }, /program id/);
  bad({ statement: { ...f.statement, exitCode: 2 ** 32 } }, /exit code/);
  bad({ airName: '' }, /AIR name/);
});
