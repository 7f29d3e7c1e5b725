/**
 * The verifier side of Stwo's mixed-size BLAKE2s Merkle commitment: replays the prover's decommitment walk
 * (see `prover/tree.ts`), recomputing the root from the queried values and the witness. Imports no prover code
 * and no WebAssembly (a verifier hashes only O(queries · log n) nodes); browser-safe.
 * @module
 */

import { hashNodeAt, HASH_BYTES, HASH_WORDS } from '../hash/node.js';
import { readWordLE } from '../hash/bytes.js';
import { MerkleError } from './errors.js';
import { normalizeQueries } from './queries.js';

/** A value for an error message; never throws (hostile input may have a throwing or non-callable toString). */
function show(x: unknown): string {
  try {
    return String(x);
  } catch {
    return typeof x;
  }
}
import { M31_P, MERKLE_MAX_LOG_SIZE, type MerkleDecommitment, type QueriesPerLogSize } from './types.js';

/**
 * Checks that `queriedValues` are the committed values at `queries` of the tree with root `root` whose
 * columns have log sizes `columnLogSizes` (any order; only the count per size matters).
 *
 * Rejects, with a {@link MerkleError} and never any other exception: malformed arguments
 * (`INVALID_INPUT`: wrong types, non-canonical values, unsorted or out-of-range positions, a hash witness
 * whose length is not a multiple of 32), missing items (`WITNESS_TOO_SHORT`, `TOO_FEW_QUERIED_VALUES`),
 * leftover items (`WITNESS_TOO_LONG`, `TOO_MANY_QUERIED_VALUES`), and a different root (`ROOT_MISMATCH`).
 * An empty query map opens nothing and is accepted when witness and values are empty as well. A tree with
 * no columns has the all-zero root and accepts only an empty opening.
 */
export function verifyMerkle(
  root: Uint8Array,
  columnLogSizes: readonly number[],
  queries: QueriesPerLogSize,
  queriedValues: ArrayLike<number>,
  decommitment: MerkleDecommitment,
): void {
  try {
    verifyUnchecked(root, columnLogSizes, queries, queriedValues, decommitment);
  } catch (e) {
    if (e instanceof MerkleError) throw e;
    // Explicit checks cover the inputs we know of; this keeps the contract for anything exotic
    // (getters that throw, proxies, revoked buffers).
    throw new MerkleError('INVALID_INPUT', `malformed decommitment (${e instanceof Error ? e.message : show(e)})`, { cause: e });
  }
}

/** Checks canonical M31 values; returns them as a Uint32Array (the array itself when it is one). */
function checkValues(values: unknown, what: string): Uint32Array {
  if (values instanceof Uint32Array) {
    for (let i = 0; i < values.length; i++) {
      if (values[i]! >= M31_P) throw new MerkleError('INVALID_INPUT', `${what}[${i}] = ${values[i]} is not a canonical M31 value`);
    }
    return values;
  }
  if (values === null || typeof values !== 'object' || typeof (values as ArrayLike<number>).length !== 'number') {
    throw new MerkleError('INVALID_INPUT', `${what} must be an array of M31 values`);
  }
  const v = values as ArrayLike<number>;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= M31_P) {
      throw new MerkleError('INVALID_INPUT', `${what}[${i}] = ${show(x)} is not a canonical M31 value`);
    }
  }
  return Uint32Array.from(v);
}

function verifyUnchecked(
  root: unknown,
  columnLogSizes: unknown,
  queries: unknown,
  queriedValuesIn: unknown,
  decommitment: unknown,
): void {
  if (!(root instanceof Uint8Array) || root.length !== HASH_BYTES) {
    throw new MerkleError('INVALID_INPUT', 'root must be a 32-byte Uint8Array');
  }
  if (!Array.isArray(columnLogSizes)) throw new MerkleError('INVALID_INPUT', 'columnLogSizes must be an array');
  const nColumnsAt = new Array<number>(MERKLE_MAX_LOG_SIZE + 1).fill(0);
  let maxLog = -1;
  for (const s of columnLogSizes as unknown[]) {
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > MERKLE_MAX_LOG_SIZE) {
      throw new MerkleError('INVALID_INPUT', `column log size ${show(s)} is not an integer in [0, ${MERKLE_MAX_LOG_SIZE}]`);
    }
    nColumnsAt[s]!++;
    maxLog = Math.max(maxLog, s);
  }
  if (decommitment === null || typeof decommitment !== 'object') {
    throw new MerkleError('INVALID_INPUT', 'decommitment must be an object');
  }
  const hashWitness = (decommitment as MerkleDecommitment).hashWitness;
  if (!(hashWitness instanceof Uint8Array) || hashWitness.length % HASH_BYTES !== 0) {
    throw new MerkleError('INVALID_INPUT', 'hashWitness must be a Uint8Array of 32-byte hashes');
  }
  const columnWitness = checkValues((decommitment as MerkleDecommitment).columnWitness, 'columnWitness');
  const queriedValues = checkValues(queriedValuesIn, 'queriedValues');
  // With no columns, the tree is one node with no children and no values: an all-zero root.
  const q = normalizeQueries(queries, Math.max(maxLog, 0));

  let hashPos = 0; // next unread byte of hashWitness
  let colPos = 0; // next unread columnWitness value
  let valPos = 0; // next unread queried value
  let prevNodes: number[] = [];
  let prevHashes = new Uint32Array(0);
  const children = new Uint32Array(2 * HASH_WORDS);

  const readWitnessHash = (dst: Uint32Array, off: number) => {
    if (hashPos + HASH_BYTES > hashWitness.length) throw new MerkleError('WITNESS_TOO_SHORT', 'hash witness exhausted');
    for (let w = 0; w < HASH_WORDS; w++) dst[off + w] = readWordLE(hashWitness, hashPos + 4 * w);
    hashPos += HASH_BYTES;
  };

  for (let k = Math.max(maxLog, 0); k >= 0; k--) {
    const nCols = nColumnsAt[k]!;
    const layerQueries = q.get(k) ?? [];
    const nodes: number[] = [];
    const hashes = new Uint32Array(HASH_WORDS * (prevNodes.length + layerQueries.length));
    let p = 0;
    let c = 0;
    while (p < prevNodes.length || c < layerQueries.length) {
      const fromPrev = p < prevNodes.length ? Math.floor(prevNodes[p]! / 2) : Infinity;
      const fromCols = c < layerQueries.length ? layerQueries[c]! : Infinity;
      const node = Math.min(fromPrev, fromCols);
      const hasChildren = k < maxLog;
      if (hasChildren) {
        if (p < prevNodes.length && prevNodes[p] === 2 * node) {
          children.set(prevHashes.subarray(HASH_WORDS * p, HASH_WORDS * (p + 1)), 0);
          p++;
        } else readWitnessHash(children, 0);
        if (p < prevNodes.length && prevNodes[p] === 2 * node + 1) {
          children.set(prevHashes.subarray(HASH_WORDS * p, HASH_WORDS * (p + 1)), HASH_WORDS);
          p++;
        } else readWitnessHash(children, HASH_WORDS);
      }
      const out = HASH_WORDS * nodes.length;
      if (fromCols === node) {
        c++;
        if (valPos + nCols > queriedValues.length) throw new MerkleError('TOO_FEW_QUERIED_VALUES', `queried values exhausted at layer ${k}`);
        hashNodeAt(hasChildren ? children : null, 0, queriedValues, valPos, nCols, hashes, out);
        valPos += nCols;
      } else {
        if (colPos + nCols > columnWitness.length) throw new MerkleError('WITNESS_TOO_SHORT', `column witness exhausted at layer ${k}`);
        hashNodeAt(hasChildren ? children : null, 0, columnWitness, colPos, nCols, hashes, out);
        colPos += nCols;
      }
      nodes.push(node);
    }
    prevNodes = nodes;
    prevHashes = hashes;
  }

  if (hashPos !== hashWitness.length) throw new MerkleError('WITNESS_TOO_LONG', `${(hashWitness.length - hashPos) / HASH_BYTES} unused witness hashes`);
  if (valPos !== queriedValues.length) throw new MerkleError('TOO_MANY_QUERIED_VALUES', `${queriedValues.length - valPos} unused queried values`);
  if (colPos !== columnWitness.length) throw new MerkleError('WITNESS_TOO_LONG', `${columnWitness.length - colPos} unused column witness values`);
  if (prevNodes.length === 0) {
    if (maxLog >= 0) return; // nothing was opened, nothing to check
    // No columns: the only valid root is the hash of an empty node (all zero).
    for (let i = 0; i < HASH_BYTES; i++) if (root[i] !== 0) throw new MerkleError('ROOT_MISMATCH', 'an empty tree has the all-zero root');
    return;
  }
  for (let w = 0; w < HASH_WORDS; w++) {
    if (prevHashes[w] !== readWordLE(root, 4 * w)) throw new MerkleError('ROOT_MISMATCH', 'recomputed root differs from the commitment');
  }
}
