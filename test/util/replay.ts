/**
 * A test-only RV32IM stepper that follows a given pc sequence instead of the program's control flow, and
 * records the trace the executor would record for those cycles (`src/vm/trace.ts` conventions). The
 * soundness tests feed it skipped or redirected runs: every row is then locally honest and only the state
 * chain is broken. It is also an independent semantics the witness is cross-checked against (the
 * executor's trace and this replay must agree on honest runs, `test/machine/witness.test.ts`).
 */
import { div, divu, mulh, mulhsu, mulhu, rem, remu } from '../../src/vm/alu.js';
import { decode, Op } from '../../src/vm/decoder.js';
import type { ElfImage } from '../../src/vm/elf.js';
import { Memory } from '../../src/vm/memory.js';
import { GuestIo } from '../../src/vm/syscalls.js';
import type { ExecutionTrace } from '../../src/vm/trace.js';
import { machineProgram, witnessFromTrace } from '../../src/machine/index.js';
import type { MachineProgram, MachineTrace, WitnessInputs } from '../../src/machine/index.js';

/** The value an ALU/upper/jump opcode computes (32-bit, as a signed int). */
function compute(op: number, a: number, b: number, imm: number, pc: number): number {
  switch (op) {
    case Op.LUI: return imm;
    case Op.AUIPC: return (pc + imm) | 0;
    case Op.JAL: case Op.JALR: return (pc + 4) | 0;
    case Op.ADDI: return (a + imm) | 0;
    case Op.SLTI: return a < imm ? 1 : 0;
    case Op.SLTIU: return a >>> 0 < imm >>> 0 ? 1 : 0;
    case Op.XORI: return a ^ imm;
    case Op.ORI: return a | imm;
    case Op.ANDI: return a & imm;
    case Op.SLLI: return a << imm;
    case Op.SRLI: return (a >>> imm) | 0;
    case Op.SRAI: return a >> imm;
    case Op.ADD: return (a + b) | 0;
    case Op.SUB: return (a - b) | 0;
    case Op.SLL: return a << (b & 31);
    case Op.SLT: return a < b ? 1 : 0;
    case Op.SLTU: return a >>> 0 < b >>> 0 ? 1 : 0;
    case Op.XOR: return a ^ b;
    case Op.SRL: return (a >>> (b & 31)) | 0;
    case Op.SRA: return a >> (b & 31);
    case Op.OR: return a | b;
    case Op.AND: return a & b;
    case Op.MUL: return Math.imul(a, b);
    case Op.MULH: return mulh(a, b);
    case Op.MULHSU: return mulhsu(a, b);
    case Op.MULHU: return mulhu(a, b);
    case Op.DIV: return div(a, b);
    case Op.DIVU: return divu(a, b);
    case Op.REM: return rem(a, b);
    case Op.REMU: return remu(a, b);
    default: return 0;
  }
}

/**
 * Called before cycle `cycle` is stepped, with the registers x0..x31 and the memory: a forger changes the
 * machine state there (the shard forgeries, `test/util/shards.ts`), and every later cycle computes from it.
 */
export type ReplayHook = (cycle: number, regs: Int32Array, mem: Memory) => void;

/**
 * The trace of executing the instructions at `pcs` in order (whatever the program's control flow says),
 * calling `before` (when given) ahead of every cycle.
 */
export function replayTrace(image: ElfImage, pcs: ArrayLike<number>, inputs: WitnessInputs = {}, before?: ReplayHook): ExecutionTrace {
  const mem = new Memory(image);
  const io = new GuestIo(mem, { publicInput: inputs.publicInput, privateInput: inputs.privateInput });
  const R = new Int32Array(32);
  const n = pcs.length;
  const cols = { pc: new Uint32Array(n), rs1: new Uint32Array(n), rs2: new Uint32Array(n), rd: new Uint32Array(n), mem: new Uint32Array(n) };
  const word = (addr: number) => {
    const o = (addr - mem.base) >>> 0;
    return o + 4 <= mem.size ? mem.i32[o >>> 2]! : 0;
  };
  for (let i = 0; i < n; i++) {
    before?.(i, R, mem);
    const pc = pcs[i]! >>> 0;
    const d = decode(word(pc) >>> 0);
    const a = R[d.rs1]!;
    const b = R[d.rs2]!;
    cols.pc[i] = pc;
    if (d.op === Op.ECALL) {
      cols.rs1[i] = R[10]!;
      cols.rs2[i] = R[17]!;
      cols.mem[i] = R[11]!;
      if (!io.halted) io.ecall(R, pc, i);
      R[0] = 0;
      cols.rd[i] = R[10]!;
      continue;
    }
    const isLoad = d.op >= Op.LB && d.op <= Op.LHU;
    const isStore = d.op >= Op.SB && d.op <= Op.SW;
    const isBranch = d.op >= Op.BEQ && d.op <= Op.BGEU;
    const reads1 = d.op >= Op.JALR && d.op !== Op.FENCE;
    const reads2 = isBranch || isStore || (d.op >= Op.ADD && d.op <= Op.AND) || d.op >= Op.MUL;
    cols.rs1[i] = reads1 ? a : 0;
    cols.rs2[i] = reads2 ? b : 0;
    let v = 0;
    if (isLoad || isStore) {
      const addr = (a + d.imm) >>> 0;
      cols.mem[i] = addr;
      const o = (addr - mem.base) >>> 0;
      if (o < mem.size) {
        if (isStore) {
          if (d.op === Op.SW) mem.i32[o >>> 2] = b;
          else if (d.op === Op.SH) mem.u16[o >>> 1] = b;
          else mem.bytes[o] = b;
        } else {
          v = d.op === Op.LW ? mem.i32[o >>> 2]! : d.op === Op.LH ? mem.i16[o >>> 1]! : d.op === Op.LHU ? mem.u16[o >>> 1]! : d.op === Op.LB ? mem.i8[o]! : mem.bytes[o]!;
        }
      }
    } else if (!isBranch && d.op !== Op.FENCE) {
      v = compute(d.op, a, b, d.imm, pc);
    }
    cols.rd[i] = v;
    if (d.rd !== 0 && !isStore && !isBranch) R[d.rd] = v;
  }
  return Object.freeze({ length: n, ...cols, ecalls: Object.freeze([]) });
}

/** The witness of the run that executes `pcs` ({@link replayTrace}, then the machine's witness builder). */
export function traceFromPcs(image: ElfImage, pcs: ArrayLike<number>, program: MachineProgram = machineProgram(image), inputs: WitnessInputs = {}): MachineTrace {
  return witnessFromTrace(image, replayTrace(image, pcs, inputs), program, inputs);
}
