/**
 * The machine AIR of one program (`docs/machine.md`, "Shape"; `docs/soundness.md`): the components of a
 * registry (`families/registry.ts`, in its order) and the public logUp terms the verifier computes from the
 * statement:
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
import type { Air, Relation, RelationElements, Statement } from '../air/verifier.js';
import { qm31 } from '../field/index.js';
import type { QM31 } from '../field/index.js';
import { MachineError } from './errors.js';
import { RV32IM, shardRegistry } from './families/registry.js';
import type { ShardPosition } from './families/shard-boundary.js';
import type { MachineRegistry, MachineSizes } from './families/registry.js';
import type { MachineProgram } from './program.js';
import { MIN_LOG_SIZE } from './program-table.js';
import { FIRST_TS, HALT, IN, IN_LEN, INITIAL_TS, MAX_IO_BYTES, MAX_TS, N_REGS, OUT, PC_CELL, REG, REG_CHAIN, SHARD_END_TAG, STATE, TS_ECALL, ZERO_END } from './relations.js';

export type { MachineSizes } from './families/registry.js';
export { machineMinLogSize, machineProgram, type MachineProgram } from './program.js';

// The statement moved to `statement.ts`; re-exported for the modules that still import it from here.
export { MAX_IO_BYTES, type ExecutionClaim } from './statement.js';

/** Name of the AIR (absorbed into the transcript); bump the version with any change to the arithmetization. */
export const MACHINE_AIR_NAME = RV32IM.airName;

/** Largest log size of an execution component the verifier accepts. */
export const MAX_FAMILY_LOG_SIZE = 24;

/** The size keys of the RV32IM machine, in component order (the proof file stores sizes in this order). */
export const SIZE_KEYS = RV32IM.sizeKeys as readonly (keyof MachineSizes)[];

/** Component order of the machine AIR (witness columns follow it). */
export const MACHINE_COMPONENTS = Object.freeze(RV32IM.families.map((f) => f.name));

/**
 * Checks claimed sizes: integers in [MIN_LOG_SIZE, MAX_FAMILY_LOG_SIZE], and few enough rows in all that
 * every timestamp stays below 2^29 (the soundness condition of the timestamp check, `docs/machine.md` "Timestamps").
 * @throws MachineError `INVALID_INPUT`
 */
export function checkSizes(sizes: MachineSizes, registry: MachineRegistry = RV32IM): void {
  if (sizes === null || typeof sizes !== 'object') throw new MachineError('INVALID_INPUT', 'sizes must be an object');
  let rows = 0;
  for (const k of registry.sizeKeys) {
    const v = (sizes as unknown as Record<string, number>)[k];
    if (!Number.isInteger(v) || v < MIN_LOG_SIZE || v > MAX_FAMILY_LOG_SIZE) {
      throw new MachineError('INVALID_INPUT', `log size of ${k} must be an integer in [${MIN_LOG_SIZE}, ${MAX_FAMILY_LOG_SIZE}]: ${String(v)}`);
    }
    rows += 2 ** v;
  }
  // Every row advances the time by at most TS_ECALL (system calls; the others by TS_STEP) and every copy
  // row by 1, so this bounds every timestamp of the run.
  if (FIRST_TS + TS_ECALL * rows >= MAX_TS) throw new MachineError('INVALID_INPUT', `${rows} rows exceed the timestamp bound 2^29`);
}

/**
 * Σ ±1/d over many tuples, kept as one fraction num/den: two products per term and a single inversion at the
 * end, instead of an inversion per public byte.
 */
class FractionSum {
  #num: QM31 = qm31.ZERO;
  #den: QM31 = qm31.ONE;
  constructor(readonly elements: RelationElements) {}
  add(sign: 1 | -1, d: QM31): void {
    if (qm31.isZero(d)) qm31.inv(d); // a challenge hit a public tuple (probability ~2^−120): the same FieldError as before
    this.#num = qm31.add(qm31.mul(this.#num, d), sign === 1 ? this.#den : qm31.neg(this.#den));
    this.#den = qm31.mul(this.#den, d);
  }
  tuple(sign: 1 | -1, r: Relation, vals: number[]): void {
    this.add(sign, combinePublic(r, this.el(r), vals));
  }
  el(r: Relation) {
    const e = this.elements.get(r.name);
    if (!e) throw new MachineError('INVALID_INPUT', `no challenges for relation ${r.name}`);
    return e;
  }
  /** Adds `sign`/(φ_r(start + i, bytes[i]) − z) for each byte: (pos − z) + α·byte, α·byte from a 256-entry table. */
  bytes(sign: 1 | -1, r: Relation, bytes: Uint8Array): void {
    const { z, alpha } = this.el(r);
    const negZ = qm31.neg(z);
    const alphaByte = Array.from({ length: 256 }, (_, b) => qm31.mulM31(alpha, b));
    for (let i = 0; i < bytes.length; i++) this.add(sign, qm31.add(qm31.add(negZ, qm31.fromM31(i)), alphaByte[bytes[i]!]!));
  }
  total(): QM31 {
    return qm31.mul(this.#num, qm31.inv(this.#den));
  }
}

/** The statement's exit code, input and output. @throws MachineError for a malformed statement */
function statementParts(statement: Statement): { code: number; input: Uint8Array; output: Uint8Array } {
  const words = statement.words;
  const bytes = statement.bytes;
  const ok = (x: number | undefined, max: number) => Number.isInteger(x) && x! >= 0 && x! <= max;
  if (!words || words.length !== 3 || !ok(words[0], 2 ** 32 - 1) || !ok(words[1], MAX_IO_BYTES) || !ok(words[2], MAX_IO_BYTES) || !bytes || bytes.length !== 32 + words[1]! + words[2]!) {
    throw new MachineError('INVALID_INPUT', 'the machine statement has three words (exit code, input and output lengths) and id ‖ input ‖ output bytes');
  }
  return { code: words[0]!, input: bytes.subarray(32, 32 + words[1]!), output: bytes.subarray(32 + words[1]!) };
}

/** The verifier's public logUp terms (see the module comment). @throws MachineError for a malformed statement */
export function publicTerms(entry: number, statement: Statement, elements: RelationElements): QM31 {
  const { code, input, output } = statementParts(statement);
  const sum = new FractionSum(elements);
  sum.tuple(1, STATE, [entry, FIRST_TS]);
  sum.tuple(-1, HALT, [code & 0xffff, code >>> 16, output.length]);
  sum.tuple(-1, ZERO_END, [0]);
  for (let i = 0; i < N_REGS; i++) sum.tuple(1, REG, [i, i === IN_LEN ? input.length : 0, 0, INITIAL_TS]);
  sum.bytes(1, IN, input);
  sum.bytes(-1, OUT, output);
  return sum.total();
}

/**
 * The joint public terms of a sharded run (`docs/continuations.md`), under the shared elements: version 0 of
 * every register cell and of the pc (the entry), the public input and output, and the halt:
 *
 *   Σ_{i<36} 1/(φ_reg_chain(i, v_i, 0, 0) − z) + 1/(φ_reg_chain(36, entry, 0, 0) − z)
 *   + Σ 1/(φ_in(i, x_i) − z) − Σ 1/(φ_out(j, y_j) − z) − 1/(φ_halt(code.l, code.h, out_len) − z).
 * @throws MachineError for a malformed statement
 */
export function jointTerms(entry: number, statement: Statement, shared: RelationElements): QM31 {
  const { code, input, output } = statementParts(statement);
  const sum = new FractionSum(shared);
  for (let i = 0; i < N_REGS; i++) sum.tuple(1, REG_CHAIN, [i, i === IN_LEN ? input.length : 0, 0, 0]);
  sum.tuple(1, REG_CHAIN, [PC_CELL, entry, 0, 0]);
  sum.tuple(-1, HALT, [code & 0xffff, code >>> 16, output.length]);
  sum.bytes(1, IN, input);
  sum.bytes(-1, OUT, output);
  return sum.total();
}

/**
 * The local public terms of one shard's proof, under its own elements: the one ZERO_END tuple of its
 * `mem_shard` and, in the last shard, that of `mem_zero`.
 */
function shardTerms(last: boolean, elements: RelationElements): QM31 {
  const sum = new FractionSum(elements);
  sum.tuple(-1, ZERO_END, [SHARD_END_TAG]);
  if (last) sum.tuple(-1, ZERO_END, [0]);
  return sum.total();
}

/**
 * The AIR of one shard of a sharded run (`families/registry.ts` `shardRegistry`): the machine components
 * with the shard boundary, and only the shard's local public terms (the joint ones are {@link jointTerms}).
 * @throws MachineError for a bad position or bad sizes
 */
export function shardAir(program: MachineProgram, sizes: ShardSizes, shard: ShardPosition): Air {
  const registry = shardRegistry(shard);
  checkSizes(sizes as unknown as MachineSizes, registry);
  const logSizes = componentLogSizes(program, sizes as unknown as MachineSizes, registry);
  const last = shard.index === shard.count;
  return defineAir({
    name: registry.airName,
    components: registry.families.map((f, i) => f.component(logSizes[i]!, program)),
    preprocessed: registry.families.flatMap((f) => f.preprocessed?.(program) ?? []),
    publicLogUpSum: (_statement, elements) => shardTerms(last, elements),
  });
}

/** Log sizes of a shard's run-sized components, keyed by the size keys of its registry. */
export type ShardSizes = Readonly<Record<string, number>>;

/** Log size of each component of `registry` for a program and run sizes (AIR order). */
export function componentLogSizes(program: MachineProgram, sizes: MachineSizes, registry: MachineRegistry = RV32IM): number[] {
  const byKey = sizes as unknown as Record<string, number>;
  return registry.families.map((f) => (f.sizeKey !== undefined ? byKey[f.sizeKey]! : f.fixedLogSize!(program)));
}

/** The machine AIR for a program and execution-component sizes. @throws MachineError for bad sizes */
export function machineAir(program: MachineProgram, sizes: MachineSizes, registry: MachineRegistry = RV32IM): Air {
  checkSizes(sizes, registry);
  const logSizes = componentLogSizes(program, sizes, registry);
  return defineAir({
    name: registry.airName,
    components: registry.families.map((f, i) => f.component(logSizes[i]!, program)),
    preprocessed: registry.families.flatMap((f) => f.preprocessed?.(program) ?? []),
    publicLogUpSum: (statement, elements) => publicTerms(program.table.entry, statement, elements),
  });
}
