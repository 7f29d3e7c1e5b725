/**
 * The plain-TypeScript backend: the reference semantics for every {@link PolyBackend} operation.
 * @module
 */
import { addColumns, m31, type QM31, type SecureColumn, mulColumns, mulColumnsM31, scaleColumn, secureColumn, subColumns } from '../../field/index.js';
import type { PolyBackend } from './backend.js';
import { evaluateAtSecurePoint } from './circle-poly.js';
import { PolyError } from '../errors.js';
import { fft, ifft } from '../fft.js';
import { foldCircleIntoLine, foldLine } from './fold.js';
import { getTwiddleTree } from '../twiddles.js';

function sameLength(columns: readonly Uint32Array[]): void {
  for (const c of columns) {
    if (c.length !== columns[0]!.length) throw new PolyError('columns of a batch must have the same length');
  }
}

/** Reference for {@link PolyBackend.accumulateLinearCombination}: one reduced multiply-add per term. */
export function accumulateLinearCombination(acc: SecureColumn, columns: readonly Uint32Array[], coeffs: readonly QM31[]): void {
  const n = acc[0].length;
  checkLinearCombination(n, columns, coeffs);
  for (let c = 0; c < columns.length; c++) {
    const col = columns[c]!;
    const k = coeffs[c]!;
    for (let j = 0; j < 4; j++) {
      const a = acc[j];
      const kj = k[j]!;
      for (let i = 0; i < n; i++) a[i] = m31.add(a[i]!, m31.mul(kj, col[i]!));
    }
  }
}

/** Argument checks shared by both backends' {@link PolyBackend.accumulateLinearCombination}. */
export function checkLinearCombination(n: number, columns: readonly Uint32Array[], coeffs: readonly QM31[]): void {
  if (columns.length !== coeffs.length)
    throw new PolyError(`accumulateLinearCombination: ${columns.length} columns but ${coeffs.length} coefficients`);
  if (columns.length > 1 << 24) throw new PolyError('accumulateLinearCombination: more than 2^24 columns');
  for (const c of columns) if (c.length !== n) throw new PolyError(`accumulateLinearCombination: column length ${c.length} != ${n}`);
}

const backend: PolyBackend = {
  name: 'js',
  precomputeTwiddles: (logSize: number) => void getTwiddleTree(logSize),
  alloc: (n: number) => new Uint32Array(n),
  allocSecure: (n: number) => secureColumn(n),
  free: () => {},
  fft: (values: Uint32Array) => fft(values),
  ifft: (values: Uint32Array) => ifft(values),
  fftColumns(columns: readonly Uint32Array[]) {
    sameLength(columns);
    for (const c of columns) fft(c);
  },
  ifftColumns(columns: readonly Uint32Array[]) {
    sameLength(columns);
    for (const c of columns) ifft(c);
  },
  addM31: (o, a, b) => void m31.addVec(o, a, b),
  subM31: (o, a, b) => void m31.subVec(o, a, b),
  mulM31: (o, a, b) => void m31.mulVec(o, a, b),
  scaleM31: (o, a, s) => void m31.scaleVec(o, a, s),
  addQM31: (o, a, b) => void addColumns(o, a, b),
  subQM31: (o, a, b) => void subColumns(o, a, b),
  mulQM31: (o, a, b) => void mulColumns(o, a, b),
  mulQM31ByM31: (o, a, m) => void mulColumnsM31(o, a, m),
  scaleQM31: (o, a, s) => void scaleColumn(o, a, s),
  accumulateLinearCombination,
  foldLine,
  foldCircleIntoLine,
  evalAtSecurePoint: evaluateAtSecurePoint,
};

/** The plain-TypeScript backend. */
export const jsBackend: PolyBackend = Object.freeze(backend);
