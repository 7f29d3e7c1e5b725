// ELF loader tests: a valid minimal file parses into the right image; every malformation is rejected with an
// ElfError (never another exception, never a hang); random corruptions of a valid file either parse or fail
// with ElfError, and what parses runs to a result or a VmError.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseElf } from '../../src/vm/elf.js';
import { ElfError, VmError } from '../../src/vm/errors.js';
import { execute } from '../../src/vm/executor.js';
import { PF_R, PF_W, PF_X, TEXT_BASE } from '../util/asm.js';
import {
  EF_RISCV_FLOAT_ABI_DOUBLE,
  EF_RISCV_FLOAT_ABI_SINGLE,
  EF_RISCV_RVC,
  EHDR_SIZE,
  ET_DYN,
  ET_REL,
  EH,
  PHDR_SIZE,
  PH,
  PT_GNU_STACK,
  PT_NOTE,
  VALID_DATA_ADDR,
  patch16,
  patch32,
  validElfOptions,
  writeElf,
  type ElfWriterOptions,
  type WriterSegment,
} from '../util/elf-writer.js';

const valid = validElfOptions();
const [TEXT, DATA] = valid.segments as [WriterSegment, WriterSegment];
const withSegs = (...segments: WriterSegment[]): ElfWriterOptions => ({ ...valid, segments });

/** Asserts parseElf rejects `bytes` with an ElfError whose message matches `why`. */
function rejects(bytes: Uint8Array, why: RegExp, label = why.source): void {
  let err: unknown;
  try {
    parseElf(bytes);
  } catch (e) {
    err = e;
  }
  assert.ok(err !== undefined, `${label}: parsed, expected an ElfError`);
  assert.ok(err instanceof ElfError, `${label}: expected ElfError, got ${String(err)}`);
  assert.match(err.message, why, label);
}

describe('ELF loader', () => {
  it('parses a valid minimal executable', () => {
    const img = parseElf(writeElf(valid));
    assert.equal(img.entry, TEXT_BASE);
    assert.equal(img.segments.length, 2);
    const [t, d] = img.segments;
    assert.deepEqual({ ...t!, data: [...t!.data] }, { vaddr: TEXT_BASE, memsz: TEXT.data.length, data: [...TEXT.data], flags: PF_R | PF_X });
    assert.deepEqual({ ...d!, data: [...d!.data] }, { vaddr: VALID_DATA_ADDR, memsz: 0x102, data: [0x68, 0x69], flags: PF_R | PF_W });
    const r = execute(img, { maxCycles: 100 });
    assert.equal(r.exitCode, 7);
    assert.equal(r.cycles, 8);
    assert.equal(new TextDecoder().decode(r.publicOutput), 'hi');
  });

  it('copies segment data (mutating the file afterwards does not change the image)', () => {
    const bytes = writeElf(valid);
    const img = parseElf(bytes);
    const before = [...img.segments[1]!.data];
    bytes.fill(0);
    assert.deepEqual([...img.segments[1]!.data], before);
  });

  it('ignores non-loadable program headers and sorts segments by address', () => {
    const note = { vaddr: 0, memsz: 0, data: new Uint8Array(8), flags: PF_R, type: PT_NOTE };
    const stack = { vaddr: 0, memsz: 0, data: new Uint8Array(0), flags: PF_R | PF_W, type: PT_GNU_STACK };
    const img = parseElf(writeElf(withSegs(note, DATA, stack, TEXT)));
    assert.deepEqual(img.segments.map((s) => s.vaddr), [TEXT_BASE, VALID_DATA_ADDR]);
  });

  it('accepts a file whose byte array is a view into a larger buffer', () => {
    const bytes = writeElf(valid);
    const big = new Uint8Array(bytes.length + 100);
    big.set(bytes, 37);
    assert.equal(parseElf(big.subarray(37, 37 + bytes.length)).entry, TEXT_BASE);
  });

  describe('rejects with ElfError', () => {
    it('empty and truncated files', () => {
      const bytes = writeElf(valid);
      rejects(new Uint8Array(0), /short|truncat|header/i, 'empty');
      for (const n of [1, 4, 16, 51]) rejects(bytes.slice(0, n), /short|truncat|header/i, `truncated to ${n}`);
      // Header intact, program headers cut.
      rejects(bytes.slice(0, EHDR_SIZE + PHDR_SIZE + 5), /program header|past the end|truncat/i, 'phdrs cut');
      // Program headers intact, segment data cut.
      rejects(bytes.slice(0, bytes.length - 1), /past the end|truncat|outside/i, 'data cut');
    });

    it('wrong magic', () => {
      rejects(writeElf({ ...valid, magic: [0x7f, 0x45, 0x4c, 0x47] }), /magic|not an ELF/i);
      rejects(writeElf({ ...valid, magic: [0, 0, 0, 0] }), /magic|not an ELF/i);
      const mz = writeElf(valid);
      mz.set([0x4d, 0x5a], 0);
      rejects(mz, /magic|not an ELF/i);
    });

    it('ELFCLASS64, big-endian, bad identification version', () => {
      rejects(writeElf({ ...valid, elfClass: 2 }), /32-bit|class/i);
      rejects(writeElf({ ...valid, elfClass: 0 }), /32-bit|class/i);
      rejects(writeElf({ ...valid, dataEncoding: 2 }), /endian/i);
      rejects(writeElf({ ...valid, identVersion: 0 }), /version/i);
    });

    it('wrong e_machine', () => {
      for (const m of [0, 3, 62, 40, 183, 0xf2, 0xf4]) rejects(writeElf({ ...valid, machine: m }), /RISC-V|machine/i, `e_machine ${m}`);
    });

    it('ET_REL, ET_DYN, ET_CORE', () => {
      for (const t of [0, ET_REL, ET_DYN, 4]) rejects(writeElf({ ...valid, type: t }), /executable|e_type/i, `e_type ${t}`);
    });

    it('RVC and hardware-float ABI e_flags', () => {
      rejects(writeElf({ ...valid, flags: EF_RISCV_RVC }), /compress|RVC/i);
      rejects(writeElf({ ...valid, flags: EF_RISCV_FLOAT_ABI_SINGLE }), /float/i);
      rejects(writeElf({ ...valid, flags: EF_RISCV_FLOAT_ABI_DOUBLE }), /float/i);
      rejects(writeElf({ ...valid, flags: EF_RISCV_FLOAT_ABI_SINGLE | EF_RISCV_FLOAT_ABI_DOUBLE }), /float/i);
      rejects(writeElf({ ...valid, flags: EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE }), /compress|RVC|float/i);
    });

    it('wrong e_phentsize', () => {
      for (const n of [0, 31, 33, 56]) rejects(writeElf({ ...valid, phentsize: n }), /program header size|phentsize/i, `phentsize ${n}`);
    });

    it('program headers outside the file', () => {
      const len = writeElf(valid).length;
      rejects(writeElf({ ...valid, phoff: len }), /program header/i, 'phoff = file length');
      rejects(writeElf({ ...valid, phoff: len - 16 }), /program header/i, 'phoff near the end');
      rejects(writeElf({ ...valid, phoff: 0xffffffff }), /program header/i, 'phoff = 2^32-1');
      rejects(writeElf({ ...valid, phoff: 0xffffffe0 }), /program header/i, 'phoff + size wraps 2^32');
      rejects(writeElf({ ...valid, phnum: 0xffff }), /program header/i, 'phnum 65535');
      rejects(writeElf({ ...valid, phnum: 40 }), /program header|past the end/i, 'phnum past the end');
    });

    it('segment file data outside the file', () => {
      const len = writeElf(valid).length;
      rejects(writeElf(withSegs(TEXT, { ...DATA, offset: len })), /past the end|outside|file data/i, 'offset = file length');
      rejects(writeElf(withSegs(TEXT, { ...DATA, filesz: 0x100 })), /past the end|outside|file data/i, 'filesz too big');
      rejects(writeElf(withSegs(TEXT, { ...DATA, offset: 0xffffffff, filesz: 2 })), /past the end|outside|file data/i, 'offset + filesz wraps');
      rejects(writeElf(withSegs(TEXT, { ...DATA, offset: 0xfffffffe, filesz: 2 })), /past the end|outside|file data/i, 'offset + filesz = 2^32');
      rejects(writeElf(withSegs(TEXT, { ...DATA, offset: 8, filesz: 0xfffffff8 })), /past the end|outside|file data|exceeds/i, 'filesz huge');
    });

    it('filesz > memsz', () => {
      rejects(writeElf(withSegs(TEXT, { ...DATA, memsz: 1 })), /exceeds|memsz|memory size/i);
    });

    it('overlapping segments', () => {
      rejects(writeElf(withSegs(TEXT, { ...DATA, vaddr: TEXT_BASE + 8 })), /overlap/i, 'data inside text');
      rejects(writeElf(withSegs(TEXT, { ...DATA, vaddr: TEXT_BASE - 0x100 })), /overlap/i, 'data straddling text start');
      rejects(writeElf(withSegs(TEXT, TEXT)), /overlap/i, 'the same segment twice');
      rejects(writeElf(withSegs(DATA, { ...TEXT, vaddr: VALID_DATA_ADDR + 0x100 }, TEXT)), /overlap/i, 'three segments, unsorted');
    });

    it('a segment wrapping past 2^32', () => {
      rejects(writeElf(withSegs(TEXT, { ...DATA, vaddr: 0xfffff000, memsz: 0x2000 })), /wrap|32-bit|address space/i);
      rejects(writeElf(withSegs(TEXT, { ...DATA, vaddr: 0xffffffff, memsz: 2 })), /wrap|32-bit|address space/i);
      rejects(writeElf(withSegs(TEXT, { ...DATA, vaddr: 0x80000000, memsz: 0xffffffff })), /wrap|32-bit|address space/i);
    });

    it('no loadable segment', () => {
      rejects(writeElf(withSegs()), /no (loadable|program)/i, 'no program headers');
      rejects(writeElf(withSegs({ ...TEXT, type: PT_NOTE })), /no loadable/i, 'only a note');
      rejects(writeElf(withSegs({ ...TEXT, memsz: 0, data: new Uint8Array(0) })), /no loadable/i, 'only an empty load');
    });

    it('entry outside every executable segment', () => {
      rejects(writeElf({ ...valid, entry: VALID_DATA_ADDR }), /entry/i, 'entry in the data segment');
      rejects(writeElf({ ...valid, entry: 0 }), /entry/i, 'entry 0');
      rejects(writeElf({ ...valid, entry: TEXT_BASE + TEXT.memsz }), /entry/i, 'entry one past the text');
      rejects(writeElf({ ...valid, entry: TEXT_BASE - 4 }), /entry/i, 'entry just before the text');
      rejects(writeElf({ ...valid, entry: 0xfffffffc }), /entry/i, 'entry at the top of memory');
      rejects(writeElf(withSegs({ ...TEXT, flags: PF_R | PF_W }, DATA)), /entry|executable/i, 'text not executable');
    });

    it('unaligned entry', () => {
      for (const d of [1, 2, 3]) rejects(writeElf({ ...valid, entry: TEXT_BASE + d }), /align/i, `entry + ${d}`);
    });

    it('non-Uint8Array input', () => {
      for (const x of [null, undefined, 'ELF', [0x7f, 0x45, 0x4c, 0x46], new ArrayBuffer(64)]) {
        assert.throws(() => parseElf(x as unknown as Uint8Array), ElfError, String(x));
      }
    });
  });

  describe('fuzzing a valid file', () => {
    const base = writeElf(valid);
    // Bytes worth hitting more often: the ELF header and program headers decide everything.
    const headerLen = EHDR_SIZE + PHDR_SIZE * valid.segments.length;
    const mutation = fc.oneof(
      fc.record({ k: fc.constant('flip' as const), at: fc.nat({ max: base.length - 1 }), bit: fc.nat({ max: 7 }) }),
      fc.record({ k: fc.constant('flip' as const), at: fc.nat({ max: headerLen - 1 }), bit: fc.nat({ max: 7 }) }),
      fc.record({ k: fc.constant('byte' as const), at: fc.nat({ max: headerLen - 1 }), v: fc.constantFrom(0, 0xff, 0x7f, 0x80, 1) }),
      fc.record({
        k: fc.constant('word' as const),
        at: fc.constantFrom(EH.ENTRY, EH.PHOFF, EH.PHNUM, ...[0, 1].flatMap((i) => [PH.OFFSET, PH.VADDR, PH.FILESZ, PH.MEMSZ, PH.FLAGS].map((f) => EHDR_SIZE + i * PHDR_SIZE + f))),
        v: fc.constantFrom(0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 0x10000, 0x20000, 0xfffff000, base.length, 0x10004),
      }),
      fc.record({ k: fc.constant('cut' as const), at: fc.nat({ max: base.length }) }),
    );

    it('random bit flips, byte and word overwrites and truncations: ElfError or a loadable image that runs or faults', () => {
      let parsed = 0;
      let rejected = 0;
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (muts) => {
          let bytes = base.slice();
          for (const m of muts) {
            if (m.k === 'flip') bytes[m.at] = bytes[m.at]! ^ (1 << m.bit);
            else if (m.k === 'byte') bytes[m.at] = m.v;
            else if (m.k === 'word') {
              if (m.at + 4 <= bytes.length) patch32(bytes, m.at, m.v);
            } else bytes = bytes.slice(0, m.at);
          }
          let img;
          try {
            img = parseElf(bytes);
          } catch (e) {
            assert.ok(e instanceof ElfError, `parseElf threw ${String(e)}`);
            rejected++;
            return;
          }
          parsed++;
          for (const mode of ['interpret', 'fast', 'traced'] as const) {
            try {
              const r = execute(img, { mode, maxCycles: 500, memoryLimit: 1 << 22 });
              assert.ok(r.cycles <= 500);
            } catch (e) {
              assert.ok(e instanceof VmError, `execute (${mode}) threw ${String(e)}`);
            }
          }
        }),
        { numRuns: 2000 },
      );
      // The mutations must exercise both outcomes, or this test proves little.
      assert.ok(parsed > 50 && rejected > 50, `parsed ${parsed}, rejected ${rejected}`);
    });

    it('rejects absurd program-header counts quickly', () => {
      const bytes = writeElf(valid);
      patch16(bytes, EH.PHNUM, 0xffff);
      const t0 = Date.now();
      assert.throws(() => parseElf(bytes), ElfError);
      patch32(bytes, EH.PHOFF, 0xffffffff);
      assert.throws(() => parseElf(bytes), ElfError);
      assert.ok(Date.now() - t0 < 100);
    });

    it('rejects every truncation of a valid file', () => {
      for (let n = 0; n < base.length; n++) {
        try {
          parseElf(base.subarray(0, n));
          assert.fail(`truncation to ${n} bytes parsed`);
        } catch (e) {
          assert.ok(e instanceof ElfError, `truncation to ${n}: ${String(e)}`);
        }
      }
    });

    it('segment header field sweeps never throw anything but ElfError', () => {
      const vals = [0, 1, 2, 3, 4, 0x7f, 0xfff, 0x1000, 0x10000, 0x20000, 0x7fffffff, 0x80000000, 0xfffff000, 0xfffffffc, 0xffffffff];
      for (const seg of [0, 1])
        for (const field of [PH.OFFSET, PH.VADDR, PH.FILESZ, PH.MEMSZ, PH.FLAGS])
          for (const v of vals) {
            const bytes = patch32(base.slice(), EHDR_SIZE + seg * PHDR_SIZE + field, v);
            try {
              const img = parseElf(bytes);
              try {
                execute(img, { maxCycles: 100, memoryLimit: 1 << 22 });
              } catch (e) {
                assert.ok(e instanceof VmError, `execute: ${String(e)}`);
              }
            } catch (e) {
              assert.ok(e instanceof ElfError || e instanceof VmError, `seg ${seg} field ${field} = ${v}: ${String(e)}`);
            }
          }
    });
  });
});
