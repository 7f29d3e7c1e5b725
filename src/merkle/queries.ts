/**
 * Validation of query maps, shared by prover and verifier (browser-safe, no prover code).
 * @module
 */

import { MerkleError } from './errors.js';
import { MERKLE_MAX_LOG_SIZE, type QueriesPerLogSize } from './types.js';

/**
 * Checks a query map against the tree's largest log size and returns it as plain arrays.
 * Keys must be integers in [0, maxLogSize]; positions integers, strictly ascending, below 2^logSize.
 * @throws MerkleError `INVALID_INPUT` on any violation.
 */
export function normalizeQueries(queries: unknown, maxLogSize: number): Map<number, number[]> {
  if (!(queries instanceof Map)) throw new MerkleError('INVALID_INPUT', 'queries must be a Map from log size to positions');
  const out = new Map<number, number[]>();
  for (const [logSize, positions] of (queries as QueriesPerLogSize).entries()) {
    if (!Number.isInteger(logSize) || logSize < 0 || logSize > MERKLE_MAX_LOG_SIZE) {
      throw new MerkleError('INVALID_INPUT', `query log size ${String(logSize)} is not an integer in [0, ${MERKLE_MAX_LOG_SIZE}]`);
    }
    if (logSize > maxLogSize) {
      throw new MerkleError('INVALID_INPUT', `queries at log size ${logSize} exceed the tree's largest log size ${maxLogSize}`);
    }
    if (positions === null || typeof positions !== 'object' || typeof (positions as ArrayLike<number>).length !== 'number') {
      throw new MerkleError('INVALID_INPUT', `positions for log size ${logSize} are not an array`);
    }
    const n = (positions as ArrayLike<number>).length;
    const size = 2 ** logSize;
    if (!Number.isInteger(n) || n < 0 || n > size) {
      throw new MerkleError('INVALID_INPUT', `too many positions (${n}) for log size ${logSize}`);
    }
    const list = new Array<number>(n);
    let last = -1;
    for (let i = 0; i < n; i++) {
      const q = (positions as ArrayLike<number>)[i];
      if (typeof q !== 'number' || !Number.isInteger(q) || q < 0 || q >= size) {
        throw new MerkleError('INVALID_INPUT', `position ${String(q)} at log size ${logSize} is not an integer in [0, ${size})`);
      }
      if (q <= last) throw new MerkleError('INVALID_INPUT', `positions at log size ${logSize} are not strictly ascending`);
      list[i] = last = q;
    }
    if (n > 0) out.set(logSize, list);
  }
  return out;
}
