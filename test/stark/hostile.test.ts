/**
 * Hostile input for the STARK proof reader (`stark/serialize.ts`) and the shape checks (`stark/shape.ts`):
 * truncations at every section boundary, hostile values in every count, seeded random bit flips and
 * lengths, huge nested counts of empty items, and inputs of 96 and 256 MiB. Every one must be answered by
 * a VerificationError with a code, in bounded time and memory (measured here with `performance.now()` and
 * `process.memoryUsage()`; the bounds are those stated in the module note of `serialize.ts`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wideFibonacciAir, wideFibonacciWitness } from '../../src/examples/wide-fibonacci.js';
import {
  checkProofShape,
  deserializeProof,
  MAX_PROOF_BYTES,
  MAX_PROOF_COLUMNS,
  MAX_PROOF_QM31_VALUES,
  PROOF_HEADER_BYTES,
  proofShape,
  prove,
  serializeProof,
  TEST_STARK_CONFIG,
  TEST_ZK_STARK_CONFIG,
  VerificationError,
  verify,
  verifyProofBytes,
} from '../../src/stark/index.js';
import type { StarkConfig } from '../../src/stark/index.js';
import { measure } from '../util/measure.js';
import { layoutOf } from '../util/proof-walk.js';
import { rng } from '../util/rng.js';

const LOOSE = { minSecurityBits: 0 };
const air = wideFibonacciAir(6, 16);
const witness = wideFibonacciWitness(6, 16, 5);
const proofs = new Map<StarkConfig, Uint8Array>([TEST_STARK_CONFIG, TEST_ZK_STARK_CONFIG].map((c) => [c, serializeProof(prove(air, witness, {}, c))]));
const bytes = proofs.get(TEST_STARK_CONFIG)!;
const MiB = 2 ** 20;

/** Runs `f`, which must throw a VerificationError with a code; returns it. */
function rejected(f: () => unknown, what: string): VerificationError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof VerificationError, `${what}: expected a VerificationError, got ${String(e)}`);
    assert.ok(typeof e.code === 'string' && e.code.length > 0, `${what}: no code`);
    return e;
  }
  assert.fail(`${what}: accepted`);
}

const withU32 = (b: Uint8Array, at: number, x: number) => {
  const c = b.slice();
  new DataView(c.buffer).setUint32(at, x >>> 0, true);
  return c;
};

/** A proof of `totalBytes` with the right header and fixed counts, all of whose bulk is tree 0's queried values. */
function bulkProof(totalBytes: number, emptyColumns = 0): Uint8Array {
  const b = new Uint8Array(totalBytes);
  b.set(bytes.subarray(0, PROOF_HEADER_BYTES));
  const v = new DataView(b.buffer);
  let at = PROOF_HEADER_BYTES;
  const u32 = (x: number) => {
    v.setUint32(at, x, true);
    at += 4;
  };
  u32(3);
  at += 96; // commitments (zero roots)
  u32(0); // claimed sums
  u32(4);
  u32(emptyColumns); // tree 0: that many columns with no sampled value
  at += 4 * emptyColumns;
  u32(0);
  u32(0);
  u32(0);
  u32(4);
  at += 32; // four empty decommitments
  u32(4);
  const tail = 12 + 8 + 44 + 4 + 4 + 16; // three empty trees, nonce, first layer, no inner layers, last layer
  const words = (totalBytes - at - 4 - tail) / 4;
  assert.ok(Number.isInteger(words) && words >= 0);
  u32(words);
  at += 4 * words;
  at += 12;
  at += 8;
  at += 44;
  u32(0);
  u32(4); // the last layer: one QM31 coefficient (log last-layer bound 0)
  at += 16;
  assert.equal(at, totalBytes);
  return b;
}

test('honest proofs fit their shape, and their size is well inside the layout bound', () => {
  for (const [cfg, b] of proofs) {
    const shape = proofShape(air, cfg);
    const p = deserializeProof(b, { shape });
    checkProofShape(p, shape);
    assert.ok(b.length <= shape.maxBytes, `${b.length} > ${shape.maxBytes}`);
    assert.ok(shape.maxBytes < 8 * b.length, `bound ${shape.maxBytes} is loose for ${b.length} bytes`);
    verifyProofBytes(air, {}, b, cfg, LOOSE);
  }
});

test('truncation at every section boundary (and one byte either side) is MALFORMED_PROOF', () => {
  const t0 = performance.now();
  const { boundaries } = layoutOf(bytes);
  for (const at of boundaries) {
    for (const n of [at - 1, at, at + 1]) {
      if (n < 0 || n >= bytes.length) continue;
      const e = rejected(() => deserializeProof(bytes.subarray(0, n)), `prefix ${n}`);
      assert.equal(e.code, 'MALFORMED_PROOF', e.message);
      rejected(() => verifyProofBytes(air, {}, bytes.subarray(0, n), TEST_STARK_CONFIG, LOOSE), `prefix ${n}, verified`);
    }
  }
  assert.ok(performance.now() - t0 < 5000);
});

test('every count set to 2^32 − 1, 2^31, 2^24 and its value ± 1 is rejected fast, shaped or not', () => {
  const { counts } = layoutOf(bytes);
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  const shape = proofShape(air, TEST_STARK_CONFIG);
  for (const at of counts) {
    const n = v.getUint32(at, true);
    for (const x of [0xffffffff, 2 ** 31, 2 ** 24, n + 1, n - 1]) {
      if (x < 0) continue;
      const b = withU32(bytes, at, x);
      const t0 = performance.now();
      const e = rejected(() => deserializeProof(b, { shape }), `count at ${at} = ${x} (shaped)`);
      assert.equal(e.code, 'MALFORMED_PROOF');
      rejected(() => verifyProofBytes(air, {}, b, TEST_STARK_CONFIG, LOOSE), `count at ${at} = ${x}`);
      // Without a shape the generic reader may still parse it; whatever it builds, the verifier refuses.
      let parsed;
      try {
        parsed = deserializeProof(b);
      } catch (err) {
        assert.ok(err instanceof VerificationError, String(err));
      }
      if (parsed) rejected(() => verify(air, {}, parsed, TEST_STARK_CONFIG, LOOSE), `count at ${at} = ${x}, unshaped`);
      assert.ok(performance.now() - t0 < 200, `count at ${at} = ${x}: ${performance.now() - t0} ms`);
    }
  }
});

test('seeded random bit flips, random lengths and random bytes after a valid header: always a VerificationError', () => {
  const r = rng(0x5eed);
  for (const [cfg, b] of proofs) {
    for (let i = 0; i < 150; i++) {
      const c = b.slice();
      const bit = r() % (8 * c.length);
      c[bit >> 3]! ^= 1 << (bit & 7);
      rejected(() => verifyProofBytes(air, {}, c, cfg, LOOSE), `bit ${bit}`);
    }
  }
  for (let i = 0; i < 200; i++) {
    const n = r() % 4096;
    const c = new Uint8Array(PROOF_HEADER_BYTES + n);
    c.set(bytes.subarray(0, PROOF_HEADER_BYTES));
    for (let j = PROOF_HEADER_BYTES; j < c.length; j++) c[j] = r() & 0xff;
    // Small random counts as well, so that the reader gets deep into the format.
    if (n >= 8) new DataView(c.buffer).setUint32(PROOF_HEADER_BYTES, r() % 5, true);
    rejected(() => deserializeProof(c, { shape: proofShape(air, TEST_STARK_CONFIG) }), `random ${n}`);
    rejected(() => verifyProofBytes(air, {}, c, TEST_STARK_CONFIG, LOOSE), `random ${n}`);
    const len = r() % bytes.length;
    rejected(() => deserializeProof(bytes.subarray(0, len)), `length ${len}`);
  }
});

test('huge nested counts of empty items are refused before allocation (96 MiB of them)', (t) => {
  // 96 MiB: tree 0 claims 2^24 − 40 columns, each an empty 4-byte count.
  const b = new Uint8Array(96 * MiB);
  b.set(bytes.subarray(0, PROOF_HEADER_BYTES));
  const v = new DataView(b.buffer);
  v.setUint32(PROOF_HEADER_BYTES, 3, true);
  const claimedAt = PROOF_HEADER_BYTES + 4 + 96;
  v.setUint32(claimedAt + 4, 4, true);
  v.setUint32(claimedAt + 8, 24 * MiB - 40, true);
  // The same counts as claimed sums, as sampled values of one column, and as the tree count (in place:
  // copying 96 MiB would dominate what is measured).
  const m = measure(() => {
    const messages = [rejected(() => deserializeProof(b), 'columns').message];
    v.setUint32(claimedAt, 6 * MiB, true);
    messages.push(rejected(() => deserializeProof(b), 'claimed sums').message);
    v.setUint32(claimedAt, 0, true);
    v.setUint32(claimedAt + 8, 1, true);
    v.setUint32(claimedAt + 12, 6 * MiB, true);
    messages.push(rejected(() => deserializeProof(b), 'sampled values').message);
    v.setUint32(claimedAt + 4, 0xffffffff, true);
    messages.push(rejected(() => deserializeProof(b), 'trees').message);
    return messages;
  });
  t.diagnostic(`four 96 MiB inputs of empty items: ${m.cpuMs.toFixed(1)} ms CPU, ${(m.rss / MiB).toFixed(1)} MiB RSS`);
  const [cols, claimed, values, trees] = m.result!;
  assert.match(cols!, /exceeds the limit/);
  assert.match(claimed!, /exceeds the limit/);
  assert.match(values!, /exceeds the limit/);
  assert.match(trees!, /the proof has 4/);
  assert.ok(m.cpuMs < 100, `${m.cpuMs} ms`);
  assert.ok(m.rss < 16 * MiB, `${m.rss / MiB} MiB`);
});

test('the largest input the reader accepts costs about one copy of it: 256 MiB in < 5 s and < 400 MiB', (t) => {
  const b = bulkProof(MAX_PROOF_BYTES);
  // Touch every page of the input (canonical words 0x01010101), so that only what the reader allocates is measured.
  b.fill(1, 200, MAX_PROOF_BYTES - 88);
  // Shaped (the verifier's way): refused on its length alone.
  const shaped = measure(() => verifyProofBytes(air, {}, b, TEST_STARK_CONFIG, LOOSE));
  assert.ok(shaped.error instanceof VerificationError && /layout allows at most/.test(shaped.error.message), String(shaped.error));
  assert.ok(shaped.cpuMs < 100, `${shaped.cpuMs} ms`);
  // Unshaped: it parses (its structure is valid), into one typed array of its bulk.
  const m = measure(() => deserializeProof(b));
  t.diagnostic(`256 MiB, unshaped: ${m.cpuMs.toFixed(0)} ms CPU (${m.wallMs.toFixed(0)} ms wall), ${(m.rss / MiB).toFixed(0)} MiB RSS, ${(m.objects / MiB).toFixed(0)} MiB of objects`);
  assert.equal(4 * m.result!.pcs.queriedValues[0]!.length + 288, MAX_PROOF_BYTES);
  assert.ok(m.cpuMs < 5000, `${m.cpuMs} ms`);
  assert.ok(m.rss < 400 * MiB, `${m.rss / MiB} MiB`);
  // One byte more is refused at once.
  const over = new Uint8Array(MAX_PROOF_BYTES + 1);
  over.set(b.subarray(0, PROOF_HEADER_BYTES));
  const o = measure(() => deserializeProof(over));
  assert.ok(o.error instanceof VerificationError && /larger than/.test(o.error.message));
  assert.ok(o.cpuMs < 100);
});

test('objects built stay within a small factor of the input: 2^20 empty columns, 2^20 QM31 values (measured)', (t) => {
  // Many empty columns, the rest of 96 MiB one queried-value array.
  const b = bulkProof(96 * MiB, MAX_PROOF_COLUMNS);
  const m = measure(() => deserializeProof(b));
  t.diagnostic(`96 MiB with 2^20 empty columns: ${m.cpuMs.toFixed(0)} ms CPU, ${(m.objects / MiB).toFixed(1)} MiB of objects (${(m.objects / b.length).toFixed(2)}× the input)`);
  assert.equal(m.result!.pcs.sampledValues[0]!.length, MAX_PROOF_COLUMNS);
  assert.ok(m.objects < 1.2 * b.length, `${m.objects / MiB} MiB`);
  assert.ok(m.cpuMs < 5000);
  // The most QM31 values the generic reader builds: 2^20 (16 MiB of input) in one column.
  const n = MAX_PROOF_QM31_VALUES;
  const q = new Uint8Array(PROOF_HEADER_BYTES + 4 + 96 + 4 + 4 + 4 + 4 + 16 * n + 12 + 4 + 32 + 4 + 16 + 8 + 44 + 4 + 4 + 16);
  q.set(bytes.subarray(0, PROOF_HEADER_BYTES));
  const v = new DataView(q.buffer);
  let at = PROOF_HEADER_BYTES;
  const u32 = (x: number) => {
    v.setUint32(at, x, true);
    at += 4;
  };
  u32(3);
  at += 96;
  u32(0);
  u32(4);
  u32(1);
  u32(n);
  at += 16 * n;
  at += 12; // trees 1..3: no columns
  u32(4);
  at += 32;
  u32(4);
  at += 16;
  at += 8 + 44;
  u32(0);
  u32(4);
  assert.equal(at + 16, q.length);
  const mq = measure(() => deserializeProof(q));
  t.diagnostic(`2^20 QM31 values (${(q.length / MiB).toFixed(1)} MiB): ${mq.cpuMs.toFixed(0)} ms CPU, ${(mq.objects / MiB).toFixed(1)} MiB of objects (${(mq.objects / q.length).toFixed(2)}× the input)`);
  assert.equal(mq.result!.pcs.sampledValues[0]![0]!.length, n);
  assert.ok(mq.objects < 8 * q.length && mq.objects < 150 * MiB, `${mq.objects / MiB} MiB`);
  assert.ok(mq.cpuMs < 5000);
  // One more value is over the cap.
  rejected(() => deserializeProof(withU32(q, PROOF_HEADER_BYTES + 4 + 96 + 4 + 4 + 4, n + 1)), 'cap');
});
