/**
 * Row-by-row evaluation of lookup entries (multiplicity and tuple) over a component's columns, for the
 * table recount of witness generation.
 *
 * Walking the expression trees once per row and entry cost about as much as the whole replay at 2^18
 * rows, so each entry is compiled once into a JavaScript loop (`new Function`) that reads the column
 * arrays directly and calls the field operations of `m31` in the same order as the tree walk: the
 * results are those of the reference evaluator {@link evalLookupRow}, which remains the fallback where
 * `new Function` is forbidden (a strict Content-Security-Policy). Compiled loops are cached by source, so
 * a component rebuilt for another size reuses them.
 * @module
 */
import type { Expr } from '../../air/verifier.js';
import { MAIN_TREE, PREPROCESSED_TREE } from '../../air/verifier.js';
import { m31 } from '../../field/index.js';
import { MachineError } from '../errors.js';

/**
 * Receives one row whose multiplicity `m` is non-zero; the entry's tuple is in the `values` array passed
 * to {@link LookupLoop} (overwritten for the next row).
 */
export type LookupSink = (m: number) => void;

/**
 * Evaluates one lookup entry on every row of a component of `n` rows (a power of two; offsets wrap):
 * for each row with non-zero multiplicity, fills `values` with the tuple and calls `sink(m)`.
 * `main` and `pre` are the component's main and preprocessed columns (component-local indices).
 */
export type LookupLoop = (n: number, main: readonly Uint32Array[], pre: readonly Uint32Array[], values: Float64Array, sink: LookupSink) => void;

/** Evaluates a base-field expression on row `row` of a component of `n` rows (the reference evaluator). */
export function evalLookupRow(e: Expr, row: number, n: number, main: readonly Uint32Array[], pre: readonly Uint32Array[]): number {
  switch (e.kind) {
    case 'const':
      return e.value;
    case 'col': {
      const i = (((row + e.offset) % n) + n) % n;
      if (e.tree === MAIN_TREE) return main[e.index]![i]!;
      if (e.tree === PREPROCESSED_TREE) return pre[e.index]![i]!;
      throw new MachineError('INVALID_INPUT', 'lookup entries read only preprocessed and main columns');
    }
    case 'neg':
      return m31.neg(evalLookupRow(e.a!, row, n, main, pre));
    case 'add':
      return m31.add(evalLookupRow(e.a!, row, n, main, pre), evalLookupRow(e.b!, row, n, main, pre));
    case 'sub':
      return m31.sub(evalLookupRow(e.a!, row, n, main, pre), evalLookupRow(e.b!, row, n, main, pre));
    case 'mul':
      return m31.mul(evalLookupRow(e.a!, row, n, main, pre), evalLookupRow(e.b!, row, n, main, pre));
    default:
      throw new MachineError('INVALID_INPUT', `lookup entries have no ${e.kind} nodes`);
  }
}

/** The preprocessed columns (component-local indices) that `exprs` read. */
export function preprocessedReads(exprs: readonly Expr[]): Set<number> {
  const out = new Set<number>();
  const walk = (e: Expr): void => {
    if (e.kind === 'col' && e.tree === PREPROCESSED_TREE) out.add(e.index);
    if (e.a) walk(e.a);
    if (e.b) walk(e.b);
  };
  exprs.forEach(walk);
  return out;
}

/** The interpreter form of a {@link LookupLoop} (identical results; no code generation). */
function interpretedLoop(multiplicity: Expr, values: readonly Expr[]): LookupLoop {
  return (n, main, pre, v, sink) => {
    for (let row = 0; row < n; row++) {
      const m = evalLookupRow(multiplicity, row, n, main, pre);
      if (m === 0) continue;
      for (let j = 0; j < values.length; j++) v[j] = evalLookupRow(values[j]!, row, n, main, pre);
      sink(m);
    }
  };
}

/** A column an entry reads: its tree and component-local index. */
interface ColumnRef {
  readonly tree: number;
  readonly index: number;
}

/**
 * JavaScript for `e` on row `r`: the same m31 calls, in the same operand order, as {@link evalLookupRow}.
 * Columns become locals `C<k>`, numbered by first appearance (recorded in `cols`), so that entries of the
 * same shape over different columns share one compiled loop.
 */
function exprSource(e: Expr, cols: ColumnRef[], slots: Map<string, number>): string {
  switch (e.kind) {
    case 'const':
      return String(e.value);
    case 'col': {
      if (e.tree !== MAIN_TREE && e.tree !== PREPROCESSED_TREE) throw new MachineError('INVALID_INPUT', 'lookup entries read only preprocessed and main columns');
      const key = `${e.tree}:${e.index}`;
      let k = slots.get(key);
      if (k === undefined) {
        k = cols.push({ tree: e.tree, index: e.index }) - 1;
        slots.set(key, k);
      }
      // n is a power of two, so masking wraps negative offsets too (two's complement).
      return e.offset === 0 ? `C${k}[r]` : `C${k}[(r + ${e.offset}) & mask]`;
    }
    case 'neg':
      return `neg(${exprSource(e.a!, cols, slots)})`;
    case 'add':
    case 'sub':
    case 'mul':
      return `${e.kind}(${exprSource(e.a!, cols, slots)}, ${exprSource(e.b!, cols, slots)})`;
    default:
      throw new MachineError('INVALID_INPUT', `lookup entries have no ${e.kind} nodes`);
  }
}

/** A compiled loop over the columns of its shape (`cols[k]` is local `C<k>`). */
type ShapeLoop = (n: number, cols: readonly Uint32Array[], values: Float64Array, sink: LookupSink) => void;

const compiled = new Map<string, ShapeLoop>();
let evalAllowed: boolean | undefined;

function canEval(): boolean {
  if (evalAllowed === undefined) {
    try {
      evalAllowed = new Function('return 1')() === 1;
    } catch {
      evalAllowed = false;
    }
  }
  return evalAllowed;
}

/**
 * The loop of one lookup entry (multiplicity `multiplicity`, tuple `values`): compiled JavaScript, or
 * the interpreter where code generation is unavailable. Entries of the same shape share the compiled
 * code, which therefore gets optimized after a few entries rather than running each once unoptimized.
 * @throws MachineError `INVALID_INPUT` when an expression reads anything but main and preprocessed cells
 */
export function lookupLoop(multiplicity: Expr, values: readonly Expr[]): LookupLoop {
  const cols: ColumnRef[] = [];
  const slots = new Map<string, number>();
  const mSrc = exprSource(multiplicity, cols, slots);
  const vSrc = values.map((e, j) => `v[${j}] = ${exprSource(e, cols, slots)};`);
  if (!canEval()) return interpretedLoop(multiplicity, values);
  const source = [
    '"use strict";',
    'return function lookupLoop(n, cols, v, sink) {',
    '  const mask = n - 1;',
    ...cols.map((_, k) => `  const C${k} = cols[${k}];`),
    '  for (let r = 0; r < n; r++) {',
    `    const m = ${mSrc};`,
    '    if (m === 0) continue;',
    ...vSrc.map((l) => '    ' + l),
    '    sink(m);',
    '  }',
    '};',
  ].join('\n');
  let loop = compiled.get(source);
  if (!loop) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    loop = new Function('add', 'sub', 'mul', 'neg', source)(m31.add, m31.sub, m31.mul, m31.neg) as ShapeLoop;
    compiled.set(source, loop);
  }
  const shape = loop;
  return (n, main, pre, v, sink) => shape(n, cols.map((c) => (c.tree === MAIN_TREE ? main : pre)[c.index]!), v, sink);
}
