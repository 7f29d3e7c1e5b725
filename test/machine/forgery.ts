/**
 * A forgery toolkit for the machine soundness tests: build a witness from a guest (assembly, a real ELF, or
 * any claimed pc sequence), read and edit its main cells by component and column name, swap groups of
 * columns between rows, recount the tables, and judge the result two ways — the row-wise checker's verdict
 * (constraint failures and the logUp total; {@link check}, or {@link FastChecker} for sweeps of thousands of
 * variants) and the verdict of the unmodified verifier on a proof forced through `proveUnchecked`
 * ({@link forcedVerdict}). Test-only code: it builds on `helpers.ts` and never touches `src/`.
 */
import { Blake2sChannel } from '../../src/channel/index.js';
import { checkWitness, componentParams, drawRelationElements, interpretAll, MAIN_TREE, PREPROCESSED_TREE } from '../../src/air/index.js';
import type { Expr } from '../../src/air/index.js';
import { qm31 } from '../../src/field/index.js';
import type { QM31 } from '../../src/field/index.js';
import {
  AND_TABLE,
  machineProgram,
  starkStatement, statementOf,
  recountTables,
  SHIFT_TABLE,
  toWitness,
  traceColumn,
  traceFromExecution,
  U16_TABLE,
  verifyExecution,
  ZERO_PAGES,
} from '../../src/machine/index.js';
import { traceFromPcs } from '../util/replay.js';
import type { ExecutionClaim, MachineTrace, WitnessInputs } from '../../src/machine/index.js';
import { proveUnchecked, VerificationError } from '../../src/stark/index.js';
import type { VerificationErrorCode } from '../../src/stark/index.js';
import { execute, parseElf } from '../../src/vm/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { program } from '../util/asm.js';
import type { ProgramOptions } from '../util/asm.js';
import { CFG, claimFor, LOOSE } from './helpers.js';

/** The claim of a trace (its exit code, public input and output): re-exported from `helpers.ts`. */
export { claimFor };

/** A guest run to forge from: the image, its inputs, the executed pcs and the honest trace. */
export interface Run {
  readonly image: ElfImage;
  readonly inputs: WitnessInputs;
  readonly pcs: readonly number[];
  readonly trace: MachineTrace;
}

/** Runs `image` traced on `inputs` and builds the honest witness (cross-checked against the executor). */
export function runImage(image: ElfImage, inputs: WitnessInputs = {}): Run {
  const result = execute(image, { mode: 'traced', publicInput: inputs.publicInput, privateInput: inputs.privateInput });
  const trace = traceFromExecution(image, result, undefined, inputs);
  return { image, inputs, pcs: Array.from(result.trace!.pc), trace };
}

/** Assembles `src` (`test/util/asm.ts`) and runs it: see {@link runImage}. */
export function runAsm(src: string, opts: ProgramOptions = {}, inputs: WitnessInputs = {}): Run {
  return runImage(program(src, opts), inputs);
}

/** Parses a real ELF file's bytes and runs it: see {@link runImage}. */
export function runElf(bytes: Uint8Array, inputs: WitnessInputs = {}): Run {
  return runImage(parseElf(bytes), inputs);
}

/**
 * The witness of the run that executes the claimed `pcs` (any sequence ending in an exit `ecall`): the
 * witness builder replays every value itself, so a sequence the program cannot take is only flawed where
 * it leaves the program's control flow (`traceFromPcs`).
 */
export function traceOfPcs(image: ElfImage, pcs: ArrayLike<number>, inputs: WitnessInputs = {}): MachineTrace {
  return traceFromPcs(image, pcs, machineProgram(image), inputs);
}

/** A deep copy of `t` (its columns), to edit without touching the original. */
export function cloneTrace(t: MachineTrace): MachineTrace {
  return Object.freeze({ ...t, columns: t.columns.map((cs) => cs.map((c) => c.slice())) });
}

/** Whether component `comp` has main column `name` (a later AIR may drop a column a forgery needs). */
export function hasColumn(t: MachineTrace, comp: string, name: string): boolean {
  return t.air.components.find((c) => c.name === comp)?.mainNames.includes(name) ?? false;
}

/** Cell (`comp`, `name`) at `row`. */
export function getCell(t: MachineTrace, comp: string, name: string, row: number): number {
  return traceColumn(t, comp, name)[row]!;
}

/** Sets cell (`comp`, `name`) at `row` to `value` (a canonical M31 value). */
export function setCell(t: MachineTrace, comp: string, name: string, row: number, value: number): void {
  traceColumn(t, comp, name)[row] = value;
}

/**
 * The real rows of component `comp`: `is_real` = 1, or a preprocessed `*.real` flag = 1 (register and image
 * boundaries); for the tables, every row.
 */
export function realRows(t: MachineTrace, comp: string): number[] {
  const ci = t.air.components.findIndex((c) => c.name === comp);
  const c = t.air.components[ci]!;
  const rows = Array.from({ length: 2 ** c.logSize }, (_, r) => r);
  if (hasColumn(t, comp, 'is_real')) {
    const real = traceColumn(t, comp, 'is_real');
    return rows.filter((r) => real[r] === 1);
  }
  const k = c.preprocessedIds.findIndex((id) => id.endsWith('.real'));
  if (k < 0) return rows;
  const real = t.air.preprocessed[t.air.layout[ci]!.preprocessed[k]!]!.values();
  return rows.filter((r) => real[r] === 1);
}

/** The rows of `comp` where `pred` holds on the row's cells (read by column name). */
export function rowsWhere(t: MachineTrace, comp: string, pred: (cell: (name: string) => number) => boolean): number[] {
  const n = 2 ** t.air.components.find((c) => c.name === comp)!.logSize;
  return Array.from({ length: n }, (_, r) => r).filter((r) => pred((nm) => getCell(t, comp, nm, r)));
}

/** Swaps the cells of columns `names` of component `comp` between rows `a` and `b`; returns whether anything changed. */
export function swapCells(t: MachineTrace, comp: string, a: number, b: number, names: readonly string[]): boolean {
  let changed = false;
  for (const nm of names) {
    const col = traceColumn(t, comp, nm);
    const x = col[a]!;
    if (x === col[b]) continue;
    col[a] = col[b]!;
    col[b] = x;
    changed = true;
  }
  return changed;
}

/** Recomputes the table multiplicities from the edited witness (the adversary fixes them too). */
export const recount: (t: MachineTrace) => void = recountTables;

/** The row checker's verdict: the failing constraint labels (sorted, distinct) and the logUp total (0 when balanced). */
export interface Verdict {
  readonly labels: readonly string[];
  readonly total: QM31;
}

/** Whether a verdict is a pass: no constraint fails and the lookups balance. */
export function passes(v: Verdict): boolean {
  return v.labels.length === 0 && qm31.isZero(v.total);
}

/** `checkWitness` on the whole witness for `claim` (slow: ~0.6 s for a small guest, the tables are 2^16 rows). */
export function check(image: ElfImage, t: MachineTrace, claim: ExecutionClaim = claimFor(t)): Verdict {
  const r = checkWitness(t.air, toWitness(t), { statement: starkStatement(statementOf(image, claim)) });
  return { labels: [...new Set(r.failures.map((f) => f.label))].sort(), total: r.logUpTotal };
}

/** The verifier's verdict on a forced proof: accepted, or the typed rejection. */
export type VerifierVerdict =
  | { readonly accepted: true }
  | { readonly accepted: false; readonly code: VerificationErrorCode; readonly message: string };

/**
 * Forces a proof of `t` for `claim` through `proveUnchecked` (no witness check) with the test configuration
 * and verifies it with the unmodified `verifyExecution` (`minSecurityBits: 0`). A verifier failure that is
 * not a `VerificationError` is rethrown (an untyped failure is itself a bug), and so is a prover error.
 */
export function forcedVerdict(image: ElfImage, t: MachineTrace, claim: ExecutionClaim = claimFor(t)): VerifierVerdict {
  const proof = proveUnchecked(t.air, toWitness(t), starkStatement(statementOf(image, claim)), CFG);
  try {
    verifyExecution(image, claim, { sizes: t.sizes, proof }, CFG, LOOSE);
    return { accepted: true };
  } catch (e) {
    if (e instanceof VerificationError) return { accepted: false, code: e.code, message: e.message };
    throw e;
  }
}

/** One changed main cell: component index, column index, row, new value. */
export interface CellChange {
  readonly ci: number;
  readonly j: number;
  readonly row: number;
  readonly value: number;
}

/** Main columns `recountTables` rewrites, by component (their honest copies let a trial be undone). */
const RECOUNTED: ReadonlyMap<string, readonly string[]> = new Map([
  ['program', ['mult']],
  [U16_TABLE, ['mult']],
  [AND_TABLE, ['mult', 'pair_mult']],
  [SHIFT_TABLE, ['mult']],
  [ZERO_PAGES, ['mult']],
]);

/** Whether column `name` of component `comp` is a table multiplicity that {@link recount} recomputes. */
export function isRecounted(comp: string, name: string): boolean {
  return RECOUNTED.get(comp)?.includes(name) ?? false;
}

/**
 * `checkWitness`'s verdict on changes of an honest witness, computed incrementally: after the change and a
 * recount, only the rows that read a changed cell (through any row offset) or a changed table multiplicity
 * are re-evaluated — their user constraints, and their logUp fractions, whose change is the change of the
 * total (0 for the honest witness). The interaction columns `checkWitness` builds satisfy the batch
 * constraints by construction, so only the user constraints and the total can fail. Same challenges as
 * `checkWitness`, so the two agree exactly (tested). The trace is restored after every trial.
 */
export class FastChecker {
  private readonly params: Map<string, QM31>[];
  private readonly pre: Uint32Array[];
  private readonly tableCopies = new Map<number, Map<number, Uint32Array>>();
  /** Honest row sums, by component and row (computed on demand). */
  private readonly honestSums = new Map<number, Map<number, QM31>>();

  /**
   * Wraps the trace `t` (trials edit it in place and restore it). It must satisfy every constraint; its
   * logUp total is `baseTotal` (0 for an honest witness; `check` gives it for another base).
   */
  constructor(
    readonly t: MachineTrace,
    private readonly baseTotal: QM31 = qm31.ZERO,
  ) {
    const ch = new Blake2sChannel();
    ch.mixBytes(new TextEncoder().encode('zkvm air witness checker'));
    const elements = drawRelationElements(t.air.relations, ch);
    // The fractions and user constraints do not read the logUp shift, so a zero claimed sum will do.
    this.params = t.air.components.map((c) => componentParams(c, elements, qm31.ZERO));
    this.pre = t.air.preprocessed.map((p) => p.values());
    t.air.components.forEach((c, ci) => {
      const names = RECOUNTED.get(c.name);
      if (names) this.tableCopies.set(ci, new Map(names.map((nm) => [c.mainNames.indexOf(nm), t.columns[ci]![c.mainNames.indexOf(nm)]!.slice()])));
    });
  }

  /** Evaluates `exprs` of component `ci` at row `i` of the current trace. */
  evalAt(ci: number, i: number, exprs: readonly Expr[]): QM31[] {
    const c = this.t.air.components[ci]!;
    const n = 2 ** c.logSize;
    const main = this.t.columns[ci]!;
    const preIds = this.t.air.layout[ci]!.preprocessed;
    const read = (tree: number, index: number, offset: number): QM31 => {
      const r = (((i + offset) % n) + n) % n;
      if (tree === MAIN_TREE) return qm31.fromM31(main[index]![r]!);
      if (tree === PREPROCESSED_TREE) return qm31.fromM31(this.pre[preIds[index]!]![r]!);
      throw new Error(`tree ${tree} is not read by user constraints or fractions`);
    };
    return interpretAll(exprs, read, this.params[ci]!);
  }

  /** Σ over the fraction batches of num / den at row `i` (the row's share of the component's claimed sum). */
  private rowSum(ci: number, i: number): QM31 {
    const c = this.t.air.components[ci]!;
    const v = this.evalAt(ci, i, c.batches.flatMap((b) => [b.num, b.den]));
    let s = qm31.ZERO;
    for (let b = 0; b < c.batches.length; b++) s = qm31.add(s, qm31.div(v[2 * b]!, v[2 * b + 1]!));
    return s;
  }

  private honestSum(ci: number, i: number): QM31 {
    let m = this.honestSums.get(ci);
    if (!m) this.honestSums.set(ci, (m = new Map()));
    let s = m.get(i);
    if (s === undefined) m.set(i, (s = this.rowSum(ci, i)));
    return s;
  }

  /** Rows of component `ci` whose constraints or fractions read main column `j` at row `r`. */
  private readers(ci: number, j: number, r: number, into: Set<number>): void {
    const n = 2 ** this.t.air.components[ci]!.logSize;
    for (const o of this.t.air.components[ci]!.mainOffsets[j]!) into.add((((r - o) % n) + n) % n);
  }

  /**
   * Applies `changes`, recounts the tables, and returns the verdict (undefined when the changes leave the
   * witness as it was); the honest trace is restored before returning.
   */
  trial(changes: readonly CellChange[]): Verdict | undefined {
    const old = changes.map((ch) => this.t.columns[ch.ci]![ch.j]![ch.row]!);
    if (changes.every((ch, k) => ch.value === old[k])) return undefined;
    // Changes are applied in order (and undone in reverse), so a cell listed twice ends at its last value.
    changes.forEach((ch) => (this.t.columns[ch.ci]![ch.j]![ch.row] = ch.value));
    recountTables(this.t);
    const rows = new Map<number, Set<number>>();
    const rowsOf = (ci: number) => {
      let s = rows.get(ci);
      if (!s) rows.set(ci, (s = new Set()));
      return s;
    };
    for (const ch of changes) this.readers(ch.ci, ch.j, ch.row, rowsOf(ch.ci));
    for (const [tci, copies] of this.tableCopies) {
      for (const [tj, copy] of copies) {
        const now = this.t.columns[tci]![tj]!;
        for (let k = 0; k < now.length; k++) if (now[k] !== copy[k]) this.readers(tci, tj, k, rowsOf(tci));
      }
    }
    const labels = new Set<string>();
    let total = this.baseTotal;
    for (const [ci, set] of rows) {
      const c = this.t.air.components[ci]!;
      for (const i of set) {
        this.evalAt(ci, i, c.userConstraints).forEach((v, g) => {
          if (!qm31.isZero(v)) labels.add(c.userLabels[g]!);
        });
        total = qm31.add(total, this.rowSum(ci, i));
      }
    }
    for (let k = changes.length - 1; k >= 0; k--) this.t.columns[changes[k]!.ci]![changes[k]!.j]![changes[k]!.row] = old[k]!;
    for (const [tci, copies] of this.tableCopies) for (const [tj, copy] of copies) this.t.columns[tci]![tj]!.set(copy);
    // The rows' honest shares, on the restored trace (cached: the same rows recur across trials).
    for (const [ci, set] of rows) for (const i of set) total = qm31.sub(total, this.honestSum(ci, i));
    return { labels: [...labels].sort(), total };
  }

  /**
   * Applies `changes` (and a recount) to a copy of the honest trace, for a full check or a forced proof of a
   * variant the fast verdict singled out.
   */
  materialize(changes: readonly CellChange[]): MachineTrace {
    const t = cloneTrace(this.t);
    changes.forEach((ch) => (t.columns[ch.ci]![ch.j]![ch.row] = ch.value));
    recountTables(t);
    return t;
  }
}

/**
 * The changes that swap columns `names` of component `comp` between rows `a` and `b` (cells that agree, and
 * names the component does not have — a later AIR may drop a column — are left out).
 */
export function swapChanges(t: MachineTrace, comp: string, a: number, b: number, names: readonly string[]): CellChange[] {
  const ci = t.air.components.findIndex((c) => c.name === comp);
  const out: CellChange[] = [];
  for (const nm of names) {
    const j = t.air.components[ci]!.mainNames.indexOf(nm);
    if (j < 0) continue;
    const col = t.columns[ci]![j]!;
    if (col[a] === col[b]) continue;
    out.push({ ci, j, row: a, value: col[b]! }, { ci, j, row: b, value: col[a]! });
  }
  return out;
}

/** The cycles of `pcs` that are read/write system calls (every `ecall` but the final exit), in order. */
export function ioCycles(image: ElfImage, pcs: readonly number[]): number[] {
  const table = machineProgram(image).table;
  const ops = table.columns[1]!;
  const ecall = ops[table.rowOf(pcs[pcs.length - 1]!)]!;
  return pcs.flatMap((pc, i) => (i < pcs.length - 1 && ops[table.rowOf(pc)] === ecall ? [i] : []));
}

/**
 * Segment exchange around three system calls c1 < c2 < c3 of a run, c1 and c3 at the same call site (a
 * loop): the run S0 c1 X c2 Y c3 Z becomes S0 c1 Y c3 X c2 Z. Every segment keeps its pcs, so the only
 * links the program does not take are c1 → Y (Y starts at c2's successor) and c2 → Z (Z starts at the
 * successor of c1's site): exactly the two successor states that exchanging c1's and c2's chain tails
 * would supply. Whether the values still follow the branches is for the witness checks to say.
 */
export function exchangeSegments(pcs: readonly number[], c1: number, c2: number, c3: number): number[] {
  if (!(c1 < c2 && c2 < c3 && c3 < pcs.length - 1)) throw new RangeError('need c1 < c2 < c3 before the exit');
  return [...pcs.slice(0, c1 + 1), ...pcs.slice(c2 + 1, c3 + 1), ...pcs.slice(c1 + 1, c2 + 1), ...pcs.slice(c3 + 1)];
}

/** Index, in component `ecall_io`, of the row of system call cycle `cycle` of the run `pcs`. */
export function ioRowOf(image: ElfImage, pcs: readonly number[], cycle: number): number {
  const k = ioCycles(image, pcs).indexOf(cycle);
  if (k < 0) throw new RangeError(`cycle ${cycle} is no read/write call`);
  return k;
}
