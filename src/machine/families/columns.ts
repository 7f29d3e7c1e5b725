/**
 * Typed main columns of a machine component. A component lists its column names once, as a `const` tuple;
 * its constraints read them through a {@link ColumnOf} and its row filling writes them through a
 * {@link RowColumns}, both keyed by that tuple's names, so a misspelled column is a compile error and the
 * column order (which fixes the committed trace) is the tuple's order.
 *
 * Gadgets (`../gadgets/`) state the columns they read as a union of names; TypeScript then checks that every
 * component using a gadget declares them (a `ColumnOf<All>` is a `ColumnOf<Sub>` exactly when Sub ⊆ All).
 * @module
 */
import type { ComponentBuilder, Expr } from '../../air/verifier.js';
import { MachineError } from '../errors.js';

/** Reads a declared main column of the component being described (at row offset 0). */
export type ColumnOf<C extends string> = (name: C) => Expr;

/** A component's main columns as arrays, one per name (row order; entries are canonical M31 values). */
export type RowColumns<C extends string> = { readonly [K in C]: Uint32Array };

/**
 * Declares `names` as the component's main columns, in order, and returns their reader.
 * @throws MachineError `INVALID_INPUT` for a repeated name (a description bug)
 */
export function declareColumns<C extends string>(b: ComponentBuilder, names: readonly C[]): ColumnOf<C> {
  const byName = new Map<string, Expr>();
  for (const n of names) {
    if (byName.has(n)) throw new MachineError('INVALID_INPUT', `column ${n} is declared twice`);
    byName.set(n, b.main(n));
  }
  return (name) => byName.get(name)!;
}

/** Names of the two timestamp-difference limbs of access `A` (see `gadgets/access.ts`). */
export type LimbColumns<A extends string> = `${A}.d0` | `${A}.d1`;

/**
 * The rows of one component while the witness is built: typed column arrays that grow (doubling) as rows are
 * added, and the count of rows used. The final arrays are padded with zero rows to a power of two, which every
 * component accepts as padding (its multiplicities carry `is_real`, see each family's comment).
 */
export class Rows<C extends string> {
  /** Rows used so far. */
  n = 0;
  private cap: number;
  /** The column arrays (replaced when the rows grow: read them after {@link add}). */
  cols: RowColumns<C>;

  /** @param names the component's column names @param capacity initial rows (a power of two avoids a copy) */
  constructor(readonly names: readonly C[], capacity: number) {
    this.cap = Math.max(1, capacity);
    this.cols = Object.fromEntries(names.map((n) => [n, new Uint32Array(this.cap)])) as RowColumns<C>;
  }

  /** Adds one zero row and returns its index. */
  add(): number {
    if (this.n === this.cap) {
      this.cap *= 2;
      const grown = {} as Record<C, Uint32Array>;
      for (const n of this.names) {
        const a = new Uint32Array(this.cap);
        a.set(this.cols[n]);
        grown[n] = a;
      }
      this.cols = grown;
    }
    return this.n++;
  }

  /** Makes every column exactly `size` rows (size ≥ n; the added rows are zero). */
  resize(size: number): void {
    if (size < this.n) throw new MachineError('INVALID_INPUT', `${this.n} rows do not fit ${size}`);
    if (size === this.cap) return;
    const out = {} as Record<C, Uint32Array>;
    for (const n of this.names) {
      const a = new Uint32Array(size);
      a.set(this.cols[n].subarray(0, Math.min(this.cap, size)));
      out[n] = a;
    }
    this.cols = out;
    this.cap = size;
  }

  /** The columns in declaration order. */
  columns(): Uint32Array[] {
    return this.names.map((n) => this.cols[n]);
  }
}
