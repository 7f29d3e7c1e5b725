/**
 * DEEP quotients (Stwo's `pcs/quotients.rs` and the CPU backend's row formula), the part shared by the
 * prover and the verifier: grouping samples into batches, the per-batch constants, and the quotient at
 * one domain point. Browser-safe, no prover code.
 *
 * For a column f and a sample (P, v), P = Pr + u·Pi with Pr, Pi ∈ CM31²:
 * - a = conj(v) − v, c = conj(P.y) − P.y, b = v·c − a·P.y: the line y ↦ (a·y + b)/c through (P.y, v)
 *   and (conj(P.y), conj(v)); for f with M31 coefficients f(conj P) = conj f(P), so one value fixes both;
 * - numerator at D ∈ C(M31): c·f(D) − (a·D.y + b); denominator: (Pr.x − D.x)·Pi.y − (Pr.y − D.y)·Pi.x
 *   ∈ CM31, zero exactly on the line through P and conj(P).
 * With one random coefficient β: columns of one commitment size are grouped by sample point into batches
 * (ordered by the point's value, columns in flattened tree → column order inside a batch); the j-th
 * column of a batch is weighted by β^(j+1); at each point
 *   acc ← acc·β^m + (Σ_j β^(j+1)·(c·f_j(D) − a_j·D.y − b_j)) · den(D)⁻¹   (m = the batch's size).
 * @module
 */
import { isOnSecureCircle } from '../circle/index.js';
import type { CirclePoint, SecurePoint } from '../circle/index.js';
import { cm31, qm31 } from '../field/index.js';
import type { CM31, QM31 } from '../field/index.js';
import { PcsError } from './errors.js';

/** A column's value at a point. */
export interface PointSample {
  readonly point: SecurePoint;
  readonly value: QM31;
}

/** The columns sampled at one point (Stwo's `ColumnSampleBatch`). */
export interface ColumnSampleBatch {
  /** The sample point. */
  readonly point: SecurePoint;
  /** Indices (into the size group's columns) of the sampled columns, in column order. */
  readonly columns: readonly number[];
  /** Their sampled values, in the same order. */
  readonly values: readonly QM31[];
}

/** Precomputed constants of a size group (Stwo's `QuotientConstants`). */
export interface QuotientConstants {
  /** Per batch, per column: (β^(j+1)·a, β^(j+1)·b, β^(j+1)·c). */
  readonly lineCoeffs: readonly (readonly (readonly [QM31, QM31, QM31])[])[];
  /** Per batch: β^m, m = the batch's column count. */
  readonly batchCoeffs: readonly QM31[];
}

/**
 * Orders points as Rust's derived `Ord` on `CirclePoint<QM31>`: x then y, each QM31 coordinatewise
 * (a, b, c, d) as integers. Returns < 0, 0, > 0.
 */
export function compareSecurePoints(p: SecurePoint, q: SecurePoint): number {
  for (let k = 0; k < 4; k++) if (p.x[k] !== q.x[k]) return p.x[k]! - q.x[k]!;
  for (let k = 0; k < 4; k++) if (p.y[k] !== q.y[k]) return p.y[k]! - q.y[k]!;
  return 0;
}

/**
 * Groups per-column samples by point (Stwo's `ColumnSampleBatch::new_vec`): one batch per distinct point,
 * batches ascending by {@link compareSecurePoints}, columns in index order within a batch (a column
 * sampled twice at the same point appears twice).
 */
export function columnSampleBatches(samples: readonly (readonly PointSample[])[]): ColumnSampleBatch[] {
  const byPoint = new Map<string, { point: SecurePoint; columns: number[]; values: QM31[] }>();
  // Columns share point objects (one OOD point and its shifts for thousands of columns): key each object once.
  const keys = new Map<SecurePoint, string>();
  const keyOf = (p: SecurePoint) => {
    let k = keys.get(p);
    if (k === undefined) keys.set(p, (k = `${p.x.join(',')};${p.y.join(',')}`));
    return k;
  };
  samples.forEach((colSamples, column) => {
    for (const s of colSamples) {
      const key = keyOf(s.point);
      let b = byPoint.get(key);
      if (!b) byPoint.set(key, (b = { point: s.point, columns: [], values: [] }));
      b.columns.push(column);
      b.values.push(s.value);
    }
  });
  return [...byPoint.values()].sort((a, b) => compareSecurePoints(a.point, b.point));
}

/**
 * Throws {@link PcsError} `INVALID_SAMPLE_POINT` unless P lies on the circle x² + y² = 1 (a polynomial's
 * value is only well defined there: the FFT basis is one representative modulo x² + y² − 1) and
 * P.y ≠ conj(P.y), i.e. the u-part of P.y is non-zero (otherwise P and conj(P) coincide in y and no line
 * through them is defined; on the circle this also keeps every denominator away from zero).
 */
export function checkSamplePoint(point: SecurePoint): void {
  if (!isOnSecureCircle(point)) throw new PcsError('INVALID_SAMPLE_POINT', 'the sample point is not on the circle');
  if (point.y[2] === 0 && point.y[3] === 0) {
    throw new PcsError('INVALID_SAMPLE_POINT', 'the sample point equals its complex conjugate in y (zero u-part)');
  }
}

/**
 * (α·a, α·b, α·c) for the line through (P.y, v) and (conj P.y, conj v) (Stwo's
 * `complex_conjugate_line_coeffs`).
 */
export function complexConjugateLineCoeffs(point: SecurePoint, value: QM31, alpha: QM31): [QM31, QM31, QM31] {
  checkSamplePoint(point);
  const a = qm31.sub(qm31.conj(value), value);
  const c = qm31.sub(qm31.conj(point.y), point.y);
  const b = qm31.sub(qm31.mul(value, c), qm31.mul(a, point.y));
  return [qm31.mul(alpha, a), qm31.mul(alpha, b), qm31.mul(alpha, c)];
}

/** The constants of {@link QuotientConstants} for `batches` and the random coefficient β. */
export function quotientConstants(batches: readonly ColumnSampleBatch[], randomCoeff: QM31): QuotientConstants {
  const lineCoeffs = batches.map((b) => {
    let alpha: QM31 = qm31.ONE;
    return b.values.map((v) => {
      alpha = qm31.mul(alpha, randomCoeff);
      return complexConjugateLineCoeffs(b.point, v, alpha);
    });
  });
  const batchCoeffs = batches.map((b) => qm31.pow(randomCoeff, b.columns.length));
  return { lineCoeffs, batchCoeffs };
}

/** Pr.x·Pi.y − Pr.y·Pi.x ∈ CM31: the constant term of the denominator as a polynomial in (D.x, D.y). */
export function denominatorConstant(p: SecurePoint): CM31 {
  return cm31.sub(cm31.mul([p.x[0], p.x[1]], [p.y[2], p.y[3]]), cm31.mul([p.y[0], p.y[1]], [p.x[2], p.x[3]]));
}

/** den(D) = (Pr.x − D.x)·Pi.y − (Pr.y − D.y)·Pi.x ∈ CM31 for D ∈ C(M31). */
export function quotientDenominator(p: SecurePoint, d: CirclePoint): CM31 {
  const prx: CM31 = [p.x[0], p.x[1]];
  const pry: CM31 = [p.y[0], p.y[1]];
  const pix: CM31 = [p.x[2], p.x[3]];
  const piy: CM31 = [p.y[2], p.y[3]];
  return cm31.sub(cm31.mul(cm31.sub(prx, [d.x, 0]), piy), cm31.mul(cm31.sub(pry, [d.y, 0]), pix));
}

/**
 * The combined quotient at one domain point (Stwo's `accumulate_row_quotients`); `row[i]` is the value
 * of the size group's column i at D.
 * @throws PcsError `INVALID_SAMPLE_POINT` when D lies on a sample point's conjugate line
 */
export function accumulateRowQuotients(
  batches: readonly ColumnSampleBatch[],
  constants: QuotientConstants,
  row: ArrayLike<number>,
  d: CirclePoint,
): QM31 {
  let acc: QM31 = qm31.ZERO;
  for (let b = 0; b < batches.length; b++) {
    const batch = batches[b]!;
    const coeffs = constants.lineCoeffs[b]!;
    let numerator: QM31 = qm31.ZERO;
    for (let j = 0; j < batch.columns.length; j++) {
      const [a, bb, c] = coeffs[j]!;
      const value = qm31.mulM31(c, row[batch.columns[j]!]!);
      const linear = qm31.add(qm31.mulM31(a, d.y), bb);
      numerator = qm31.add(numerator, qm31.sub(value, linear));
    }
    const den = quotientDenominator(batch.point, d);
    if (cm31.isZero(den)) throw new PcsError('INVALID_SAMPLE_POINT', 'a domain point lies on the line through a sample point and its conjugate');
    acc = qm31.add(qm31.mul(acc, constants.batchCoeffs[b]!), qm31.mulCM31(numerator, cm31.inv(den)));
  }
  return acc;
}

/** Columns summed between reductions in {@link rowQuotients} (each term < 2^47; 32 of them stay below 2^53). */
const TERMS_PER_REDUCTION = 32;

/**
 * The combined quotient at one domain point, as {@link accumulateRowQuotients} computes it, for many points
 * (the verifier's hot loop: every queried point of a size group). Same value, less work per column: in a batch
 * every column's line coefficients are its weight w_j = β^(j+1) times the batch's (a_j, b_j, c), and c depends
 * only on the point, so
 *   Σ_j (c_j·f_j − a_j·D.y − b_j) = c·Σ_j w_j·f_j − (A·D.y + B'),  A = Σ_j w_j·a_j,  B' = Σ_j w_j·b_j,
 * with A and B' computed once. Per column that leaves w_j·f_j (QM31 × M31), summed in plain doubles: f is split
 * into 16-bit halves, so each product is below 2^47 and 32 of them add up exactly before one `%` reduces them
 * (`%` on doubles is exact). No QM31 tuple is allocated per column.
 * @param batches the size group's batches ({@link columnSampleBatches})
 * @param randomCoeff β
 * @returns `(row, d) => quotient`, `row[i]` being the group's column i at the domain point d
 */
export function rowQuotients(batches: readonly ColumnSampleBatch[], randomCoeff: QM31): (row: ArrayLike<number>, d: CirclePoint) => QM31 {
  const prepared = batches.map((batch) => {
    checkSamplePoint(batch.point);
    const m = batch.columns.length;
    const weights = new Float64Array(4 * m);
    const c = qm31.sub(qm31.conj(batch.point.y), batch.point.y);
    let w: QM31 = qm31.ONE;
    let sumA: QM31 = qm31.ZERO;
    let sumB: QM31 = qm31.ZERO;
    for (let j = 0; j < m; j++) {
      w = qm31.mul(w, randomCoeff);
      weights.set(w, 4 * j);
      const [wa, wb] = complexConjugateLineCoeffs(batch.point, batch.values[j]!, w);
      sumA = qm31.add(sumA, wa);
      sumB = qm31.add(sumB, wb);
    }
    return { point: batch.point, columns: Int32Array.from(batch.columns), weights, c, sumA, sumB, batchCoeff: qm31.pow(randomCoeff, m) };
  });
  const P = 0x7fffffff;
  return (row, d) => {
    let acc: QM31 = qm31.ZERO;
    for (const b of prepared) {
      const { columns, weights } = b;
      let l0 = 0, l1 = 0, l2 = 0, l3 = 0, h0 = 0, h1 = 0, h2 = 0, h3 = 0;
      for (let j = 0; j < columns.length; j++) {
        const f = row[columns[j]!]!;
        const fl = f & 0xffff;
        const fh = f >>> 16;
        const o = 4 * j;
        const w0 = weights[o]!, w1 = weights[o + 1]!, w2 = weights[o + 2]!, w3 = weights[o + 3]!;
        l0 += w0 * fl; l1 += w1 * fl; l2 += w2 * fl; l3 += w3 * fl;
        h0 += w0 * fh; h1 += w1 * fh; h2 += w2 * fh; h3 += w3 * fh;
        if ((j + 1) % TERMS_PER_REDUCTION === 0) {
          l0 %= P; l1 %= P; l2 %= P; l3 %= P; h0 %= P; h1 %= P; h2 %= P; h3 %= P;
        }
      }
      const sum: QM31 = [
        (l0 + (h0 % P) * 65536) % P,
        (l1 + (h1 % P) * 65536) % P,
        (l2 + (h2 % P) * 65536) % P,
        (l3 + (h3 % P) * 65536) % P,
      ];
      const numerator = qm31.sub(qm31.mul(b.c, sum), qm31.add(qm31.mulM31(b.sumA, d.y), b.sumB));
      const den = quotientDenominator(b.point, d);
      if (cm31.isZero(den)) throw new PcsError('INVALID_SAMPLE_POINT', 'a domain point lies on the line through a sample point and its conjugate');
      acc = qm31.add(qm31.mul(acc, b.batchCoeff), qm31.mulCM31(numerator, cm31.inv(den)));
    }
    return acc;
  };
}
