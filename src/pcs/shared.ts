/**
 * Shape checks and bookkeeping shared by the commitment-scheme prover and verifier (no prover code).
 * @module
 */
import type { SecurePoint } from '../circle/index.js';
import { m31 } from '../field/index.js';
import type { QM31 } from '../field/index.js';
import { PcsError } from './errors.js';
import type { PcsErrorCode } from './errors.js';

/** Throws {@link PcsError} (with `code`) unless `v` is a QM31 [a, b, c, d] with canonical coordinates. */
export function checkQM31(v: unknown, code: PcsErrorCode): asserts v is QM31 {
  if (!Array.isArray(v) || v.length !== 4 || !v.every((x) => m31.isCanonical(x as number))) {
    throw new PcsError(code, 'a value is not a QM31 [a, b, c, d] with canonical coordinates');
  }
}

/**
 * Checks that `samples` is tree → column → points with `nColumns[t]` columns in tree t, every point a
 * {x, y} of canonical QM31 coordinates.
 */
export function checkSamplesShape(samples: unknown, nColumns: readonly number[], code: PcsErrorCode): void {
  if (!Array.isArray(samples) || samples.length !== nColumns.length) {
    throw new PcsError(code, `samples must list ${nColumns.length} trees`);
  }
  samples.forEach((tree: unknown, t) => {
    if (!Array.isArray(tree) || tree.length !== nColumns[t]) throw new PcsError(code, `samples of tree ${t} must list ${nColumns[t]} columns`);
    tree.forEach((points: unknown, c) => {
      if (!Array.isArray(points)) throw new PcsError(code, `samples[${t}][${c}] must be an array of points`);
      for (const p of points as unknown[]) {
        if (p === null || typeof p !== 'object') throw new PcsError(code, `samples[${t}][${c}] holds a non-point`);
        checkQM31((p as SecurePoint).x, code);
        checkQM31((p as SecurePoint).y, code);
      }
    });
  });
}

/** All values, tree → column → point, as flat QM31 coordinates (the order they are mixed into the channel). */
export function flattenValues(values: readonly (readonly (readonly QM31[])[])[]): Uint32Array {
  const out: number[] = [];
  for (const tree of values) for (const col of tree) for (const v of col) out.push(v[0], v[1], v[2], v[3]);
  return Uint32Array.from(out);
}

/**
 * Groups all columns (flattened tree → column) by commitment log size, largest size first, keeping the
 * flattened order inside a group (Stwo sorts by size with a stable sort, then groups).
 */
export function groupBySize<T>(logSizes: readonly (readonly number[])[], item: (t: number, c: number) => T): { logSize: number; items: T[] }[] {
  const groups = new Map<number, T[]>();
  logSizes.forEach((tree, t) =>
    tree.forEach((s, c) => {
      let g = groups.get(s);
      if (!g) groups.set(s, (g = []));
      g.push(item(t, c));
    }),
  );
  return [...groups.entries()].sort((a, b) => b[0] - a[0]).map(([logSize, items]) => ({ logSize, items }));
}
