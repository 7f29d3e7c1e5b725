/**
 * Loader for static ELF32 little-endian RISC-V executables (RV32IM, soft-float ABI).
 *
 * Every field that matters is validated, and every offset is bounds-checked before it is read, so a
 * malformed file produces an {@link ElfError} naming the problem — never a RangeError, a hang or a
 * silently wrong image.
 * @module
 */
import { ElfError, hex32 } from './errors.js';

/** Segment permission bits (`p_flags`). */
export const PF_X = 1;
/** Segment is writable. */
export const PF_W = 2;
/** Segment is readable. */
export const PF_R = 4;

/** One loadable segment: `memsz` bytes at `vaddr`, the first `data.length` from the file, the rest zero. */
export interface ElfSegment {
  readonly vaddr: number;
  readonly memsz: number;
  readonly data: Uint8Array;
  readonly flags: number;
}

/** What a program is, once loaded: its entry point and its segments, sorted by address. */
export interface ElfImage {
  readonly entry: number;
  readonly segments: readonly ElfSegment[];
}

const EM_RISCV = 243;
const ET_EXEC = 2;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const EF_RISCV_RVC = 0x1;
const EF_RISCV_FLOAT_ABI = 0x6;
const EF_RISCV_RVE = 0x8;
const EHDR_SIZE = 52;
const PHDR_SIZE = 32;
/** More program headers than any real static executable has; bounds the work done on hostile input. */
const MAX_PHNUM = 256;

/**
 * Parses and validates an ELF file.
 * @param bytes the whole file
 * @returns the loadable image (segment data are copies, so the caller may reuse `bytes`)
 * @throws ElfError when the file is not a static ELF32 little-endian RV32 (no RVC, soft-float) executable,
 *   or any header, segment or the entry point is malformed
 */
export function parseElf(bytes: Uint8Array): ElfImage {
  if (!(bytes instanceof Uint8Array)) throw new ElfError('ELF input must be a Uint8Array');
  if (bytes.length < EHDR_SIZE) throw new ElfError(`file too short for an ELF header (${bytes.length} bytes, need ${EHDR_SIZE})`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46)
    throw new ElfError('not an ELF file (bad magic)');
  if (bytes[4] !== 1) throw new ElfError(`not a 32-bit ELF (EI_CLASS=${bytes[4]}; RV32 needs ELFCLASS32)`);
  if (bytes[5] !== 1) throw new ElfError(`not a little-endian ELF (EI_DATA=${bytes[5]})`);
  if (bytes[6] !== 1) throw new ElfError(`unsupported ELF identification version ${bytes[6]}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => dv.getUint16(o, true);
  const u32 = (o: number) => dv.getUint32(o, true);

  const type = u16(16);
  if (type !== ET_EXEC) throw new ElfError(`not a static executable (e_type=${type}; need ET_EXEC=2)`);
  const machine = u16(18);
  if (machine !== EM_RISCV) throw new ElfError(`not a RISC-V ELF (e_machine=${machine}; need EM_RISCV=243)`);
  if (u32(20) !== 1) throw new ElfError(`unsupported ELF version ${u32(20)}`);
  const entry = u32(24);
  const phoff = u32(28);
  const flags = u32(36);
  if (flags & EF_RISCV_RVC) throw new ElfError('ELF uses compressed instructions (EF_RISCV_RVC); build with -march=rv32im');
  if (flags & EF_RISCV_FLOAT_ABI) throw new ElfError('ELF uses a hardware floating-point ABI; build with -mabi=ilp32');
  if (flags & EF_RISCV_RVE) throw new ElfError('ELF targets RV32E; build with -march=rv32im');
  const phentsize = u16(42);
  const phnum = u16(44);
  if (phnum === 0) throw new ElfError('ELF has no program headers');
  if (phentsize !== PHDR_SIZE) throw new ElfError(`bad program header size ${phentsize} (need ${PHDR_SIZE})`);
  if (phnum > MAX_PHNUM) throw new ElfError(`too many program headers (${phnum})`);
  if (phoff > bytes.length || phoff + phnum * PHDR_SIZE > bytes.length)
    throw new ElfError(`program headers (offset ${phoff}, ${phnum} entries) extend past the end of the file (${bytes.length} bytes)`);

  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const h = phoff + i * PHDR_SIZE;
    const ptype = u32(h);
    const offset = u32(h + 4);
    const vaddr = u32(h + 8);
    const filesz = u32(h + 16);
    const memsz = u32(h + 20);
    const pflags = u32(h + 24);
    if (ptype === PT_DYNAMIC || ptype === PT_INTERP)
      throw new ElfError(`program header ${i} is ${ptype === PT_DYNAMIC ? 'PT_DYNAMIC' : 'PT_INTERP'}: only static executables are supported`);
    if (offset + filesz > bytes.length)
      throw new ElfError(`program header ${i}: file data (offset ${offset}, size ${filesz}) extends past the end of the file`);
    if (ptype !== PT_LOAD || memsz === 0) continue;
    if (filesz > memsz) throw new ElfError(`program header ${i}: file size ${filesz} exceeds memory size ${memsz}`);
    if (vaddr + memsz > 2 ** 32)
      throw new ElfError(`program header ${i}: segment at ${hex32(vaddr)} of ${memsz} bytes wraps past the 32-bit address space`);
    if ((pflags & (PF_R | PF_W | PF_X)) === 0) throw new ElfError(`program header ${i}: loadable segment has no permissions`);
    segments.push({ vaddr, memsz, data: bytes.slice(offset, offset + filesz), flags: pflags & (PF_R | PF_W | PF_X) });
  }
  if (segments.length === 0) throw new ElfError('ELF has no loadable segment');
  segments.sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < segments.length; i++) {
    const a = segments[i - 1]!;
    const b = segments[i]!;
    if (a.vaddr + a.memsz > b.vaddr)
      throw new ElfError(`segments overlap: [${hex32(a.vaddr)}, ${hex32(a.vaddr + a.memsz)}) and [${hex32(b.vaddr)}, ${hex32(b.vaddr + b.memsz)})`);
  }
  if (entry & 3) throw new ElfError(`entry point ${hex32(entry)} is not 4-byte aligned`);
  const entrySeg = segments.find((s) => entry >= s.vaddr && entry < s.vaddr + s.memsz);
  if (!entrySeg || !(entrySeg.flags & PF_X)) throw new ElfError(`entry point ${hex32(entry)} is not in an executable segment`);
  for (const s of segments) Object.freeze(s);
  return Object.freeze({ entry, segments: Object.freeze(segments) });
}
