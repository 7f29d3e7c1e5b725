/**
 * Witness generation: turns the executor's trace of a run into the rows of every machine component. One
 * loop over the cycles dispatches each to the family that proves its opcode (`families/registry.ts`); the
 * family fills its row from the traced values (pc, operands, result, address) and the bookkeeping kept here
 * (register and memory cells, each with its last access time, and the I/O streams). Nothing re-executes an
 * instruction: the executor is the one RV32IM semantics, and a trace that disagrees with it gives a
 * witness the prover's own verification rejects (`prove.ts`, {@link proveChecked}).
 *
 * After the loop the boundary components fill their rows (final registers, final memory), every
 * component's size is fixed, and {@link recountTables} derives the multiplicities of the lookup tables
 * from the rows.
 * @module
 */
import type { Air } from '../../air/verifier.js';
import type { Witness } from '../../air/prover/witness.js';
import { Op, OP_NAMES } from '../../vm/decoder.js';
import type { ElfImage } from '../../vm/elf.js';
import type { ExecutionResult } from '../../vm/executor.js';
import { Memory } from '../../vm/memory.js';
import { Syscall } from '../../vm/syscalls.js';
import type { ExecutionTrace, TraceChunk } from '../../vm/trace.js';
import { machineAir, shardAir } from '../air.js';
import { MachineError } from '../errors.js';
import { Rows } from '../families/columns.js';
import type { Cycle, ProgramFields, ShardContext, WitnessContext } from '../families/family.js';
import { RV32IM, shardRegistry } from '../families/registry.js';
import type { ShardPosition } from '../families/shard-boundary.js';
import type { MachineRegistry, MachineSizes } from '../families/registry.js';
import { LOG_PAGE_WORDS } from '../memory-layout.js';
import { machineProgram } from '../program.js';
import type { MachineProgram } from '../program.js';
import { logSizeFor } from '../program-table.js';
import type { ProgramTable } from '../program-table.js';
import { FIRST_TS, IN_LEN, MAX_IO_BYTES, MAX_TS, N_REGS, TS_LIMB_SHIFT, TS_STEP } from '../relations.js';
import { recountTables } from './recount.js';

export { recountTables } from './recount.js';

/** Mask of the low timestamp-difference limb (`gadgets/access.ts`, `tsLimbs`, inlined in the hot path). */
const TS_LIMB_MASK = (1 << TS_LIMB_SHIFT) - 1;

/** The input streams of a run (system calls read them as the executor did). */
export interface WitnessInputs {
  readonly publicInput?: Uint8Array;
  readonly privateInput?: Uint8Array;
}

/** A machine witness: the AIR and every component's main columns in row order. */
export interface MachineTrace {
  readonly table: ProgramTable;
  readonly program: MachineProgram;
  readonly registry: MachineRegistry;
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

/** The program table's columns by name. */
function programFields(table: ProgramTable): ProgramFields {
  const [, op, rd, rs1, rs2, immL, immH, valL, valH, next] = table.columns as readonly Uint32Array[];
  return Object.freeze({ op: op!, rd: rd!, rs1: rs1!, rs2: rs2!, immL: immL!, immH: immH!, valL: valL!, valH: valH!, next: next! });
}

/**
 * Which family proves each cycle (index into `registry.families`), checking what no run can violate:
 * every pc in the program, every instruction provable, one exit at the end.
 */
function dispatch(trace: TraceChunk, table: ProgramTable, prog: ProgramFields, registry: MachineRegistry, endsWithExit: boolean): Uint8Array {
  const n = trace.length;
  const index = new Map(registry.families.map((f, i) => [f, i]));
  const out = new Uint8Array(n);
  const at = (i: number) => `cycle ${i}: pc 0x${(trace.pc[i]! >>> 0).toString(16)}`;
  for (let i = 0; i < n; i++) {
    const row = table.rowOf(trace.pc[i]!);
    if (row < 0) throw new MachineError('INVALID_INPUT', `${at(i)} is not in the program`);
    const op = prog.op[row]!;
    const a7 = op === Op.ECALL ? trace.rs2[i]! : 0;
    if (op === Op.ECALL && (a7 === Syscall.EXIT) !== (endsWithExit && i === n - 1)) {
      throw new MachineError('INVALID_INPUT', a7 !== Syscall.EXIT ? `the run ends with system call ${a7}, not exit` : `${at(i)}: exit before the last cycle`);
    }
    const f = registry.familyOf(op, a7);
    if (!f) {
      // Opcode 0 (illegal or not executable) and EBREAK have no family, and the executor faults on both;
      // this guards traces no run produces (FENCE is ADDI in the table, see `tableOpcode`).
      if (op === Op.ECALL) throw new MachineError('INVALID_INPUT', `${at(i)}: system call ${a7} has no proof (only read fd 0/3, write fd 1/2 and exit)`);
      throw new MachineError('INVALID_INPUT', `${at(i)} holds ${op === Op.ILLEGAL ? 'no executable instruction' : OP_NAMES[op]}, which no run executes (the executor faults on it)`);
    }
    out[i] = index.get(f)!;
  }
  if (endsWithExit && (n === 0 || prog.op[table.rowOf(trace.pc[n - 1]!)] !== Op.ECALL)) throw new MachineError('INVALID_INPUT', 'the run does not end with an exit ecall');
  return out;
}

/** The shared bookkeeping of the families' row filling (see `families/family.ts`). */
function witnessContext(run: RunState, program: MachineProgram, prog: ProgramFields, rows: readonly Rows<string>[], registry: MachineRegistry, shard?: ShardContext): WitnessContext {
  const { memory, regs, words, publicInput } = run;
  const regTimes = new Uint32Array(N_REGS);
  const wordTimes = new Uint32Array(memory.size / 4);
  const byName = new Map(registry.families.map((f, i) => [f.name, rows[i]!]));
  return {
    program,
    prog,
    regs,
    regTimes,
    access(d0, d1, row, reg, time) {
      const d = time - regTimes[reg]! - 1;
      d0[row] = d & TS_LIMB_MASK;
      d1[row] = d >>> TS_LIMB_SHIFT;
      regTimes[reg] = time;
    },
    words,
    wordTimes,
    baseWord: memory.base / 4,
    wordIndex(cycle, addr, size, store) {
      if (addr % size !== 0) throw new MachineError('INVALID_INPUT', `cycle ${cycle}: misaligned access at 0x${addr.toString(16)}`);
      const off = addr - memory.base;
      const ok = off >= 0 && off < memory.size && (store ? memory.isWritablePage(off >>> 12) : memory.pages[off >>> 12] !== 0);
      if (!ok) throw new MachineError('INVALID_INPUT', `cycle ${cycle}: ${store ? 'store to' : 'load from'} 0x${addr.toString(16)} outside the ${store ? 'writable' : 'mapped'} memory`);
      return off >>> 2;
    },
    readOnly: (wi) => (memory.isWritablePage(wi >>> LOG_PAGE_WORDS) ? 0 : 1),
    memAccess(d0, d1, row, wi, time) {
      const d = time - wordTimes[wi]! - 1;
      d0[row] = d & TS_LIMB_MASK;
      d1[row] = d >>> TS_LIMB_SHIFT;
      wordTimes[wi] = time;
    },
    rows(name) {
      const r = byName.get(name);
      if (!r) throw new MachineError('INVALID_INPUT', `no component ${name}`);
      return r;
    },
    publicInput,
    privateInput: run.privateInput,
    privatePos: run.privatePos,
    output: run.output,
    nextTs: FIRST_TS,
    exitCode: 0,
    ...(shard ? { shard } : {}),
  };
}

/**
 * The machine state the witness builder carries through a run: the memory and registers as the families
 * write them, and the I/O streams. One proof of the whole run uses one; a sharded run carries it from
 * shard to shard ({@link shardWitness}).
 */
export interface RunState {
  readonly memory: Memory;
  /** Register cells x0..x31, the sink and the virtual registers. */
  readonly regs: Uint32Array;
  /** The memory window as words (a view of `memory`). */
  readonly words: Uint32Array;
  readonly publicInput: Uint8Array;
  readonly privateInput: Uint8Array;
  privatePos: number;
  readonly output: number[];
}

/** The state at the start of a run of `image`. @throws MachineError `TOO_LARGE` for a public input over MAX_IO_BYTES */
export function runState(image: ElfImage, inputs: WitnessInputs = {}): RunState {
  const memory = new Memory(image);
  const publicInput = inputs.publicInput ?? new Uint8Array(0);
  if (publicInput.length > MAX_IO_BYTES) throw new MachineError('TOO_LARGE', `public input of ${publicInput.length} bytes exceeds ${MAX_IO_BYTES}`);
  const regs = new Uint32Array(N_REGS);
  regs[IN_LEN] = publicInput.length;
  return { memory, regs, words: new Uint32Array(memory.bytes.buffer, 0, memory.size / 4), publicInput, privateInput: inputs.privateInput ?? new Uint8Array(0), privatePos: 0, output: [] };
}

/**
 * Builds the witness of the run that `trace` records (one entry per cycle, the last an exit `ecall`).
 * @throws MachineError `INVALID_INPUT` for a pc outside the program, a pc whose instruction the executor
 *   faults on (EBREAK, illegal words), a system call other than read/write/exit or a run that does not end
 *   with exit; `TOO_LARGE` when the run exceeds the timestamp bound
 */
export function witnessFromTrace(image: ElfImage, trace: ExecutionTrace, program: MachineProgram = machineProgram(image), inputs: WitnessInputs = {}, registry: MachineRegistry = RV32IM): MachineTrace {
  return buildWitness(runState(image, inputs), trace, program, registry, undefined, (sizes) => machineAir(program, sizes as unknown as MachineSizes, registry));
}

/**
 * Builds the witness of shard `shard.index` of `shard.count` from its cycles (`trace`), continuing `run`
 * (which it advances to the shard's end). `lastShard` is per window word the last shard that touched it
 * (0: none); the boundary updates it. `pcOut` is the next shard's first pc (ignored in the last shard).
 * @throws MachineError as {@link witnessFromTrace}; a middle shard must not exit, the last must
 */
export function shardWitness(run: RunState, trace: TraceChunk, program: MachineProgram, shard: ShardPosition, lastShard: Uint16Array, pcOut: number): MachineTrace {
  const registry = shardRegistry(shard);
  if (trace.length === 0) throw new MachineError('INVALID_INPUT', 'empty shard');
  const ctx: ShardContext = Object.freeze({
    index: shard.index, count: shard.count, lastShard, regsIn: run.regs.slice(), wordsIn: run.words.slice(), pcIn: trace.pc[0]!, pcOut: shard.index === shard.count ? 0 : pcOut,
  });
  return buildWitness(run, trace, program, registry, ctx, (sizes) => shardAir(program, sizes, shard));
}

function buildWitness(run: RunState, trace: TraceChunk, program: MachineProgram, registry: MachineRegistry, shard: ShardContext | undefined, airOf: (sizes: Record<string, number>) => Air): MachineTrace {
  const n = trace.length;
  if (n === 0) throw new MachineError('INVALID_INPUT', 'empty run');
  if (FIRST_TS + TS_STEP * n >= MAX_TS) throw new MachineError('TOO_LARGE', `${n} cycles exceed the timestamp bound 2^29`);
  const table = program.table;
  const prog = programFields(table);
  const fams = registry.families;
  const which = dispatch(trace, table, prog, registry, !shard || shard.index === shard.count);
  // Rows: exact power-of-two capacity for the instruction families (counted first), the fixed size for
  // tables, and growth for the rest (copy rows, touched zero words).
  const counts = new Uint32Array(fams.length);
  for (let i = 0; i < n; i++) counts[which[i]!]!++;
  const rows = fams.map((f, k) => new Rows(f.columns, 2 ** (f.fixedLogSize ? f.fixedLogSize(program) : logSizeFor(counts[k]!, program.minLog))));
  const ctx = witnessContext(run, program, prog, rows, registry, shard);
  const cy: Cycle = { i: 0, pc: 0, ts: FIRST_TS, row: 0, op: 0, rs1: 0, rs2: 0, rd: 0, addr: 0 };
  const { pc, rs1, rs2, rd, mem } = trace;
  for (let i = 0; i < n; i++) {
    const k = which[i]!;
    cy.i = i;
    cy.pc = pc[i]!;
    cy.ts = ctx.nextTs;
    cy.row = table.rowOf(cy.pc);
    cy.op = prog.op[cy.row]!;
    cy.rs1 = rs1[i]!;
    cy.rs2 = rs2[i]!;
    cy.rd = rd[i]!;
    cy.addr = mem[i]!;
    ctx.nextTs = cy.ts + TS_STEP;
    fams[k]!.fill!(ctx, rows[k]!, cy);
  }
  fams.forEach((f, k) => f.finish?.(ctx, rows[k]!));
  run.privatePos = ctx.privatePos;
  const sizes: Record<string, number> = {};
  const columns = fams.map((f, k) => {
    const r = rows[k]!;
    const logSize = f.fixedLogSize ? f.fixedLogSize(program) : logSizeFor(r.n, program.minLog);
    if (f.sizeKey !== undefined) sizes[f.sizeKey] = logSize;
    r.resize(2 ** logSize);
    f.pad?.(r, 2 ** logSize);
    return r.columns();
  });
  const frozenSizes = Object.freeze(sizes) as unknown as MachineSizes;
  const air = airOf(frozenSizes);
  const out: MachineTrace = Object.freeze({
    table, program, registry, air, sizes: frozenSizes, columns,
    exitCode: ctx.exitCode >>> 0, publicInput: ctx.publicInput, publicOutput: Uint8Array.from(ctx.output), registers: ctx.regs,
  });
  recountTables(out);
  return out;
}

/**
 * Builds the witness of a traced run ({@link witnessFromTrace}) and checks what the run reported against
 * it: the public output and the exit code.
 * @throws MachineError `INVALID_INPUT` for an untraced run, `TRACE_MISMATCH` if they disagree
 */
export function traceFromExecution(image: ElfImage, result: ExecutionResult, program: MachineProgram = machineProgram(image), inputs: WitnessInputs = {}, registry: MachineRegistry = RV32IM): MachineTrace {
  if (!result.trace || result.trace.length !== result.cycles) throw new MachineError('INVALID_INPUT', 'the run was not traced (execute with mode "traced")');
  const t = witnessFromTrace(image, result.trace, program, inputs, registry);
  const out = result.publicOutput;
  if (out.length !== t.publicOutput.length || out.some((x, i) => x !== t.publicOutput[i])) throw new MachineError('TRACE_MISMATCH', 'the public output the copy rows carry differs from the run');
  if (t.exitCode !== result.exitCode >>> 0) throw new MachineError('TRACE_MISMATCH', `exit code ${t.exitCode} ≠ ${result.exitCode >>> 0}`);
  return t;
}
