/**
 * The block translator: turns each basic block of the pre-decoded text into a JavaScript function, once,
 * the first time the block is reached, and caches it by start address. A block keeps the registers it uses
 * in local variables, checks memory accesses with one or two integer comparisons, and — when its last
 * branch jumps back to its own start (the inner loop of most hot code) — runs that loop inside the
 * function, so V8 optimises the whole loop as one unit.
 *
 * In traced mode the same code also writes one trace row per retired instruction.
 *
 * The reference interpreter (`interpreter.ts`) is the specification: the test suite runs every program in
 * both and requires identical results, traces included.
 * @module
 */
import * as alu from './alu.js';
import { Op } from './decoder.js';
import { VmError, hex32 } from './errors.js';
import { describe, fetchError, interpret, misalignedJump } from './interpreter.js';
import { OP_NOEXEC } from './program.js';
import type { CpuState } from './state.js';
import { TRACE_CHUNK_ROWS } from './trace.js';

/** Longest block, in instructions; bounds compile cost and keeps functions small enough for V8 to inline. */
const MAX_BLOCK = 128;

/** A translated block: `run()` executes it and returns the next pc, or −1 when the guest exited. */
interface Block {
  readonly run: () => number;
  /** Instructions in one pass through the block. */
  readonly length: number;
}

const BRANCH_COND: Record<number, (a: string, b: string) => string> = {
  [Op.BEQ]: (a, b) => `${a} === ${b}`,
  [Op.BNE]: (a, b) => `${a} !== ${b}`,
  [Op.BLT]: (a, b) => `${a} < ${b}`,
  [Op.BGE]: (a, b) => `${a} >= ${b}`,
  [Op.BLTU]: (a, b) => `(${a} >>> 0) < (${b} >>> 0)`,
  [Op.BGEU]: (a, b) => `(${a} >>> 0) >= (${b} >>> 0)`,
};

const ALU_EXPR: Record<number, (a: string, b: string, imm: number) => string> = {
  [Op.ADDI]: (a, _b, i) => `(${a} + ${i}) | 0`,
  [Op.SLTI]: (a, _b, i) => `${a} < ${i} ? 1 : 0`,
  [Op.SLTIU]: (a, _b, i) => `(${a} >>> 0) < ${i >>> 0} ? 1 : 0`,
  [Op.XORI]: (a, _b, i) => `${a} ^ ${i}`,
  [Op.ORI]: (a, _b, i) => `${a} | ${i}`,
  [Op.ANDI]: (a, _b, i) => `${a} & ${i}`,
  [Op.SLLI]: (a, _b, i) => `${a} << ${i}`,
  [Op.SRLI]: (a, _b, i) => `(${a} >>> ${i}) | 0`,
  [Op.SRAI]: (a, _b, i) => `${a} >> ${i}`,
  [Op.ADD]: (a, b) => `(${a} + ${b}) | 0`,
  [Op.SUB]: (a, b) => `(${a} - ${b}) | 0`,
  [Op.SLL]: (a, b) => `${a} << (${b} & 31)`,
  [Op.SLT]: (a, b) => `${a} < ${b} ? 1 : 0`,
  [Op.SLTU]: (a, b) => `(${a} >>> 0) < (${b} >>> 0) ? 1 : 0`,
  [Op.XOR]: (a, b) => `${a} ^ ${b}`,
  [Op.SRL]: (a, b) => `(${a} >>> (${b} & 31)) | 0`,
  [Op.SRA]: (a, b) => `${a} >> (${b} & 31)`,
  [Op.OR]: (a, b) => `${a} | ${b}`,
  [Op.AND]: (a, b) => `${a} & ${b}`,
  [Op.MUL]: (a, b) => `Math.imul(${a}, ${b})`,
  [Op.MULH]: (a, b) => `A.mulh(${a}, ${b})`,
  [Op.MULHSU]: (a, b) => `A.mulhsu(${a}, ${b})`,
  [Op.MULHU]: (a, b) => `A.mulhu(${a}, ${b})`,
  [Op.DIV]: (a, b) => `A.div(${a}, ${b})`,
  [Op.DIVU]: (a, b) => `A.divu(${a}, ${b})`,
  [Op.REM]: (a, b) => `A.rem(${a}, ${b})`,
  [Op.REMU]: (a, b) => `A.remu(${a}, ${b})`,
};

const LOAD: Record<number, { size: number; view: string; shift: number }> = {
  [Op.LB]: { size: 1, view: 'I8', shift: 0 },
  [Op.LBU]: { size: 1, view: 'U8', shift: 0 },
  [Op.LH]: { size: 2, view: 'I16', shift: 1 },
  [Op.LHU]: { size: 2, view: 'U16', shift: 1 },
  [Op.LW]: { size: 4, view: 'I32', shift: 2 },
};
const STORE: Record<number, { size: number; view: string; shift: number }> = {
  [Op.SB]: { size: 1, view: 'U8', shift: 0 },
  [Op.SH]: { size: 2, view: 'U16', shift: 1 },
  [Op.SW]: { size: 4, view: 'I32', shift: 2 },
};

/** Helpers the generated code calls on its slow paths (faults) and for M-extension arithmetic. */
function makeHelpers(s: CpuState) {
  return Object.freeze({
    loadFault(addr: number, size: number, pc: number, k: number): VmError {
      return s.mem.accessError('load', addr, size, pc, s.cycles + k, describe(s, pc));
    },
    storeFault(addr: number, size: number, pc: number, k: number): VmError {
      return s.mem.accessError('store', addr, size, pc, s.cycles + k, describe(s, pc));
    },
    jumpFault(target: number, pc: number, k: number): VmError {
      return misalignedJump(s, pc, target, s.cycles + k);
    },
  });
}

/**
 * Generates the source of the block starting at `startPc`.
 * @returns null when the very first instruction cannot execute (the caller raises the fetch error)
 */
function generate(s: CpuState, startPc: number, traced: boolean): { src: string; length: number } | null {
  const t = s.text;
  const mem = s.mem;
  const i0 = (startPc - t.codeBase) >>> 2;
  const lines: string[] = [];
  const used = new Set<number>();
  const written = new Set<number>();
  const reg = (n: number) => {
    if (n === 0) return '0';
    used.add(n);
    return `x${n}`;
  };
  const setReg = (n: number, expr: string) => {
    if (n === 0) return '';
    used.add(n);
    written.add(n);
    return `x${n} = ${expr};`;
  };
  const trace = (pc: number, a: string, b: string, d: string, m: string) =>
    traced ? `Tp[row] = ${pc}; T1[row] = ${a}; T2[row] = ${b}; Td[row] = ${d}; Tm[row] = ${m}; row++;` : '';
  const loadCheck = (size: number) => {
    let c = `o >= ${mem.size}`;
    if (size > 1) c += ` || (o & ${size - 1}) !== 0`;
    if (!mem.allMapped) c += ` || P[o >>> 12] === 0`;
    return c;
  };
  const storeCheck = (size: number) => {
    let c = mem.wLen >= 0 ? `((o - ${mem.wLo}) >>> 0) >= ${mem.wLen}` : `o >= ${mem.size} || (P[o >>> 12] & 6) !== 2`;
    if (size > 1) c += ` || (o & ${size - 1}) !== 0`;
    return c;
  };

  let end = ''; // the block's exit: sets `nx`
  let loopCond = ''; // when the block ends in a branch back to its own start: the condition to loop
  let k = 0;
  for (; ; k++) {
    const i = i0 + k;
    const pc = (startPc + 4 * k) >>> 0;
    const op = i < t.count ? t.op[i]! : OP_NOEXEC;
    if (op === Op.ILLEGAL || op === Op.EBREAK || op === OP_NOEXEC) {
      if (k === 0) return null;
      end = `nx = ${pc};`; // stop before it; the dispatcher raises the error with exact cycle counts
      break;
    }
    if (k === MAX_BLOCK) {
      end = `nx = ${pc};`;
      break;
    }
    const rd = t.rd[i]!, r1 = t.rs1[i]!, r2 = t.rs2[i]!, imm = t.imm[i]!;
    const next = (pc + 4) >>> 0;
    if (op in ALU_EXPR) {
      const expr = ALU_EXPR[op]!(reg(r1), reg(r2), imm);
      const reads2 = op >= Op.ADD;
      if (traced) lines.push(`v = ${expr}; ${trace(pc, reg(r1), reads2 ? reg(r2) : '0', 'v', '0')} ${setReg(rd, 'v')}`);
      else lines.push(setReg(rd, expr));
      continue;
    }
    if (op === Op.LUI || op === Op.AUIPC) {
      const v = op === Op.LUI ? imm : (pc + imm) | 0;
      lines.push(`${trace(pc, '0', '0', String(v), '0')} ${setReg(rd, String(v))}`);
      continue;
    }
    if (op in LOAD) {
      const { size, view, shift } = LOAD[op]!;
      lines.push(
        `a = (${reg(r1)} + ${imm}) | 0; o = (a - ${mem.base}) >>> 0;` +
          ` if (${loadCheck(size)}) throw H.loadFault(a >>> 0, ${size}, ${pc}, ${k});` +
          (traced
            ? ` v = ${view}[o >>> ${shift}]; ${trace(pc, reg(r1), '0', 'v', 'a')} ${setReg(rd, 'v')}`
            : ` ${setReg(rd, `${view}[o >>> ${shift}]`)}`),
      );
      continue;
    }
    if (op in STORE) {
      const { size, view, shift } = STORE[op]!;
      lines.push(
        `a = (${reg(r1)} + ${imm}) | 0; o = (a - ${mem.base}) >>> 0;` +
          ` if (${storeCheck(size)}) throw H.storeFault(a >>> 0, ${size}, ${pc}, ${k});` +
          ` ${view}[o >>> ${shift}] = ${reg(r2)}; ${trace(pc, reg(r1), reg(r2), '0', 'a')}`,
      );
      continue;
    }
    if (op === Op.FENCE) {
      lines.push(trace(pc, '0', '0', '0', '0'));
      continue;
    }
    // Control flow and system calls end the block.
    if (op === Op.JAL) {
      const target = (pc + imm) >>> 0;
      if (target & 3) lines.push(`throw H.jumpFault(${target}, ${pc}, ${k});`);
      lines.push(`${trace(pc, '0', '0', String(next | 0), '0')} ${setReg(rd, String(next | 0))}`);
      if (target === startPc) loopCond = 'true';
      end = `nx = ${target};`;
    } else if (op === Op.JALR) {
      lines.push(
        `a = ((${reg(r1)} + ${imm}) & -2) >>> 0; if ((a & 3) !== 0) throw H.jumpFault(a, ${pc}, ${k});` +
          ` ${trace(pc, reg(r1), '0', String(next | 0), '0')} ${setReg(rd, String(next | 0))}`,
      );
      end = 'nx = a;';
    } else if (op in BRANCH_COND) {
      const target = (pc + imm) >>> 0;
      const cond = BRANCH_COND[op]!(reg(r1), reg(r2));
      lines.push(`c = ${cond}; ${trace(pc, reg(r1), reg(r2), '0', '0')}`);
      if (target & 3) lines.push(`if (c) throw H.jumpFault(${target}, ${pc}, ${k});`);
      if (target === startPc) loopCond = 'c';
      end = `nx = c ? ${target} : ${next};`;
    } else if (op === Op.ECALL) {
      // The system call reads and writes registers through R: spill first, reload after.
      lines.push('%SPILL%');
      lines.push(
        `v = R[10]; a = R[11]; o = R[17]; IO.ecall(R, ${pc}, S.cycles + ${k});` +
          (traced ? ` ${trace(pc, 'v', 'o', 'R[10]', 'a')}` : '') +
          ' %RELOAD%',
      );
      end = `nx = IO.halted ? -1 : ${next};`;
    }
    k++;
    break;
  }
  const length = k;
  const regs = [...used].sort((x, y) => x - y);
  const decl = regs.length ? `let ${regs.map((n) => `x${n} = R[${n}]`).join(', ')};` : '';
  const spill = [...written].sort((x, y) => x - y).map((n) => `R[${n}] = x${n};`).join(' ');
  const reload = regs.map((n) => `x${n} = R[${n}];`).join(' ');
  const body = lines.join('\n').replace('%SPILL%', spill).replace('%RELOAD%', reload);
  const traceSetup = traced
    ? `let row = S.row, Tp = TR.pc, T1 = TR.rs1, T2 = TR.rs2, Td = TR.rd, Tm = TR.mem;`
    : 'let row = 0;';
  const chunkCheck = traced
    ? `if (row + ${length} > ${TRACE_CHUNK_ROWS}) { row = TR.flush(row); Tp = TR.pc; T1 = TR.rs1; T2 = TR.rs2; Td = TR.rd; Tm = TR.mem; }`
    : '';
  let src: string;
  if (loopCond) {
    // Self-loop: repeat in place while the cycle budget allows another full pass. Extra passes are added
    // to S.cycles here; the dispatcher accounted for the first.
    src = `${decl} ${traceSetup} let a = 0, o = 0, v = 0, c = false, nx = 0, it = 0;
      const budget = S.maxCycles - S.cycles - ${length};
      for (;;) {
        ${chunkCheck}
        ${body}
        ${end}
        if (!(${loopCond}) || (it + 1) * ${length} > budget) break;
        it++; S.cycles += ${length};
      }
      ${spill} ${traced ? 'S.row = row;' : ''} CNT[${i0}] += it + 1; return nx;`;
  } else {
    src = `${decl} ${traceSetup} let a = 0, o = 0, v = 0, c = false, nx = 0;
      ${chunkCheck}
      ${body}
      ${end}
      ${spill} ${traced ? 'S.row = row;' : ''} CNT[${i0}] += 1; return nx;`;
  }
  return { src, length };
}

/**
 * Runs `s` to completion with translated blocks.
 * @param traced record the trace (needs `s.trace`)
 * @returns true when the guest exited (otherwise a VmError is thrown)
 */
export function runTranslated(s: CpuState, traced: boolean): boolean {
  const t = s.text;
  const blocks: (Block | undefined)[] = new Array(t.count);
  // Executions of each block start, for the instruction mix (op counts are rebuilt from them at the end).
  const CNT = new Float64Array(t.count);
  const H = makeHelpers(s);
  const env = [s.R, s.mem.bytes, s.mem.i8, s.mem.u16, s.mem.i16, s.mem.i32, s.mem.pages, s, s.io, s.trace, H, alu, CNT] as const;
  const envNames = 'R, U8, I8, U16, I16, I32, P, S, IO, TR, H, A, CNT';
  const compiled: number[] = [];
  try {
    let pc = s.pc;
    for (;;) {
      const i = (pc - t.codeBase) >>> 2;
      let b = blocks[i];
      if (b === undefined) {
        const g = i < t.count ? generate(s, pc, traced) : null;
        if (g === null) {
          s.pc = pc;
          throw fetchError(s, pc);
        }
        const factory = new Function(envNames, `return function block_${pc.toString(16)}() {\n${g.src}\n};`);
        b = { run: factory(...env) as () => number, length: g.length };
        blocks[i] = b;
        compiled.push(i);
      }
      if (s.cycles + b.length > s.maxCycles) {
        s.pc = pc;
        if (!interpret(s, s.maxCycles)) throw cycleLimit(s);
        return true;
      }
      const nx = b.run();
      s.cycles += b.length;
      if (nx < 0) {
        s.pc = (pc + 4 * (b.length - 1)) >>> 0; // the exiting ecall ends its block
        return true;
      }
      pc = nx;
      s.pc = pc;
    }
  } finally {
    // Fold block executions into per-opcode counts (blocks are straight-line, so every instruction of a
    // block ran as often as the block; a block cut short by a fault ends the run, so counts then are moot).
    for (const i of compiled) {
      const n = CNT[i]!;
      if (n === 0) continue;
      for (let k = 0; k < blocks[i]!.length; k++) s.opCounts[t.op[i + k]!]! += n;
    }
  }
}

/** The error for a run that used up its cycle budget. */
export function cycleLimit(s: CpuState): VmError {
  return new VmError('cycle-limit', s.pc, `cycle limit of ${s.maxCycles} reached at pc ${hex32(s.pc)} (raise it with --max-cycles)`, s.cycles);
}
