/**
 * Direct range bounds built from the 16-bit table, so that a bound on a column never leans on another
 * equation of the row.
 * @module
 */
import type { ComponentBuilder, Expr, ExprLike } from '../../air/verifier.js';
import { U16 } from '../relations.js';

/**
 * Bounds `x` below 2^bits (1 ≤ bits ≤ 16) as an integer: U16(x) and U16(x + 2^16 − 2^bits). The first
 * makes x an integer below 2^16; then x + 2^16 − 2^bits < 2^17 < p cannot wrap, and it is below 2^16
 * exactly when x < 2^bits. (A scaled check such as U16(2^(16−bits)·x) is not a bound: x = v·2^−(16−bits)
 * mod p passes it for every v, most of them huge.) Two lookups with multiplicity `m`.
 */
export function u16Below(b: ComponentBuilder, x: Expr, bits: number, m: ExprLike): void {
  if (!Number.isInteger(bits) || bits < 1 || bits > 16) throw new RangeError(`u16Below: bits must be an integer in [1, 16], got ${bits}`);
  b.use(U16, [x], m);
  if (bits < 16) b.use(U16, [x.add(2 ** 16 - 2 ** bits)], m);
}
