// Tests that need the GNU RISC-V cross binutils (CI installs gcc-riscv64-unknown-elf): the test assembler's
// encodings are cross-checked word by word against `riscv64-unknown-elf-as -march=rv32im`, and ELF files linked by
// GNU ld (with sections, non-loadable program headers, a segment that includes the ELF header) load and run.
// Without the toolchain these tests FAIL with a message saying what to install; they are never skipped.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MNEMONICS, assemble } from '../util/asm.js';
import { hex32 } from '../../src/vm/errors.js';
import { parseElf } from '../../src/vm/elf.js';
import { execute } from '../../src/vm/executor.js';

const AS = 'riscv64-unknown-elf-as';
const LD = 'riscv64-unknown-elf-ld';
const OBJCOPY = 'riscv64-unknown-elf-objcopy';

function tool(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error !== undefined) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? `${cmd} not found: these tests need the RISC-V cross binutils (apt-get install gcc-riscv64-unknown-elf)`
        : `${cmd} failed to start: ${r.error.message}`,
    );
  }
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkvm-asm-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
});

/** Assembles and links `src` with GNU tools, text at `base`; returns the linked ELF file. */
function gnuLink(src: string, base: number, name: string, extraLd: string[] = []): Uint8Array {
  const s = join(dir, `${name}.s`);
  const o = join(dir, `${name}.o`);
  const elf = join(dir, `${name}.elf`);
  writeFileSync(s, `.option norvc\n.text\n.globl _start\n_start:\n${src}\n`);
  tool(AS, ['-march=rv32im', '-mabi=ilp32', '-mno-relax', '-o', o, s]);
  tool(LD, ['-m', 'elf32lriscv', '--no-relax', `-Ttext=0x${base.toString(16)}`, ...extraLd, '-o', elf, o]);
  return new Uint8Array(readFileSync(elf));
}

/** The .text words GNU produces for `src` linked at `base`. */
function gnuWords(src: string, base: number): Uint32Array {
  gnuLink(src, base, 'xcheck');
  const bin = join(dir, 'xcheck.bin');
  tool(OBJCOPY, ['-O', 'binary', '-j', '.text', join(dir, 'xcheck.elf'), bin]);
  const b = readFileSync(bin);
  return new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

const REGS = ['zero', 'ra', 'sp', 't0', 's1', 'a0', 'a7', 's11', 't6', 'x13'];
const IMM12 = [0, 1, -1, 2047, -2048, 0x555, -0x556, 100];

/** Source covering every real instruction with field extremes, plus every pseudo-instruction. */
function crossCheckSource(): string[] {
  const L: string[] = ['back:'];
  const r3 = (i: number): [string, string, string] => [REGS[i % 10]!, REGS[(i * 3 + 1) % 10]!, REGS[(i * 7 + 2) % 10]!];
  const rtype = ['add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and'];
  const mtype = ['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'];
  [...rtype, ...mtype].forEach((m, k) => {
    for (let i = 0; i < 4; i++) L.push(`${m} ${r3(i + k).join(', ')}`);
  });
  for (const m of ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi'])
    IMM12.forEach((v, i) => L.push(`${m} ${r3(i)[0]}, ${r3(i)[1]}, ${v}`));
  for (const m of ['slli', 'srli', 'srai']) [0, 1, 5, 16, 31].forEach((v, i) => L.push(`${m} ${r3(i)[0]}, ${r3(i)[1]}, ${v}`));
  for (const m of ['lb', 'lh', 'lw', 'lbu', 'lhu', 'sb', 'sh', 'sw'])
    IMM12.forEach((v, i) => L.push(`${m} ${r3(i)[0]}, ${v}(${r3(i)[1]})`));
  for (const m of ['lui', 'auipc']) [0, 1, 0xfffff, 0x80000, 0x12345, 0x7ffff].forEach((v, i) => L.push(`${m} ${r3(i)[0]}, ${v}`));
  for (const m of ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'])
    ['.-4096', '.+4094', '.+0', '.+2', '.-2', '.+2048', '.-2050', '.+0x7fe', '.+0x800', 'back', 'fwd'].forEach((t, i) =>
      L.push(`${m} ${r3(i)[0]}, ${r3(i)[1]}, ${t}`),
    );
  for (const t of ['.-1048576', '.+1048574', '.+0', '.+2', '.+2048', '.+4096', '.+0x7fffe', '.-0x80000', 'back', 'fwd'])
    L.push(`jal t0, ${t}`, `jal ${t}`, `j ${t}`);
  IMM12.forEach((v, i) => L.push(`jalr ${r3(i)[0]}, ${v}(${r3(i)[1]})`, `jalr ${r3(i)[0]}, ${r3(i)[1]}, ${v}`));
  L.push('jalr a0', 'jr t1', 'ret', 'ecall', 'ebreak', 'fence', 'unimp', 'nop', '.word 0xdeadbeef', '.word -1');
  for (const v of [
    0, 1, -1, 2047, -2048, 2048, -2049, 0x800, 0xfff, 0x1000, 0x7ffff800, 0x7fffffff, -0x80000000, 0x80000000,
    0xffffffff, 0x12345678, 0xdeadbeef, 0xfffff800, 0xfffff7ff, 0x20000, 0x10001,
  ])
    L.push(`li a0, ${v}`, `li t6, ${v}`);
  L.push('mv a0, a1', 'not t0, t1', 'neg s1, a7', 'seqz a0, a1', 'snez a0, a1');
  for (const b of ['beqz', 'bnez', 'bltz', 'bgez', 'bgtz', 'blez']) L.push(`${b} a3, back`, `${b} a3, fwd`);
  for (const b of ['bgt', 'ble', 'bgtu', 'bleu']) L.push(`${b} a3, a4, back`, `${b} t0, zero, fwd`);
  L.push('fwd:', 'nop');
  return L;
}

describe('toolchain cross-checks (need riscv64-unknown-elf binutils)', () => {
  it('the test assembler covers every RV32IM mnemonic in the cross-check', () => {
    const src = crossCheckSource().join('\n');
    for (const m of MNEMONICS) assert.match(src, new RegExp(`^${m}\\b`, 'm'), `cross-check source lacks ${m}`);
  });

  it('the test assembler matches GNU as word for word', () => {
    const base = 0x200000; // high enough that .-1048576 stays a positive address
    const lines = crossCheckSource();
    const src = lines.join('\n');
    const ours = assemble(src, base);
    const gnu = gnuWords(src, base);
    assert.equal(ours.length, gnu.length, `word count: ours ${ours.length}, GNU ${gnu.length}`);
    // Walk the source again, line by line, to name the line of any mismatching word.
    const mismatches: string[] = [];
    let wi = 0;
    for (const l of lines) {
      if (l.endsWith(':')) continue;
      const size = l.startsWith('li ') ? assemble(l, 0).length : 1;
      for (let k = 0; k < size; k++, wi++) {
        if (ours[wi] !== gnu[wi]) mismatches.push(`${l} [word ${k}]: ours ${hex32(ours[wi]!)}, GNU ${hex32(gnu[wi]!)}`);
      }
    }
    assert.equal(wi, gnu.length);
    assert.deepEqual(mismatches, [], `encoding mismatches:\n${mismatches.join('\n')}`);
  });

  it('a GNU-linked ELF (sections, non-load headers, header inside the text segment) parses and runs', () => {
    const elf = gnuLink(
      `
        la a1, msg
        li a0, 1
        li a2, 5
        li a7, 64
        ecall
        la t0, counter
        lw t1, 0(t0)
        addi t1, t1, 1
        sw t1, 0(t0)
        lw a0, 0(t0)
        li a7, 93
        ecall
      .data
      msg: .ascii "hello"
      .bss
      .balign 4
      counter: .zero 4
      `,
      0x10000,
      'linked',
    );
    const img = parseElf(elf);
    assert.equal(img.entry, 0x10000);
    for (const mode of ['interpret', 'fast', 'traced'] as const) {
      const res = execute(img, { mode, maxCycles: 1000 });
      assert.equal(res.exitCode, 1, mode);
      assert.equal(new TextDecoder().decode(res.publicOutput), 'hello', mode);
    }
  });
});
