/**
 * The prover's DEEP quotients over whole commitment domains, on a {@link PolyBackend}.
 *
 * Same values as the row formula of `quotients.ts` at every domain point (field arithmetic is exact), but
 * computed with whole-column operations and two observations:
 * - a batch's numerator Σ_j β^(j+1)·(c·f_j(D) − a_j·D.y − b_j) is the evaluation at D of the polynomial
 *   F = Σ_j (β^(j+1)·c)·f_j − B − A·y (A = Σ β^(j+1)·a_j, B = Σ β^(j+1)·b_j; coefficient 0 multiplies 1
 *   and coefficient 1 multiplies y). It is combined from the columns' *coefficients* (2^B times fewer than
 *   evaluations) with the backend's `accumulateLinearCombination`, then evaluated with four FFTs, one per
 *   QM31 coordinate;
 *   With the columns' evaluations instead (what the PCS prover passes: it does not keep coefficients), the
 *   four FFTs transform only −B − A·y, and Σ_j (β^(j+1)·c)·f_j is accumulated over the evaluations
 *   (2^B times longer, but no per-column data is duplicated);
 * - the denominator (Pr.x − D.x)·Pi.y − (Pr.y − D.y)·Pi.x = K + Pi.x·y − Pi.y·x is a degree-1
 *   polynomial too (K = Pr.x·Pi.y − Pr.y·Pi.x): two FFTs give it on the whole domain. Its inverse is
 *   conj(den)/|den|², with the norms inverted by a product tree of vector multiplications.
 * @module
 */
import { m31, qm31, secureColumn } from '../../field/index.js';
import type { QM31, SecureColumn } from '../../field/index.js';
import type { PolyBackend } from '../../poly/prover/backend.js';
import { PcsError } from '../errors.js';
import { columnSampleBatches, denominatorConstant, quotientConstants } from '../quotients.js';
import type { ColumnSampleBatch, PointSample, QuotientConstants } from '../quotients.js';

/**
 * The columns of one commitment log size, with their samples. Give each column either as coefficients or
 * as its evaluations on the commitment domain (the PCS prover keeps only evaluations, to save memory).
 */
export interface QuotientSizeGroup {
  /** Commitment-domain log size s: the quotient column lives on `CanonicCoset(s)`. */
  readonly logSize: number;
  /** Coefficients (FFT basis) of each column, at most 2^s of them (used when `evaluations` is absent). */
  readonly coefficients?: readonly Uint32Array[];
  /** Bit-reversed evaluations of each column on `CanonicCoset(s)`, 2^s each (preferred over `coefficients`). */
  readonly evaluations?: readonly Uint32Array[];
  /** Per column, its samples. */
  readonly samples: readonly (readonly PointSample[])[];
}

/** Below this length, batch inversion runs Montgomery's trick in plain code (fewer, larger vector calls above). */
const SMALL_INVERSE = 256;

/**
 * One quotient column per group (bit-reversed evaluations on `CanonicCoset(logSize)`), for the random
 * coefficient β. Groups are handled in the order given (the PCS passes decreasing sizes).
 * @throws PcsError `INVALID_SAMPLE_POINT` for a degenerate sample point
 */
export function computeFriQuotients(groups: readonly QuotientSizeGroup[], randomCoeff: QM31, backend: PolyBackend): SecureColumn[] {
  return groups.map((g) => quotientColumn(g, randomCoeff, backend));
}

function quotientColumn(group: QuotientSizeGroup, randomCoeff: QM31, backend: PolyBackend): SecureColumn {
  const s = group.logSize;
  const n = 2 ** s;
  const batches = columnSampleBatches(group.samples);
  const constants = quotientConstants(batches, randomCoeff);
  const zero = backend.alloc(n);
  let acc: SecureColumn | undefined;
  try {
    for (let b = 0; b < batches.length; b++) {
      const num = batchNumeratorOverDenominator(group, batches[b]!, constants.lineCoeffs[b]!, zero, backend);
      if (acc === undefined) {
        acc = num;
      } else {
        try {
          backend.scaleQM31(acc, acc, constants.batchCoeffs[b]!);
          backend.addQM31(acc, acc, num);
        } finally {
          for (const a of num) backend.free(a);
        }
      }
    }
    // Copied out of backend memory (released below); no batches give the zero column.
    const out = secureColumn(n);
    if (acc !== undefined) for (let k = 0; k < 4; k++) out[k]!.set(acc[k]!);
    return out;
  } finally {
    backend.free(zero);
    if (acc !== undefined) for (const a of acc) backend.free(a);
  }
}

/** num(D)·den(D)⁻¹ of one batch on the whole domain, in four fresh backend arrays (the caller frees them). */
function batchNumeratorOverDenominator(
  group: QuotientSizeGroup,
  batch: ColumnSampleBatch,
  coeffs: QuotientConstants['lineCoeffs'][number],
  zero: Uint32Array,
  backend: PolyBackend,
): SecureColumn {
  const n = 2 ** group.logSize;
  const temps: Uint32Array[] = [];
  const alloc = (len: number): Uint32Array => {
    const a = backend.alloc(len);
    temps.push(a);
    return a;
  };
  const f = [backend.alloc(n), backend.alloc(n), backend.alloc(n), backend.alloc(n)] as const;
  try {
    // F = Σ_j c'_j·f_j, in coefficient space (one backend call per distinct coefficient count: in a PCS
    // all columns of one commitment size have the same one) or, from evaluations, on the domain.
    let sumA: QM31 = qm31.ZERO;
    let sumB: QM31 = qm31.ZERO;
    const fromEvaluations = group.evaluations !== undefined;
    const sources = group.evaluations ?? group.coefficients;
    if (sources === undefined) throw new PcsError('INVALID_INPUT', 'a quotient group needs coefficients or evaluations');
    const byLength = new Map<number, { columns: Uint32Array[]; coeffs: QM31[] }>();
    for (let j = 0; j < batch.columns.length; j++) {
      const src = sources[batch.columns[j]!];
      const [a, bb, c] = coeffs[j]!;
      sumA = qm31.add(sumA, a);
      sumB = qm31.add(sumB, bb);
      if (src === undefined) throw new PcsError('INVALID_INPUT', `a batch names column ${batch.columns[j]}, which the group lacks`);
      if (fromEvaluations ? src.length !== n : src.length > n) {
        throw new PcsError('INVALID_INPUT', `a column has ${src.length} ${fromEvaluations ? 'evaluations, not' : 'coefficients, more than'} 2^${group.logSize}`);
      }
      let g = byLength.get(src.length);
      if (!g) byLength.set(src.length, (g = { columns: [], coeffs: [] }));
      g.columns.push(src);
      g.coeffs.push(c);
    }
    const accumulate = (): void => {
      for (const [len, g] of byLength) {
        backend.accumulateLinearCombination(f.map((x) => x.subarray(0, len)) as unknown as SecureColumn, g.columns, g.coeffs);
      }
    };
    if (!fromEvaluations) accumulate();
    for (let k = 0; k < 4; k++) {
      f[k][0] = m31.sub(f[k][0]!, sumB[k]!);
      f[k][1] = m31.sub(f[k][1]!, sumA[k]!);
    }
    backend.fftColumns(f);
    if (fromEvaluations) accumulate();

    // den = K + Pi.x·y − Pi.y·x on the domain (coefficients of 1, y, x), then conj(den)·|den|⁻².
    const p = batch.point;
    const K = denominatorConstant(p);
    const re = alloc(n);
    const im = alloc(n);
    re[0] = K[0];
    re[1] = p.x[2];
    re[2] = m31.neg(p.y[2]);
    im[0] = K[1];
    im[1] = p.x[3];
    im[2] = m31.neg(p.y[3]);
    backend.fftColumns([re, im]);
    const norm = alloc(n);
    const imSq = alloc(n);
    backend.mulM31(norm, re, re);
    backend.mulM31(imSq, im, im);
    backend.addM31(norm, norm, imSq);
    try {
      batchInverse(norm, backend);
    } catch (e) {
      throw new PcsError('INVALID_SAMPLE_POINT', 'a domain point lies on the line through a sample point and its conjugate', { cause: e });
    }
    backend.subM31(im, zero, im);
    const num = f as unknown as SecureColumn;
    backend.mulQM31(num, num, [re, im, zero, zero]);
    backend.mulQM31ByM31(num, num, norm);
    return num;
  } catch (e) {
    for (const a of f) backend.free(a);
    throw e;
  } finally {
    for (const a of temps) backend.free(a);
  }
}

/**
 * Inverts `v` (power-of-two length, non-zero entries) in place with a product tree: (a, b) halves →
 * q = (a·b)⁻¹ recursively → a⁻¹ = q·b, b⁻¹ = q·a. About three vector multiplications per element, so
 * it runs at the backend's vector speed; the same values as Montgomery's trick (inverses are unique).
 * @throws FieldError on a zero entry
 */
export function batchInverse(v: Uint32Array, backend: PolyBackend): void {
  const n = v.length;
  if (n <= SMALL_INVERSE || (n & (n - 1)) !== 0) {
    m31.batchInverse(v, v);
    return;
  }
  const h = n / 2;
  const a = v.subarray(0, h);
  const b = v.subarray(h);
  const q = backend.alloc(h);
  const t = backend.alloc(h);
  try {
    backend.mulM31(q, a, b);
    batchInverse(q, backend);
    backend.mulM31(t, q, b);
    backend.mulM31(b, q, a);
    a.set(t);
  } finally {
    backend.free(q);
    backend.free(t);
  }
}
