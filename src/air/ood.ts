/**
 * The verifier's side of the AIR: the constraint combination at the out-of-domain point from sampled mask
 * values (the "DEEP-ALI" check), and the sample points every committed column is opened at (`docs/stark.md`,
 * "Constraints, composition and the degree bound" and "Out-of-domain sampling and DEEP quotients").
 * Browser-safe and free of prover code (no compiled kernels).
 * @module
 */
import { canonicCoset, canonicVanishingSecure, securePointAddM31, pointMul } from '../circle/index.js';
import type { SecurePoint } from '../circle/index.js';
import { qm31 } from '../field/index.js';
import type { QM31 } from '../field/index.js';
import type { Air } from './air.js';
import type { Component } from './component.js';
import { AirError } from './errors.js';
import { INTERACTION_TREE, MAIN_TREE, PREPROCESSED_TREE } from './expr.js';
import { interpretAll } from './interpret.js';
import type { CellReader } from './interpret.js';

/** Σ_g weights[g]·C_g over a component's constraints, with cells read from `read` (sampled values). */
export function constraintSumAt(c: Component, read: CellReader, params: ReadonlyMap<string, QM31>, weights: readonly QM31[]): QM31 {
  if (weights.length !== c.constraints.length) throw new AirError('EVALUATION_FAILED', 'one weight per constraint expected');
  const vals = interpretAll(c.constraints, read, params);
  let acc: QM31 = qm31.ZERO;
  for (let g = 0; g < vals.length; g++) acc = qm31.add(acc, qm31.mul(weights[g]!, vals[g]!));
  return acc;
}

/** The point P + offset·G_N (G_N the step of a trace domain of log size n). */
export function maskPoint(p: SecurePoint, logSize: number, offset: number): SecurePoint {
  return offset === 0 ? p : securePointAddM31(p, pointMul(canonicCoset(logSize).step, offset));
}

/**
 * Sample points of every committed column, tree → column → points, for the out-of-domain point `p`:
 * preprocessed columns at [P]; main and interaction columns at P + k·G_N for their mask offsets k (sorted
 * ascending; the four coordinate columns of a QM31 interaction column alike); the four composition
 * columns (tree 3) at [P].
 */
export function samplePoints(air: Air, p: SecurePoint): SecurePoint[][][] {
  const pre: SecurePoint[][] = air.preprocessed.map(() => [p]);
  const main: SecurePoint[][] = [];
  const inter: SecurePoint[][] = [];
  for (const c of air.components) {
    const pts = new Map<number, SecurePoint>();
    const at = (o: number): SecurePoint => {
      let q = pts.get(o);
      if (!q) {
        q = maskPoint(p, c.logSize, o);
        pts.set(o, q);
      }
      return q;
    };
    for (const offs of c.mainOffsets) main.push(offs.map(at));
    for (const offs of c.interactionOffsets) {
      const ps = offs.map(at);
      for (let k = 0; k < 4; k++) inter.push(ps);
    }
  }
  return [pre, main, inter, [[p], [p], [p], [p]]];
}

/**
 * Reads sampled values for component `ci`: `sampled` is tree → column → value per sample point (the
 * points of {@link samplePoints}); interaction cells recombine their four coordinates with (1, i, u, iu).
 */
export function sampledCellReader(air: Air, ci: number, sampled: readonly (readonly (readonly QM31[])[])[]): CellReader {
  const c = air.components[ci]!;
  const lay = air.layout[ci]!;
  const pick = (offsets: readonly number[], values: readonly QM31[] | undefined, offset: number): QM31 => {
    const j = offsets.indexOf(offset);
    const v = values?.[j];
    if (j < 0 || !v) throw new AirError('EVALUATION_FAILED', `no sampled value at offset ${offset}`);
    return v;
  };
  return (tree, index, offset) => {
    if (tree === PREPROCESSED_TREE) return pick([0], sampled[0]?.[lay.preprocessed[index]!], offset);
    if (tree === MAIN_TREE) return pick(c.mainOffsets[index]!, sampled[1]?.[lay.mainStart + index], offset);
    if (tree === INTERACTION_TREE) {
      const offs = c.interactionOffsets[index]!;
      const base = lay.interactionStart + 4 * index;
      const v = [0, 1, 2, 3].map((k) => pick(offs, sampled[2]?.[base + k], offset));
      return qm31.fromPartialEvals(v[0]!, v[1]!, v[2]!, v[3]!);
    }
    throw new AirError('EVALUATION_FAILED', `unknown tree ${tree}`);
  };
}

/** Z_H(P) of a component's trace domain; throws when it vanishes (P on the domain). */
export function vanishingAt(c: Component, p: SecurePoint): QM31 {
  const z = canonicVanishingSecure(c.logSize, p);
  if (qm31.isZero(z)) throw new AirError('EVALUATION_FAILED', `the sample point lies on the trace domain of ${c.name}`);
  return z;
}
