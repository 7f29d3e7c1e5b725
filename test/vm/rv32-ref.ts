/**
 * Reference semantics for the ISA tests, written from the RISC-V unprivileged spec independently of the
 * executor: the M extension with BigInt (so it shares no trick with the executor's float/16-bit-split code),
 * everything else with plain 32-bit JavaScript arithmetic. Also a tiny model machine for straight-line
 * programs (ALU, M, loads/stores, forward skips) used by the differential property test.
 * Values are int32 numbers (`x | 0`).
 * @module
 */

const I32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
const S = (v: number): bigint => BigInt(v | 0);
const U = (v: number): bigint => BigInt(v >>> 0);

/** Register-register ops (RV32I OP and M). */
export const R_OPS = [
  'add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and',
  'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu',
] as const;
/** Register-immediate ops (RV32I OP-IMM). */
export const I_OPS = ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi', 'slli', 'srli', 'srai'] as const;
/** Conditional branches. */
export const B_OPS = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'] as const;

export type ROp = (typeof R_OPS)[number];
export type IOp = (typeof I_OPS)[number];
export type BOp = (typeof B_OPS)[number];

/** rs1 OP rs2 for a register-register op. */
export function refR(op: ROp, a: number, b: number): number {
  a |= 0;
  b |= 0;
  const sh = b & 31;
  switch (op) {
    case 'add': return (a + b) | 0;
    case 'sub': return (a - b) | 0;
    case 'sll': return I32(S(a) << BigInt(sh));
    case 'slt': return a < b ? 1 : 0;
    case 'sltu': return a >>> 0 < b >>> 0 ? 1 : 0;
    case 'xor': return a ^ b;
    case 'srl': return I32(U(a) >> BigInt(sh));
    case 'sra': return I32(S(a) >> BigInt(sh));
    case 'or': return a | b;
    case 'and': return a & b;
    case 'mul': return I32(S(a) * S(b));
    case 'mulh': return I32((S(a) * S(b)) >> 32n);
    case 'mulhsu': return I32((S(a) * U(b)) >> 32n);
    case 'mulhu': return I32((U(a) * U(b)) >> 32n);
    // BigInt division truncates toward zero, as RISC-V does; the special cases are the spec's table 7.1.
    case 'div': return b === 0 ? -1 : a === -0x80000000 && b === -1 ? a : I32(S(a) / S(b));
    case 'divu': return b === 0 ? -1 : I32(U(a) / U(b));
    case 'rem': return b === 0 ? a : a === -0x80000000 && b === -1 ? 0 : I32(S(a) % S(b));
    case 'remu': return b === 0 ? a : I32(U(a) % U(b));
  }
}

/** rs1 OP imm for a register-immediate op (`imm` is the 12-bit signed immediate, or the shift amount). */
export function refI(op: IOp, a: number, imm: number): number {
  switch (op) {
    case 'addi': return refR('add', a, imm);
    case 'slti': return refR('slt', a, imm);
    case 'sltiu': return refR('sltu', a, imm); // the immediate is sign-extended, then compared unsigned
    case 'xori': return refR('xor', a, imm);
    case 'ori': return refR('or', a, imm);
    case 'andi': return refR('and', a, imm);
    case 'slli': return refR('sll', a, imm);
    case 'srli': return refR('srl', a, imm);
    case 'srai': return refR('sra', a, imm);
  }
}

/** Whether a branch is taken. */
export function refB(op: BOp, a: number, b: number): boolean {
  const sa = S(a), sb = S(b), ua = U(a), ub = U(b);
  switch (op) {
    case 'beq': return sa === sb;
    case 'bne': return sa !== sb;
    case 'blt': return sa < sb;
    case 'bge': return sa >= sb;
    case 'bltu': return ua < ub;
    case 'bgeu': return ua >= ub;
  }
}

/** One instruction of a straight-line test program, in a form both the model and the assembler take. */
export type ModelInst =
  | { readonly k: 'r'; readonly op: ROp; readonly rd: number; readonly rs1: number; readonly rs2: number }
  | { readonly k: 'i'; readonly op: IOp; readonly rd: number; readonly rs1: number; readonly imm: number }
  | { readonly k: 'lui'; readonly rd: number; readonly imm20: number }
  | { readonly k: 'load'; readonly op: 'lb' | 'lh' | 'lw' | 'lbu' | 'lhu'; readonly rd: number; readonly off: number }
  | { readonly k: 'store'; readonly op: 'sb' | 'sh' | 'sw'; readonly rs2: number; readonly off: number }
  | { readonly k: 'skip'; readonly op: BOp; readonly rs1: number; readonly rs2: number };

/** The register every load/store of a model program uses as its base (never written by the program). */
export const MODEL_BASE_REG = 31;

/** Assembly text of a model instruction (memory ops address `off(x31)`; a skip jumps over the next instruction). */
export function modelAsm(i: ModelInst): string {
  switch (i.k) {
    case 'r': return `${i.op} x${i.rd}, x${i.rs1}, x${i.rs2}`;
    case 'i': return `${i.op} x${i.rd}, x${i.rs1}, ${i.imm}`;
    case 'lui': return `lui x${i.rd}, ${i.imm20}`;
    case 'load': return `${i.op} x${i.rd}, ${i.off}(x${MODEL_BASE_REG})`;
    case 'store': return `${i.op} x${i.rs2}, ${i.off}(x${MODEL_BASE_REG})`;
    case 'skip': return `${i.op} x${i.rs1}, x${i.rs2}, .+8`;
  }
}

/**
 * Runs a model program on registers `regs` (x0..x31; x31 holds the base address, unused here) and memory `mem`
 * (the bytes at the base). Mutates both; returns the number of instructions retired.
 */
export function modelRun(prog: readonly ModelInst[], regs: Int32Array, mem: Uint8Array): number {
  const dv = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
  const set = (rd: number, v: number): void => {
    if (rd !== 0) regs[rd] = v;
  };
  let cycles = 0;
  for (let pc = 0; pc < prog.length; pc++) {
    const i = prog[pc]!;
    cycles++;
    switch (i.k) {
      case 'r': set(i.rd, refR(i.op, regs[i.rs1]!, regs[i.rs2]!)); break;
      case 'i': set(i.rd, refI(i.op, regs[i.rs1]!, i.imm)); break;
      case 'lui': set(i.rd, i.imm20 << 12); break;
      case 'load': {
        const v =
          i.op === 'lb' ? dv.getInt8(i.off) : i.op === 'lbu' ? dv.getUint8(i.off) : i.op === 'lh' ? dv.getInt16(i.off, true) :
          i.op === 'lhu' ? dv.getUint16(i.off, true) : dv.getInt32(i.off, true);
        set(i.rd, v);
        break;
      }
      case 'store': {
        const v = regs[i.rs2]!;
        if (i.op === 'sb') dv.setUint8(i.off, v & 0xff);
        else if (i.op === 'sh') dv.setUint16(i.off, v & 0xffff, true);
        else dv.setInt32(i.off, v, true);
        break;
      }
      case 'skip':
        if (refB(i.op, regs[i.rs1]!, regs[i.rs2]!)) pc++;
        break;
    }
  }
  return cycles;
}
