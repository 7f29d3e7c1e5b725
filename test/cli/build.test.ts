// End-to-end tests of `zkvm build`, `zkvm new` (C and C++; Rust is in new-rust.test.ts), `zkvm doctor` and the help
// output, each run as a whole process (node bin/zkvm.js). Built guests are run with `zkvm run` and checked against
// qemu-riscv32. The C/C++ toolchain and qemu are required (CI installs them); without them these tests FAIL naming
// the apt packages.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  C_HINT, EXAMPLES, QEMU_HINT, ROOT, assertOneLineError, describeProc, isElf, qemu, requireTool, runArgs, snapshot, tempDir, zkvm,
  type Proc,
} from './helpers.js';

const C_PROG = `#include <stdio.h>
#include <zkvm.h>
int main(void) {
  uint32_t n = zkvm_read_public_u32();
  printf("triangle(%u) = %u\\n", (unsigned)n, (unsigned)(n * (n + 1) / 2));
  fprintf(stderr, "log: n=%u\\n", (unsigned)n);
  return (int)(n % 7);
}
`;
const CPP_PROG = `#include <algorithm>
#include <cstdio>
#include <vector>
int main() {
  std::vector<int> v{5, 3, 9, 1};
  std::sort(v.begin(), v.end());
  for (int x : v) std::printf("%d ", x);
  std::printf("\\n");
  return 0;
}
`;

let tmp = '';
let empty = '';
let n10 = '';

before(() => {
  requireTool('qemu-riscv32', QEMU_HINT);
  requireTool('riscv64-unknown-elf-gcc', C_HINT);
  tmp = tempDir('build');
  empty = join(tmp, 'empty.bin');
  writeFileSync(empty, '');
  n10 = join(tmp, 'n10.bin');
  writeFileSync(n10, Buffer.from([10, 0, 0, 0]));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh directory under the test's temporary directory. */
function sub(name: string): string {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true });
  return d;
}

/** Asserts a build succeeded, naming the apt line in the message in case the toolchain is missing. */
function assertBuilt(r: Proc, out: string, what: string): void {
  assert.equal(r.status, 0, `${describeProc(what, r)}\n(if a toolchain is missing: ${C_HINT})`);
  assert.ok(existsSync(out), `${what}: ${out} not written\n${describeProc(what, r)}`);
  assert.ok(isElf(out), `${what}: ${out} is not an ELF`);
  assert.match(r.stderr.toString(), /built /, what);
}

/** Runs `elf` with zkvm and qemu on the same inputs and asserts the same bytes and code; returns zkvm's run. */
function runBoth(elf: string, privateInput?: string, publicInput?: string): Proc {
  const z = zkvm(runArgs(elf, privateInput, publicInput));
  const q = qemu(elf, privateInput, publicInput, empty);
  const ctx = `${describeProc('zkvm', z)}\n${describeProc('qemu', q)}`;
  assert.equal(z.status, q.status, ctx);
  assert.ok(z.stdout.equals(q.stdout) && z.stderr.equals(q.stderr), ctx);
  return z;
}

describe('zkvm build', () => {
  it('a C file -> an ELF next to it, named after it (cwd elsewhere)', () => {
    const d = sub('cfile');
    writeFileSync(join(d, 'tri.c'), C_PROG);
    const r = zkvm(['build', 'cfile/tri.c'], { cwd: tmp });
    assertBuilt(r, join(d, 'tri.elf'), 'build tri.c');
    const z = runBoth(join(d, 'tri.elf'), undefined, n10);
    assert.equal(z.stdout.toString(), 'triangle(10) = 55\n');
    assert.equal(z.stderr.toString(), 'log: n=10\n');
    assert.equal(z.status, 3);
  });

  it('-o puts the ELF where asked (and nothing at the default place)', () => {
    const d = sub('cout');
    writeFileSync(join(d, 'tri.c'), C_PROG);
    const out = join(d, 'bin', 'custom.elf');
    assertBuilt(zkvm(['build', join(d, 'tri.c'), '-o', out]), out, 'build -o');
    assert.ok(!existsSync(join(d, 'tri.elf')), 'no ELF at the default path when -o is given');
    assert.equal(runBoth(out, undefined, n10).stdout.toString(), 'triangle(10) = 55\n');
  });

  it('a C++ file', () => {
    const d = sub('cpp');
    writeFileSync(join(d, 'sorter.cpp'), CPP_PROG);
    assertBuilt(zkvm(['build', join(d, 'sorter.cpp')]), join(d, 'sorter.elf'), 'build sorter.cpp');
    const z = runBoth(join(d, 'sorter.elf'));
    assert.equal(z.stdout.toString(), '1 3 5 9 \n');
    assert.equal(z.status, 0);
  });

  it('a C project directory (src/ + include/) -> DIR/DIR.elf', () => {
    const d = sub('calc');
    mkdirSync(join(d, 'src'));
    mkdirSync(join(d, 'include'));
    writeFileSync(join(d, 'include', 'sq.h'), 'unsigned square(unsigned x);\n');
    writeFileSync(join(d, 'src', 'sq.c'), '#include "sq.h"\nunsigned square(unsigned x) { return x * x; }\n');
    writeFileSync(
      join(d, 'src', 'main.c'),
      '#include <stdio.h>\n#include "sq.h"\nint main(void) { printf("%u\\n", square(12)); return 0; }\n',
    );
    assertBuilt(zkvm(['build', 'calc'], { cwd: tmp }), join(d, 'calc.elf'), 'build calc/');
    assert.equal(runBoth(join(d, 'calc.elf')).stdout.toString(), '144\n');
  });

  it('refuses to overwrite an existing non-ELF output without --force (leaving it untouched), overwrites with --force', () => {
    const d = sub('force');
    writeFileSync(join(d, 'tri.c'), C_PROG);
    const out = join(d, 'notes.txt');
    writeFileSync(out, 'my precious notes\n');
    const mtime = statSync(out).mtimeMs;
    assertOneLineError(zkvm(['build', join(d, 'tri.c'), '-o', out]), 2, [/--force/, /notes\.txt/], 'no --force');
    assert.equal(readFileSync(out, 'utf8'), 'my precious notes\n');
    assert.equal(statSync(out).mtimeMs, mtime);
    // The default output name is protected the same way.
    writeFileSync(join(d, 'tri.elf'), 'not an elf');
    assertOneLineError(zkvm(['build', join(d, 'tri.c')]), 2, [/--force/], 'default name, no --force');
    assert.equal(readFileSync(join(d, 'tri.elf'), 'utf8'), 'not an elf');
    // --force replaces it.
    assertBuilt(zkvm(['build', join(d, 'tri.c'), '-o', out, '--force']), out, 'with --force');
    assert.equal(runBoth(out, undefined, n10).stdout.toString(), 'triangle(10) = 55\n');
  });

  it('replaces an existing ELF output without --force (a rebuild)', () => {
    const d = sub('rebuild');
    writeFileSync(join(d, 'p.c'), '#include <stdio.h>\nint main(void) { puts("one"); return 0; }\n');
    assertBuilt(zkvm(['build', join(d, 'p.c')]), join(d, 'p.elf'), 'first build');
    writeFileSync(join(d, 'p.c'), '#include <stdio.h>\nint main(void) { puts("two"); return 0; }\n');
    assertBuilt(zkvm(['build', join(d, 'p.c')]), join(d, 'p.elf'), 'rebuild');
    assert.equal(runBoth(join(d, 'p.elf')).stdout.toString(), 'two\n');
  });

  it("a compile error exits non-zero with the compiler's message and leaves no output", () => {
    const d = sub('broken');
    writeFileSync(join(d, 'bad.c'), 'int main(void) { return undeclared_thing; }\n');
    const r = zkvm(['build', join(d, 'bad.c')]);
    const err = r.stderr.toString();
    assert.ok(r.status !== 0 && r.status !== null, describeProc('bad.c', r));
    assert.match(err, /undeclared_thing/);
    assert.match(err, /bad\.c:1:\d+: error:/);
    assert.doesNotMatch(err, /internal error|\n\s+at /);
    assert.ok(!existsSync(join(d, 'bad.elf')), 'no partial ELF');
    // An existing ELF at the output path is left as it was.
    writeFileSync(join(d, 'good.c'), 'int main(void) { return 0; }\n');
    const old = join(EXAMPLES, 'hello.elf');
    writeFileSync(join(d, 'bad.elf'), readFileSync(old));
    assert.notEqual(zkvm(['build', join(d, 'bad.c')]).status, 0);
    assert.ok(readFileSync(join(d, 'bad.elf')).equals(readFileSync(old)), 'existing ELF untouched by a failed build');
  });

  it('bad paths and options -> 2', () => {
    assertOneLineError(zkvm(['build', join(tmp, 'nothere.c')]), 2, [/nothere\.c/], 'missing path');
    const d = sub('misc');
    writeFileSync(join(d, 'readme.txt'), 'hello\n');
    assertOneLineError(zkvm(['build', join(d, 'readme.txt')]), 2, [/readme\.txt/], 'unknown source kind');
    mkdirSync(join(d, 'emptyproj'));
    assertOneLineError(zkvm(['build', join(d, 'emptyproj')]), 2, [/emptyproj/], 'project without sources');
    writeFileSync(join(d, 'ok.c'), 'int main(void) { return 0; }\n');
    assertOneLineError(zkvm(['build', join(d, 'ok.c'), '-O', '9']), 2, [/-O/], 'bad -O');
    assertOneLineError(zkvm(['build', join(d, 'ok.c'), '-o', d]), 2, [/directory/], 'output is a directory');
    assert.ok(!existsSync(join(d, 'ok.elf')));
  });
});

describe('zkvm new (C, C++)', () => {
  const cases = [
    // The C template checksums its public input; the C++ one sorts the u32s of its private input.
    { lang: 'c', file: 'main.c', priv: undefined, pub: join(EXAMPLES, 'sha256.public.bin'), out: /1000 bytes of public input/ },
    { lang: 'cpp', file: 'main.cpp', priv: join(EXAMPLES, 'sort.private.bin'), pub: undefined, out: /values, sum \d+/ },
  ] as const;
  for (const c of cases) {
    it(`new --lang ${c.lang}, then build NAME and run NAME/NAME.elf`, () => {
      const name = `guest_${c.lang}`;
      const r = zkvm(['new', name, '--lang', c.lang], { cwd: tmp });
      assert.equal(r.status, 0, describeProc('new', r));
      assert.ok(existsSync(join(tmp, name, 'src', c.file)), `${name}/src/${c.file} missing`);
      const elf = join(tmp, name, `${name}.elf`);
      assertBuilt(zkvm(['build', name], { cwd: tmp }), elf, `build ${name}`);
      const z = runBoth(elf, c.priv, c.pub);
      assert.equal(z.status, 0, describeProc('run', z));
      assert.match(z.stdout.toString(), c.out);
      // Exactly the "next:" command the CLI suggests, without the optional inputs, runs too.
      const bare = zkvm(['run', join(name, `${name}.elf`)], { cwd: tmp });
      assert.equal(bare.status, 0, describeProc('run without inputs', bare));
    });
  }

  it('the default language is C', () => {
    const r = zkvm(['new', 'plain'], { cwd: tmp });
    assert.equal(r.status, 0, describeProc('new plain', r));
    assert.ok(existsSync(join(tmp, 'plain', 'src', 'main.c')));
  });

  it('an existing non-empty directory -> 2, nothing changed', () => {
    const d = sub('taken');
    writeFileSync(join(d, 'keep.txt'), 'keep\n');
    const before = snapshot(d);
    for (const lang of ['c', 'cpp', 'rust'])
      assertOneLineError(zkvm(['new', 'taken', '--lang', lang], { cwd: tmp }), 2, [/taken/, /not empty/], `new taken --lang ${lang}`);
    assert.deepEqual(snapshot(d), before);
  });

  it('an existing file -> 2, nothing changed', () => {
    const d = sub('fileclash');
    writeFileSync(join(d, 'proj'), 'a file, not a directory\n');
    const before = snapshot(d);
    assertOneLineError(zkvm(['new', 'proj'], { cwd: d }), 2, [/proj/], 'new over a file');
    assert.deepEqual(snapshot(d), before);
  });

  it('invalid names and --lang go -> 2, nothing created', () => {
    const d = sub('invalid');
    for (const name of ['1abc', 'a b', 'x.y', 'über', 'a'.repeat(65)])
      assertOneLineError(zkvm(['new', name], { cwd: d }), 2, [/invalid project name/], `new '${name}'`);
    assertOneLineError(zkvm(['new', 'okname', '--lang', 'go'], { cwd: d }), 2, [/--lang/, /go/], '--lang go');
    assert.deepEqual([...snapshot(d).keys()], []);
  });
});

describe('zkvm doctor and help', () => {
  it('doctor exits 0 and lists C, C++, Rust and qemu as ok', () => {
    const r = zkvm(['doctor']);
    const out = r.stdout.toString();
    const ctx = describeProc('doctor', r);
    assert.equal(r.status, 0, ctx);
    for (const what of [/C guests/, /C\+\+ guests/, /Rust guests/, /qemu-riscv32/])
      assert.match(out, new RegExp(`^ok +${what.source}`, 'm'), ctx);
    assert.doesNotMatch(out, /MISSING/, ctx);
  });

  it('--help, run --help, build --help and --version exit 0', () => {
    const top = zkvm(['--help']);
    assert.equal(top.status, 0, describeProc('--help', top));
    for (const cmd of ['run', 'build', 'new', 'doctor']) assert.match(top.stdout.toString(), new RegExp(`^\\s+${cmd}\\b`, 'm'));
    const run = zkvm(['run', '--help']);
    assert.equal(run.status, 0, describeProc('run --help', run));
    for (const opt of ['--private-input', '--public-input', '--max-cycles', '--stats', '--mode']) assert.ok(run.stdout.toString().includes(opt), opt);
    const build = zkvm(['build', '--help']);
    assert.equal(build.status, 0, describeProc('build --help', build));
    assert.ok(build.stdout.toString().includes('--force'));
    const v = zkvm(['--version']);
    assert.equal(v.status, 0);
    assert.equal(v.stdout.toString().trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
