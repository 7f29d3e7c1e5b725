// Shared helpers for PCS tests: random trees, sample points with mask offsets, proof copies.
import { Blake2sChannel } from '../../src/channel/index.js';
import { canonicCoset, conjugate, pointMul, securePointAddM31, securePointFromT } from '../../src/circle/index.js';
import type { SecurePoint } from '../../src/circle/index.js';
import type { PcsProof } from '../../src/pcs/index.js';
import { copyFriProof } from '../fri/helpers.js';
import { randomM31, randomQM31 } from '../poly/helpers.js';

/** Trace columns (random values, hence random polynomials of full degree) of the given log sizes. */
export function randomTree(logSizes: readonly number[], seed: number): Uint32Array[] {
  return logSizes.map((s, i) => randomM31(2 ** s, seed * 1000 + i));
}

/** P + k·G_N for the trace step G_N of a column of log size `logSize` (negative k subtracts). */
export function shifted(p: SecurePoint, logSize: number, k: number): SecurePoint {
  const g = canonicCoset(logSize).step;
  return securePointAddM31(p, pointMul(k < 0 ? conjugate(g) : g, Math.abs(k)));
}

/** A random out-of-domain point (the stereographic image of a random QM31). */
export function oodPoint(seed: number): SecurePoint {
  return securePointFromT(randomQM31(seed));
}

/**
 * Sample points like an AIR's: per column, P shifted by its mask offsets. Column i of tree t gets offsets
 * `masks[(t + i) % masks.length]` (an empty list: the column is not sampled).
 */
export function maskSamples(trees: readonly (readonly number[])[], p: SecurePoint, masks: readonly (readonly number[])[]): SecurePoint[][][] {
  return trees.map((sizes, t) => sizes.map((s, i) => masks[(t + i) % masks.length]!.map((k) => (k === 0 ? p : shifted(p, s, k)))));
}

/** A deep, mutable copy of a PCS proof. */
export function copyPcsProof(p: PcsProof) {
  return {
    sampledValues: p.sampledValues.map((t) => t.map((c) => c.map((v) => [...v] as [number, number, number, number]))),
    decommitments: p.decommitments.map((d) => ({ hashWitness: d.hashWitness.slice(), columnWitness: d.columnWitness.slice() })),
    queriedValues: p.queriedValues.map((v) => v.slice()),
    powNonce: p.powNonce,
    friProof: copyFriProof(p.friProof),
  };
}

/** A channel with a statement mixed in. */
export function statementChannel(seed: number): Blake2sChannel {
  const c = new Blake2sChannel();
  c.mixU64(seed);
  return c;
}
