/**
 * A small RV32IM assembler for tests.
 *
 * Two layers:
 * - per-format encoders ({@link rType} … {@link jType}) and {@link encode}, which turns one real instruction
 *   (mnemonic + numeric operands) into its 32-bit word, checking every field's range;
 * - {@link assemble}, a two-pass text assembler with labels (forward and backward), a handful of
 *   pseudo-instructions (`li`, `mv`, `nop`, `j`, `ret`, `beqz`, …) and `.word`, and {@link program}, which wraps the
 *   result into an `ElfImage` with a text and a data segment so tests can hand it straight to the executor.
 *
 * Syntax follows GNU as closely enough that the same source assembles identically with
 * `riscv64-unknown-elf-as -march=rv32im -mno-relax` (checked in `test/vm/toolchain.test.ts`): registers by number
 * (`x5`) or ABI name (`t0`), immediates in decimal or `0x` hex (optionally negative), memory operands as `imm(reg)`,
 * `#` comments, `name:` labels, `;` as a statement separator. Branch and jump targets are label names or
 * pc-relative offsets written `.+8` / `.-4` (never absolute numbers, which GNU would treat as addresses).
 * @module
 */

import { PF_R, PF_W, PF_X, type ElfImage, type ElfSegment } from '../../src/vm/elf.js';

/** Base address of the text segment built by {@link program}. */
export const TEXT_BASE = 0x10000;
/** Default base address of the data segment built by {@link program}. */
export const DATA_BASE = 0x20000;
/** Default size in bytes of the data segment built by {@link program}. */
export const DATA_SIZE = 0x1000;
/** Segment permission bits, re-exported so tests build images from one import. */
export { PF_R, PF_W, PF_X };

/** Raised for any malformed assembly: unknown mnemonic or register, bad operand count, immediate out of range. */
export class AsmError extends Error {
  override readonly name = 'AsmError';
}

const ABI_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];
const REGS: ReadonlyMap<string, number> = new Map([
  ...ABI_NAMES.map((n, i) => [n, i] as const),
  ...Array.from({ length: 32 }, (_, i) => [`x${i}`, i] as const),
  ['fp', 8],
]);

/** Register number for a name (`x7`, `t2`, `fp` …); throws {@link AsmError} for anything else. */
export function reg(name: string): number {
  const r = REGS.get(name.trim().toLowerCase());
  if (r === undefined) throw new AsmError(`unknown register '${name}'`);
  return r;
}

function checkReg(r: number): number {
  if (!Number.isInteger(r) || r < 0 || r > 31) throw new AsmError(`register number ${r} out of range`);
  return r;
}

/** Checks that `v` fits a signed immediate of `bits` bits (and is a multiple of `align`); returns it. */
function signed(v: number, bits: number, what: string, align = 1): number {
  const lim = 2 ** (bits - 1);
  if (!Number.isInteger(v) || v < -lim || v >= lim) throw new AsmError(`${what} ${v} out of range [${-lim}, ${lim})`);
  if (v % align !== 0) throw new AsmError(`${what} ${v} is not a multiple of ${align}`);
  return v;
}

function unsigned(v: number, bits: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v >= 2 ** bits) throw new AsmError(`${what} ${v} out of range [0, ${2 ** bits})`);
  return v;
}

/** R-type: `funct7 | rs2 | rs1 | funct3 | rd | opcode`. */
export function rType(opcode: number, funct3: number, funct7: number, rd: number, rs1: number, rs2: number): number {
  return (
    ((funct7 << 25) | (checkReg(rs2) << 20) | (checkReg(rs1) << 15) | (funct3 << 12) | (checkReg(rd) << 7) | opcode) >>> 0
  );
}

/** I-type: 12-bit signed immediate in bits 31..20. */
export function iType(opcode: number, funct3: number, rd: number, rs1: number, imm: number): number {
  signed(imm, 12, 'I-immediate');
  return (((imm & 0xfff) << 20) | (checkReg(rs1) << 15) | (funct3 << 12) | (checkReg(rd) << 7) | opcode) >>> 0;
}

/** S-type: 12-bit signed immediate split into bits 31..25 and 11..7. */
export function sType(opcode: number, funct3: number, rs1: number, rs2: number, imm: number): number {
  signed(imm, 12, 'S-immediate');
  return (
    ((((imm >> 5) & 0x7f) << 25) |
      (checkReg(rs2) << 20) |
      (checkReg(rs1) << 15) |
      (funct3 << 12) |
      ((imm & 0x1f) << 7) |
      opcode) >>>
    0
  );
}

/** B-type: 13-bit signed even offset, bits scattered as imm[12|10:5] … imm[4:1|11]. */
export function bType(opcode: number, funct3: number, rs1: number, rs2: number, offset: number): number {
  signed(offset, 13, 'branch offset', 2);
  return (
    ((((offset >> 12) & 1) << 31) |
      (((offset >> 5) & 0x3f) << 25) |
      (checkReg(rs2) << 20) |
      (checkReg(rs1) << 15) |
      (funct3 << 12) |
      (((offset >> 1) & 0xf) << 8) |
      (((offset >> 11) & 1) << 7) |
      opcode) >>>
    0
  );
}

/** U-type: `imm20` is the 20-bit upper immediate (as written in `lui rd, imm20`). */
export function uType(opcode: number, rd: number, imm20: number): number {
  unsigned(imm20, 20, 'U-immediate');
  return ((imm20 << 12) | (checkReg(rd) << 7) | opcode) >>> 0;
}

/** J-type: 21-bit signed even offset, bits scattered as imm[20|10:1|11|19:12]. */
export function jType(opcode: number, rd: number, offset: number): number {
  signed(offset, 21, 'jump offset', 2);
  return (
    ((((offset >> 20) & 1) << 31) |
      (((offset >> 1) & 0x3ff) << 21) |
      (((offset >> 11) & 1) << 20) |
      (((offset >> 12) & 0xff) << 12) |
      (checkReg(rd) << 7) |
      opcode) >>>
    0
  );
}

type Format = 'R' | 'I' | 'Ishift' | 'Iload' | 'S' | 'B' | 'U' | 'J' | 'JALR' | 'SYS';
interface Spec {
  readonly f: Format;
  readonly op: number;
  readonly f3: number;
  readonly f7: number;
}
const s = (f: Format, op: number, f3 = 0, f7 = 0): Spec => ({ f, op, f3, f7 });

/** Every RV32IM instruction: format, opcode, funct3 and funct7 (for SYS, the whole word). */
const SPECS: ReadonlyMap<string, Spec> = new Map<string, Spec>([
  ['lui', s('U', 0x37)],
  ['auipc', s('U', 0x17)],
  ['jal', s('J', 0x6f)],
  ['jalr', s('JALR', 0x67)],
  ['beq', s('B', 0x63, 0)],
  ['bne', s('B', 0x63, 1)],
  ['blt', s('B', 0x63, 4)],
  ['bge', s('B', 0x63, 5)],
  ['bltu', s('B', 0x63, 6)],
  ['bgeu', s('B', 0x63, 7)],
  ['lb', s('Iload', 0x03, 0)],
  ['lh', s('Iload', 0x03, 1)],
  ['lw', s('Iload', 0x03, 2)],
  ['lbu', s('Iload', 0x03, 4)],
  ['lhu', s('Iload', 0x03, 5)],
  ['sb', s('S', 0x23, 0)],
  ['sh', s('S', 0x23, 1)],
  ['sw', s('S', 0x23, 2)],
  ['addi', s('I', 0x13, 0)],
  ['slti', s('I', 0x13, 2)],
  ['sltiu', s('I', 0x13, 3)],
  ['xori', s('I', 0x13, 4)],
  ['ori', s('I', 0x13, 6)],
  ['andi', s('I', 0x13, 7)],
  ['slli', s('Ishift', 0x13, 1, 0x00)],
  ['srli', s('Ishift', 0x13, 5, 0x00)],
  ['srai', s('Ishift', 0x13, 5, 0x20)],
  ['add', s('R', 0x33, 0, 0x00)],
  ['sub', s('R', 0x33, 0, 0x20)],
  ['sll', s('R', 0x33, 1, 0x00)],
  ['slt', s('R', 0x33, 2, 0x00)],
  ['sltu', s('R', 0x33, 3, 0x00)],
  ['xor', s('R', 0x33, 4, 0x00)],
  ['srl', s('R', 0x33, 5, 0x00)],
  ['sra', s('R', 0x33, 5, 0x20)],
  ['or', s('R', 0x33, 6, 0x00)],
  ['and', s('R', 0x33, 7, 0x00)],
  ['mul', s('R', 0x33, 0, 0x01)],
  ['mulh', s('R', 0x33, 1, 0x01)],
  ['mulhsu', s('R', 0x33, 2, 0x01)],
  ['mulhu', s('R', 0x33, 3, 0x01)],
  ['div', s('R', 0x33, 4, 0x01)],
  ['divu', s('R', 0x33, 5, 0x01)],
  ['rem', s('R', 0x33, 6, 0x01)],
  ['remu', s('R', 0x33, 7, 0x01)],
  // `fence` with GNU's default operands (iorw, iorw); `unimp` is GNU's rv32 encoding (csrrw x0, cycle, x0).
  ['fence', s('SYS', 0x0ff0000f)],
  ['ecall', s('SYS', 0x00000073)],
  ['ebreak', s('SYS', 0x00100073)],
  ['unimp', s('SYS', 0xc0001073)],
]);

/** Mnemonics of all real RV32IM instructions {@link encode} accepts. */
export const MNEMONICS: readonly string[] = Object.freeze([...SPECS.keys()]);

/**
 * Encodes one real instruction from numeric operands, in assembly order:
 * R `rd, rs1, rs2`; I/shift/load/JALR `rd, rs1, imm`; S `rs2, rs1, imm` (i.e. `sw rs2, imm(rs1)`);
 * B `rs1, rs2, offset`; U `rd, imm20`; J `rd, offset`; SYS none.
 */
export function encode(mnemonic: string, ...ops: number[]): number {
  const sp = SPECS.get(mnemonic);
  if (sp === undefined) throw new AsmError(`unknown instruction '${mnemonic}'`);
  const want = { R: 3, I: 3, Ishift: 3, Iload: 3, JALR: 3, S: 3, B: 3, U: 2, J: 2, SYS: 0 }[sp.f];
  if (ops.length !== want) throw new AsmError(`${mnemonic} takes ${want} operands, got ${ops.length}`);
  const [a = 0, b = 0, c = 0] = ops;
  switch (sp.f) {
    case 'R':
      return rType(sp.op, sp.f3, sp.f7, a, b, c);
    case 'I':
    case 'Iload':
      return iType(sp.op, sp.f3, a, b, c);
    case 'JALR':
      return iType(sp.op, 0, a, b, c);
    case 'Ishift':
      return rType(sp.op, sp.f3, sp.f7, a, b, unsigned(c, 5, 'shift amount'));
    case 'S':
      return sType(sp.op, sp.f3, b, a, c);
    case 'B':
      return bType(sp.op, sp.f3, a, b, c);
    case 'U':
      return uType(sp.op, a, b);
    case 'J':
      return jType(sp.op, a, b);
    case 'SYS':
      return sp.op >>> 0;
  }
}

/**
 * The `li rd, value` expansion GNU as uses on RV32: one `addi` when the value fits 12 signed bits, otherwise `lui`
 * with the upper part rounded so that the sign-extended low 12 bits added by `addi` land on the value (the "sign
 * fix": +0x800 before taking the upper 20 bits), the `addi` omitted when the low part is 0. Accepts any value in
 * [-2^31, 2^32) and wraps it to 32 bits.
 */
export function li(rd: number, value: number): number[] {
  if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 32) throw new AsmError(`li value ${value} out of range`);
  const v = value | 0;
  if (v >= -2048 && v < 2048) return [encode('addi', rd, 0, v)];
  const lo = (v << 20) >> 20;
  const hi = ((v - lo) >>> 12) & 0xfffff;
  return lo === 0 ? [encode('lui', rd, hi)] : [encode('lui', rd, hi), encode('addi', rd, rd, lo)];
}

/** Parses a number literal: decimal or 0x-hex, optional sign; throws {@link AsmError} otherwise. */
export function parseImm(text: string): number {
  const t = text.trim();
  const m = /^([+-]?)(0x[0-9a-f]+|0b[01]+|[0-9]+)$/i.exec(t);
  if (m === null) throw new AsmError(`bad immediate '${text}'`);
  const v = Number(m[2]);
  return m[1] === '-' ? -v : v;
}

/** Splits `imm(reg)` (imm optional, meaning 0) into its parts. */
function parseMem(text: string): { imm: number; rs: number } {
  const m = /^(.*)\(\s*([a-z0-9]+)\s*\)$/i.exec(text.trim());
  if (m === null) throw new AsmError(`bad memory operand '${text}' (expected imm(reg))`);
  return { imm: m[1]!.trim() === '' ? 0 : parseImm(m[1]!), rs: reg(m[2]!) };
}

interface Stmt {
  readonly line: number;
  readonly mn: string;
  readonly args: readonly string[];
  readonly addr: number;
  readonly size: number; // in words
}

const LABEL_RE = /^[A-Za-z_.$][\w.$]*$/;

/** Words a statement assembles to, knowable in pass 1 because `li` takes only literal values. */
function sizeOf(mn: string, args: readonly string[]): number {
  if (mn === 'li') return li(0, parseImm(args[1] ?? '0')).length;
  return 1;
}

/**
 * Assembles RV32IM source text into instruction words, the first at address `base` (default {@link TEXT_BASE}).
 * Throws {@link AsmError} naming the line for any error (unknown label, out-of-range offset, …).
 */
export function assemble(src: string, base = TEXT_BASE): Uint32Array {
  return assembleWithSymbols(src, base).words;
}

/** Like {@link assemble}, also returning the address of every label. */
export function assembleWithSymbols(src: string, base = TEXT_BASE): { words: Uint32Array; symbols: ReadonlyMap<string, number> } {
  const labels = new Map<string, number>();
  const stmts: Stmt[] = [];
  let addr = base;
  src.split('\n').forEach((raw, i) => {
    const line = i + 1;
    for (let part of raw.replace(/#.*$/, '').split(';')) {
      part = part.trim();
      // Labels (possibly several) at the start of the statement.
      for (let m = /^([A-Za-z_.$][\w.$]*)\s*:/.exec(part); m !== null; m = /^([A-Za-z_.$][\w.$]*)\s*:/.exec(part)) {
        if (labels.has(m[1]!)) throw new AsmError(`line ${line}: duplicate label '${m[1]}'`);
        labels.set(m[1]!, addr);
        part = part.slice(m[0].length).trim();
      }
      if (part === '') continue;
      const sp = /^(\S+)\s*(.*)$/.exec(part)!;
      const mn = sp[1]!.toLowerCase();
      const args = sp[2]!.trim() === '' ? [] : sp[2]!.split(',').map((a) => a.trim());
      try {
        const size = sizeOf(mn, args);
        stmts.push({ line, mn, args, addr, size });
        addr += 4 * size;
      } catch (e) {
        throw new AsmError(`line ${line}: ${(e as Error).message}`);
      }
    }
  });
  const out: number[] = [];
  for (const st of stmts) {
    try {
      const words = emit(st, labels);
      if (words.length !== st.size) throw new AsmError(`internal: size mismatch`);
      out.push(...words);
    } catch (e) {
      throw new AsmError(`line ${st.line} (${st.mn} ${st.args.join(', ')}): ${(e as Error).message}`);
    }
  }
  return { words: Uint32Array.from(out), symbols: labels };
}

/** Address of `label` in `src` assembled at {@link TEXT_BASE}; throws {@link AsmError} when it is not defined. */
export function addressOf(src: string, label: string): number {
  const a = assembleWithSymbols(src).symbols.get(label);
  if (a === undefined) throw new AsmError(`no label '${label}'`);
  return a;
}

/** Resolves a branch/jump target (label or `.±N`) to an offset from `pc`. */
function target(text: string, pc: number, labels: ReadonlyMap<string, number>): number {
  const t = text.trim();
  const rel = /^\.\s*([+-])\s*(\S+)$/.exec(t);
  if (rel !== null) return rel[1] === '-' ? -parseImm(rel[2]!) : parseImm(rel[2]!);
  if (t === '.') return 0;
  if (!LABEL_RE.test(t)) throw new AsmError(`bad target '${text}' (use a label or .+N)`);
  const a = labels.get(t);
  if (a === undefined) throw new AsmError(`unknown label '${t}'`);
  return a - pc;
}

function emit(st: Stmt, labels: ReadonlyMap<string, number>): number[] {
  const { mn, args, addr } = st;
  const n = (k: number): void => {
    if (args.length !== k) throw new AsmError(`expected ${k} operands, got ${args.length}`);
  };
  const r = (i: number): number => reg(args[i]!);
  const im = (i: number): number => parseImm(args[i]!);
  const tg = (i: number): number => target(args[i]!, addr, labels);
  switch (mn) {
    case '.word': {
      n(1);
      const v = im(0);
      if (v < -(2 ** 31) || v >= 2 ** 32) throw new AsmError(`.word value out of range`);
      return [v >>> 0];
    }
    case 'li':
      n(2);
      return li(r(0), im(1));
    case 'mv':
      n(2);
      return [encode('addi', r(0), r(1), 0)];
    case 'nop':
      n(0);
      return [encode('addi', 0, 0, 0)];
    case 'not':
      n(2);
      return [encode('xori', r(0), r(1), -1)];
    case 'neg':
      n(2);
      return [encode('sub', r(0), 0, r(1))];
    case 'seqz':
      n(2);
      return [encode('sltiu', r(0), r(1), 1)];
    case 'snez':
      n(2);
      return [encode('sltu', r(0), 0, r(1))];
    case 'j':
      n(1);
      return [encode('jal', 0, tg(0))];
    case 'jr':
      n(1);
      return [encode('jalr', 0, r(0), 0)];
    case 'ret':
      n(0);
      return [encode('jalr', 0, 1, 0)];
    case 'beqz':
    case 'bnez':
    case 'bltz':
    case 'bgez':
      n(2);
      return [encode({ beqz: 'beq', bnez: 'bne', bltz: 'blt', bgez: 'bge' }[mn], r(0), 0, tg(1))];
    case 'bgtz':
    case 'blez':
      n(2);
      return [encode(mn === 'bgtz' ? 'blt' : 'bge', 0, r(0), tg(1))];
    case 'bgt':
    case 'ble':
    case 'bgtu':
    case 'bleu':
      n(3);
      return [encode({ bgt: 'blt', ble: 'bge', bgtu: 'bltu', bleu: 'bgeu' }[mn], r(1), r(0), tg(2))];
  }
  const sp = SPECS.get(mn);
  if (sp === undefined) throw new AsmError(`unknown instruction '${mn}'`);
  switch (sp.f) {
    case 'R':
    case 'I':
    case 'Ishift':
      n(3);
      return [encode(mn, r(0), r(1), sp.f === 'R' ? r(2) : im(2))];
    case 'Iload':
    case 'S': {
      n(2);
      const m = parseMem(args[1]!);
      return [encode(mn, r(0), m.rs, m.imm)];
    }
    case 'JALR':
      // `jalr rs`, `jalr rd, imm(rs)` and `jalr rd, rs, imm` (all GNU forms).
      if (args.length === 1) return [encode(mn, 1, r(0), 0)];
      if (args.length === 2) {
        const m = parseMem(args[1]!);
        return [encode(mn, r(0), m.rs, m.imm)];
      }
      n(3);
      return [encode(mn, r(0), r(1), im(2))];
    case 'B':
      n(3);
      return [encode(mn, r(0), r(1), tg(2))];
    case 'U':
      n(2);
      return [encode(mn, r(0), im(1))];
    case 'J':
      if (args.length === 1) return [encode(mn, 1, tg(0))];
      n(2);
      return [encode(mn, r(0), tg(1))];
    case 'SYS':
      n(0);
      return [encode(mn)];
  }
}

/** Little-endian bytes of instruction words. */
export function wordsToBytes(words: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) dv.setUint32(i * 4, words[i]!, true);
  return out;
}

/** Options of {@link program}. */
export interface ProgramOptions {
  /** Initial contents of the start of the data segment. */
  readonly data?: Uint8Array;
  /** Base address of the data segment (default {@link DATA_BASE}). */
  readonly dataAddr?: number;
  /** Size of the data segment (default {@link DATA_SIZE}, at least `data.length`); 0 with no data omits it. */
  readonly dataSize?: number;
  /** Entry point (default the text base). */
  readonly entry?: number;
  /** Base address of the code (default {@link TEXT_BASE}). */
  readonly textAddr?: number;
}

/**
 * Builds an executable image: the code (source text or words) as a text segment at `textAddr` (default {@link TEXT_BASE}) with
 * PF_R|PF_X and exactly the code's size, plus a zero-filled PF_R|PF_W data segment (default 4 KiB at
 * {@link DATA_BASE}) whose start holds `data`.
 */
export function program(code: string | ArrayLike<number>, opts: ProgramOptions = {}): ElfImage {
  const text = opts.textAddr ?? TEXT_BASE;
  const words = typeof code === 'string' ? assemble(code, text) : code;
  const segments: ElfSegment[] = [
    Object.freeze({ vaddr: text, memsz: words.length * 4, data: wordsToBytes(words), flags: PF_R | PF_X }),
  ];
  const data = opts.data ?? new Uint8Array(0);
  const dataSize = Math.max(opts.dataSize ?? DATA_SIZE, data.length);
  if (dataSize > 0) {
    segments.push(Object.freeze({ vaddr: opts.dataAddr ?? DATA_BASE, memsz: dataSize, data, flags: PF_R | PF_W }));
  }
  return Object.freeze({ entry: opts.entry ?? text, segments: Object.freeze(segments) });
}
