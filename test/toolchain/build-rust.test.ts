// Builds a Rust guest from source with buildRust (offline cargo, build-std, the zkvm-guest SDK) and runs the ELF
// under qemu-riscv32 and the zkVM executor. Needs Debian's Rust toolchain and qemu-user (CI installs both); without
// them the tests FAIL with the apt line to run, they are never skipped.
//
// The cargo target directory is shared between runs (in the OS temp dir), so only the first run pays for compiling
// core and alloc (~30 s); every run still compiles the guest itself from its source.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildRust,
  createRustProject,
  detectRust,
  rustSdkPaths,
  RustToolchainError,
  RUST_APT_LINE,
  type BuildRustResult,
} from '../../src/toolchain/index.js';
import { parseElf } from '../../src/vm/elf.js';
import { execute } from '../../src/vm/executor.js';

const TARGET_DIR = join(tmpdir(), 'zkvm-rust-test-target');

/** The guest under test: one ELF, behaviour chosen by the public input. */
const GUEST = String.raw`#![no_std]
#![no_main]

use zkvm_guest::prelude::*;

zkvm_guest::entry!(main);

fn main() -> i32 {
    let mode = zkvm_guest::read_public_u32();
    let n = zkvm_guest::read_public_u32();
    let private = zkvm_guest::read_private_to_end();
    match mode {
        0 => {
            // Heap: many small Strings, a map of words, one 4 MiB buffer.
            let words: Vec<String> = (0..n).map(|i| format!("w{}", i % 7)).collect();
            let mut counts = zkvm_guest::alloc::collections::BTreeMap::new();
            for w in &words {
                *counts.entry(w.as_str()).or_insert(0u32) += 1;
            }
            let big = vec![3u8; 4 << 20];
            let sum: u64 = big.iter().step_by(4096).map(|&b| b as u64).sum();
            let private_sum: u32 = private.iter().map(|&b| b as u32).sum();
            let (nw, nd, w3) = (words.len(), counts.len(), counts["w3"]);
            println!("words={nw} distinct={nd} w3={w3} big={sum} private={}:{private_sum}", private.len());
            eprintln!("log line {}", n);
            zkvm_guest::write_public(b"raw\x00\xff");
            (n % 100) as i32
        }
        1 => {
            let v: Vec<u32> = Vec::new();
            let i = n as usize;
            println!("about to index {i}");
            v[i] as i32
        }
        _ => panic!("unknown mode {mode} ({} private bytes)", private.len()),
    }
}
`;

const u32s = (...v: number[]): Uint8Array => new Uint8Array(new Uint32Array(v).buffer);

interface Run {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** `qemu-riscv32 elf <private 3<public`, inputs passed through files. */
function qemu(dir: string, elf: string, pub: Uint8Array, priv: Uint8Array): Run {
  writeFileSync(join(dir, 'public.bin'), pub);
  writeFileSync(join(dir, 'private.bin'), priv);
  const fd0 = openSync(join(dir, 'private.bin'), 'r');
  const fd3 = openSync(join(dir, 'public.bin'), 'r');
  try {
    const r = spawnSync('qemu-riscv32', [elf], { stdio: [fd0, 'pipe', 'pipe', fd3], timeout: 60_000 });
    if (r.error !== undefined)
      throw new Error(`qemu-riscv32 did not run (${r.error.message}): install it with apt-get install -y qemu-user`);
    return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
  } finally {
    closeSync(fd0);
    closeSync(fd3);
  }
}

/** The program headers of an ELF32 little-endian file. */
function programHeaders(elf: Uint8Array): { type: number; flags: number; vaddr: number; filesz: number; memsz: number }[] {
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const phoff = dv.getUint32(28, true);
  const phentsize = dv.getUint16(42, true);
  const phnum = dv.getUint16(44, true);
  const out = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    out.push({
      type: dv.getUint32(o, true),
      vaddr: dv.getUint32(o + 8, true),
      filesz: dv.getUint32(o + 16, true),
      memsz: dv.getUint32(o + 20, true),
      flags: dv.getUint32(o + 24, true),
    });
  }
  return out;
}

describe('Rust guest toolchain', () => {
  let work = '';
  let project = '';
  let built: BuildRustResult | undefined;
  let elfPath = '';

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'zkvm-rust-test-'));
    const tc = await detectRust();
    assert.ok(
      tc.ok,
      `the Rust guest toolchain is incomplete (${tc.problems.join('; ')}); install it with: ${RUST_APT_LINE}`,
    );
    project = await createRustProject({ dir: join(work, 'guest'), name: 'test-guest' });
    writeFileSync(join(project, 'src', 'main.rs'), GUEST);
    elfPath = join(work, 'out', 'guest.elf');
    built = await buildRust({ projectDir: project, out: elfPath, targetDir: TARGET_DIR });
  });

  after(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('finds the SDK and its template from the compiled module', () => {
    const p = rustSdkPaths();
    assert.ok(readFileSync(join(p.crate, 'Cargo.toml'), 'utf8').includes('name = "zkvm-guest"'));
    assert.ok(readFileSync(join(p.template, '.cargo', 'config.toml'), 'utf8').includes('riscv32im-unknown-none-elf'));
  });

  it('builds an ELF with the zkvm memory layout', () => {
    assert.ok(built !== undefined);
    assert.equal(built.elf, elfPath);
    const elf = new Uint8Array(readFileSync(elfPath));
    assert.equal(built.bytes, elf.length);
    assert.deepEqual([...elf.subarray(0, 6)], [0x7f, 0x45, 0x4c, 0x46, 1, 1], 'ELF32 little-endian');
    const dv = new DataView(elf.buffer, elf.byteOffset);
    assert.equal(dv.getUint16(18, true), 243, 'e_machine RISC-V');
    assert.equal(dv.getUint32(36, true) & 1, 0, 'no compressed instructions (EF_RISCV_RVC clear)');
    assert.equal(dv.getUint32(24, true), 0x10000, 'entry _start at 0x10000');
    const loads = programHeaders(elf).filter((p) => p.type === 1);
    assert.equal(loads.length, 2, 'two PT_LOAD segments');
    const [text, data] = loads as [(typeof loads)[0], (typeof loads)[0]];
    assert.equal(text.vaddr, 0x10000);
    assert.equal(text.flags, 5, 'text is R+X, not writable');
    assert.equal(data.flags, 6, 'data is R+W, not executable');
    assert.equal(data.vaddr % 4096, 0, 'data starts on a page');
    assert.ok(data.vaddr >= text.vaddr + text.memsz);
    assert.ok(data.memsz - data.filesz >= (16 << 20) + (1 << 20), 'heap and stack are NOLOAD parts of the data segment');
    // parseElf is the executor's loader; it must accept the file too.
    assert.equal(parseElf(elf).entry, 0x10000);
  });

  it('writes nothing into the project when given a target directory', () => {
    assert.deepEqual(readdirSync(project).sort(), ['.cargo', '.gitignore', 'Cargo.toml', 'src']);
  });

  it('runs under qemu-riscv32 and the executor with the same results', () => {
    const pub = u32s(0, 1234);
    const priv = new Uint8Array([1, 2, 3, 250]);
    const q = qemu(work, elfPath, pub, priv);
    const text = 'words=1234 distinct=7 w3=176 big=3072 private=4:256\n';
    assert.equal(q.code, 34, `exit status is main's i32 (stderr: ${q.stderr})`);
    assert.deepEqual(q.stdout, Buffer.concat([Buffer.from(text), Buffer.from([0x72, 0x61, 0x77, 0, 0xff])]));
    assert.equal(q.stderr, 'log line 1234\n');
    const r = execute(parseElf(new Uint8Array(readFileSync(elfPath))), { publicInput: pub, privateInput: priv });
    assert.equal(r.exitCode, 34);
    assert.deepEqual(Buffer.from(r.publicOutput), q.stdout);
    assert.equal(Buffer.from(r.debugLog).toString('utf8'), q.stderr);
  });

  it('reports panics as "panicked at FILE:LINE: MESSAGE" on fd 2 with exit status 101', () => {
    const line = GUEST.split('\n').findIndex((l) => l.includes('panic!(')) + 1;
    const q = qemu(work, elfPath, u32s(9, 0), new Uint8Array(5));
    assert.equal(q.code, 101);
    assert.equal(q.stdout.length, 0);
    assert.equal(q.stderr, `panicked at src/main.rs:${line}: unknown mode 9 (5 private bytes)\n`);
    // A panic inside core (index out of bounds) goes through the same handler.
    const b = qemu(work, elfPath, u32s(1, 7), new Uint8Array(0));
    assert.equal(b.code, 101);
    assert.equal(b.stdout.toString(), 'about to index 7\n');
    assert.match(b.stderr, /^panicked at src\/main\.rs:\d+: index out of bounds: the len is 0 but the index is 7\n$/);
  });

  it('panics with a clear message when the public input is too short', () => {
    const q = qemu(work, elfPath, new Uint8Array([1, 0]), new Uint8Array(0));
    assert.equal(q.code, 101);
    assert.match(q.stderr, /^panicked at zkvm-guest-0\.1\.0\/src\/io\.rs:\d+: public input ended after 2 of 4 bytes\n$/);
  });

  it('rebuilds incrementally and reports compile errors with cargo diagnostics', async () => {
    const again = await buildRust({ projectDir: project, out: join(work, 'out', 'again.elf'), targetDir: TARGET_DIR });
    assert.deepEqual(readFileSync(again.elf), readFileSync(elfPath), 'same source, same bytes');
    writeFileSync(join(project, 'src', 'main.rs'), GUEST.replace('(n % 100) as i32', '"not a number"'));
    await assert.rejects(
      buildRust({ projectDir: project, out: join(work, 'out', 'bad.elf'), targetDir: TARGET_DIR }),
      (e: unknown) =>
        e instanceof RustToolchainError &&
        e.code === 'build-failed' &&
        /error\[E0308\]/.test(e.stderr) &&
        /mismatched types/.test(e.message) &&
        e.command[0] === built!.toolchain.cargo &&
        e.command.includes('--offline'),
    );
  });

  it('rejects a directory that is not a cargo project', async () => {
    await assert.rejects(
      buildRust({ projectDir: work, out: join(work, 'x.elf') }),
      (e: unknown) => e instanceof RustToolchainError && e.code === 'bad-project' && /no Cargo\.toml/.test(e.message),
    );
  });

  it('refuses to build with an incomplete toolchain and names the apt line', async () => {
    const missing = join(work, 'no-such-rustc');
    const tc = await detectRust({ rustc: missing });
    assert.equal(tc.ok, false);
    assert.match(tc.problems.join('\n'), /no-such-rustc does not run/);
    await assert.rejects(
      buildRust({ projectDir: project, out: join(work, 'y.elf'), toolchain: { rustc: missing } }),
      (e: unknown) =>
        e instanceof RustToolchainError && e.code === 'toolchain-missing' && e.message.includes(RUST_APT_LINE),
    );
  });

  it('rejects bad project names and non-empty directories', async () => {
    await assert.rejects(
      createRustProject({ dir: join(work, 'n'), name: '1bad' }),
      (e: unknown) => e instanceof RustToolchainError && e.code === 'bad-project',
    );
    await assert.rejects(createRustProject({ dir: project, name: 'fine' }), /not empty/);
  });
});
