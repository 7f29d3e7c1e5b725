/**
 * The reference interpreter: one `switch` per instruction over the pre-decoded text. It is the executable
 * specification the block translator is tested against, and it finishes runs whose remaining cycle budget
 * is smaller than the next block (so a cycle-limit error names the exact instruction).
 * @module
 */
import { mulh, mulhsu, mulhu, div, divu, rem, remu } from './alu.js';
import { Op, disassemble, decode } from './decoder.js';
import { VmError, hex32 } from './errors.js';
import { OP_NOEXEC } from './program.js';
import type { CpuState } from './state.js';
import { TRACE_CHUNK_ROWS } from './trace.js';

/** Error for fetching at `pc`, which holds no executable RV32IM instruction. */
export function fetchError(s: CpuState, pc: number): VmError {
  const t = s.text;
  const i = (pc - t.codeBase) >>> 2;
  if (i >= t.count || t.op[i] === OP_NOEXEC)
    return new VmError('illegal-instruction', pc, `instruction fetch from ${hex32(pc)}, which is outside the text segment`, s.cycles);
  const word = t.word[i]!;
  if (t.op[i] === Op.EBREAK) return new VmError('ebreak', pc, `ebreak at pc ${hex32(pc)}`, s.cycles);
  const what =
    word === 0xc0001073
      ? 'unimp (often a Rust panic or unreachable code)'
      : (word & 0x707f) === 0x100f
        ? 'fence.i (Zifencei is not supported: code is decoded once and cannot be modified)'
        : `illegal instruction ${hex32(word)}`;
  return new VmError('illegal-instruction', pc, `${what} at pc ${hex32(pc)}`, s.cycles);
}

/** Error for a jump or taken branch at `pc` to the misaligned `target`, after `cycles` retired instructions. */
export function misalignedJump(s: CpuState, pc: number, target: number, cycles = s.cycles): VmError {
  return new VmError('misaligned', pc, `jump to misaligned address ${hex32(target)} by \`${describe(s, pc)}\` at pc ${hex32(pc)}`, cycles);
}

/** Disassembly of the instruction at `pc`, for error messages. */
export function describe(s: CpuState, pc: number): string {
  return disassemble(decode(s.text.word[(pc - s.text.codeBase) >>> 2]!), pc);
}

/**
 * Runs until the guest exits or `limit` cycles have been retired in total.
 * @returns true when the guest exited, false when `limit` was reached first
 * @throws VmError on any guest fault
 */
export function interpret(s: CpuState, limit: number): boolean {
  const { R, mem, text, io, trace, opCounts } = s;
  const { op: OPS, rd: RD, rs1: RS1, rs2: RS2, imm: IMM, codeBase, count } = text;
  const base = mem.base;
  const size = mem.size;
  const pages = mem.pages;
  const U8 = mem.bytes, I8 = mem.i8, U16 = mem.u16, I16 = mem.i16, I32 = mem.i32;
  let pc = s.pc;
  while (s.cycles < limit) {
    const i = (pc - codeBase) >>> 2;
    const op = i < count ? OPS[i]! : OP_NOEXEC;
    const rd = RD[i]!, r1 = RS1[i]!, r2 = RS2[i]!, imm = IMM[i]!;
    const a = R[r1]!;
    const b = R[r2]!;
    let next = (pc + 4) >>> 0;
    let v = 0; // value written to rd
    let addr = 0; // memory address accessed
    let writes = true;
    switch (op) {
      case Op.LUI: v = imm; break;
      case Op.AUIPC: v = (pc + imm) | 0; break;
      case Op.JAL: {
        const t = (pc + imm) >>> 0;
        if (t & 3) throw misalignedJump(s, pc, t);
        v = (pc + 4) | 0;
        next = t;
        break;
      }
      case Op.JALR: {
        const t = ((a + imm) & ~1) >>> 0;
        if (t & 3) throw misalignedJump(s, pc, t);
        v = (pc + 4) | 0;
        next = t;
        break;
      }
      case Op.BEQ: case Op.BNE: case Op.BLT: case Op.BGE: case Op.BLTU: case Op.BGEU: {
        writes = false;
        const taken =
          op === Op.BEQ ? a === b : op === Op.BNE ? a !== b : op === Op.BLT ? a < b :
          op === Op.BGE ? a >= b : op === Op.BLTU ? a >>> 0 < b >>> 0 : a >>> 0 >= b >>> 0;
        if (taken) {
          const t = (pc + imm) >>> 0;
          if (t & 3) throw misalignedJump(s, pc, t);
          next = t;
        }
        break;
      }
      case Op.LB: case Op.LH: case Op.LW: case Op.LBU: case Op.LHU: {
        addr = (a + imm) >>> 0;
        const sz = op === Op.LW ? 4 : op === Op.LH || op === Op.LHU ? 2 : 1;
        const o = (addr - base) >>> 0;
        if (o >= size || (addr & (sz - 1)) !== 0 || pages[o >>> 12] === 0)
          throw mem.accessError('load', addr, sz, pc, s.cycles, describe(s, pc));
        v = op === Op.LW ? I32[o >>> 2]! : op === Op.LH ? I16[o >>> 1]! : op === Op.LHU ? U16[o >>> 1]! : op === Op.LB ? I8[o]! : U8[o]!;
        break;
      }
      case Op.SB: case Op.SH: case Op.SW: {
        writes = false;
        addr = (a + imm) >>> 0;
        const sz = op === Op.SW ? 4 : op === Op.SH ? 2 : 1;
        const o = (addr - base) >>> 0;
        if (o >= size || (addr & (sz - 1)) !== 0 || !mem.isWritablePage(o >>> 12))
          throw mem.accessError('store', addr, sz, pc, s.cycles, describe(s, pc));
        if (op === Op.SW) I32[o >>> 2] = b;
        else if (op === Op.SH) U16[o >>> 1] = b;
        else U8[o] = b;
        break;
      }
      case Op.ADDI: v = (a + imm) | 0; break;
      case Op.SLTI: v = a < imm ? 1 : 0; break;
      case Op.SLTIU: v = a >>> 0 < imm >>> 0 ? 1 : 0; break;
      case Op.XORI: v = a ^ imm; break;
      case Op.ORI: v = a | imm; break;
      case Op.ANDI: v = a & imm; break;
      case Op.SLLI: v = a << imm; break;
      case Op.SRLI: v = (a >>> imm) | 0; break;
      case Op.SRAI: v = a >> imm; break;
      case Op.ADD: v = (a + b) | 0; break;
      case Op.SUB: v = (a - b) | 0; break;
      case Op.SLL: v = a << (b & 31); break;
      case Op.SLT: v = a < b ? 1 : 0; break;
      case Op.SLTU: v = a >>> 0 < b >>> 0 ? 1 : 0; break;
      case Op.XOR: v = a ^ b; break;
      case Op.SRL: v = (a >>> (b & 31)) | 0; break;
      case Op.SRA: v = a >> (b & 31); break;
      case Op.OR: v = a | b; break;
      case Op.AND: v = a & b; break;
      case Op.MUL: v = Math.imul(a, b); break;
      case Op.MULH: v = mulh(a, b); break;
      case Op.MULHSU: v = mulhsu(a, b); break;
      case Op.MULHU: v = mulhu(a, b); break;
      case Op.DIV: v = div(a, b); break;
      case Op.DIVU: v = divu(a, b); break;
      case Op.REM: v = rem(a, b); break;
      case Op.REMU: v = remu(a, b); break;
      case Op.FENCE: writes = false; break;
      case Op.ECALL: {
        writes = false;
        const a0 = R[10]!, a7 = R[17]!, a1 = R[11]!;
        s.pc = pc;
        io.ecall(R, pc, s.cycles);
        opCounts[op]!++;
        if (trace) record(s, pc, a0, a7, R[10]!, a1);
        s.cycles++;
        if (io.halted) return true;
        pc = next;
        s.pc = pc;
        continue;
      }
      default:
        s.pc = pc;
        throw fetchError(s, pc);
    }
    // The trace records the computed value even for rd = x0 (the machine writes it to a sink register).
    if (!writes) v = 0;
    else if (rd !== 0) R[rd] = v;
    opCounts[op]!++;
    if (trace) {
      const reads2 = op >= Op.BEQ && op <= Op.BGEU || op >= Op.SB && op <= Op.SW || op >= Op.ADD && op <= Op.AND || op >= Op.MUL;
      const reads1 = op >= Op.JALR && op !== Op.FENCE;
      record(s, pc, reads1 ? a : 0, reads2 ? b : 0, v, addr);
    }
    s.cycles++;
    pc = next;
    s.pc = pc;
  }
  return false;
}

function record(s: CpuState, pc: number, rs1: number, rs2: number, rd: number, mem: number): void {
  const t = s.trace!;
  if (s.row === TRACE_CHUNK_ROWS) s.row = t.flush(s.row);
  const r = s.row++;
  t.pc[r] = pc;
  t.rs1[r] = rs1;
  t.rs2[r] = rs2;
  t.rd[r] = rd;
  t.mem[r] = mem;
}
