/**
 * The machine AIR of one program (rv32im note §1, §6, §7): components `program`, `u16_table`, `and_table`,
 * `shift_table`, `reg_final`, `mem_image`, `zero_pages`, `mem_zero`, `add_sub`, `load`, `store`, `jump_upper`, `branch`, `compare`, `bitwise`, `shift`, `mul`, `div_rem`, `exit`, and the public logUp terms the verifier computes from the statement:
 *
 *   + 1/(φ_state(entry, 1) − z)  − 1/(φ_halt(code.l, code.h, out_len) − z)  + Σ_{i<36} 1/(φ_reg(i, v_i, 0, 0) − z)
 *   + Σ_{i<in_len} 1/(φ_in(i, x_i) − z)  − Σ_{j<out_len} 1/(φ_out(j, y_j) − z)  − 1/(φ_zero_end(0) − z),
 *
 * with v_i = 0 except v_35 = in_len (the input-length register), x the public input and y the public output.
 *
 * The statement is `statement.ts` `starkStatement`: program id ‖ public input ‖ public output as bytes
 * and [exit code, input length, output length] as words; the component log sizes are part of the AIR
 * shape, which the transcript absorbs before any challenge.
 * @module
 */
import { combinePublic, defineAir } from '../air/verifier.js';
import type { Air, RelationElements, Statement } from '../air/verifier.js';
import { qm31 } from '../field/index.js';
import type { QM31 } from '../field/index.js';
import type { ElfImage } from '../vm/elf.js';
import { addSubComponent } from './add-sub.js';
import { bitwiseComponent } from './bitwise.js';
import { branchComponent } from './branch.js';
import { compareComponent } from './compare.js';
import { divRemComponent } from './div-rem.js';
import { MachineError } from './errors.js';
import { ecallIoComponent } from './ecall-io.js';
import { exitComponent } from './exit.js';
import { ioByteComponent } from './io-byte.js';
import { jumpUpperComponent } from './jump-upper.js';
import { loadComponent } from './load.js';
import { memImageComponent, memoryPreprocessed, memZeroComponent, zeroPagesComponent } from './mem-boundary.js';
import { memoryLayout } from './memory-layout.js';
import type { MemoryLayout } from './memory-layout.js';
import { storeComponent } from './store.js';
import { logSizeFor, MIN_LOG_SIZE, programComponent, programPreprocessed, programTable } from './program-table.js';
import { ZK_SLACK } from '../stark/layout.js';
import type { StarkConfig } from '../stark/config.js';
import { mulComponent } from './mul.js';
import type { ProgramTable } from './program-table.js';
import { FIRST_TS, HALT, IN, IN_LEN, INITIAL_TS, MAX_TS, N_REGS, OUT, REG, STATE, TS_ECALL, ZERO_END } from './relations.js';
import { shiftComponent } from './shift.js';
import { MAX_IO_BYTES } from './statement.js';
import { andComponent, REG_FINAL_LOG_SIZE, regFinalComponent, shiftTableComponent, tablePreprocessed, u16Component } from './tables.js';

// The statement moved to `statement.ts`; re-exported for the modules that still import it from here.
export { MAX_IO_BYTES, type ExecutionClaim } from './statement.js';

/** Name of the AIR (absorbed into the transcript); bump the version with any change to the arithmetization. */
export const MACHINE_AIR_NAME = 'zkvm/rv32im-machine/v6';

/** Largest log size of an execution component the verifier accepts. */
export const MAX_FAMILY_LOG_SIZE = 24;

/** Log sizes of the execution components (the program-dependent and fixed tables are implied). */
export interface MachineSizes {
  readonly addSub: number;
  readonly load: number;
  readonly store: number;
  /** Touched words of zero pages. */
  readonly memZero: number;
  readonly jumpUpper: number;
  readonly branch: number;
  readonly compare: number;
  readonly bitwise: number;
  readonly shift: number;
  readonly mul: number;
  readonly divRem: number;
  readonly exit: number;
  readonly ecallIo: number;
  readonly ioByte: number;
}

/** The keys of {@link MachineSizes}, in a fixed order. */
export const SIZE_KEYS = Object.freeze(['addSub', 'load', 'store', 'memZero', 'jumpUpper', 'branch', 'compare', 'bitwise', 'shift', 'mul', 'divRem', 'exit', 'ecallIo', 'ioByte'] as const);

/** What the AIR needs to know about a program: its decoded code and its data-memory layout. */
export interface MachineProgram {
  readonly table: ProgramTable;
  readonly layout: MemoryLayout;
  /** Smallest component log size (zero knowledge needs enough rows to mask; see {@link machineMinLogSize}). */
  readonly minLog: number;
}

/**
 * Derives the {@link MachineProgram} of an ELF image, with components of at least 2^minLog rows.
 * @throws MachineError `INVALID_PROGRAM`
 */
export function machineProgram(image: ElfImage, minLog = MIN_LOG_SIZE): MachineProgram {
  return Object.freeze({ table: programTable(image, minLog), layout: memoryLayout(image, minLog), minLog });
}

/**
 * The smallest component log size a configuration needs: with zero knowledge every committed column is
 * masked by a random polynomial with one coefficient per value the proof reveals (`stark/layout.ts`: 4·o +
 * q·(1 + o) + slack for o ≤ 2 row offsets and q queries), which must fit the component's rows.
 */
export function machineMinLogSize(config: StarkConfig): number {
  if (!config.zeroKnowledge) return MIN_LOG_SIZE;
  return logSizeFor(4 * 2 + config.pcs.fri.nQueries * 3 + ZK_SLACK);
}

/** Component order of the machine AIR (witness columns follow it). */
export const MACHINE_COMPONENTS = Object.freeze(['program', 'u16_table', 'and_table', 'shift_table', 'reg_final', 'mem_image', 'zero_pages', 'mem_zero', 'add_sub', 'load', 'store', 'jump_upper', 'branch', 'compare', 'bitwise', 'shift', 'mul', 'div_rem', 'exit', 'ecall_io', 'io_byte'] as const);

/**
 * Checks claimed sizes: integers in [MIN_LOG_SIZE, MAX_FAMILY_LOG_SIZE], and few enough rows in all that
 * every timestamp stays below 2^29 (the soundness condition of the timestamp check, note §4).
 * @throws MachineError `INVALID_INPUT`
 */
export function checkSizes(sizes: MachineSizes): void {
  if (sizes === null || typeof sizes !== 'object') throw new MachineError('INVALID_INPUT', 'sizes must be an object');
  let rows = 0;
  for (const k of SIZE_KEYS) {
    const v = sizes[k];
    if (!Number.isInteger(v) || v < MIN_LOG_SIZE || v > MAX_FAMILY_LOG_SIZE) {
      throw new MachineError('INVALID_INPUT', `log size of ${k} must be an integer in [${MIN_LOG_SIZE}, ${MAX_FAMILY_LOG_SIZE}]: ${String(v)}`);
    }
    rows += 2 ** v;
  }
  // Every row advances the time by at most TS_ECALL (system calls; the others by TS_STEP) and every copy
  // row by 1, so this bounds every timestamp of the run.
  if (FIRST_TS + TS_ECALL * rows >= MAX_TS) throw new MachineError('INVALID_INPUT', `${rows} rows exceed the timestamp bound 2^29`);
}

/** The verifier's public logUp terms (see the module comment). @throws MachineError for a malformed statement */
export function publicTerms(entry: number, statement: Statement, elements: RelationElements): QM31 {
  const words = statement.words;
  const bytes = statement.bytes;
  const ok = (x: number | undefined, max: number) => Number.isInteger(x) && x! >= 0 && x! <= max;
  if (!words || words.length !== 3 || !ok(words[0], 2 ** 32 - 1) || !ok(words[1], MAX_IO_BYTES) || !ok(words[2], MAX_IO_BYTES) || !bytes || bytes.length !== 32 + words[1]! + words[2]!) {
    throw new MachineError('INVALID_INPUT', 'the machine statement has three words (exit code, input and output lengths) and id ‖ input ‖ output bytes');
  }
  const code = words[0]!;
  const nIn = words[1]!;
  const nOut = words[2]!;
  const el = (r: { name: string }) => {
    const e = elements.get(r.name);
    if (!e) throw new MachineError('INVALID_INPUT', `no challenges for relation ${r.name}`);
    return e;
  };
  const f = qm31.fromM31;
  // Σ ±1/d over up to 2^25 tuples, kept as one fraction num/den: two products per term and a single
  // inversion at the end, instead of an inversion per public byte.
  let num: QM31 = qm31.ZERO;
  let den: QM31 = qm31.ONE;
  const add = (sign: 1 | -1, d: QM31) => {
    if (qm31.isZero(d)) qm31.inv(d); // a challenge hit a public tuple (probability ~2^−120): the same FieldError as before
    num = qm31.add(qm31.mul(num, d), sign === 1 ? den : qm31.neg(den));
    den = qm31.mul(den, d);
  };
  const tuple = (r: typeof STATE, vals: number[]) => combinePublic(r, el(r), vals);
  add(1, tuple(STATE, [entry, FIRST_TS]));
  add(-1, tuple(HALT, [code & 0xffff, code >>> 16, nOut]));
  add(-1, tuple(ZERO_END, [0]));
  for (let i = 0; i < N_REGS; i++) add(1, tuple(REG, [i, i === IN_LEN ? nIn : 0, 0, INITIAL_TS]));
  // IN/OUT tuples are (pos, byte): denominator (pos − z) + α·byte, with α·byte from a 256-entry table.
  const bytePart = (r: typeof IN) => {
    const { z, alpha } = el(r);
    return { negZ: qm31.neg(z), alphaByte: Array.from({ length: 256 }, (_, b) => qm31.mulM31(alpha, b)) };
  };
  const inT = bytePart(IN);
  for (let i = 0; i < nIn; i++) add(1, qm31.add(qm31.add(inT.negZ, f(i)), inT.alphaByte[bytes[32 + i]!]!));
  const outT = bytePart(OUT);
  for (let j = 0; j < nOut; j++) add(-1, qm31.add(qm31.add(outT.negZ, f(j)), outT.alphaByte[bytes[32 + nIn + j]!]!));
  return qm31.mul(num, qm31.inv(den));
}

/** The machine AIR for a program and execution-component sizes. @throws MachineError for bad sizes */
export function machineAir(program: MachineProgram, sizes: MachineSizes): Air {
  checkSizes(sizes);
  const { table, layout } = program;
  return defineAir({
    name: MACHINE_AIR_NAME,
    components: [
      programComponent(table.logSize),
      u16Component(),
      andComponent(),
      shiftTableComponent(),
      regFinalComponent(Math.max(REG_FINAL_LOG_SIZE, program.minLog)),
      memImageComponent(layout.image.logSize),
      zeroPagesComponent(layout.zeroPagesLogSize),
      memZeroComponent(sizes.memZero),
      addSubComponent(sizes.addSub),
      loadComponent(sizes.load),
      storeComponent(sizes.store),
      jumpUpperComponent(sizes.jumpUpper),
      branchComponent(sizes.branch),
      compareComponent(sizes.compare),
      bitwiseComponent(sizes.bitwise),
      shiftComponent(sizes.shift),
      mulComponent(sizes.mul),
      divRemComponent(sizes.divRem),
      exitComponent(sizes.exit),
      ecallIoComponent(sizes.ecallIo),
      ioByteComponent(sizes.ioByte),
    ],
    preprocessed: [...programPreprocessed(table), ...tablePreprocessed(Math.max(REG_FINAL_LOG_SIZE, program.minLog)), ...memoryPreprocessed(layout)],
    publicLogUpSum: (statement, elements) => publicTerms(table.entry, statement, elements),
  });
}
