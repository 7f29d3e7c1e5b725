// End-to-end tests of `zkvm run` as a whole process (bin/zkvm.js spawned with node):
//  - it behaves like `qemu-riscv32 prog.elf <private.bin 3<public.bin`: same stdout bytes, stderr bytes and exit code
//    (low 8 bits of the guest's code) for every corpus guest and example, and for exit codes outside 0..255;
//  - errors are one clear line on stderr with exit code 2 (usage, unreadable or malformed file) or 134 (execution
//    error), never a stack trace;
//  - `--stats` reports the executor's cycle count and instruction mix without touching the guest's output;
//  - `--mode interpret|traced|fast` print the same bytes and exit with the same code.
// qemu-riscv32 and the C toolchain are required (CI installs them); without them these tests FAIL naming the apt package.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execute, hex32, loadProgramFile, OP_NAMES, VmError, type ExecuteOptions } from '../../src/sdk/index.js';
import { writeElf, validElfOptions } from '../util/elf-writer.js';
import {
  CORPUS, EXAMPLES, C_HINT, QEMU_HINT, assertOneLineError, buildGuest, describeProc, qemu, requireTool, runArgs, tempDir, zkvm,
  type Proc,
} from './helpers.js';

interface Guest {
  readonly name: string;
  readonly elf: string;
  readonly privateInput?: string;
  readonly publicInput?: string;
}

const ifExists = (p: string): string | undefined => (existsSync(p) ? p : undefined);

const corpusGuests: Guest[] = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(CORPUS, d.name, `${d.name}.elf`)))
  .map((d) => d.name)
  .sort()
  .map((name) => ({
    name: `guest/corpus/${name}`,
    elf: join(CORPUS, name, `${name}.elf`),
    privateInput: ifExists(join(CORPUS, name, 'private.bin')),
    publicInput: ifExists(join(CORPUS, name, 'public.bin')),
  }));
const exampleGuests: Guest[] = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.elf'))
  .sort()
  .map((f) => {
    const base = f.slice(0, -4);
    return {
      name: `examples/${base}`,
      elf: join(EXAMPLES, f),
      privateInput: ifExists(join(EXAMPLES, `${base}.private.bin`)),
      publicInput: ifExists(join(EXAMPLES, `${base}.public.bin`)),
    };
  });
const byName = (name: string): Guest => {
  const g = [...corpusGuests, ...exampleGuests].find((x) => x.name === name);
  assert.ok(g, `${name} is missing from the repository`);
  return g;
};

/** Guest reading an i32 exit code from its public input; prints to both streams first. */
const EXIT_WITH_C = `#include <stdio.h>
#include <stdlib.h>
#include <zkvm.h>
int main(void) {
  int32_t code = (int32_t)zkvm_read_public_u32();
  printf("exiting with %ld\\n", (long)code);
  fprintf(stderr, "debug: code %ld\\n", (long)code);
  exit(code);
}
`;
/** Faulting guests, each faulting as its first instruction of main (nothing printed before). */
const FAULT_C = {
  illegal: 'int main(void) { __asm__ volatile(".word 0xffffffff"); return 0; }\n',
  ebreak: 'int main(void) { __asm__ volatile("ebreak"); return 0; }\n',
  // A word store through a register, so the compiler cannot split it (as it may for a C store through &main).
  text_store: 'int main(void) { __asm__ volatile("la t0, main\\n\\tsw zero, 0(t0)" ::: "t0", "memory"); return 0; }\n',
} as const;

let tmp = '';
let empty = '';
let exitWith = '';
const faults: Record<keyof typeof FAULT_C, string> = { illegal: '', ebreak: '', text_store: '' };

before(() => {
  requireTool('qemu-riscv32', QEMU_HINT);
  requireTool('riscv64-unknown-elf-gcc', C_HINT);
  tmp = tempDir('run');
  empty = join(tmp, 'empty.bin');
  writeFileSync(empty, '');
  exitWith = buildGuest(tmp, 'exit_with.c', EXIT_WITH_C);
  writeFileSync(join(tmp, 'code-3.bin'), Buffer.from([0xfd, 0xff, 0xff, 0xff])); // -3 as a little-endian i32
  for (const k of Object.keys(FAULT_C) as (keyof typeof FAULT_C)[]) faults[k] = buildGuest(tmp, `${k}.c`, FAULT_C[k]);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Asserts two processes printed the same bytes and exited the same way. */
function assertSameProcess(actual: Proc, expected: Proc, what: string): void {
  const ctx = `${describeProc(`${what} (zkvm)`, actual)}\n${describeProc(`${what} (reference)`, expected)}`;
  assert.equal(actual.signal, expected.signal, ctx);
  assert.equal(actual.status, expected.status, ctx);
  assert.ok(actual.stdout.equals(expected.stdout), `stdout differs\n${ctx}`);
  assert.ok(actual.stderr.equals(expected.stderr), `stderr differs\n${ctx}`);
}

/** The VmError the in-process executor raises for this run (the CLI's message must name its code and pc). */
function expectedVmError(elf: string, opts: ExecuteOptions): VmError {
  try {
    execute(loadProgramFile(elf), opts);
  } catch (e) {
    if (e instanceof VmError) return e;
    throw e;
  }
  assert.fail(`${elf} was expected to fail`);
}

describe('zkvm run matches qemu-riscv32 as a whole process', () => {
  it('covers the guests the brief names: exit 42 and a Rust panic', () => {
    assert.ok(corpusGuests.length >= 10, `only ${corpusGuests.length} corpus guests found`);
    assert.ok(exampleGuests.length >= 3, `only ${exampleGuests.length} examples found`);
    const codes = new Map(
      (['guest/corpus/exit_code', 'guest/corpus/rust-panic'] as const).map((n) => {
        const g = byName(n);
        return [n, zkvm(runArgs(g.elf, g.privateInput, g.publicInput)).status] as const;
      }),
    );
    assert.equal(codes.get('guest/corpus/exit_code'), 42);
    assert.equal(codes.get('guest/corpus/rust-panic'), 101);
  });

  for (const g of [...corpusGuests, ...exampleGuests]) {
    it(`${g.name}: same stdout, stderr and exit code`, () => {
      const expected = qemu(g.elf, g.privateInput, g.publicInput, empty);
      const actual = zkvm(runArgs(g.elf, g.privateInput, g.publicInput));
      assertSameProcess(actual, expected, g.name);
    });
  }

  it('examples/hello with no input options equals qemu with empty inputs', () => {
    const g = byName('examples/hello');
    assertSameProcess(zkvm(['run', g.elf]), qemu(g.elf, undefined, undefined, empty), g.name);
  });

  // exit(code) with any i32: the process exit status is the low 8 bits, as under Linux/qemu.
  for (const code of [0, 255, -1, -3, 256, 300, -256, 0x7fffffff, -0x80000000]) {
    it(`a guest calling exit(${code}) exits with ${code & 0xff} like qemu`, () => {
      const input = join(tmp, `code${code}.bin`);
      const b = Buffer.alloc(4);
      b.writeInt32LE(code);
      writeFileSync(input, b);
      const actual = zkvm(runArgs(exitWith, undefined, input));
      assertSameProcess(actual, qemu(exitWith, undefined, input, empty), `exit(${code})`);
      assert.equal(actual.status, code & 0xff);
      assert.equal(actual.stdout.toString(), `exiting with ${code}\n`);
    });
  }
});

describe('zkvm run errors: one line on stderr, exit 2 or 134, no stack trace', () => {
  it('missing program file -> 2', () => {
    assertOneLineError(zkvm(['run', join(tmp, 'nope.elf')]), 2, [/no such file/, /nope\.elf/], 'missing program');
  });
  it('a directory as program -> 2', () => {
    assertOneLineError(zkvm(['run', tmp]), 2, [/is a directory/], 'directory program');
  });
  it('text files as program -> 2', () => {
    const short = join(tmp, 'short.txt');
    writeFileSync(short, 'this is not a program\n');
    assertOneLineError(zkvm(['run', short]), 2, [/invalid program/, /short\.txt/], 'short text program');
    const long = join(tmp, 'notes.txt');
    writeFileSync(long, 'this is not a program, but it is longer than an ELF header would be.\n'.repeat(20));
    assertOneLineError(zkvm(['run', long]), 2, [/invalid program/, /notes\.txt/, /not an ELF/i], 'text program');
  });
  it('an empty file as program -> 2', () => {
    assertOneLineError(zkvm(['run', empty]), 2, [/invalid program/, /empty\.bin/], 'empty program');
  });
  it('truncated ELFs -> 2', () => {
    const elf = readFileSync(byName('examples/hello').elf);
    // The end of the loaded data: cutting the file there loses segment bytes (what follows is only section data).
    const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
    const phoff = dv.getUint32(28, true);
    let loadEnd = 0;
    for (let i = 0; i < dv.getUint16(44, true); i++) {
      const ph = phoff + 32 * i;
      if (dv.getUint32(ph, true) === 1) loadEnd = Math.max(loadEnd, dv.getUint32(ph + 4, true) + dv.getUint32(ph + 16, true));
    }
    assert.ok(loadEnd > 2000 && loadEnd <= elf.length, `hello.elf's loaded data ends at ${loadEnd}`);
    for (const len of [20, 60, 100, 2000, loadEnd - 1]) {
      const f = join(tmp, `trunc${len}.elf`);
      writeFileSync(f, elf.subarray(0, len));
      assertOneLineError(zkvm(['run', f]), 2, [/invalid program/, new RegExp(`trunc${len}\\.elf`)], `ELF truncated to ${len} bytes`);
    }
  });
  it('an ELF for another machine -> 2 (while the same ELF for RISC-V runs)', () => {
    const good = join(tmp, 'good.elf');
    writeFileSync(good, writeElf(validElfOptions()));
    const ok = zkvm(['run', good]);
    assert.equal(ok.status, 7, describeProc('elf-writer ELF', ok));
    assert.equal(ok.stdout.toString(), 'hi');
    const x86 = join(tmp, 'x86.elf');
    writeFileSync(x86, writeElf({ ...validElfOptions(), machine: 62 })); // EM_X86_64
    assertOneLineError(zkvm(['run', x86]), 2, [/invalid program/, /x86\.elf/], 'x86-64 ELF');
    // A real 64-bit ELF: the node binary running these tests.
    assertOneLineError(zkvm(['run', process.execPath]), 2, [/invalid program/], 'node binary');
  });
  it('missing or unreadable input files -> 2, naming which input', () => {
    const hello = byName('examples/hello').elf;
    const nope = join(tmp, 'nope.bin');
    assertOneLineError(zkvm(['run', hello, '--private-input', nope]), 2, [/private input/, /nope\.bin/, /no such file/], 'private');
    assertOneLineError(zkvm(['run', hello, '--public-input', nope]), 2, [/public input/, /nope\.bin/, /no such file/], 'public');
    assertOneLineError(zkvm(['run', hello, '--public-input', tmp]), 2, [/public input/, /is a directory/], 'public dir');
  });
  it('bad --max-cycles / --max-memory values -> 2', () => {
    const hello = byName('examples/hello').elf;
    for (const v of ['abc', '-5', '1.5', ''])
      assertOneLineError(zkvm(['run', hello, '--max-cycles', v]), 2, [/--max-cycles/], `--max-cycles '${v}'`);
    assertOneLineError(zkvm(['run', hello, '--max-memory', 'lots']), 2, [/--max-memory/], '--max-memory lots');
  });
  it('--max-cycles 1000 on a long guest -> 134, naming cycle-limit and the pc', () => {
    const g = byName('examples/sha256');
    const e = expectedVmError(g.elf, { maxCycles: 1000, publicInput: readFileSync(g.publicInput!) });
    assert.equal(e.code, 'cycle-limit');
    const r = zkvm([...runArgs(g.elf, g.privateInput, g.publicInput), '--max-cycles', '1000']);
    assertOneLineError(r, 134, [/cycle-limit/, /\b1000\b/, new RegExp(`pc ${hex32(e.pc)}`)], 'cycle limit');
    // The limit is exact: the guest's cycle count runs, one less does not.
    const cycles = execute(loadProgramFile(g.elf), { publicInput: readFileSync(g.publicInput!) }).cycles;
    assert.equal(zkvm([...runArgs(g.elf, g.privateInput, g.publicInput), '--max-cycles', String(cycles)]).status, 0);
    // One short: the guest has printed everything, then the limit stops it before its exit ecall.
    const short = zkvm([...runArgs(g.elf, g.privateInput, g.publicInput), '--max-cycles', String(cycles - 1)]);
    assert.equal(short.status, 134, describeProc('cycle limit one short', short));
    assert.match(short.stderr.toString(), /\nzkvm: execution error \(cycle-limit\)[^\n]*\n$/);
  });
  it('--max-memory below what the ELF declares -> 134 (memory-limit)', () => {
    assertOneLineError(zkvm(['run', byName('examples/hello').elf, '--max-memory', '4096']), 134, [/memory-limit/], 'memory limit');
  });
  it('--mode bogus -> 2', () => {
    assertOneLineError(zkvm(['run', byName('examples/hello').elf, '--mode', 'bogus']), 2, [/--mode/, /bogus/], 'mode');
  });
  it('usage errors -> 2: unknown command, unknown option, missing or extra arguments', () => {
    const hello = byName('examples/hello').elf;
    assertOneLineError(zkvm(['frobnicate']), 2, [/unknown command/, /frobnicate/], 'unknown command');
    assertOneLineError(zkvm(['run', hello, '--bogus']), 2, [/unknown option/, /--bogus/], 'unknown option');
    assertOneLineError(zkvm(['run']), 2, [/missing required argument/], 'no program');
    assertOneLineError(zkvm(['run', hello, hello]), 2, [/too many arguments/], 'two programs');
  });

  const faultCases = [
    { key: 'illegal', code: 'illegal-instruction', also: [/0xffffffff/], qemuSignal: 'SIGILL' },
    { key: 'ebreak', code: 'ebreak', also: [/ebreak/], qemuSignal: 'SIGTRAP' },
    { key: 'text_store', code: 'write-to-text', also: [/\bsw\b/], qemuSignal: 'SIGSEGV' },
  ] as const;
  for (const c of faultCases) {
    it(`a guest hitting ${c.code} -> 134 naming the pc (qemu faults too)`, () => {
      const elf = faults[c.key];
      const e = expectedVmError(elf, {});
      assert.equal(e.code, c.code);
      // (the other modes must print the same line: see the --mode tests below)
      const r = zkvm(['run', elf]);
      assertOneLineError(r, 134, [new RegExp(`\\(${c.code}\\)`), new RegExp(`pc ${hex32(e.pc)}`), ...c.also], c.key);
      // The README's claim that qemu agrees these are faults (it is killed by a signal; zkvm exits 134 instead).
      const q = qemu(elf, undefined, undefined, empty);
      assert.equal(q.signal, c.qemuSignal, describeProc(`qemu ${c.key}`, q));
    });
  }
});

/** Parses the `--stats` block at the end of stderr. */
function parseStats(stderr: string): { before: string; cycles: number; exitCode: number; mix: Map<string, number>; pct: number } {
  const at = stderr.search(/^zkvm: [\d,]+ cycles in /m);
  assert.ok(at >= 0, `no cycle line in stderr:\n${stderr}`);
  const lines = stderr.slice(at).split('\n');
  assert.equal(lines.pop(), '', 'stats end with a newline');
  const head = /^zkvm: ([\d,]+) cycles in [\d.]+ s \(.*\), exit code (-?\d+)$/.exec(lines[0]!);
  assert.ok(head, `bad cycle line: ${lines[0]}`);
  assert.equal(lines[1], 'zkvm: instruction mix:');
  const mix = new Map<string, number>();
  let pct = 0;
  for (const l of lines.slice(2)) {
    const m = /^ {2}([a-z]+) +(\d+\.\d\d)% +([\d,]+)$/.exec(l);
    assert.ok(m, `bad instruction-mix line: '${l}'`);
    assert.ok(!mix.has(m[1]!), `${m[1]} listed twice`);
    mix.set(m[1]!, Number(m[3]!.replace(/,/g, '')));
    pct += Number(m[2]);
  }
  return { before: stderr.slice(0, at), cycles: Number(head[1]!.replace(/,/g, '')), exitCode: Number(head[2]), mix, pct };
}

describe('zkvm run --stats', () => {
  const cases = ['examples/sha256', 'guest/corpus/exit_code', 'guest/corpus/rust-panic', 'guest/corpus/read_chunks'];
  for (const name of cases) {
    it(`${name}: cycles and instruction mix equal the executor's; guest output unchanged`, () => {
      const g = byName(name);
      const plain = zkvm(runArgs(g.elf, g.privateInput, g.publicInput));
      const withStats = zkvm([...runArgs(g.elf, g.privateInput, g.publicInput), '--stats']);
      assert.equal(withStats.status, plain.status);
      assert.ok(withStats.stdout.equals(plain.stdout), 'stdout must not change with --stats');
      const s = parseStats(withStats.stderr.toString());
      assert.equal(s.before, plain.stderr.toString(), "the guest's stderr comes first, unchanged");
      const read = (p?: string) => (p === undefined ? undefined : new Uint8Array(readFileSync(p)));
      const r = execute(loadProgramFile(g.elf), { privateInput: read(g.privateInput), publicInput: read(g.publicInput) });
      assert.equal(s.cycles, r.cycles);
      assert.equal(s.exitCode, r.exitCode);
      const expectedMix = new Map<string, number>();
      r.opCounts.forEach((c, op) => c > 0 && expectedMix.set(OP_NAMES[op]!.toLowerCase(), c));
      assert.deepEqual(new Map([...s.mix].sort()), new Map([...expectedMix].sort()));
      assert.equal([...s.mix.values()].reduce((a, b) => a + b, 0), r.cycles);
      assert.ok(Math.abs(s.pct - 100) < 0.01 * s.mix.size + 1e-9, `percentages sum to ${s.pct}`);
    });
  }
  it('a negative exit code: the stats say -3, the process exits 253', () => {
    const r = zkvm([...runArgs(exitWith, undefined, join(tmp, 'code-3.bin')), '--stats']);
    assert.equal(r.status, 253);
    assert.equal(parseStats(r.stderr.toString()).exitCode, -3);
  });
});

describe('zkvm run --mode interpret|traced|fast print the same bytes', () => {
  const cases: { name: string; args: () => string[] }[] = [
    ...['examples/hello', 'examples/sha256', 'guest/corpus/exit_code', 'guest/corpus/rust-panic', 'guest/corpus/read_chunks'].map(
      (n) => ({ name: n, args: () => { const g = byName(n); return runArgs(g.elf, g.privateInput, g.publicInput); } }),
    ),
    { name: 'exit(-3) guest', args: () => runArgs(exitWith, undefined, join(tmp, 'code-3.bin')) },
    { name: 'cycle limit', args: () => { const g = byName('examples/sha256'); return [...runArgs(g.elf, g.privateInput, g.publicInput), '--max-cycles', '5000']; } },
    ...(Object.keys(FAULT_C) as (keyof typeof FAULT_C)[]).map((k) => ({ name: `${k} fault`, args: () => ['run', faults[k]] })),
  ];
  for (const c of cases) {
    it(c.name, () => {
      const runs = (['fast', 'traced', 'interpret'] as const).map((m) => [m, zkvm([...c.args(), '--mode', m])] as const);
      const fast = runs[0]![1];
      for (const [m, r] of runs.slice(1)) assertSameProcess(r, fast, `${c.name}: --mode ${m} vs --mode fast`);
    });
  }
});
