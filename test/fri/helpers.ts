// Shared helpers for FRI and PCS tests: low-degree columns, proof copies.
import { Blake2sChannel } from '../../src/channel/index.js';
import type { SecureColumn } from '../../src/field/index.js';
import type { FriLayerProof, FriProof } from '../../src/fri/index.js';
import { evaluate, jsBackend } from '../../src/poly/index.js';
import type { PolyBackend } from '../../src/poly/index.js';
import { randomM31 } from '../poly/helpers.js';

/** Coefficients of a random polynomial with exactly 2^logCoeffs coefficients (all non-zero at the top). */
export function randomCoeffs(logCoeffs: number, seed: number): Uint32Array {
  const c = randomM31(2 ** logCoeffs, seed);
  c[c.length - 1] = 1 + (seed % 1000); // the top coefficient is non-zero: the degree is exactly the bound
  return c;
}

/**
 * A secure column of bit-reversed evaluations on CanonicCoset(logSize) of a QM31 polynomial with
 * `extraCoeffs` more coefficients than 2^(logSize − logBlowup) (0: in the FRI degree bound).
 */
export function lowDegreeColumn(logSize: number, logBlowup: number, seed: number, extraCoeffs = 0, backend: PolyBackend = jsBackend): SecureColumn {
  const n = 2 ** (logSize - logBlowup);
  return [0, 1, 2, 3].map((k) => {
    const c = new Uint32Array(2 ** logSize);
    c.set(randomCoeffs(logSize - logBlowup, seed * 4 + k));
    for (let e = 0; e < extraCoeffs; e++) c[n + e] = 12345 + e + k; // a coefficient beyond the bound
    return evaluate(c, logSize, backend);
  }) as unknown as SecureColumn;
}

/** A channel with a seed mixed in. */
export function seededChannel(seed: number): Blake2sChannel {
  const c = new Blake2sChannel();
  c.mixU64(seed);
  return c;
}

/** Flat QM31 coordinates of `col` at `positions`. */
export function valuesAt(col: SecureColumn, positions: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(4 * positions.length);
  for (let i = 0; i < positions.length; i++) for (let k = 0; k < 4; k++) out[4 * i + k] = col[k]![positions[i]!]!;
  return out;
}

function copyLayer(l: FriLayerProof): FriLayerProof {
  return {
    friWitness: l.friWitness.slice(),
    commitment: l.commitment.slice(),
    decommitment: { hashWitness: l.decommitment.hashWitness.slice(), columnWitness: l.decommitment.columnWitness.slice() },
  };
}

/** A deep, mutable copy of a FRI proof. */
export function copyFriProof(p: FriProof): { firstLayer: FriLayerProof; innerLayers: FriLayerProof[]; lastLayerPoly: Uint32Array } {
  return { firstLayer: copyLayer(p.firstLayer), innerLayers: p.innerLayers.map(copyLayer), lastLayerPoly: p.lastLayerPoly.slice() };
}
