/**
 * Index tables the prover-side evaluators use (cached; all in bit-reversed storage order):
 * - row order ↔ storage order on a trace domain (row i is stored at bitrev(c2d(i)); `docs/stark.md`, "Trace rows
 *   and storage order"),
 * - the storage index of the row-offset neighbour, on the trace domain itself and on an evaluation domain
 *   `CanonicCoset(n + L)` (move offset·2^(L−1) inside the half, forwards in H, backwards in conj(H);
 *   `docs/stark.md`, "Constraints, composition and the degree bound"),
 * - 1/Z of the trace domain over an evaluation domain (2^L distinct values, bit-reversed, entry r >> n).
 * @module
 */
import {
  bitReverse,
  bitReverseIndex,
  canonicCoset,
  canonicVanishing,
  cosetIndexToStorageIndex,
} from '../../circle/index.js';
import { m31 } from '../../field/index.js';
import { AirError } from '../errors.js';

const cache = new Map<string, Int32Array | Uint32Array>();
/** Tables above this many entries are not cached (a cache of 2^20-entry tables would pin megabytes). */
const CACHE_LIMIT_ENTRIES = 1 << 22;
let cachedEntries = 0;

function cached<T extends Int32Array | Uint32Array>(key: string, make: () => T): T {
  const have = cache.get(key);
  if (have) return have as T;
  const t = make();
  if (cachedEntries + t.length <= CACHE_LIMIT_ENTRIES) {
    cache.set(key, t);
    cachedEntries += t.length;
  }
  return t;
}

function checkLog(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 30) throw new AirError('INVALID_WITNESS', `bad domain log size ${String(n)}`);
}

/** `t[i]` = storage index of row i on a trace domain of log size n. */
export function rowToStorageTable(logSize: number): Int32Array {
  checkLog(logSize);
  return cached(`r2s${logSize}`, () => {
    const t = new Int32Array(2 ** logSize);
    for (let i = 0; i < t.length; i++) t[i] = cosetIndexToStorageIndex(i, logSize);
    return t;
  });
}

/** Reorders a column from row order to storage order (new array). */
export function rowOrderToStorage(values: Uint32Array, logSize: number): Uint32Array {
  const t = rowToStorageTable(logSize);
  if (values.length !== t.length) throw new AirError('INVALID_WITNESS', `column of length ${values.length}, expected ${t.length}`);
  const out = new Uint32Array(t.length);
  for (let i = 0; i < t.length; i++) out[t[i]!] = values[i]!;
  return out;
}

/** Reorders a column from storage order to row order (new array). */
export function storageToRowOrder(values: Uint32Array, logSize: number): Uint32Array {
  const t = rowToStorageTable(logSize);
  if (values.length !== t.length) throw new AirError('INVALID_WITNESS', `column of length ${values.length}, expected ${t.length}`);
  const out = new Uint32Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = values[t[i]!]!;
  return out;
}

/** `t[r]` = storage index of the row `offset` rows after the row stored at r, on a trace domain of log size n (cyclic). */
export function traceOffsetTable(logSize: number, offset: number): Int32Array {
  checkLog(logSize);
  return cached(`to${logSize}:${offset}`, () => {
    const n = 2 ** logSize;
    const r2s = rowToStorageTable(logSize);
    const t = new Int32Array(n);
    for (let i = 0; i < n; i++) t[r2s[i]!] = r2s[(((i + offset) % n) + n) % n]!;
    return t;
  });
}

/** `t[r]` = storage index on `CanonicCoset(evalLogSize)` of P + offset·G_N for the point P stored at r (N = 2^traceLogSize). */
export function evalOffsetTable(traceLogSize: number, evalLogSize: number, offset: number): Int32Array {
  checkLog(traceLogSize);
  checkLog(evalLogSize);
  if (evalLogSize <= traceLogSize) throw new AirError('INVALID_WITNESS', 'evaluation domain must be larger than the trace domain');
  return cached(`eo${traceLogSize}:${evalLogSize}:${offset}`, () => {
    const size = 2 ** evalLogSize;
    const half = size / 2;
    const step = offset * 2 ** (evalLogSize - traceLogSize - 1);
    const t = new Int32Array(size);
    for (let r = 0; r < size; r++) {
      const d = bitReverseIndex(r, evalLogSize);
      const e = d < half ? (((d + step) % half) + half) % half : ((((d - half - step) % half) + half) % half) + half;
      t[r] = bitReverseIndex(e, evalLogSize);
    }
    return t;
  });
}

/**
 * 1/Z_H on `CanonicCoset(evalLogSize)` for the trace domain H of log size n: 2^L values (L = eval − n),
 * bit-reversed, so storage row r uses entry r >>> n.
 */
export function vanishingInverseTable(traceLogSize: number, evalLogSize: number): Uint32Array {
  checkLog(traceLogSize);
  checkLog(evalLogSize);
  if (evalLogSize <= traceLogSize) throw new AirError('INVALID_WITNESS', 'evaluation domain must be larger than the trace domain');
  return cached(`zi${traceLogSize}:${evalLogSize}`, () => {
    const dom = canonicCoset(evalLogSize).circleDomain;
    const z = new Uint32Array(2 ** (evalLogSize - traceLogSize));
    for (let i = 0; i < z.length; i++) z[i] = canonicVanishing(traceLogSize, dom.at(i));
    bitReverse(z);
    return m31.batchInverse(z);
  });
}
