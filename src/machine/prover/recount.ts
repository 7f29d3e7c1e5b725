/**
 * The lookup tables' multiplicities: each table's multiplicity column counts how often the other
 * components use each of its tuples, found by evaluating every `use` entry on every row.
 * @module
 */
import type { Relation } from '../../air/verifier.js';
import { m31 } from '../../field/index.js';
import { ZERO_PAGES } from '../families/mem-boundary.js';
import { PROGRAM } from '../families/program.js';
import { shiftBytes } from '../families/shift.js';
import { AND_TABLE, SHIFT_TABLE, U16_TABLE } from '../families/tables.js';
import { PROGRAM_COLUMNS } from '../program-table.js';
import { AND, BYTE_PAIR, PROG, SHIFT, U16, ZPAGE } from '../relations.js';
import { lookupLoop, preprocessedReads } from './lookup-eval.js';
import type { MachineTrace } from './witness.js';
import { traceColumn } from './witness.js';

/**
 * Recomputes the multiplicity columns of the program table, the U16, AND (and its byte pairs), SHIFT and
 * zero-page tables from every `use` of PROG, U16, AND, BYTE_PAIR, SHIFT and ZPAGE in the other components. A
 * tuple the table does not hold (a value ≥ 2^16, a pc/field mismatch) is not counted, which leaves the logUp
 * sum unbalanced: exactly what a cheating witness would face.
 */
export function recountTables(t: MachineTrace): void {
  const progMult = traceColumn(t, PROGRAM, 'mult');
  const u16Mult = traceColumn(t, U16_TABLE, 'mult');
  const andMult = traceColumn(t, AND_TABLE, 'mult');
  const shiftMult = traceColumn(t, SHIFT_TABLE, 'mult');
  // A shard other than the last has no zero-page table (and no component that uses it).
  const zpMult = t.air.components.some((c) => c.name === ZERO_PAGES) ? traceColumn(t, ZERO_PAGES, 'mult') : new Uint32Array(0);
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
