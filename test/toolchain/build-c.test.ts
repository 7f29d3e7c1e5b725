// src/toolchain's C/C++ route and the C/C++ SDK in guest/sdk: option checking and error reporting of buildC,
// toolchain detection, and guests built with the SDK running on the zkVM executor (and, where the point is agreement with the
// reference, under qemu-riscv32). The cross toolchain and qemu are required (CI installs them): without them the
// tests that need them FAIL with the apt line, they are never skipped.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APT_PACKAGES,
  aptInstallCommand,
  buildC,
  cSdkPaths,
  detectToolchains,
  ToolchainError,
  type BuildCOptions,
  type ToolchainErrorCode,
} from '../../src/toolchain/index.js';
import { parseElf, PF_R, PF_W, PF_X } from '../../src/vm/elf.js';
import { execute, type ExecutionResult } from '../../src/vm/executor.js';
import { VmError } from '../../src/vm/errors.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkvm-toolchain-test-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to `name` inside the test's temp dir and returns its path. */
function file(name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

async function rejectsWith(p: Promise<unknown>, code: ToolchainErrorCode, message?: RegExp): Promise<ToolchainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ToolchainError, `expected a ToolchainError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message !== undefined) assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected a ToolchainError '${code}'`);
}

/** Builds a single-source guest (`main.<ext>`) into the temp dir. */
async function build(name: string, source: string, opts: Partial<BuildCOptions> = {}, ext = 'c'): Promise<string> {
  const src = file(`${name}/main.${ext}`, source);
  const out = join(dir, name, `${name}.elf`);
  await buildC({ sources: [src], out, ...opts });
  return out;
}

function run(elf: string, privateInput = new Uint8Array(0), publicInput = new Uint8Array(0)): ExecutionResult {
  return execute(parseElf(new Uint8Array(readFileSync(elf))), { privateInput, publicInput, maxCycles: 50_000_000 });
}

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

function qemu(elf: string, priv: string, pub: string): { stdout: Buffer; stderr: Buffer; status: number | null; signal: string | null } {
  const r = spawnSync('sh', ['-c', 'exec qemu-riscv32 "$0" <"$1" 3<"$2"', elf, priv, pub], { timeout: 60_000 });
  if (r.error !== undefined) throw r.error;
  if (r.status === 127) throw new Error('qemu-riscv32 is required: apt-get install -y qemu-user');
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal };
}

describe('toolchain: locating and detecting', () => {
  it('finds the SDK files relative to the module', () => {
    const sdk = cSdkPaths();
    for (const f of ['crt0.S', 'syscalls.c', 'zkvm.c', 'cxxrt.cpp', 'zkvm.ld'])
      assert.ok(existsSync(join(sdk.cDir, f)), `${f} in ${sdk.cDir}`);
    assert.ok(existsSync(join(sdk.includeDir, 'zkvm.h')));
    assert.ok(existsSync(join(sdk.cxxShimDir, 'bits', 'os_defines.h')));
    assert.equal(sdk.linkerScript, join(sdk.cDir, 'zkvm.ld'));
  });

  it('apt lines are deduplicated and name the Debian packages', () => {
    assert.equal(
      aptInstallCommand([...APT_PACKAGES.c, ...APT_PACKAGES.cpp, ...APT_PACKAGES.qemu]),
      'apt-get update && apt-get install -y gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf libstdc++-12-dev qemu-user',
    );
  });

  it('reports every missing tool with the packages that provide it', async () => {
    const r = await detectToolchains({ gcc: join(dir, 'no-such-gcc'), qemu: 'no-such-qemu-riscv32', skipRust: true });
    assert.equal(r.c.available, false);
    assert.equal(r.cpp.available, false);
    assert.equal(r.qemu.available, false);
    assert.match(r.c.detail, /not found/);
    for (const p of ['gcc-riscv64-unknown-elf', 'picolibc-riscv64-unknown-elf', 'libstdc++-12-dev', 'qemu-user'])
      assert.ok(r.missingPackages.includes(p), p);
    assert.equal(r.installCommand, aptInstallCommand(r.missingPackages));
    assert.ok(Object.isFrozen(r) && Object.isFrozen(r.c));
  });

  it('finds the installed C, C++ and qemu toolchains (CI installs them)', async () => {
    const r = await detectToolchains({ skipRust: true });
    const hint = r.installCommand ?? '';
    assert.ok(r.c.available, `C: ${r.c.detail}; ${hint}`);
    assert.ok(r.cpp.available, `C++: ${r.cpp.detail}; ${hint}`);
    assert.ok(r.qemu.available, `qemu: ${r.qemu.detail}; ${hint}`);
    assert.deepEqual(r.missingPackages, []);
    assert.equal(r.installCommand, undefined);
  });
});

describe('buildC: bad options are rejected before anything runs', () => {
  it('rejects missing or unusable inputs', async () => {
    const src = file('opts/a.c', 'int main(void) { return 0; }\n');
    const out = join(dir, 'opts', 'a.elf');
    await rejectsWith(buildC({ sources: [], out }), 'bad-options', /at least one source/);
    await rejectsWith(buildC({ sources: [file('opts/a.txt', '')], out }), 'bad-options', /unknown source kind/);
    await rejectsWith(buildC({ sources: [join(dir, 'opts', 'nope.c')], out }), 'bad-options', /no such source/);
    await rejectsWith(buildC({ sources: [src], out: join(dir, 'opts') }), 'bad-options', /is a directory/);
    await rejectsWith(buildC({ sources: [src], out, defines: { 'BAD-NAME': 1 } }), 'bad-options', /macro name/);
    await rejectsWith(buildC({ sources: [src], out, heapSize: 1000 }), 'bad-options', /multiple of 16/);
    await rejectsWith(buildC({ sources: [file('opts/b.cpp', '')], out, lang: 'c' }), 'bad-options', /C\+\+/);
    await rejectsWith(buildC({ sources: [src], out, optLevel: 9 as never }), 'bad-options', /optLevel/);
    assert.equal(existsSync(out), false);
  });

  it('never writes over a source file', async () => {
    const src = file('opts/keep.c', 'int main(void) { return 0; }\n');
    await rejectsWith(buildC({ sources: [src], out: src }), 'bad-options', /also a source/);
    assert.equal(readFileSync(src, 'utf8'), 'int main(void) { return 0; }\n');
  });

  it('names the apt line when the compiler is missing', async () => {
    const src = file('opts/c.c', 'int main(void) { return 0; }\n');
    await rejectsWith(
      buildC({ sources: [src], out: join(dir, 'opts', 'c.elf'), gcc: join(dir, 'missing-gcc') }),
      'toolchain-missing',
      /apt-get install -y gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf/,
    );
  });
});

describe('buildC: compiler and linker failures', () => {
  it('reports compile errors with the compiler output and leaves an existing output alone', async () => {
    const src = file('bad/main.c', 'int main(void) { return undeclared_variable; }\n');
    const out = file('bad/out.elf', 'previous contents');
    const e = await rejectsWith(buildC({ sources: [src], out }), 'compile-failed', /main\.c/);
    assert.match(e.stderr, /undeclared_variable/);
    assert.match(e.message, /undeclared_variable/);
    assert.ok(e.command.includes(src));
    assert.equal(readFileSync(out, 'utf8'), 'previous contents');
  });

  it('reports link errors', async () => {
    const src = file('badlink/main.c', 'void not_defined_anywhere(void);\nint main(void) { not_defined_anywhere(); return 0; }\n');
    const e = await rejectsWith(buildC({ sources: [src], out: join(dir, 'badlink', 'x.elf') }), 'link-failed');
    assert.match(e.stderr, /undefined reference to `not_defined_anywhere'/);
  });
});

describe('buildC: guests built with the SDK', () => {
  it('applies defines and include dirs, writes only the output, and lays out the ELF for the zkVM', async () => {
    file('inc/dir/helper.h', 'static inline int twice(int x) { return 2 * x; }\n');
    const src = file(
      'defs/main.c',
      [
        '#include <stdio.h>',
        '#include "helper.h"',
        'int main(void) {',
        '  printf("%d", twice(ANSWER));',
        '#ifdef FLAG',
        '  printf(" flag");',
        '#endif',
        '#ifdef OFF',
        '  printf(" off");',
        '#endif',
        '  printf(" %s\\n", NAME);',
        '  return 0;',
        '}',
      ].join('\n'),
    );
    const outDir = join(dir, 'defs-out');
    const r = await buildC({
      sources: ['defs/main.c'],
      cwd: dir,
      out: join(outDir, 'sub', 'g.elf'),
      includeDirs: ['inc/dir'],
      defines: { ANSWER: 21, FLAG: true, OFF: false, NAME: '"zk"' },
      optLevel: 's',
    });
    assert.equal(r.lang, 'c');
    assert.equal(r.elf, join(outDir, 'sub', 'g.elf'));
    assert.equal(r.bytes, readFileSync(r.elf).length);
    assert.deepEqual(readdirSync(join(outDir, 'sub')), ['g.elf']);
    assert.ok(r.commands.at(-1)!.includes(cSdkPaths().linkerScript));
    assert.ok(existsSync(src));
    assert.equal(text(run(r.elf).publicOutput), '42 flag zk\n');

    const img = parseElf(new Uint8Array(readFileSync(r.elf)));
    assert.equal(img.entry, 0x10000);
    assert.deepEqual(
      img.segments.map((s) => s.flags),
      [PF_R | PF_X, PF_R | PF_W],
    );
    assert.equal(img.segments[1]!.vaddr % 4096, 0);
    assert.equal(img.segments[1]!.memsz >= (16 + 1) << 20, true, 'default 16 MiB heap + 1 MiB stack');
  });

  it('zkvm.h: typed reads, whole-input reads, public writes in program order, log and exit code', async () => {
    const elf = await build(
      'api',
      `#include <stdio.h>
#include <stdlib.h>
#include "zkvm.h"
int main(void) {
  uint32_t a = zkvm_read_private_u32();
  uint64_t b = zkvm_read_private_u64();
  size_t n;
  uint8_t *rest = zkvm_read_private_all(&n);
  printf("a=%lu b=%llu rest=%s (%u)\\n", (unsigned long)a, (unsigned long long)b, (char *)rest, (unsigned)n);
  free(rest);
  uint32_t v, sum = 0, count = 0;
  while (zkvm_try_read_public_u32(&v)) { sum += v; count++; }
  uint8_t tail[4];
  printf("public: %lu words, sum %lu, tail %u", (unsigned long)count, (unsigned long)sum,
         (unsigned)zkvm_read_public(tail, 4));
  zkvm_write_public("|raw|", 5);
  printf("after\\n");
  zkvm_write_public_u32(0x11223344u);
  zkvm_write_public_u64(0x8877665544332211ull);
  zkvm_log("log line\\n");
  fprintf(stderr, "stderr %d\\n", 7);
  zkvm_exit(3);
}
`,
    );
    const priv = new Uint8Array([0x78, 0x56, 0x34, 0x12, 1, 0, 0, 0, 2, 0, 0, 0, ...Buffer.from('tail text')]);
    // Three whole words and a 2-byte remainder: the failed try-read consumes the remainder.
    const pub = new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 9, 9]);
    const r = run(elf, priv, pub);
    const expectText = `a=305419896 b=8589934593 rest=tail text (9)\npublic: 3 words, sum 6, tail 0|raw|after\n`;
    const expectBytes = Buffer.concat([
      Buffer.from(expectText),
      Buffer.from([0x44, 0x33, 0x22, 0x11, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]),
    ]);
    assert.deepEqual(Buffer.from(r.publicOutput), expectBytes);
    assert.equal(text(r.debugLog), 'log line\nstderr 7\n');
    assert.equal(r.exitCode, 3);

    // Same bytes under the reference.
    const p = file('api/private.bin', '');
    writeFileSync(p, priv);
    const q = file('api/public.bin', '');
    writeFileSync(q, pub);
    const ref = qemu(elf, p, q);
    assert.deepEqual(ref.stdout, expectBytes);
    assert.equal(ref.stderr.toString(), 'log line\nstderr 7\n');
    assert.equal(ref.status, 3);
  });

  it('a typed read past the end of input fails with exit code 101 and a log line', async () => {
    const elf = await build(
      'short',
      '#include "zkvm.h"\nint main(void) { return (int)zkvm_read_public_u32(); }\n',
    );
    const r = run(elf, new Uint8Array(0), new Uint8Array([1, 2]));
    assert.equal(r.exitCode, 101);
    assert.equal(text(r.debugLog), 'zkvm: public input ended early\n');
  });

  it('heap and stack sizes can be set, and malloc fails cleanly when the heap is exhausted', async () => {
    const src = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  void *big = malloc(100 * 1024);
  void *small = malloc(10 * 1024);
  printf("%s %s\\n", big ? "big" : "nobig", small ? "small" : "nosmall");
  return 0;
}
`;
    const elf = await build('heap', src, { heapSize: 64 * 1024, stackSize: 16 * 1024 });
    const data = parseElf(new Uint8Array(readFileSync(elf))).segments[1]!;
    assert.ok(data.memsz > 80 * 1024 && data.memsz < 200 * 1024, `memsz ${data.memsz}`);
    assert.equal(text(run(elf).publicOutput), 'nobig small\n');
    const dflt = await build('heap-default', src);
    assert.equal(text(run(dflt).publicOutput), 'big small\n');
  });

  it('initialises gp-relative data, thread-locals (errno) and .bss', async () => {
    const elf = await build(
      'data',
      `#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
static int small_init = 5;          /* .sdata */
static int small_zero;              /* .sbss */
static int big_zero[1000];          /* .bss */
static int big_init[4] = {1, 2, 3, 4};
static _Thread_local int tls_init = 77;
static _Thread_local int tls_zero;
int main(void) {
  volatile long v = strtol("99999999999999", NULL, 10);  /* overflows: errno = ERANGE */
  int sum = 0;
  for (int i = 0; i < 1000; i++) sum += big_zero[i];
  tls_zero++; tls_init++; small_zero++;
  printf("%d %d %d %d %d %d %d %ld\\n", small_init, small_zero, sum, big_init[3], tls_init, tls_zero,
         errno == ERANGE, (long)v);
  return 0;
}
`,
    );
    assert.equal(text(run(elf).publicOutput), '5 1 0 4 78 1 1 2147483647\n');
  });

  it('the text segment is not writable: the zkVM faults and qemu segfaults', async () => {
    const elf = await build(
      'wtext',
      `#include <stdint.h>
int main(void) {
  volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)&main;
  *p = 0x13;
  return 0;
}
`,
    );
    assert.throws(() => run(elf), (e: unknown) => e instanceof VmError && e.code === 'write-to-text');
    const empty = file('wtext/empty.bin', '');
    const ref = qemu(elf, empty, empty);
    assert.equal(ref.signal, 'SIGSEGV');
  });

  it('C++: classes, virtual calls, static constructors and destructors, new/delete, std::vector and std::string', async () => {
    const elf = await build(
      'cxx',
      `#include <cstdio>
#include <memory>
#include <string>
#include <vector>
struct Base { virtual ~Base() = default; virtual int f() const = 0; };
struct A : Base { int f() const override { return 1; } };
struct B : Base { int f() const override { return 2; } };
struct Global { Global() { std::printf("ctor "); } ~Global() { std::printf("dtor\\n"); } } global;
int main() {
  std::vector<std::unique_ptr<Base>> v;
  for (int i = 0; i < 10; i++) v.push_back(i % 3 ? std::unique_ptr<Base>(new A) : std::unique_ptr<Base>(new B));
  int s = 0;
  for (auto &p : v) s += p->f();
  std::string str = "sum=" + std::to_string(s);
  std::printf("%s ", str.c_str());
  return 0;
}
`,
      {},
      'cpp',
    );
    const r = run(elf);
    assert.equal(text(r.publicOutput), 'ctor sum=14 dtor\n');
    assert.equal(r.exitCode, 0);
  });

  it('C++: a failing container check ends the run with exit code 101 and the reason in the log', async () => {
    const elf = await build(
      'cxxthrow',
      `#include <vector>
int main() { std::vector<int> v(3); return v.at(5); }
`,
      {},
      'cpp',
    );
    const r = run(elf);
    assert.equal(r.exitCode, 101);
    assert.match(text(r.debugLog), /^C\+\+ runtime error: std::out_of_range/);
  });
});
