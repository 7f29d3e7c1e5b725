/**
 * Soundness of continuations (`docs/continuations.md`): the sharded verifier rejects what a cheating
 * prover of a sharded run could send — shard proofs reordered, dropped, duplicated or spliced from
 * another run, a register, a memory word or an I/O cursor changed across a boundary, an exit in a middle
 * shard, a shard proven with other challenges, a claimed sum altered, and `mem_shard` rows no honest
 * run has. Each forgery is built by the test-only prover of `test/util/shards.ts`, whose honest output
 * verifies (so every rejection here is the forgery's). The boundary arithmetic of the design (shard
 * count, shard size, per-shard randomness) is checked at its limits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkShardCycles,
  IN_CUR,
  OUT_CUR,
  MAX_SHARD_CYCLES,
  MEM_SHARD,
  MIN_SHARD_CYCLES,
  machineStatement,
  REG_BOUNDARY,
  recountTables,
  seededRandom,
  shardAir,
  shardLink,
  shardRegistry,
  shardWitness,
  toWitness,
  traceColumn,
  verifySharded,
} from '../../src/machine/index.js';
import type { MachineStatement, ShardedMachineProof, ShardProof } from '../../src/machine/index.js';
import { checkWitness } from '../../src/air/index.js';
import { qm31 } from '../../src/field/index.js';
import type { QM31 } from '../../src/field/index.js';
import { TEST_STARK_CONFIG, VerificationError } from '../../src/stark/index.js';
import type { StarkProof, VerificationErrorCode } from '../../src/stark/index.js';
import { execute } from '../../src/vm/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { DATA_BASE, program } from '../util/asm.js';
import {
  asShard,
  buildShards,
  cloneShardTrace,
  insertMemShardRow,
  linkOf,
  memShardWords,
  proveShard,
  proveShards,
  SHARD_CYCLES,
  shardDigest,
  shardedGuest,
  sliceTrace,
  unbalancedRelations,
} from '../util/shards.js';
import type { Poke, ShardedGuest, ShardWitnesses } from '../util/shards.js';

const CFG = TEST_STARK_CONFIG;
const LOOSE = { minSecurityBits: 0 };
/** Register numbers the forgeries change: s1 (the checksum), and the I/O cursors (`relations.ts`). */
const S1 = 9;
/** The data page (an image page: it has file bytes) holds a constant the loop loads; the page after it is zero RAM. */
const CONST_ADDR = DATA_BASE;
const WORK = DATA_BASE + 0x1000;

/**
 * Reads 4 public bytes into `s1`, then `n` rounds that mix zero-RAM words, a constant image word and
 * `s1`; every 32 rounds it writes 2 output bytes and reads 2 more public bytes (into a buffer no load
 * reads, so an input cursor moved by a forger changes no traced value). Exits with `s1 & 255`. The
 * control flow depends on `n` alone, so runs on different inputs have the same cycles and shards.
 */
function guestProgram(n: number): ElfImage {
  return program(`
    li s0, ${WORK}
    li s2, ${CONST_ADDR}
    li a0, 3
    addi a1, s0, 128
    li a2, 4
    li a7, 63
    ecall
    lw s1, 128(s0)
    li t0, 0
    li t1, ${n}
  loop:
    lw t2, 0(s0)
    add t2, t2, t0
    xor t2, t2, s1
    sw t2, 0(s0)
    andi t3, t0, 60
    add t4, s0, t3
    lw t5, 64(t4)
    add t5, t5, t2
    sw t5, 64(t4)
    lw t6, 0(s2)
    add s1, s1, t5
    add s1, s1, t6
    andi t3, t0, 31
    bnez t3, skip
    li a0, 1
    mv a1, s0
    li a2, 2
    li a7, 64
    ecall
    li a0, 3
    addi a1, s0, 192
    li a2, 2
    li a7, 63
    ecall
  skip:
    addi t0, t0, 1
    blt t0, t1, loop
    andi a0, s1, 255
    li a7, 93
    ecall
  `, { data: Uint8Array.from([0x11, 0x22, 0x33, 0x44]), dataSize: 0x2000 });
}

/** Public input of `n` rounds: 4 bytes for s1, 2 per 32 rounds; `salt` varies the bytes, never the length. */
function inputFor(n: number, salt: number): Uint8Array {
  return Uint8Array.from({ length: 4 + 2 * Math.ceil(n / 32) }, (_, i) => (i * 37 + salt) & 0xff);
}

/** An honest sharded proof built by the test prover, checked once against the executor and the verifier. */
interface Honest {
  readonly guest: ShardedGuest;
  readonly w: ShardWitnesses;
  readonly proof: ShardedMachineProof;
}

function honest(n: number, salt: number): Honest {
  const image = guestProgram(n);
  const guest = shardedGuest(image, { publicInput: inputFor(n, salt) });
  const w = buildShards(guest);
  const ref = execute(image, { publicInput: inputFor(n, salt) });
  assert.equal(w.statement.exitCode, ref.exitCode);
  assert.deepEqual(w.statement.publicOutput, Uint8Array.from(ref.publicOutput));
  assert.equal(w.traces.length, Math.ceil(ref.cycles / SHARD_CYCLES));
  assert.deepEqual(unbalancedRelations(w.traces, w.statement, guest.program), []);
  const proof = proveShards(guest, w.traces, w.statement);
  verifySharded(image, w.statement, proof, CFG, LOOSE);
  return { guest, w, proof };
}

function memo<T>(f: () => T): () => T {
  let v: { value: T } | undefined;
  return () => (v ??= { value: f() }).value;
}

/** Two shards (1483 cycles) on input A, the same program on input B, and three shards (2463 cycles). */
const A2 = memo(() => honest(90, 1));
const B2 = memo(() => honest(90, 2));
const A3 = memo(() => honest(150, 1));

/** Asserts that the verifier rejects, with one of `codes` (and, when given, naming shard `shard`); returns the error. */
function rejected(image: ElfImage, statement: MachineStatement, proof: ShardedMachineProof, codes: readonly VerificationErrorCode[], shard?: number): VerificationError {
  try {
    verifySharded(image, statement, proof, CFG, LOOSE);
  } catch (e) {
    assert.ok(e instanceof VerificationError, `expected a VerificationError, got ${String(e)}`);
    assert.ok(codes.includes(e.code), `code ${e.code} not in [${codes.join(', ')}]: ${e.message}`);
    if (shard !== undefined) assert.match(e.message, new RegExp(`^shard ${shard}: `), e.message);
    return e;
  }
  assert.fail('the verifier accepted a forged sharded proof');
}

/** The value of register cell `reg` entering shard `index` of an honest run (its boundary's `v_in`). */
function regEntering(h: Honest, index: number, reg: number): number {
  const t = h.w.traces[index - 1]!;
  return (traceColumn(t, REG_BOUNDARY, 'v_in_l')[reg]! | (traceColumn(t, REG_BOUNDARY, 'v_in_h')[reg]! << 16)) >>> 0;
}

/** The value of the word at `addr` entering shard `index` of an honest run (its `mem_shard` row's `v_in`). */
function wordEntering(h: Honest, index: number, addr: number): number {
  const t = h.w.traces[index - 1]!;
  const row = memShardWords(t).indexOf(addr >>> 2);
  assert.ok(row >= 0, `shard ${index} does not touch ${addr.toString(16)}`);
  return (traceColumn(t, MEM_SHARD, 'v_in_l')[row]! | (traceColumn(t, MEM_SHARD, 'v_in_h')[row]! << 16)) >>> 0;
}

/** Index of the word at `addr` in the builder's memory window. */
function wordIndex(h: Honest, addr: number): number {
  return (addr - h.w.state.memory.base) >>> 2;
}

/** Builds the shards of `h`'s run with `pokes`, proves them against `statement` (default: what they claim) and returns both. */
function forged(h: Honest, pokes: readonly Poke[], unbalanced: readonly string[], statement?: (w: ShardWitnesses) => MachineStatement): { w: ShardWitnesses; statement: MachineStatement; proof: ShardedMachineProof } {
  const w = buildShards(h.guest, { pokes });
  const st = statement ? statement(w) : w.statement;
  // Which relations the forgery leaves unmatched: exactly the boundary's (every shard is locally consistent).
  assert.deepEqual(unbalancedRelations(w.traces, st, h.guest.program), unbalanced);
  return { w, statement: st, proof: proveShards(h.guest, w.traces, st) };
}

test('shard proofs reordered, dropped or duplicated are rejected', () => {
  const { guest, proof, w } = A3();
  const [s1, s2, s3] = proof.shards as [ShardProof, ShardProof, ShardProof];
  // A middle shard's proof offered as the last, with the sizes the last shard's AIR asks for.
  const asLast = (s: ShardProof): ShardProof => ({ sizes: { ...s.sizes, memZero: s3.sizes.memZero! }, proof: s.proof });
  // The joint challenges absorb every shard's main digest in order, and each proof's statement names its
  // position (index, count): any change to the list changes the challenges of every shard, so shard 1
  // already fails its own proof (its transcript diverges from the one it was made with).
  const cases: [string, ShardProof[], VerificationErrorCode, number | undefined][] = [
    ['swap 1 and 2', [s2, s1, s3], 'CONSTRAINTS', 1],
    ['drop the middle', [s1, s3], 'CONSTRAINTS', 1],
    ['drop the first', [s2, s3], 'CONSTRAINTS', 1],
    ['1 in place of 2', [s1, s1, s3], 'CONSTRAINTS', 1],
    ['2 in place of 1', [s2, s2, s3], 'CONSTRAINTS', 1],
    // A middle proof in the last position lacks the last shard's components: refused by its sizes or its shape.
    ['swap 2 and 3', [s1, s3, s2], 'INVALID_INPUT', undefined],
    ['drop the last', [s1, s2], 'INVALID_INPUT', undefined],
    ['2 in place of 3', [s1, s2, s2], 'INVALID_INPUT', undefined],
    ['swap 2 and 3, sizes fixed', [s1, s3, asLast(s2)], 'MALFORMED_PROOF', undefined],
    ['drop the last, sizes fixed', [s1, asLast(s2)], 'MALFORMED_PROOF', undefined],
  ];
  for (const [what, shards, code, shard] of cases) {
    const e = rejected(guest.image, w.statement, { shards }, [code], shard);
    assert.ok(e, what);
  }
});

test('shard witnesses proven at swapped positions do not join (LOGUP_SUM)', () => {
  // A prover that proves each shard honestly at its new position: every STARK proof is valid, but the
  // chains' versions no longer meet (shard 2's registers enter as version 0, its words' kp point forward).
  const { guest, w } = A3();
  const t = w.traces;
  const swapped = [asShard(t[1]!, guest.program, { index: 1, count: 3 }), asShard(t[0]!, guest.program, { index: 2, count: 3 }), t[2]!];
  assert.deepEqual(unbalancedRelations(swapped, w.statement, guest.program), ['mem_chain', 'reg_chain', 'u16']);
  rejected(guest.image, w.statement, proveShards(guest, swapped, w.statement), ['LOGUP_SUM']);
});

test('shards spliced from two runs of the same program on different inputs are rejected', () => {
  const a = A2();
  const b = B2();
  assert.equal(a.w.traces.length, b.w.traces.length);
  assert.notDeepEqual(a.w.statement.publicInput, b.w.statement.publicInput);
  const image = a.guest.image;
  // The proofs as made: each was proven under its own run's joint challenges.
  const naive = { shards: [a.proof.shards[0]!, b.proof.shards[1]!] };
  rejected(image, a.w.statement, naive, ['CONSTRAINTS'], 1);
  rejected(image, b.w.statement, naive, ['CONSTRAINTS'], 1);
  // Re-proven together (shard 1 of A, shard 2 of B) under one statement: each STARK proof is valid, the
  // boundary (registers, memory, input bytes) is not.
  const spliced = [a.w.traces[0]!, b.w.traces[1]!];
  assert.deepEqual(unbalancedRelations(spliced, a.w.statement, a.guest.program), ['halt', 'in', 'mem_chain', 'out', 'reg_chain']);
  assert.deepEqual(unbalancedRelations(spliced, b.w.statement, a.guest.program), ['in', 'mem_chain', 'out', 'reg_chain']);
  rejected(image, a.w.statement, proveShards(a.guest, spliced, a.w.statement), ['LOGUP_SUM']);
  rejected(image, b.w.statement, proveShards(a.guest, spliced, b.w.statement), ['LOGUP_SUM']);
});

test('a register changed across a boundary is rejected (LOGUP_SUM)', () => {
  // s1 changes between shard 1 and 2; shard 2 reads it and computes on (so its exit code and output are
  // those of the changed value, which the statement claims): only the register chain disagrees.
  const h = A2();
  const f = forged(h, [{ shard: 2, reg: S1, value: regEntering(h, 2, S1) ^ 1 }], ['reg_chain']);
  assert.notEqual(f.statement.exitCode, h.w.statement.exitCode);
  rejected(h.guest.image, f.statement, f.proof, ['LOGUP_SUM']);
});

test('a memory word changed across a boundary is rejected (LOGUP_SUM)', () => {
  // The zero-RAM word at WORK + 64 is loaded again in shard 2 (round 64); its value there feeds the checksum.
  const h = A2();
  const wi = wordIndex(h, WORK + 64);
  const f = forged(h, [{ shard: 2, word: wi, value: (wordEntering(h, 2, WORK + 64) ^ 0x5a5a) >>> 0 }], ['mem_chain']);
  assert.notEqual(f.statement.exitCode, h.w.statement.exitCode);
  rejected(h.guest.image, f.statement, f.proof, ['LOGUP_SUM']);
});

test('an input cursor moved back across a boundary is rejected (LOGUP_SUM)', () => {
  // Shard 2 re-reads public bytes 6 and 7 instead of 8 and 9 (which the exit's drain then consumes).
  const h = A2();
  const cur = regEntering(h, 2, IN_CUR);
  assert.equal(cur, 8);
  const f = forged(h, [{ shard: 2, reg: IN_CUR, value: cur - 2 }], ['in', 'reg_chain'], () => h.w.statement);
  rejected(h.guest.image, f.statement, f.proof, ['LOGUP_SUM']);
});

test('the public output split differently across shards is rejected (LOGUP_SUM)', () => {
  // Shard 1 writes output bytes 0..3; a forger restarts shard 2's output cursor at 2, so its two bytes
  // overwrite 2 and 3 and the exit claims 4 bytes: the statement says [o0, o1, o4, o5].
  const h = A2();
  const cur = regEntering(h, 2, OUT_CUR);
  assert.equal(cur, 4);
  const out = h.w.statement.publicOutput;
  assert.equal(out.length, 6);
  const f = forged(h, [{ shard: 2, reg: OUT_CUR, value: 2 }], ['out', 'reg_chain'], (w) => machineStatement({ ...w.statement, publicOutput: Uint8Array.from([out[0]!, out[1]!, out[4]!, out[5]!]) }));
  rejected(h.guest.image, f.statement, f.proof, ['LOGUP_SUM']);
  // The honest statement with the same forged shards is rejected too.
  assert.deepEqual(unbalancedRelations(f.w.traces, h.w.statement, h.guest.program), ['halt', 'out', 'reg_chain']);
  rejected(h.guest.image, h.w.statement, proveShards(h.guest, f.w.traces, h.w.statement), ['LOGUP_SUM']);
});

test('an exit in a middle shard is rejected (LOGUP_SUM)', () => {
  // The honest last shard of the two-shard run (it holds the exit) is proven as the middle shard 2 of 3
  // (its columns under the middle AIR: the image and zero-RAM rows dropped, the boundary's free pc-out
  // cell set to the exit's pc), and a third shard re-runs the exit from the state it left. Every shard is
  // locally a valid witness of its AIR except that shard 2's path ends at its exit, so its boundary's
  // STATE use has no yield, and two HALT tuples meet the verifier's one.
  const h = A2();
  const w = buildShards(h.guest);
  const n = w.trace.length;
  const exitPc = w.trace.pc[n - 1]!;
  const middle = asShard(w.traces[1]!, h.guest.program, { index: 2, count: 3 });
  traceColumn(middle, REG_BOUNDARY, 'v_out_l')[36] = exitPc;
  traceColumn(middle, REG_BOUNDARY, 't_fin')[36] = traceColumn(middle, 'exit', 'ts')[0]!;
  const last = shardWitness(w.state, sliceTrace(w.trace, n - 1, n), h.guest.program, { index: 3, count: 3 }, w.lastShard, 0);
  assert.equal(last.exitCode, w.statement.exitCode);
  const first = asShard(w.traces[0]!, h.guest.program, { index: 1, count: 3 });
  assert.deepEqual(unbalancedRelations([first, middle, last], w.statement, h.guest.program), ['halt', 'state']);
  rejected(h.guest.image, w.statement, proveShards(h.guest, [first, middle, last], w.statement), ['LOGUP_SUM']);
});

test('a shard proven with other challenges is rejected', () => {
  const { guest, w, proof } = A3();
  const digests = w.traces.map((t, i) => shardDigest(guest, t, w.statement, i + 1, 3));
  const honestLink = linkOf(guest, w.traces, w.statement);
  const other = machineStatement({ ...w.statement, exitCode: w.statement.exitCode ^ 1 });
  const links = [
    // Joint challenges of another statement, of other digests, and the right digest with other elements.
    [2, shardLink(other, digests)],
    [1, shardLink(w.statement, [digests[0]!, digests[2]!, digests[1]!])],
    [3, Object.freeze({ digest: honestLink.digest, shared: shardLink(other, digests).shared })],
  ] as const;
  for (const [index, link] of links) {
    const shards = proof.shards.slice();
    shards[index - 1] = proveShard(guest, w.traces[index - 1]!, w.statement, index, 3, link);
    rejected(guest.image, w.statement, { shards }, ['CONSTRAINTS'], index);
  }
});

function withSums(s: ShardProof, f: (sums: QM31[]) => void): ShardProof {
  const sums = s.proof.claimedSums.map((x) => x.slice() as unknown as QM31);
  f(sums);
  return { sizes: s.sizes, proof: { ...s.proof, claimedSums: sums } as StarkProof };
}

test('an altered claimed sum is rejected by its shard\'s own proof', () => {
  const { guest, w, proof } = A3();
  const [s1, s2, s3] = proof.shards as [ShardProof, ShardProof, ShardProof];
  const delta: QM31 = [1, 2, 3, 4] as unknown as QM31;
  // One entry changed: the total no longer cancels, but shard 2's transcript (which absorbs the sums) fails first.
  rejected(guest.image, w.statement, { shards: [s1, withSums(s2, (x) => (x[0] = qm31.add(x[0]!, delta))), s3] }, ['CONSTRAINTS'], 2);
  // A delta moved between two shards (the total unchanged): shard 1's own interaction constraints reject.
  const moved = [withSums(s1, (x) => (x[3] = qm31.add(x[3]!, delta))), withSums(s2, (x) => (x[3] = qm31.sub(x[3]!, delta))), s3];
  rejected(guest.image, w.statement, { shards: moved }, ['CONSTRAINTS'], 1);
  // A delta moved between two components of one shard (its total unchanged).
  rejected(guest.image, w.statement, { shards: [s1, s2, withSums(s3, (x) => { x[0] = qm31.add(x[0]!, delta); x[1] = qm31.sub(x[1]!, delta); })] }, ['CONSTRAINTS'], 3);
});

test('mem_shard: a word whose chain link points at its own shard (kp = k) is rejected (LOGUP_SUM)', () => {
  // The attack the kp range check stops: shard 1 reads the constant image word with a value of its
  // choice (v_in = v_out = a) and closes the word's chain on itself (it consumes and provides version 1),
  // while shard 2 and the image rows carry the true value from version 0. Every tuple of the chains
  // balances; only U16(k − 1 − kp) = U16(−1) finds no row.
  const h = A2();
  const wi = wordIndex(h, CONST_ADDR);
  const trueValue = 0x44332211;
  const fake = 0x01020304;
  const w = buildShards(h.guest, {
    pokes: [{ shard: 1, word: wi, value: fake }, { shard: 2, word: wi, value: trueValue }],
    after: (i, t, state, lastShard) => {
      if (i !== 1) return;
      state.words[wi] = trueValue;
      lastShard[wi] = 0;
      const row = memShardWords(t).indexOf(CONST_ADDR >>> 2);
      assert.ok(row >= 0);
      traceColumn(t, MEM_SHARD, 'kp')[row] = 1;
      recountTables(t);
    },
  });
  assert.notEqual(w.statement.exitCode, h.w.statement.exitCode);
  assert.deepEqual(unbalancedRelations(w.traces, w.statement, h.guest.program), ['u16']);
  rejected(h.guest.image, w.statement, proveShards(h.guest, w.traces, w.statement), ['LOGUP_SUM']);
});

test('mem_shard: two rows for one word are rejected by the order constraint', () => {
  // A second row for the first word shard 1 touches, right after the true one, that passes the word
  // through unchanged (its local MEM tuples cancel): the rows no longer strictly increase.
  const h = A2();
  const t = cloneShardTrace(h.w.traces[0]!);
  const col = (name: string) => traceColumn(t, MEM_SHARD, name)[0]!;
  const dup = { w_lo: col('w_lo'), w_hi: col('w_hi'), ro: col('ro'), v_in_l: col('v_in_l'), v_in_h: col('v_in_h'), v_out_l: col('v_in_l'), v_out_h: col('v_in_h'), t_fin: 0, kp: 0, d0: col('d0'), d1: col('d1') };
  insertMemShardRow(t, 1, dup);
  const failures = checkWitness(t.air, toWitness(t), { maxFailures: 4 }).failures.map((f) => `${f.component}: ${f.label}`);
  assert.deepEqual(failures, ['mem_shard: words strictly increase']);
  const traces = [t, h.w.traces[1]!];
  const link = linkOf(h.guest, traces, h.w.statement);
  // Shard 1 fails its own proof, so the verifier never reaches shard 2 (left as it was).
  const shards = [proveShard(h.guest, t, h.w.statement, 1, 2, link), h.proof.shards[1]!];
  rejected(h.guest.image, h.w.statement, { shards }, ['CONSTRAINTS'], 1);
});

test('mem_shard: a word outside the image and the zero pages is rejected (LOGUP_SUM)', () => {
  // A row for a word no page holds (W = 2^28, address 2^30), in order after shard 1's words, passed
  // through unchanged: locally balanced, but no image or zero-RAM row provides its version 0.
  const h = A2();
  const t = cloneShardTrace(h.w.traces[0]!);
  const words = memShardWords(t);
  const W = 2 ** 28;
  const last = words.length - 1;
  const gap = W - words[last]! - 1;
  traceColumn(t, MEM_SHARD, 'd0')[last] = gap & 0x1fff;
  traceColumn(t, MEM_SHARD, 'd1')[last] = gap >>> 13;
  insertMemShardRow(t, words.length, { w_lo: W & 0x1fff, w_hi: W >>> 13, v_in_l: 5, v_out_l: 5 });
  assert.deepEqual(unbalancedRelations([t, h.w.traces[1]!], h.w.statement, h.guest.program), ['mem_chain']);
  rejected(h.guest.image, h.w.statement, proveShards(h.guest, [t, h.w.traces[1]!], h.w.statement), ['LOGUP_SUM']);
});

test('boundary arithmetic: shard count, shard size and per-shard randomness at their limits', () => {
  assert.equal(shardRegistry({ index: 65536, count: 65536 }).airName.endsWith('65536/65536'), true);
  assert.ok(shardRegistry({ index: 1, count: 65536 }));
  for (const bad of [{ index: 65537, count: 65536 }, { index: 65537, count: 65537 }, { index: 0, count: 1 }, { index: 2, count: 1 }, { index: 1.5, count: 2 }]) {
    assert.throws(() => shardRegistry(bad), { code: 'INVALID_INPUT' });
  }
  assert.equal(MIN_SHARD_CYCLES, 2 ** 10);
  assert.equal(MAX_SHARD_CYCLES, 2 ** 22);
  for (let e = 10; e <= 22; e++) assert.equal(checkShardCycles(2 ** e), 2 ** e);
  for (const bad of [2 ** 9, 2 ** 23, 1536, 1024.5, 3 * 2 ** 20, NaN, -1024, 0]) assert.throws(() => checkShardCycles(bad), { code: 'INVALID_INPUT' });
  // The shard AIR of the largest position builds (its constants k − 1 and k stay far below p).
  const { guest } = A2();
  const sizes = Object.fromEntries(shardRegistry({ index: 65536, count: 65536 }).sizeKeys.map((k) => [k, 4]));
  assert.ok(shardAir(guest.program, sizes, { index: 65536, count: 65536 }));
  // A proof with more shards than MAX_SHARDS (or none) is refused before any work.
  for (const shards of [[], new Array(65537).fill(null)]) {
    assert.throws(() => verifySharded(guest.image, A2().w.statement, { shards }, CFG, LOOSE), (e: unknown) => e instanceof VerificationError && e.code === 'INVALID_INPUT');
  }
  // seededRandom: the same (seed, shard) gives the same stream however it is drawn; other shards or seeds differ.
  const seed = new Uint8Array(32).fill(9);
  const draw = (s: Uint8Array, k: number, parts: number[]) => {
    const r = seededRandom(s, k);
    return Uint32Array.from(parts.flatMap((m) => { const out = new Uint32Array(m); r(out); return [...out]; }));
  };
  const whole = draw(seed, 3, [40]);
  assert.deepEqual(draw(seed, 3, [5, 11, 24]), whole);
  assert.notDeepEqual(draw(seed, 4, [40]), whole);
  assert.notDeepEqual(draw(seed, 65536, [40]), draw(seed, 0, [40]));
  const other = seed.slice();
  other[31] ^= 1;
  assert.notDeepEqual(draw(other, 3, [40]), whole);
  assert.equal(new Set(Array.from({ length: 64 }, (_, k) => draw(seed, k + 1, [8]).join(','))).size, 64);
  assert.throws(() => seededRandom(new Uint8Array(31), 1), { code: 'INVALID_INPUT' });
});
