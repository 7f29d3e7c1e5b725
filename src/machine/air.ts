/**
 * The machine AIR of one program (rv32im note §1, §6, §7): components `program`, `u16_table`, `and_table`,
 * `shift_table`, `reg_final`, `add_sub`, `jump_upper`, `branch`, `compare`, `bitwise`, `shift`, `mul`, `div_rem`, `exit`, and the public logUp terms the verifier computes from the statement:
 *
 *   + 1/(φ_state(entry, 1) − z)  − 1/(φ_halt(code.l, code.h) − z)  + Σ_{i<33} 1/(φ_reg(i, 0, 0, 0) − z).
 *
 * The statement is (program id bytes, [exit code]); the component log sizes are part of the AIR shape,
 * which the transcript absorbs before any challenge.
 * @module
 */
import { combine, defineAir } from '../air/verifier.js';
import type { Air, RelationElements, Statement } from '../air/verifier.js';
import { qm31 } from '../field/index.js';
import type { QM31 } from '../field/index.js';
import type { ElfImage } from '../vm/elf.js';
import { programId } from '../vm/program-id.js';
import { addSubComponent } from './add-sub.js';
import { bitwiseComponent } from './bitwise.js';
import { branchComponent } from './branch.js';
import { compareComponent } from './compare.js';
import { divRemComponent } from './div-rem.js';
import { MachineError } from './errors.js';
import { exitComponent } from './exit.js';
import { jumpUpperComponent } from './jump-upper.js';
import { mulComponent } from './mul.js';
import { MIN_LOG_SIZE, programComponent, programPreprocessed } from './program-table.js';
import type { ProgramTable } from './program-table.js';
import { FIRST_TS, HALT, INITIAL_TS, MAX_TS, N_REGS, REG, STATE, TS_STEP } from './relations.js';
import { shiftComponent } from './shift.js';
import { andComponent, regFinalComponent, shiftTableComponent, tablePreprocessed, u16Component } from './tables.js';

/** Name of the AIR (absorbed into the transcript); bump the version with any change to the arithmetization. */
export const MACHINE_AIR_NAME = 'zkvm/rv32im-machine/v4';

/** Largest log size of an execution component the verifier accepts. */
export const MAX_FAMILY_LOG_SIZE = 24;

/** Log sizes of the execution components (the program-dependent and fixed tables are implied). */
export interface MachineSizes {
  readonly addSub: number;
  readonly jumpUpper: number;
  readonly branch: number;
  readonly compare: number;
  readonly bitwise: number;
  readonly shift: number;
  readonly mul: number;
  readonly divRem: number;
  readonly exit: number;
}

/** Component order of the machine AIR (witness columns follow it). */
export const MACHINE_COMPONENTS = Object.freeze(['program', 'u16_table', 'and_table', 'shift_table', 'reg_final', 'add_sub', 'jump_upper', 'branch', 'compare', 'bitwise', 'shift', 'mul', 'div_rem', 'exit'] as const);

/**
 * Checks claimed sizes: integers in [MIN_LOG_SIZE, MAX_FAMILY_LOG_SIZE], and few enough rows in all that
 * every timestamp stays below 2^29 (the soundness condition of the timestamp check, note §4).
 * @throws MachineError `INVALID_INPUT`
 */
export function checkSizes(sizes: MachineSizes): void {
  if (sizes === null || typeof sizes !== 'object') throw new MachineError('INVALID_INPUT', 'sizes must be an object');
  let rows = 0;
  for (const k of ['addSub', 'jumpUpper', 'branch', 'compare', 'bitwise', 'shift', 'mul', 'divRem', 'exit'] as const) {
    const v = sizes[k];
    if (!Number.isInteger(v) || v < MIN_LOG_SIZE || v > MAX_FAMILY_LOG_SIZE) {
      throw new MachineError('INVALID_INPUT', `log size of ${k} must be an integer in [${MIN_LOG_SIZE}, ${MAX_FAMILY_LOG_SIZE}]: ${String(v)}`);
    }
    rows += 2 ** v;
  }
  if (FIRST_TS + TS_STEP * rows >= MAX_TS) throw new MachineError('INVALID_INPUT', `${rows} instruction rows exceed the timestamp bound 2^29`);
}

/**
 * What a proof claims about a run of a program (besides the program itself): the public input it read
 * from fd 3, the public output it wrote to fd 1, and its exit code. The private input (fd 0) is not part
 * of it.
 */
export interface ExecutionClaim {
  /** The exit code, as a signed or unsigned 32-bit value (compared modulo 2^32). */
  readonly exitCode: number;
  /** Bytes available on fd 3 (the run must read all of them). */
  readonly publicInput: Uint8Array;
  /** Bytes the run wrote to fd 1, in order. */
  readonly publicOutput: Uint8Array;
}

/**
 * The statement of a run: bytes = program id ‖ public input ‖ public output, words = [exit code (unsigned),
 * input length, output length] (the lengths make the byte string unambiguous). All of it is absorbed into
 * the transcript before any challenge.
 * @throws MachineError `INVALID_INPUT` for a malformed claim
 */
export function machineStatement(image: ElfImage, claim: ExecutionClaim): Statement {
  if (claim === null || typeof claim !== 'object') throw new MachineError('INVALID_INPUT', 'the claim must be an object');
  const { exitCode, publicInput, publicOutput } = claim;
  if (!Number.isInteger(exitCode) || exitCode < -(2 ** 31) || exitCode >= 2 ** 32) throw new MachineError('INVALID_INPUT', 'the exit code must be a 32-bit integer');
  if (!(publicInput instanceof Uint8Array)) throw new MachineError('INVALID_INPUT', 'the public input must be a Uint8Array');
  if (!(publicOutput instanceof Uint8Array)) throw new MachineError('INVALID_INPUT', 'the public output must be a Uint8Array');
  const id = programId(image);
  const bytes = new Uint8Array(id.length + publicInput.length + publicOutput.length);
  bytes.set(id, 0);
  bytes.set(publicInput, id.length);
  bytes.set(publicOutput, id.length + publicInput.length);
  return Object.freeze({ bytes, words: Object.freeze([exitCode >>> 0, publicInput.length, publicOutput.length]) });
}

/** The verifier's public logUp terms (see the module comment). Throws for a statement without one exit-code word. */
export function publicTerms(entry: number, statement: Statement, elements: RelationElements): QM31 {
  const words = statement.words;
  if (!words || words.length !== 3 || !Number.isInteger(words[0]) || words[0]! < 0 || words[0]! >= 2 ** 32) {
    throw new MachineError('INVALID_INPUT', 'the machine statement has three words: exit code, input and output lengths');
  }
  const code = words[0]!;
  const el = (r: { name: string }) => {
    const e = elements.get(r.name);
    if (!e) throw new MachineError('INVALID_INPUT', `no challenges for relation ${r.name}`);
    return e;
  };
  const f = qm31.fromM31;
  const frac = (r: typeof STATE, vals: number[]) => qm31.inv(combine(r, el(r), vals.map(f)));
  let acc = frac(STATE, [entry, FIRST_TS]);
  acc = qm31.sub(acc, frac(HALT, [code & 0xffff, code >>> 16]));
  for (let i = 0; i < N_REGS; i++) acc = qm31.add(acc, frac(REG, [i, 0, 0, INITIAL_TS]));
  return acc;
}

/** The machine AIR for a program table and execution-component sizes. @throws MachineError for bad sizes */
export function machineAir(table: ProgramTable, sizes: MachineSizes): Air {
  checkSizes(sizes);
  return defineAir({
    name: MACHINE_AIR_NAME,
    components: [
      programComponent(table.logSize),
      u16Component(),
      andComponent(),
      shiftTableComponent(),
      regFinalComponent(),
      addSubComponent(sizes.addSub),
      jumpUpperComponent(sizes.jumpUpper),
      branchComponent(sizes.branch),
      compareComponent(sizes.compare),
      bitwiseComponent(sizes.bitwise),
      shiftComponent(sizes.shift),
      mulComponent(sizes.mul),
      divRemComponent(sizes.divRem),
      exitComponent(sizes.exit),
    ],
    preprocessed: [...programPreprocessed(table), ...tablePreprocessed()],
    publicLogUpSum: (statement, elements) => publicTerms(table.entry, statement, elements),
  });
}
