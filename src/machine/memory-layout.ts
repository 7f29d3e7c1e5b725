/**
 * The data-memory layout of a program, as both prover and verifier derive it from the ELF (`docs/machine.md`, "Data memory"
 * "Initial and final tables, touched cells only"). Memory is the executor's page map (`vm/memory.ts`):
 *
 * - **image pages**: mapped pages that hold bytes from the file, or that are not writable (code, read-only
 *   data). Every word of such a page is a row of the preprocessed image table (W, ro, init), so loads
 *   from code and read-only data work and see the ELF's bytes; `ro` = 1 for pages that do not accept
 *   stores (the executor's W^X rule), which the MEM tuple carries so that no store can find such a cell.
 * - **zero pages**: mapped, writable pages with no file bytes (.bss, heap, stack). They are listed in a
 *   preprocessed page table; only the words a run touches get rows (sorted, unique), each initially 0.
 *
 * The two sets are disjoint by construction, so every word has exactly one initial tuple. All mapped pages
 * must lie below 2^31, so every word index W = address / 4 is below 2^29.
 * @module
 */
import type { ElfImage } from '../vm/elf.js';
import { Memory, PAGE_SIZE } from '../vm/memory.js';
import { MachineError } from './errors.js';
import { logSizeFor } from './program-table.js';

/** Words per page. */
export const PAGE_WORDS = PAGE_SIZE / 4;
/** log2 of {@link PAGE_WORDS}. */
export const LOG_PAGE_WORDS = 10;
/**
 * Page number that pads the zero-page table: its words (W ≥ 2^30) lie beyond every address a load or
 * store can form (W < 2^29), so a padding row provides nothing an access could consume.
 */
export const SENTINEL_PAGE = 2 ** 20;

/** The image table: one row per word of every image page, padded with rows whose `real` is 0. */
export interface ImageTable {
  readonly logSize: number;
  /** Real rows (image words). */
  readonly rows: number;
  readonly w: Uint32Array;
  readonly ro: Uint32Array;
  readonly initL: Uint32Array;
  readonly initH: Uint32Array;
  readonly real: Uint32Array;
}

/** A program's data-memory layout. */
export interface MemoryLayout {
  readonly image: ImageTable;
  /** Zero pages (page numbers, ascending), padded with {@link SENTINEL_PAGE} to 2^zeroPagesLogSize. */
  readonly zeroPages: Uint32Array;
  readonly zeroPagesLogSize: number;
  /** Number of real zero pages. */
  readonly zeroPageCount: number;
}

/**
 * Derives the layout of `image`.
 * @throws MachineError `INVALID_PROGRAM` when a mapped page reaches 2^31
 */
export function memoryLayout(image: ElfImage, minLog?: number): MemoryLayout {
  const mem = new Memory(image);
  if (mem.base + mem.size > 2 ** 31) {
    throw new MachineError('INVALID_PROGRAM', `memory reaches 0x${(mem.base + mem.size).toString(16)}; the prover needs every mapped page below 2^31`);
  }
  const nPages = mem.size / PAGE_SIZE;
  const basePage = mem.base / PAGE_SIZE;
  const fileBacked = new Uint8Array(nPages);
  for (const s of image.segments) {
    if (s.data.length === 0) continue;
    const p0 = Math.floor((s.vaddr - mem.base) / PAGE_SIZE);
    const p1 = Math.ceil((s.vaddr + s.data.length - mem.base) / PAGE_SIZE);
    for (let p = p0; p < p1; p++) fileBacked[p] = 1;
  }
  const imagePages: number[] = [];
  const zeroPages: number[] = [];
  for (let p = 0; p < nPages; p++) {
    if (mem.pages[p] === 0) continue;
    if (fileBacked[p] || !mem.isWritablePage(p)) imagePages.push(p);
    else zeroPages.push(p);
  }
  const rows = imagePages.length * PAGE_WORDS;
  const logSize = logSizeFor(rows, minLog);
  const n = 2 ** logSize;
  const w = new Uint32Array(n);
  const ro = new Uint32Array(n);
  const initL = new Uint32Array(n);
  const initH = new Uint32Array(n);
  const real = new Uint32Array(n);
  const words = new Uint32Array(mem.bytes.buffer, 0, mem.size / 4);
  let r = 0;
  for (const p of imagePages) {
    const isRo = mem.isWritablePage(p) ? 0 : 1;
    for (let k = 0; k < PAGE_WORDS; k++, r++) {
      const v = words[p * PAGE_WORDS + k]!;
      w[r] = (basePage + p) * PAGE_WORDS + k;
      ro[r] = isRo;
      initL[r] = v & 0xffff;
      initH[r] = v >>> 16;
      real[r] = 1;
    }
  }
  const zLog = logSizeFor(zeroPages.length, minLog);
  const zp = new Uint32Array(2 ** zLog).fill(SENTINEL_PAGE);
  zeroPages.forEach((p, i) => (zp[i] = basePage + p));
  return Object.freeze({
    image: Object.freeze({ logSize, rows, w, ro, initL, initH, real }),
    zeroPages: zp,
    zeroPagesLogSize: zLog,
    zeroPageCount: zeroPages.length,
  });
}
