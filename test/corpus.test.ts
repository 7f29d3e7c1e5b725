// The guest corpus against the reference: every committed guest/corpus/<name>/<name>.elf (C, C++ and Rust) runs under
// qemu-riscv32 and under the zkVM executor in all three modes, with the same inputs; public output, debug log and exit
// code must match byte for byte, and the three modes must agree exactly (cycles, registers, pc too).
// The C/C++ guests are also rebuilt from source with src/toolchain (buildC) and must behave like the committed ELFs.
// qemu and the cross toolchain are required (CI installs them); without them these tests FAIL naming the apt line.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseElf, PF_R, PF_W, PF_X } from '../src/vm/elf.js';
import { execute, type ExecutionResult } from '../src/vm/executor.js';
import { buildC, detectToolchains } from '../src/toolchain/index.js';

/** The repository root: the first directory above this file holding guest/corpus (works from test/ and dist/test/). */
function repoRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'guest', 'corpus'))) return dir;
    if (dirname(dir) === dir) throw new Error('guest/corpus not found above ' + fileURLToPath(import.meta.url));
  }
}

const ROOT = repoRoot();
const CORPUS = join(ROOT, 'guest', 'corpus');
const QEMU = 'qemu-riscv32';
const QEMU_HINT = 'qemu-riscv32 is required to check the corpus: apt-get install -y qemu-user';
/** Every guest finishes far below this; a runaway guest fails instead of hanging the suite. */
const MAX_CYCLES = 100_000_000;

interface Guest {
  readonly name: string;
  readonly dir: string;
  readonly elf: string;
  /** main.c / main.cpp for C and C++ guests, undefined for others (Rust). */
  readonly source?: string;
  readonly privateInput: Uint8Array;
  readonly publicInput: Uint8Array;
}

function readIfExists(path: string): Uint8Array {
  return existsSync(path) ? new Uint8Array(readFileSync(path)) : new Uint8Array(0);
}

const guests: Guest[] = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()
  .flatMap((name) => {
    const dir = join(CORPUS, name);
    const elf = join(dir, `${name}.elf`);
    const source = ['main.c', 'main.cpp'].map((f) => join(dir, f)).find((f) => existsSync(f));
    if (!existsSync(elf) && source === undefined) return []; // e.g. a Rust guest whose ELF is not built yet
    return [
      {
        name,
        dir,
        elf,
        source,
        privateInput: readIfExists(join(dir, 'private.bin')),
        publicInput: readIfExists(join(dir, 'public.bin')),
      },
    ];
  });
const cGuests = guests.filter((g) => g.source !== undefined);

interface Observed {
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  readonly exitCode: number;
}

/** Runs `elf` under qemu-riscv32 with the private input on fd 0 and the public input on fd 3 (empty files when absent). */
function runQemu(elf: string, guest: Guest, tmp: string): Observed {
  const fds = (['private', 'public'] as const).map((kind) => {
    const path = join(guest.dir, `${kind}.bin`);
    return openSync(existsSync(path) ? path : join(tmp, 'empty.bin'), 'r');
  });
  try {
    const r = spawnSync(QEMU, [elf], { stdio: [fds[0]!, 'pipe', 'pipe', fds[1]!], timeout: 60_000, maxBuffer: 64 << 20 });
    if (r.error !== undefined) {
      const code = (r.error as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? QEMU_HINT : `qemu-riscv32 failed: ${r.error.message}`);
    }
    if (r.status === null) throw new Error(`qemu-riscv32 ${elf} was killed by ${r.signal}:\n${r.stderr.toString()}`);
    return { stdout: new Uint8Array(r.stdout), stderr: new Uint8Array(r.stderr), exitCode: r.status };
  } finally {
    fds.forEach((fd) => closeSync(fd));
  }
}

function runZkvm(elfBytes: Uint8Array, guest: Guest, mode: 'fast' | 'traced' | 'interpret'): ExecutionResult {
  return execute(parseElf(elfBytes), {
    privateInput: guest.privateInput,
    publicInput: guest.publicInput,
    maxCycles: MAX_CYCLES,
    mode,
  });
}

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

let tmp = '';
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'zkvm-corpus-test-'));
  writeFileSync(join(tmp, 'empty.bin'), '');
  const v = spawnSync(QEMU, ['--version']);
  if (v.error !== undefined) throw new Error(QEMU_HINT);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('corpus contents', () => {
  it('has the required C/C++ guests, each with a committed ELF', () => {
    const required = [
      'hello', 'sha256', 'sort', 'nn', 'orderbook', 'u64math', 'recursion', 'interp', 'hashmap', 'cpp_shapes',
      'cpp_algorithm', 'exit_code', 'read_chunks', 'format',
    ];
    for (const name of required) assert.ok(cGuests.some((g) => g.name === name), `guest/corpus/${name} missing`);
    assert.ok(cGuests.filter((g) => g.source!.endsWith('.cpp')).length >= 2, 'at least two C++ guests');
    for (const g of cGuests)
      assert.ok(existsSync(g.elf), `${g.name}.elf not built: run \`npm run build && node scripts/build-corpus.mjs\``);
  });

  it('every C/C++ ELF has the SDK memory layout', () => {
    for (const g of cGuests.filter((x) => existsSync(x.elf))) {
      const img = parseElf(new Uint8Array(readFileSync(g.elf)));
      assert.equal(img.entry, 0x10000, `${g.name}: entry`);
      assert.equal(img.segments.length, 2, `${g.name}: two loadable segments`);
      const [text, data] = img.segments as [(typeof img.segments)[0], (typeof img.segments)[0]];
      assert.equal(text.vaddr, 0x10000, `${g.name}: text address`);
      assert.equal(text.flags, PF_R | PF_X, `${g.name}: text is R+X, not writable`);
      assert.equal(data.flags, PF_R | PF_W, `${g.name}: data is R+W, not executable`);
      assert.equal(data.vaddr % 4096, 0, `${g.name}: data starts on a page`);
      assert.ok(data.vaddr >= text.vaddr + text.memsz, `${g.name}: segments do not overlap`);
      // Default heap (16 MiB) and stack (1 MiB) are part of the data segment's memsz.
      assert.ok(data.memsz >= 17 << 20, `${g.name}: heap and stack declared (memsz ${data.memsz})`);
    }
  });
});

describe('corpus: qemu-riscv32 vs zkVM executor (fast, traced, interpret)', () => {
  for (const g of guests) {
    it(g.name, () => {
      assert.ok(existsSync(g.elf), `${g.elf} missing: run \`node scripts/build-corpus.mjs\``);
      const bytes = new Uint8Array(readFileSync(g.elf));
      const ref = runQemu(g.elf, g, tmp);
      const [fast, traced, interp] = (['fast', 'traced', 'interpret'] as const).map((m) => runZkvm(bytes, g, m));
      assert.equal(text(fast!.debugLog), text(ref.stderr), 'debug log (fd 2) vs qemu stderr');
      assert.deepEqual(fast!.publicOutput, ref.stdout, 'public output (fd 1) vs qemu stdout');
      assert.equal(fast!.exitCode & 0xff, ref.exitCode, 'exit code vs qemu');
      for (const [name, r] of [['traced', traced!], ['interpret', interp!]] as const) {
        assert.equal(r.exitCode, fast!.exitCode, `${name}: exit code`);
        assert.equal(r.cycles, fast!.cycles, `${name}: cycles`);
        assert.equal(r.pc, fast!.pc, `${name}: pc`);
        assert.deepEqual(r.registers, fast!.registers, `${name}: registers`);
        assert.deepEqual(r.publicOutput, fast!.publicOutput, `${name}: public output`);
        assert.deepEqual(r.debugLog, fast!.debugLog, `${name}: debug log`);
      }
      // The C/C++ corpus keeps each run short so CI stays fast (other SDKs set their own budgets).
      if (g.source !== undefined) assert.ok(fast!.cycles < 20_000_000, `${g.name}: ${fast!.cycles} cycles, keep guests short`);
    });
  }
});

describe('corpus: known answers', () => {
  const run = (name: string): ExecutionResult => {
    const g = guests.find((x) => x.name === name);
    assert.ok(g !== undefined, `guest ${name} missing`);
    return runZkvm(new Uint8Array(readFileSync(g.elf)), g, 'fast');
  };

  it('sha256 prints the SHA-256 of its public input', () => {
    const g = guests.find((x) => x.name === 'sha256')!;
    assert.ok(g.publicInput.length > 64 && g.publicInput.length % 64 !== 0, 'multi-block input with a partial block');
    const want = createHash('sha256').update(g.publicInput).digest('hex') + '\n';
    const r = run('sha256');
    assert.equal(text(r.publicOutput), want);
    assert.equal(r.exitCode, 0);
  });

  it('sort prints the sorted private input and commits its checksum', () => {
    const g = guests.find((x) => x.name === 'sort')!;
    const dv = new DataView(g.privateInput.buffer, g.privateInput.byteOffset, g.privateInput.byteLength);
    const values = Array.from({ length: g.privateInput.length / 4 }, (_, i) => dv.getUint32(4 * i, true)).sort((a, b) => a - b);
    let checksum = 0;
    for (const v of values) checksum = (Math.imul(checksum, 31) + v) >>> 0;
    const out = run('sort').publicOutput;
    const lines = text(out.subarray(0, out.length - 4));
    assert.match(lines, new RegExp(`^sorted ${values.length} values\\n`));
    assert.ok(lines.includes(`min ${values[0]}\nmedian ${values[values.length >> 1]}\nmax ${values.at(-1)}\n`));
    assert.ok(lines.includes(`checksum ${checksum.toString(16).padStart(8, '0')}\n`));
    assert.equal(new DataView(out.buffer, out.byteOffset + out.length - 4).getUint32(0, true), checksum);
  });

  it('hello writes to both streams; exit_code exits with 42', () => {
    const h = run('hello');
    assert.equal(text(h.publicOutput), 'Hello, zkVM!\n');
    assert.match(text(h.debugLog), /debug log/);
    const e = run('exit_code');
    assert.equal(e.exitCode, 42);
    assert.equal(text(e.publicOutput), 'reached depth 6, exiting with 42\n');
  });

  it('read_chunks sees every byte of both inputs', () => {
    const g = guests.find((x) => x.name === 'read_chunks')!;
    const out = text(run('read_chunks').publicOutput);
    assert.match(out, new RegExp(`^public: ${g.publicInput.length} bytes`));
    assert.match(out, new RegExp(`\\nprivate: ${g.privateInput.length} bytes`));
    assert.match(out, /getchar at EOF: -1\n$/);
  });
});

describe('corpus: rebuilt from source behaves like the committed ELFs', () => {
  let buildDir = '';
  before(async () => {
    buildDir = mkdtempSync(join(tmpdir(), 'zkvm-corpus-build-'));
    const tc = await detectToolchains({ skipRust: true });
    if (!tc.c.available || !tc.cpp.available)
      throw new Error(
        `the C/C++ guest toolchain is required (${tc.c.available ? tc.cpp.detail : tc.c.detail}): ` +
          (tc.installCommand ?? 'apt-get install -y gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf libstdc++-12-dev'),
      );
  });
  after(() => rmSync(buildDir, { recursive: true, force: true }));

  // Same options as scripts/build-corpus.mjs.
  const build = (g: Guest, out: string) =>
    buildC({ sources: [g.source!], out, cwd: ROOT, optLevel: 2, strip: true, cflags: ['-Wall', '-Wextra'] });

  for (const g of cGuests) {
    it(g.name, async () => {
      const out = join(buildDir, `${g.name}.elf`);
      const r = await build(g, out);
      assert.equal(r.warnings, '', 'corpus guests compile without warnings');
      const fresh = runQemu(out, g, tmp);
      const committed = runQemu(g.elf, g, tmp);
      assert.deepEqual(fresh.stdout, committed.stdout, 'stdout');
      assert.equal(text(fresh.stderr), text(committed.stderr), 'stderr');
      assert.equal(fresh.exitCode, committed.exitCode, 'exit code');
    });
  }

  it('builds are deterministic (same bytes twice)', async () => {
    for (const name of ['sha256', 'cpp_shapes']) {
      const g = cGuests.find((x) => x.name === name)!;
      const a = join(buildDir, `${name}-a.elf`);
      const b = join(buildDir, `${name}-b.elf`);
      await build(g, a);
      await build(g, b);
      assert.ok(readFileSync(a).equals(readFileSync(b)), `${name}: two builds differ`);
    }
  });
});
