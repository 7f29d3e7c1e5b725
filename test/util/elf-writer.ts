/**
 * Writes minimal ELF32 RISC-V executables for loader tests: an ELF header, a program-header table right after
 * it and the segments' file bytes after that, no sections. Every header field can be overridden so tests can
 * build exactly one kind of corruption at a time; {@link patch16}/{@link patch32} with the {@link EH}/{@link PH} offsets edit
 * a finished file.
 * @module
 */

import { PF_R, PF_W, PF_X, TEXT_BASE, assemble, wordsToBytes } from './asm.js';

/** `p_type` of a loadable segment. */
export const PT_LOAD = 1;
/** `p_type` of a note segment (not loadable). */
export const PT_NOTE = 4;
/** `p_type` GNU uses for the stack permissions (not loadable). */
export const PT_GNU_STACK = 0x6474e551;
/** `e_type` of a relocatable object. */
export const ET_REL = 1;
/** `e_type` of a static executable. */
export const ET_EXEC = 2;
/** `e_type` of a shared object / PIE. */
export const ET_DYN = 3;
/** `e_machine` of RISC-V. */
export const EM_RISCV = 243;
/** `e_flags`: the code uses compressed instructions. */
export const EF_RISCV_RVC = 0x1;
/** `e_flags`: single-precision float ABI (ilp32f). */
export const EF_RISCV_FLOAT_ABI_SINGLE = 0x2;
/** `e_flags`: double-precision float ABI (ilp32d). */
export const EF_RISCV_FLOAT_ABI_DOUBLE = 0x4;
/** `e_flags`: RV32E (16 registers). */
export const EF_RISCV_RVE = 0x8;

/** Byte offsets of ELF32 header fields. */
export const EH = Object.freeze({
  CLASS: 4, DATA: 5, IDENT_VERSION: 6, TYPE: 16, MACHINE: 18, VERSION: 20, ENTRY: 24, PHOFF: 28, SHOFF: 32,
  FLAGS: 36, EHSIZE: 40, PHENTSIZE: 42, PHNUM: 44, SHENTSIZE: 46, SHNUM: 48, SHSTRNDX: 50,
} as const);
/** Byte offsets of fields inside one ELF32 program header. */
export const PH = Object.freeze({ TYPE: 0, OFFSET: 4, VADDR: 8, PADDR: 12, FILESZ: 16, MEMSZ: 20, FLAGS: 24, ALIGN: 28 } as const);
/** Size of the ELF32 header. */
export const EHDR_SIZE = 52;
/** Size of one ELF32 program header. */
export const PHDR_SIZE = 32;

/** One segment to write. `offset`/`filesz` override what the writer would put in the header (data still written). */
export interface WriterSegment {
  readonly vaddr: number;
  readonly memsz: number;
  readonly data: Uint8Array;
  readonly flags: number;
  readonly type?: number;
  readonly offset?: number;
  readonly filesz?: number;
  readonly align?: number;
}

/** The file to write; every optional field defaults to a valid RV32 soft-float executable. */
export interface ElfWriterOptions {
  readonly entry: number;
  readonly segments: readonly WriterSegment[];
  readonly magic?: readonly number[];
  /** EI_CLASS: 1 = ELFCLASS32 (default), 2 = ELFCLASS64. */
  readonly elfClass?: number;
  /** EI_DATA: 1 = little-endian (default), 2 = big-endian (fields are then written big-endian). */
  readonly dataEncoding?: number;
  readonly identVersion?: number;
  readonly type?: number;
  readonly machine?: number;
  readonly version?: number;
  readonly flags?: number;
  readonly ehsize?: number;
  readonly phentsize?: number;
  /** Overrides e_phnum (the table still holds `segments.length` entries). */
  readonly phnum?: number;
  /** Overrides e_phoff (the table is still written at 52). */
  readonly phoff?: number;
}

/** Serialises an ELF32 executable; see {@link ElfWriterOptions}. */
export function writeElf(o: ElfWriterOptions): Uint8Array {
  const phoff = EHDR_SIZE;
  let cursor = phoff + PHDR_SIZE * o.segments.length;
  const offsets = o.segments.map((sg) => {
    cursor = (cursor + 3) & ~3;
    const at = cursor;
    cursor += sg.data.length;
    return at;
  });
  const out = new Uint8Array(cursor);
  const dv = new DataView(out.buffer);
  const le = (o.dataEncoding ?? 1) !== 2;
  const u16 = (off: number, v: number): void => dv.setUint16(off, v, le);
  const u32 = (off: number, v: number): void => dv.setUint32(off, v >>> 0, le);
  out.set(o.magic ?? [0x7f, 0x45, 0x4c, 0x46], 0);
  out[EH.CLASS] = o.elfClass ?? 1;
  out[EH.DATA] = o.dataEncoding ?? 1;
  out[EH.IDENT_VERSION] = o.identVersion ?? 1;
  u16(EH.TYPE, o.type ?? ET_EXEC);
  u16(EH.MACHINE, o.machine ?? EM_RISCV);
  u32(EH.VERSION, o.version ?? 1);
  u32(EH.ENTRY, o.entry);
  u32(EH.PHOFF, o.phoff ?? phoff);
  u32(EH.SHOFF, 0); // no sections
  u32(EH.FLAGS, o.flags ?? 0);
  u16(EH.EHSIZE, o.ehsize ?? EHDR_SIZE);
  u16(EH.PHENTSIZE, o.phentsize ?? PHDR_SIZE);
  u16(EH.PHNUM, o.phnum ?? o.segments.length);
  u16(EH.SHENTSIZE, 40);
  u16(EH.SHNUM, 0);
  u16(EH.SHSTRNDX, 0);
  o.segments.forEach((sg, i) => {
    const p = phoff + i * PHDR_SIZE;
    u32(p + PH.TYPE, sg.type ?? PT_LOAD);
    u32(p + PH.OFFSET, sg.offset ?? offsets[i]!);
    u32(p + PH.VADDR, sg.vaddr);
    u32(p + PH.PADDR, sg.vaddr);
    u32(p + PH.FILESZ, sg.filesz ?? sg.data.length);
    u32(p + PH.MEMSZ, sg.memsz);
    u32(p + PH.FLAGS, sg.flags);
    u32(p + PH.ALIGN, sg.align ?? 4);
    out.set(sg.data, offsets[i]!);
  });
  return out;
}

/** Writes a little-endian u16 at `off` in `bytes` (in place); returns `bytes`. */
export function patch16(bytes: Uint8Array, off: number, v: number): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint16(off, v, true);
  return bytes;
}

/** Writes a little-endian u32 at `off` in `bytes` (in place); returns `bytes`. */
export function patch32(bytes: Uint8Array, off: number, v: number): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(off, v >>> 0, true);
  return bytes;
}

/** The default data segment of {@link validElfOptions}. */
export const VALID_DATA_ADDR = 0x20000;

/**
 * Options for a small valid executable: a text segment at {@link TEXT_BASE} that writes "hi" to public output and
 * exits with code 7 after 8 cycles, and a data segment at 0x20000 holding "hi" followed by 0x100 zero bytes.
 */
export function validElfOptions(): ElfWriterOptions {
  const text = wordsToBytes(
    assemble(`
      li a0, 1
      li a1, ${VALID_DATA_ADDR}
      li a2, 2
      li a7, 64
      ecall
      li a0, 7
      li a7, 93
      ecall
    `),
  );
  return {
    entry: TEXT_BASE,
    segments: [
      { vaddr: TEXT_BASE, memsz: text.length, data: text, flags: PF_R | PF_X },
      { vaddr: VALID_DATA_ADDR, memsz: 0x102, data: new Uint8Array([0x68, 0x69]), flags: PF_R | PF_W },
    ],
  };
}

/** The ELF file of a loaded image (e.g. one built by `program()` in `asm.ts`), one PT_LOAD per segment. */
export function imageToElf(image: { readonly entry: number; readonly segments: readonly { readonly vaddr: number; readonly memsz: number; readonly data: Uint8Array; readonly flags: number }[] }): Uint8Array {
  return writeElf({ entry: image.entry, segments: image.segments.map((s) => ({ vaddr: s.vaddr, memsz: s.memsz, data: s.data, flags: s.flags })) });
}
