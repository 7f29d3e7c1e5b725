/**
 * RV32IM instruction decoder. Each 32-bit word decodes to an opcode number and its operand fields; the
 * executor decodes a program's text once, before it runs, and never again (pre-decoding is what lets the
 * fast mode translate basic blocks into JavaScript).
 *
 * Everything that is not an RV32IM instruction — compressed encodings, CSR instructions, `fence.i`,
 * reserved funct fields, `unimp` — decodes to {@link Op.ILLEGAL}.
 * @module
 */

/** Opcode numbers. The order groups instruction families; the numbers are internal, not the ISA's. */
export const Op = Object.freeze({
  ILLEGAL: 0,
  LUI: 1, AUIPC: 2, JAL: 3, JALR: 4,
  BEQ: 5, BNE: 6, BLT: 7, BGE: 8, BLTU: 9, BGEU: 10,
  LB: 11, LH: 12, LW: 13, LBU: 14, LHU: 15,
  SB: 16, SH: 17, SW: 18,
  ADDI: 19, SLTI: 20, SLTIU: 21, XORI: 22, ORI: 23, ANDI: 24, SLLI: 25, SRLI: 26, SRAI: 27,
  ADD: 28, SUB: 29, SLL: 30, SLT: 31, SLTU: 32, XOR: 33, SRL: 34, SRA: 35, OR: 36, AND: 37,
  FENCE: 38, ECALL: 39, EBREAK: 40,
  MUL: 41, MULH: 42, MULHSU: 43, MULHU: 44, DIV: 45, DIVU: 46, REM: 47, REMU: 48,
} as const);

/** Number of opcode numbers (size of per-opcode tables). */
export const OP_COUNT = 49;

/** Lower-case mnemonic of each opcode number. */
export const OP_NAMES: readonly string[] = Object.freeze(
  Object.entries(Op)
    .sort((a, b) => a[1] - b[1])
    .map(([k]) => k.toLowerCase()),
);

/** A decoded instruction. `imm` is the sign-extended immediate (for LUI/AUIPC: already shifted left by 12). */
export interface Decoded {
  readonly op: number;
  readonly rd: number;
  readonly rs1: number;
  readonly rs2: number;
  readonly imm: number;
}

const ILLEGAL: Decoded = Object.freeze({ op: Op.ILLEGAL, rd: 0, rs1: 0, rs2: 0, imm: 0 });

const BRANCH = [Op.BEQ, Op.BNE, -1, -1, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU];
const LOAD = [Op.LB, Op.LH, Op.LW, -1, Op.LBU, Op.LHU, -1, -1];
const STORE = [Op.SB, Op.SH, Op.SW, -1, -1, -1, -1, -1];
const OP_IMM = [Op.ADDI, -2, Op.SLTI, Op.SLTIU, Op.XORI, -2, Op.ORI, Op.ANDI];
const OP_REG = [Op.ADD, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.OR, Op.AND];
const OP_MUL = [Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU];

/**
 * Decodes one instruction word.
 * @param word the instruction (any 32-bit integer; only the low 32 bits are used)
 */
export function decode(word: number): Decoded {
  const w = word | 0;
  if ((w & 3) !== 3) return ILLEGAL; // 16-bit (compressed) encodings
  const opcode = w & 0x7f;
  const rd = (w >>> 7) & 31;
  const f3 = (w >>> 12) & 7;
  const rs1 = (w >>> 15) & 31;
  const rs2 = (w >>> 20) & 31;
  const f7 = w >>> 25;
  const immI = w >> 20;
  const mk = (op: number, d: number, s1: number, s2: number, imm: number): Decoded =>
    op < 0 ? ILLEGAL : Object.freeze({ op, rd: d, rs1: s1, rs2: s2, imm: imm | 0 });
  switch (opcode) {
    case 0x37:
      return mk(Op.LUI, rd, 0, 0, w & 0xfffff000);
    case 0x17:
      return mk(Op.AUIPC, rd, 0, 0, w & 0xfffff000);
    case 0x6f: {
      const imm = ((w >> 31) << 20) | (((w >>> 12) & 0xff) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 0x3ff) << 1);
      return mk(Op.JAL, rd, 0, 0, imm);
    }
    case 0x67:
      return f3 === 0 ? mk(Op.JALR, rd, rs1, 0, immI) : ILLEGAL;
    case 0x63: {
      const imm = ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 0x3f) << 5) | (((w >>> 8) & 0xf) << 1);
      return mk(BRANCH[f3]!, 0, rs1, rs2, imm);
    }
    case 0x03:
      return mk(LOAD[f3]!, rd, rs1, 0, immI);
    case 0x23:
      return mk(STORE[f3]!, 0, rs1, rs2, ((w >> 25) << 5) | ((w >>> 7) & 31));
    case 0x13: {
      if (f3 === 1) return f7 === 0 ? mk(Op.SLLI, rd, rs1, 0, rs2) : ILLEGAL;
      if (f3 === 5) {
        if (f7 === 0) return mk(Op.SRLI, rd, rs1, 0, rs2);
        if (f7 === 0x20) return mk(Op.SRAI, rd, rs1, 0, rs2);
        return ILLEGAL;
      }
      return mk(OP_IMM[f3]!, rd, rs1, 0, immI);
    }
    case 0x33: {
      if (f7 === 0) return mk(OP_REG[f3]!, rd, rs1, rs2, 0);
      if (f7 === 1) return mk(OP_MUL[f3]!, rd, rs1, rs2, 0);
      if (f7 === 0x20) {
        if (f3 === 0) return mk(Op.SUB, rd, rs1, rs2, 0);
        if (f3 === 5) return mk(Op.SRA, rd, rs1, rs2, 0);
      }
      return ILLEGAL;
    }
    case 0x0f:
      // FENCE orders memory for other harts and devices; a single-hart VM has neither, so it is a no-op.
      // FENCE.I (funct3 = 1) belongs to Zifencei, which this machine does not implement (its code is fixed).
      return f3 === 0 ? mk(Op.FENCE, 0, 0, 0, 0) : ILLEGAL;
    case 0x73:
      if (w === 0x00000073) return mk(Op.ECALL, 0, 0, 0, 0);
      if (w === 0x00100073) return mk(Op.EBREAK, 0, 0, 0, 0);
      return ILLEGAL; // CSR instructions (including `unimp` = csrrw x0, cycle, x0) are not RV32IM
    default:
      return ILLEGAL;
  }
}

/** Short disassembly of a decoded instruction, for error messages and the instruction mix. */
export function disassemble(d: Decoded, pc = 0): string {
  const name = OP_NAMES[d.op]!;
  const x = (r: number) => `x${r}`;
  const o = Op;
  switch (d.op) {
    case o.ILLEGAL: return 'illegal instruction';
    case o.LUI: case o.AUIPC: return `${name} ${x(d.rd)}, 0x${(d.imm >>> 12).toString(16)}`;
    case o.JAL: return `${name} ${x(d.rd)}, 0x${((pc + d.imm) >>> 0).toString(16)}`;
    case o.JALR: return `${name} ${x(d.rd)}, ${d.imm}(${x(d.rs1)})`;
    case o.FENCE: case o.ECALL: case o.EBREAK: return name;
  }
  if (d.op >= o.BEQ && d.op <= o.BGEU) return `${name} ${x(d.rs1)}, ${x(d.rs2)}, 0x${((pc + d.imm) >>> 0).toString(16)}`;
  if (d.op >= o.LB && d.op <= o.LHU) return `${name} ${x(d.rd)}, ${d.imm}(${x(d.rs1)})`;
  if (d.op >= o.SB && d.op <= o.SW) return `${name} ${x(d.rs2)}, ${d.imm}(${x(d.rs1)})`;
  if (d.op >= o.ADDI && d.op <= o.SRAI) return `${name} ${x(d.rd)}, ${x(d.rs1)}, ${d.imm}`;
  return `${name} ${x(d.rd)}, ${x(d.rs1)}, ${x(d.rs2)}`;
}
