/**
 * The compiled lookup loops of the table recount agree with the reference tree-walking evaluator: on
 * every `use` entry of a machine AIR, with honest columns and with columns overwritten by non-canonical
 * and random 32-bit values, and on hand-built expressions with wrapping row offsets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnRef, constant, MAIN_TREE, PREPROCESSED_TREE } from '../../src/air/index.js';
import type { Expr } from '../../src/air/index.js';
import { evalLookupRow, lookupLoop, preprocessedReads } from '../../src/machine/prover/lookup-eval.js';
import { build } from './helpers.js';

/** Every (row, m, tuple) the compiled loop reports, and the same from the reference evaluator. */
function bothWays(m: Expr, values: readonly Expr[], n: number, main: readonly Uint32Array[], pre: readonly Uint32Array[]): [number[][], number[][]] {
  const got: number[][] = [];
  const v = new Float64Array(values.length);
  lookupLoop(m, values)(n, main, pre, v, (mult) => got.push([mult, ...v]));
  const want: number[][] = [];
  for (let row = 0; row < n; row++) {
    const mult = evalLookupRow(m, row, n, main, pre);
    if (mult !== 0) want.push([mult, ...values.map((e) => evalLookupRow(e, row, n, main, pre))]);
  }
  return [got, want];
}

/** A deterministic stream of 32-bit values (xorshift). */
function words(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
}

test('lookup loops: every use entry of the machine AIR matches the reference evaluator, honest and corrupted', () => {
  const { trace } = build(
    'li t0, 5\nli s1, 0x20000\nsw t0, 0(s1)\nlw t1, 0(s1)\nslli t2, t1, 3\nsra t3, t2, t0\nxor t4, t3, t1\nsltu t5, t4, t0\nbne t5, x0, out\nout: li a7, 93\nli a0, 0\necall\n',
  );
  const rnd = words(7);
  let entries = 0;
  for (const corrupt of [false, true]) {
    trace.air.components.forEach((c, ci) => {
      const n = 2 ** c.logSize;
      const main = trace.columns[ci]!.map((col) => {
        const out = col.slice();
        if (corrupt) for (let r = 0; r < n; r += 3) out[r] = [0x7fffffff, 0xffffffff, rnd()][r % 3]!;
        return out;
      });
      const preAll = trace.air.layout[ci]!.preprocessed.map((g) => trace.air.preprocessed[g]!.values());
      for (const l of c.lookups) {
        const reads = preprocessedReads([l.multiplicity, ...l.values]);
        const pre: Uint32Array[] = [];
        for (const k of reads) pre[k] = preAll[k]!;
        const [got, want] = bothWays(l.multiplicity, l.values, n, main, pre);
        assert.deepEqual(got, want, `${c.name}: ${l.relation.name}`);
        entries++;
      }
    });
  }
  assert.ok(entries > 100);
});

test('lookup loops: row offsets wrap both ways and every operation matches', () => {
  const a = columnRef(MAIN_TREE, 0);
  const b = columnRef(MAIN_TREE, 1, -3);
  const q = columnRef(PREPROCESSED_TREE, 0, 5);
  const m = a.sub(1).mul(a.sub(2));
  const values = [a.neg(), b.mul(q).add(a), b.sub(q.mul(constant(0x7ffffffe))), columnRef(MAIN_TREE, 1, 1).neg().neg()];
  const rnd = words(11);
  for (const n of [1, 2, 4, 16]) {
    const main = [Uint32Array.from({ length: n }, (_, i) => i % 4), Uint32Array.from({ length: n }, () => rnd() & 0x7fffffff)];
    const pre = [Uint32Array.from({ length: n }, () => rnd() % 0x7fffffff)];
    const [got, want] = bothWays(m, values, n, main, pre);
    assert.deepEqual(got, want, `n = ${n}`);
  }
  assert.deepEqual([...preprocessedReads(values)], [0]);
});
