/**
 * A program ready to run: its memory image and its text pre-decoded into columns (one entry per word of
 * the executable window), shared by the interpreter and the block translator.
 * @module
 */
import { decode, Op } from './decoder.js';
import type { ElfImage } from './elf.js';
import { Memory, PAGE_SIZE, PAGE_X } from './memory.js';

/** Marks a word of the code window that lies in a non-executable page: fetching it faults. */
export const OP_NOEXEC = 255;

/** Pre-decoded text of a program. Index `i` is the instruction at `codeBase + 4·i`. */
export interface DecodedText {
  readonly codeBase: number;
  readonly count: number;
  readonly op: Uint8Array;
  readonly rd: Uint8Array;
  readonly rs1: Uint8Array;
  readonly rs2: Uint8Array;
  readonly imm: Int32Array;
  readonly word: Uint32Array;
}

/** Decodes every word of the pages marked executable in `mem` (read from the initial image). */
export function decodeText(mem: Memory): DecodedText {
  let first = -1;
  let last = -1;
  for (let p = 0; p < mem.pages.length; p++)
    if (mem.pages[p]! & PAGE_X) {
      if (first < 0) first = p;
      last = p;
    }
  // parseElf guarantees an executable entry segment, so there is at least one code page.
  const codeBase = mem.base + first * PAGE_SIZE;
  const count = ((last + 1 - first) * PAGE_SIZE) / 4;
  const t: DecodedText = {
    codeBase,
    count,
    op: new Uint8Array(count),
    rd: new Uint8Array(count),
    rs1: new Uint8Array(count),
    rs2: new Uint8Array(count),
    imm: new Int32Array(count),
    word: new Uint32Array(count),
  };
  const w0 = (first * PAGE_SIZE) >>> 2;
  for (let i = 0; i < count; i++) {
    const word = mem.i32[w0 + i]! >>> 0;
    t.word[i] = word;
    if (!(mem.pages[first + Math.floor((i * 4) / PAGE_SIZE)]! & PAGE_X)) {
      t.op[i] = OP_NOEXEC;
      continue;
    }
    const d = decode(word);
    t.op[i] = d.op;
    t.rd[i] = d.rd;
    t.rs1[i] = d.rs1;
    t.rs2[i] = d.rs2;
    t.imm[i] = d.imm;
  }
  return t;
}

/** A loaded program: the fresh memory image plus its decoded text. */
export interface LoadedProgram {
  readonly entry: number;
  readonly memory: Memory;
  readonly text: DecodedText;
}

/** Lays out `image` in a fresh memory and decodes its text. */
export function loadProgram(image: ElfImage, memoryLimit?: number): LoadedProgram {
  const memory = new Memory(image, memoryLimit);
  return { entry: image.entry, memory, text: decodeText(memory) };
}

export { Op };
