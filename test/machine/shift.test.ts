/**
 * Shift (SLL, SRL, SRA, SLLI, SRLI, SRAI) in the machine AIR: honest runs over shift amounts 0, 1, 7, 8,
 * 15, 16, 31 and register amounts ≥ 32 (only the low 5 bits count), negative values for SRA, prove and
 * verify; forged results, wrong decompositions of the amount (a wrong k, a k outside the table, a q outside
 * U16), a forged sign bit and a non-canonical byte split are refused by the row-wise checker (naming exactly
 * the broken constraint, or leaving only the logUp sum off), by the prover's check and, forced, by the verifier.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWitness } from '../../src/air/index.js';
import { m31, qm31 } from '../../src/field/index.js';
import {
  starkStatement, statementOf,
  proveExecution,
  recountTables,
  REG_FINAL,
  SHIFT_AMOUNT,
  SHIFT_FAMILY,
  shiftBytes,
  toWitness,
  traceColumn,
  verifyExecution,
} from '../../src/machine/index.js';
import { traceFromPcs } from '../util/replay.js';
import type { MachineTrace } from '../../src/machine/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { program } from '../util/asm.js';
import { build, CFG, LOOSE, rejected, claimOf } from './helpers.js';

const T2 = 7;
const INT_MIN = 0x80000000;
const INT_MAX = 0x7fffffff;

/** RV32 semantics (u32 result); only the low 5 bits of the amount count. */
function ref(op: string, a: number, s: number): number {
  const sh = s & 31;
  const base = op.replace(/i$/, '');
  if (base === 'sll') return (a << sh) >>> 0;
  if (base === 'srl') return (a >>> 0) >>> sh;
  return (a >> sh) >>> 0;
}

const VALUES = [0, 1, -1, -5, INT_MIN, INT_MAX, 0x80000001, 0x12345678, 0x00ff8001, -0x12345678];
const AMOUNTS = [0, 1, 7, 8, 15, 16, 31];
/** Register amounts whose upper bits must be ignored. */
const BIG = [32, 33, 40, 63, 0x12340007, -1, -31, INT_MIN];

test('reference semantics of the test', () => {
  assert.equal(ref('sra', -8, 1), 0xfffffffc);
  assert.equal(ref('srl', -8, 33), 0x7ffffffc);
  assert.equal(ref('slli', 1, 31), INT_MIN);
});

test('every Shift opcode over amounts 0..31 and ≥ 32 proves and verifies', () => {
  let src = 'li a0, 0\n';
  let expect = 0;
  for (const op of ['sll', 'srl', 'sra']) {
    for (const a of VALUES) {
      for (const s of [...AMOUNTS, ...BIG]) {
        src += `li t0, ${a | 0}\nli t1, ${s | 0}\n${op} t2, t0, t1\nadd a0, a0, t2\nxori a0, a0, 0x5a5\n`;
        expect = ((expect + ref(op, a, s)) ^ 0x5a5) >>> 0;
      }
    }
    // rd = x0 discards the result; rd = rs1 = rs2 shifts a register by itself.
    src += `li t0, -29\n${op} zero, t0, t0\n${op} t0, t0, t0\nadd a0, a0, t0\n`;
    expect = (expect + ref(op, -29, -29)) >>> 0;
  }
  for (const op of ['slli', 'srli', 'srai']) {
    for (const a of VALUES) {
      for (const s of AMOUNTS) {
        src += `li t0, ${a | 0}\n${op} t2, t0, ${s}\nadd a0, a0, t2\nxori a0, a0, 0x5a5\n`;
        expect = ((expect + ref(op, a, s)) ^ 0x5a5) >>> 0;
      }
    }
  }
  src += 'li a7, 93\necall\n';
  const image = program(src);
  const { trace } = build(src);
  assert.equal(trace.exitCode, expect);
  const r = checkWitness(trace.air, toWitness(trace), { statement: starkStatement(statementOf(image, claimOf(trace.exitCode))) });
  assert.deepEqual(r.failures, []);
  assert.ok(qm31.isZero(r.logUpTotal));
  const { statement: claim, proof } = proveExecution(image, CFG);
  assert.equal(claim.exitCode >>> 0, expect);
  verifyExecution(image, claim, proof, CFG, LOOSE);
  assert.throws(() => verifyExecution(image, claimOf((expect + 1) | 0), proof, CFG, LOOSE));
});

type Col = (name: string) => Uint32Array;

/** The honest run of `src` re-traced with `edit` applied to the (single) Shift row and the tables recounted. */
function mutated(src: string, edit: (col: Col, reg: Col) => void): { image: ElfImage; t: MachineTrace } {
  const { image, pcs } = build(src);
  const t = traceFromPcs(image, pcs);
  edit(
    (name) => traceColumn(t, SHIFT_FAMILY, name),
    (name) => traceColumn(t, REG_FINAL, name),
  );
  recountTables(t);
  return { image, t };
}

/** `op t2, t0, <amount>` (register form through t1 unless op is an immediate form); t2 is read only by RegFinal. */
const ONE = (op: string, a: number, s: number) => {
  const imm = op.endsWith('i');
  return `li t0, ${a | 0}\n${imm ? '' : `li t1, ${s | 0}\n`}${op} t2, t0, ${imm ? s : 't1'}\nli a7, 93\necall`;
};

/**
 * Sets row 0 to a (possibly dishonest) decomposition: bit shift k, byte shift m, q, fill, with u, v filled
 * from the table's functions (raw values for k ≥ 8) and a recomputed the way the AIR does; RegFinal follows.
 */
function setShift(col: Col, reg: Col, k: number, m: number, q: number, fill: number): void {
  const right = col('is_srl')[0]! + col('is_sra')[0]! + col('is_srli')[0]! + col('is_srai')[0]! === 1;
  const b = (col('b_l')[0]! | (col('b_h')[0]! << 16)) >>> 0;
  col('k')[0] = k;
  col('q')[0] = q;
  for (let t = 0; t < 4; t++) col(`f${t}`)[0] = t === m ? 1 : 0;
  col('fill')[0] = fill;
  const u: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < 5; i++) {
    const x = i < 4 ? (b >>> (8 * i)) & 0xff : 255 * fill;
    // k = 8 (outside the table): the byte moves whole, as a shift by 8 would.
    const [ui, vi] = k < 8 ? shiftBytes(x, k, right) : right ? [0, x] : [0, x];
    u.push(ui);
    v.push(vi);
    col(`u${i}`)[0] = ui;
    col(`v${i}`)[0] = vi;
  }
  const r = (i: number) => (right ? (i <= 3 ? u[i]! + v[i + 1]! : 255 * fill) : i < 0 ? 0 : u[i]! + (i > 0 ? v[i - 1]! : 0));
  const byte = (j: number) => (right ? r(j + m) : j - m < 0 ? 0 : r(j - m));
  const l = byte(0) + 256 * byte(1);
  const h = byte(2) + 256 * byte(3);
  col('a_l')[0] = l;
  col('a_h')[0] = h;
  reg('v_l')[T2] = l;
  reg('v_h')[T2] = h;
}

const CASES: readonly (readonly [string, number, number])[] = [
  ['sll', 0x12345678, 9],
  ['srl', -1, 33],
  ['sra', INT_MIN, 17],
  ['slli', 0x00ff8001, 7],
  ['srli', 0x80000001, 24],
  ['srai', -5, 1],
];

test('Shift: forged results and wrong amount decompositions are rejected', () => {
  for (const [op, a, s] of CASES) {
    const honest = ref(op, a, s);
    const { trace } = build(ONE(op, a, s));
    assert.equal((traceColumn(trace, SHIFT_FAMILY, 'a_l')[0]! | (traceColumn(trace, SHIFT_FAMILY, 'a_h')[0]! << 16)) >>> 0, honest, op);
    const sh = s & 31;
    const [k, m, q] = [sh & 7, sh >>> 3, (s & 0xffff) >>> 5];
    const fill = op.startsWith('sra') ? a >>> 31 : 0;
    // (0) The honest decomposition through the test's own recomputation passes (the forgeries below use it).
    const same = mutated(ONE(op, a, s), (col, reg) => setShift(col, reg, k, m, q, fill));
    assert.deepEqual(checkWitness(same.t.air, toWitness(same.t), { statement: starkStatement(statementOf(same.image, claimOf(honest))) }).failures, []);
    // (1) The high half of the result changed (RegFinal follows): only that equation fails.
    const forged = mutated(ONE(op, a, s), (col, reg) => {
      const h = (col('a_h')[0]! ^ 0x8001) & 0xffff;
      col('a_h')[0] = h;
      reg('v_h')[T2] = h;
    });
    rejected(forged.image, forged.t, ['result high half: a.h = R2 + 2^8·R3']);
    // (2) Another bit shift, the rest consistent with it: only the amount equation fails.
    const wrongK = mutated(ONE(op, a, s), (col, reg) => setShift(col, reg, k ^ 1, m, q, fill));
    rejected(wrongK.image, wrongK.t, [SHIFT_AMOUNT]);
    // (3) Another byte shift: only the amount equation fails.
    const wrongM = mutated(ONE(op, a, s), (col, reg) => setShift(col, reg, k, (m + 1) & 3, q, fill));
    rejected(wrongM.image, wrongM.t, [SHIFT_AMOUNT]);
    // (4) Another amount s' with q = (c.l − s')/32 taken in the field: the equation holds, q leaves U16 (logUp).
    const fieldQ = mutated(ONE(op, a, s), (col, reg) => {
      const s2 = sh ^ 2;
      const q2 = m31.mul(m31.sub(s & 0xffff, s2), m31.inv(32));
      assert.ok(q2 >= 65536);
      setShift(col, reg, s2 & 7, s2 >>> 3, q2, fill);
    });
    rejected(fieldQ.image, fieldQ.t);
  }
  // (5) Amount 8 written as k = 8, m = 0: every constraint holds and the result is right, but no SHIFT row
  // has k = 8 (logUp).
  for (const op of ['sll', 'srl', 'sra']) {
    const k8 = mutated(ONE(op, 0x8123c5a7, 8), (col, reg) => setShift(col, reg, 8, 0, 0, op === 'sra' ? 1 : 0));
    assert.equal((traceColumn(k8.t, SHIFT_FAMILY, 'a_l')[0]! | (traceColumn(k8.t, SHIFT_FAMILY, 'a_h')[0]! << 16)) >>> 0, ref(op, 0x8123c5a7, 8));
    rejected(k8.image, k8.t);
  }
});

test('Shift: a forged sign bit and a non-canonical byte split are rejected', () => {
  // SRA/SRAI of a negative (and of a positive) value with sb flipped, fill and result following it:
  // every constraint holds, the sign lookup U16(b.h + 2^15 − 2^16·sb) is off (logUp).
  for (const [op, a, s] of [
    ['sra', -0x1000, 4],
    ['srai', INT_MIN, 31],
    ['sra', INT_MAX, 12],
  ] as const) {
    const sh = s & 31;
    const forged = mutated(ONE(op, a, s), (col, reg) => {
      const sb = 1 - col('sb')[0]!;
      col('sb')[0] = sb;
      setShift(col, reg, sh & 7, sh >>> 3, (s & 0xffff) >>> 5, sb);
      assert.notEqual((col('a_l')[0]! | (col('a_h')[0]! << 16)) >>> 0, ref(op, a, s), 'the flipped sign changes the result');
    });
    rejected(forged.image, forged.t);
  }
  // b.l = 0x300 split as b0 = 256, b1 = 2 (still b0 + 2^8·b1 = b.l), u0 and v0 set as if 256 shifted:
  // neither SHIFT lookup of the byte has a row (logUp).
  const split = mutated(ONE('slli', 0x00000300, 0), (col) => {
    col('b0')[0] = 256;
    col('u0')[0] = 256;
    col('u1')[0] = 2;
  });
  rejected(split.image, split.t);
});
