/**
 * "No unconstrained cell" sweep (a generic soundness net beside the argument of docs/soundness.md). One honest run
 * exercises every component: every family and every opcode, loads and stores of every width on image and
 * zero pages and from code, public (fd 3) and private (fd 0) reads, writes to fd 1 and fd 2, and unread
 * public input drained at exit. Then, for every component and every main column, one cell is changed — on
 * every real row of the families (one real row per kind of cell pattern in the tables and boundaries, which
 * have up to 2^16 rows) and on the first and last padding row — to v + 1, to v − 1 and to a random value,
 * and the witness must be rejected (a failing constraint or a non-zero logUp total):
 *  1. as is (the table multiplicities still count the honest witness), and
 *  2. after `recountTables` (the adversary also fixes every table multiplicity).
 * v + 1 includes the padding-multiplicity mutations: is_real = 2 on every real row and is_real = 1 on a
 * padding row of every family; v − 1 clears set flags.
 *
 * The verdict is `checkWitness`'s, computed incrementally: only the rows that read the changed cell (and,
 * after a recount, the table rows whose multiplicity changed) are re-evaluated — their user constraints,
 * and their logUp fractions, whose change is the change of the total (0 for the honest witness) — so the
 * ~24,000 witnesses take seconds rather than hours. A second test checks the incremental verdict against
 * the full `checkWitness` on a sample (same challenges: the same failing labels, the same total).
 *
 * A surviving mutation is accepted only when it is harmless by construction:
 *  - on a padding row, the mutated row is inert: every lookup multiplicity on it is still 0, so it adds
 *    nothing to any relation (and its constraints hold, or it would have been rejected);
 *  - on a real row, it is listed in {@link FREE_BY_DESIGN} with the reason the value cannot matter. Each entry
 *    must be hit, so the list cannot go stale silently.
 *
 * The sweep is a net, not a proof: it found no soundness bug in the v6 AIR, and checked by hand it flags a
 * planted one (U16(2h)'s multiplicity in JumpUpper weakened from is_real to is_jalr: h on JAL/AUIPC rows
 * survives without a recount, and is_jalr = 1 on a padding row is no longer inert).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Blake2sChannel } from '../../src/channel/index.js';
import { checkWitness, componentParams, drawRelationElements, interpretAll, MAIN_TREE, PREPROCESSED_TREE } from '../../src/air/index.js';
import type { Expr } from '../../src/air/index.js';
import { qm31 } from '../../src/field/index.js';
import type { QM31 } from '../../src/field/index.js';
import {
  AND_TABLE,
  starkStatement, statementOf,
  PROGRAM_COLUMNS,
  recountTables,
  SHIFT_TABLE,
  toWitness,
  traceFromExecution,
  U16_TABLE,
  ZERO_PAGES,
} from '../../src/machine/index.js';
import type { MachineTrace } from '../../src/machine/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { execute, OP_NAMES } from '../../src/vm/index.js';
import { DATA_BASE, program, TEXT_BASE } from '../util/asm.js';
import { rng } from '../util/rng.js';
import { claimFor } from './helpers.js';

const P = 0x7fffffff;

/** A system call: read/write(fd, buf, count). */
const sys = (num: number, fd: number, buf: number, count: number) => `li a0, ${fd}\nli a1, ${buf}\nli a2, ${count}\nli a7, ${num}\necall\n`;
/** First word of the zero page (the data segment's second page has no file bytes). */
const ZERO_PAGE = DATA_BASE + 0x1000;
const PUBLIC = Uint8Array.from([0x11, 0x92, 0x7f, 0x80, 0x05, 0xee, 0x01, 0x42]);
const PRIVATE = Uint8Array.from([0xfe, 0x00, 0x33]);
const DATA = Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 0x81) & 0xff);

/** Every opcode (branches both ways), every load/store width, every kind of system call. */
const SRC =
  sys(63, 3, ZERO_PAGE + 1, 5) +
  sys(63, 0, ZERO_PAGE + 0x10, 3) +
  sys(64, 1, ZERO_PAGE + 1, 4) +
  sys(64, 2, ZERO_PAGE + 1, 2) +
  `
  li t0, -7
  lui t1, 0x12345
  add t2, t0, t1
  sub t3, t0, t1
  slt s0, t0, t1
  sltu s0, t0, t1
  slti s0, t0, -8
  sltiu s0, t0, 5
  and s1, t2, t3
  or s1, t2, t3
  xor s1, t2, t3
  andi s1, t2, 0x7f0
  ori s1, t2, -3
  xori s1, t2, 0x555
  sll s2, t2, t0
  srl s2, t3, t0
  sra s2, t3, t0
  slli s2, t2, 3
  srli s2, t3, 17
  srai s2, t3, 9
  mul s3, t2, t3
  mulh s3, t2, t3
  mulhsu s3, t2, t3
  mulhu s3, t2, t3
  div s4, t2, t0
  divu s4, t2, t0
  rem s4, t2, t0
  remu s4, t2, t0
  div s4, t2, zero
  beq t0, t0, b1
  b1: beq t0, t1, b2
  b2: bne t0, t1, b3
  b3: blt t0, t1, b4
  b4: bge t0, t1, b5
  b5: bltu t0, t1, b6
  b6: bgeu t0, t1, b7
  b7: jal ra, j1
  j1: auipc s5, 0x12
  auipc s6, 0
  jalr ra, 8(s6)
  li s7, ${DATA_BASE}
  lw a3, 0(s7)
  lh a4, 2(s7)
  lhu a4, 6(s7)
  lb a5, 1(s7)
  lbu a5, 7(s7)
  li s8, ${ZERO_PAGE}
  sw a3, 0x20(s8)
  sh a4, 0x26(s8)
  sb a5, 0x2b(s8)
  sb a5, 4(s7)
  lw a6, 0x24(s8)
  li s9, ${TEXT_BASE}
  lw a7, 4(s9)
  li a0, 3
  li a7, 93
  ecall
`;

/** The program of {@link SRC} and the honest trace of its run. */
function honest(): { image: ElfImage; t: MachineTrace } {
  const image = program(SRC, { data: DATA, dataSize: 0x2000 });
  const run = execute(image, { mode: 'traced', publicInput: PUBLIC, privateInput: PRIVATE });
  return { image, t: traceFromExecution(image, run, undefined, { publicInput: PUBLIC, privateInput: PRIVATE }) };
}

/** Components whose multiplicity columns `recountTables` recomputes (a mutation of those is undone by it). */
const RECOUNTED = new Map<string, readonly string[]>([
  ['program', ['mult']],
  [U16_TABLE, ['mult']],
  [AND_TABLE, ['mult', 'pair_mult']],
  [SHIFT_TABLE, ['mult']],
  [ZERO_PAGES, ['mult']],
]);

/** `checkWitness`'s verdict on one witness: the failing constraint labels and the logUp total (0 when the lookups balance). */
interface Verdict {
  readonly labels: readonly string[];
  readonly total: QM31;
}

/**
 * `checkWitness` evaluated incrementally around changed cells of an honest trace: the user constraints of
 * the rows that read a changed cell, and the logUp total as the honest total (0) plus the change of those
 * rows' fractions (the interaction columns `checkWitness` builds satisfy the batch constraints by
 * construction, so only the user constraints and the total can fail). Challenges as in `checkWitness`.
 */
class IncrementalChecker {
  private readonly params: Map<string, QM31>[];
  private readonly pre: Uint32Array[];
  /** Honest copies of the recounted table columns, by component index and column index. */
  private readonly tableCopies = new Map<number, Map<number, Uint32Array>>();

  constructor(
    private readonly t: MachineTrace,
    private readonly image: ElfImage,
  ) {
    const ch = new Blake2sChannel();
    ch.mixBytes(new TextEncoder().encode('zkvm air witness checker'));
    const elements = drawRelationElements(t.air.relations, ch);
    // The batch fractions and user constraints do not read the logUp shift, so a zero claimed sum will do.
    this.params = t.air.components.map((c) => componentParams(c, elements, qm31.ZERO));
    this.pre = t.air.preprocessed.map((p) => p.values());
    t.air.components.forEach((c, ci) => {
      const names = RECOUNTED.get(c.name);
      if (!names) return;
      this.tableCopies.set(ci, new Map(names.map((nm) => [c.mainNames.indexOf(nm), t.columns[ci]![c.mainNames.indexOf(nm)]!.slice()])));
    });
  }

  /** Evaluates `exprs` of component `ci` at row `i`. */
  private evalAt(ci: number, i: number, exprs: readonly Expr[]): QM31[] {
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

  /** Σ over the batches of num / den at row `i` (the row's contribution to the component's claimed sum). */
  private rowSum(ci: number, i: number): QM31 {
    const c = this.t.air.components[ci]!;
    const v = this.evalAt(ci, i, c.batches.flatMap((b) => [b.num, b.den]));
    let s = qm31.ZERO;
    for (let b = 0; b < c.batches.length; b++) s = qm31.add(s, qm31.div(v[2 * b]!, v[2 * b + 1]!));
    return s;
  }

  /** Whether every lookup multiplicity of component `ci` vanishes at row `i` (the row adds nothing to any relation). */
  inert(ci: number, i: number): boolean {
    const c = this.t.air.components[ci]!;
    return this.evalAt(ci, i, c.lookups.map((l) => l.multiplicity)).every((m) => qm31.isZero(m));
  }

  /** Rows of component `ci` whose constraints or fractions read main column `j` at row `r`. */
  private readers(ci: number, j: number, r: number): number[] {
    const c = this.t.air.components[ci]!;
    const n = 2 ** c.logSize;
    return [...new Set(c.mainOffsets[j]!.map((o) => (((r - o) % n) + n) % n))];
  }

  /**
   * Sets cell (ci, j, r) to `value`, optionally recounts the tables, returns the verdict, and restores the
   * honest trace (the cell and every recounted column).
   */
  mutate(ci: number, j: number, r: number, value: number, recount: boolean, full = false): Verdict & { inert: boolean; full?: Verdict } {
    const col = this.t.columns[ci]![j]!;
    const old = col[r]!;
    col[r] = value;
    if (recount) recountTables(this.t);
    // Rows to re-evaluate: readers of the cell, and every table row whose multiplicity the recount changed.
    const rows = new Map<number, Set<number>>([[ci, new Set(this.readers(ci, j, r))]]);
    if (recount) {
      for (const [tci, copies] of this.tableCopies) {
        for (const [tj, copy] of copies) {
          const now = this.t.columns[tci]![tj]!;
          for (let k = 0; k < now.length; k++) {
            if (now[k] !== copy[k]) {
              if (!rows.has(tci)) rows.set(tci, new Set());
              for (const rr of this.readers(tci, tj, k)) rows.get(tci)!.add(rr);
            }
          }
        }
      }
    }
    const labels = new Set<string>();
    let total = qm31.ZERO;
    for (const [cc, set] of rows) {
      const c = this.t.air.components[cc]!;
      for (const i of set) {
        this.evalAt(cc, i, c.userConstraints).forEach((v, g) => {
          if (!qm31.isZero(v)) labels.add(c.userLabels[g]!);
        });
        total = qm31.add(total, this.rowSum(cc, i));
      }
    }
    const inert = this.inert(ci, r);
    let fullVerdict: Verdict | undefined;
    if (full) {
      const res = checkWitness(this.t.air, toWitness(this.t), { statement: starkStatement(statementOf(this.image, claimFor(this.t))) });
      fullVerdict = { labels: [...new Set(res.failures.map((f) => f.label))].sort(), total: res.logUpTotal };
    }
    col[r] = old;
    for (const [tci, copies] of this.tableCopies) for (const [tj, copy] of copies) this.t.columns[tci]![tj]!.set(copy);
    for (const [cc, set] of rows) for (const i of set) total = qm31.sub(total, this.rowSum(cc, i));
    return { labels: [...labels].sort(), total, inert, ...(fullVerdict ? { full: fullVerdict } : {}) };
  }
}

/** A row of a component: its honest main values by column name, its opcode (families) or '', whether it is the last real row. */
interface RowView {
  readonly op: string;
  readonly lastReal: boolean;
  readonly value: (name: string) => number;
}

/** Real and padding rows of component `ci`, a row's kind (for messages, and the sampling of tables) and its view. */
function rowClasses(t: MachineTrace, ci: number): { real: number[]; padding: number[]; kind: (r: number) => string; view: (r: number) => RowView } {
  const c = t.air.components[ci]!;
  const n = 2 ** c.logSize;
  const main = (nm: string) => t.columns[ci]![c.mainNames.indexOf(nm)]!;
  const pre = (id: string) => t.air.preprocessed[t.air.layout[ci]!.preprocessed[c.preprocessedIds.indexOf(id)]!]!.values();
  let isReal: (r: number) => boolean;
  if (c.mainNames.includes('is_real')) {
    const col = main('is_real');
    isReal = (r) => col[r] === 1;
  } else if (c.name === 'program') isReal = (r) => r < t.table.rows;
  else if (c.name === ZERO_PAGES) isReal = (r) => r < t.program.layout.zeroPageCount;
  else if (c.preprocessedIds.some((id) => id.endsWith('.real'))) {
    const col = pre(c.preprocessedIds.find((id) => id.endsWith('.real'))!);
    isReal = (r) => col[r] === 1;
  } else isReal = () => true; // the fixed tables: every row is an entry
  const real: number[] = [];
  const padding: number[] = [];
  for (let r = 0; r < n; r++) (isReal(r) ? real : padding).push(r);
  const lastReal = real[real.length - 1];
  const flags = c.mainNames.filter((nm) => (/^(is_|f_)/.test(nm) && nm !== 'is_real') || /^o[123]$/.test(nm));
  const opOf = (r: number): string => {
    if (!c.mainNames.includes('pc') || !isReal(r)) return '';
    return OP_NAMES[t.table.columns[PROGRAM_COLUMNS.indexOf('prog.op')]![t.table.rowOf(main('pc')[r]!)]!]!;
  };
  const kind = (r: number): string => {
    const last = r === lastReal ? ' (last real row)' : '';
    if (c.mainNames.includes('is_real')) return [opOf(r), ...flags.filter((f) => main(f)[r] === 1)].filter((x) => x).join(' ') + last;
    // Tables and boundaries: which main cells are zero (a multiplicity 0 or not, a touched word or not).
    return c.mainNames.map((nm) => `${nm}${main(nm)[r] === 0 ? '=0' : '≠0'}`).join(' ') + last;
  };
  const view = (r: number): RowView => ({ op: opOf(r), lastReal: r === lastReal, value: (nm: string) => main(nm)[r]! });
  return { real, padding, kind, view };
}

/** A real-row mutation that survives by design: the component, the columns, the rows (a predicate) and why. */
interface FreeCell {
  readonly component: string;
  readonly columns: readonly string[];
  readonly rows: (row: RowView) => boolean;
  /** A padding row's cells (such a row is not inert when it carries a lookup of its own). */
  readonly padding?: boolean;
  /** Survives only once the tables are recounted (the changed value stays inside a lookup's range). */
  readonly recountOnly: boolean;
  readonly why: string;
}

const IMM_FORMS = new Set(['addi', 'lui', 'slti', 'sltiu', 'andi', 'ori', 'xori', 'slli', 'srli', 'srai']);
const RS2_LIMBS = ['rs2.d0', 'rs2.d1'];

/**
 * Real-row cells whose value provably cannot matter. Every entry is a value that no lookup with a non-zero
 * multiplicity and no constraint that is not multiplied by a vanishing flag reads on those rows, or (when
 * `recountOnly`) one that only enters a range lookup, whose range it may move within.
 */
const FREE_BY_DESIGN: readonly FreeCell[] = [
  {
    component: 'add_sub|compare|bitwise|shift',
    columns: RS2_LIMBS,
    rows: (r) => IMM_FORMS.has(r.op),
    recountOnly: false,
    why: 'immediate forms do not read rs2: its access (limbs included) has multiplicity is_real·(1 − use_imm) = 0',
  },
  {
    component: 'shift',
    columns: ['c_h'],
    rows: (r) => IMM_FORMS.has(r.op),
    recountOnly: false,
    why: 'only c.l (its low 5 bits) is the amount; c.h enters only the rs2 read, which immediate forms do not make',
  },
  {
    component: 'branch',
    columns: ['inv'],
    rows: (r) => r.value('e') === 1,
    recountOnly: false,
    why: 'inv only witnesses s ≠ 0 in is_real·(1 − e) = s·inv; with equal operands s = 0 and e = 1, both sides vanish',
  },
  {
    component: 'jump_upper',
    columns: ['bit0', 'k1', 'k2'],
    rows: (r) => r.op !== 'jalr',
    recountOnly: false,
    why: 'JALR target bits: every equation reading them is multiplied by is_jalr; on JAL/AUIPC only booleanity binds them (pc\' = next)',
  },
  {
    component: 'jump_upper',
    columns: ['h', 't_h'],
    rows: (r) => r.op !== 'jalr',
    recountOnly: true,
    why: 'JALR target halves: the equations are multiplied by is_jalr, only U16(2h), U16(h), U16(2·t.h) read them on JAL/AUIPC',
  },
  {
    component: 'load',
    columns: ['x'],
    rows: (r) => r.op === 'lw',
    recountOnly: false,
    why: 'x is the byte or half unit: its selections and sign lookups are multiplied by the byte/half flags, and LW writes (1 − is_lw)·x = 0',
  },
  {
    component: 'mem_zero',
    columns: ['page', 'off', 'd0', 'd1', 'fin_l', 'fin_h', 't_fin'],
    rows: (r) => r.value('is_real') === 0 && r.value('is_last') === 1,
    padding: true,
    recountOnly: false,
    why: 'the padding row that carries is_last (its only lookup is the ZERO_END yield): every other lookup is multiplied by is_real = 0 and both ordering constraints by 1 − is_last = 0',
  },
  {
    component: 'mem_zero',
    columns: ['d0', 'd1'],
    rows: (r) => r.lastReal,
    recountOnly: true,
    why: 'the gap limbs to the next real row: on the last real row the ordering constraint is multiplied by is_real\' = 0, only their U16 lookups remain',
  },
  {
    component: 'ecall_io',
    columns: ['cur.d0', 'cur.d1'],
    rows: (r) => r.value('f_rd0') === 1 || r.value('f_wr2') === 1,
    recountOnly: false,
    why: 'fd 0 and fd 2 have no stream cursor: the cursor access has multiplicity f_rd3 + f_wr1 = 0',
  },
  {
    component: 'ecall_io',
    columns: ['in_len', 'len.d0', 'len.d1'],
    rows: (r) => r.value('f_rd3') === 0,
    recountOnly: false,
    why: 'only fd 3 reads the input length: its access has multiplicity f_rd3 and the min constraint is multiplied by f_rd3',
  },
  {
    component: 'ecall_io',
    columns: ['w_end', 'off_end'],
    rows: (r) => r.value('f_wr2') === 1,
    recountOnly: false,
    why: 'fd 2 moves no byte (the log is not part of the statement): no cursor access and no copy chain (multiplicity f_wr1 + f_rd3 + f_rd0 = 0), the successor time is ts + 8; cur is pinned to 0',
  },
  {
    component: 'io_byte',
    columns: ['p_l', 'p_h', 'n_l', 'n_h', 'p0', 'p2', 'np01', 'np23', 'ro', 'mem.d0', 'mem.d1'],
    rows: (r) => r.value('is_drain') === 1,
    recountOnly: false,
    why: 'drain rows consume unread public input and touch no memory: the memory access and the AND lookups of the word have multiplicity is_real − is_drain = 0 (ro stays boolean)',
  },
];

test('no unconstrained cell: every single-cell change of an honest witness is rejected, with and without recounted tables', () => {
  const t0 = performance.now();
  const { image, t } = honest();
  assert.ok(checkWitness(t.air, toWitness(t), { statement: starkStatement(statementOf(image, claimFor(t))) }).ok, 'the honest witness passes');
  const checker = new IncrementalChecker(t, image);
  const random = rng(0x5eed);
  const survivors: string[] = [];
  const hits = new Map<FreeCell, number>();
  let mutations = 0;
  let inertPadding = 0;
  let undone = 0;
  let realRows = 0;
  const covered = new Set<string>();
  t.air.components.forEach((c, ci) => {
    const { real, padding, kind, view } = rowClasses(t, ci);
    // Family rows: every real row. Tables and boundaries (up to 2^16 rows): one real row per kind.
    let sampled = real;
    if (!c.mainNames.includes('is_real')) {
      const byKind = new Map<string, number>();
      for (const r of real) if (!byKind.has(kind(r))) byKind.set(kind(r), r);
      sampled = [...byKind.values()];
    }
    realRows += sampled.length;
    if (c.mainNames.includes('is_real')) {
      assert.ok(real.length > 0, `${c.name} has real rows`);
      for (const r of real) covered.add(`${c.name}: ${kind(r).replace(' (last real row)', '')}`);
    }
    const samples: [number, boolean][] = sampled.map((r) => [r, true]);
    if (padding.length) samples.push([padding[0]!, false]);
    if (padding.length > 1) samples.push([padding[padding.length - 1]!, false]);
    c.mainNames.forEach((name, j) => {
      for (const [r, isReal] of samples) {
        const v = t.columns[ci]![j]![r]!;
        let x = random() % P;
        while (x === v || x === (v + 1) % P || x === (v + P - 1) % P) x = random() % P;
        // v + 1 (is_real = 2 on a real row, 1 on a padding row), v − 1 (a flag cleared, −1), a random value.
        for (const value of [(v + 1) % P, (v + P - 1) % P, x]) {
          for (const recount of [false, true]) {
            // recountTables recomputes the tables' multiplicity columns: it would undo this very change.
            if (recount && RECOUNTED.get(c.name)?.includes(name)) {
              undone++;
              continue;
            }
            mutations++;
            const res = checker.mutate(ci, j, r, value, recount);
            if (res.labels.length > 0 || !qm31.isZero(res.total)) continue;
            if (!isReal && res.inert) {
              inertPadding++;
              continue;
            }
            const free = FREE_BY_DESIGN.find((f) => (isReal || f.padding === true) && f.component.split('|').includes(c.name) && f.columns.includes(name) && f.rows(view(r)) && (recount || !f.recountOnly));
            if (free) hits.set(free, (hits.get(free) ?? 0) + 1);
            else survivors.push(`${c.name}.${name} row ${r} (${isReal ? kind(r) : 'padding'}) ${v} → ${value}${recount ? ' (recounted)' : ''}`);
          }
        }
      }
    });
  });
  // The run covers every opcode (fence is addi in the table) and every kind of system call and copy row.
  const ops = new Set([...covered].map((k) => k.split(' ')[1]!));
  for (const op of OP_NAMES) if (!['illegal', 'fence', 'ebreak'].includes(op)) assert.ok(ops.has(op), `${op} is executed`);
  for (const k of ['ecall_io: ecall f_rd3', 'ecall_io: ecall f_rd0', 'ecall_io: ecall f_wr1', 'ecall_io: ecall f_wr2', 'io_byte: is_in', 'io_byte: is_priv', 'io_byte: is_out', 'io_byte: is_drain', 'exit: ecall']) {
    assert.ok([...covered].some((c) => c === k || c.startsWith(`${k} `)), `${k} rows are present`);
  }
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`${mutations} mutations of ${realRows} real rows and the padding rows in ${s} s (${undone} undone by the recount; ${inertPadding} inert padding survivors; ${[...hits.values()].reduce((a, b) => a + b, 0)} free by design)`);
  assert.deepEqual(survivors, [], `mutations that survive:\n${survivors.join('\n')}`);
  for (const f of FREE_BY_DESIGN) assert.ok(hits.has(f), `allow-list entry never hit: ${f.component} ${f.columns.join(', ')}`);
});

/** Index of component `name` and of its main column `col`. */
function cellOf(t: MachineTrace, name: string, col: string): [number, number] {
  const ci = t.air.components.findIndex((c) => c.name === name);
  assert.ok(ci >= 0, name);
  const j = t.air.components[ci]!.mainNames.indexOf(col);
  assert.ok(j >= 0, `${name}.${col}`);
  return [ci, j];
}

test('the incremental verdict is checkWitness\'s: same failing constraints, same logUp total', () => {
  const { image, t } = honest();
  const checker = new IncrementalChecker(t, image);
  const rowWhere = (name: string, pred: (v: (col: string) => number) => boolean) => {
    const [ci] = cellOf(t, name, 'is_real');
    const cols = t.columns[ci]!;
    const names = t.air.components[ci]!.mainNames;
    for (let r = 0; r < cols[0]!.length; r++) if (pred((col) => cols[names.indexOf(col)]![r]!)) return r;
    assert.fail(`no row of ${name}`);
  };
  const real = (name: string) => rowWhere(name, (v) => v('is_real') === 1);
  const padding = (name: string) => rowWhere(name, (v) => v('is_real') === 0);
  // [component, column, row, value (from the honest one), recount, what the full checker is expected to say]
  const cases: [string, string, number, (v: number) => number, boolean, 'constraint' | 'logUp' | 'accepted'][] = [
    ['add_sub', 'a_l', real('add_sub'), (v) => v + 1, false, 'constraint'],
    ['load', 'v0', real('load'), (v) => v ^ 1, true, 'logUp'],
    ['load', 'is_real', real('load'), () => 2, true, 'constraint'],
    ['io_byte', 'is_real', padding('io_byte'), () => 1, true, 'constraint'],
    [U16_TABLE, 'mult', 5, (v) => v + 1, false, 'logUp'],
    ['mem_zero', 'd0', padding('mem_zero') - 1, () => 7, true, 'accepted'], // the last real row (real rows come first)
    ['mem_zero', 'd0', padding('mem_zero') - 1, () => 7, false, 'logUp'],
    ['branch', 'inv', rowWhere('branch', (v) => v('is_real') === 1 && v('e') === 1), () => 12345, false, 'accepted'],
    ['jump_upper', 'h', rowWhere('jump_upper', (v) => v('is_real') === 1 && v('is_jalr') === 0), () => 3, false, 'logUp'],
  ];
  for (const [name, col, r, f, recount, expected] of cases) {
    const [ci, j] = cellOf(t, name, col);
    const res = checker.mutate(ci, j, r, f(t.columns[ci]![j]![r]!) % P, recount, true);
    const what = `${name}.${col} row ${r}${recount ? ' (recounted)' : ''}`;
    assert.deepEqual(res.labels, res.full!.labels, what);
    assert.ok(qm31.eq(res.total, res.full!.total), `${what}: logUp total`);
    const got = res.labels.length > 0 ? 'constraint' : qm31.isZero(res.total) ? 'accepted' : 'logUp';
    assert.equal(got, expected, what);
  }
  // Restored: the trace is honest again.
  assert.ok(checkWitness(t.air, toWitness(t), { statement: starkStatement(statementOf(image, claimFor(t))) }).ok);
});
