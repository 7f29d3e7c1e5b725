import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bitReverseIndex, canonicCoset } from '../../src/circle/index.js';
import type { SecurePoint } from '../../src/circle/index.js';
import { m31, qm31 } from '../../src/field/index.js';
import type { QM31 } from '../../src/field/index.js';
import {
  accumulateRowQuotients,
  batchInverse,
  columnSampleBatches,
  compareSecurePoints,
  complexConjugateLineCoeffs,
  computeFriQuotients,
  PcsError,
  quotientConstants,
  quotientDenominator,
  rowQuotients,
} from '../../src/pcs/index.js';
import type { PointSample } from '../../src/pcs/index.js';
import { evaluate, jsBackend, wasmBackend } from '../../src/poly/index.js';
import { randomM31, randomQM31 } from '../poly/helpers.js';
import { oodPoint, shifted } from './helpers.js';

test('batches: one per distinct point, ordered by point value (x then y, coordinates a, b, c, d), columns in order', () => {
  const p = oodPoint(1);
  const q = oodPoint(2);
  const [lo, hi] = compareSecurePoints(p, q) < 0 ? [p, q] : [q, p];
  const v = (k: number): QM31 => [k, 0, 0, 0];
  const batches = columnSampleBatches([[{ point: hi, value: v(1) }, { point: lo, value: v(2) }], [], [{ point: hi, value: v(3) }, { point: hi, value: v(4) }]]);
  assert.equal(batches.length, 2);
  assert.equal(batches[0]!.point, lo);
  assert.deepEqual(batches[0]!.columns, [0]);
  assert.deepEqual(batches[1]!.columns, [0, 2, 2]);
  assert.deepEqual(batches[1]!.values, [v(1), v(3), v(4)]);
  // The order is lexicographic on the eight coordinates, as integers (not as field elements).
  const a: SecurePoint = { x: [5, 0, 0, 0], y: [0, 0, 1, 0] };
  const b: SecurePoint = { x: [5, 0, 0, 0], y: [0, 0, 0, 9] };
  const c: SecurePoint = { x: [4, 9, 9, 9], y: [9, 9, 9, 9] };
  assert.ok(compareSecurePoints(c, b) < 0 && compareSecurePoints(b, a) < 0 && compareSecurePoints(a, a) === 0);
});

test('line coefficients: the line through (P.y, v) and (conj P.y, conj v); denominators vanish only on it', () => {
  const p = oodPoint(5);
  const v = randomQM31(6);
  const alpha = randomQM31(7);
  const [a, b, c] = complexConjugateLineCoeffs(p, v, alpha);
  // α·(a·y + b) = α·c·v at y = P.y, and α·c·conj(v) at y = conj(P.y).
  assert.deepEqual(qm31.add(qm31.mul(a, p.y), b), qm31.mul(c, v));
  assert.deepEqual(qm31.add(qm31.mul(a, qm31.conj(p.y)), b), qm31.mul(c, qm31.conj(v)));
  assert.throws(() => complexConjugateLineCoeffs({ x: p.x, y: [1, 2, 0, 0] }, v, alpha), PcsError);
  // den(D) = (Pr.x − D.x)·Pi.y − (Pr.y − D.y)·Pi.x is never zero on a canonic domain for an OOD point.
  const d = canonicCoset(6).circleDomain;
  for (let i = 0; i < 64; i++) assert.ok(quotientDenominator(p, d.at(i)).some((x) => x !== 0));
});

// Columns of log size `s - B`, sampled at P and shifted points, some not sampled, one sampled twice at P.
function group(s: number, B: number, nCols: number, seed: number) {
  const p = oodPoint(seed);
  const coefficients = Array.from({ length: nCols }, (_, i) => randomM31(2 ** (s - B), seed * 100 + i));
  const offsets = [[0], [0, 1], [-1, 0, 2], [], [0, 0]];
  const samples: PointSample[][] = coefficients.map((c, i) =>
    offsets[i % offsets.length]!.map((k) => {
      const point = k === 0 ? p : shifted(p, s - B, k);
      return { point, value: jsBackend.evalAtSecurePoint(c, point) };
    }),
  );
  return { logSize: s, coefficients, samples };
}

test('prover quotient columns equal the verifier row formula at every domain point (JS and WASM)', () => {
  for (const [s, B, nCols] of [
    [3, 1, 2],
    [6, 1, 7],
    [9, 2, 5],
    [12, 1, 4], // large enough for the product-tree inversion and the SIMD paths
  ] as const) {
    const g = group(s, B, nCols, s);
    const beta = randomQM31(s + 50);
    const [colJs] = computeFriQuotients([g], beta, jsBackend);
    const [colWasm] = computeFriQuotients([g], beta, wasmBackend);
    assert.deepEqual(colWasm, colJs);
    const evals = g.coefficients.map((c) => evaluate(c, s, jsBackend));
    const batches = columnSampleBatches(g.samples);
    const constants = quotientConstants(batches, beta);
    const quotientAt = rowQuotients(batches, beta);
    const domain = canonicCoset(s).circleDomain;
    const rows = s >= 10 ? [0, 1, 2, 3, 511, 1000, 2 ** s - 1] : Array.from({ length: 2 ** s }, (_, i) => i);
    for (const r of rows) {
      const expected = accumulateRowQuotients(batches, constants, evals.map((e) => e[r]!), domain.at(bitReverseIndex(r, s)));
      assert.deepEqual([colJs![0][r], colJs![1][r], colJs![2][r], colJs![3][r]], expected, `s=${s} row ${r}`);
      assert.deepEqual(quotientAt(evals.map((e) => e[r]!), domain.at(bitReverseIndex(r, s))), expected, `fast row formula, s=${s} row ${r}`);
    }
  }
});

test('honest samples give low-degree quotients; a wrong value does not', () => {
  const s = 8;
  const B = 1;
  const g = group(s, B, 5, 3);
  const beta = randomQM31(4);
  const isLowDegree = (col: readonly Uint32Array[]) =>
    col.every((coord) => {
      const coeffs = coord.slice();
      jsBackend.ifft(coeffs);
      // Quotients of FFT-space polynomials by a line stay in the FFT space of the same size.
      return coeffs.subarray(2 ** (s - B)).every((x) => x === 0);
    });
  assert.ok(isLowDegree(computeFriQuotients([g], beta, wasmBackend)[0]!));
  const bad = { ...g, samples: g.samples.map((c, i) => (i === 1 ? [{ ...c[0]!, value: qm31.add(c[0]!.value, qm31.ONE) }, ...c.slice(1)] : c)) };
  assert.ok(!isLowDegree(computeFriQuotients([bad], beta, wasmBackend)[0]!));
  // No samples at all: the zero column.
  const none = computeFriQuotients([{ ...g, samples: g.samples.map(() => []) }], beta, wasmBackend)[0]!;
  assert.ok(none.every((c) => c.every((x) => x === 0)));
});

test('batch inversion by product tree equals Montgomery’s trick; a zero is reported', () => {
  for (const backend of [jsBackend, wasmBackend]) {
    for (const n of [1, 8, 256, 512, 4096]) {
      const v = randomM31(n, n).map((x) => x || 1);
      const inv = v.slice();
      batchInverse(inv, backend);
      assert.deepEqual(inv, m31.batchInverse(v));
    }
    const z = randomM31(1024, 5).map((x) => x || 1);
    z[700] = 0;
    assert.throws(() => batchInverse(z, backend));
  }
});

test('the fast row formula equals the reference for wide batches and extreme values (reductions every 32 columns)', () => {
  const s = 5;
  const domain = canonicCoset(s).circleDomain;
  const P = m31.P;
  for (const nCols of [1, 31, 32, 33, 64, 65, 200]) {
    const p = oodPoint(nCols);
    const q = oodPoint(nCols + 1000);
    // Two batches (two points); some columns sampled at both.
    const samples: PointSample[][] = Array.from({ length: nCols }, (_, i) => {
      const v = randomQM31(7 * nCols + i);
      return i % 3 === 0 ? [{ point: p, value: v }, { point: q, value: qm31.add(v, qm31.ONE) }] : [{ point: i % 2 ? p : q, value: v }];
    });
    const batches = columnSampleBatches(samples);
    const beta = randomQM31(nCols + 99);
    const constants = quotientConstants(batches, beta);
    const fast = rowQuotients(batches, beta);
    // Rows of random values, of all-maximal values (p − 1: the largest products) and of zeros.
    const rows = [Array.from(randomM31(nCols, nCols + 5)), new Array<number>(nCols).fill(P - 1), new Array<number>(nCols).fill(0)];
    for (const [k, row] of rows.entries()) {
      const d = domain.at(bitReverseIndex((3 * k + nCols) % 2 ** s, s));
      assert.deepEqual(fast(row, d), accumulateRowQuotients(batches, constants, row, d), `${nCols} columns, row kind ${k}`);
    }
  }
});
