// End-to-end test of `zkvm new NAME --lang rust`: the project it creates builds with `zkvm build NAME` (a cold
// build-std compile of core/alloc, about 20-30 s, hence its own file and a generous timeout) and
// `zkvm run NAME/NAME.elf` prints the same bytes as qemu-riscv32. The Rust toolchain and qemu are required (CI
// installs them); without them this test FAILS naming the apt packages.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CARGO, DEFAULT_RUSTC } from '../../src/toolchain/index.js';
import { QEMU_HINT, RUST_HINT, describeProc, isElf, qemu, requireTool, runArgs, tempDir, zkvm } from './helpers.js';

let tmp = '';
before(() => {
  requireTool('qemu-riscv32', QEMU_HINT);
  requireTool(DEFAULT_CARGO, RUST_HINT);
  requireTool(DEFAULT_RUSTC, RUST_HINT);
  tmp = tempDir('new-rust');
});
after(() => rmSync(tmp, { recursive: true, force: true }));

it('new --lang rust, then build NAME and run NAME/NAME.elf', { timeout: 600_000 }, () => {
  const name = 'rguest';
  const created = zkvm(['new', name, '--lang', 'rust'], { cwd: tmp });
  assert.equal(created.status, 0, describeProc('new --lang rust', created));
  for (const f of ['Cargo.toml', 'src/main.rs']) assert.ok(existsSync(join(tmp, name, f)), `${name}/${f} missing`);
  assert.match(readFileSync(join(tmp, name, 'Cargo.toml'), 'utf8'), new RegExp(`name = "${name}"`));

  const built = zkvm(['build', name], { cwd: tmp, timeout: 540_000 });
  assert.equal(built.status, 0, `${describeProc('build', built)}\n(if a toolchain is missing: ${RUST_HINT})`);
  const elf = join(tmp, name, `${name}.elf`);
  assert.ok(existsSync(elf) && isElf(elf), `${elf} not written`);

  // The template counts the private u32s below the public u32 limit.
  const pub = join(tmp, 'limit.bin');
  const priv = join(tmp, 'values.bin');
  const empty = join(tmp, 'empty.bin');
  const u32le = (xs: number[]): Buffer => {
    const b = Buffer.alloc(4 * xs.length);
    xs.forEach((x, i) => b.writeUInt32LE(x, 4 * i));
    return b;
  };
  writeFileSync(pub, u32le([100]));
  writeFileSync(priv, u32le([5, 150, 99, 100, 3, 1000]));
  writeFileSync(empty, '');
  const z = zkvm(runArgs(elf, priv, pub));
  const q = qemu(elf, priv, pub, empty);
  const ctx = `${describeProc('zkvm', z)}\n${describeProc('qemu', q)}`;
  assert.equal(z.status, 0, ctx);
  assert.equal(z.stdout.toString(), '3 of 6 values are below 100\n', ctx);
  assert.equal(z.status, q.status, ctx);
  assert.ok(z.stdout.equals(q.stdout) && z.stderr.equals(q.stderr), ctx);

  // Exactly the "next:" command `zkvm new` suggests, whose inputs it marks optional, must run too, as the C and
  // C++ templates do.
  const bare = zkvm(['run', join(name, `${name}.elf`)], { cwd: tmp });
  assert.equal(bare.status, 0, describeProc(`zkvm run ${name}/${name}.elf (no inputs)`, bare));
});
