// End-to-end tests of `zkvm prove` and `zkvm verify` as whole processes (bin/zkvm.js spawned with node):
//  - prove → verify round trip, as text and as JSON; verify prints the proven public output on stdout;
//  - each wrong expectation (--public-input, --expect-output, --expect-exit), another --program and the
//    default minimum security exit 1 with one line saying what did not match;
//  - empty, truncated, garbage and bit-flipped proof files exit 1 with one line, never a stack trace;
//  - -o onto an existing file that is not a proof is refused (exit 2, file untouched) unless --force;
//  - unprovable runs: code the prover cannot arithmetize (reaching 2^31) exits 3, a guest fault or the cycle limit 134;
//  - no progress output when stderr is not a terminal;
//  - the default configuration (100 bits, zero knowledge) and --no-zk (100 bits).
// The proofs use the hidden --test-config (8 bits, fast) except in the last tests.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { program } from '../util/asm.js';
import { imageToElf } from '../util/elf-writer.js';
import { assertOneLineError, describeProc, tempDir, zkvm } from './helpers.js';

const LOOP_EXIT = 7;
const LOOP = `li a0, ${LOOP_EXIT}\nli t0, 10\nloop: addi t0, t0, -1\nbnez t0, loop\nli a7, 93\necall`;
const LOOSE = ['--config', 'test'];

let dir = '';
let elf = '';
let other = '';
let proof = '';
let pub = '';
before(() => {
  dir = tempDir('prove');
  elf = join(dir, 'loop.elf');
  other = join(dir, 'other.elf');
  proof = join(dir, 'loop.proof');
  pub = join(dir, 'public.bin');
  writeFileSync(elf, imageToElf(program(LOOP)));
  writeFileSync(other, imageToElf(program('li a0, 8\nli a7, 93\necall')));
  writeFileSync(pub, 'public bytes');
  const r = zkvm(['prove', elf, '--public-input', pub, '-o', proof, '--test-config']);
  assert.equal(r.status, 0, describeProc('zkvm prove', r));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('zkvm prove', () => {
  it('writes a proof file and prints cycles, time, size and security; nothing on stderr when it is not a terminal', () => {
    const out = join(dir, 'again.proof');
    const r = zkvm(['prove', elf, '--public-input', pub, '-o', out, '--test-config']);
    assert.equal(r.status, 0, describeProc('prove', r));
    assert.equal(r.stderr.length, 0, describeProc('no progress without a terminal', r));
    const text = r.stdout.toString();
    assert.match(text, /exit code 7/);
    assert.match(text, /cycles +24\n/);
    assert.match(text, /prove time +\d+\.\d\d s \(\d+\.\d\d kHz\)/);
    assert.match(text, new RegExp(`proof +${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(${readFileSync(out).length.toLocaleString('en-US')} bytes\\)`));
    assert.match(text, /security +8 conjectured bits, provable 6\.2 \(unique decoding\) \/ \d+(\.\d)? \(Johnson\) \(preset test, NOT SECURE, no zero knowledge\)/);
  });

  it('--shard-cycles proves a longer run in shards: one JSON event per shard and phase, and verify names the shards', () => {
    const out = join(dir, 'sharded.proof');
    const sha = 'examples/sha256.elf';
    const r = zkvm(['prove', sha, '--public-input', 'examples/sha256.public.bin', '-o', out, '--test-config', '--json', '--shard-cycles', '32768']);
    assert.equal(r.status, 0, describeProc('prove --shard-cycles', r));
    const lines = r.stdout.toString().trim().split('\n').map((l) => JSON.parse(l));
    const summary = lines.pop();
    assert.equal(summary.shards, 3);
    assert.deepEqual(lines.map((e) => `${e.event} ${e.phase} ${e.index}/${e.count}`).sort(), ['commit', 'prove'].flatMap((ph) => [1, 2, 3].map((i) => `shard ${ph} ${i}/3`)).sort());
    const v = zkvm(['verify', out, '--program', sha, '--public-input', 'examples/sha256.public.bin', ...LOOSE]);
    assert.equal(v.status, 0, describeProc('verify sharded', v));
    assert.match(v.stderr.toString(), /3 shards/);
  });

  it('--json prints one JSON object', () => {
    const out = join(dir, 'json.proof');
    const r = zkvm(['prove', elf, '-o', out, '--test-config', '--json']);
    assert.equal(r.status, 0, describeProc('prove --json', r));
    const j = JSON.parse(r.stdout.toString());
    assert.deepEqual(Object.keys(j).sort(), ['cycles', 'exitCode', 'programId', 'proof', 'proofBytes', 'proveMs', 'proved', 'publicInputBytes', 'publicOutputBytes', 'rateKHz', 'security', 'securityBits', 'shardCycles', 'shards', 'zeroKnowledge']);
    assert.equal(j.shards, 1);
    // 3 queries at log blowup 1 and 5 PoW bits: 8 conjectured; unique decoding 5 + 3·log2(4/3) = 6.245.
    assert.deepEqual(Object.keys(j.security), ['conjectured', 'provableUniqueDecoding', 'provableJohnson', 'preset']);
    assert.equal(j.security.conjectured, 8);
    assert.equal(j.security.provableUniqueDecoding, 6.2);
    assert.ok(j.security.provableJohnson > 5 && j.security.provableJohnson < 8, `Johnson ${j.security.provableJohnson}`);
    assert.equal(j.security.preset, 'test');
    assert.equal(j.cycles, 24);
    assert.equal(j.exitCode, LOOP_EXIT);
    assert.equal(j.proofBytes, readFileSync(out).length);
    assert.equal(j.securityBits, 8);
    assert.equal(j.zeroKnowledge, false);
    assert.match(j.programId, /^[0-9a-f]{64}$/);
  });

  it('refuses to overwrite a file that is not a proof unless --force; replaces an existing proof', () => {
    const victim = join(dir, 'notes.txt');
    writeFileSync(victim, 'precious');
    const r = zkvm(['prove', elf, '-o', victim, '--test-config']);
    assertOneLineError(r, 2, [/notes\.txt exists and is not a proof file; pass --force/], 'prove -o onto a text file');
    assert.equal(readFileSync(victim, 'utf8'), 'precious');
    const elfCopy = readFileSync(elf);
    assertOneLineError(zkvm(['prove', elf, '-o', elf, '--test-config']), 2, [/is not a proof file/], 'prove -o onto the program');
    assert.deepEqual(readFileSync(elf), elfCopy);
    assertOneLineError(zkvm(['prove', elf, '-o', dir, '--test-config']), 2, [/is a directory/], 'prove -o onto a directory');
    // A destination whose folder does not exist is refused before proving, not after.
    assertOneLineError(zkvm(['prove', elf, '-o', join(dir, 'missing', 'p.proof'), '--test-config']), 2, [/missing is not a directory/], 'prove -o into a missing folder');
    assertOneLineError(zkvm(['prove', elf, '-o', join(victim, 'p.proof'), '--test-config']), 2, [/notes\.txt is not a directory/], 'prove -o under a file');
    const forced = zkvm(['prove', elf, '-o', victim, '--test-config', '--force']);
    assert.equal(forced.status, 0, describeProc('prove --force', forced));
    assert.notEqual(readFileSync(victim, 'utf8'), 'precious');
    const again = zkvm(['prove', elf, '-o', victim, '--test-config']);
    assert.equal(again.status, 0, describeProc('prove over a proof', again));
  });

  it('unprovable runs: code the prover cannot hold → 3, guest fault or cycle limit → 134, with one line', () => {
    // Every instruction the executor completes is provable (fence as a no-op); the unprovable program left is
    // one whose code reaches 2^31 − 8 (pc + 4 would leave the field), which the executor runs.
    const high = join(dir, 'high.elf');
    writeFileSync(high, imageToElf(program('li a7, 93\necall', { textAddr: 0x7ffff000, dataSize: 0 })));
    const out = join(dir, 'never.proof');
    assertOneLineError(zkvm(['prove', high, '-o', out, '--test-config']), 3, [/cannot prove \(UNSUPPORTED\): code window \[0x7ffff000, \+4096\) reaches 2\^31/], 'code at 2^31');
    const trap = join(dir, 'trap.elf');
    writeFileSync(trap, imageToElf(program('ebreak')));
    assertOneLineError(zkvm(['prove', trap, '-o', out, '--test-config']), 134, [/cannot prove \(GUEST_FAULT\): the guest faulted \(ebreak\)/], 'ebreak');
    const spin = join(dir, 'spin.elf');
    writeFileSync(spin, imageToElf(program('loop: j loop')));
    assertOneLineError(zkvm(['prove', spin, '-o', out, '--test-config', '--max-cycles', '500']), 134, [/cannot prove \(CYCLE_LIMIT\)/], 'cycle limit');
    assert.equal(existsSync(out), false, 'no proof file for a failed run');
    assertOneLineError(zkvm(['prove', elf, '-o', out, '--max-cycles', 'lots']), 2, [/--max-cycles expects a non-negative integer/], 'bad --max-cycles');
    assertOneLineError(zkvm(['prove', join(dir, 'missing.elf'), '-o', out]), 2, [/cannot read program .*missing\.elf': no such file/], 'missing program');
  });
});

describe('zkvm verify', () => {
  it('accepts the proof of exactly that statement and prints the public output to stdout', () => {
    const r = zkvm(['verify', proof, '--program', elf, '--public-input', pub, '--expect-exit', '7', ...LOOSE]);
    assert.equal(r.status, 0, describeProc('verify', r));
    assert.equal(r.stdout.length, 0, 'the loop writes no public output');
    assert.match(r.stderr.toString(), /^zkvm: proof verified: program [0-9a-f]{64}, exit code 7, 0 bytes of public output, a single proof, 8 conjectured bits, provable 6\.2 \(unique decoding\) \/ \d+(\.\d)? \(Johnson\) \(preset test, NOT SECURE, no zero knowledge\)\n$/);
    // Without --expect-exit, a run that exited non-zero still verifies (exit 0), with a note saying so.
    const loose = zkvm(['verify', proof, '--program', elf, ...LOOSE]);
    assert.equal(loose.status, 0, describeProc('verify without --expect-exit', loose));
    assert.match(loose.stderr.toString(), /\nzkvm: note: the proven run exited with code 7, not 0; pass --expect-exit 0 to accept only successful runs\n$/);
    const strict = zkvm(['verify', proof, '--program', elf, '--expect-exit', '0', ...LOOSE]);
    assert.equal(strict.status, 1, describeProc('verify --expect-exit 0 of a run that exited 7', strict));
    const empty = join(dir, 'empty.bin');
    writeFileSync(empty, '');
    const j = zkvm(['verify', proof, '--program', elf, '--expect-output', empty, '--json', ...LOOSE]);
    assert.equal(j.status, 0, describeProc('verify --json', j));
    assert.deepEqual(JSON.parse(j.stdout.toString()), {
      verified: true,
      programId: JSON.parse(zkvm(['prove', elf, '-o', join(dir, 'id.proof'), '--test-config', '--json']).stdout.toString()).programId,
      exitCode: 7,
      publicInputBytes: 12,
      publicOutputHex: '',
      securityBits: 8,
      zeroKnowledge: false,
      kind: 'single',
      shards: 1,
      security: { conjectured: 8, provableUniqueDecoding: 6.2, provableJohnson: JSON.parse(j.stdout.toString()).security.provableJohnson, preset: 'test' },
    });
  });

  it('each wrong expectation exits 1 with one line saying what did not match', () => {
    const wrongPub = join(dir, 'wrong-public.bin');
    writeFileSync(wrongPub, 'public bytez');
    const out = join(dir, 'expected-output.bin');
    writeFileSync(out, 'hi');
    const cases: [string[], RegExp][] = [
      [['--public-input', wrongPub], /proof rejected: public input mismatch: .*first difference at byte 11/],
      [['--expect-output', out], /proof rejected: public output mismatch: .*0 bytes proven, 2 bytes expected/],
      [['--expect-exit', '0'], /proof rejected: exit code mismatch: the proven exit code is 7, expected 0/],
      [['--expect-exit', '-1'], /expected -1/],
    ];
    for (const [args, why] of cases) assertOneLineError(zkvm(['verify', proof, '--program', elf, ...args, ...LOOSE]), 1, [why], args.join(' '));
    assertOneLineError(zkvm(['verify', proof, '--program', other, ...LOOSE]), 1, [/proof rejected: program mismatch: the proof is about program [0-9a-f]{64}, not [0-9a-f]{64}/], 'another program');
    assertOneLineError(zkvm(['verify', proof, '--program', elf]), 1, [/proof rejected: configuration not accepted: the proof was made with preset test, the verifier accepts default/], 'default preset');
    const j = zkvm(['verify', proof, '--program', elf, '--expect-exit', '3', '--json', ...LOOSE]);
    assert.equal(j.status, 1);
    assert.deepEqual(Object.keys(JSON.parse(j.stdout.toString())), ['verified', 'code', 'error']);
    assert.equal(JSON.parse(j.stdout.toString()).code, 'EXIT_MISMATCH');
    assertOneLineError(zkvm(['verify', proof, '--program', elf, '--expect-exit', 'seven']), 2, [/--expect-exit expects a 32-bit integer/], 'bad --expect-exit');
  });

  it('empty, truncated, garbage and bit-flipped proof files exit 1 with one line; a missing one exits 2', () => {
    const bytes = readFileSync(proof);
    const bad = join(dir, 'bad.proof');
    const check = (content: Uint8Array, why: RegExp, what: string) => {
      writeFileSync(bad, content);
      assertOneLineError(zkvm(['verify', bad, '--program', elf, ...LOOSE]), 1, [why], what);
    };
    check(new Uint8Array(0), /malformed proof file \(TRUNCATED\): empty proof file/, 'empty');
    check(bytes.subarray(0, bytes.length >> 1), /malformed proof file \(TRUNCATED\)/, 'truncated');
    check(Buffer.from('this is not a proof\n'), /malformed proof file \(BAD_MAGIC\)/, 'garbage');
    check(readFileSync(elf), /malformed proof file \(BAD_MAGIC\)/, 'an ELF');
    // A sample of single-bit flips across the file: header, statement, STARK proof, last byte.
    for (const at of [0, 9, 30, 100, 200, 1000, bytes.length >> 1, bytes.length - 1000, bytes.length - 1]) {
      const t = Uint8Array.from(bytes);
      t[at]! ^= 1 << (at % 8);
      check(t, /proof rejected: (malformed proof file|unsupported proof file|invalid proof|program mismatch)/, `byte ${at} flipped`);
    }
    assertOneLineError(zkvm(['verify', join(dir, 'nope.proof'), '--program', elf]), 2, [/cannot read proof .*nope\.proof': no such file/], 'missing proof');
  });
});

describe('zkvm prove / verify with the production presets', () => {
  // 100 query bits; with every term the fixed tables' ~2^19 lookups (logUp ≈ 100.8 bits) and the DEEP
  // term (≈ 104.7) leave ≈ 99.3 conjectured bits. Unique decoding: 20 + 80·log2(4/3) = 53.2.
  it('--no-zk proves with preset default-no-zk, and verify accepts it only under that name', () => {
    const out = join(dir, 'nozk.proof');
    const r = zkvm(['prove', elf, '-o', out, '--no-zk', '--json']);
    assert.equal(r.status, 0, describeProc('prove --no-zk', r));
    const j = JSON.parse(r.stdout.toString());
    assert.ok(j.securityBits >= 99 && j.securityBits < 100, `${j.securityBits} bits`);
    assert.equal(j.security.conjectured, j.securityBits);
    assert.equal(j.security.provableUniqueDecoding, 53.2);
    assert.equal(j.security.preset, 'default-no-zk');
    assert.equal(j.zeroKnowledge, false);
    assertOneLineError(zkvm(['verify', out, '--program', elf]), 1, [/configuration not accepted: the proof was made with preset default-no-zk, the verifier accepts default/], 'default-no-zk under default');
    const v = zkvm(['verify', out, '--program', elf, '--expect-exit', '7', '--config', 'default-no-zk']);
    assert.equal(v.status, 0, describeProc('verify', v));
    assert.match(v.stderr.toString(), /, 99\.\d conjectured bits, provable 53\.2 \(unique decoding\) \/ 5\d\.\d \(Johnson\) \(preset default-no-zk, no zero knowledge\)/);
    assertOneLineError(zkvm(['verify', out, '--program', elf, '--config', 'strong']), 2, [/unknown --config "strong"/], 'unknown preset');
    assertOneLineError(zkvm(['prove', elf, '-o', out, '--no-zk', '--config', 'default']), 2, [/conflicting configurations/], '--no-zk with --config default');
  });

  it('the default preset is zero-knowledge, and verify accepts it by default', () => {
    const out = join(dir, 'zk.proof');
    const r = zkvm(['prove', elf, '-o', out, '--json']);
    assert.equal(r.status, 0, describeProc('prove (default)', r));
    const j = JSON.parse(r.stdout.toString());
    assert.ok(j.securityBits >= 99);
    assert.equal(j.security.preset, 'default');
    assert.equal(j.zeroKnowledge, true);
    assert.equal(zkvm(['verify', out, '--program', elf]).status, 0);
  });
});
