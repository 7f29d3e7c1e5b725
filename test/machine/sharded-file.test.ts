/**
 * The sharded proof file (`machine/proof-file.ts`, version 3) and its verification (`verify-file.ts`): a
 * round trip keeps every field and re-encodes to the same bytes and verifies; every cut at a field
 * boundary is TRUNCATED, trailing bytes TRAILING_BYTES; wrong shard counts, size counts, sizes and proof
 * lengths are refused by name before any proof is read; a byte flipped in any field, shards reordered or
 * dropped are rejected by the verifier; and the single-proof layout (version 2) still decodes and verifies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeProofFile,
  encodeProofFile,
  MAX_SHARDS,
  ProofFileError,
  ProofRejectedError,
  PROOF_FILE_VERSION,
  proveSharded,
  SHARD_AIR_NAME,
  SHARDED_PROOF_FILE_VERSION,
  shardRegistry,
  verifyProofFile,
} from '../../src/machine/index.js';
import type { ProofFileErrorCode, ShardProof } from '../../src/machine/index.js';
import { prove, verify } from '../../src/sdk/index.js';
import { TEST_STARK_CONFIG, TEST_ZK_STARK_CONFIG } from '../../src/stark/index.js';
import { DATA_BASE, program } from '../util/asm.js';
import { sharded, single } from '../util/kinds.js';
import { rng } from '../util/rng.js';
import { throwsCode } from '../sdk/fixture.js';

const LOOSE = { config: 'test' } as const;
/** A loop over a memory word (2.5k cycles), then 4 bytes of public output and exit 5: three shards of 1024. */
const image = program(`
  li t0, 0
  li t1, 500
  li s0, ${DATA_BASE}
loop:
  lw t2, 0(s0)
  addi t2, t2, 3
  sw t2, 0(s0)
  addi t0, t0, 1
  blt t0, t1, loop
  li a0, 1
  li a1, ${DATA_BASE}
  li a2, 4
  li a7, 64
  ecall
  li a0, 5
  li a7, 93
  ecall
`);
const PUBLIC_INPUT = Uint8Array.from([9, 8, 7]);
const made = proveSharded(image, TEST_STARK_CONFIG, { shardCycles: 1024, execute: { publicInput: PUBLIC_INPUT }, seed: new Uint8Array(32).fill(3) });
const shards = made.proof.shards;
const bytes = encodeProofFile({ statement: made.statement, shards });

/** The file's fields as the module note lays them out, walked independently of the decoder. */
function layout(b: Uint8Array) {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u32 = (at: number) => dv.getUint32(at, true);
  const fields: { name: string; at: number }[] = [];
  let at = 0;
  const field = (name: string, n: number) => {
    fields.push({ name, at });
    at += n;
  };
  field('magic', 8);
  field('version', 4);
  field('air name', 4 + u32(at));
  field('config', 20);
  field('program id', 32);
  field('exit code', 4);
  field('public input', 4 + u32(at));
  field('public output', 4 + u32(at));
  const countAt = at;
  field('shard count', 4);
  const shardAt: { sizes: number; body: number; bodyLength: number }[] = [];
  for (let k = 0; k < u32(countAt); k++) {
    const sizes = at;
    field(`shard ${k + 1} sizes`, 4 + 4 * u32(at));
    const body = at;
    field(`shard ${k + 1} proof`, 4 + u32(at));
    shardAt.push({ sizes, body, bodyLength: u32(body) });
  }
  assert.equal(at, b.length, 'the walk ends at the end of the file');
  return { fields, countAt, shardAt };
}
const L = layout(bytes);

function withU32(at: number, v: number, from = bytes): Uint8Array {
  const b = from.slice();
  new DataView(b.buffer).setUint32(at, v >>> 0, true);
  return b;
}
const rejects = (b: Uint8Array, code: ProofFileErrorCode, message?: RegExp) => throwsCode(() => decodeProofFile(b), ProofFileError, code, message);

test('a sharded proof file round-trips, re-encodes to the same bytes and verifies (bytes and decoded object)', () => {
  assert.equal(shards.length, 3);
  const f = sharded(decodeProofFile(bytes));
  assert.equal(f.version, SHARDED_PROOF_FILE_VERSION);
  assert.equal(f.airName, SHARD_AIR_NAME);
  assert.deepEqual(f.config, TEST_STARK_CONFIG);
  assert.deepEqual(f.statement, made.statement);
  assert.deepEqual(f.statement.publicInput, PUBLIC_INPUT);
  assert.equal(f.shards.length, 3);
  for (const [i, s] of f.shards.entries()) {
    assert.deepEqual(s.sizes, shards[i]!.sizes);
    assert.deepEqual(Object.keys(s.sizes), [...shardRegistry({ index: i + 1, count: 3 }).sizeKeys]);
  }
  assert.deepEqual(encodeProofFile(f), bytes);
  for (const input of [bytes, f]) {
    const v = sharded(verifyProofFile(image, input, { ...LOOSE, publicInput: PUBLIC_INPUT, expectExit: 5 }));
    assert.equal(v.shards, 3);
    assert.deepEqual(v.shardSizes, shards.map((s) => s.sizes));
    assert.equal(v.statement.exitCode, 5);
    assert.equal(v.securityBits, v.security.conjectured);
  }
  // The SDK's verify takes it too, and the expectations still bind the statement.
  assert.equal(verify(image, bytes, LOOSE).shards, 3);
  throwsCode(() => verify(image, bytes, { ...LOOSE, expectExit: 4 }), ProofRejectedError, 'EXIT_MISMATCH');
  throwsCode(() => verify(image, bytes), ProofRejectedError, 'CONFIG_NOT_ACCEPTED');
});

test('a single-proof file (version 2) still decodes and verifies beside the sharded one', () => {
  const small = program('li a0, 3\nli a7, 93\necall');
  const one = single(prove(small, { config: TEST_STARK_CONFIG }));
  const f = single(decodeProofFile(one.proof));
  assert.equal(f.version, PROOF_FILE_VERSION);
  assert.equal(single(verifyProofFile(small, one.proof, LOOSE)).shards, 1);
  // Each layout's version with the other's AIR is another AIR, not a crash.
  rejects(withU32(8, SHARDED_PROOF_FILE_VERSION, one.proof), 'UNSUPPORTED_AIR', /sharded proof file/);
  rejects(withU32(8, PROOF_FILE_VERSION), 'UNSUPPORTED_AIR', /single proof file/);
  const older = bytes.slice();
  older[12 + 4 + SHARD_AIR_NAME.length - 1] -= 1; // 'zkvm/rv32im-shard/v1' → '…/v0'
  rejects(older, 'UNSUPPORTED_VERSION', /made by an older version of zkvm/);
});

test('a cut at every field boundary of a sharded file is TRUNCATED, bytes after it TRAILING_BYTES', () => {
  const t0 = performance.now();
  rejects(new Uint8Array(0), 'TRUNCATED', /empty/);
  const cuts = new Set<number>();
  for (const { at } of L.fields) for (const d of [-1, 1, 3, 5]) if (at + d > 0 && at + d < bytes.length) cuts.add(at + d);
  for (const s of L.shardAt) cuts.add(s.body + 4 + (s.bodyLength >> 1));
  const r = rng(11);
  for (let i = 0; i < 50; i++) cuts.add(1 + (r() % (bytes.length - 1)));
  for (const n of cuts) {
    try {
      decodeProofFile(bytes.subarray(0, n));
      assert.fail(`a prefix of ${n} bytes decoded`);
    } catch (e) {
      assert.ok(e instanceof ProofFileError, `prefix ${n}: ${String(e)}`);
      assert.equal(e.code, 'TRUNCATED', `prefix ${n}: ${e.message}`);
    }
  }
  for (const extra of [1, 4, 1000]) {
    const b = new Uint8Array(bytes.length + extra);
    b.set(bytes);
    rejects(b, 'TRAILING_BYTES', /follow the last shard/);
  }
  assert.ok(performance.now() - t0 < 20_000, 'decoding cut files must be cheap');
});

test('wrong shard counts, size counts, sizes and proof lengths are refused by name before any proof is read', () => {
  rejects(withU32(L.countAt, 0), 'MALFORMED', /shard count 0 .* 1 to 65536 shards/);
  rejects(withU32(L.countAt, MAX_SHARDS + 1), 'MALFORMED', /shard count 65537/);
  rejects(withU32(L.countAt, 0xffffffff), 'MALFORMED', /shard count 4294967295/);
  rejects(withU32(L.countAt, MAX_SHARDS), 'TRUNCATED', /65536 shards need at least/);
  // One shard fewer or more than the file holds: the last shard's sizes are not where the count puts them.
  rejects(withU32(L.countAt, 2), 'MALFORMED', /shard 2 of 2: \d+ component sizes; the shard has \d+/);
  rejects(withU32(L.countAt, 4), 'MALFORMED', /shard 3 of 4: \d+ component sizes/);
  const s2 = L.shardAt[1]!;
  rejects(withU32(s2.sizes, 0xffffffff), 'MALFORMED', /shard 2 of 3: 4294967295 component sizes/);
  rejects(withU32(s2.sizes + 4, 31), 'MALFORMED', /shard 2 of 3: log size of \w+ must be an integer/);
  rejects(withU32(s2.sizes + 4, 0), 'MALFORMED', /shard 2 of 3: log size/);
  rejects(withU32(s2.body, 0xffffffff), 'MALFORMED', /shard 2 of 3: STARK proof: length 4294967295 exceeds/);
  rejects(withU32(s2.body, bytes.length), 'TRUNCATED', /shard 2 of 3: STARK proof has length/);
  // A shorter length leaves shard 2's last bytes where shard 3's size count should be.
  rejects(withU32(s2.body, s2.bodyLength - 4), 'MALFORMED', /shard 3 of 3: \d+ component sizes/);
  rejects(withU32(s2.body + 4, 4), 'MALFORMED', /shard 2 of 3: STARK proof: commitments: count 4/);
});

test('a byte flipped in any field, shards reordered or dropped: the verifier rejects, with a typed error', () => {
  const t0 = performance.now();
  const r = rng(5);
  const rejected = (b: Uint8Array, what: string) => {
    try {
      verifyProofFile(image, b, LOOSE);
    } catch (e) {
      assert.ok(e instanceof ProofRejectedError, `${what}: ${String(e)}`);
      return e;
    }
    assert.fail(`${what}: accepted`);
  };
  for (const [i, { name, at }] of L.fields.entries()) {
    const end = L.fields[i + 1]?.at ?? bytes.length;
    // The first byte of each field, and one inside it.
    for (const off of new Set([at, at + (r() % (end - at))])) {
      const b = bytes.slice();
      b[off] ^= 1 << (r() % 8);
      rejected(b, `${name} at ${off}`);
    }
  }
  const file = sharded(decodeProofFile(bytes));
  const reencode = (list: readonly ShardProof[]) => encodeProofFile({ statement: file.statement, shards: list });
  const [a, b, c] = file.shards as [ShardProof, ShardProof, ShardProof];
  assert.equal(rejected(reencode([b, a, c]), 'shards 1 and 2 swapped').code, 'INVALID_PROOF');
  for (const [what, list] of [['the last shard dropped', [a, b]], ['the first shard dropped', [b, c]], ['a shard duplicated', [a, a, b, c]]] as const) {
    try {
      rejected(reencode(list), what);
    } catch (e) {
      // A shard whose sizes do not fit its new position cannot even be encoded: also a refusal.
      assert.ok(e instanceof ProofFileError, `${what}: ${String(e)}`);
    }
  }
  assert.ok(performance.now() - t0 < 60_000);
});

test('encodeProofFile refuses sharded contents that would not decode', () => {
  const bad = (shardsIn: readonly ShardProof[], why: RegExp) => throwsCode(() => encodeProofFile({ statement: made.statement, shards: shardsIn }), ProofFileError, 'MALFORMED', why);
  bad([], /1 to 65536 shards/);
  bad([shards[0]!, { ...shards[1]!, sizes: { ...shards[1]!.sizes, addSub: 99 } }, shards[2]!], /shard 2: log size of addSub/);
  bad([shards[0]!, { ...shards[1]!, proof: { ...shards[1]!.proof, config: TEST_ZK_STARK_CONFIG } }, shards[2]!], /shard 2 was proven under another configuration/);
  throwsCode(() => encodeProofFile({ statement: { ...made.statement, exitCode: 2 ** 32 }, shards }), ProofFileError, 'MALFORMED', /exit code/);
});
