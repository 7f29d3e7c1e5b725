/**
 * The standard wide-Fibonacci AIR (as in Stwo's `examples/wide_fibonacci`): N columns, every row
 * independent; the first two columns are free (seeded), and column i = col(i−1)² + col(i−2)² for i ≥ 2.
 * Degree-2 constraints, so the composition uses L = 1. Used by tests and the STARK benchmark.
 * @module
 */
import { component, defineAir } from '../air/verifier.js';
import type { Air, Component } from '../air/verifier.js';
import type { Witness } from '../air/prover/witness.js';
import { m31 } from '../field/index.js';

/** The wide-Fibonacci component: `nColumns` ≥ 3 columns over 2^logSize rows. */
export function wideFibonacciComponent(logSize: number, nColumns: number, name = 'wide_fibonacci'): Component {
  if (!Number.isInteger(nColumns) || nColumns < 3) throw new RangeError(`wide Fibonacci needs at least 3 columns: ${nColumns}`);
  return component(name, logSize, (b) => {
    const c = b.mains(nColumns, 'c');
    for (let i = 2; i < nColumns; i++) b.assertEq(c[i]!, c[i - 1]!.square().add(c[i - 2]!.square()), `c${i} = c${i - 1}² + c${i - 2}²`);
  });
}

/** An AIR with one wide-Fibonacci component. */
export function wideFibonacciAir(logSize: number, nColumns: number): Air {
  return defineAir({ name: `wide-fibonacci-${nColumns}`, components: [wideFibonacciComponent(logSize, nColumns)] });
}

/**
 * The witness columns: entry r starts from (1, seed + r) — any values would do — and follows the
 * recurrence. Rows are independent, so the same arrays are a valid trace in row order and in storage order.
 */
export function wideFibonacciColumns(logSize: number, nColumns: number, seed = 0): Uint32Array[] {
  const n = 2 ** logSize;
  const cols = Array.from({ length: nColumns }, () => new Uint32Array(n));
  const c0 = cols[0]!;
  const c1 = cols[1]!;
  for (let r = 0; r < n; r++) {
    c0[r] = 1;
    c1[r] = m31.reduce(seed + r);
  }
  for (let i = 2; i < nColumns; i++) {
    const a = cols[i - 2]!;
    const b = cols[i - 1]!;
    const o = cols[i]!;
    for (let r = 0; r < n; r++) {
      const x = a[r]!;
      const y = b[r]!;
      o[r] = m31.add(m31.mul(x, x), m31.mul(y, y));
    }
  }
  return cols;
}

/**
 * The witness of {@link wideFibonacciAir}. Marked as storage order, which skips the row permutation: rows
 * are independent, so any placement of them is a satisfying trace.
 */
export function wideFibonacciWitness(logSize: number, nColumns: number, seed = 0): Witness {
  return { components: [wideFibonacciColumns(logSize, nColumns, seed)], order: 'storage' };
}
