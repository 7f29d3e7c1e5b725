// End-to-end tests of `zkvm profile` as a whole process (bin/zkvm.js spawned with node), on corpus guests rebuilt
// WITH symbols (the committed corpus ELFs are stripped): a C guest (sort), a C++ guest (cpp_algorithm) and a Rust
// guest (rust-sha256, whose v0-mangled names must come out demangled). Checked: the top functions are the ones
// expected; the cycle count is `zkvm run --stats`'s; the system calls moved exactly the guest's known input and
// output bytes; the flame graph and speedscope files add up; outputs of another kind are not overwritten without
// --force; and errors are one clear line with the CLI's exit codes.
// The C/C++ toolchain and the Rust toolchain are required (CI installs them); without them these tests FAIL.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CROSS_PREFIX, DEFAULT_CARGO, DEFAULT_RUSTC } from '../../src/toolchain/index.js';
import { demangle } from '../../src/vm/demangle.js';
import { readCodeSymbols } from '../../src/vm/elf-symbols.js';
import { C_HINT, CORPUS, EXAMPLES, ROOT, RUST_HINT, assertOneLineError, describeProc, requireTool, tempDir, zkvm } from './helpers.js';

interface Summary {
  cycles: number;
  exitCode: number;
  symbolSource: string;
  functions: { name: string; selfCycles: number; totalCycles: number; selfShare: number; calls: number }[];
  syscalls: { number: number; name: string; calls: number; cycles: number; bytes: number }[];
}

let tmp = '';
let sortElf = '';
let cppElf = '';
const SORT_INPUT = join(CORPUS, 'sort', 'private.bin');

/** `zkvm build SRC -o OUT` (symbols kept: `zkvm build` does not strip), asserting success. */
function build(src: string, out: string, timeout = 120_000): string {
  const r = zkvm(['build', src, '-o', out], { timeout });
  assert.equal(r.status, 0, describeProc(`zkvm build ${src}`, r));
  return out;
}

function json(args: string[]): Summary {
  const r = zkvm(['profile', ...args, '--json']);
  assert.equal(r.status, 0, describeProc(`zkvm profile ${args.join(' ')}`, r));
  return JSON.parse(r.stdout.toString()) as Summary;
}

/** Cycles as `zkvm run --stats` reports them. */
function runCycles(args: string[]): { cycles: number; out: number } {
  const r = zkvm(['run', '--stats', ...args]);
  const m = /zkvm: ([\d,]+) cycles in/.exec(r.stderr.toString());
  assert.ok(m, describeProc('run --stats', r));
  // stderr holds the guest's fd 2 before the stats lines.
  const guestErr = r.stderr.toString().slice(0, m.index).length;
  return { cycles: Number(m[1]!.replace(/,/g, '')), out: r.stdout.length + guestErr };
}

before(() => {
  requireTool('riscv64-unknown-elf-gcc', C_HINT);
  tmp = tempDir('profile');
  sortElf = build(join(CORPUS, 'sort', 'main.c'), join(tmp, 'sort.elf'));
  cppElf = build(join(CORPUS, 'cpp_algorithm', 'main.cpp'), join(tmp, 'cpp_algorithm.elf'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('zkvm profile on corpus guests', () => {
  it('C (sort): main and memset on top; cycles as zkvm run; read and write bytes as the guest moved them', () => {
    const s = json([sortElf, '--private-input', SORT_INPUT, '--top', '5']);
    assert.equal(s.symbolSource, 'symtab');
    assert.equal(s.exitCode, 0);
    assert.equal(s.functions.length, 5);
    assert.equal(s.functions[0]!.name, 'main');
    assert.ok(s.functions.some((f) => f.name === 'memset'));
    const run = runCycles([sortElf, '--private-input', SORT_INPUT]);
    assert.equal(s.cycles, run.cycles);
    const read = s.syscalls.find((x) => x.name === 'read')!;
    const write = s.syscalls.find((x) => x.name === 'write')!;
    assert.equal(read.bytes, statSync(SORT_INPUT).size);
    assert.equal(write.bytes, run.out);
    assert.deepEqual(s.syscalls.find((x) => x.name === 'exit'), { number: 93, name: 'exit', calls: 1, cycles: 1, bytes: 0 });
    for (const x of s.syscalls) assert.equal(x.cycles, x.calls);
  });

  it('C++ (cpp_algorithm): main on top, std::sort internals demangled, no name left mangled', () => {
    const s = json([cppElf, '--top', '1000']);
    assert.equal(s.functions[0]!.name, 'main');
    assert.ok(s.functions.some((f) => f.name.startsWith('void std::__introsort_loop<__gnu_cxx::__normal_iterator<unsigned long*')), s.functions.map((f) => f.name).join('\n'));
    assert.ok(!s.functions.some((f) => f.name.startsWith('_Z')), s.functions.map((f) => f.name).join('\n'));
  });

  it('C++: every function name of the C++ corpus guests demangles as c++filt prints it', () => {
    const elfs = [cppElf, build(join(CORPUS, 'cpp_containers', 'main.cpp'), join(tmp, 'cpp_containers.elf')), build(join(CORPUS, 'cpp_shapes', 'main.cpp'), join(tmp, 'cpp_shapes.elf'))];
    const names = [...new Set(elfs.flatMap((e) => readCodeSymbols(readFileSync(e)).symbols.map((x) => x.name)))].filter((n) => n.startsWith('_Z')).sort();
    assert.ok(names.length > 50, `only ${names.length} C++ names`);
    const r = spawnSync(`${CROSS_PREFIX}c++filt`, names, { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    // c++filt writes `> >` for nested template closers; the profiler writes `>>`, as C++11 does.
    const expected = r.stdout.trimEnd().split('\n').map((l) => l.replace(/> (?=>)/g, '>'));
    assert.deepEqual(names.map(demangle), expected);
  });

  it('Rust (rust-sha256, v0 mangling): the compression function on top, every name demangled', { timeout: 600_000 }, () => {
    requireTool(DEFAULT_CARGO, RUST_HINT);
    requireTool(DEFAULT_RUSTC, RUST_HINT);
    // A copy of the corpus project that keeps its symbols, its SDK dependency pointing back into the repository.
    const dir = join(tmp, 'rust-sha256');
    cpSync(join(CORPUS, 'rust-sha256'), dir, { recursive: true, filter: (p) => !p.endsWith('.elf') && !p.includes('/target') });
    const toml = readFileSync(join(dir, 'Cargo.toml'), 'utf8');
    const patched = toml.replace(/^strip = true$/m, 'strip = false').replace('path = "../../sdk/rust/zkvm-guest"', `path = ${JSON.stringify(join(ROOT, 'guest', 'sdk', 'rust', 'zkvm-guest'))}`);
    assert.notEqual(patched, toml);
    writeFileSync(join(dir, 'Cargo.toml'), patched);
    const elf = build(dir, join(tmp, 'rust-sha256.elf'), 540_000);
    const pub = join(CORPUS, 'rust-sha256', 'public.bin');
    const s = json([elf, '--public-input', pub, '--top', '1000']);
    assert.equal(s.functions[0]!.name, '<rust_sha256::Sha256>::compress');
    assert.ok(s.functions[0]!.selfShare > 0.5);
    assert.ok(s.functions.some((f) => f.name === '<rust_sha256::Sha256>::update'));
    assert.ok(s.functions.some((f) => f.name === 'core::fmt::write'));
    const mangled = s.functions.filter((f) => /^_(ZN|R)/.test(f.name));
    assert.deepEqual(mangled.map((f) => f.name), []);
    assert.equal(s.syscalls.find((x) => x.name === 'read')!.bytes, statSync(pub).size);
    assert.equal(s.syscalls.find((x) => x.name === 'write')!.bytes, 65, 'a hex digest and a newline');
  });

  it('the text table: header, columns, the top rows and the system calls', () => {
    const r = zkvm(['profile', sortElf, '--private-input', SORT_INPUT, '--top', '3']);
    assert.equal(r.status, 0, describeProc('profile', r));
    assert.equal(r.stderr.length, 0, 'the guest output is not shown');
    const lines = r.stdout.toString().split('\n');
    assert.match(lines[0]!, /^[\d,]+ cycles, exit code 0, \d+ functions$/);
    assert.match(lines[1]!, /^\s+self\s+self%\s+total\s+total%\s+calls\s+function$/);
    assert.match(lines[2]!, /^\s*[\d,]+\s+\d+\.\d\d%\s+[\d,]+\s+\d+\.\d\d%\s+1\s+main$/);
    assert.match(lines[5]!, /^\(\d+ more functions, [\d,]+ self cycles\)$/);
    assert.match(r.stdout.toString(), /\nread \(63\)\s+\d+\s+\d+\s+16,384\n/);
  });

  it('a stripped ELF profiles by address and says so', () => {
    const r = zkvm(['profile', join(EXAMPLES, 'hello.elf')]);
    assert.equal(r.status, 0, describeProc('profile hello', r));
    assert.match(r.stdout.toString().split('\n')[0]!, /no symbols: no symbol table \(stripped\); functions named by address/);
    assert.match(r.stdout.toString(), /\n\s*[\d,]+\s+[\d.]+%\s+[\d,]+\s+[\d.]+%\s+\d+\s+0x[0-9a-f]{8}\n/);
  });
});

describe('zkvm profile output files', () => {
  it('writes a flame graph and a speedscope file that add up to the cycles', () => {
    const svg = join(tmp, 'sort.svg');
    const ss = join(tmp, 'sort.speedscope.json');
    const s = json([sortElf, '--private-input', SORT_INPUT, '--flamegraph', svg, '--speedscope', ss]);
    const text = readFileSync(svg, 'utf8');
    assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(text, /<title>main \([\d,]+ cycles, [\d.]+%\)<\/title>/);
    assert.doesNotMatch(text, /<script/);
    const file = JSON.parse(readFileSync(ss, 'utf8'));
    assert.equal(file.$schema, 'https://www.speedscope.app/file-format-schema.json');
    assert.equal(file.profiles[0].type, 'sampled');
    assert.equal(file.profiles[0].unit, 'none');
    assert.equal(file.profiles[0].weights.reduce((a: number, b: number) => a + b, 0), s.cycles);
    assert.equal(file.profiles[0].samples.length, file.profiles[0].weights.length);
    assert.ok(file.shared.frames.some((f: { name: string }) => f.name === 'main'));
    // Writing again over files of the same kind needs no --force.
    const again = zkvm(['profile', sortElf, '--private-input', SORT_INPUT, '--flamegraph', svg, '--speedscope', ss]);
    assert.equal(again.status, 0, describeProc('profile again', again));
  });

  it('refuses to overwrite a file of another kind unless --force', () => {
    const victim = join(tmp, 'notes.txt');
    writeFileSync(victim, 'my notes\n');
    for (const opt of ['--flamegraph', '--speedscope']) {
      const r = zkvm(['profile', sortElf, '--private-input', SORT_INPUT, opt, victim]);
      assertOneLineError(r, 2, [/exists and is not (an SVG file|a speedscope file); pass --force to replace it/], `profile ${opt} notes.txt`);
      assert.equal(readFileSync(victim, 'utf8'), 'my notes\n');
    }
    const forced = zkvm(['profile', sortElf, '--private-input', SORT_INPUT, '--flamegraph', victim, '--force']);
    assert.equal(forced.status, 0, describeProc('profile --force', forced));
    assert.match(readFileSync(victim, 'utf8'), /^<svg/);
  });
});

describe('zkvm profile errors', () => {
  it('missing program, malformed ELF, missing input, bad --top: one line, exit 2', () => {
    assertOneLineError(zkvm(['profile', join(tmp, 'nope.elf')]), 2, [/cannot read program .*nope\.elf.*no such file/], 'missing');
    const bad = join(tmp, 'bad.elf');
    writeFileSync(bad, 'not an elf'.repeat(10));
    assertOneLineError(zkvm(['profile', bad]), 2, [/invalid program: .*bad\.elf: not an ELF file/], 'malformed');
    assertOneLineError(zkvm(['profile', sortElf, '--private-input', join(tmp, 'nope.bin')]), 2, [/cannot read private input/], 'missing input');
    assertOneLineError(zkvm(['profile', sortElf, '--top', 'many']), 2, [/--top expects a non-negative integer/], 'bad top');
    assertOneLineError(zkvm(['profile', sortElf, '--top', '0']), 2, [/--top expects a positive integer/], 'zero top');
  });

  it('the cycle limit is an execution error (exit 134)', () => {
    assertOneLineError(zkvm(['profile', sortElf, '--max-cycles', '1000']), 134, [/execution error \(cycle-limit\) after 1000 cycles/], 'cycle limit');
  });
});
