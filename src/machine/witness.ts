/**
 * Witness generation: replays the executed pcs of a run against the program table, keeping the register
 * file and each register's last access time, and fills the rows of each family component (row order),
 * the final register values, and — by evaluating every component's `use` entries — the multiplicity
 * columns of the program table and of the U16 table.
 *
 * The replay recomputes every value itself; {@link traceFromExecution} cross-checks it against the
 * executor's trace. {@link traceFromPcs} accepts any pc sequence (soundness tests feed it skipped or
 * redirected runs, whose only flaw is then the broken state chain).
 * @module
 */
import type { Air, Relation } from '../air/verifier.js';
import type { Witness } from '../air/prover/witness.js';
import { m31 } from '../field/index.js';
import { Op, OP_NAMES } from '../vm/decoder.js';
import type { ElfImage } from '../vm/elf.js';
import type { ExecutionResult } from '../vm/executor.js';
import { Fd, Syscall } from '../vm/syscalls.js';
import { MAX_IO_BYTES } from './air.js';
import { A1, A2, ECALL_IO } from './ecall-io.js';
import { IO_BYTE } from './io-byte.js';
import { tsLimbNames, tsLimbs } from './access.js';
import { ADD_SUB } from './add-sub.js';
import { machineAir, machineProgram } from './air.js';
import type { MachineProgram, MachineSizes } from './air.js';
import { fillAddress } from './address.js';
import { fillLoadValue, LOAD } from './load.js';
import { MEM_IMAGE, MEM_ZERO, ZERO_PAGES } from './mem-boundary.js';
import { LOG_PAGE_WORDS, PAGE_WORDS } from './memory-layout.js';
import { fillStoreValue, STORE } from './store.js';
import { Memory } from '../vm/memory.js';
import { MachineError } from './errors.js';
import { lookupLoop, preprocessedReads } from './lookup-eval.js';
import { BITWISE } from './bitwise.js';
import { BRANCH } from './branch.js';
import { COMPARE } from './compare.js';
import { DIV_REM, divRemResults, fillDivRemRow } from './div-rem.js';
import { lessThanRow } from './less-than.js';
import { A0, A7, EXIT } from './exit.js';
import { JUMP_UPPER } from './jump-upper.js';
import { fillMulRow, MUL_FAMILY } from './mul.js';
import { logSizeFor, PROGRAM_COLUMNS } from './program-table.js';
import type { ProgramTable } from './program-table.js';
import { SHIFT_FAMILY, shiftBytes } from './shift.js';
import { AND, SHIFT, FIRST_TS, IN_CUR, IN_LEN, MAX_TS, N_REGS, OUT_CUR, PROG, SINK_REG, SLOT, TS_ECALL, TS_LIMB_SHIFT, TS_STEP, U16, ZPAGE, BYTE_PAIR } from './relations.js';
import { AND_TABLE, REG_FINAL, SHIFT_TABLE, U16_TABLE } from './tables.js';

const P = 0x7fffffff;
/** Mask of the low timestamp-difference limb (see `tsLimbs`, inlined in the replay's hot path). */
const TS_LIMB_MASK = (1 << TS_LIMB_SHIFT) - 1;

/** The input streams of a run (the replay reads them as the executor did). */
export interface WitnessInputs {
  readonly publicInput?: Uint8Array;
  readonly privateInput?: Uint8Array;
}

/** A machine witness under construction: the AIR and every component's main columns in row order. */
export interface MachineTrace {
  readonly table: ProgramTable;
  readonly program: MachineProgram;
  readonly air: Air;
  readonly sizes: MachineSizes;
  /** Exit code (a0 read by the exit row), as an unsigned 32-bit value. */
  readonly exitCode: number;
  /** The public input (fd 3) and the public output the run wrote (fd 1). */
  readonly publicInput: Uint8Array;
  readonly publicOutput: Uint8Array;
  /** Final register cells x0..x31, the sink (x32) and the virtual registers. */
  readonly registers: Uint32Array;
  /** `columns[c][j]`: main column j of component c (AIR order, row order). Mutable for soundness tests. */
  readonly columns: readonly (readonly Uint32Array[])[];
}

/** The main column `name` of component `comp` (row order; writable). */
export function traceColumn(t: MachineTrace, comp: string, name: string): Uint32Array {
  const ci = t.air.components.findIndex((c) => c.name === comp);
  if (ci < 0) throw new MachineError('INVALID_INPUT', `no component ${comp}`);
  const j = t.air.components[ci]!.mainNames.indexOf(name);
  if (j < 0) throw new MachineError('INVALID_INPUT', `component ${comp} has no column ${name}`);
  return t.columns[ci]![j]!;
}

/** The witness to prove (columns in row order). */
export function toWitness(t: MachineTrace): Witness {
  return { components: t.columns.map((cols) => [...cols]) };
}

/** Field encoding of a small signed integer. */
const fe = (x: number): number => (x < 0 ? P + x : x);

/** Which family executes opcode `op`, or undefined. */
function familyOf(op: number): string | undefined {
  if (op === Op.ADD || op === Op.SUB || op === Op.ADDI || op === Op.LUI) return ADD_SUB;
  if (op === Op.JAL || op === Op.JALR || op === Op.AUIPC) return JUMP_UPPER;
  if (op >= Op.BEQ && op <= Op.BGEU) return BRANCH;
  if (op === Op.SLT || op === Op.SLTU || op === Op.SLTI || op === Op.SLTIU) return COMPARE;
  if (op === Op.AND || op === Op.OR || op === Op.XOR || op === Op.ANDI || op === Op.ORI || op === Op.XORI) return BITWISE;
  if (op === Op.SLL || op === Op.SRL || op === Op.SRA || op === Op.SLLI || op === Op.SRLI || op === Op.SRAI) return SHIFT_FAMILY;
  if (op >= Op.LB && op <= Op.LHU) return LOAD;
  if (op >= Op.SB && op <= Op.SW) return STORE;
  if (op >= Op.MUL && op <= Op.MULHU) return MUL_FAMILY;
  if (op >= Op.DIV && op <= Op.REMU) return DIV_REM;
  if (op === Op.ECALL) return EXIT;
  return undefined;
}

/**
 * Builds the witness for the run that executes `pcs` (one entry per cycle, the last an exit `ecall`).
 * @throws MachineError `INVALID_INPUT` for a pc outside the program, a pc whose instruction the executor
 *   faults on (EBREAK, illegal words), a system call other than read/write/exit or a run that does not end with exit,
 *   `TOO_LARGE` when the run exceeds the timestamp bound
 */
export function traceFromPcs(image: ElfImage, pcs: ArrayLike<number>, program: MachineProgram = machineProgram(image), inputs: WitnessInputs = {}): MachineTrace {
  const table = program.table;
  const n = pcs.length;
  if (n === 0) throw new MachineError('INVALID_INPUT', 'empty run');
  if (FIRST_TS + TS_STEP * n >= MAX_TS) throw new MachineError('TOO_LARGE', `${n} cycles exceed the timestamp bound 2^29`);
  const [, tOp, tRd, tRs1, tRs2, tImmL, tImmH, tValL, tValH, tNext] = table.columns as readonly Uint32Array[];
  // First pass: classify and count, so that unsupported instructions fail before any allocation.
  let nAdd = 0;
  let nLoad = 0;
  let nStore = 0;
  let nJump = 0;
  let nBranch = 0;
  let nCmp = 0;
  let nBit = 0;
  let nSh = 0;
  let nIo = 0;
  let nMul = 0;
  let nDiv = 0;
  for (let i = 0; i < n; i++) {
    const row = table.rowOf(pcs[i]!);
    if (row < 0) throw new MachineError('INVALID_INPUT', `cycle ${i}: pc 0x${(pcs[i]! >>> 0).toString(16)} is not in the program`);
    const op = tOp![row]!;
    const fam = familyOf(op);
    if (fam === ADD_SUB) nAdd++;
    else if (fam === LOAD) nLoad++;
    else if (fam === STORE) nStore++;
    else if (fam === JUMP_UPPER) nJump++;
    else if (fam === BRANCH) nBranch++;
    else if (fam === COMPARE) nCmp++;
    else if (fam === BITWISE) nBit++;
    else if (fam === SHIFT_FAMILY) nSh++;
    else if (fam === MUL_FAMILY) nMul++;
    else if (fam === DIV_REM) nDiv++;
    else if (fam === EXIT) {
      if (i !== n - 1) nIo++; // read or write (checked in the replay)
    } else {
      // Only opcode 0 (illegal or not executable) and EBREAK have no family; the executor faults on both, so
      // this guards pc sequences that no run produces (FENCE is ADDI in the table, see `tableOpcode`).
      throw new MachineError('INVALID_INPUT', `cycle ${i}: pc 0x${(pcs[i]! >>> 0).toString(16)} holds ${op === Op.ILLEGAL ? 'no executable instruction' : OP_NAMES[op]}, which no run executes (the executor faults on it)`);
    }
  }
  const lastRow = table.rowOf(pcs[n - 1]!);
  if (tOp![lastRow] !== Op.ECALL) throw new MachineError('INVALID_INPUT', 'the run does not end with an exit ecall');
  // mem_zero's size is known only after the replay; it is rebuilt at the end.
  let sizes: MachineSizes = Object.freeze({ addSub: logSizeFor(nAdd, program.minLog), load: logSizeFor(nLoad, program.minLog), store: logSizeFor(nStore, program.minLog), memZero: program.minLog,
    jumpUpper: logSizeFor(nJump, program.minLog), branch: logSizeFor(nBranch, program.minLog),
    compare: logSizeFor(nCmp, program.minLog),
    bitwise: logSizeFor(nBit, program.minLog),
    shift: logSizeFor(nSh, program.minLog),
    mul: logSizeFor(nMul, program.minLog),
    divRem: logSizeFor(nDiv, program.minLog),
    exit: program.minLog,
    ecallIo: logSizeFor(nIo, program.minLog),
    ioByte: program.minLog,
   });
  let air = machineAir(program, sizes);
  const columns = air.components.map((c) => c.mainNames.map(() => new Uint32Array(2 ** c.logSize)));
  const t: MachineTrace = { table, program, air, sizes, exitCode: 0, registers: new Uint32Array(N_REGS), columns, publicInput: new Uint8Array(0), publicOutput: new Uint8Array(0) };
  // Column look-ups by name run several times per cycle: resolve each (component, name) once.
  const colCache = new Map<string, Map<string, Uint32Array>>();
  const col = (comp: string, name: string) => {
    let byName = colCache.get(comp);
    if (!byName) colCache.set(comp, (byName = new Map()));
    let c = byName.get(name);
    if (!c) byName.set(name, (c = traceColumn(t, comp, name)));
    return c;
  };
  const limbCache = new Map<string, Map<string, readonly [Uint32Array, Uint32Array]>>();
  /** The (d0, d1) limb columns of access `acc` of component `comp`. */
  const limbColumns = (comp: string, acc: string) => {
    let byAcc = limbCache.get(comp);
    if (!byAcc) limbCache.set(comp, (byAcc = new Map()));
    let c = byAcc.get(acc);
    if (!c) {
      const [n0, n1] = tsLimbNames(acc);
      byAcc.set(acc, (c = [col(comp, n0), col(comp, n1)]));
    }
    return c;
  };

  const regs = t.registers;
  const last = new Uint32Array(N_REGS); // time of each register's last access (initially 0)
  /** Records an access at time `time` to register `r` into the limb columns of `acc` at row `row`. */
  const access = (comp: string, acc: string, row: number, r: number, time: number) => {
    const [c0, c1] = limbColumns(comp, acc);
    const d = time - last[r]! - 1;
    c0[row] = d & TS_LIMB_MASK;
    c1[row] = d >>> TS_LIMB_SHIFT;
    last[r] = time;
  };
  // Data memory: the executor's initial image, the word values as the run goes, each word's last access.
  const memory = new Memory(image);
  const memWords = new Uint32Array(memory.bytes.buffer, 0, memory.size / 4);
  const memLast = new Uint32Array(memory.size / 4);
  const baseWord = memory.base / 4;
  /** Window index of the word at `addr` for an access of `size` bytes, checking what the executor checks. */
  const wordIndex = (i: number, addr: number, size: number, store: boolean) => {
    if (addr % size !== 0) throw new MachineError('INVALID_INPUT', `cycle ${i}: misaligned access at 0x${addr.toString(16)}`);
    const off = addr - memory.base;
    const ok = off >= 0 && off < memory.size && (store ? memory.isWritablePage(off >>> 12) : memory.pages[off >>> 12] !== 0);
    if (!ok) throw new MachineError('INVALID_INPUT', `cycle ${i}: ${store ? 'store to' : 'load from'} 0x${addr.toString(16)} outside the ${store ? 'writable' : 'mapped'} memory`);
    return off >>> 2;
  };
  /** Records a memory access at time `time` to window word `wi` into the `mem` limbs of `comp` at `row`. */
  const memAccess = (comp: string, row: number, wi: number, time: number) => {
    const [c0, c1] = limbColumns(comp, 'mem');
    const d = time - memLast[wi]! - 1;
    c0[row] = d & TS_LIMB_MASK;
    c1[row] = d >>> TS_LIMB_SHIFT;
    memLast[wi] = time;
  };
  type Cols = Record<string, Uint32Array>;
  /**
   * Fills the columns every ALU-family row shares (the ones `aluRowInteractions` reads) and records its
   * operand reads. Returns rd, rs1's value b, and c: rs2's value, or the immediate when `useImm`.
   */
  const aluOperands = (comp: string, F: Cols, fr: number, row: number, pc: number, ts: number, useImm: boolean) => {
    const rd = tRd![row]!;
    const rs1 = tRs1![row]!;
    const rs2 = tRs2![row]!;
    const imm = (tImmL![row]! | (tImmH![row]! << 16)) >>> 0;
    F.is_real![fr] = 1;
    F.pc![fr] = pc;
    F.ts![fr] = ts;
    F.rd![fr] = rd;
    F.rs1![fr] = rs1;
    F.rs2![fr] = rs2;
    // R-type-only families (Mul, DivRem) have no immediate columns.
    if (F.imm_l) F.imm_l[fr] = imm & 0xffff;
    if (F.imm_h) F.imm_h[fr] = imm >>> 16;
    const b = regs[rs1]!;
    access(comp, 'rs1', fr, rs1, ts + SLOT.RS1);
    let c = imm;
    if (!useImm) {
      c = regs[rs2]!;
      access(comp, 'rs2', fr, rs2, ts + SLOT.RS2);
    }
    F.b_l![fr] = b & 0xffff;
    F.b_h![fr] = b >>> 16;
    F.c_l![fr] = c & 0xffff;
    F.c_h![fr] = c >>> 16;
    return { rd, b, c };
  };
  /** Records the rd write of an ALU-family row: the previous value, the access limbs, the new value. */
  const aluWrite = (comp: string, F: Cols, fr: number, rd: number, a: number, ts: number) => {
    F.rd_prev_l![fr] = regs[rd]! & 0xffff;
    F.rd_prev_h![fr] = regs[rd]! >>> 16;
    access(comp, 'rd', fr, rd, ts + SLOT.RD);
    regs[rd] = a;
  };
  const cols = (comp: string) => Object.fromEntries(air.components.find((c) => c.name === comp)!.mainNames.map((nm) => [nm, col(comp, nm)]));
  const A = cols(ADD_SUB);
  const Ld = cols(LOAD);
  const St = cols(STORE);
  let rl = 0;
  let rst = 0;
  const J = cols(JUMP_UPPER);
  const Br = cols(BRANCH);
  const C = cols(COMPARE);
  const X = cols(BITWISE);
  const S = cols(SHIFT_FAMILY);
  const Mu = cols(MUL_FAMILY);
  const Dr = cols(DIV_REM);
  let rm = 0;
  let rdr = 0;
  // Indexed column groups, resolved once (a template-string key per row costs more than the row).
  const group = (F: Cols, prefix: string, count: number) => Array.from({ length: count }, (_, i) => F[`${prefix}${i}`]!);
  const Sf = group(S, 'f', 4);
  const Su = group(S, 'u', 5);
  const Sv = group(S, 'v', 5);
  const Xn = group(X, 'n', 4);
  let rs = 0;
  let r = 0;
  let rj = 0;
  let rb = 0;
  let rc = 0;
  let rx = 0;
  let exitCode = 0;
  // I/O: the streams, the private input position, the public output so far, and the copy rows (their
  // count is known only at the end, so they are collected first).
  const pubIn = inputs.publicInput ?? new Uint8Array(0);
  const privIn = inputs.privateInput ?? new Uint8Array(0);
  if (pubIn.length > MAX_IO_BYTES) throw new MachineError('TOO_LARGE', `public input of ${pubIn.length} bytes exceeds ${MAX_IO_BYTES}`);
  regs[IN_LEN] = pubIn.length;
  let privPos = 0;
  const output: number[] = [];
  const E = cols(ECALL_IO);
  let re = 0;
  const io: Record<string, number[]> = Object.fromEntries(air.components.find((c) => c.name === IO_BYTE)!.mainNames.map((nm) => [nm, []]));
  /** Appends a copy row: mode flag, time, byte address, stream position, remaining count, byte; touches memory unless draining. */
  const copyRow = (i: number, flag: string, t: number, addr: number, pos: number, rem: number, byte: number) => {
    const r = io.is_real!.length;
    for (const nm in io) io[nm]!.push(0);
    const set = (nm: string, v: number) => (io[nm]![r] = v);
    set('is_real', 1);
    set(flag, 1);
    set('t', t);
    set('w', addr >>> 2);
    if (addr & 3) set(`o${addr & 3}`, 1);
    set('pos', pos);
    set('rem', rem);
    set('byte', byte);
    if (flag === 'is_drain') return;
    const write = flag !== 'is_out';
    const wi = wordIndex(i, addr, 1, write);
    const p = memWords[wi]!;
    const sh = 8 * (addr & 3);
    const nw = write ? ((p & ~(0xff << sh)) | (byte << sh)) >>> 0 : p;
    if (!write) {
      set('byte', (p >>> sh) & 0xff);
      set('ro', memory.isWritablePage(wi >>> LOG_PAGE_WORDS) ? 0 : 1);
    }
    set('p_l', p & 0xffff);
    set('p_h', p >>> 16);
    set('n_l', nw & 0xffff);
    set('n_h', nw >>> 16);
    set('p0', p & 0xff);
    set('p2', (p >>> 16) & 0xff);
    set('np01', p & (p >>> 8) & 0xff);
    set('np23', (p >>> 16) & (p >>> 24) & 0xff);
    const [d0, d1] = tsLimbs(t, memLast[wi]!);
    set('mem.d0', d0);
    set('mem.d1', d1);
    memLast[wi] = t;
    memWords[wi] = nw;
    return (p >>> sh) & 0xff;
  };
  let nextTs = FIRST_TS;
  for (let i = 0; i < n; i++) {
    const pc = pcs[i]!;
    const row = table.rowOf(pc);
    const op = tOp![row]!;
    const ts = nextTs;
    nextTs = ts + TS_STEP;
    if (op === Op.ECALL && i < n - 1) {
      // read / write (ecall-io.ts): the call row, then its copy rows from ts + TS_ECALL.
      const a7 = regs[A7]!;
      const fd = regs[A0]!;
      const buf = regs[A1]!;
      const cnt = regs[A2]!;
      const kind = a7 === Syscall.WRITE && fd === Fd.PUBLIC_OUTPUT ? 'f_wr1' : a7 === Syscall.WRITE && fd === Fd.DEBUG_LOG ? 'f_wr2'
        : a7 === Syscall.READ && fd === Fd.PUBLIC_INPUT ? 'f_rd3' : a7 === Syscall.READ && fd === Fd.PRIVATE_INPUT ? 'f_rd0' : undefined;
      if (!kind) throw new MachineError('INVALID_INPUT', `cycle ${i}: system call ${a7} on fd ${fd} has no proof (only read fd 0/3, write fd 1/2 and exit)`);
      const e = re++;
      E.is_real![e] = 1;
      E.pc![e] = pc;
      E.ts![e] = ts;
      E[kind]![e] = 1;
      E.buf_l![e] = buf & 0xffff;
      E.buf_h![e] = buf >>> 16;
      E.cnt_l![e] = cnt & 0xffff;
      E.cnt_h![e] = cnt >>> 16;
      const cursorReg = kind === 'f_rd3' ? IN_CUR : kind === 'f_wr1' ? OUT_CUR : -1;
      const cur = cursorReg < 0 ? 0 : regs[cursorReg]!;
      let k = 0;
      let c = 0;
      if (kind === 'f_wr1') k = cnt;
      else if (kind === 'f_rd3') {
        c = pubIn.length - cur;
        k = Math.min(cnt, c);
      } else if (kind === 'f_rd0') {
        k = Math.min(cnt, privIn.length - privPos);
        c = k;
      }
      if (k > MAX_IO_BYTES) throw new MachineError('TOO_LARGE', `cycle ${i}: a system call moving ${k} bytes`);
      E.c_l![e] = c & 0xffff;
      E.c_h![e] = c >>> 16;
      fillLessThan(E, e, cnt, c, false);
      E.k_l![e] = k & 0xffff;
      E.k_h![e] = k >>> 16;
      E.cur![e] = cur;
      E.in_len![e] = kind === 'f_rd3' ? pubIn.length : 0;
      fillAddress(E, e, buf, 0);
      access(ECALL_IO, 'a7', e, A7, ts);
      access(ECALL_IO, 'a0', e, A0, ts + 1);
      regs[A0] = kind === 'f_wr2' ? cnt : k;
      access(ECALL_IO, 'a1', e, A1, ts + 2);
      access(ECALL_IO, 'a2', e, A2, ts + 3);
      if (cursorReg >= 0) {
        access(ECALL_IO, 'cur', e, cursorReg, ts + 4);
        regs[cursorReg] = cur + k;
      }
      if (kind === 'f_rd3') access(ECALL_IO, 'len', e, IN_LEN, ts + 5);
      const flag = kind === 'f_wr1' ? 'is_out' : kind === 'f_rd3' ? 'is_in' : 'is_priv';
      for (let j = 0; j < k; j++) {
        const addr = (buf + j) >>> 0;
        const byte = kind === 'f_rd3' ? pubIn[cur + j]! : kind === 'f_rd0' ? privIn[privPos + j]! : 0;
        const out = copyRow(i, flag, ts + TS_ECALL + j, addr, cur + j, k - j, byte);
        if (kind === 'f_wr1') output.push(out!);
      }
      if (kind === 'f_rd0') privPos += k;
      const end = (buf + k) >>> 0;
      E.w_end![e] = end >>> 2;
      E.off_end![e] = end & 3;
      nextTs = ts + TS_ECALL + k;
      continue;
    }
    if (op === Op.ECALL) {
      const a7 = regs[A7]!;
      if (a7 !== Syscall.EXIT) throw new MachineError('INVALID_INPUT', `the run ends with system call ${a7}, not exit`);
      const a0 = regs[A0]!;
      col(EXIT, 'is_real')[0] = 1;
      col(EXIT, 'pc')[0] = pc;
      col(EXIT, 'ts')[0] = ts;
      col(EXIT, 'a7_l')[0] = a7 & 0xffff;
      col(EXIT, 'a7_h')[0] = a7 >>> 16;
      col(EXIT, 'a0_l')[0] = a0 & 0xffff;
      col(EXIT, 'a0_h')[0] = a0 >>> 16;
      access(EXIT, 'a7', 0, A7, ts + SLOT.RS1);
      access(EXIT, 'a0', 0, A0, ts + SLOT.RS2);
      const inCur = regs[IN_CUR]!;
      col(EXIT, 'in_cur')[0] = inCur;
      col(EXIT, 'in_len')[0] = pubIn.length;
      col(EXIT, 'out_cur')[0] = regs[OUT_CUR]!;
      access(EXIT, 'in_cur', 0, IN_CUR, ts + 2);
      access(EXIT, 'in_len', 0, IN_LEN, ts + 3);
      access(EXIT, 'out_cur', 0, OUT_CUR, ts + 4);
      // Drain the public input the guest did not read.
      const left = pubIn.length - inCur;
      for (let j = 0; j < left; j++) copyRow(i, 'is_drain', ts + TS_ECALL + j, j, inCur + j, left - j, pubIn[inCur + j]!);
      col(EXIT, 'w_end')[0] = left >>> 2;
      col(EXIT, 'off_end')[0] = left & 3;
      exitCode = a0;
      break;
    }
    if (op >= Op.LB && op <= Op.SW) {
      const isLoad = op <= Op.LHU;
      const [F, fr, comp] = isLoad ? [Ld, rl++, LOAD] : [St, rst++, STORE];
      const rs1 = tRs1![row]!;
      const imm = (tImmL![row]! | (tImmH![row]! << 16)) >>> 0;
      const b = regs[rs1]!;
      F.is_real![fr] = 1;
      F.pc![fr] = pc;
      F.ts![fr] = ts;
      F.rs1![fr] = rs1;
      F.imm_l![fr] = imm & 0xffff;
      F.imm_h![fr] = imm >>> 16;
      F.b_l![fr] = b & 0xffff;
      F.b_h![fr] = b >>> 16;
      access(comp, 'rs1', fr, rs1, ts + SLOT.RS1);
      const addr = fillAddress(F, fr, b, imm);
      const size = op === Op.LW || op === Op.SW ? 4 : op === Op.LH || op === Op.LHU || op === Op.SH ? 2 : 1;
      const wi = wordIndex(i, addr, size, !isLoad);
      const old = memWords[wi]!;
      if (isLoad) {
        const rd = tRd![row]!;
        F.is_lh![fr] = op === Op.LH ? 1 : 0;
        F.is_lw![fr] = op === Op.LW ? 1 : 0;
        F.is_lbu![fr] = op === Op.LBU ? 1 : 0;
        F.is_lhu![fr] = op === Op.LHU ? 1 : 0;
        F.rd![fr] = rd;
        F.ro![fr] = memory.isWritablePage(wi >>> LOG_PAGE_WORDS) ? 0 : 1;
        memAccess(comp, fr, wi, ts + SLOT.MEM);
        const a = fillLoadValue(F, fr, op, addr, old);
        F.rd_prev_l![fr] = regs[rd]! & 0xffff;
        F.rd_prev_h![fr] = regs[rd]! >>> 16;
        access(comp, 'rd', fr, rd, ts + SLOT.RD);
        regs[rd] = a;
      } else {
        const rs2 = tRs2![row]!;
        const c = regs[rs2]!;
        F.is_sh![fr] = op === Op.SH ? 1 : 0;
        F.is_sw![fr] = op === Op.SW ? 1 : 0;
        F.rs2![fr] = rs2;
        F.c_l![fr] = c & 0xffff;
        F.c_h![fr] = c >>> 16;
        access(comp, 'rs2', fr, rs2, ts + SLOT.RS2);
        memAccess(comp, fr, wi, ts + SLOT.MEM);
        memWords[wi] = fillStoreValue(F, fr, op, addr, old, c);
      }
      continue;
    }
    if (op === Op.JAL || op === Op.JALR || op === Op.AUIPC) {
      const rd = tRd![row]!;
      const rs1 = tRs1![row]!;
      const immL = tImmL![row]!;
      const immH = tImmH![row]!;
      const b = regs[rs1]!;
      J.is_real![rj] = 1;
      J.pc![rj] = pc;
      J.ts![rj] = ts;
      J.is_jal![rj] = op === Op.JAL ? 1 : 0;
      J.is_jalr![rj] = op === Op.JALR ? 1 : 0;
      J.rd![rj] = rd;
      J.rs1![rj] = rs1;
      J.imm_l![rj] = immL;
      J.imm_h![rj] = immH;
      J.val_l![rj] = tValL![row]!;
      J.val_h![rj] = tValH![row]!;
      J.next![rj] = tNext![row]!;
      J.b_l![rj] = b & 0xffff;
      J.b_h![rj] = b >>> 16;
      access(JUMP_UPPER, 'rs1', rj, rs1, ts + SLOT.RS1);
      let pcNext = tNext![row]!;
      if (op === Op.JALR) {
        const lo = (b & 0xffff) + immL;
        const k1 = lo >>> 16;
        const hi = (b >>> 16) + immH + k1;
        const t = ((lo & 0xffff) | ((hi & 0xffff) << 16)) >>> 0;
        // The executor faults on such a target; the AIR bounds t.h below 2^15 (no witness exists).
        if (t >= 2 ** 31) throw new MachineError('INVALID_INPUT', `cycle ${i}: JALR target 0x${t.toString(16)} is not below 2^31`);
        J.h![rj] = (t & 0xffff) >>> 1;
        J.bit0![rj] = t & 1;
        J.t_h![rj] = t >>> 16;
        J.k1![rj] = k1;
        J.k2![rj] = hi >>> 16;
        pcNext = t - (t & 1);
      }
      J.pc_next![rj] = pcNext;
      J.rd_prev_l![rj] = regs[rd]! & 0xffff;
      J.rd_prev_h![rj] = regs[rd]! >>> 16;
      access(JUMP_UPPER, 'rd', rj, rd, ts + SLOT.RD);
      regs[rd] = (tValL![row]! | (tValH![row]! << 16)) >>> 0;
      rj++;
      continue;
    }
    if (op >= Op.BEQ && op <= Op.BGEU) {
      const rs1 = tRs1![row]!;
      const rs2 = tRs2![row]!;
      const b = regs[rs1]!;
      const c = regs[rs2]!;
      Br.is_real![rb] = 1;
      Br.pc![rb] = pc;
      Br.ts![rb] = ts;
      Br.is_bne![rb] = op === Op.BNE ? 1 : 0;
      Br.is_blt![rb] = op === Op.BLT ? 1 : 0;
      Br.is_bge![rb] = op === Op.BGE ? 1 : 0;
      Br.is_bltu![rb] = op === Op.BLTU ? 1 : 0;
      Br.is_bgeu![rb] = op === Op.BGEU ? 1 : 0;
      Br.rs1![rb] = rs1;
      Br.rs2![rb] = rs2;
      Br.imm_l![rb] = tImmL![row]!;
      Br.imm_h![rb] = tImmH![row]!;
      Br.next![rb] = tNext![row]!;
      Br.b_l![rb] = b & 0xffff;
      Br.b_h![rb] = b >>> 16;
      Br.c_l![rb] = c & 0xffff;
      Br.c_h![rb] = c >>> 16;
      access(BRANCH, 'rs1', rb, rs1, ts + SLOT.RS1);
      access(BRANCH, 'rs2', rb, rs2, ts + SLOT.RS2);
      const lt = fillLessThan(Br, rb, b, c, op === Op.BLT || op === Op.BGE);
      const eq = b === c ? 1 : 0;
      Br.e![rb] = eq;
      const dl = m31.sub(b & 0xffff, c & 0xffff);
      const dh = m31.sub(b >>> 16, c >>> 16);
      Br.inv![rb] = eq ? 0 : m31.inv(m31.add(m31.sqr(dl), m31.sqr(dh)));
      const taken = op === Op.BEQ ? eq : op === Op.BNE ? 1 - eq : op === Op.BLT || op === Op.BLTU ? lt : 1 - lt;
      Br.taken![rb] = taken;
      Br.pc_next![rb] = taken ? tNext![row]! : pc + 4;
      rb++;
      continue;
    }
    if (familyOf(op) === SHIFT_FAMILY) {
      const useImm = op === Op.SLLI || op === Op.SRLI || op === Op.SRAI;
      const right = op !== Op.SLL && op !== Op.SLLI;
      const arith = op === Op.SRA || op === Op.SRAI;
      S.is_srl![rs] = op === Op.SRL ? 1 : 0;
      S.is_sra![rs] = op === Op.SRA ? 1 : 0;
      S.is_slli![rs] = op === Op.SLLI ? 1 : 0;
      S.is_srli![rs] = op === Op.SRLI ? 1 : 0;
      S.is_srai![rs] = op === Op.SRAI ? 1 : 0;
      const { rd, b, c } = aluOperands(SHIFT_FAMILY, S, rs, row, pc, ts, useImm);
      const sh = c & 31;
      const k = sh & 7;
      S.k![rs] = k;
      S.q![rs] = (c & 0xffff) >>> 5;
      Sf[sh >>> 3]![rs] = 1;
      S.b0![rs] = b & 0xff;
      S.b2![rs] = (b >>> 16) & 0xff;
      const sb = b >>> 31;
      S.sb![rs] = sb;
      const fill = arith ? sb : 0;
      S.fill![rs] = fill;
      for (let i = 0; i < 5; i++) {
        const x = i < 4 ? (b >>> (8 * i)) & 0xff : 255 * fill;
        const [u, v] = shiftBytes(x, k, right);
        Su[i]![rs] = u;
        Sv[i]![rs] = v;
      }
      const a = (right ? (arith ? b >> sh : b >>> sh) : b << sh) >>> 0;
      S.a_l![rs] = a & 0xffff;
      S.a_h![rs] = a >>> 16;
      aluWrite(SHIFT_FAMILY, S, rs, rd, a, ts);
      rs++;
      continue;
    }
    if (familyOf(op) === MUL_FAMILY || familyOf(op) === DIV_REM) {
      const mul = familyOf(op) === MUL_FAMILY;
      const [F, fr, comp] = mul ? [Mu, rm++, MUL_FAMILY] : [Dr, rdr++, DIV_REM];
      const { rd, b, c } = aluOperands(comp, F, fr, row, pc, ts, false);
      const { q, r: rem } = mul ? { q: 0, r: 0 } : divRemResults(op, b, c);
      const a = mul ? fillMulRow(F, fr, op, b, c) : fillDivRemRow(F, fr, op, b, c, q, rem);
      aluWrite(comp, F, fr, rd, a, ts);
      continue;
    }
    if (familyOf(op) === COMPARE || familyOf(op) === BITWISE) {
      const cmp = familyOf(op) === COMPARE;
      const [F, fr, comp] = cmp ? [C, rc++, COMPARE] : [X, rx++, BITWISE];
      const useImm = op === Op.SLTI || op === Op.SLTIU || op === Op.ANDI || op === Op.ORI || op === Op.XORI;
      const { rd, b, c } = aluOperands(comp, F, fr, row, pc, ts, useImm);
      let a: number;
      if (cmp) {
        F.is_sltu![fr] = op === Op.SLTU ? 1 : 0;
        F.is_slti![fr] = op === Op.SLTI ? 1 : 0;
        F.is_sltiu![fr] = op === Op.SLTIU ? 1 : 0;
        a = fillLessThan(F, fr, b, c, op === Op.SLT || op === Op.SLTI);
      } else {
        F.is_or![fr] = op === Op.OR ? 1 : 0;
        F.is_xor![fr] = op === Op.XOR ? 1 : 0;
        F.is_andi![fr] = op === Op.ANDI ? 1 : 0;
        F.is_ori![fr] = op === Op.ORI ? 1 : 0;
        F.is_xori![fr] = op === Op.XORI ? 1 : 0;
        F.b0![fr] = b & 0xff;
        F.b2![fr] = (b >>> 16) & 0xff;
        F.c0![fr] = c & 0xff;
        F.c2![fr] = (c >>> 16) & 0xff;
        const and = (b & c) >>> 0;
        for (let k = 0; k < 4; k++) Xn[k]![fr] = (and >>> (8 * k)) & 0xff;
        a = (op === Op.AND || op === Op.ANDI ? and : op === Op.OR || op === Op.ORI ? b | c : b ^ c) >>> 0;
        F.a_l![fr] = a & 0xffff;
        F.a_h![fr] = a >>> 16;
      }
      aluWrite(comp, F, fr, rd, a, ts);
      continue;
    }
    const isSub = op === Op.SUB ? 1 : 0;
    A.is_sub![r] = isSub;
    A.is_addi![r] = op === Op.ADDI ? 1 : 0;
    A.is_lui![r] = op === Op.LUI ? 1 : 0;
    const { rd, b, c } = aluOperands(ADD_SUB, A, r, row, pc, ts, op === Op.ADDI || op === Op.LUI);
    const a = (isSub ? b - c : b + c) >>> 0;
    const sigma = isSub ? -1 : 1;
    const k1 = ((b & 0xffff) + sigma * (c & 0xffff) - (a & 0xffff)) / 65536;
    const k2 = ((b >>> 16) + sigma * (c >>> 16) + k1 - (a >>> 16)) / 65536;
    A.a_l![r] = a & 0xffff;
    A.a_h![r] = a >>> 16;
    A.k1![r] = fe(k1);
    A.k2![r] = fe(k2);
    aluWrite(ADD_SUB, A, r, rd, a, ts);
    r++;
  }
  const fl = col(REG_FINAL, 'v_l');
  const fh = col(REG_FINAL, 'v_h');
  const ft = col(REG_FINAL, 'ts');
  for (let i = 0; i < N_REGS; i++) {
    fl[i] = regs[i]! & 0xffff;
    fh[i] = regs[i]! >>> 16;
    ft[i] = last[i]!;
  }
  // Memory boundaries: final values and times of the image words, and the touched zero-page words.
  const layout = program.layout;
  const img = layout.image;
  const finL = col(MEM_IMAGE, 'fin_l');
  const finH = col(MEM_IMAGE, 'fin_h');
  const tFin = col(MEM_IMAGE, 't_fin');
  for (let k = 0; k < img.rows; k++) {
    const wi = img.w[k]! - baseWord;
    finL[k] = memWords[wi]! & 0xffff;
    finH[k] = memWords[wi]! >>> 16;
    tFin[k] = memLast[wi]!;
  }
  const touched: number[] = [];
  for (let z = 0; z < layout.zeroPageCount; z++) {
    const w0 = layout.zeroPages[z]! * PAGE_WORDS - baseWord;
    for (let k = 0; k < PAGE_WORDS; k++) if (memLast[w0 + k] !== 0) touched.push(w0 + k);
  }
  const nCopy = io.is_real!.length;
  sizes = Object.freeze({ ...sizes, memZero: logSizeFor(touched.length, program.minLog), ioByte: logSizeFor(nCopy, program.minLog) });
  air = machineAir(program, sizes);
  const ii = air.components.findIndex((c) => c.name === IO_BYTE);
  const ioCols = air.components[ii]!.mainNames.map((nm) => {
    const a = new Uint32Array(2 ** sizes.ioByte);
    a.set(io[nm]!);
    return a;
  });
  const zi = air.components.findIndex((c) => c.name === MEM_ZERO);
  const Z = Object.fromEntries(air.components[zi]!.mainNames.map((nm) => [nm, new Uint32Array(2 ** sizes.memZero)]));
  Z.is_last![Z.is_last!.length - 1] = 1;
  touched.forEach((wi, r) => {
    const W = wi + baseWord;
    Z.is_real![r] = 1;
    Z.page![r] = W >>> LOG_PAGE_WORDS;
    Z.off![r] = W & (PAGE_WORDS - 1);
    Z.fin_l![r] = memWords[wi]! & 0xffff;
    Z.fin_h![r] = memWords[wi]! >>> 16;
    Z.t_fin![r] = memLast[wi]!;
    if (r + 1 < touched.length) {
      const d = touched[r + 1]! - wi - 1;
      Z.d0![r] = d & ((1 << TS_LIMB_SHIFT) - 1);
      Z.d1![r] = d >>> TS_LIMB_SHIFT;
    }
  });
  const allColumns = columns.map((c, k) => (k === zi ? air.components[zi]!.mainNames.map((nm) => Z[nm]!) : k === ii ? ioCols : c));
  const out: MachineTrace = Object.freeze({ ...t, air, sizes, columns: allColumns, exitCode: exitCode >>> 0, publicInput: pubIn, publicOutput: Uint8Array.from(output) });
  recountTables(out);
  return out;
}

/** Fills the less-than columns (sb, sc, w1, w2, d_h) of row `row` and returns lt. */
function fillLessThan(F: Record<string, Uint32Array>, row: number, b: number, c: number, signed: boolean): number {
  const v = lessThanRow(b, c, signed);
  F.sb![row] = v.sb;
  F.sc![row] = v.sc;
  F.w1![row] = v.w1;
  F.w2![row] = v.w2;
  F.d_h![row] = v.dH;
  return v.w2;
}

/**
 * Builds the witness of a traced run and checks the replay against it: the trace's pcs, the values the
 * trace recorded for rs1/rs2/rd, the final registers and the exit code.
 * @throws MachineError `TRACE_MISMATCH` if they disagree; see {@link traceFromPcs} for the others
 */
export function traceFromExecution(image: ElfImage, result: ExecutionResult, program: MachineProgram = machineProgram(image), inputs: WitnessInputs = {}): MachineTrace {
  const tr = result.trace;
  if (!tr) throw new MachineError('INVALID_INPUT', 'the run was not traced (execute with mode "traced")');
  const t = traceFromPcs(image, tr.pc, program, inputs);
  const out = result.publicOutput;
  if (out.length !== t.publicOutput.length || out.some((x, i) => x !== t.publicOutput[i])) throw new MachineError('TRACE_MISMATCH', 'the replayed public output differs from the run');
  if (t.exitCode !== result.exitCode >>> 0) throw new MachineError('TRACE_MISMATCH', `exit code ${t.exitCode} ≠ ${result.exitCode >>> 0}`);
  for (let i = 1; i < 32; i++) {
    if (t.registers[i] !== result.registers[i]! >>> 0) throw new MachineError('TRACE_MISMATCH', `final x${i}: ${t.registers[i]} ≠ ${result.registers[i]! >>> 0}`);
  }
  // Row-level agreement, cycle by cycle: each family's rows are filled in execution order.
  const word = (comp: string, lo: string, hi: string) => {
    const l = traceColumn(t, comp, lo);
    const h = traceColumn(t, comp, hi);
    return (r: number) => (l[r]! | (h[r]! << 16)) >>> 0;
  };
  const rs1Of: Record<string, (r: number) => number> = {
    [ADD_SUB]: word(ADD_SUB, 'b_l', 'b_h'),
    [JUMP_UPPER]: word(JUMP_UPPER, 'b_l', 'b_h'),
    [BRANCH]: word(BRANCH, 'b_l', 'b_h'),
    [COMPARE]: word(COMPARE, 'b_l', 'b_h'),
    [BITWISE]: word(BITWISE, 'b_l', 'b_h'),
    [SHIFT_FAMILY]: word(SHIFT_FAMILY, 'b_l', 'b_h'),
    [LOAD]: word(LOAD, 'b_l', 'b_h'),
    [STORE]: word(STORE, 'b_l', 'b_h'),
    [MUL_FAMILY]: word(MUL_FAMILY, 'b_l', 'b_h'),
    [DIV_REM]: word(DIV_REM, 'b_l', 'b_h'),
  };
  const lt = traceColumn(t, COMPARE, 'w2');
  const rdOf: Record<string, (r: number) => number> = {
    [ADD_SUB]: word(ADD_SUB, 'a_l', 'a_h'),
    [JUMP_UPPER]: word(JUMP_UPPER, 'val_l', 'val_h'),
    [COMPARE]: (r) => lt[r]!,
    [BITWISE]: word(BITWISE, 'a_l', 'a_h'),
    [SHIFT_FAMILY]: word(SHIFT_FAMILY, 'a_l', 'a_h'),
    [LOAD]: word(LOAD, 'a_l', 'a_h'),
    [MUL_FAMILY]: word(MUL_FAMILY, 'a_l', 'a_h'),
    [DIV_REM]: word(DIV_REM, 'a_l', 'a_h'),
  };
  const rs2Of: Record<string, (r: number) => number> = { [BRANCH]: word(BRANCH, 'c_l', 'c_h'), [STORE]: word(STORE, 'c_l', 'c_h') };
  const rdCol: Record<string, Uint32Array> = {
    [ADD_SUB]: traceColumn(t, ADD_SUB, 'rd'),
    [JUMP_UPPER]: traceColumn(t, JUMP_UPPER, 'rd'),
    [COMPARE]: traceColumn(t, COMPARE, 'rd'),
    [BITWISE]: traceColumn(t, BITWISE, 'rd'),
    [SHIFT_FAMILY]: traceColumn(t, SHIFT_FAMILY, 'rd'),
    [LOAD]: traceColumn(t, LOAD, 'rd'),
    [MUL_FAMILY]: traceColumn(t, MUL_FAMILY, 'rd'),
    [DIV_REM]: traceColumn(t, DIV_REM, 'rd'),
  };
  const nextCol: Record<string, Uint32Array> = { [JUMP_UPPER]: traceColumn(t, JUMP_UPPER, 'pc_next'), [BRANCH]: traceColumn(t, BRANCH, 'pc_next') };
  const rowOf: Record<string, number> = {};
  const ops = t.table.columns[1]!;
  for (let i = 0; i < tr.length - 1; i++) {
    const fam = familyOf(ops[t.table.rowOf(tr.pc[i]!)]!)!;
    if (fam === EXIT) continue; // read/write: checked through the output above and the final registers
    const r = (rowOf[fam] = (rowOf[fam] ?? -1) + 1);
    const b = rs1Of[fam]!(r);
    if (b !== tr.rs1[i]! >>> 0) throw new MachineError('TRACE_MISMATCH', `cycle ${i}: rs1 value ${b} ≠ traced ${tr.rs1[i]}`);
    const c = rs2Of[fam]?.(r);
    if (c !== undefined && c !== tr.rs2[i]! >>> 0) throw new MachineError('TRACE_MISMATCH', `cycle ${i}: rs2 value ${c} ≠ traced ${tr.rs2[i]}`);
    if (fam in rdCol && rdCol[fam]![r] !== SINK_REG && rdOf[fam]!(r) !== tr.rd[i]! >>> 0) {
      throw new MachineError('TRACE_MISMATCH', `cycle ${i}: rd value ${rdOf[fam]!(r)} ≠ traced ${tr.rd[i]}`);
    }
    if (fam in nextCol && nextCol[fam]![r] !== tr.pc[i + 1]) throw new MachineError('TRACE_MISMATCH', `cycle ${i}: next pc ${nextCol[fam]![r]} ≠ traced ${tr.pc[i + 1]}`);
  }
  return t;
}

/**
 * Recomputes the multiplicity columns of the program table, the U16, AND (and its byte pairs) and SHIFT tables
 * from every `use` of PROG, U16, AND, BYTE_PAIR and SHIFT in the other components. A tuple the table does not hold (a value ≥ 2^16, a pc/field mismatch)
 * is not counted, which leaves the logUp sum unbalanced: exactly what a cheating witness would face.
 */
export function recountTables(t: MachineTrace): void {
  const progMult = traceColumn(t, 'program', 'mult');
  const u16Mult = traceColumn(t, U16_TABLE, 'mult');
  const andMult = traceColumn(t, AND_TABLE, 'mult');
  const shiftMult = traceColumn(t, SHIFT_TABLE, 'mult');
  const zpMult = traceColumn(t, ZERO_PAGES, 'mult');
  const zpRow = new Map<number, number>();
  for (let k = 0; k < t.program.layout.zeroPageCount; k++) zpRow.set(t.program.layout.zeroPages[k]!, k);
  zpMult.fill(0);
  const pairMult = traceColumn(t, AND_TABLE, 'pair_mult');
  pairMult.fill(0);
  shiftMult.fill(0);
  progMult.fill(0);
  u16Mult.fill(0);
  andMult.fill(0);
  // One counter per relation; each reads the tuple from `v` (filled by the entry's loop, see lookup-eval.ts).
  let v = new Float64Array(0);
  const countU16 = (m: number) => {
    const x = v[0]!;
    if (x < 65536) u16Mult[x] = m31.add(u16Mult[x]!, m);
  };
  const countZeroPage = (m: number) => {
    const k = zpRow.get(v[0]!);
    if (k !== undefined) zpMult[k] = m31.add(zpMult[k]!, m);
  };
  const countAnd = (m: number) => {
    const x = v[0]!;
    const y = v[1]!;
    if (x < 256 && y < 256 && v[2] === (x & y)) andMult[x + 256 * y] = m31.add(andMult[x + 256 * y]!, m);
  };
  const countShift = (m: number) => {
    const x = v[0]!;
    const k = v[1]!;
    const dir = v[2]!;
    if (x < 256 && k < 8 && dir < 2) {
      const [eu, ev] = shiftBytes(x, k, dir === 1);
      const i = x + 256 * k + 2048 * dir;
      if (v[3] === eu && v[4] === ev) shiftMult[i] = m31.add(shiftMult[i]!, m);
    }
  };
  const progCols = t.table.columns;
  const countProg = (m: number) => {
    const pr = t.table.rowOf(v[0]!);
    if (pr < 0) return;
    for (let j = 0; j < PROGRAM_COLUMNS.length; j++) if ((v[j] ?? 0) !== progCols[j]![pr]) return;
    progMult[pr] = m31.add(progMult[pr]!, m);
  };
  const countBytePair = (m: number) => {
    const x = v[0]!;
    const y = v[1]!;
    if (x < 256 && y < 256) pairMult[x + 256 * y] = m31.add(pairMult[x + 256 * y]!, m);
  };
  const sinks = new Map<Relation, (m: number) => void>([[U16, countU16], [ZPAGE, countZeroPage], [AND, countAnd], [BYTE_PAIR, countBytePair], [SHIFT, countShift], [PROG, countProg]]);
  // Preprocessed columns are materialized only when an entry reads them (the fixed tables are 2^16 rows).
  const preValues = new Map<number, Uint32Array>();
  const preColumn = (g: number) => {
    let c = preValues.get(g);
    if (!c) preValues.set(g, (c = t.air.preprocessed[g]!.values()));
    return c;
  };
  t.air.components.forEach((c, ci) => {
    const n = 2 ** c.logSize;
    const main = t.columns[ci]!;
    const preIds = t.air.layout[ci]!.preprocessed;
    for (const l of c.lookups) {
      const sink = l.kind === 'use' ? sinks.get(l.relation) : undefined;
      if (!sink) continue;
      const pre: Uint32Array[] = [];
      for (const k of preprocessedReads([l.multiplicity, ...l.values])) pre[k] = preColumn(preIds[k]!);
      v = new Float64Array(l.values.length); // exact for any u32 or field value, one element kind
      lookupLoop(l.multiplicity, l.values)(n, main, pre, v, sink);
    }
  });
}
