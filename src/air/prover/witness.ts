/**
 * Witnesses: the main-trace columns of every component, validated and brought into storage order.
 * @module
 */
import type { Air } from '../air.js';
import { rowOrderToStorage } from './domain-tables.js';
import { AirError } from '../errors.js';

/** Main trace columns per component (AIR order), each of length 2^logSize, canonical M31 values. */
export interface Witness {
  /** `components[c][j]` = main column j of component c. */
  readonly components: readonly (readonly Uint32Array[])[];
  /**
   * `row` (default): column[i] is row i. `storage`: already in bit-reversed circle-domain order
   * (column[bitrev(c2d(i))] is row i), which saves a permutation when the generator can write it directly.
   */
  readonly order?: 'row' | 'storage';
}

const P = 0x7fffffff;

/** Checks shapes and canonicity; returns every component's main columns in storage order (copies for row order). */
export function witnessToStorage(air: Air, witness: Witness): Uint32Array[][] {
  if (!witness || !Array.isArray(witness.components)) throw new AirError('INVALID_WITNESS', 'witness.components must be an array');
  if (witness.components.length !== air.components.length) {
    throw new AirError('INVALID_WITNESS', `witness has ${witness.components.length} components, the AIR ${air.components.length}`);
  }
  const order = witness.order ?? 'row';
  if (order !== 'row' && order !== 'storage') throw new AirError('INVALID_WITNESS', `unknown order ${String(order)}`);
  return air.components.map((c, ci) => {
    const cols = witness.components[ci]!;
    if (!Array.isArray(cols) || cols.length !== c.mainNames.length) {
      throw new AirError('INVALID_WITNESS', `component ${c.name}: ${Array.isArray(cols) ? cols.length : 'no'} main columns, expected ${c.mainNames.length}`);
    }
    const n = 2 ** c.logSize;
    return cols.map((col, j) => {
      if (!(col instanceof Uint32Array) || col.length !== n) {
        throw new AirError('INVALID_WITNESS', `component ${c.name} column ${c.mainNames[j]}: expected a Uint32Array of ${n} values`);
      }
      for (let i = 0; i < n; i++) {
        if (col[i]! >= P) throw new AirError('INVALID_WITNESS', `component ${c.name} column ${c.mainNames[j]} row ${i}: ${col[i]} is not canonical`);
      }
      return order === 'row' ? rowOrderToStorage(col, c.logSize) : col;
    });
  });
}

/** The preprocessed columns of an AIR in storage order (tree-0 order), validated. */
export function preprocessedToStorage(air: Air): Uint32Array[] {
  return air.preprocessed.map((p) => {
    const v = p.values();
    const n = 2 ** p.logSize;
    if (!(v instanceof Uint32Array) || v.length !== n) throw new AirError('INVALID_DESCRIPTION', `preprocessed column ${p.id}: expected ${n} values`);
    for (let i = 0; i < n; i++) {
      if (v[i]! >= P) throw new AirError('INVALID_DESCRIPTION', `preprocessed column ${p.id} row ${i}: ${v[i]} is not canonical`);
    }
    return rowOrderToStorage(v, p.logSize);
  });
}
