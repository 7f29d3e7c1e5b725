/**
 * Guest memory: one flat little-endian buffer covering the program's segments, mapped in 4 KiB pages the
 * way Linux (and so qemu-user) maps an ELF. Accesses inside a mapped page succeed (bytes the ELF does not
 * cover read as zero); accesses outside fault.
 *
 * Pages that hold code are read-only even when their segment is writable (W^X): the executor decodes the
 * text once, so a store into it could never take effect, and failing loudly beats executing stale code.
 * @module
 */
import { PF_W, PF_X, type ElfImage } from './elf.js';
import { VmError, hex32 } from './errors.js';

/** Page size of the memory map. */
export const PAGE_SIZE = 4096;
/** Default cap on the memory a program may declare (bytes). */
export const DEFAULT_MEMORY_LIMIT = 1 << 30;

/** Page permission bits in {@link Memory.pages}. */
export const PAGE_R = 1;
/** Page is writable (and not executable). */
export const PAGE_W = 2;
/** Page holds code. */
export const PAGE_X = 4;

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  // Typed-array views use the host's byte order; RISC-V is little-endian, as is every platform Node and
  // browsers ship on today. Refuse to run rather than compute wrong answers on a big-endian host.
  throw new Error('zkvm requires a little-endian host');
}

/** The guest's memory and its map. Fields are public for the executors' hot loops; treat them as read-only. */
export class Memory {
  /** Guest address of byte 0 of {@link bytes}. */
  readonly base: number;
  /** Bytes in the window (a multiple of the page size). */
  readonly size: number;
  readonly bytes: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
  /** Permissions of each page of the window ({@link PAGE_R} | {@link PAGE_W} | {@link PAGE_X}). */
  readonly pages: Uint8Array;
  /** True when every page of the window is mapped, so a bounds check on the window is enough for loads. */
  readonly allMapped: boolean;
  /** When the writable pages form one run: its start and length as window offsets; otherwise `wLen = -1`. */
  readonly wLo: number;
  readonly wLen: number;

  /**
   * Lays out the image's segments.
   * @throws VmError('memory-limit') when the window spanning the segments exceeds `memoryLimit`
   */
  constructor(image: ElfImage, memoryLimit = DEFAULT_MEMORY_LIMIT) {
    const segs = image.segments;
    const lo = Math.floor(segs[0]!.vaddr / PAGE_SIZE) * PAGE_SIZE;
    const last = segs[segs.length - 1]!;
    const hi = Math.min(2 ** 32, Math.ceil((last.vaddr + last.memsz) / PAGE_SIZE) * PAGE_SIZE);
    if (hi - lo > memoryLimit)
      throw new VmError(
        'memory-limit',
        image.entry,
        `program needs ${hi - lo} bytes of memory ([${hex32(lo)}, ${hex32(hi)})), more than the limit of ${memoryLimit}`,
      );
    this.base = lo;
    this.size = hi - lo;
    const buf = new ArrayBuffer(this.size);
    this.bytes = new Uint8Array(buf);
    this.i8 = new Int8Array(buf);
    this.u16 = new Uint16Array(buf);
    this.i16 = new Int16Array(buf);
    this.i32 = new Int32Array(buf);
    this.pages = new Uint8Array(this.size / PAGE_SIZE);
    for (const s of segs) {
      this.bytes.set(s.data, s.vaddr - lo);
      const p0 = Math.floor((s.vaddr - lo) / PAGE_SIZE);
      const p1 = Math.ceil((s.vaddr + s.memsz - lo) / PAGE_SIZE);
      const bits = PAGE_R | (s.flags & PF_W ? PAGE_W : 0) | (s.flags & PF_X ? PAGE_X : 0);
      for (let p = p0; p < p1; p++) this.pages[p]! |= bits;
    }
    let mapped = true;
    let wFirst = -1;
    let wLast = -1;
    let wRuns = 0;
    for (let p = 0; p < this.pages.length; p++) {
      const perm = this.pages[p]!;
      if (perm === 0) mapped = false;
      if (this.isWritablePage(p)) {
        if (wLast !== p - 1) wRuns++;
        if (wFirst < 0) wFirst = p;
        wLast = p;
      }
    }
    this.allMapped = mapped;
    if (wRuns <= 1) {
      this.wLo = wFirst < 0 ? 0 : wFirst * PAGE_SIZE;
      this.wLen = wFirst < 0 ? 0 : (wLast + 1 - wFirst) * PAGE_SIZE;
    } else {
      this.wLo = 0;
      this.wLen = -1;
    }
  }

  /** Whether page `p` accepts stores: writable and holding no code. */
  isWritablePage(p: number): boolean {
    return (this.pages[p]! & (PAGE_W | PAGE_X)) === PAGE_W;
  }

  /** Window offset of `addr` if `len` bytes there are readable, else -1. */
  readableOffset(addr: number, len: number): number {
    const off = (addr - this.base) >>> 0;
    if (len === 0) return off;
    if (off >= this.size || len > this.size - off) return -1;
    for (let p = Math.floor(off / PAGE_SIZE); p <= Math.floor((off + len - 1) / PAGE_SIZE); p++)
      if (this.pages[p] === 0) return -1;
    return off;
  }

  /** Window offset of `addr` if `len` bytes there are writable, else -1. */
  writableOffset(addr: number, len: number): number {
    const off = (addr - this.base) >>> 0;
    if (len === 0) return off;
    if (off >= this.size || len > this.size - off) return -1;
    for (let p = Math.floor(off / PAGE_SIZE); p <= Math.floor((off + len - 1) / PAGE_SIZE); p++)
      if (!this.isWritablePage(p)) return -1;
    return off;
  }

  /**
   * Builds the error for a failed access of `size` bytes at `addr` by the instruction at `pc`.
   * Misalignment is reported first, then an unmapped address, then a store into code or a read-only page.
   */
  accessError(kind: 'load' | 'store', addr: number, size: number, pc: number, cycles: number, what: string): VmError {
    const a = addr >>> 0;
    const where = `${kind} of ${size} byte${size > 1 ? 's' : ''} at ${hex32(a)} by \`${what}\` at pc ${hex32(pc)}`;
    if (a % size !== 0) return new VmError('misaligned', pc, `misaligned ${where}`, cycles);
    const off = (a - this.base) >>> 0;
    const page = off < this.size ? this.pages[Math.floor(off / PAGE_SIZE)]! : 0;
    if (page === 0) return new VmError('out-of-bounds', pc, `out-of-bounds ${where} (no segment maps it)`, cycles);
    if (page & PAGE_X) return new VmError('write-to-text', pc, `${where} hits the text segment (code is read-only)`, cycles);
    return new VmError('out-of-bounds', pc, `${where} hits a read-only segment`, cycles);
  }
}
