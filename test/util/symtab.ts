/**
 * Adds a symbol table to an ELF file for the profiler's tests: appends `.text` (covering the first executable
 * segment), `.symtab`, `.strtab` and `.shstrtab` section headers to a file made by `elf-writer.ts` (which
 * writes none), the way a linker lays them out.
 * @module
 */
import { EH, EHDR_SIZE, PHDR_SIZE } from './elf-writer.js';

/** A symbol to write. */
export interface TestSymbol {
  readonly name: string;
  readonly address: number;
  /** `st_size`; default 0. */
  readonly size?: number;
  /** `STT_*`: 0 NOTYPE, 1 OBJECT, 2 FUNC (default). */
  readonly type?: number;
  /** `STB_*`: 0 LOCAL, 1 GLOBAL (default), 2 WEAK. */
  readonly bind?: number;
  /** Section index; default 1 (the `.text` written here). 0xfff1 is SHN_ABS. */
  readonly shndx?: number;
}

const SHDR = 40;

/** A copy of `elf` with section headers and a symbol table holding `symbols` (after the null symbol). */
export function withSymbols(elf: Uint8Array, symbols: readonly TestSymbol[]): Uint8Array {
  const dv0 = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  // The first executable program header gives .text's address, file offset and size.
  const phnum = dv0.getUint16(EH.PHNUM, true);
  let text = { addr: 0, off: 0, size: 0 };
  for (let i = 0; i < phnum; i++) {
    const h = EHDR_SIZE + i * PHDR_SIZE;
    if (dv0.getUint32(h + 24, true) & 1) {
      text = { addr: dv0.getUint32(h + 8, true), off: dv0.getUint32(h + 4, true), size: dv0.getUint32(h + 16, true) };
      break;
    }
  }
  const enc = new TextEncoder();
  const strParts: number[] = [0];
  const nameOff = symbols.map((s) => {
    const at = strParts.length;
    strParts.push(...enc.encode(s.name), 0);
    return at;
  });
  const strtab = Uint8Array.from(strParts);
  const shNames = ['', '.text', '.symtab', '.strtab', '.shstrtab'];
  const shParts: number[] = [];
  const shOff = shNames.map((n) => {
    const at = shParts.length;
    shParts.push(...enc.encode(n), 0);
    return at;
  });
  const shstrtab = Uint8Array.from(shParts);
  const symtab = new Uint8Array(16 * (symbols.length + 1));
  const sv = new DataView(symtab.buffer);
  symbols.forEach((s, i) => {
    const o = 16 * (i + 1);
    sv.setUint32(o, nameOff[i]!, true);
    sv.setUint32(o + 4, s.address >>> 0, true);
    sv.setUint32(o + 8, s.size ?? 0, true);
    symtab[o + 12] = ((s.bind ?? 1) << 4) | (s.type ?? 2);
    sv.setUint16(o + 14, s.shndx ?? 1, true);
  });
  const align = (n: number) => (n + 3) & ~3;
  const symOff = align(elf.length);
  const strOff = symOff + symtab.length;
  const shstrOff = strOff + strtab.length;
  const shdrOff = align(shstrOff + shstrtab.length);
  const out = new Uint8Array(shdrOff + SHDR * shNames.length);
  out.set(elf);
  out.set(symtab, symOff);
  out.set(strtab, strOff);
  out.set(shstrtab, shstrOff);
  const dv = new DataView(out.buffer);
  const sh = (i: number, name: number, type: number, flags: number, addr: number, off: number, size: number, link: number, info: number, entsize: number) => {
    const o = shdrOff + i * SHDR;
    [name, type, flags, addr, off, size, link, info, 4, entsize].forEach((v, k) => dv.setUint32(o + 4 * k, v >>> 0, true));
  };
  sh(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  sh(1, shOff[1]!, 1, 6, text.addr, text.off, text.size, 0, 0, 0); // PROGBITS, ALLOC|EXECINSTR
  sh(2, shOff[2]!, 2, 0, 0, symOff, symtab.length, 3, 1, 16); // SYMTAB, strings in section 3
  sh(3, shOff[3]!, 3, 0, 0, strOff, strtab.length, 0, 0, 0);
  sh(4, shOff[4]!, 3, 0, 0, shstrOff, shstrtab.length, 0, 0, 0);
  dv.setUint32(EH.SHOFF, shdrOff, true);
  dv.setUint16(EH.SHENTSIZE, SHDR, true);
  dv.setUint16(EH.SHNUM, shNames.length, true);
  dv.setUint16(EH.SHSTRNDX, 4, true);
  return out;
}
