/**
 * Function symbols of an ELF file (`.symtab` + its `.strtab`), for the profiler: which function holds an
 * address. {@link parseElf} ignores sections (a program runs from its segments alone); this reader sits beside
 * it and never throws: a stripped, truncated or garbled symbol table gives fewer symbols and a `problem` that
 * says why, so callers fall back to showing addresses.
 * @module
 */

/** One code symbol: a function (or a label in an executable section), `[address, end)`. */
export interface CodeSymbol {
  /** The name as stored (mangled). */
  readonly name: string;
  /** First address (`st_value`). */
  readonly address: number;
  /** Exclusive end: `address + st_size`, or the next symbol's address when the size is 0. */
  readonly end: number;
}

/** What {@link readCodeSymbols} found. */
export interface SymbolTable {
  /** Code symbols sorted by address, at most one per address, ranges not overlapping. */
  readonly symbols: readonly CodeSymbol[];
  /** Why there are no (or fewer) symbols: `undefined` when the table was read whole. */
  readonly problem?: string;
}

const SHT_SYMTAB = 2;
const SHT_NOBITS = 8;
const SHF_EXECINSTR = 4;
const SHDR_SIZE = 40;
const SYM_SIZE = 16;
const STT_NOTYPE = 0;
const STT_FUNC = 2;
const STB_GLOBAL = 1;
const STB_WEAK = 2;
/** More sections or symbols than any guest has; bounds the work done on hostile input. */
const MAX_SECTIONS = 1 << 16;
const MAX_SYMBOLS = 1 << 20;

interface Raw {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  readonly func: boolean;
  readonly rank: number;
}

/**
 * Reads the code symbols of an ELF32 little-endian file: `STT_FUNC` symbols, and `STT_NOTYPE` labels in
 * executable sections where no function covers them (hand-written assembly rarely types its labels).
 * Mapping symbols (`$x`, `$d`) and local labels (`.L…`) are skipped. Where several names share an address the
 * global one wins, then the one with fewer leading underscores, then the shorter (`free` over
 * `__malloc_free`), so the choice is stable.
 * @param bytes the whole ELF file
 */
export function readCodeSymbols(bytes: Uint8Array): SymbolTable {
  const none = (problem: string): SymbolTable => Object.freeze({ symbols: Object.freeze([]), problem });
  if (!(bytes instanceof Uint8Array) || bytes.length < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46)
    return none('not an ELF file');
  if (bytes[4] !== 1 || bytes[5] !== 1) return none('not an ELF32 little-endian file');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => dv.getUint16(o, true);
  const u32 = (o: number) => dv.getUint32(o, true);
  const shoff = u32(32);
  const shentsize = u16(46);
  const shnum = u16(48);
  if (shoff === 0 || shnum === 0) return none('no section headers (stripped)');
  if (shentsize !== SHDR_SIZE) return none(`bad section header size ${shentsize}`);
  if (shnum > MAX_SECTIONS || shoff + shnum * SHDR_SIZE > bytes.length) return none('section headers extend past the end of the file');
  const sh = (i: number, field: number) => u32(shoff + i * SHDR_SIZE + field);
  const inFile = (off: number, size: number) => off <= bytes.length && size <= bytes.length - off;

  let symtab = -1;
  for (let i = 0; i < shnum; i++) if (sh(i, 4) === SHT_SYMTAB) symtab = i;
  if (symtab < 0) return none('no symbol table (stripped)');
  const symOff = sh(symtab, 16);
  const symSize = sh(symtab, 20);
  const strIdx = sh(symtab, 24);
  if (!inFile(symOff, symSize) || sh(symtab, 36) !== SYM_SIZE) return none('symbol table is malformed or truncated');
  if (strIdx >= shnum || sh(strIdx, 4) === SHT_NOBITS) return none('symbol table has no string table');
  const strOff = sh(strIdx, 16);
  const strSize = sh(strIdx, 20);
  if (!inFile(strOff, strSize)) return none('string table extends past the end of the file');
  const execSection = (ndx: number) => ndx > 0 && ndx < shnum && (sh(ndx, 8) & SHF_EXECINSTR) !== 0;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const nameAt = (off: number): string => {
    if (off >= strSize) return '';
    let e = strOff + off;
    const lim = strOff + strSize;
    while (e < lim && bytes[e] !== 0) e++;
    return decoder.decode(bytes.subarray(strOff + off, e));
  };

  const count = Math.min(Math.floor(symSize / SYM_SIZE), MAX_SYMBOLS);
  const raw: Raw[] = [];
  for (let i = 1; i < count; i++) {
    const o = symOff + i * SYM_SIZE;
    const info = bytes[o + 12]!;
    const type = info & 15;
    const bind = info >> 4;
    const ndx = u16(o + 14);
    if (type !== STT_FUNC && type !== STT_NOTYPE) continue;
    if (!execSection(ndx)) continue;
    const name = nameAt(u32(o));
    if (name === '' || name.startsWith('$') || name.startsWith('.L')) continue;
    raw.push({ name, address: u32(o + 4), size: u32(o + 8), func: type === STT_FUNC, rank: bind === STB_GLOBAL ? 0 : bind === STB_WEAK ? 1 : 2 });
  }
  return Object.freeze({ symbols: Object.freeze(layOut(raw)), ...(count * SYM_SIZE < symSize ? { problem: 'symbol table truncated' } : {}) });
}

/** Leading underscores of a name: `__malloc_free` 2, `free` 0. */
const underscores = (s: string) => /^_*/.exec(s)![0].length;

/** Sorted, deduplicated, non-overlapping ranges: functions first, then labels in the gaps they leave. */
function layOut(raw: readonly Raw[]): CodeSymbol[] {
  const better = (a: Raw, b: Raw) =>
    a.rank - b.rank || underscores(a.name) - underscores(b.name) || a.name.length - b.name.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const byAddress = (list: readonly Raw[]) => {
    const best = new Map<number, Raw>();
    for (const r of list) {
      const cur = best.get(r.address);
      const win = cur === undefined || better(r, cur) < 0 ? r : cur;
      best.set(r.address, { ...win, size: Math.max(r.size, cur?.size ?? 0) });
    }
    return [...best.values()].sort((a, b) => a.address - b.address);
  };
  const funcs = byAddress(raw.filter((r) => r.func));
  const covered = (a: number) => {
    // Last function starting at or before `a`; a label inside a sized function does not split it.
    let lo = 0;
    let hi = funcs.length - 1;
    let k = -1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      if (funcs[m]!.address <= a) (k = m), (lo = m + 1);
      else hi = m - 1;
    }
    return k >= 0 && (funcs[k]!.address === a || a < funcs[k]!.address + funcs[k]!.size);
  };
  const labels = byAddress(raw.filter((r) => !r.func && !covered(r.address)));
  const all = [...funcs, ...labels].sort((a, b) => a.address - b.address);
  return all.map((r, i) => {
    const next = i + 1 < all.length ? all[i + 1]!.address : 2 ** 32;
    // A size running into the next symbol is cut there, so every address has one owner.
    const end = r.size > 0 ? Math.min(r.address + r.size, next) : next;
    return Object.freeze({ name: r.name, address: r.address, end });
  });
}

/**
 * The symbol holding `address`, by binary search over {@link SymbolTable.symbols}; `undefined` in a gap.
 * Zero-size symbols reach up to the next symbol, so the last one reaches the end of the address space:
 * callers bound lookups to the program's code.
 */
export function symbolAt(symbols: readonly CodeSymbol[], address: number): CodeSymbol | undefined {
  let lo = 0;
  let hi = symbols.length - 1;
  while (lo <= hi) {
    const m = (lo + hi) >> 1;
    const s = symbols[m]!;
    if (address < s.address) hi = m - 1;
    else if (address >= s.end) lo = m + 1;
    else return s;
  }
  return undefined;
}
