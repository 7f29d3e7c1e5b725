/**
 * Coordinated-change sweep (issue 9): the single-cell sweep (`cell-sweep.test.ts`) and the opcode matrix
 * change one thing at a time, so by construction they cannot find a change of several rows that balances.
 * This sweep changes two rows together, and whole column groups at once, on honest runs of two multi-call
 * guests — {@link IO_LOOP} (public and private reads, public and debug writes at several inlined sites, in a
 * loop) and {@link FAMILIES} (every instruction family and system call, at least two real rows each):
 *
 * 1. Two-row swaps: for every component with two or more real rows and every pair of real rows (all pairs up
 *    to a cap, pairs at the same pc — one instruction in a loop — first, the rest sampled), each column group
 *    (see {@link columnGroups}) is exchanged between the two rows, and so is every column of the row except
 *    that group.
 * 2. Tuple substitutions: every tuple-bound column (a main column a lookup tuple reads linearly, from the
 *    component's lookup entries) of a real row is given, by solving its tuple entry, each of a sample of
 *    the values that rows of any component supply (yield) in that tuple position.
 * 3. Segment exchanges (I/O guest): around three calls c1 < c2 < c3 of one kind, c1 and c3 at one site and
 *    c2 at another, the run S0 c1 X c2 Y c3 Z is replayed as S0 c1 Y c3 X c2 Z (`exchangeSegments`); the
 *    two-row swaps are then tried between the rows of c1 and c2, whose successor states the exchange broke.
 *
 * After each change the tables are recounted and the verdict is `checkWitness`'s (computed incrementally,
 * `FastChecker`, checked against the full checker on a sample). A change that leaves the witness as it was
 * is skipped, and so is a pure exchange of two whole rows of a component that reads no other row and no
 * preprocessed column (a row permutation: the same multiset of tuples). A variant that still satisfies every
 * constraint with a balanced logUp sum is reported; for each kind of such survivor a proof is forced through
 * `proveUnchecked` and the verifier's verdict is reported too. A survivor is acceptable only as a harmless
 * symmetry listed in {@link SYMMETRIES} with its reason; any other is a soundness bug and fails the test.
 * A seeded sample of rejected variants (two-row swaps on the I/O components included) is also forced
 * through the prover, and the verifier must reject each with a typed error.
 *
 * CI runs a sample (caps in {@link CAPS}); `npm run test:sweep` (`ZKVM_FULL_SWEEP=1`) runs the full sweep.
 * Both print a summary table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Component, Expr } from '../../src/air/index.js';
import { MAIN_TREE } from '../../src/air/index.js';
import { m31, qm31 } from '../../src/field/index.js';
import { ECALL_IO, IO_BYTE, PROGRAM_COLUMNS, toWitness } from '../../src/machine/index.js';
import type { ExecutionClaim, MachineTrace } from '../../src/machine/index.js';
import { evalLookupRow } from '../../src/machine/prover/lookup-eval.js';
import { OP_NAMES } from '../../src/vm/index.js';
import { DATA_BASE, TEXT_BASE } from '../util/asm.js';
import { rng } from '../util/rng.js';
import { check, claimFor, exchangeSegments, FastChecker, forcedVerdict, getCell, ioCycles, isRecounted, passes, realRows, runAsm, runElf, swapChanges, traceOfPcs } from './forgery.js';
import type { CellChange, Run, Verdict, VerifierVerdict } from './forgery.js';

const FULL = process.env.ZKVM_FULL_SWEEP === '1';

/** How much of the sweep runs: CI samples, the full sweep tries (nearly) everything. */
const CAPS = FULL
  ? { pairs: 12, tupleRows: 12, targets: 4, exchanges: Infinity, forced: 20, survivorProofs: Infinity }
  : { pairs: 2, tupleRows: 2, targets: 2, exchanges: 2, forced: 8, survivorProofs: 4 };

/** A system call: read/write(fd, buf, count). */
const sys = (num: number, fd: number, buf: number, count: number) => `li a0, ${fd}\nli a1, ${buf}\nli a2, ${count}\nli a7, ${num}\necall\n`;
const ZERO_PAGE = DATA_BASE + 0x1000;

/**
 * Three passes of a loop with six inlined call sites: read fd 3 (3 bytes), read fd 0 (2 bytes), write fd 1
 * (2 bytes), write fd 2, read fd 0 again (2 bytes) and write fd 1 again (1 byte); then an end-of-file read
 * of fd 3. The public input (7 bytes) runs out on the third pass (3 + 3 + 1), so the last read returns 0
 * and the drain at exit is empty; the private reads all get their 2 bytes.
 */
const IO_LOOP = `
  li s0, 3
top:
  ${sys(63, 3, ZERO_PAGE + 1, 3)}
  ${sys(63, 0, ZERO_PAGE + 8, 2)}
  ${sys(64, 1, ZERO_PAGE + 1, 2)}
  ${sys(64, 2, ZERO_PAGE + 8, 1)}
  ${sys(63, 0, ZERO_PAGE + 13, 2)}
  ${sys(64, 1, ZERO_PAGE + 13, 1)}
  addi s0, s0, -1
  bnez s0, top
  ${sys(63, 3, ZERO_PAGE + 1, 3)}
  li a7, 93
  ecall
`;
const IO_INPUTS = { publicInput: Uint8Array.from([0x11, 0x92, 0x7f, 0x80, 0x05, 0xee, 0x42]), privateInput: Uint8Array.from({ length: 12 }, (_, i) => (i * 29 + 3) & 0xff) };

/** Every opcode and every kind of system call, twice (a loop of two passes), so each family has ≥ 2 real rows. */
const FAMILIES = `
  li s10, 2
again:
  ${sys(63, 3, ZERO_PAGE + 1, 5)}
  ${sys(63, 0, ZERO_PAGE + 0x10, 2)}
  ${sys(64, 1, ZERO_PAGE + 1, 3)}
  ${sys(64, 2, ZERO_PAGE + 1, 2)}
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
  lbu a5, 7(s7)
  li s8, ${ZERO_PAGE}
  sw a3, 0x20(s8)
  sh a4, 0x26(s8)
  sb a5, 0x2b(s8)
  lw a6, 0x24(s8)
  li s9, ${TEXT_BASE}
  lw a7, 4(s9)
  addi s10, s10, -1
  bnez s10, again
  li a0, 3
  li a7, 93
  ecall
`;
const FAMILY_INPUTS = { publicInput: Uint8Array.from([0x11, 0x92, 0x7f, 0x80, 0x05, 0xee, 0x01, 0x42, 0x99]), privateInput: Uint8Array.from([0xfe, 0x00, 0x33]) };
const FAMILY_DATA = Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 0x81) & 0xff);

/** The guests of the sweep. */
function guests(): { name: string; run: Run }[] {
  return [
    { name: 'io-loop', run: runAsm(IO_LOOP, { dataSize: 0x2000 }, IO_INPUTS) },
    { name: 'families', run: runAsm(FAMILIES, { data: FAMILY_DATA, dataSize: 0x2000 }, FAMILY_INPUTS) },
  ];
}

/** Names of the gadgets' columns (`less-than.ts`, `address.ts`, `product-chain.ts`): changed together when all are present. */
const GADGETS: readonly (readonly string[])[] = [
  ['sb', 'sc', 'w1', 'w2', 'd_h'],
  ['k1', 'k2', 'addr_w', 'addr_h', 'o1', 'o2', 'o3'],
  ['k0', 'k1', 'k2', 'k3', 'kl0', 'kl1', 'kl2', 'kl3'],
];

/** Main columns (offset 0) that expression `e` reads. */
function mainColumnsOf(e: Expr, into: Set<number> = new Set()): Set<number> {
  if (e.kind === 'col' && e.tree === MAIN_TREE && e.offset === 0) into.add(e.index);
  if (e.a) mainColumnsOf(e.a, into);
  if (e.b) mainColumnsOf(e.b, into);
  return into;
}

/**
 * The column groups of a component, derived from its column names and its lookups:
 * - every column alone;
 * - columns sharing a name prefix (up to the first `_` or `.`; a name without one minus its trailing
 *   digits: `rs1.d0`/`rs1.d1`, `b_l`/`b_h`, `u0`…`u4`, `rd`/`rd_prev_l`/`rd.d0`…);
 * - columns sharing a name suffix (after the last `_` or `.`: the chain tail `t_end`, `w_end`, `off_end`,
 *   every access's `d0` limb, …);
 * - the gadgets of {@link GADGETS} (less-than, address, product-chain carries);
 * - the main columns one lookup tuple reads: a register or memory access (index, value, timestamp limbs),
 *   the successor state, the copy chain's head or tail, a program fetch, …
 * Groups of fewer than two columns (other than the singles) and the group of all columns are dropped, and
 * duplicates merged.
 */
function columnGroups(c: Component): { name: string; cols: string[] }[] {
  const names = c.mainNames;
  const out = new Map<string, { name: string; cols: string[] }>();
  const add = (name: string, cols: Iterable<string>, single = false) => {
    const s = [...new Set(cols)].sort();
    if ((!single && s.length < 2) || s.length === names.length) return;
    const key = s.join(',');
    if (!out.has(key)) out.set(key, { name, cols: s });
  };
  for (const nm of names) add(nm, [nm], true);
  const by = (f: (nm: string) => string, what: string) => {
    const m = new Map<string, string[]>();
    for (const nm of names) m.set(f(nm), [...(m.get(f(nm)) ?? []), nm]);
    for (const [k, cols] of m) add(`${what} ${k}`, cols);
  };
  by((nm) => (/[_.]/.test(nm) ? nm.split(/[_.]/)[0]! : nm.replace(/\d+$/, '')), 'prefix');
  by((nm) => (/[_.]/.test(nm) ? nm.split(/[_.]/).pop()! : `(${nm})`), 'suffix');
  for (const g of GADGETS) if (g.every((nm) => names.includes(nm))) add(`gadget ${g[0]}…`, g);
  c.lookups.forEach((l) => {
    const cols = new Set<number>();
    for (const v of l.values) mainColumnsOf(v, cols);
    add(`${l.kind} ${l.relation.name} tuple`, [...cols].map((j) => names[j]!));
  });
  return [...out.values()];
}

/** A lookup tuple entry that reads main column j linearly: the entry, its position, the column. */
interface TupleSlot {
  readonly lookup: number;
  readonly position: number;
  readonly j: number;
}

/** Every (lookup, position, column) of component `c` where a main column enters the tuple entry (linearity is checked per row). */
function tupleSlots(c: Component): TupleSlot[] {
  const out: TupleSlot[] = [];
  c.lookups.forEach((l, li) => l.values.forEach((v, p) => {
    for (const j of mainColumnsOf(v)) out.push({ lookup: li, position: p, j });
  }));
  return out;
}

/** The values that rows supply (yield with a non-zero multiplicity) at each position of each relation, over all components. */
function suppliedValues(t: MachineTrace): Map<string, number[][]> {
  const sets = new Map<string, Set<number>[]>();
  t.air.components.forEach((c, ci) => {
    const n = 2 ** c.logSize;
    const main = t.columns[ci]!;
    const pre = t.air.layout[ci]!.preprocessed.map((g) => t.air.preprocessed[g]!.values());
    for (const l of c.lookups) {
      if (l.kind !== 'yield') continue;
      let s = sets.get(l.relation.name);
      if (!s) sets.set(l.relation.name, (s = []));
      for (let p = 0; p < l.values.length; p++) s[p] ??= new Set();
      for (let r = 0; r < n; r++) {
        if (evalLookupRow(l.multiplicity, r, n, main, pre) === 0) continue;
        l.values.forEach((v, p) => s![p]!.add(evalLookupRow(v, r, n, main, pre)));
      }
    }
  });
  return new Map([...sets].map(([k, v]) => [k, v.map((s) => [...s].sort((a, b) => a - b))]));
}

/** A row of a component as the allow-list sees it: its opcode (families) and its cells by name. */
interface RowView {
  readonly row: number;
  readonly op: string;
  readonly cell: (name: string) => number;
  /** The next row's cell (wrapping), for components with next-row constraints. */
  readonly next: (name: string) => number;
}

/** A harmless symmetry: which variants it covers, and why they cannot matter. */
interface Symmetry {
  readonly component: string;
  /** Whether the variant (changed columns, the two rows) is covered. */
  readonly covers: (changed: readonly string[], a: RowView, b: RowView) => boolean;
  readonly why: string;
}

const within = (changed: readonly string[], free: readonly string[]) => changed.every((c) => free.includes(c));

/**
 * Survivors that are harmless by construction: every changed cell is one the single-cell sweep already
 * shows free on that row (`cell-sweep.test.ts`, FREE_BY_DESIGN), or another valid split of a range-checked
 * value, so the change moves no tuple with a non-zero multiplicity except within a range table, and no
 * constraint that is not multiplied by a vanishing flag. (The other free cells of FREE_BY_DESIGN hold 0 on
 * every row, so swaps leave them as they are, and no tuple with a non-zero multiplicity reads them: the
 * sweep cannot hit them, and the full run requires every entry here to be hit.)
 */
const SYMMETRIES: readonly Symmetry[] = [
  {
    component: 'jump_upper',
    covers: (ch, a, b) => within(ch, ['bit0', 'k1', 'k2', 'h', 't_h']) && a.op !== 'jalr' && b.op !== 'jalr',
    why: 'JALR target columns: every equation reading them is multiplied by is_jalr; on JAL/AUIPC only booleanity and U16 ranges bind them',
  },
  {
    component: 'mul|div_rem',
    covers: (ch, a, b) => a.row === b.row && within(ch, ['kl0', 'kl1', 'kl2', 'kl3']),
    why: 'a carry k is split as k = kl + 8·v with bytes kl, v (BYTE_PAIR(kl, (k − kl)/8)); the split is not unique and only the bound on k matters: another split leaves k, and every equation, as they were',
  },
  {
    component: 'mem_zero',
    covers: (ch, a, b) => a.row === b.row && within(ch, ['d0', 'd1']) && a.cell('is_real') === 1 && a.next('is_real') === 0,
    why: 'the gap limbs to the next real row: on the last real row the ordering constraint is multiplied by is_real\' = 0, only their U16 lookups read them (any value in range)',
  },
];

/** One variant and what became of it. */
interface Variant {
  readonly guest: string;
  readonly component: string;
  readonly what: string;
  readonly changes: readonly CellChange[];
  /** The two rows of a swap, or the row of a tuple substitution twice (for the allow-list). */
  readonly rows: readonly [number, number];
  readonly changed: readonly string[];
}

/** Per-component tallies of the summary table. */
interface Tally {
  tried: number;
  skipped: number;
  constraint: number;
  logUp: number;
  passed: number;
  forced: number;
  verifierRejected: number;
  verifierAccepted: number;
}

const tally = (m: Map<string, Tally>, comp: string): Tally => {
  let t = m.get(comp);
  if (!t) m.set(comp, (t = { tried: 0, skipped: 0, constraint: 0, logUp: 0, passed: 0, forced: 0, verifierRejected: 0, verifierAccepted: 0 }));
  return t;
};

/** A report line for a survivor. */
interface Survivor {
  readonly variant: Variant;
  readonly symmetry?: Symmetry;
  /** The claim the variant's witness proves, when it is not the honest run's (a segment exchange). */
  readonly claim?: ExecutionClaim;
  verifier?: VerifierVerdict;
}

/** Whether the claims agree. */
const sameClaim = (x: ExecutionClaim, y: ExecutionClaim) =>
  x.exitCode === y.exitCode && Buffer.from(x.publicInput).equals(Buffer.from(y.publicInput)) && Buffer.from(x.publicOutput).equals(Buffer.from(y.publicOutput));

/** Pairs of `rows`: those at the same pc first (when `pc` is given), then the others, sampled down to `cap`. */
function pairsOf(rows: readonly number[], cap: number, pc: Uint32Array | undefined, random: () => number): [number, number][] {
  const same: [number, number][] = [];
  const other: [number, number][] = [];
  for (let x = 0; x < rows.length; x++) for (let y = x + 1; y < rows.length; y++) (pc && pc[rows[x]!] === pc[rows[y]!] ? same : other).push([rows[x]!, rows[y]!]);
  const pick = (list: [number, number][], k: number) => {
    const l = list.slice();
    for (let i = l.length - 1; i > 0; i--) {
      const j = random() % (i + 1);
      [l[i], l[j]] = [l[j]!, l[i]!];
    }
    return l.slice(0, Math.max(0, k));
  };
  const s = pick(same, cap);
  return [...s, ...pick(other, cap - s.length)];
}

/** Whether a component reads only its own row (offset 0) and no preprocessed column: its rows can be permuted freely. */
function rowLocal(c: Component): boolean {
  return c.preprocessedIds.length === 0 && c.mainOffsets.every((o) => o.every((x) => x === 0));
}

interface SweepResult {
  readonly tallies: Map<string, Tally>;
  readonly survivors: Survivor[];
  readonly rejected: Variant[];
  readonly hits: Map<Symmetry, number>;
}

/** Runs parts 1 and 2 of the sweep on one guest's honest trace, and part 3 when it has I/O loops. */
function sweepGuest(guest: string, run: Run, random: () => number, out: SweepResult): void {
  const { image, trace } = run;
  const checker = new FastChecker(trace);
  const supplied = suppliedValues(trace);
  const view = (ci: number, r: number): RowView => {
    const c = trace.air.components[ci]!;
    const cols = trace.columns[ci]!;
    const pcCol = c.mainNames.includes('pc') ? cols[c.mainNames.indexOf('pc')]! : undefined;
    const op = pcCol ? OP_NAMES[trace.table.columns[PROGRAM_COLUMNS.indexOf('prog.op')]![trace.table.rowOf(pcCol[r]!)]!] ?? '' : '';
    const n = 2 ** c.logSize;
    return { row: r, op, cell: (nm) => cols[c.mainNames.indexOf(nm)]![r]!, next: (nm) => cols[c.mainNames.indexOf(nm)]![(r + 1) % n]! };
  };
  const judge = (v: Variant, verdict: Verdict | undefined, base: FastChecker, claim?: ExecutionClaim) => {
    const tl = tally(out.tallies, v.component);
    tl.tried++;
    if (!verdict) return void tl.skipped++;
    if (verdict.labels.length) {
      tl.constraint++;
      out.rejected.push(v);
    } else if (!qm31.isZero(verdict.total)) {
      tl.logUp++;
      out.rejected.push(v);
    } else {
      tl.passed++;
      const ci = base.t.air.components.findIndex((c) => c.name === v.component);
      const symmetry = !claim
        ? SYMMETRIES.find((s) => s.component.split('|').includes(v.component) && s.covers(v.changed, view(ci, v.rows![0]), view(ci, v.rows![1])))
        : undefined;
      if (symmetry) out.hits.set(symmetry, (out.hits.get(symmetry) ?? 0) + 1);
      out.survivors.push({ variant: v, ...(symmetry ? { symmetry } : {}), ...(claim ? { claim } : {}) });
    }
  };

  /** Part 1 on `base` for rows `rows` of component `ci` (pairs given). */
  const swaps = (base: FastChecker, ci: number, pairs: readonly (readonly [number, number])[], claim?: ExecutionClaim, tag = '') => {
    const c = base.t.air.components[ci]!;
    const groups = columnGroups(c).filter((g) => !g.cols.every((nm) => isRecounted(c.name, nm)));
    const local = rowLocal(c);
    for (const [a, b] of pairs) {
      const differing = c.mainNames.filter((nm, j) => base.t.columns[ci]![j]![a] !== base.t.columns[ci]![j]![b]);
      for (const g of groups) {
        for (const inverse of [false, true]) {
          const cols = inverse ? c.mainNames.filter((nm) => !g.cols.includes(nm)) : g.cols;
          const changed = cols.filter((nm) => differing.includes(nm));
          const v: Variant = { guest, component: c.name, what: `${tag}swap ${inverse ? 'all but ' : ''}${g.name} rows ${a}, ${b}`, changes: swapChanges(base.t, c.name, a, b, cols), rows: [a, b], changed };
          if (local && changed.length === differing.length && changed.length > 0) {
            // A whole-row exchange in a component that reads nothing else: a row permutation.
            tally(out.tallies, c.name).tried++;
            tally(out.tallies, c.name).skipped++;
            continue;
          }
          judge(v, base.trial(v.changes), base, claim);
        }
      }
    }
  };

  trace.air.components.forEach((c, ci) => {
    if (c.mainNames.every((nm) => isRecounted(c.name, nm))) return; // a table: the recount undoes any change
    const rows = realRows(trace, c.name);
    if (rows.length < 2) return;
    const pc = c.mainNames.includes('pc') ? trace.columns[ci]![c.mainNames.indexOf('pc')]! : undefined;
    swaps(checker, ci, pairsOf(rows, CAPS.pairs, pc, random));
    // Part 2: tuple substitutions on a sample of real rows.
    const n = 2 ** c.logSize;
    const main = trace.columns[ci]!;
    const pre = trace.air.layout[ci]!.preprocessed.map((g) => trace.air.preprocessed[g]!.values());
    const sampleRows = rows.length <= CAPS.tupleRows ? rows : pairsOf(rows, CAPS.tupleRows, undefined, random).map(([x]) => x);
    for (const r of sampleRows) {
      for (const slot of tupleSlots(c)) {
        const l = c.lookups[slot.lookup]!;
        if (isRecounted(c.name, c.mainNames[slot.j]!) || evalLookupRow(l.multiplicity, r, n, main, pre) === 0) continue;
        const e = l.values[slot.position]!;
        const col = main[slot.j]!;
        const honest = col[r]!;
        const at = (x: number) => {
          col[r] = x;
          const y = evalLookupRow(e, r, n, main, pre);
          col[r] = honest;
          return y;
        };
        const e0 = at(0);
        const coef = m31.sub(at(1), e0);
        if (coef === 0 || m31.sub(at(2), e0) !== m31.add(coef, coef)) continue; // not linear in this column
        const now = at(honest);
        const values = (supplied.get(l.relation.name)?.[slot.position] ?? []).filter((x) => x !== now);
        for (let k = 0; k < Math.min(CAPS.targets, values.length); k++) {
          const target = values[random() % values.length]!;
          const value = m31.mul(m31.sub(target, e0), m31.inv(coef));
          const v: Variant = { guest, component: c.name, what: `tuple ${l.kind} ${l.relation.name}[${slot.position}] ← ${target} via ${c.mainNames[slot.j]} row ${r}`, changes: [{ ci, j: slot.j, row: r, value }], rows: [r, r], changed: [c.mainNames[slot.j]!] };
          judge(v, checker.trial(v.changes), checker);
        }
      }
    }
  });

  // Part 3: segment exchanges around calls of one kind (the rows of c1 and c2 are then swapped).
  const calls = ioCycles(image, run.pcs);
  const ei = trace.air.components.findIndex((c) => c.name === ECALL_IO);
  const kindOf = (k: number) => ['f_wr1', 'f_wr2', 'f_rd3', 'f_rd0'].find((f) => trace.columns[ei]![trace.air.components[ei]!.mainNames.indexOf(f)]![k] === 1);
  const triples: [number, number, number][] = [];
  calls.forEach((c2, k2) => {
    for (let k1 = k2 - 1; k1 >= 0; k1--) {
      const c1 = calls[k1]!;
      if (run.pcs[c1] === run.pcs[c2] || kindOf(k1) !== kindOf(k2)) continue;
      if (calls.slice(k1 + 1, k2).some((c) => run.pcs[c] === run.pcs[c1])) continue; // c1: the site's last call before c2
      const k3 = calls.findIndex((c, k) => k > k2 && run.pcs[c] === run.pcs[c1]);
      if (k3 >= 0 && !triples.some(([x, y]) => x === c1 && y === c2)) triples.push([c1, c2, calls[k3]!]);
    }
  });
  const chosen = pairsOf(triples.map((_, i) => i), 2 * Math.min(CAPS.exchanges, triples.length), undefined, random);
  const picked = [...new Set(chosen.flat())].slice(0, Math.min(CAPS.exchanges, triples.length));
  for (const ti of picked) {
    const [c1, c2, c3] = triples[ti]!;
    const pcs = exchangeSegments(run.pcs, c1, c2, c3);
    let forged: MachineTrace;
    try {
      forged = traceOfPcs(image, pcs, run.inputs);
    } catch {
      tally(out.tallies, `${ECALL_IO} (exchange)`).tried++;
      tally(out.tallies, `${ECALL_IO} (exchange)`).skipped++;
      continue; // the exchanged run leaves the program (a fault the witness builder refuses)
    }
    const claim = claimFor(forged);
    const base = check(image, forged, claim);
    if (base.labels.length) continue; // the exchanged run does not follow its own branches: no single swap can mend it
    const rowOf = (cycle: number) => ioCycles(image, pcs).indexOf(cycle);
    const fc = new FastChecker(forged, base.total);
    swaps(fc, ei, [[rowOf(c1), rowOf(c3)]], claim, `exchange (${c1}, ${c2}, ${c3}): `);
  }
}

/** Runs the sweep over both guests. */
function sweep(seed: number): { result: SweepResult; runs: Map<string, Run> } {
  const random = rng(seed);
  const result: SweepResult = { tallies: new Map(), survivors: [], rejected: [], hits: new Map() };
  const runs = new Map<string, Run>();
  for (const { name, run } of guests()) {
    runs.set(name, run);
    sweepGuest(name, run, random, result);
  }
  return { result, runs };
}

/** Re-applies a variant to a copy of its base trace (honest, or the segment exchange it names). */
function materialize(run: Run, v: Variant): MachineTrace {
  const m = /^exchange \((\d+), (\d+), (\d+)\)/.exec(v.what);
  const base = m ? traceOfPcs(run.image, exchangeSegments(run.pcs, +m[1]!, +m[2]!, +m[3]!), run.inputs) : run.trace;
  return new FastChecker(base).materialize(v.changes);
}

test(`coordinated sweep (${FULL ? 'full' : 'CI sample'}): no two-row swap, group swap or tuple substitution is accepted`, () => {
  const t0 = performance.now();
  const { result, runs } = sweep(0xc0ffee);
  const sweepS = (performance.now() - t0) / 1000;
  // Survivors: one forced proof per kind (component, changed columns, base), the verifier's verdict reported.
  const kinds = new Map<string, Survivor[]>();
  for (const s of result.survivors) {
    const key = `${s.variant.guest} ${s.variant.component} [${s.variant.changed.join(',')}] ${s.claim ? 'exchange' : ''}`;
    kinds.set(key, [...(kinds.get(key) ?? []), s]);
  }
  let proofs = 0;
  // Kinds that are no known symmetry first: their verdict is the one to report.
  for (const list of [...kinds.values()].sort((x, y) => Number(!!x[0]!.symmetry) - Number(!!y[0]!.symmetry))) {
    if (proofs >= CAPS.survivorProofs) break;
    const s = list[0]!;
    const run = runs.get(s.variant.guest)!;
    const forged = materialize(run, s.variant);
    s.verifier = forcedVerdict(run.image, forged, s.claim ?? claimFor(run.trace));
    proofs++;
    const tl = tally(result.tallies, s.variant.component);
    tl.forced++;
    if (s.verifier.accepted) tl.verifierAccepted++;
    else tl.verifierRejected++;
  }
  // A seeded sample of rejected variants: forced proofs the verifier must reject with a typed error.
  const random = rng(0x5a3b1e);
  const byComp = new Map<string, Variant[]>();
  for (const v of result.rejected) byComp.set(v.component, [...(byComp.get(v.component) ?? []), v]);
  const sample: Variant[] = [];
  for (const comp of [ECALL_IO, IO_BYTE]) {
    const swapsOf = (byComp.get(comp) ?? []).filter((v) => v.what.startsWith('swap'));
    if (swapsOf.length) sample.push(swapsOf[random() % swapsOf.length]!);
  }
  const comps = [...byComp.keys()];
  while (sample.length < CAPS.forced && comps.length) {
    const list = byComp.get(comps[sample.length % comps.length]!)!;
    const v = list[random() % list.length]!;
    if (!sample.includes(v)) sample.push(v);
    else if (sample.length >= result.rejected.length) break;
  }
  for (const v of sample) {
    const run = runs.get(v.guest)!;
    const forged = materialize(run, v);
    const m = /^exchange/.test(v.what);
    const verdict = forcedVerdict(run.image, forged, m ? claimFor(forged) : claimFor(run.trace));
    const tl = tally(result.tallies, v.component);
    tl.forced++;
    if (verdict.accepted) tl.verifierAccepted++;
    else tl.verifierRejected++;
    assert.equal(verdict.accepted, false, `the verifier accepted a variant the checker rejects: ${v.guest} ${v.component} ${v.what}`);
  }
  // Summary.
  const lines = ['component                 tried  skipped  constraint  logUp  passed | forced  verifier-rejected  verifier-accepted'];
  let total = 0;
  for (const [comp, tl] of [...result.tallies].sort()) {
    total += tl.tried;
    lines.push(`${comp.padEnd(24)} ${String(tl.tried).padStart(6)} ${String(tl.skipped).padStart(8)} ${String(tl.constraint).padStart(11)} ${String(tl.logUp).padStart(6)} ${String(tl.passed).padStart(7)} | ${String(tl.forced).padStart(6)} ${String(tl.verifierRejected).padStart(18)} ${String(tl.verifierAccepted).padStart(18)}`);
  }
  const bugs = result.survivors.filter((s) => !s.symmetry);
  const kindLines = [...kinds.entries()].map(([k, list]) => {
    const s = list[0]!;
    const ver = s.verifier ? (s.verifier.accepted ? 'verifier ACCEPTS' : `verifier rejects (${s.verifier.code})`) : 'not proven';
    const honest = claimFor(runs.get(s.variant.guest)!.trace);
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const claim = s.claim && !sameClaim(s.claim, honest) ? `, proves a FALSE statement (exit ${s.claim.exitCode}, output ${hex(s.claim.publicOutput)}; the run: exit ${honest.exitCode}, output ${hex(honest.publicOutput)})` : '';
    return `  ${s.symmetry ? 'symmetry' : 'BUG     '} ${k} ×${list.length}: e.g. ${s.variant.what}; ${ver}${claim}`;
  });
  console.log(`coordinated sweep (${FULL ? 'full' : 'CI sample'}): ${total} variants in ${sweepS.toFixed(1)} s (${((performance.now() - t0) / 1000).toFixed(1)} s with ${proofs + sample.length} forced proofs)\n${lines.join('\n')}\nsurvivors by kind:\n${kindLines.join('\n') || '  none'}`);
  const bugKinds = [...kinds.entries()].filter(([, list]) => !list[0]!.symmetry).map(([k, list]) => `${k} ×${list.length}, e.g. ${list[0]!.variant.what}`);
  assert.equal(bugs.length, 0, `${bugs.length} variants of ${bugKinds.length} kinds pass every check and are no known symmetry:\n${bugKinds.join('\n')}`);
  if (FULL) for (const s of SYMMETRIES) assert.ok(result.hits.has(s), `symmetry never hit: ${s.component} (${s.why})`);
});

test('coordinated sweep: the fast verdict is checkWitness\'s on multi-row variants', () => {
  const { name, run } = guests()[0]!;
  const checker = new FastChecker(run.trace);
  const ei = run.trace.air.components.findIndex((c) => c.name === ECALL_IO);
  const rows = realRows(run.trace, ECALL_IO);
  const pc = run.trace.columns[ei]![run.trace.air.components[ei]!.mainNames.indexOf('pc')]!;
  const same = rows.filter((r) => pc[r] === pc[rows[1]!]);
  const cases: CellChange[][] = [
    swapChanges(run.trace, ECALL_IO, same[0]!, same[1]!, ['ts', 't_end', 'w_end', 'off_end']), // the same call site in two passes
    swapChanges(run.trace, ECALL_IO, rows[0]!, rows[1]!, ['ts']),
    swapChanges(run.trace, ECALL_IO, rows[0]!, rows[2]!, ['k_l', 'k_h']),
    swapChanges(run.trace, IO_BYTE, 0, 1, ['byte']),
    swapChanges(run.trace, 'add_sub', 0, realRows(run.trace, 'add_sub').find((r) => getCell(run.trace, 'add_sub', 'a_l', r) !== getCell(run.trace, 'add_sub', 'a_l', 0))!, ['b_l', 'b_h', 'a_l', 'a_h']),
  ];
  let covered = 0;
  for (const ch of cases) {
    assert.ok(ch.length > 0, `${name}: the variant changes something`);
    const fast = checker.trial(ch)!;
    const full = check(run.image, checker.materialize(ch));
    assert.deepEqual(fast.labels, full.labels);
    assert.ok(qm31.eq(fast.total, full.total), 'the same logUp total');
    covered |= fast.labels.length ? 1 : qm31.isZero(fast.total) ? 4 : 2;
  }
  assert.ok(covered & 1 && covered & 2, 'the cases include a constraint failure and a logUp-only rejection');
  // The trials left the honest trace as it was.
  assert.ok(passes(check(run.image, run.trace)), 'the honest trace still passes');
  assert.deepEqual(toWitness(run.trace).components.length, run.trace.air.components.length);
});

test('coordinated sweep: the toolkit takes a real ELF (examples/hello.elf) and judges a swap of its two system calls', () => {
  const run = runElf(readFileSync(new URL('../../../examples/hello.elf', import.meta.url)));
  assert.ok(passes(check(run.image, run.trace)), 'the honest witness passes');
  const rows = realRows(run.trace, ECALL_IO);
  assert.ok(rows.length >= 2, 'the guest makes two read/write calls');
  const checker = new FastChecker(run.trace);
  for (const cols of [['t_end', 'w_end', 'off_end'], ['ts']]) {
    const ch = swapChanges(run.trace, ECALL_IO, rows[0]!, rows[1]!, cols);
    if (ch.length === 0) continue; // the AIR has no such column (or the cells agree)
    const fast = checker.trial(ch)!;
    const full = check(run.image, checker.materialize(ch));
    assert.deepEqual(fast.labels, full.labels);
    assert.ok(qm31.eq(fast.total, full.total), 'the same logUp total');
    // Two different call sites: the successor states no longer meet their consumers.
    assert.ok(!passes(fast), `swapping ${cols.join(', ')} between the two calls is rejected`);
  }
});
