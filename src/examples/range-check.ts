/**
 * A small logUp example: values looked up in a range-check table.
 *
 * - `range_table` (2^k rows): preprocessed column `range_<k>` = row index, main column `mult`; yields
 *   (value) with multiplicity `mult` into relation `range`.
 * - `adder` (2^n rows): main columns a, b, c with c = a + b; uses (a), (b) and (c) from `range` — three
 *   fractions, so two interaction columns (a pair and a single), exercising the in-row running sum.
 * - `counter` (2^n rows, n ≤ k): main column x with x = 0 on the first row (preprocessed selector
 *   `is_first_<n>`) and x = x[−1] + 1 elsewhere — a transition constraint reading the previous row — and
 *   uses (x) from `range`.
 *
 * The lookups balance exactly when every a, b, c, x lies in [0, 2^k) and `mult` counts the uses.
 * Optionally the statement fixes public values that the AIR yields as public logUp terms (see
 * {@link rangeCheckAir}'s `publicUses`).
 * @module
 */
import { combinePublic, component, defineAir, relation } from '../air/verifier.js';
import type { Air, PreprocessedColumn, RelationElements, Statement } from '../air/verifier.js';
import type { Witness } from '../air/prover/witness.js';
import { qm31 } from '../field/index.js';
import type { QM31 } from '../field/index.js';

/** The relation of the example. */
export const RANGE = relation('range', 1);

/** Preprocessed column `range_<k>`: 0, 1, …, 2^k − 1 in row order. */
export function rangeColumn(k: number): PreprocessedColumn {
  return Object.freeze({ id: `range_${k}`, logSize: k, values: () => Uint32Array.from({ length: 2 ** k }, (_, i) => i) });
}

/** Preprocessed column `is_first_<n>`: 1 on row 0, else 0. */
export function isFirstColumn(n: number): PreprocessedColumn {
  return Object.freeze({
    id: `is_first_${n}`,
    logSize: n,
    values: () => {
      const v = new Uint32Array(2 ** n);
      v[0] = 1;
      return v;
    },
  });
}

/** Options of {@link rangeCheckAir}. */
export interface RangeCheckOptions {
  /**
   * When set, the AIR additionally *uses* the statement's words as range values through the public logUp
   * terms (the verifier adds −Σ 1/(v − z) itself), so the table's multiplicities must count them.
   * Each word must be an integer below p (`combinePublic`): the verifier rejects a statement with a larger
   * one instead of reducing it, so "v lies in the table" is never proven by v − p.
   */
  readonly publicUses?: boolean;
}

/** The AIR: table of log size k, adder and counter of log size n (1 ≤ n ≤ k). */
export function rangeCheckAir(k: number, n: number, options: RangeCheckOptions = {}): Air {
  const table = component('range_table', k, (b) => {
    const v = b.preprocessed(`range_${k}`);
    const m = b.main('mult');
    b.yield(RANGE, [v], m);
  });
  const adder = component('adder', n, (b) => {
    const a = b.main('a');
    const bb = b.main('b');
    const c = b.main('c');
    b.assertEq(c, a.add(bb), 'c = a + b');
    b.use(RANGE, [a]);
    b.use(RANGE, [bb]);
    b.use(RANGE, [c]);
  });
  const counter = component('counter', n, (b) => {
    const first = b.preprocessed(`is_first_${n}`);
    const x = b.main('x');
    b.constrain(first.mul(x), 'x = 0 on the first row');
    b.constrain(first.neg().add(1).mul(x.sub(x.prev).sub(1)), 'x = x[-1] + 1');
    b.use(RANGE, [x]);
  });
  return defineAir({
    name: `range-check-${k}-${n}${options.publicUses ? '-public' : ''}`,
    components: [table, adder, counter],
    preprocessed: [rangeColumn(k), isFirstColumn(n)],
    ...(options.publicUses
      ? {
          publicLogUpSum: (statement: Statement, elements: RelationElements): QM31 => {
            const e = elements.get(RANGE.name)!;
            let acc: QM31 = qm31.ZERO;
            const words = statement.words ?? [];
            for (let i = 0; i < words.length; i++) {
              acc = qm31.sub(acc, qm31.inv(combinePublic(RANGE, e, [words[i]!])));
            }
            return acc;
          },
        }
      : {}),
  });
}

/**
 * A witness: adder rows (a_i, b_i, a_i + b_i) from `pairs` (2^n of them), counter x_i = i, and the table's
 * multiplicities counting every use (plus `publicValues`, used through the statement). Values outside the
 * table are allowed (the result is then an unbalanced, unsatisfiable witness for soundness tests); they are
 * simply not counted.
 */
export function rangeCheckWitness(k: number, n: number, pairs: readonly (readonly [number, number])[], publicValues: readonly number[] = []): Witness {
  const rows = 2 ** n;
  if (pairs.length !== rows) throw new RangeError(`need ${rows} pairs, got ${pairs.length}`);
  const size = 2 ** k;
  const mult = new Uint32Array(size);
  const count = (v: number) => {
    if (v >= 0 && v < size) mult[v]++;
  };
  const a = new Uint32Array(rows);
  const b = new Uint32Array(rows);
  const c = new Uint32Array(rows);
  const x = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) {
    a[i] = pairs[i]![0];
    b[i] = pairs[i]![1];
    c[i] = (a[i]! + b[i]!) % 0x7fffffff;
    x[i] = i;
    count(a[i]!);
    count(b[i]!);
    count(c[i]!);
    count(x[i]!);
  }
  for (const v of publicValues) count(v);
  return { components: [[mult], [a, b, c], [x]] };
}
