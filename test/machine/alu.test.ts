/**
 * Compare (SLT, SLTU, SLTI, SLTIU) and Bitwise (AND, OR, XOR, ANDI, ORI, XORI) in the machine AIR: honest
 * runs of every opcode over edge operands (0, −1, INT_MIN, INT_MAX, equal, halves differing, rd = x0,
 * rd = rs1) prove and verify; for each opcode a forged result — and for Compare a flipped borrow or sign
 * bit, for Bitwise a forged AND byte or byte split — is refused by the row-wise checker (naming exactly the
 * broken constraint, or leaving only the logUp sum off), by the prover's check and, forced, by the verifier.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWitness } from '../../src/air/index.js';
import { m31, qm31 } from '../../src/field/index.js';
import {
  BITWISE,
  BORROW_CHAIN,
  COMPARE,
  starkStatement, statementOf,
  proveExecution,
  recountTables,
  REG_FINAL,
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

const REG_OPS = ['slt', 'sltu', 'and', 'or', 'xor'] as const;
const IMM_OPS = ['slti', 'sltiu', 'andi', 'ori', 'xori'] as const;
/** Register operand pairs: zeros, −1, signed/unsigned extremes both ways, equal, one half differing. */
const PAIRS: readonly (readonly [number, number])[] = [
  [0, 0],
  [-1, 0],
  [0, -1],
  [-1, -1],
  [INT_MIN, INT_MAX],
  [INT_MAX, INT_MIN],
  [INT_MIN, INT_MIN],
  [INT_MIN, 0],
  [0x12340001, 0x12350001],
  [0x00010005, 0x00010004],
  [0x0f0f55aa, 0x33cc0ff0],
];
/** Immediates (12-bit signed) against register values. */
const IMMS = [0, -1, 1, -2048, 2047, 0x5a5];
const VALUES = [0, -1, INT_MIN, INT_MAX, 0x5a5, 0x12340aa5, -2048];

/** RV32 semantics of the ten opcodes (u32 result). */
function ref(op: string, a: number, b: number): number {
  const [sa, sb, ua, ub] = [a | 0, b | 0, a >>> 0, b >>> 0];
  const base = ({ slti: 'slt', sltiu: 'sltu', andi: 'and', ori: 'or', xori: 'xor' } as Record<string, string>)[op] ?? op;
  const r: Record<string, number> = { slt: sa < sb ? 1 : 0, sltu: ua < ub ? 1 : 0, and: ua & ub, or: ua | ub, xor: ua ^ ub };
  return r[base]! >>> 0;
}

test('reference semantics of the test', () => {
  assert.equal(ref('sltiu', 5, -1), 1);
  assert.equal(ref('slti', 5, -1), 0);
  assert.equal(ref('xori', 0xff, -1), 0xffffff00);
});

test('every Compare and Bitwise opcode over edge operands proves and verifies', () => {
  let src = 'li a0, 0\n';
  let expect = 0;
  for (const op of REG_OPS) {
    for (const [a, b] of PAIRS) {
      src += `li t0, ${a | 0}\nli t1, ${b | 0}\n${op} t2, t0, t1\nadd a0, a0, t2\n`;
      expect = (expect + ref(op, a, b)) >>> 0;
    }
    // rd = x0 discards the result; rd = rs1 = rs2 compares a register with itself.
    src += `li t0, -5\n${op} zero, t0, t0\n${op} t0, t0, t0\nadd a0, a0, t0\n`;
    expect = (expect + ref(op, -5, -5)) >>> 0;
  }
  for (const op of IMM_OPS) {
    for (const a of VALUES) {
      for (const imm of IMMS) {
        src += `li t0, ${a | 0}\n${op} t2, t0, ${imm}\nadd a0, a0, t2\n`;
        expect = (expect + ref(op, a, imm)) >>> 0;
      }
    }
  }
  src += 'li a7, 93\necall\n';
  const image = program(src);
  const { trace } = build(src);
  assert.equal(trace.exitCode, expect);
  // Both comparison outcomes occur for each Compare kind (the witness builder checked every rd value against the executor).
  const w2 = traceColumn(trace, COMPARE, 'w2');
  const real = traceColumn(trace, COMPARE, 'is_real');
  const kinds = ['is_sltu', 'is_slti', 'is_sltiu'].map((f) => traceColumn(trace, COMPARE, f));
  for (let k = 0; k < 4; k++) {
    const rows = [...real.keys()].filter((r) => real[r] === 1 && (k === 0 ? kinds.every((f) => f[r] === 0) : kinds[k - 1]![r] === 1));
    assert.ok(rows.some((r) => w2[r] === 1) && rows.some((r) => w2[r] === 0), `compare kind ${k}`);
  }
  const r = checkWitness(trace.air, toWitness(trace), { statement: starkStatement(statementOf(image, claimOf(trace.exitCode))) });
  assert.deepEqual(r.failures, []);
  assert.ok(qm31.isZero(r.logUpTotal));
  const { statement: claim, proof } = proveExecution(image, CFG);
  assert.equal(claim.exitCode >>> 0, expect);
  verifyExecution(image, claim, proof, CFG, LOOSE);
  assert.throws(() => verifyExecution(image, claimOf((expect + 1) | 0), proof, CFG, LOOSE));
});

/** The honest run of `src` re-traced with `edit` applied and the tables recounted. */
function mutated(src: string, edit: (col: (comp: string, name: string) => Uint32Array) => void): { image: ElfImage; t: MachineTrace } {
  const { image, pcs } = build(src);
  const t = traceFromPcs(image, pcs);
  edit((comp, name) => traceColumn(t, comp, name));
  recountTables(t);
  return { image, t };
}

/** One instruction `op t2, t0, <second>` whose result lands in t2, which only RegFinal reads afterwards. */
const ONE = (op: string, a: number, second: number) => {
  const imm = IMM_OPS.includes(op as (typeof IMM_OPS)[number]);
  return `li t0, ${a | 0}\n${imm ? '' : `li t1, ${second | 0}\n`}${op} t2, t0, ${imm ? second : 't1'}\nli a7, 93\necall`;
};

/** Compare cases: (op, b, c) with the signed and unsigned order disagreeing or the operands equal. */
const CMP_CASES: readonly (readonly [string, number, number])[] = [
  ['slt', -1, 1],
  ['slt', INT_MAX, INT_MIN],
  ['sltu', -1, 1],
  ['sltu', 7, 7],
  ['slti', -5, 3],
  ['slti', INT_MIN, -2048],
  ['sltiu', 5, -1],
  ['sltiu', 0x12340000, 0],
];

test('Compare: a forged result, a flipped borrow and a flipped sign bit are rejected', () => {
  for (const [op, a, c] of CMP_CASES) {
    const honest = ref(op, a, c);
    const { trace } = build(ONE(op, a, c));
    assert.equal(traceColumn(trace, COMPARE, 'w2')[0], honest, `${op} ${a} ${c}`);
    // (1) The result flipped alone (RegFinal follows): only the borrow chain fails.
    const flipped = mutated(ONE(op, a, c), (col) => {
      col(COMPARE, 'w2')[0] = 1 - honest;
      col(REG_FINAL, 'v_l')[T2] = 1 - honest;
    });
    rejected(flipped.image, flipped.t, [BORROW_CHAIN]);
    // (2) The borrow flipped with d.h adjusted to keep the chain: d.h leaves U16 (only the logUp sum is off).
    const borrow = mutated(ONE(op, a, c), (col) => {
      col(COMPARE, 'w2')[0] = 1 - honest;
      col(COMPARE, 'd_h')[0] = honest ? m31.sub(col(COMPARE, 'd_h')[0]!, 65536) : m31.add(col(COMPARE, 'd_h')[0]!, 65536);
      col(REG_FINAL, 'v_l')[T2] = 1 - honest;
    });
    rejected(borrow.image, borrow.t);
  }
  // (3) Signed kinds: the sign bit of b (or of c) flipped, with w2 and d.h re-solved so that d.h stays in
  // U16: the result flips and only the sign lookup U16(x.h + 2^15 − 2^16·s) fails (logUp).
  for (const [op, a, c, bit] of [
    ['slt', -1, 1, 'sb'],
    ['slt', 1, -1, 'sc'],
    ['slti', INT_MIN, 0, 'sb'],
    ['slti', 3, -1, 'sc'],
  ] as const) {
    const honest = ref(op, a, c);
    const forged = mutated(ONE(op, a, c), (col) => {
      const s = col(COMPARE, bit);
      s[0] = 1 - s[0]!;
      const [bH, cH, sb, sc, w1] = ['b_h', 'c_h', 'sb', 'sc', 'w1'].map((n) => col(COMPARE, n)[0]!) as [number, number, number, number, number];
      const base = bH - cH - 65536 * (sb - sc) - w1;
      const w2 = base < 0 ? 1 : 0;
      assert.ok(base + 65536 * w2 >= 0 && base + 65536 * w2 < 65536);
      assert.equal(w2, 1 - honest, 'the flipped sign bit flips the result');
      col(COMPARE, 'w2')[0] = w2;
      col(COMPARE, 'd_h')[0] = base + 65536 * w2;
      col(REG_FINAL, 'v_l')[T2] = w2;
    });
    rejected(forged.image, forged.t);
  }
});

/** Bitwise cases: operands whose bytes mix 0, 0xff and alternating bits in both halves. */
const BIT_CASES: readonly (readonly [string, number, number])[] = [
  ['and', 0x0f0f55aa, 0x33cc0ff0],
  ['or', INT_MIN, INT_MAX],
  ['xor', -1, 0x12345678],
  ['andi', 0x12345678, -1],
  ['ori', 0x00ff00f0, 0x70f],
  ['xori', -1, -2048],
];

test('Bitwise: a forged result, a forged AND byte and a non-canonical byte split are rejected', () => {
  for (const [op, a, c] of BIT_CASES) {
    const honest = ref(op, a, c);
    const { trace } = build(ONE(op, a, c));
    assert.equal((traceColumn(trace, BITWISE, 'a_l')[0]! | (traceColumn(trace, BITWISE, 'a_h')[0]! << 16)) >>> 0, honest, op);
    // (1) The high half of the result changed (RegFinal follows): only that equation fails.
    const forged = mutated(ONE(op, a, c), (col) => {
      const h = (col(BITWISE, 'a_h')[0]! ^ 0x8001) & 0xffff;
      col(BITWISE, 'a_h')[0] = h;
      col(REG_FINAL, 'v_h')[T2] = h;
    });
    rejected(forged.image, forged.t, ['result high half: a.h = r2 + 2^8·r3']);
    // (2) n0 changed and a.l recomputed from it, so every constraint holds: the AND lookup is off (logUp).
    const andByte = mutated(ONE(op, a, c), (col) => {
      const n0 = col(BITWISE, 'n0')[0]!;
      const f = n0 ^ 1;
      // r0 moves by −1, +2 or +1 per unit of n0 for AND, XOR, OR: recompute a.l the way the AIR does.
      const k = op.startsWith('and') ? 1 : op.startsWith('xor') ? -2 : -1;
      const l = m31.add(col(BITWISE, 'a_l')[0]!, m31.reduce(k * (f - n0)));
      col(BITWISE, 'n0')[0] = f;
      col(BITWISE, 'a_l')[0] = l;
      col(REG_FINAL, 'v_l')[T2] = l;
    });
    rejected(andByte.image, andByte.t);
  }
  // (3) b.l = 0x300 split as b0 = 256, b1 = 2 (still b0 + 2^8·b1 = b.l): the result is unchanged, but
  // neither AND lookup of those bytes has a row (logUp).
  const split = mutated(ONE('and', 0x00000300, 0x00000100), (col) => {
    col(BITWISE, 'b0')[0] = col(BITWISE, 'b0')[0]! + 256;
  });
  rejected(split.image, split.t);
});
