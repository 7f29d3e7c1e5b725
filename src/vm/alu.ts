/**
 * 32-bit arithmetic helpers shared by the interpreter and the translated blocks. Values are JavaScript
 * int32 numbers (`x | 0`). The high-multiply helpers split operands into 16-bit halves so every partial
 * product stays exact in float64 — no BigInt.
 * @module
 */

/** High 32 bits of the unsigned 64-bit product of `a` and `b` (as int32). */
export function mulhu(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const m1 = ah * bl;
  const m2 = al * bh;
  const t = ((al * bl) >>> 16) + (m1 & 0xffff) + (m2 & 0xffff);
  return (ah * bh + Math.floor(m1 / 65536) + Math.floor(m2 / 65536) + Math.floor(t / 65536)) | 0;
}

/** High 32 bits of the signed 64-bit product (as int32). */
export function mulh(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

/** High 32 bits of signed `a` times unsigned `b` (as int32). */
export function mulhsu(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0)) | 0;
}

/** Signed division with RISC-V's results: x/0 = −1, −2^31/−1 = −2^31. */
export function div(a: number, b: number): number {
  if (b === 0) return -1;
  if (a === -0x80000000 && b === -1) return a;
  return (a / b) | 0; // exact: a truncated float quotient of two int32s never crosses an integer
}

/** Unsigned division with RISC-V's result x/0 = 2^32 − 1 (as int32). */
export function divu(a: number, b: number): number {
  if (b === 0) return -1;
  return ((a >>> 0) / (b >>> 0)) | 0;
}

/** Signed remainder with RISC-V's results: x%0 = x, −2^31%−1 = 0. */
export function rem(a: number, b: number): number {
  if (b === 0) return a;
  if (b === -1) return 0;
  return a % b | 0;
}

/** Unsigned remainder with RISC-V's result x%0 = x (as int32). */
export function remu(a: number, b: number): number {
  if (b === 0) return a;
  return (a >>> 0) % (b >>> 0) | 0;
}
