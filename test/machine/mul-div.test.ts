/**
 * Mul (MUL, MULH, MULHSU, MULHU) and DivRem (DIV, DIVU, REM, REMU) in the machine AIR: every opcode over
 * edge operands (0, ±1, 2, INT_MIN, INT_MAX, mixed bytes, d = 0, INT_MIN / −1, n < d, every sign
 * combination, zero remainders, rd = x0, rd = rs1 = rs2) proves and verifies, with every written value
 * checked against the executor. Negatives, each refused by the row-wise checker (naming exactly the broken
 * constraint, or leaving only the logUp sum off), by the prover's check and — forced — by the verifier: per
 * opcode a changed result half, a carry moved with its limbs re-balanced, a non-canonical byte; for Mul a
 * forged sign bit and a free last carry; for DivRem q − 1 with r + d, wrong results for d = 0, wrong
 * overflow results, the overflow flag on another row, a remainder with the wrong sign.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWitness, interpret, MAIN_TREE } from '../../src/air/index.js';
import { m31, qm31 } from '../../src/field/index.js';
import {
  chainLabel,
  chainTerms,
  DIV_REM,
  DIV_REM_LABELS,
  fillDivRemRow,
  starkStatement, statementOf,
  MUL_FAMILY,
  proveExecution,
  recountTables,
  REG_FINAL,
  toWitness,
  traceColumn,
  verifyExecution,
  wordBytes,
} from '../../src/machine/index.js';
import { traceFromPcs } from '../util/replay.js';
import type { MachineTrace } from '../../src/machine/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { program } from '../util/asm.js';
import { build, CFG, LOOSE, rejected, claimOf } from './helpers.js';

const T2 = 7;
const INT_MIN = 0x80000000;
const INT_MAX = 0x7fffffff;
const P16 = 65536;

const MUL_OPS = ['mul', 'mulh', 'mulhsu', 'mulhu'] as const;
const DIV_OPS = ['div', 'divu', 'rem', 'remu'] as const;

/** RV32M semantics by BigInt (the test's own reference; the witness builder also checks the executor). */
function ref(op: string, x: number, y: number): number {
  const u = (v: number) => BigInt(v >>> 0);
  const s = (v: number) => BigInt(v | 0);
  const M32 = (1n << 32n) - 1n;
  const w = (v: bigint) => Number(v & M32);
  const hi = (v: bigint) => Number((v >> 32n) & M32);
  if (op === 'mul') return w(u(x) * u(y));
  if (op === 'mulh') return hi(s(x) * s(y));
  if (op === 'mulhsu') return hi(s(x) * u(y));
  if (op === 'mulhu') return hi(u(x) * u(y));
  const signed = op === 'div' || op === 'rem';
  const n = signed ? s(x) : u(x);
  const d = signed ? s(y) : u(y);
  const isDiv = op.startsWith('div');
  if (d === 0n) return isDiv ? 0xffffffff : x >>> 0;
  if (signed && n === -(1n << 31n) && d === -1n) return isDiv ? INT_MIN : 0;
  // BigInt division truncates toward zero, as RISC-V does.
  return w(isDiv ? n / d : n % d);
}

test('reference semantics of the test', () => {
  assert.equal(ref('mulh', -1, -1), 0);
  assert.equal(ref('mulhsu', -1, -1), 0xffffffff);
  assert.equal(ref('mulhu', -1, -1), 0xfffffffe);
  assert.equal(ref('div', -7, 2), (-3 >>> 0));
  assert.equal(ref('rem', -7, 2), (-1 >>> 0));
  assert.equal(ref('div', INT_MIN, -1), INT_MIN);
  assert.equal(ref('remu', 5, 0), 5);
});

/** Operands for every opcode: the edge values of both signs and mixed bytes. */
const VALUES = [0, 1, -1, 2, INT_MIN, INT_MAX, 0x12345678, 0xfedcba98, 0x00ff80ff, 0x80000001];
/** Extra division pairs: every sign combination, n < d, zero remainders, |n| = |d|. */
const DIV_PAIRS: readonly (readonly [number, number])[] = [
  [7, 2],
  [-7, 2],
  [7, -2],
  [-7, -2],
  [6, 3],
  [-6, 3],
  [6, -3],
  [-6, -3],
  [3, 7],
  [-3, 7],
  [3, -7],
  [1000000, 1000],
  [-0x12345678, 0x1234],
  [0x7fff0000, 0x10000],
  [INT_MIN, 2],
  [INT_MIN, INT_MIN],
  [INT_MAX, INT_MIN],
  [-5, -5],
  [-0x10000, 0x20000],
];

test('every Mul and DivRem opcode over edge operands proves and verifies', () => {
  let src = 'li a0, 0\n';
  let expect = 0;
  const one = (op: string, a: number, b: number) => {
    src += `li t0, ${a | 0}\nli t1, ${b | 0}\n${op} t2, t0, t1\nadd a0, a0, t2\nxori a0, a0, 0x5a5\n`;
    expect = ((expect + ref(op, a, b)) ^ 0x5a5) >>> 0;
  };
  for (const op of [...MUL_OPS, ...DIV_OPS]) {
    for (const a of VALUES) for (const b of VALUES) one(op, a, b);
    // rd = x0 discards the result; rd = rs1 = rs2 uses one register three times (for division t0 = 0 too).
    for (const v of [-5, 0]) {
      src += `li t0, ${v}\n${op} zero, t0, t0\n${op} t0, t0, t0\nadd a0, a0, t0\n`;
      expect = (expect + ref(op, v, v)) >>> 0;
    }
  }
  for (const op of DIV_OPS) for (const [a, b] of DIV_PAIRS) one(op, a, b);
  src += 'li a7, 93\necall\n';
  const image = program(src);
  // `build` replays the run and checks every written value against the executor's trace.
  const { trace } = build(src);
  assert.equal(trace.exitCode, expect);
  // The run covers division by zero, the signed overflow and all three low borrows of the bound.
  const col = (n: string) => traceColumn(trace, DIV_REM, n);
  const real = [...col('is_real').keys()].filter((r) => col('is_real')[r] === 1);
  assert.ok(real.some((r) => col('z')[r] === 1));
  assert.ok(real.some((r) => col('o')[r] === 1));
  for (const w of [0, 1, m31.P - 1]) assert.ok(real.some((r) => col('w1')[r] === w), `w1 = ${w}`);
  const r = checkWitness(trace.air, toWitness(trace), { statement: starkStatement(statementOf(image, claimOf(trace.exitCode))) });
  assert.deepEqual(r.failures, []);
  assert.ok(qm31.isZero(r.logUpTotal));
  const { statement: claim, proof } = proveExecution(image, CFG);
  assert.equal(claim.exitCode >>> 0, expect);
  verifyExecution(image, claim, proof, CFG, LOOSE);
  assert.throws(() => verifyExecution(image, claimOf((expect + 1) | 0), proof, CFG, LOOSE));
});

type Col = (name: string) => Uint32Array;

/** The honest run of `src` re-traced with `edit` applied to row 0 of `comp` and the tables recounted. */
function mutated(src: string, comp: string, edit: (col: Col, reg: Col) => void): { image: ElfImage; t: MachineTrace } {
  const { image, pcs } = build(src);
  const t = traceFromPcs(image, pcs);
  edit(
    (name) => traceColumn(t, comp, name),
    (name) => traceColumn(t, REG_FINAL, name),
  );
  recountTables(t);
  return { image, t };
}

/**
 * The range lookups (U16, BYTE_PAIR) of row 0 of `comp` whose tuple the table lacks, as `relation(values)`:
 * names exactly which check a logUp-only forgery trips.
 */
function offTable(t: MachineTrace, comp: string): string[] {
  const ci = t.air.components.findIndex((c) => c.name === comp);
  const c = t.air.components[ci]!;
  const main = t.columns[ci]!;
  const read = (tree: number, index: number) => {
    assert.equal(tree, MAIN_TREE);
    return qm31.fromM31(main[index]![0]!);
  };
  const out: string[] = [];
  for (const l of c.lookups) {
    if (l.relation.name !== 'u16' && l.relation.name !== 'byte_pair') continue;
    if (interpret(l.multiplicity, read, new Map())[0] === 0) continue;
    const v = l.values.map((e) => interpret(e, read, new Map())[0]);
    const bound = l.relation.name === 'u16' ? P16 : 256;
    if (v.some((x) => x >= bound)) out.push(`${l.relation.name}(${v.join(', ')})`);
  }
  return out;
}

/** Asserts that the only off-table range tuples of row 0 of `comp` are `expected`. */
function offOnly(t: MachineTrace, comp: string, expected: string[]): void {
  assert.deepEqual(offTable(t, comp), expected);
}

/** The carry range tuples BYTE_PAIR(κl_i, (κ_i − κl_i)/8) of row 0 of `comp` that the table lacks, by carry index. */
function carriesOff(t: MachineTrace, comp: string): Map<number, string> {
  const off = new Map<number, string>();
  for (let i = 0; i < 4; i++) {
    const k = traceColumn(t, comp, `k${i}`)[0]!;
    const kl = traceColumn(t, comp, `kl${i}`)[0]!;
    const v = m31.mul(m31.sub(k, kl), m31.inv(8));
    if (kl >= 256 || v >= 256) off.set(i, `byte_pair(${kl}, ${v})`);
  }
  return off;
}

/** Asserts that carry `first` is out of range and that out-of-range carries are the only off-table tuples (plus `more`). */
function onlyCarriesOff(t: MachineTrace, comp: string, first: number, more: string[] = []): void {
  const off = carriesOff(t, comp);
  assert.ok(off.has(first), `carry ${first} out of range`);
  offOnly(t, comp, [...off.values(), ...more]);
}

/** `op t2, t0, t1` on a, b; t2 is read only by RegFinal afterwards. */
const ONE = (op: string, a: number, b: number) => `li t0, ${a | 0}\nli t1, ${b | 0}\n${op} t2, t0, t1\nli a7, 93\necall`;

/** Row 0's written word (a_l, a_h), copied into RegFinal's t2. */
function followWritten(col: Col, reg: Col): void {
  reg('v_l')[T2] = col('a_l')[0]!;
  reg('v_h')[T2] = col('a_h')[0]!;
}

/**
 * Carries (field elements) solving the chain for arbitrary values: κ_m = (T_m + A_m + κ_{m−1} − O_m)/2^16
 * in M31 — in range only when the values satisfy the identity over the integers.
 */
function fieldCarries(x: number[], y: number[], xe: number, ye: number, add: number[], out: number[]): number[] {
  const t = chainTerms(x, y, xe, ye);
  const inv = m31.inv(P16);
  const k: number[] = [];
  let c = 0;
  for (let i = 0; i < 4; i++) {
    c = m31.mul(m31.add(m31.reduce(t[2 * i]! + 256 * t[2 * i + 1]! + add[i]! - out[i]!), c), inv);
    k.push(c);
  }
  return k;
}

/** Writes field carries with the split kl = κ & 7 (the honest one for in-range carries). */
function setCarries(col: Col, k: readonly number[]): void {
  for (let i = 0; i < 4; i++) {
    col(`k${i}`)[0] = k[i]!;
    col(`kl${i}`)[0] = k[i]! & 7;
  }
}

// ---------------------------------------------------------------------------------------------------- Mul

/** Per Mul opcode: operands with byte 1 ≠ 0 (for the byte split) and result halves leaving room for +1. */
const MUL_CASES: readonly (readonly [string, number, number])[] = [
  ['mul', 0x12345678, 0xfedcba98],
  ['mulh', -0x12345678, 0x7edc0a98],
  ['mulhsu', -0x00ff0101, 0xfedcba98],
  ['mulhu', 0xffff0101, 0x80000321],
];

/** Row 0's product halves L_0..L_3 as (column name, value): MUL writes the low word, MULH* the high one. */
function limbNames(op: string): string[] {
  return op === 'mul' ? ['a_l', 'a_h', 'x_l', 'x_h'] : ['x_l', 'x_h', 'a_l', 'a_h'];
}

test('Mul: a changed result, a moved carry, a non-canonical byte, a forged sign bit and a free last carry are rejected', () => {
  for (const [op, a, b] of MUL_CASES) {
    const honest = ref(op, a, b);
    const { trace } = build(ONE(op, a, b));
    assert.equal((traceColumn(trace, MUL_FAMILY, 'a_l')[0]! | (traceColumn(trace, MUL_FAMILY, 'a_h')[0]! << 16)) >>> 0, honest, op);
    const names = limbNames(op);
    // (1) The high half of the result changed (RegFinal follows): only the chain equation of that half fails.
    const forged = mutated(ONE(op, a, b), MUL_FAMILY, (col, reg) => {
      col('a_h')[0] = (col('a_h')[0]! ^ 0x8001) & 0xffff;
      followWritten(col, reg);
    });
    rejected(forged.image, forged.t, [chainLabel(op === 'mul' ? 1 : 3)]);
    // (2) κ_1 + 1 with L_1 − 2^16 and the next limb L_2 + 1: the product as an integer is unchanged and
    // every equation holds, but L_1 is no longer canonical (its U16 lookup fails: logUp).
    const moved = mutated(ONE(op, a, b), MUL_FAMILY, (col, reg) => {
      const k1 = col('k1')[0]! + 1;
      col('k1')[0] = k1;
      col('kl1')[0] = k1 & 7;
      col(names[1]!)[0] = m31.sub(col(names[1]!)[0]!, P16);
      assert.ok(col(names[2]!)[0]! < 0xffff);
      col(names[2]!)[0] = col(names[2]!)[0]! + 1;
      followWritten(col, reg);
    });
    rejected(moved.image, moved.t);
    offOnly(moved.t, MUL_FAMILY, [`u16(${traceColumn(moved.t, MUL_FAMILY, names[1]!)[0]})`]);
    // (3) b.l split as b0 + 256, b1 − 1 (still b0 + 2^8·b1 = b.l), carries re-solved (integers, in range):
    // the product is unchanged, only the byte-pair lookup of (b0, b1) fails (logUp).
    const split = mutated(ONE(op, a, b), MUL_FAMILY, (col) => {
      const bs = wordBytes(a >>> 0);
      const cs = wordBytes(b >>> 0);
      assert.ok(bs[1]! > 0);
      col('b0')[0] = bs[0]! + 256;
      const eb = op === 'mulh' || op === 'mulhsu' ? a >>> 31 : 0;
      const ec = op === 'mulh' ? b >>> 31 : 0;
      const out = names.map((n) => col(n)[0]!);
      const k = fieldCarries([bs[0]! + 256, bs[1]! - 1, bs[2]!, bs[3]!], cs, eb, ec, [0, 0, 0, 0], out);
      assert.ok(k.every((v) => v < 2048));
      setCarries(col, k);
    });
    rejected(split.image, split.t);
    offOnly(split.t, MUL_FAMILY, [`byte_pair(${(a & 0xff) + 256}, ${((a >>> 8) & 0xff) - 1})`]);
    // (4) The last carry free (rule R2, docs/machine.md "Words in a 31-bit field"): the top half of the product forged, κ_3 solved in the field.
    // Every equation holds; the carry's range lookup fails (logUp).
    const free = mutated(ONE(op, a, b), MUL_FAMILY, (col, reg) => {
      const bs = wordBytes(a >>> 0);
      const cs = wordBytes(b >>> 0);
      const eb = op === 'mulh' || op === 'mulhsu' ? a >>> 31 : 0;
      const ec = op === 'mulh' ? b >>> 31 : 0;
      col(names[3]!)[0] = (col(names[3]!)[0]! + 1) & 0xffff;
      const k = fieldCarries(bs, cs, eb, ec, [0, 0, 0, 0], names.map((n) => col(n)[0]!));
      assert.ok(k[3]! >= 2048);
      setCarries(col, k);
      followWritten(col, reg);
    });
    rejected(free.image, free.t);
    onlyCarriesOff(free.t, MUL_FAMILY, 3);
  }
  // (5) MULH/MULHSU with b's sign bit flipped and the product re-solved for the flipped extension (the
  // result changes, every equation holds): only the sign lookup BYTE_PAIR(2·b3 − 2^8·sb, …) fails (logUp).
  for (const [op, a, b, tuple] of [
    ['mulh', -3, 5, 'byte_pair(510, 0)'],
    ['mulhsu', 0x7fffffff, 0xffffffff, `byte_pair(${m31.P - 2}, 254)`],
  ] as const) {
    const sign = mutated(ONE(op, a, b), MUL_FAMILY, (col, reg) => {
      const sb = 1 - col('sb')[0]!;
      col('sb')[0] = sb;
      const eb = sb;
      const ec = op === 'mulh' ? b >>> 31 : 0;
      // The 64-bit product of the operands as the flipped sign bit reads them.
      const bv = BigInt(a >>> 0) - (eb ? 1n << 32n : 0n);
      const cv = BigInt(b >>> 0) - (ec ? 1n << 32n : 0n);
      const prod = BigInt.asUintN(64, bv * cv);
      const L = [0n, 16n, 32n, 48n].map((s) => Number((prod >> s) & 0xffffn));
      assert.notEqual(L[2]! + P16 * L[3]!, ref(op, a, b));
      const names = limbNames(op);
      names.forEach((n, i) => (col(n)[0] = L[i]!));
      setCarries(col, fieldCarries(wordBytes(a >>> 0), wordBytes(b >>> 0), eb, ec, [0, 0, 0, 0], L));
      followWritten(col, reg);
    });
    rejected(sign.image, sign.t);
    offOnly(sign.t, MUL_FAMILY, [tuple]);
  }
});

// ------------------------------------------------------------------------------------------------- DivRem

const L = DIV_REM_LABELS;

/**
 * Refills row 0 of DivRem for a forged quotient q and remainder r (everything derived from them the way the
 * honest builder does, RegFinal following the written word); then applies `after` and re-solves the carries
 * in the field when `fieldChain` (for values that break the identity over the integers).
 */
function forgeDiv(op: string, n: number, d: number, q: number, r: number, fieldChain = false, after?: (col: Col) => void) {
  return mutated(ONE(op, n, d), DIV_REM, (col, reg) => {
    const opcode = { div: 45, divu: 46, rem: 47, remu: 48 }[op]!;
    const F = new Proxy({} as Record<string, Uint32Array>, { get: (_, name: string) => col(name) });
    fillDivRemRow(F as unknown as Parameters<typeof fillDivRemRow>[0], 0, opcode, n >>> 0, d >>> 0, q >>> 0, r >>> 0);
    after?.(col);
    if (fieldChain) {
      const signed = op === 'div' || op === 'rem' ? 1 : 0;
      const [sb, sc, sq, sr, o] = ['sb', 'sc', 'sq', 'sr', 'o'].map((x) => col(x)[0]!) as [number, number, number, number, number];
      const top = 0xffff * (signed * sr + o);
      const nn = 0xffff * signed * sb;
      const k = fieldCarries(wordBytes(q >>> 0), wordBytes(d >>> 0), signed * sq, signed * sc, [r & 0xffff, r >>> 16, top, top], [n & 0xffff, (n >>> 16) & 0xffff, nn, nn]);
      setCarries(col, k);
    }
    followWritten(col, reg);
  });
}

/** Per DivRem opcode: remainders with both halves ≥ 1 (for the moved carry) and quotient byte 1 ≠ 0. */
const DIV_CASES: readonly (readonly [string, number, number])[] = [
  ['div', 0x7654321f, 0x123457],
  ['divu', 0xfedcba98, 0x23456],
  ['rem', -0x7654321f, -0x12345],
  ['remu', 0xfedcba98, 0x123457],
];

test('DivRem: a changed result, a moved carry and a non-canonical byte are rejected for every opcode', () => {
  for (const [op, n, d] of DIV_CASES) {
    const honest = ref(op, n, d);
    const { trace } = build(ONE(op, n, d));
    const tc = (x: string) => traceColumn(trace, DIV_REM, x)[0]!;
    assert.equal((tc('a_l') | (tc('a_h') << 16)) >>> 0, honest, op);
    const q = (tc('q_l') | (tc('q_h') << 16)) >>> 0;
    const r = (tc('r_l') | (tc('r_h') << 16)) >>> 0;
    assert.ok((r & 0xffff) > 0 && r >>> 16 > 0 && (r >>> 16) !== 0x8000 && ((q >>> 8) & 0xff) > 0, op);
    // (1) The high half of the written word changed (RegFinal follows): only its selection fails.
    const forged = mutated(ONE(op, n, d), DIV_REM, (col, reg) => {
      col('a_h')[0] = (col('a_h')[0]! ^ 0x8001) & 0xffff;
      followWritten(col, reg);
    });
    rejected(forged.image, forged.t, [L.WRITTEN_H]);
    // (2) κ_0 + 1 with r.l + 2^16 and the next limb r.h − 1 (r unchanged as an integer), the written word,
    // the bound columns (w1 kept) following: every constraint holds, U16(r.l) fails (logUp).
    const moved = mutated(ONE(op, n, d), DIV_REM, (col, reg) => {
      const k0 = col('k0')[0]! + 1;
      col('k0')[0] = k0;
      col('kl0')[0] = k0 & 7;
      const rl = col('r_l')[0]! + P16;
      const rh = col('r_h')[0]! - 1;
      col('r_l')[0] = rl;
      col('r_h')[0] = rh;
      if (op.startsWith('rem')) {
        col('a_l')[0] = rl;
        col('a_h')[0] = rh;
      }
      const signed = op === 'div' || op === 'rem' ? 1 : 0;
      const nr = signed * col('sr')[0]!;
      const nd = signed * col('sc')[0]!;
      const flip = (h: number, neg: number) => (neg ? 0xffff - h : h);
      // The bound as an integer is unchanged: the low borrow absorbs the ±2^16 of r.l.
      const v = flip(rl, nr) - flip(d & 0xffff, nd) + nr - nd;
      const w1 = v < 0 ? 1 : v >= P16 ? -1 : 0;
      assert.ok(v + P16 * w1 >= 0 && v + P16 * w1 < P16);
      col('w1')[0] = m31.reduce(w1);
      col('e_l')[0] = v + P16 * w1;
      col('e_h')[0] = m31.reduce(flip(rh, nr) - flip(d >>> 16, nd) - w1 + P16 * (1 - col('z')[0]!));
      followWritten(col, reg);
    });
    rejected(moved.image, moved.t);
    offOnly(moved.t, DIV_REM, [`u16(${(r & 0xffff) + P16})`]);
    // (3) q split as q0 + 256, q1 − 1 with the carries re-solved (integers): only the byte pair (q0, q1) fails.
    const split = mutated(ONE(op, n, d), DIV_REM, (col) => {
      const qs = wordBytes(q);
      col('q0')[0] = qs[0]! + 256;
      const signed = op === 'div' || op === 'rem' ? 1 : 0;
      const [sb, sc, sq, sr] = ['sb', 'sc', 'sq', 'sr'].map((x) => col(x)[0]!) as [number, number, number, number];
      const top = 0xffff * signed * sr;
      const nn = 0xffff * signed * sb;
      const k = fieldCarries([qs[0]! + 256, qs[1]! - 1, qs[2]!, qs[3]!], wordBytes(d >>> 0), signed * sq, signed * sc, [r & 0xffff, r >>> 16, top, top], [n & 0xffff, (n >>> 16) & 0xffff, nn, nn]);
      assert.ok(k.every((v) => v < 2048));
      setCarries(col, k);
    });
    rejected(split.image, split.t);
    offOnly(split.t, DIV_REM, [`byte_pair(${(q & 0xff) + 256}, ${((q >>> 8) & 0xff) - 1})`]);
    // (4) The same row re-filled from the honest q, r by the exported filler is accepted (the forgeries
    // below use it).
    const same = forgeDiv(op, n, d, q, r);
    assert.deepEqual(checkWitness(same.t.air, toWitness(same.t), { statement: starkStatement(statementOf(same.image, claimOf(honest))) }).failures, []);
  }
});

test('DivRem: a remainder not below the divisor, wrong results for d = 0 and for INT_MIN / −1, and a wrongly signed remainder are rejected', () => {
  // (1) q − 1 with r + d: the identity holds exactly, |r| ≥ |d| puts the bound's e_h out of U16 (logUp).
  for (const [op, n, d] of [
    ['divu', 100, 7],
    ['remu', 0xfffffff0, 3],
    ['div', -100, -7],
    ['rem', 100, 7],
    ['div', INT_MIN, -3],
  ] as const) {
    const { trace } = build(ONE(op, n, d));
    const q = (traceColumn(trace, DIV_REM, 'q_l')[0]! | (traceColumn(trace, DIV_REM, 'q_h')[0]! << 16)) >>> 0;
    const r = (traceColumn(trace, DIV_REM, 'r_l')[0]! | (traceColumn(trace, DIV_REM, 'r_h')[0]! << 16)) >>> 0;
    const f = forgeDiv(op, n, d, (q - 1) >>> 0, (r + d) >>> 0);
    rejected(f.image, f.t);
    const eH = traceColumn(f.t, DIV_REM, 'e_h')[0]!;
    assert.ok(eH >= P16);
    offOnly(f.t, DIV_REM, [`u16(${eH})`]);
  }
  // (2) Division by zero. With z = 1 a quotient other than all ones fails exactly its two constraints;
  // with z = 0 (any q, r = n satisfies the identity) the bound |r| < 0 fails (logUp); with z = 1 and
  // r ≠ n, the chain re-solved in the field leaves its carries out of range (logUp).
  for (const op of DIV_OPS) {
    const n = op === 'div' || op === 'rem' ? -12345 : 0x80001234;
    const wrongQ = forgeDiv(op, n, 0, 0x00050000, n);
    rejected(wrongQ.image, wrongQ.t, [L.ZERO_Q_L, L.ZERO_Q_H]);
    const noZ = forgeDiv(op, n, 0, 5, n, false, (col) => {
      col('z')[0] = 0;
      col('e_h')[0] = col('e_h')[0]! + P16;
    });
    rejected(noZ.image, noZ.t);
    offOnly(noZ.t, DIV_REM, [`u16(${traceColumn(noZ.t, DIV_REM, 'e_h')[0]})`]);
    const wrongR = forgeDiv(op, n, 0, 0xffffffff, n + 1, true);
    rejected(wrongR.image, wrongR.t);
    onlyCarriesOff(wrongR.t, DIV_REM, 0);
  }
  // (3) INT_MIN / −1. With o = 0 and the RISC-V results the high halves need the correction: carries solved
  // in the field leave their range (logUp). With o = 1, q = INT_MAX, r = −1 satisfies the low word, but
  // |r| < 1 fails (logUp). The flag on another row (0 / 4 = 2^30 − 2^32/4…): its conditions fail.
  for (const op of ['div', 'rem'] as const) {
    const noO = forgeDiv(op, INT_MIN, -1, INT_MIN, 0, true, (col) => {
      col('o')[0] = 0;
    });
    rejected(noO.image, noO.t);
    onlyCarriesOff(noO.t, DIV_REM, 2);
    const other = forgeDiv(op, INT_MIN, -1, INT_MAX, -1, true);
    rejected(other.image, other.t);
    onlyCarriesOff(other.t, DIV_REM, 2, [`u16(${P16})`]);
    // 0 = 2^30·4 − 2^32: the identity holds with the correction, the bound too (r = 0).
    const flag = forgeDiv(op, 0, 4, 2 ** 30, 0, true, (col) => {
      col('o')[0] = 1;
    });
    rejected(flag.image, flag.t, ['overflow: o·(n.h − 0x8000) = 0', 'overflow: o·(d.l − 0xffff) = 0', 'overflow: o·(d.h − 0xffff) = 0']);
  }
  // (4) A remainder with the wrong sign (identity and bound hold): only the sign rule fails.
  for (const [op, n, d, q, r, labels] of [
    ['rem', 7, 2, 4, -1, [L.SIGN_L, L.SIGN_H]],
    ['div', -7, 2, -4, 1, [L.SIGN_L]],
    ['rem', -7, -2, 4, 1, [L.SIGN_L]],
    ['div', 0x10000, -0x20000, -1, -0x10000, [L.SIGN_H]],
  ] as const) {
    const f = forgeDiv(op, n, d, q, r);
    rejected(f.image, f.t, [...labels]);
  }
});
