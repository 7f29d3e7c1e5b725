// `zkvm doctor`: one line per toolchain, exit 0 when all are installed (CI installs them), and, with the C
// toolchain and qemu hidden from PATH, exit 1 with the one apt line that installs what is missing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { APT_PACKAGES } from '../../src/toolchain/index.js';
import { rmSync } from 'node:fs';
import { describeProc, tempDir, zkvm } from './helpers.js';

describe('zkvm doctor', () => {
  it('reports every toolchain as installed and exits 0 (CI installs them)', () => {
    const r = zkvm(['doctor']);
    const out = r.stdout.toString();
    assert.equal(r.status, 0, describeProc('zkvm doctor', r));
    const lines = out.split('\n');
    for (const what of ['C guests:', 'C++ guests:', 'Rust guests:', 'qemu-riscv32 (reference runner):'])
      assert.ok(lines.some((l) => l.startsWith(`ok       ${what}`)), `${what} in\n${out}`);
    assert.doesNotMatch(out, /MISSING|apt-get/);
  });

  it('names what is missing and prints one apt line for it', () => {
    // An empty PATH hides the cross gcc and qemu; Debian's rustc is looked up at /usr/bin, not on PATH.
    const empty = tempDir('doctor-path');
    const r = zkvm(['doctor'], { env: { ...process.env, PATH: empty } });
    rmSync(empty, { recursive: true, force: true });
    const out = r.stdout.toString();
    assert.equal(r.status, 1, describeProc('zkvm doctor', r));
    assert.match(out, /^MISSING {2}C guests: riscv64-unknown-elf-gcc not found on PATH$/m);
    assert.match(out, /^MISSING {2}qemu-riscv32 \(reference runner\): qemu-riscv32 not found on PATH$/m);
    const install = out.split('\n').filter((l) => l.includes('apt-get'));
    assert.equal(install.length, 1, out);
    assert.equal(install[0]!.match(/apt-get update/g)?.length, 1, `apt-get update once: ${install[0]}`);
    for (const p of [...APT_PACKAGES.cpp, ...APT_PACKAGES.qemu]) assert.ok(install[0]!.includes(` ${p}`), `${p} in ${install[0]}`);
  });
});
