/**
 * The byte-product carry chain shared by Mul and DivRem (`docs/machine.md`, "Product chain"): proves
 *
 *   X·Y + A ≡ O  (mod 2^64)
 *
 * for 64-bit X, Y given as four bytes x0..x3, y0..y3 and a sign-extension bit each (bytes 4..7 are
 * 255·ext), and 64-bit A, O given as four 16-bit halves each. Byte products are used because products of
 * 16-bit limbs reach 2^32 > p; the chain itself runs over halves, so it has four carries, not eight:
 *
 *   t_k = Σ_{i+j=k, i,j<4} x_i·y_j + 255·x_ext·Σ_{j≤k−4} y_j + 255·y_ext·Σ_{i≤k−4} x_i      (k = 0..7)
 *   T_m = t_{2m} + 2^8·t_{2m+1}
 *   T_m + A_m + κ_{m−1} = O_m + 2^16·κ_m                                                    (m = 0..3, κ_{−1} = 0)
 *
 * Terms with i, j ≥ 4 would need k ≥ 8, so the two extension bits never multiply each other: with
 * ext bits of degree ≤ 2 (a flag times a sign bit) every chain equation has degree ≤ 3. Products beyond
 * byte 7 are multiples of 2^64 and are dropped, which is exactly the reduction mod 2^64.
 *
 * Bounds (R2, R3): every t_k ≤ 8·255², so T_m < 2^27 and the honest carries are < 2^11 (the all-255
 * case gives 2039 for Mul and at most 2040 with DivRem's addends). Every carry, the last one included, is
 * range-checked: κ_m is a column with a second column κl_m and the lookup
 * BYTE_PAIR(κl_m, (κ_m − κl_m)/8), which forces κ_m ≡ κl_m + 8·v for bytes κl_m, v, i.e. κ_m is an integer
 * in [0, 2295] (honest split κl = κ & 7, v = κ >> 3 ≤ 255). A U16 check alone would not do: 2^16·κ for
 * κ < 2^16 reaches 2^32 > p, so an equation could wrap; with κ < 2296 and halves, bytes canonical, both
 * sides of each equation stay below 2^28 and the equations hold over the integers. Their weighted sum
 * Σ 2^16m·(…) is then the 64-bit identity (κ_3 absorbs the multiple of 2^64).
 *
 * The caller must make the x_i, y_j bytes (lookups), the A_m and O_m canonical halves (or small fixed
 * multiples of 0xffff), and bound the extension bits to {0, 1}.
 *
 * Columns, in order: `k0..k3`, `kl0..kl3`. Constraints: the four chain equations ({@link chainLabel}).
 * Lookups: four BYTE_PAIR uses with multiplicity `m`. *
 * Soundness audit — Product chain (`product-chain.ts`), used by Mul and DivRem (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column / term | bound by | range | why the equations hold over the integers |
 * |---|---|---|---|
 * | x_i, y_j | the caller's byte lookups | bytes | |
 * | ext bits | the caller: flag × sign bit | {0, 1} | never multiplied together (i, j ≥ 4 would need k ≥ 8) |
 * | t_k | expression | ≤ (k + 1)·255² ≤ 8·255² | T_m = t_2m + 2^8·t_2m+1 ≤ 8·255²·257 < 2^27 |
 * | A_m | caller: canonical halves; DivRem's high A is 0xffff·(nr + o) ≤ 2·0xffff | < 2^17 | |
 * | O_m | caller: U16 halves (Mul); n's halves (canonical by b.G6) or 0xffff·nn (DivRem) | < 2^16 | |
 * | `k0..k3`, `kl0..kl3` | `product chain m: T_m + A_m + κ_m−1 = O_m + 2^16·κ_m`; BYTE_PAIR(κl_m, (κ_m − κl_m)/8) | κ_m = κl + 8v with bytes κl, v, so κ_m ∈ [0, 2295]. Honest carries are ≥ 0 and ≤ 2041 (floor divisions of non-negative sums) | left side < 2^27 + 2^17 + 2296 < 2^28, right side < 2^16 + 2^16·2295 < 2^28, both < p: each equation is an integer equation, and their 2^16m-weighted sum is X·Y + A = O + 2^64·κ_3. The split (κl, v) need not be κ & 7, but κ is pinned by the equation. The last carry is range-checked too |
 * @module
 */
import type { ComponentBuilder, Expr, ExprLike } from '../../air/verifier.js';
import { m31 } from '../../field/index.js';
import type { ColumnOf, RowColumns } from '../families/columns.js';
import { BYTE_PAIR } from '../relations.js';

/** The carry columns of the product chain: κ_i and its low three bits. */
export type ChainColumn = `k${0 | 1 | 2 | 3}` | `kl${0 | 1 | 2 | 3}`;

/** 1/8 in M31 (the high part of a carry split). */
const INV_8 = m31.inv(8);

/** Number of 16-bit halves (and carries) of the chain. */
export const CHAIN_HALVES = 4;

/** Label of chain equation m (the row checker reports it). */
export function chainLabel(m: number): string {
  return `product chain ${m}: T_${m} + A_${m} + κ_${m - 1} = O_${m} + 2^16·κ_${m}`;
}

/** Sum of expressions (a constant 0 for none). */
function sum(xs: readonly Expr[]): Expr | undefined {
  let s: Expr | undefined;
  for (const x of xs) s = s ? s.add(x) : x;
  return s;
}

/**
 * Declares the carries and the four chain equations for X·Y + A ≡ O (mod 2^64) (see the module comment):
 * `x`, `y` four byte expressions each (linear), `xExt`, `yExt` the extension bits (degree ≤ 2), `add` and
 * `out` four half expressions each (degree ≤ 3, used only in the equations), `m` the multiplicity of the
 * carry range lookups.
 */
export function productChain(
  b: ComponentBuilder,
  col: ColumnOf<ChainColumn>,
  x: readonly Expr[],
  y: readonly Expr[],
  xExt: Expr,
  yExt: Expr,
  add: readonly Expr[],
  out: readonly Expr[],
  m: ExprLike,
): void {
  const k = ([0, 1, 2, 3] as const).map((i) => col(`k${i}`));
  const kl = ([0, 1, 2, 3] as const).map((i) => col(`kl${i}`));
  const t = (n: number): Expr => {
    const terms: Expr[] = [];
    for (let i = 0; i < 4; i++) {
      const j = n - i;
      if (j >= 0 && j < 4) terms.push(x[i]!.mul(y[j]!));
    }
    if (n >= 4) {
      terms.push(xExt.mul(255).mul(sum(y.slice(0, n - 3))!));
      terms.push(yExt.mul(255).mul(sum(x.slice(0, n - 3))!));
    }
    return sum(terms)!;
  };
  for (let i = 0; i < CHAIN_HALVES; i++) {
    let lhs = t(2 * i).add(t(2 * i + 1).mul(256)).add(add[i]!);
    if (i > 0) lhs = lhs.add(k[i - 1]!);
    b.assertEq(lhs, out[i]!.add(k[i]!.mul(2 ** 16)), chainLabel(i));
  }
  for (let i = 0; i < CHAIN_HALVES; i++) b.use(BYTE_PAIR, [kl[i]!, k[i]!.sub(kl[i]!).mul(INV_8)], m);
}

/** The chain's t_k (k = 0..7) for byte values x, y and extension bits (integers; any values, for tests). */
export function chainTerms(x: readonly number[], y: readonly number[], xExt: number, yExt: number): number[] {
  const t: number[] = [];
  for (let n = 0; n < 8; n++) {
    let s = 0;
    for (let i = 0; i < 4; i++) {
      const j = n - i;
      if (j >= 0 && j < 4) s += x[i]! * y[j]!;
    }
    for (let i = 0; i <= n - 4; i++) s += 255 * xExt * y[i]! + 255 * yExt * x[i]!;
    t.push(s);
  }
  return t;
}

/**
 * The integer carries κ_0..κ_3 solving the chain for the given values (bytes, extension bits, addend and
 * output halves). Any integers are accepted (tests feed non-canonical splits); the carries are exact
 * integers when the values satisfy X·Y + A ≡ O (mod 2^64).
 */
export function chainCarries(
  x: readonly number[],
  y: readonly number[],
  xExt: number,
  yExt: number,
  add: readonly number[],
  out: readonly number[],
): number[] {
  const t = chainTerms(x, y, xExt, yExt);
  const k: number[] = [];
  let carry = 0;
  for (let i = 0; i < CHAIN_HALVES; i++) {
    carry = (t[2 * i]! + 256 * t[2 * i + 1]! + add[i]! + carry - out[i]!) / 2 ** 16;
    k.push(carry);
  }
  return k;
}

/** Field encoding of a small signed integer. */
const fe = (v: number): number => (v < 0 ? m31.P + v : v);

/** Writes carries κ (integers, honest split κl = κ & 7) into the columns k0..k3, kl0..kl3 of row `row`. */
export function fillChainCarries(F: RowColumns<ChainColumn>, row: number, carries: readonly number[]): void {
  for (let i = 0; i < CHAIN_HALVES; i++) {
    const c = carries[i]!;
    const j = i as 0 | 1 | 2 | 3;
    F[`k${j}`][row] = fe(c);
    F[`kl${j}`][row] = fe(c & 7);
  }
}
