// The executor's ISA test suite: one suite, run against every execution mode ('interpret', 'fast', 'traced').
// Programs are written with the test assembler (test/util/asm.ts); expected values come from hand-written tables
// (the spec's edge cases) and from the independent BigInt reference in rv32-ref.ts (property tests).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DATA_BASE, DATA_SIZE, PF_R, PF_W, PF_X, TEXT_BASE, addressOf, assemble, encode, program, wordsToBytes } from '../util/asm.js';
import { execute, type ExecuteOptions, type ExecutionResult } from '../../src/vm/executor.js';
import { VmError, type VmErrorCode } from '../../src/vm/errors.js';
import type { ElfImage } from '../../src/vm/elf.js';
import { B_OPS, I_OPS, R_OPS, modelAsm, modelRun, refB, refI, refR, type ModelInst, type ROp } from './rv32-ref.js';

type Mode = 'interpret' | 'fast' | 'traced';
const MODES: readonly Mode[] = ['interpret', 'fast', 'traced'];

const EXIT = 'li a7, 93\necall';
const hex = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');

interface RunOpts {
  data?: Uint8Array;
  dataSize?: number;
  maxCycles?: number;
  privateInput?: Uint8Array;
  publicInput?: Uint8Array;
}

for (const mode of MODES) {
  const runImage = (img: ElfImage, o: Omit<ExecuteOptions, 'mode'> = {}): ExecutionResult =>
    execute(img, { maxCycles: 1_000_000, ...o, mode });
  const run = (src: string, o: RunOpts = {}): ExecutionResult => {
    const { data, dataSize, ...rest } = o;
    return runImage(program(src, { ...(data ? { data } : {}), ...(dataSize !== undefined ? { dataSize } : {}) }), rest);
  };
  /** Runs `src` followed by exit and returns the registers. */
  const regs = (src: string, o: RunOpts = {}): Int32Array => run(`${src}\n${EXIT}`, o).registers;
  /** Asserts that `f` throws a VmError with `code` at `pc` (and, when given, after `cycles` retired instructions). */
  const throwsVm = (f: () => unknown, code: VmErrorCode, pc: number, cycles?: number): void => {
    let err: unknown;
    try {
      f();
    } catch (e) {
      err = e;
    }
    assert.ok(err !== undefined, `expected VmError '${code}', but the run succeeded`);
    assert.ok(err instanceof VmError, `expected VmError '${code}', got ${String(err)}`);
    assert.equal(err.code, code, `error code (message: ${err.message})`);
    assert.equal(hex(err.pc), hex(pc), `error pc (message: ${err.message})`);
    if (cycles !== undefined) assert.equal(err.cycles, cycles, `cycles retired before the error (message: ${err.message})`);
  };

  describe(`RV32IM executor, mode '${mode}'`, () => {
    describe('registers, exit, cycles', () => {
      it('starts with every register 0 and passes the exit code through', () => {
        const r = run(EXIT);
        assert.equal(r.exitCode, 0);
        for (let i = 0; i < 32; i++) assert.equal(r.registers[i], i === 17 ? 93 : 0, `x${i}`);
        assert.equal(run(`li a0, 42\n${EXIT}`).exitCode, 42);
        assert.equal(run(`li a0, 0x12345678\n${EXIT}`).exitCode, 0x12345678);
        assert.equal(run(`li a0, -1\n${EXIT}`).exitCode, -1); // documented as a signed 32-bit value
      });

      it('counts one cycle per retired instruction, the final ecall included', () => {
        const src = `
          li t0, 3
        loop:
          addi t0, t0, -1
          bnez t0, loop
          li a0, 0
          ${EXIT}`;
        const r = run(src);
        assert.equal(r.cycles, 1 + 2 * 3 + 3);
        assert.equal(hex(r.pc), hex(TEXT_BASE + 5 * 4), 'pc of the exiting ecall');
        const big = run(`li t0, 100000\nloop: addi t0, t0, -1\nbnez t0, loop\n${EXIT}`);
        assert.equal(big.cycles, 2 + 200000 + 2); // li 100000 is lui+addi
      });

      it('ignores writes to x0 from every instruction kind', () => {
        const r = regs(`
          addi x0, x0, 5
          lui x0, 0x12345
          auipc x0, 1
          jal x0, .+4
          li t0, ${DATA_BASE}
          li t1, -1
          sw t1, 0(t0)
          lw x0, 0(t0)
          add x0, t1, t1
          mul x0, t1, t1
          add t2, x0, x0
          addi t3, x0, 0
        `);
        assert.equal(r[0], 0);
        assert.equal(r[7], 0);
        assert.equal(r[28], 0);
      });
    });

    describe('immediates, LUI, AUIPC', () => {
      it('sign-extends I-type immediates', () => {
        const r = regs(`
          addi t0, x0, -1
          addi t1, x0, -2048
          addi t2, x0, 2047
          li s1, 0x12345678
          andi s2, s1, -2048      # mask 0xfffff800
          ori s3, x0, -1
          xori s4, s1, -1         # not
          sltiu s5, x0, -1        # 0 < 0xffffffff unsigned
          sltiu s6, t0, -1        # 0xffffffff < 0xffffffff: no
          slti s7, t0, 0          # -1 < 0
          slti s8, x0, -1         # 0 < -1: no
          sltiu s9, t1, 5         # 0xfffff800 < 5 unsigned: no
        `);
        assert.equal(r[5], -1);
        assert.equal(r[6], -2048);
        assert.equal(r[7], 2047);
        assert.equal(hex(r[18]!), '0x12345000');
        assert.equal(r[19], -1);
        assert.equal(r[20], ~0x12345678);
        assert.deepEqual([r[21], r[22], r[23], r[24], r[25]], [1, 0, 1, 0, 0]);
      });

      it('loads upper immediates and adds them to the pc', () => {
        const src = `
          lui t0, 0xfffff
          lui t1, 0x80000
          lui t2, 0
          lui s1, 0x12345
          nop
        here:
          auipc s2, 0
          auipc s3, 1
          auipc s4, 0xfffff
          auipc s5, 0x80000
        `;
        const r = regs(src);
        const here = addressOf(src, 'here');
        assert.equal(hex(r[5]!), '0xfffff000');
        assert.equal(hex(r[6]!), '0x80000000');
        assert.equal(r[7], 0);
        assert.equal(hex(r[9]!), '0x12345000');
        assert.equal(hex(r[18]!), hex(here));
        assert.equal(hex(r[19]!), hex(here + 4 + 0x1000));
        assert.equal(hex(r[20]!), hex(here + 8 - 0x1000));
        assert.equal(hex(r[21]!), hex(here + 12 + 0x80000000));
      });

      it('li builds every 32-bit pattern (lui+addi sign fix)', () => {
        const vals = [0x800, 0xfff, 0x7ffff800, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffff800, 0xfffff7ff, 0xdeadbeef, -2049];
        const r = regs(vals.map((v, i) => `li x${5 + i}, ${v}`).join('\n'));
        vals.forEach((v, i) => assert.equal(hex(r[5 + i]!), hex(v), `li ${v}`));
      });
    });

    describe('register-register ALU and M edge cases', () => {
      const M = 0x80000000; // -2^31
      const cases: Record<ROp, Array<[number, number, number]>> = {
        add: [[0x7fffffff, 1, M], [-1, -1, -2], [M, M, 0], [5, -7, -2]],
        sub: [[M, 1, 0x7fffffff], [0, 1, -1], [0, M, M], [5, 7, -2]],
        sll: [[1, 31, M], [1, 0, 1], [1, 32, 1], [1, 33, 2], [1, -1, M], [0x12345678, 4, 0x23456780], [3, 0xffffffe1, 6]],
        srl: [[M, 31, 1], [M, 0, M], [-1, 1, 0x7fffffff], [M, 32, M], [M, 63, 1], [0x12345678, 36, 0x01234567]],
        sra: [[M, 31, -1], [-8, 1, -4], [-1, 31, -1], [M, 32, M], [M, 0x3f, -1], [-16, 0xffffffe2, -4], [0x7fffffff, 30, 1]],
        slt: [[-1, 0, 1], [0, -1, 0], [M, 0x7fffffff, 1], [0x7fffffff, M, 0], [5, 5, 0]],
        sltu: [[-1, 0, 0], [0, -1, 1], [M, 0x7fffffff, 0], [0x7fffffff, M, 1], [5, 5, 0]],
        xor: [[0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0], [-1, M, 0x7fffffff]],
        or: [[0xff00ff00, 0x0ff00ff0, 0xfff0fff0], [0, M, M]],
        and: [[0xff00ff00, 0x0ff00ff0, 0x0f000f00], [-1, M, M]],
        mul: [[M, -1, M], [-1, -1, 1], [0x7fffffff, 0x7fffffff, 1], [0x10000, 0x10000, 0], [-3, 7, -21], [0xffffffff, 0xffffffff, 1]],
        mulh: [[M, M, 0x40000000], [-1, -1, 0], [0x7fffffff, 0x7fffffff, 0x3fffffff], [M, 0x7fffffff, 0xc0000000], [-1, 1, -1], [M, -1, 0]],
        mulhsu: [[-1, -1, -1], [M, -1, M], [1, -1, 0], [0x7fffffff, -1, 0x7ffffffe], [-1, 1, -1], [M, M, 0xc0000000]],
        mulhu: [[-1, -1, 0xfffffffe], [M, M, 0x40000000], [M, 2, 1], [0x7fffffff, 0x7fffffff, 0x3fffffff], [-1, 1, 0]],
        div: [[7, 2, 3], [-7, 2, -3], [7, -2, -3], [-7, -2, 3], [5, 0, -1], [0, 0, -1], [-5, 0, -1], [M, -1, M], [M, 1, M], [M, 2, 0xc0000000]],
        divu: [[7, 2, 3], [-1, 1, -1], [5, 0, 0xffffffff], [0, 0, 0xffffffff], [M, -1, 0], [-1, -1, 1], [-7, 2, 0x7ffffffc]],
        rem: [[7, 2, 1], [-7, 2, -1], [7, -2, 1], [-7, -2, -1], [5, 0, 5], [-5, 0, -5], [M, -1, 0], [M, 0, M], [M, 3, -2]],
        remu: [[-1, 16, 15], [5, 0, 5], [M, 0, M], [-7, 2, 1], [M, -1, M], [0, 0, 0]],
      };
      for (const op of R_OPS) {
        it(`${op}`, () => {
          for (const [a, b, want] of cases[op]) {
            // The table is hand-written from the spec; cross-check it against the reference too.
            assert.equal(hex(refR(op, a, b)), hex(want), `reference ${op}(${hex(a)}, ${hex(b)})`);
            const r = regs(`li t0, ${a >>> 0}\nli t1, ${b >>> 0}\n${op} t2, t0, t1\n${op} t0, t0, t1`);
            assert.equal(hex(r[7]!), hex(want), `${op}(${hex(a)}, ${hex(b)})`);
            assert.equal(hex(r[5]!), hex(want), `${op} with rd = rs1`);
          }
          // rd = rs1 = rs2
          const r = regs(`li t0, 0x80000007\n${op} t0, t0, t0`);
          assert.equal(hex(r[5]!), hex(refR(op, 0x80000007, 0x80000007)), `${op} t0, t0, t0`);
        });
      }
    });

    describe('register-immediate shifts', () => {
      it('shift by 0 and 31; SRAI of negatives; SRLI does not sign-extend', () => {
        const r = regs(`
          li t0, 0x80000001
          slli s1, t0, 0
          slli s2, t0, 31
          srli s3, t0, 0
          srli s4, t0, 31
          srai s5, t0, 0
          srai s6, t0, 31
          srai s7, t0, 1
          srli s8, t0, 1
          li t1, -2
          srai s9, t1, 1
        `);
        assert.deepEqual(
          [r[9], r[18], r[19], r[20], r[21], r[22], r[23], r[24], r[25]].map((v) => hex(v!)),
          [0x80000001, 0x80000000, 0x80000001, 1, 0x80000001, -1, 0xc0000000, 0x40000000, -1].map(hex),
        );
      });
    });

    describe('jumps', () => {
      it('JAL links pc+4, jumps forward and backward', () => {
        const src = `
          li s1, 0
          jal ra, fwd
        back:
          addi s1, s1, 100       # reached second
          jal x0, done
          addi s1, s1, 1000      # never
        fwd:
          addi s1, s1, 1         # reached first
          jal t0, back
        done:
          ${EXIT}
        `;
        const r = run(src).registers;
        assert.equal(r[9], 101);
        assert.equal(hex(r[1]!), hex(addressOf(src, 'back')));
        assert.equal(hex(r[5]!), hex(addressOf(src, 'done')));
      });

      it('JALR links pc+4, adds its offset, clears bit 0, reads rs1 before writing rd', () => {
        const src = `
          auipc t0, 0
          addi t0, t0, 17        # t0 = target + 1: bit 0 must be cleared
          jalr ra, 0(t0)
        after:
          addi s1, s1, 1000      # skipped
        target:
          addi s1, s1, 7
          auipc t1, 0
          addi t1, t1, 24        # t1 = second + 8
          jalr t1, -8(t1)        # rd = rs1: the target comes from the old t1
          addi s1, s1, 1000      # skipped
        second:
          addi s1, s1, 10
          ${EXIT}
        `;
        assert.equal(addressOf(src, 'target'), TEXT_BASE + 16, 'test program layout');
        assert.equal(addressOf(src, 'second'), TEXT_BASE + 36, 'test program layout');
        const r = run(src).registers;
        assert.equal(r[9], 17);
        assert.equal(hex(r[1]!), hex(addressOf(src, 'after')));
        assert.equal(hex(r[6]!), hex(addressOf(src, 'second') - 4), 'jalr t1, -8(t1) links into t1');
      });

      it('jumps to the maximum JAL and branch offsets', () => {
        // 1023 nops between: the branch offset is -4096 (the most negative B immediate) backwards and +4092 forwards.
        const nops = Array(1022).fill('nop').join('\n');
        const src = `
          li s1, 0
          j start
        top:
          addi s1, s1, 1
          ${nops}
          j done
        start:
          beq x0, x0, top
        done:
          ${EXIT}
        `;
        assert.equal(addressOf(src, 'top') - addressOf(src, 'start'), -4096);
        const r = run(src);
        assert.equal(r.registers[9], 1);
        assert.equal(r.cycles, 2 + 1 + 1 + 1022 + 1 + 2);
        // The largest forward offset that reaches an aligned target: +4092.
        const fwd = `li s1, 5\nbeq x0, x0, far\n${Array(1021).fill('nop').join('\n')}\nli s1, 6\nfar: ${EXIT}`;
        assert.equal(addressOf(fwd, 'far') - TEXT_BASE - 4, 4092);
        const rf = run(fwd);
        assert.equal(rf.registers[9], 5);
        assert.equal(rf.cycles, 4);
      });
    });

    describe('branches', () => {
      const M = 0x80000000;
      const table: Array<[string, number, number, boolean]> = [
        ['beq', 5, 5, true], ['beq', 5, 6, false], ['beq', M, 0, false], ['beq', -1, -1, true],
        ['bne', 5, 5, false], ['bne', 5, 6, true], ['bne', M, 0, true],
        ['blt', -1, 0, true], ['blt', 0, -1, false], ['blt', M, 0x7fffffff, true], ['blt', 0x7fffffff, M, false], ['blt', 3, 3, false],
        ['bge', -1, 0, false], ['bge', 0, -1, true], ['bge', M, 0x7fffffff, false], ['bge', 0x7fffffff, M, true], ['bge', 3, 3, true],
        ['bltu', 0, -1, true], ['bltu', -1, 0, false], ['bltu', M, 0x7fffffff, false], ['bltu', 0x7fffffff, M, true], ['bltu', 3, 3, false],
        ['bgeu', 0, -1, false], ['bgeu', -1, 0, true], ['bgeu', M, 0x7fffffff, true], ['bgeu', 0x7fffffff, M, false], ['bgeu', 3, 3, true],
      ];
      it('all six conditions, taken and not taken, at signed/unsigned extremes', () => {
        for (const [op, a, b, taken] of table) {
          assert.equal(refB(op as (typeof B_OPS)[number], a, b), taken, `reference ${op}`);
          const r = run(`
            li t0, ${a >>> 0}
            li t1, ${b >>> 0}
            li t2, 1
            ${op} t0, t1, yes
            ${EXIT}
          yes:
            li t2, 2
            ${EXIT}
          `);
          assert.equal(r.registers[7], taken ? 2 : 1, `${op} ${hex(a)}, ${hex(b)}`);
        }
      });

      it('backward branches loop; the same register on both sides', () => {
        const r = regs(`
          li t0, 0
          li t1, 10
        loop:
          addi t0, t0, 1
          blt t0, t1, loop
          li s1, 0
          beq t0, t0, skip
          li s1, 1
        skip:
          bne t0, t0, bad
          li s2, 5
          j out
        bad:
          li s2, 6
        out:
        `);
        assert.equal(r[5], 10);
        assert.equal(r[9], 0);
        assert.equal(r[18], 5);
      });
    });

    describe('loads and stores', () => {
      const DATA = new Uint8Array([0x80, 0x7f, 0xff, 0x01, 0x00, 0x80, 0xff, 0x7f, 0x11, 0x22, 0x33, 0x44, 0xfe, 0xff, 0xff, 0xff]);
      const dv = new DataView(DATA.buffer);
      it('LB/LBU/LH/LHU/LW at every legal offset sign- or zero-extend', () => {
        const loads: Array<[string, number, number]> = [];
        for (let o = 0; o < 16; o++) loads.push(['lb', o, dv.getInt8(o)], ['lbu', o, dv.getUint8(o)]);
        for (let o = 0; o < 16; o += 2) loads.push(['lh', o, dv.getInt16(o, true)], ['lhu', o, dv.getUint16(o, true)]);
        for (let o = 0; o < 16; o += 4) loads.push(['lw', o, dv.getInt32(o, true)]);
        for (const [op, off, want] of loads) {
          // Address the same byte both as base+offset and as (base+offset)+0, and with a negative offset.
          const r = regs(`li t0, ${DATA_BASE}\n${op} s1, ${off}(t0)\nli t1, ${DATA_BASE + off + 16}\n${op} s2, -16(t1)`, { data: DATA });
          assert.equal(hex(r[9]!), hex(want), `${op} at +${off}`);
          assert.equal(hex(r[18]!), hex(want), `${op} at +${off} via negative offset`);
        }
        // The spec's headline cases, spelled out.
        const r = regs(`li t0, ${DATA_BASE}\nlb s1, 0(t0)\nlbu s2, 0(t0)\nlh s3, 4(t0)\nlhu s4, 4(t0)\nlw s5, 0(t0)`, { data: DATA });
        assert.deepEqual([r[9], r[18], r[19], r[20], r[21]].map((v) => hex(v!)), [-128, 0x80, -32768, 0x8000, 0x01ff7f80].map(hex));
      });

      it('SB/SH/SW store the low bits at every legal offset, little-endian', () => {
        const stores: Array<[string, number, number]> = [];
        for (let o = 0; o < 8; o++) stores.push(['sb', o, 1]);
        for (let o = 0; o < 8; o += 2) stores.push(['sh', o, 2]);
        for (let o = 0; o < 8; o += 4) stores.push(['sw', o, 4]);
        for (const [op, off, size] of stores) {
          const r = run(
            `li t0, ${DATA_BASE}\nli t1, 0x89abcdef\n${op} t1, ${off}(t0)\nli a0, 1\nmv a1, t0\nli a2, 8\nli a7, 64\necall\n${EXIT}`,
            { data: new Uint8Array(8).fill(0x55) },
          );
          const want = new Uint8Array(8).fill(0x55);
          want.set([0xef, 0xcd, 0xab, 0x89].slice(0, size), off);
          assert.deepEqual([...r.publicOutput], [...want], `${op} at +${off}`);
        }
      });

      it('a stored word reads back byte by byte in little-endian order', () => {
        const r = regs(`
          li t0, ${DATA_BASE + 0x100}
          li t1, 0x11223344
          sw t1, 0(t0)
          lbu s1, 0(t0)
          lbu s2, 1(t0)
          lbu s3, 2(t0)
          lbu s4, 3(t0)
          lhu s5, 2(t0)
          li t2, 0xa5
          sb t2, 1(t0)
          lw s6, 0(t0)
        `);
        assert.deepEqual([r[9], r[18], r[19], r[20], r[21]], [0x44, 0x33, 0x22, 0x11, 0x1122]);
        assert.equal(hex(r[22]!), '0x1122a544');
      });

      it('memory beyond the file data of a segment reads as zero; the text segment is readable', () => {
        const r = regs(`li t0, ${DATA_BASE}\nlw s1, 0x7fc(t0)\nli t1, ${DATA_BASE + DATA_SIZE - 4}\nlw s2, 0(t1)\nli t2, ${TEXT_BASE}\nlw s3, 0(t2)\nlw s4, 4(t2)`, {
          data: new Uint8Array([1, 2, 3, 4]),
        });
        assert.equal(r[9], 0);
        assert.equal(r[18], 0);
        const words = assemble(`li t0, ${DATA_BASE}`);
        assert.equal(hex(r[19]!), hex(words[0]!), 'first text word');
        assert.equal(hex(r[20]!), hex(encode('lw', 9, 5, 0x7fc)), 'second text word');
      });

      it('loads and stores reach the 12-bit offset extremes', () => {
        const r = regs(`
          li t0, ${DATA_BASE + 2048}
          li t1, 0x5a5a5a5a
          sw t1, 2044(t0)        # last word of the data segment
          sw t1, -2048(t0)       # first word
          li t2, ${DATA_BASE + DATA_SIZE - 4}
          lw s1, 0(t2)
          li t3, ${DATA_BASE}
          lw s2, 0(t3)
          lw s3, 2044(t0)
          lw s4, -2048(t0)
          lw s5, 4(t3)
        `);
        assert.deepEqual([r[9], r[18], r[19], r[20], r[21]].map((v) => hex(v!)), [...Array(4).fill('0x5a5a5a5a'), hex(0)]);
      });
    });

    describe('system calls', () => {
      it('write to fd 1 and 2 collects public output and the debug log, returns len, keeps other registers', () => {
        const msg = new TextEncoder().encode('hello, world');
        const r = run(
          `
          li a0, 1
          li a1, ${DATA_BASE}
          li a2, 5
          li a7, 64
          ecall
          mv s1, a0
          li a0, 2
          li a1, ${DATA_BASE + 7}
          li a2, 5
          ecall
          mv s2, a0
          mv s3, a1
          mv s4, a2
          mv s5, a7
          li a0, 1
          li a1, ${DATA_BASE + 5}
          li a2, 7
          ecall
          li a0, 1
          li a2, 0
          ecall
          mv s6, a0
          ${EXIT}
          `,
          { data: msg },
        );
        assert.equal(new TextDecoder().decode(r.publicOutput), 'hello, world');
        assert.equal(new TextDecoder().decode(r.debugLog), 'world');
        const R = r.registers;
        assert.deepEqual([R[9], R[18], R[19], R[20], R[21], R[22]], [5, 5, DATA_BASE + 7, 5, 64, 0]);
      });

      it('read from fd 0 and 3: independent cursors, partial reads, then 0 at EOF', () => {
        const src = `
          li s0, ${DATA_BASE}
          li a7, 63
          li a0, 0; mv a1, s0; li a2, 4; ecall; mv s1, a0        # 4 of private
          li a0, 3; addi a1, s0, 16; li a2, 100; ecall; mv s2, a0 # all 3 of public
          li a0, 0; addi a1, s0, 4; li a2, 100; ecall; mv s3, a0  # the remaining 6 of private
          li a0, 0; addi a1, s0, 32; li a2, 100; ecall; mv s4, a0 # EOF
          li a0, 3; addi a1, s0, 32; li a2, 1; ecall; mv s5, a0   # EOF
          li a0, 0; addi a1, s0, 32; li a2, 0; ecall; mv s6, a0   # zero-length
          li a0, 1; mv a1, s0; li a2, 20; li a7, 64; ecall
          ${EXIT}
        `;
        const priv = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        const pub = new Uint8Array([0xa, 0xb, 0xc]);
        const r = run(src, { privateInput: priv, publicInput: pub, data: new Uint8Array(40).fill(0xee) });
        const R = r.registers;
        assert.deepEqual([R[9], R[18], R[19], R[20], R[21], R[22]], [4, 3, 6, 0, 0, 0]);
        assert.deepEqual([...r.publicOutput], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xa, 0xb, 0xc, 0xee]);
      });

      it('reads with no input given hit EOF at once', () => {
        const r = regs(`li a0, 0; li a1, ${DATA_BASE}; li a2, 8; li a7, 63; ecall; mv s1, a0; li a0, 3; li a7, 63; ecall; mv s2, a0`);
        assert.deepEqual([r[9], r[18]], [0, 0]);
      });

      it('bad file descriptors raise bad-fd at the ecall', () => {
        for (const [nr, fd] of [[64, 0], [64, 3], [64, 4], [64, -1], [63, 1], [63, 2], [63, 4], [63, -1]] as const) {
          const src = `li a0, ${fd >>> 0}; li a1, ${DATA_BASE}; li a2, 1; li a7, ${nr}\nhere: ecall\n${EXIT}`;
          throwsVm(() => run(src), 'bad-fd', addressOf(src, 'here'), 4);
        }
      });

      it('unknown syscall numbers raise unknown-syscall', () => {
        for (const nr of [0, 62, 65, 94, 214, -1]) {
          const src = `li a7, ${nr >>> 0}\nhere: ecall`;
          throwsVm(() => run(src), 'unknown-syscall', addressOf(src, 'here'), 1);
        }
      });

      it('buffers outside memory fault (never a host exception or a hang)', () => {
        const cases = [
          `li a0, 1; li a1, ${DATA_BASE + DATA_SIZE - 2}; li a2, 4; li a7, 64`, // write straddling the end
          `li a0, 1; li a1, ${DATA_BASE}; li a2, -1; li a7, 64`, // 4 GiB write
          `li a0, 2; li a1, 0; li a2, 4; li a7, 64`, // unmapped
          `li a0, 0; li a1, ${DATA_BASE + DATA_SIZE}; li a2, 4; li a7, 63`,
          `li a0, 0; li a1, ${DATA_BASE}; li a2, -1; li a7, 63`,
        ];
        for (const c of cases) {
          const src = `${c}\nhere: ecall\n${EXIT}`;
          throwsVm(() => run(src, { privateInput: new Uint8Array(16) }), 'out-of-bounds', addressOf(src, 'here'));
        }
      });

      it('read into the text segment faults', () => {
        const src = `li a0, 0; li a1, ${TEXT_BASE}; li a2, 4; li a7, 63\nhere: ecall\n${EXIT}`;
        try {
          run(src, { privateInput: new Uint8Array(4) });
          assert.fail('read into text succeeded');
        } catch (e) {
          assert.ok(e instanceof VmError, String(e));
          // The brief names 'write-to-text' for stores; the syscall reports the buffer as not writable.
          assert.ok(e.code === 'write-to-text' || e.code === 'out-of-bounds', e.code);
          assert.equal(hex(e.pc), hex(addressOf(src, 'here')));
        }
      });
    });

    describe('faults', () => {
      it('illegal instructions: unimp, zero word, compressed, CSR, reserved funct fields, other opcodes', () => {
        const words: Array<[string, number]> = [
          ['unimp', 0xc0001073],
          ['all zeros', 0],
          ['all ones', 0xffffffff],
          ['c.nop as a word', 0x00000001],
          ['c.addi', 0x00000505],
          ['rdcycle a0 (csrrs)', 0xc0002573],
          ['csrrw', 0x30051073],
          ['csrrwi', 0x3412d073],
          ['mret', 0x30200073],
          ['wfi', 0x10500073],
          ['ecall with rd set', 0x000000f3],
          ['fence.i', 0x0000100f],
          ['add with funct7 0x02', encode('add', 10, 11, 12) | (0x02 << 25)],
          ['sll with funct7 0x20', encode('sll', 10, 11, 12) | (0x20 << 25)],
          ['andn (Zbb)', encode('and', 10, 11, 12) | (0x20 << 25)],
          ['slli with shamt bit 5 (RV64)', encode('slli', 10, 11, 1) | (1 << 25)],
          ['srli with funct7 0x01', encode('srli', 10, 11, 1) | (1 << 25)],
          ['srai with funct7 0x21', encode('srai', 10, 11, 1) | (1 << 25)],
          ['ld (funct3 3)', (encode('lw', 10, 11, 0) & ~0x7000) | (3 << 12)],
          ['lwu (funct3 6)', (encode('lw', 10, 11, 0) & ~0x7000) | (6 << 12)],
          ['load funct3 7', (encode('lw', 10, 11, 0) & ~0x7000) | (7 << 12)],
          ['sd (funct3 3)', (encode('sw', 10, 11, 0) & ~0x7000) | (3 << 12)],
          ['store funct3 4', (encode('sw', 10, 11, 0) & ~0x7000) | (4 << 12)],
          ['branch funct3 2', (encode('beq', 10, 11, 8) & ~0x7000) | (2 << 12)],
          ['branch funct3 3', (encode('beq', 10, 11, 8) & ~0x7000) | (3 << 12)],
          ['jalr funct3 1', encode('jalr', 0, 1, 0) | (1 << 12)],
          ['flw', 0x0005a507],
          ['amoadd.w', 0x00c5a52f],
          ['addiw (RV64)', 0x0015851b],
          ['addw (RV64)', 0x00c5853b],
          ['fadd.s', 0x00c58553],
        ];
        for (const [name, w] of words) {
          const src = `li s1, 1\nhere: .word ${w >>> 0}\n${EXIT}`;
          try {
            run(src);
            assert.fail(`${name} (${hex(w)}) executed`);
          } catch (e) {
            assert.ok(e instanceof VmError, `${name}: ${String(e)}`);
            assert.equal(e.code, 'illegal-instruction', `${name} (${hex(w)}): ${e.message}`);
            assert.equal(hex(e.pc), hex(TEXT_BASE + 4), name);
            assert.equal(e.cycles, 1, name);
          }
        }
      });

      it('fence (any predecessor/successor bits, fence.tso) is a no-op that takes a cycle', () => {
        const r = run(`li t0, 3\n.word 0x0ff0000f\n.word 0x0330000f\n.word 0x8330000f\n.word 0x0000000f\n${EXIT}`);
        assert.equal(r.cycles, 7);
        assert.equal(r.registers[5], 3);
      });

      it('ebreak raises ebreak at its pc', () => {
        throwsVm(() => run(`nop\nnop\nebreak\n${EXIT}`), 'ebreak', TEXT_BASE + 8, 2);
      });

      it('fetching outside the text raises illegal-instruction at the target', () => {
        throwsVm(() => run(`li t0, ${DATA_BASE}\njr t0`), 'illegal-instruction', DATA_BASE, 2);
        throwsVm(() => run(`li t0, 0x40000\njr t0`), 'illegal-instruction', 0x40000, 2);
        throwsVm(() => run(`jr x0`), 'illegal-instruction', 0, 1);
        throwsVm(() => run(`li t0, -4\njr t0`), 'illegal-instruction', 0xfffffffc, 2);
        // Running off the end of the code.
        throwsVm(() => run(`nop\nnop`), 'illegal-instruction', TEXT_BASE + 8, 2);
      });

      it('a data page between two code segments is not executable', () => {
        const t1 = wordsToBytes(assemble(`li t0, 0x11000\njr t0`));
        const t2 = wordsToBytes(assemble(EXIT, 0x12000));
        const img: ElfImage = {
          entry: TEXT_BASE,
          segments: [
            { vaddr: 0x10000, memsz: t1.length, data: t1, flags: PF_R | PF_X },
            { vaddr: 0x11000, memsz: 0x1000, data: wordsToBytes(assemble(EXIT, 0x11000)), flags: PF_R | PF_W },
            { vaddr: 0x12000, memsz: t2.length, data: t2, flags: PF_R | PF_X },
          ],
        };
        throwsVm(() => runImage(img), 'illegal-instruction', 0x11000, 2);
        // ... while the second code segment runs.
        const ok = { ...img, segments: img.segments.map((s, i) => (i === 0 ? { ...s, data: wordsToBytes(assemble(`li t0, 0x12000\njr t0`)) } : s)) };
        assert.equal(runImage(ok).cycles, 4);
      });

      it('misaligned loads and stores', () => {
        const cases: Array<[string, number]> = [
          ['lh', 1], ['lh', 3], ['lhu', 1], ['sh', 1], ['sh', 3],
          ['lw', 1], ['lw', 2], ['lw', 3], ['sw', 1], ['sw', 2], ['sw', 3],
        ];
        for (const [op, off] of cases) {
          const src = `li t0, ${DATA_BASE}\nhere: ${op} t1, ${off}(t0)\n${EXIT}`;
          throwsVm(() => run(src), 'misaligned', addressOf(src, 'here'), 1);
        }
        // Byte accesses at odd addresses are fine.
        assert.equal(regs(`li t0, ${DATA_BASE}\nli t1, 9\nsb t1, 3(t0)\nlb s1, 3(t0)\nlbu s2, 3(t0)`)[18], 9);
      });

      it('misaligned jump and taken-branch targets fault at the jump; not-taken branches do not', () => {
        let src = `nop\nhere: jal x0, .+2\n${EXIT}`;
        throwsVm(() => run(src), 'misaligned', addressOf(src, 'here'), 1);
        src = `nop\nhere: jal ra, .+6\n${EXIT}`;
        throwsVm(() => run(src), 'misaligned', addressOf(src, 'here'), 1);
        src = `auipc t0, 0\naddi t0, t0, 18\nhere: jalr ra, 0(t0)\n${EXIT}`; // target+2
        throwsVm(() => run(src), 'misaligned', addressOf(src, 'here'), 2);
        src = `auipc t0, 0\naddi t0, t0, 19\nhere: jalr ra, 0(t0)\n${EXIT}`; // target+3: bit 0 cleared leaves +2
        throwsVm(() => run(src), 'misaligned', addressOf(src, 'here'), 2);
        src = `auipc t0, 0\nhere: jalr ra, 14(t0)\n${EXIT}`;
        throwsVm(() => run(src), 'misaligned', addressOf(src, 'here'), 1);
        src = `li t0, 1\nhere: beq t0, t0, .+6\n${EXIT}`;
        throwsVm(() => run(src), 'misaligned', addressOf(src, 'here'), 1);
        src = `li t0, 1\nhere: bltu x0, t0, .-2\n${EXIT}`;
        throwsVm(() => run(src), 'misaligned', addressOf(src, 'here'), 1);
        // Not taken: no fault, falls through.
        assert.equal(run(`li t0, 1\nbne t0, t0, .+6\nli a0, 3\n${EXIT}`).exitCode, 3);
        // JALR to target+1 is fine (bit 0 is cleared).
        assert.equal(run(`auipc t0, 0\naddi t0, t0, 17\njalr ra, 0(t0)\nli a0, 1\n${EXIT}`).exitCode, 0);
      });

      it('out-of-bounds loads and stores', () => {
        const cases = [
          `li t0, 0\nhere: lw t1, 0(t0)`,
          `li t0, ${DATA_BASE + DATA_SIZE}\nhere: lw t1, 0(t0)`,
          `li t0, ${DATA_BASE + DATA_SIZE}\nhere: sb t1, 0(t0)`,
          `li t0, ${DATA_BASE}\nhere: lb t1, -1(t0)`,
          `li t0, ${DATA_BASE}\nhere: sw t1, -4(t0)`,
          `li t0, -4\nhere: lw t1, 0(t0)`,
          `li t0, -4\nhere: sw t1, 0(t0)`,
          `li t0, 0x7ffffffc\nhere: lhu t1, 0(t0)`,
          `li t0, ${DATA_BASE}\nli t2, 0x100000\nadd t0, t0, t2\nhere: lw t1, 0(t0)`,
        ];
        for (const c of cases) {
          const src = `${c}\n${EXIT}`;
          const n = assemble(src.slice(0, src.indexOf('here:'))).length;
          throwsVm(() => run(src), 'out-of-bounds', addressOf(src, 'here'), n);
        }
      });

      it('faults inside hot loops report the exact pc and cycle count', () => {
        // 1024 iterations fill the 4 KiB data segment, the 1025th store faults.
        let src = `li t0, ${DATA_BASE}\nli t1, 1\nloop: sw t1, 0(t0)\naddi t0, t0, 4\nbne t0, x0, loop`;
        throwsVm(() => run(src), 'out-of-bounds', addressOf(src, 'loop'), 2 + 3 * 1024);
        src = `li t0, ${DATA_BASE}\nloop: addi t0, t0, 4\nlw t1, -4(t0)\nbne t0, x0, loop`;
        throwsVm(() => run(src), 'out-of-bounds', addressOf(src, 'loop') + 4, 1 + 3 * 1024 + 1);
        src = `li t0, 0\nloop: addi t0, t0, 1\nli t1, 100\nbne t0, t1, loop\nli t2, ${TEXT_BASE + 2}\nhere: jr t2`;
        throwsVm(() => run(src), 'misaligned', addressOf(src, 'here'), 1 + 300 + 2); // li of 0x10002 is lui+addi
      });

      it('an image beyond the memory limit raises memory-limit (not a host allocation error)', () => {
        const text = wordsToBytes(assemble(EXIT));
        const far: ElfImage = {
          entry: TEXT_BASE,
          segments: [
            { vaddr: TEXT_BASE, memsz: text.length, data: text, flags: PF_R | PF_X },
            { vaddr: 0x80000000, memsz: 0x1000, data: new Uint8Array(0), flags: PF_R | PF_W },
          ],
        };
        throwsVm(() => runImage(far), 'memory-limit', TEXT_BASE, 0);
        const huge: ElfImage = { ...far, segments: [far.segments[0]!, { ...far.segments[1]!, vaddr: 0x20000, memsz: 0xfff00000 }] };
        throwsVm(() => runImage(huge), 'memory-limit', TEXT_BASE, 0);
        throwsVm(() => runImage(program(EXIT), { memoryLimit: 0x1000 }), 'memory-limit', TEXT_BASE, 0);
        assert.equal(runImage(program(EXIT), { memoryLimit: 0x11000 }).cycles, 2);
      });

      it('stores into the text segment raise write-to-text', () => {
        for (const op of ['sw', 'sh', 'sb']) {
          const src = `li t0, ${TEXT_BASE}\nhere: ${op} t1, 8(t0)\n${EXIT}`;
          throwsVm(() => run(src), 'write-to-text', addressOf(src, 'here'), 1);
        }
      });
    });

    describe('cycle limit', () => {
      it('stops an infinite loop', () => {
        const t0 = Date.now();
        throwsVm(() => run('loop: j loop', { maxCycles: 100_000 }), 'cycle-limit', TEXT_BASE, 100_000);
        throwsVm(() => run('nop\nloop: beq x0, x0, loop', { maxCycles: 12_345 }), 'cycle-limit', TEXT_BASE + 4, 12_345);
        throwsVm(() => run('nop\nloop: addi t0, t0, 1\nj loop', { maxCycles: 1_000_001 }), 'cycle-limit', TEXT_BASE + 4, 1_000_001);
        assert.ok(Date.now() - t0 < 10_000, 'cycle-limit runs took too long');
      });

      it('is exact: a run of N cycles passes with maxCycles N and stops at the right instruction below it', () => {
        const src = `
          li t0, 3
        loop:
          addi t0, t0, -1
          bnez t0, loop
          li a0, 0
          ${EXIT}`;
        const T = TEXT_BASE;
        const pcs = [T, T + 4, T + 8, T + 4, T + 8, T + 4, T + 8, T + 12, T + 16, T + 20];
        assert.equal(run(src, { maxCycles: pcs.length }).cycles, pcs.length);
        for (let n = 1; n < pcs.length; n++) throwsVm(() => run(src, { maxCycles: n }), 'cycle-limit', pcs[n]!, n);
        // A long block-internal loop, limit in the middle of an iteration.
        const src2 = `li t0, 1000\nloop: addi t1, t1, 1\naddi t2, t2, 2\naddi t0, t0, -1\nbnez t0, loop\n${EXIT}`;
        throwsVm(() => run(src2, { maxCycles: 1 + 4 * 500 + 2 }), 'cycle-limit', T + 12, 1 + 4 * 500 + 2);
        assert.equal(run(src2, { maxCycles: 1 + 4 * 1000 + 2 }).cycles, 1 + 4 * 1000 + 2);
      });
    });

    if (mode === 'traced') {
      describe('trace', () => {
        it('has one row per cycle with the right pc, operand, result and address columns', () => {
          const src = `
            li t0, 3
          loop:
            addi t0, t0, -1
            bnez t0, loop
            li t1, ${DATA_BASE}
            li t2, -5
            sw t2, 8(t1)
            lw s1, 8(t1)
            add s2, s1, t0
            li a0, 1
            addi a1, t1, 8
            li a2, 4
            li a7, 64
            ecall
            li a0, 9
            ${EXIT}`;
          const r = run(src);
          const t = r.trace!;
          assert.ok(t !== undefined, 'traced run has a trace');
          assert.equal(t.length, r.cycles);
          for (const c of ['pc', 'rs1', 'rs2', 'rd', 'mem'] as const) assert.equal(t[c].length, r.cycles, c);
          const T = TEXT_BASE;
          const pcs = [T, T + 4, T + 8, T + 4, T + 8, T + 4, T + 8];
          for (let k = 7; k < r.cycles; k++) pcs.push(T + 12 + 4 * (k - 7));
          assert.deepEqual([...t.pc].map(hex), pcs.map(hex));
          const row = (k: number) => [t.rs1[k], t.rs2[k], t.rd[k], t.mem[k]].map((v) => hex(v!));
          assert.deepEqual(row(0), [0, 0, 3, 0].map(hex), 'li t0, 3 (addi from x0)');
          assert.deepEqual(row(1), [3, 0, 2, 0].map(hex), 'addi t0, t0, -1');
          assert.deepEqual(row(2), [2, 0, 0, 0].map(hex), 'bnez t0 (rs2 = x0)');
          assert.deepEqual(row(9), [DATA_BASE, -5, 0, DATA_BASE + 8].map(hex), 'sw');
          assert.deepEqual(row(10), [DATA_BASE, 0, -5, DATA_BASE + 8].map(hex), 'lw');
          assert.deepEqual(row(11), [-5, 0, -5, 0].map(hex), 'add s2, s1, t0');
          assert.equal(r.cycles, 20);
          const ec = 16; // the write ecall
          assert.equal(hex(t.pc[ec]!), hex(T + 48));
          assert.deepEqual(row(ec), [1, 64, 4, DATA_BASE + 8].map(hex), 'write ecall: a0, a7, result, a1');
          assert.deepEqual(row(r.cycles - 1), [9, 93, 9, DATA_BASE + 8].map(hex), 'exit ecall');
          assert.equal(t.ecalls.length, 2);
          assert.deepEqual({ ...t.ecalls[0]! }, { cycle: ec, number: 64, fd: 1, addr: DATA_BASE + 8, len: 4, result: 4 });
          assert.equal(t.ecalls[1]!.number, 93);
          assert.equal(t.ecalls[1]!.cycle, r.cycles - 1);
        });

        it('records jumps, upper immediates and taken branches as trace.ts documents', () => {
          const T = TEXT_BASE;
          const src = `
            lui t0, 0x12345
            auipc t1, 1
            jal ra, .+8
            nop
            addi t2, x0, 5
            jalr x0, 12(ra)
            beq t2, t2, .+8
            nop
            sub s1, t2, t0
            ${EXIT}`;
          const r = run(src);
          const t = r.trace!;
          assert.deepEqual([...t.pc].map(hex), [0, 4, 8, 16, 20, 24, 32, 36, 40].map((o) => hex(T + o)));
          const rows = Array.from({ length: t.length }, (_, k) => [t.rs1[k], t.rs2[k], t.rd[k], t.mem[k]].map((v) => hex(v!)));
          const want = [
            [0, 0, 0x12345000, 0], // lui: reads nothing
            [0, 0, T + 4 + 0x1000, 0], // auipc
            [0, 0, T + 12, 0], // jal: the link
            [0, 0, 5, 0], // addi from x0
            [T + 12, 0, T + 24, 0], // jalr x0: reads ra; the link is recorded though x0 discards it
            [5, 5, 0, 0], // beq taken
            [5, 0x12345000, 5 - 0x12345000, 0], // sub
            [0, 0, 93, 0], // li a7
            [0, 93, 0, 0], // exit ecall: a0, a7, result, a1
          ].map((row) => row.map(hex));
          assert.deepEqual(rows, want);
          const b = execute(program(src), { mode: 'interpret', trace: true });
          for (const c of ['pc', 'rs1', 'rs2', 'rd', 'mem'] as const) assert.deepEqual(t[c], b.trace![c], c);
        });

        it('matches the interpreter\'s trace on a longer run (chunk boundaries included)', () => {
          const src = `li t0, 40000\nli t3, ${DATA_BASE}\nloop: addi t0, t0, -1\nmul t1, t0, t0\nsw t1, 0(t3)\nbnez t0, loop\n${EXIT}`;
          const a = run(src);
          const b = execute(program(src), { mode: 'interpret', trace: true });
          assert.equal(a.trace!.length, a.cycles);
          assert.equal(b.trace!.length, b.cycles);
          for (const c of ['pc', 'rs1', 'rs2', 'rd', 'mem'] as const) assert.deepEqual(a.trace![c], b.trace![c], c);
        });
      });
    }

    describe('properties (random operands against the BigInt reference)', () => {
      const word = fc.oneof(
        fc.integer({ min: -0x80000000, max: 0x7fffffff }),
        fc.constantFrom(0, 1, -1, 2, 0x7fffffff, -0x80000000, 31, 32, 33, 63, 0xffff, 0x10000, -0x10000),
      );
      const RES = [7, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 10]; // result registers
      it('every register-register op', () => {
        fc.assert(
          fc.property(word, word, (a, b) => {
            const r = regs(`li t0, ${a >>> 0}\nli t1, ${b >>> 0}\n${R_OPS.map((op, i) => `${op} x${RES[i]}, t0, t1`).join('\n')}`);
            R_OPS.forEach((op, i) => assert.equal(hex(r[RES[i]!]!), hex(refR(op, a, b)), `${op}(${hex(a)}, ${hex(b)})`));
          }),
          { numRuns: 300 },
        );
      });

      it('every register-immediate op', () => {
        fc.assert(
          fc.property(word, fc.integer({ min: -2048, max: 2047 }), fc.integer({ min: 0, max: 31 }), (a, imm, sh) => {
            const ops = I_OPS.map((op, i) => `${op} x${RES[i]}, t0, ${op.endsWith('li') || op === 'srai' ? sh : imm}`);
            const r = regs(`li t0, ${a >>> 0}\n${ops.join('\n')}`);
            I_OPS.forEach((op, i) => {
              const im = op.endsWith('li') || op === 'srai' ? sh : imm;
              assert.equal(hex(r[RES[i]!]!), hex(refI(op, a, im)), `${op}(${hex(a)}, ${im})`);
            });
          }),
          { numRuns: 300 },
        );
      });

      it('every branch condition', () => {
        fc.assert(
          fc.property(word, fc.oneof(word, fc.constant(null)), (a, bOrNull) => {
            const b = bOrNull ?? a; // equal operands are an important case
            const body = B_OPS.map((op, k) => `${op} t0, t1, .+8\nori s1, s1, ${1 << k}`).join('\n');
            const r = regs(`li t0, ${a >>> 0}\nli t1, ${b >>> 0}\n${body}`);
            B_OPS.forEach((op, k) => assert.equal(((r[9]! >> k) & 1) === 0, refB(op, a, b), `${op}(${hex(a)}, ${hex(b)})`));
          }),
          { numRuns: 300 },
        );
      });

      it('loads of random data at every legal offset', () => {
        fc.assert(
          fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (data) => {
            const dv = new DataView(data.buffer, data.byteOffset, 8);
            const loads: Array<[string, number, number]> = [];
            for (let o = 0; o < 8; o++) loads.push(['lb', o, dv.getInt8(o)], ['lbu', o, dv.getUint8(o)]);
            for (let o = 0; o < 8; o += 2) loads.push(['lh', o, dv.getInt16(o, true)], ['lhu', o, dv.getUint16(o, true)]);
            for (let o = 0; o < 8; o += 4) loads.push(['lw', o, dv.getInt32(o, true)]);
            // 34 loads, more than the free registers: run in two halves.
            for (const part of [loads.slice(0, 17), loads.slice(17)]) {
              const r = regs(`li t0, ${DATA_BASE}\n${part.map(([op, o], i) => `${op} x${RES[i]}, ${o}(t0)`).join('\n')}`, { data });
              part.forEach(([op, o, want], i) => assert.equal(hex(r[RES[i]!]!), hex(want), `${op} +${o}`));
            }
          }),
          { numRuns: 100 },
        );
      });

      it('random store sequences leave memory as a byte-array model predicts', () => {
        const store = fc.oneof(
          fc.record({ op: fc.constant('sb'), o: fc.integer({ min: 0, max: 15 }), v: word }),
          fc.record({ op: fc.constant('sh'), o: fc.integer({ min: 0, max: 7 }).map((x) => 2 * x), v: word }),
          fc.record({ op: fc.constant('sw'), o: fc.integer({ min: 0, max: 3 }).map((x) => 4 * x), v: word }),
        );
        fc.assert(
          fc.property(fc.array(store, { maxLength: 12 }), (ops) => {
            const mem = new Uint8Array(16);
            const dv = new DataView(mem.buffer);
            const lines = [`li s0, ${DATA_BASE}`];
            for (const { op, o, v } of ops) {
              lines.push(`li t1, ${v >>> 0}`, `${op} t1, ${o}(s0)`);
              if (op === 'sb') dv.setUint8(o, v & 0xff);
              else if (op === 'sh') dv.setUint16(o, v & 0xffff, true);
              else dv.setInt32(o, v, true);
            }
            lines.push('li a0, 1', 'mv a1, s0', 'li a2, 16', 'li a7, 64', 'ecall', EXIT);
            assert.deepEqual([...run(lines.join('\n')).publicOutput], [...mem]);
          }),
          { numRuns: 200 },
        );
      });

      it('random programs (ALU, M, loads, stores, forward skips, optionally looped) match the model machine', () => {
        // Registers the programs use: none of a0..a7, which the final write/exit clobber, not x27 (s11, the loop
        // counter) and not x31, the memory base.
        const REGSET = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30];
        const rr = fc.constantFrom(...REGSET);
        const rd = fc.constantFrom(...REGSET.slice(1), 0); // x0 as a destination, rarely
        const inst: fc.Arbitrary<ModelInst> = fc.oneof(
          { weight: 6, arbitrary: fc.record({ k: fc.constant('r' as const), op: fc.constantFrom(...R_OPS), rd, rs1: rr, rs2: rr }) },
          {
            weight: 3,
            arbitrary: fc
              .record({ op: fc.constantFrom(...I_OPS), rd, rs1: rr, imm: fc.integer({ min: -2048, max: 2047 }) })
              .map((x) => ({ k: 'i' as const, ...x, imm: /^s[lr][la]i$/.test(x.op) ? x.imm & 31 : x.imm })),
          },
          { weight: 1, arbitrary: fc.record({ k: fc.constant('lui' as const), rd, imm20: fc.integer({ min: 0, max: 0xfffff }) }) },
          {
            weight: 2,
            arbitrary: fc
              .record({ op: fc.constantFrom('lb', 'lh', 'lw', 'lbu', 'lhu') as fc.Arbitrary<'lb' | 'lh' | 'lw' | 'lbu' | 'lhu'>, rd, off: fc.integer({ min: 0, max: 63 }) })
              .map((x) => ({ k: 'load' as const, ...x, off: x.op === 'lw' ? x.off & ~3 : x.op.startsWith('lh') ? x.off & ~1 : x.off })),
          },
          {
            weight: 2,
            arbitrary: fc
              .record({ op: fc.constantFrom('sb', 'sh', 'sw') as fc.Arbitrary<'sb' | 'sh' | 'sw'>, rs2: rr, off: fc.integer({ min: 0, max: 63 }) })
              .map((x) => ({ k: 'store' as const, ...x, off: x.op === 'sw' ? x.off & ~3 : x.op === 'sh' ? x.off & ~1 : x.off })),
          },
          { weight: 1, arbitrary: fc.record({ k: fc.constant('skip' as const), op: fc.constantFrom(...B_OPS), rs1: rr, rs2: rr }) },
        );
        fc.assert(
          fc.property(
            fc.array(word, { minLength: 32, maxLength: 32 }),
            fc.uint8Array({ minLength: 64, maxLength: 64 }),
            fc.array(inst, { minLength: 1, maxLength: 40 }),
            fc.integer({ min: 0, max: 4 }),
            (init, data, body, loops) => {
              const prog: ModelInst[] = [...body, { k: 'i', op: 'addi', rd: 0, rs1: 0, imm: 0 }]; // a skip may jump over the nop
              const R = new Int32Array(32);
              const pre = [`li x31, ${DATA_BASE}`];
              for (const r of REGSET.slice(1)) {
                R[r] = init[r]!;
                pre.push(`li x${r}, ${init[r]! >>> 0}`);
              }
              const mem = data.slice();
              // loops > 0: the body runs `loops` times under a counted backward branch (a translator self-loop
              // when the body has no skip), costing 2 more cycles per pass plus 1 to set the counter.
              let modelCycles = loops > 0 ? 1 : 0;
              for (let k = 0; k < Math.max(loops, 1); k++) modelCycles += modelRun(prog, R, mem) + (loops > 0 ? 2 : 0);
              const code = prog.map(modelAsm);
              const looped = loops > 0 ? [`li s11, ${loops}`, 'loop:', ...code, 'addi s11, s11, -1', 'bnez s11, loop'] : code;
              const src = [...pre, ...looped, 'li a0, 1', `li a1, ${DATA_BASE}`, 'li a2, 64', 'li a7, 64', 'ecall', EXIT].join('\n');
              const res = run(src, { data });
              const where = `program:\n${looped.join('\n')}`;
              for (const r of REGSET) assert.equal(hex(res.registers[r]!), hex(R[r]!), `x${r}; ${where}`);
              assert.deepEqual([...res.publicOutput], [...mem], `memory; ${where}`);
              assert.equal(res.cycles, assemble(pre.join('\n')).length + modelCycles + 7, `cycles; ${where}`);
              if (mode === 'traced') {
                // The translated trace must equal the reference interpreter's, row for row.
                const ref = execute(program(src, { data }), { mode: 'interpret', trace: true });
                for (const c of ['pc', 'rs1', 'rs2', 'rd', 'mem'] as const) assert.deepEqual(res.trace![c], ref.trace![c], `trace ${c}; ${where}`);
              }
            },
          ),
          { numRuns: 150 },
        );
      });
    });
  });
}
