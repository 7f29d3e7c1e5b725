/**
 * What a machine component is: one unit that owns its columns, its constraints and lookups, its row filling
 * from the execution trace, and (in its module comment) its soundness table. {@link defineFamily} makes one;
 * `registry.ts` lists them, and the AIR, the sizes, the witness builder's dispatch and the docs table all
 * derive from that list.
 *
 * Row filling sees the run through a {@link WitnessContext} (implemented by `../prover/witness.ts`): the
 * values the traced executor recorded for the cycle, and the bookkeeping every family shares (register and
 * memory cells with their last access times, the I/O streams). Families never re-execute an instruction:
 * results come from the trace and a family computes only its auxiliary columns (carries, limbs, flags).
 * @module
 */
import { component } from '../../air/verifier.js';
import type { Component, ComponentBuilder, PreprocessedColumn } from '../../air/verifier.js';
import type { MachineProgram } from '../program.js';
import { declareColumns } from './columns.js';
import type { ColumnOf, Rows } from './columns.js';

/** One cycle of the run, as the traced executor recorded it (reused between cycles: copy what you keep). */
export interface Cycle {
  /** Cycle index. */
  i: number;
  pc: number;
  /** Timestamp of the cycle's row (its accesses use ts + slot). */
  ts: number;
  /** Row of pc in the program table (its decoded fields: {@link WitnessContext.prog}). */
  row: number;
  /** Opcode as the program table stores it (`tableOpcode`). */
  op: number;
  /** Values read from rs1 and rs2 (0 for a register the instruction does not read). */
  rs1: number;
  rs2: number;
  /** Value the instruction computed for rd (also when rd is x0; 0 when it writes none). */
  rd: number;
  /** Effective address of a load or store. */
  addr: number;
}

/** The program table's decoded columns, by name (row order). */
export interface ProgramFields {
  readonly op: Uint32Array;
  readonly rd: Uint32Array;
  readonly rs1: Uint32Array;
  readonly rs2: Uint32Array;
  readonly immL: Uint32Array;
  readonly immH: Uint32Array;
  readonly valL: Uint32Array;
  readonly valH: Uint32Array;
  readonly next: Uint32Array;
}

/** What a family's row filling may use besides its own rows. */
export interface WitnessContext {
  readonly program: MachineProgram;
  readonly prog: ProgramFields;
  /** Register cells x0..x31, the sink and the virtual registers, as the run has written them so far. */
  readonly regs: Uint32Array;
  /** Time of each register's last access (0 before the first). */
  readonly regTimes: Uint32Array;
  /** Records an access at `time` to register `reg` into limb columns (d0, d1) at `row`. */
  access(d0: Uint32Array, d1: Uint32Array, row: number, reg: number, time: number): void;
  /** Data memory words (window index = (address − base) / 4), as the run has left them so far. */
  readonly words: Uint32Array;
  /** Time of each window word's last access (0 before the first). */
  readonly wordTimes: Uint32Array;
  /** Word index (address / 4) of window word 0. */
  readonly baseWord: number;
  /**
   * Window index of the word at `addr` for an access of `size` bytes, checking what the executor checks.
   * @throws MachineError `INVALID_INPUT` for an access the executor would have faulted on
   */
  wordIndex(cycle: number, addr: number, size: number, store: boolean): number;
  /** 1 if window word `wi` is read-only (in a non-writable page), else 0. */
  readOnly(wi: number): number;
  /** Records a memory access at `time` to window word `wi` into limb columns (d0, d1) at `row`. */
  memAccess(d0: Uint32Array, d1: Uint32Array, row: number, wi: number, time: number): void;
  /** The rows of another component (system calls append copy rows to `io_byte`). */
  rows(name: string): Rows<string>;
  /** The public input (fd 3) and private input (fd 0) streams. */
  readonly publicInput: Uint8Array;
  readonly privateInput: Uint8Array;
  /** Bytes of the private input consumed so far. */
  privatePos: number;
  /** The public output written so far. */
  readonly output: number[];
  /** Timestamp of the next cycle: ts + TS_STEP unless the family sets it (system calls with copy rows). */
  nextTs: number;
  /** Set by the exit family. */
  exitCode: number;
  /** In a shard of a sharded run: where the shard stands (absent for one proof of the whole run). */
  readonly shard?: ShardContext;
}

/** The boundary of one shard (`shard-boundary.ts`, `docs/continuations.md`). */
export interface ShardContext {
  /** Shard index k (1-based) and the number of shards K. */
  readonly index: number;
  readonly count: number;
  /** Per window word: the last shard before this one that touched it (0: none); the boundary updates it. */
  readonly lastShard: Uint16Array;
  /** The register cells and window words as the shard found them. */
  readonly regsIn: Uint32Array;
  readonly wordsIn: Uint32Array;
  /** The pc of the shard's first cycle and of the next shard's first cycle (0 in the last shard). */
  readonly pcIn: number;
  readonly pcOut: number;
}

/** The description of one machine component (see the module comment). */
export interface Family<C extends string = string, K extends string = string> {
  /** Component name (unique; it names the component in the AIR and in error messages). */
  readonly name: string;
  /** Key of its log size in `MachineSizes` when the run sizes it; absent for tables sized by the program. */
  readonly sizeKey?: K;
  /** Table opcodes whose cycles it proves. */
  readonly ops: readonly number[];
  /** For `ecall`: the a7 values (system-call numbers) it proves. */
  readonly syscalls: readonly number[];
  /** Main columns, in commitment order. */
  readonly columns: readonly C[];
  /** Log size of a component not sized by the run (tables): a function of the program. */
  readonly fixedLogSize?: (program: MachineProgram) => number;
  /** Preprocessed columns this unit contributes to the AIR (in order; shared ids are the first user's). */
  readonly preprocessed?: (program: MachineProgram) => PreprocessedColumn[];
  /** The component of 2^logSize rows. */
  component(logSize: number, program: MachineProgram): Component;
  // Methods, not function properties: a registry holds families of different column unions as `Family`.
  /** Fills the row of one cycle of its opcodes. */
  fill?(ctx: WitnessContext, rows: Rows<C>, cy: Cycle): void;
  /** Fills its rows after the run (boundary components: final registers, final memory). */
  finish?(ctx: WitnessContext, rows: Rows<C>): void;
  /** Adjusts the padding once the component's size is fixed (rows resized to `size`). */
  pad?(rows: Rows<C>, size: number): void;
}

/** The parts of a {@link Family} a unit writes; {@link defineFamily} adds the rest. */
export interface FamilySpec<C extends string, K extends string> {
  readonly name: string;
  readonly sizeKey?: K;
  readonly ops?: readonly number[];
  readonly syscalls?: readonly number[];
  readonly columns: readonly C[];
  readonly fixedLogSize?: (program: MachineProgram) => number;
  readonly preprocessed?: (program: MachineProgram) => PreprocessedColumn[];
  /** Declares the constraints and lookups, reading the declared columns through `col`. */
  readonly constraints: (b: ComponentBuilder, col: ColumnOf<C>, program: MachineProgram) => void;
  fill?(ctx: WitnessContext, rows: Rows<C>, cy: Cycle): void;
  finish?(ctx: WitnessContext, rows: Rows<C>): void;
  pad?(rows: Rows<C>, size: number): void;
}

/** A frozen {@link Family} from its spec: the columns are declared, in order, before the constraints. */
export function defineFamily<C extends string, K extends string = never>(spec: FamilySpec<C, K>): Family<C, K> {
  const { constraints, ...rest } = spec;
  return Object.freeze({
    ...rest,
    ops: Object.freeze([...(spec.ops ?? [])]),
    syscalls: Object.freeze([...(spec.syscalls ?? [])]),
    columns: Object.freeze([...spec.columns]),
    component: (logSize: number, program: MachineProgram) =>
      component(spec.name, logSize, (b) => constraints(b, declareColumns(b, spec.columns), program)),
  });
}
