// Tests of the test assembler itself (test/util/asm.ts): field encodings checked bit by bit against the RISC-V
// spec, label resolution and error reporting. The cross-check against GNU as lives in toolchain.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AsmError, TEXT_BASE, assemble, bType, encode, iType, jType, li, program, reg, sType } from '../util/asm.js';

/** Decoders written independently of the encoders, straight from the spec's immediate layouts. */
const sext = (v: number, bits: number): number => (v << (32 - bits)) >> (32 - bits);
const decI = (w: number): number => w >> 20;
const decS = (w: number): number => sext(((w >>> 25) << 5) | ((w >>> 7) & 0x1f), 12);
const decB = (w: number): number =>
  sext(((w >>> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 0x3f) << 5) | (((w >>> 8) & 0xf) << 1), 13);
const decJ = (w: number): number =>
  sext(((w >>> 31) << 20) | (((w >>> 12) & 0xff) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 0x3ff) << 1), 21);

describe('test assembler', () => {
  it('round-trips immediates of every format through independent decoders', () => {
    for (let v = -2048; v < 2048; v += 7) {
      assert.equal(decI(iType(0x13, 0, 1, 2, v)), v);
      assert.equal(decS(sType(0x23, 2, 1, 2, v)), v);
    }
    for (let v = -4096; v < 4096; v += 2 * 13) assert.equal(decB(bType(0x63, 0, 1, 2, v)), v);
    for (const v of [-4096, 4094, 0, 2, -2, 2048, -2048, 0x7fe]) assert.equal(decB(bType(0x63, 0, 1, 2, v)), v);
    for (let v = -(2 ** 20); v < 2 ** 20; v += 2 * 4099) assert.equal(decJ(jType(0x6f, 1, v)), v);
    for (const v of [-(2 ** 20), 2 ** 20 - 2, 0, 2, 2048, 4096, 0x7fffe]) assert.equal(decJ(jType(0x6f, 1, v)), v);
  });

  it('encodes known words (from the RISC-V spec / objdump)', () => {
    assert.equal(encode('addi', 0, 0, 0), 0x00000013); // nop
    assert.equal(encode('add', 10, 11, 12), 0x00c58533);
    assert.equal(encode('sub', 10, 11, 12), 0x40c58533);
    assert.equal(encode('srai', 10, 11, 31), 0x41f5d513);
    assert.equal(encode('mulhsu', 10, 11, 12), 0x02c5a533);
    assert.equal(encode('sw', 12, 11, -4), 0xfec5ae23); // sw a2, -4(a1)
    assert.equal(encode('lui', 10, 0x80000), 0x80000537);
    assert.equal(encode('jalr', 0, 1, 0), 0x00008067); // ret
    assert.equal(encode('ecall'), 0x00000073);
    assert.equal(encode('ebreak'), 0x00100073);
    assert.equal(encode('unimp'), 0xc0001073);
  });

  it('expands li like GNU as (addi alone, lui alone, or lui+addi with the sign fix)', () => {
    assert.deepEqual(li(10, 5), [encode('addi', 10, 0, 5)]);
    assert.deepEqual(li(10, -2048), [encode('addi', 10, 0, -2048)]);
    assert.deepEqual(li(10, 0x12345000), [encode('lui', 10, 0x12345)]);
    // 0x800 has bit 11 set: addi would subtract, so the upper part is rounded up.
    assert.deepEqual(li(10, 0x800), [encode('lui', 10, 1), encode('addi', 10, 10, -2048)]);
    assert.deepEqual(li(10, 0xffffffff), [encode('addi', 10, 0, -1)]);
    assert.deepEqual(li(10, 0x7ffff800), [encode('lui', 10, 0x80000), encode('addi', 10, 10, -2048)]);
    // Every li expansion must evaluate to its value (simulated with 32-bit arithmetic).
    for (const v of [0x7fffffff, -0x80000000, 0x12345678, -0x12345678, 0xdeadbeef, 0x801, 0xfff, -2049]) {
      const ws = li(5, v);
      let x = 0;
      for (const w of ws) x = (w & 0x7f) === 0x37 ? w & 0xfffff000 : (x + (w >> 20)) | 0;
      assert.equal(x, v | 0, `li ${v}`);
    }
  });

  it('resolves forward and backward labels and .+N targets', () => {
    const w = assemble(`
      top: beq a0, a1, end   # +8
           j top             # -4
      end: bne x0, x0, .-8
    `);
    assert.deepEqual([...w], [encode('beq', 10, 11, 8), encode('jal', 0, -4), encode('bne', 0, 0, -8)]);
    // li of a large value takes two words: a later label must account for them.
    const w2 = assemble('j after; li t0, 0x12345678; after: nop');
    assert.equal(w2[0], encode('jal', 0, 12));
  });

  it('accepts ABI names, xN and fp; memory operands with and without an offset', () => {
    assert.equal(reg('fp'), 8);
    assert.equal(reg('s0'), 8);
    assert.equal(reg('x31'), 31);
    assert.equal(reg('t6'), 31);
    assert.deepEqual([...assemble('lw a0, (sp); sw a0, -2048(t6)')], [encode('lw', 10, 2, 0), encode('sw', 10, 31, -2048)]);
  });

  it('rejects malformed input with AsmError naming the line', () => {
    assert.throws(() => assemble('nop\naddi a0, a0, 2048'), (e: unknown) => e instanceof AsmError && /line 2/.test(e.message));
    assert.throws(() => assemble('frob a0'), AsmError);
    assert.throws(() => assemble('add a0, a1, q9'), AsmError);
    assert.throws(() => assemble('beq a0, a1, nowhere'), AsmError);
    assert.throws(() => assemble('beq a0, a1, .+3'), AsmError);
    assert.throws(() => assemble('slli a0, a0, 32'), AsmError);
    assert.throws(() => assemble('x: nop; x: nop'), AsmError);
    assert.throws(() => assemble('add a0, a1'), AsmError);
  });

  it('program() lays out text at TEXT_BASE (R+X) and a zero-filled R+W data segment', () => {
    const img = program('nop; nop', { data: new Uint8Array([1, 2, 3]) });
    assert.equal(img.entry, TEXT_BASE);
    assert.equal(img.segments.length, 2);
    const [text, data] = img.segments;
    assert.equal(text!.vaddr, TEXT_BASE);
    assert.equal(text!.memsz, 8);
    assert.equal(text!.flags, 5);
    assert.deepEqual([...text!.data], [0x13, 0, 0, 0, 0x13, 0, 0, 0]);
    assert.equal(data!.vaddr, 0x20000);
    assert.equal(data!.flags, 6);
    assert.equal(data!.memsz, 0x1000);
    assert.deepEqual([...data!.data], [1, 2, 3]);
  });
});
